"""Generate synthetic Functions apps: mixed triggers, as Python v1 folders or one Python v2 script.

Both models describe the same functions (same names, triggers and settings), so their plans are equal and
their program times are comparable. Nothing here imports ``components``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

STORAGE = "DefaultEndpointsProtocol=https;AccountName=benchstore;AccountKey=ZmFrZQ==;EndpointSuffix=core.windows.net"
"""A well-formed storage connection string (the emulator's would be refused)."""

IMAGE = "registry.example.com/functions/bench@sha256:" + "ab" * 32
"""A prebuilt image pinned by digest, so no image is built and no warning is logged."""

SETTINGS = {
    "FUNCTIONS_WORKER_RUNTIME": "python",
    "AzureWebJobsStorage": STORAGE,
    "BlobStorage": STORAGE.replace("benchstore", "benchblobs"),
    "ServiceBusConnection": "Endpoint=sb://bench-bus.servicebus.windows.net/;SharedAccessKeyName=l;SharedAccessKey=ZmFrZQ==",
    "EventHubConnection": "Endpoint=sb://bench-hubs.servicebus.windows.net/;SharedAccessKeyName=l;SharedAccessKey=ZmFrZQ==",
    "KafkaBrokers": "kafka-0.kafka.svc:9092,kafka-1.kafka.svc:9092",
}
"""local.settings.json Values: every connection the generated triggers name."""

TRIGGERS = ("queue", "topic", "eventhub", "kafka", "blob", "timer", "http")
"""The trigger mix, assigned round-robin: function ``i`` gets ``TRIGGERS[i % 7]``."""

HOST = {"version": "2.0", "extensions": {"queues": {"batchSize": 16}, "serviceBus": {"maxConcurrentCalls": 8}}}


def function_name(index: int) -> str:
    """Name of the generated function ``index`` (e.g. ``F0003Kafka``)."""
    return f"F{index:04d}{TRIGGERS[index % len(TRIGGERS)].capitalize()}"


def v1_bindings(index: int) -> list[dict[str, object]]:
    """The function.json bindings of function ``index``."""
    kind = TRIGGERS[index % len(TRIGGERS)]
    triggers: dict[str, dict[str, object]] = {
        "queue": {
            "type": "queueTrigger",
            "name": "msg",
            "queueName": f"jobs-{index}",
            "connection": "AzureWebJobsStorage",
        },
        "topic": {
            "type": "serviceBusTrigger",
            "name": "msg",
            "topicName": f"events-{index}",
            "subscriptionName": "bench",
            "connection": "ServiceBusConnection",
        },
        "eventhub": {
            "type": "eventHubTrigger",
            "name": "event",
            "eventHubName": f"hub-{index}",
            "consumerGroup": "$Default",
            "connection": "EventHubConnection",
        },
        "kafka": {
            "type": "kafkaTrigger",
            "name": "event",
            "topic": f"clicks-{index}",
            "brokerList": "%KafkaBrokers%",
            "consumerGroup": f"group-{index}",
        },
        "blob": {
            "type": "blobTrigger",
            "name": "blob",
            "path": f"uploads-{index}/in/{{name}}",
            "connection": "BlobStorage",
        },
        "timer": {"type": "timerTrigger", "name": "timer", "schedule": "0 */5 * * * *"},
        "http": {
            "type": "httpTrigger",
            "name": "req",
            "authLevel": "function",
            "route": f"items/{index}",
            "methods": ["get", "post"],
        },
    }
    bindings = [{"direction": "in", **triggers[kind]}]
    if kind == "http":
        bindings.append({"type": "http", "direction": "out", "name": "$return"})
    return bindings


def v2_function(index: int) -> str:
    """The decorated function ``index`` of the generated ``function_app.py``."""
    kind = TRIGGERS[index % len(TRIGGERS)]
    decorator = {
        "queue": f'queue_trigger(arg_name="msg", queue_name="jobs-{index}", connection="AzureWebJobsStorage")',
        "topic": f'service_bus_topic_trigger(arg_name="msg", topic_name="events-{index}", subscription_name="bench", '
        'connection="ServiceBusConnection")',
        "eventhub": f'event_hub_message_trigger(arg_name="event", event_hub_name="hub-{index}", '
        'consumer_group="$Default", connection="EventHubConnection")',
        "kafka": f'kafka_trigger(arg_name="event", topic="clicks-{index}", broker_list="%KafkaBrokers%", '
        f'consumer_group="group-{index}")',
        "blob": f'blob_trigger(arg_name="blob", path="uploads-{index}/in/{{name}}", connection="BlobStorage")',
        "timer": 'timer_trigger(arg_name="timer", schedule="0 */5 * * * *")',
        "http": f'route(route="items/{index}", methods=["GET", "POST"])',
    }[kind]
    argument = {"queue": "msg", "topic": "msg", "eventhub": "event", "kafka": "event", "http": "req"}.get(kind, kind)
    return (
        f'@app.function_name(name="{function_name(index)}")\n'
        f"@app.{decorator}\n"
        f"def f{index:04d}({argument}):\n"
        f"    pass\n"
    )


def write_app(root: Path, functions: int, model: str) -> Path:
    """Write an app of ``functions`` functions in ``model`` (``v1`` or ``v2``) to ``root``; returns ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "host.json").write_text(json.dumps(HOST, indent=2))
    (root / "local.settings.json").write_text(json.dumps({"IsEncrypted": False, "Values": SETTINGS}, indent=2))
    if model == "v1":
        for index in range(functions):
            folder = root / function_name(index)
            folder.mkdir()
            document = {"scriptFile": "__init__.py", "bindings": v1_bindings(index)}
            (folder / "function.json").write_text(json.dumps(document, indent=2))
            (folder / "__init__.py").write_text("def main(*args):\n    pass\n")
    elif model == "v2":
        header = "import azure.functions as func\n\napp = func.FunctionApp(http_auth_level=func.AuthLevel.FUNCTION)\n"
        body = "\n\n".join(v2_function(index) for index in range(functions))
        (root / "function_app.py").write_text(header + "\n\n" + body)
    else:
        raise ValueError(f"unknown model {model!r}")
    return root


def write_dependency_folders(root: Path, files: int, fan_out: int = 10) -> int:
    """Fill ``root/node_modules`` and ``root/.venv`` with ``files`` small files in nested folders.

    Folders are ``fan_out`` wide and three levels deep (``pkgN/lib/subM``), like installed packages; each
    file looks like a module (.js under node_modules, .py and a stray function.json under .venv). Returns
    the number of files written.
    """
    written = 0
    per_tree = files // 2
    for tree, suffix in (("node_modules", ".js"), (".venv/lib/python3.11/site-packages", ".py")):
        count = 0
        package = 0
        while count < per_tree:
            for sub in range(fan_out):
                folder = root / tree / f"pkg{package:04d}" / "lib" / f"sub{sub}"
                os.makedirs(folder, exist_ok=True)
                for leaf in range(fan_out):
                    if count >= per_tree:
                        break
                    name = "function.json" if leaf == 0 and suffix == ".py" else f"m{leaf}{suffix}"
                    content = '{"bindings": []}' if name == "function.json" else "x = 1\n"
                    (folder / name).write_text(content)
                    count += 1
            package += 1
        written += count
    return written
