import logging

import azure.functions as func

logger = logging.getLogger(__name__)


def main(msg: func.QueueMessage) -> None:
    logger.info("Legacy job %s ignored", msg.id)
