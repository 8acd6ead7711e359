import logging

import azure.durable_functions as df
import azure.functions as func

logger = logging.getLogger(__name__)


async def main(req: func.HttpRequest, starter: str) -> func.HttpResponse:
    client = df.DurableOrchestrationClient(starter)
    instance_id = await client.start_new(req.route_params["functionName"])
    logger.info("Started orchestration with ID = '%s'.", instance_id)
    return client.create_check_status_response(req, instance_id)
