import logging

logger = logging.getLogger(__name__)


def main(entry: str) -> None:
    logger.info("Read entry from the 'events' stream: %s", entry)
