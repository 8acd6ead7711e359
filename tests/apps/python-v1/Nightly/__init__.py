import datetime
import logging

import azure.functions as func

logger = logging.getLogger(__name__)


def main(timer: func.TimerRequest) -> None:
    if timer.past_due:
        logger.warning("Nightly run is late")
    logger.info("Nightly run at %s", datetime.datetime.now(datetime.UTC).isoformat())
