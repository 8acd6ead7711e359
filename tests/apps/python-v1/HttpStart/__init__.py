import logging

import azure.functions as func

logger = logging.getLogger(__name__)


def main(req: func.HttpRequest) -> func.HttpResponse:
    name = req.params.get("name", "world")
    logger.info("HttpStart called for %s", name)
    return func.HttpResponse(f"Hello, {name}.", status_code=200)
