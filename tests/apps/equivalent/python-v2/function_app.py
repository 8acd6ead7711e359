"""The reference app of the cross-model test: the same functions in every programming model."""

import logging

import azure.functions as func

app = func.FunctionApp(http_auth_level=func.AuthLevel.FUNCTION)
logger = logging.getLogger(__name__)


@app.function_name(name="ProcessOrder")
@app.queue_trigger(arg_name="msg", queue_name="orders", connection="AzureWebJobsStorage")
def process_order(msg: func.QueueMessage) -> None:
    logger.info("order %s", msg.get_body())


@app.function_name(name="BillOrder")
@app.service_bus_topic_trigger(
    arg_name="event", topic_name="order-events", subscription_name="billing", connection="ServiceBusConnection"
)
def bill_order(event: func.ServiceBusMessage) -> None:
    logger.info("bill %s", event.message_id)


@app.function_name(name="IngestTelemetry")
@app.event_hub_message_trigger(
    arg_name="events",
    event_hub_name="telemetry",
    connection="EventHubConnection",
    consumer_group="$Default",
    cardinality=func.Cardinality.MANY,
)
def ingest_telemetry(events: list[func.EventHubEvent]) -> None:
    logger.info("%d events", len(events))


@app.function_name(name="ScoreClick")
@app.kafka_trigger(arg_name="click", topic="clicks", broker_list="%KafkaBrokers%", consumer_group="scorer")
def score_click(click: func.KafkaEvent) -> None:
    logger.info("click %s", click.offset)


@app.function_name(name="NightlyReport")
@app.timer_trigger(arg_name="timer", schedule="0 0 2 * * *")
def nightly_report(timer: func.TimerRequest) -> None:
    logger.info("report, past due: %s", timer.past_due)


@app.function_name(name="CreateOrder")
@app.route(route="orders", methods=["POST"])
def create_order(req: func.HttpRequest) -> func.HttpResponse:
    return func.HttpResponse(status_code=202)


@app.function_name(name="ProcessInvoice")
@app.blob_trigger(arg_name="blob", path="invoices/{name}", connection="AzureWebJobsStorage")
def process_invoice(blob: func.InputStream) -> None:
    logger.info("invoice %s", blob.name)
