"""Click scoring app: a second Python v2 app whose names differ from the usual ``app``/``func``/``bp``."""

import json
import logging

import azure.functions as af

from scoring import blueprint as scoring_functions

logger = logging.getLogger(__name__)

functions_app = af.FunctionApp(http_auth_level=af.AuthLevel.FUNCTION)
functions_app.register_blueprint(scoring_functions)


@functions_app.function_name(name="ClickStream")
@functions_app.kafka_trigger(
    arg_name="event",
    topic="clicks",
    broker_list="%Brokers%",
    consumer_group="clickstream",
    lag_threshold=500,
)
def click_stream(event: af.KafkaEvent) -> None:
    click = json.loads(event.get_body().decode("utf-8"))
    logger.info("Click on %s at offset %s", click.get("page", "?"), event.offset)


@functions_app.function_name(name="RunTask")
@functions_app.generic_trigger(
    arg_name="message",
    type="rabbitMQTrigger",
    queue_name="tasks",
    connection_string_setting="RabbitMQConnection",
)
def run_task(message: str) -> None:
    logger.info("Running task %s", message)


@functions_app.service_bus_queue_trigger(
    arg_name="msg",
    queue_name="%QueueName%",
    connection="ServiceBusConnection",
)
def settle_payment(msg: af.ServiceBusMessage) -> None:
    payment = json.loads(msg.get_body().decode("utf-8"))
    logger.info("Settling payment %s (message %s)", payment.get("id", "?"), msg.message_id)


@functions_app.function_name(name="SyncProducts")
@functions_app.cosmos_db_trigger(
    arg_name="documents",
    connection="CosmosConnection",
    database_name="catalog",
    container_name="products",
    lease_container_name="leases",
    create_lease_container_if_not_exists=True,
)
def sync_products(documents: af.DocumentList) -> None:
    logger.info("Syncing %d changed product(s)", len(documents))
