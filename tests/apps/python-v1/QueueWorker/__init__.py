import json
import logging

import azure.functions as func

logger = logging.getLogger(__name__)


def main(msg: func.QueueMessage) -> None:
    job = json.loads(msg.get_body().decode("utf-8"))
    logger.info("Running job %s (attempt %s)", job.get("id", "?"), msg.dequeue_count)
