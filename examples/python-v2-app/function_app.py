"""Orders service: takes orders over HTTP and processes them from queues, topics and timers.

Every trigger below is declared with literal decorator arguments, so functions-keda can read the
bindings statically (without importing this module) and give each function the right KEDA scaler.
"""

import json
import logging
import uuid
from datetime import UTC, datetime

import azure.functions as func

from blueprints.invoices import bp

logger = logging.getLogger(__name__)

app = func.FunctionApp(http_auth_level=func.AuthLevel.FUNCTION)
app.register_functions(bp)


@app.function_name(name="CreateOrder")
@app.route(route="orders", methods=["POST"])
@app.queue_output(arg_name="outbox", queue_name="orders", connection="AzureWebJobsStorage")
def create_order(req: func.HttpRequest, outbox: func.Out[str]) -> func.HttpResponse:
    """Validate an order and hand it to the ``orders`` queue; answers 202 with the order id."""
    try:
        body = req.get_json()
    except ValueError:
        return func.HttpResponse("Request body must be JSON.", status_code=400)
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list) or not items:
        return func.HttpResponse("An order needs a non-empty 'items' list.", status_code=400)

    order = {
        "id": str(uuid.uuid4()),
        "customer": body.get("customer", "anonymous"),
        "items": items,
        "receivedAt": datetime.now(UTC).isoformat(),
    }
    outbox.set(json.dumps(order))
    logger.info("Accepted order %s with %d item(s)", order["id"], len(items))
    return func.HttpResponse(
        json.dumps({"id": order["id"], "status": "accepted"}),
        status_code=202,
        mimetype="application/json",
    )


@app.function_name(name="ProcessOrder")
@app.queue_trigger(arg_name="msg", queue_name="orders", connection="AzureWebJobsStorage")
def process_order(msg: func.QueueMessage) -> None:
    """Price an order taken from the ``orders`` storage queue."""
    order = json.loads(msg.get_body().decode("utf-8"))
    total = sum(float(item.get("unitPrice", 0)) * int(item.get("quantity", 1)) for item in order["items"])
    logger.info(
        "Processed order %s for %s: total %.2f (dequeue count %s)",
        order["id"],
        order.get("customer", "anonymous"),
        total,
        msg.dequeue_count,
    )


@app.function_name(name="BillOrderEvent")
@app.service_bus_topic_trigger(
    arg_name="event",
    topic_name="%OrderEventsTopic%",
    subscription_name="billing",
    connection="ServiceBusConnection",
)
def bill_order_event(event: func.ServiceBusMessage) -> None:
    """Record a billing entry for each order event published on the order-events topic."""
    payload = json.loads(event.get_body().decode("utf-8"))
    logger.info(
        "Billing %s for order %s (message %s, delivery %s)",
        event.subject or "order event",
        payload.get("orderId", "?"),
        event.message_id,
        event.delivery_count,
    )


@app.function_name(name="NightlyReport")
@app.timer_trigger(arg_name="timer", schedule="0 0 2 * * *", use_monitor=True)
def nightly_report(timer: func.TimerRequest) -> None:
    """Kick off the nightly order report at 02:00 UTC."""
    if timer.past_due:
        logger.warning("Nightly report is running late")
    logger.info("Nightly order report started at %s", datetime.now(UTC).isoformat())


@app.route(route="health", auth_level=func.AuthLevel.ANONYMOUS)
def health(req: func.HttpRequest) -> func.HttpResponse:
    """Liveness endpoint for probes and load balancers; needs no function key."""
    return func.HttpResponse(json.dumps({"status": "ok"}), mimetype="application/json")
