import logging

logger = logging.getLogger(__name__)


def main(entry: str) -> None:
    logger.info("Popped job from the 'jobs' list: %s", entry)
