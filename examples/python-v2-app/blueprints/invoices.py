"""Invoice intake and telemetry functions, registered on the app with ``app.register_functions(bp)``."""

import json
import logging

import azure.functions as func

logger = logging.getLogger(__name__)

bp = func.Blueprint()


@bp.function_name(name="ProcessInvoice")
@bp.blob_trigger(arg_name="invoice", path="invoices/{name}", connection="AzureWebJobsStorage")
def process_invoice(invoice: func.InputStream) -> None:
    """Log every invoice document uploaded to the ``invoices`` container."""
    content = invoice.read()
    logger.info("Received invoice %s (%d bytes)", invoice.name, len(content))


@bp.function_name(name="IngestTelemetry")
@bp.event_hub_message_trigger(
    arg_name="events",
    event_hub_name="telemetry",
    connection="EventHubConnection",
    cardinality="many",
)
def ingest_telemetry(events: list[func.EventHubEvent]) -> None:
    """Summarise a batch of device telemetry events from the ``telemetry`` event hub."""
    readings = [json.loads(event.get_body().decode("utf-8")) for event in events]
    devices = {reading.get("deviceId", "unknown") for reading in readings}
    logger.info("Ingested %d telemetry event(s) from %d device(s)", len(readings), len(devices))
