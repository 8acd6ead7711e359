"""Every bad input fails early with a message that says where, what and how to fix it.

Each row of :data:`ROWS` builds a small Functions app in ``tmp_path`` (a valid Python v1 HTTP app, overlaid with
the row's files) and the component arguments (a valid prebuilt image and storage connection, overlaid with the
row's arguments), runs the entry point the row names, and expects one :class:`FunctionsKedaError` whose message
holds the row's ``where``, ``bad`` and ``fix`` substrings.

The same rows prove that nothing is registered before the error, both for a bare ``FunctionApp`` and for the real
``__main__.py`` program, which validates the app before it installs KEDA.
"""

from __future__ import annotations

import json
import runpy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi_harness import Run, run_program

from components import FunctionApp, FunctionsKedaError, Keda
from components.arg_names import config_key
from components.names import MAX_NAME_LENGTH
from components.plan import plan_app

PROJECT_DIR = Path(__file__).resolve().parents[1]

STORAGE = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.windows.net"
EVENT_HUBS = "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=a2V5"
SERVICE_BUS = "Endpoint=sb://bus.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=a2V5"
RABBIT = "amqp://user:notapassword@rabbitmq.messaging.svc:5672/"
IMAGE = "example.azurecr.io/orders@sha256:" + "0" * 64
SECRET_KEY = "c2VjcmV0LWtleQ=="
"""An account key that must never appear in a message."""

DROP = object()
"""As a row's file or argument value: remove that file or argument from the valid base."""

HTTP_TRIGGER = {"type": "httpTrigger", "direction": "in", "name": "req", "authLevel": "anonymous", "methods": ["get"]}
HTTP_FUNCTION = {
    "scriptFile": "__init__.py",
    "bindings": [HTTP_TRIGGER, {"type": "http", "direction": "out", "name": "$return"}],
}

BASE_FILES: Mapping[str, str | dict[str, Any]] = {
    "host.json": {"version": "2.0"},
    "local.settings.json": {"IsEncrypted": False, "Values": {"FUNCTIONS_WORKER_RUNTIME": "python"}},
    "hello/function.json": HTTP_FUNCTION,
    "hello/__init__.py": "def main(req):\n    return 'hi'\n",
}
"""A valid Python v1 app with one HTTP function, ``hello``."""


class Later:
    """An argument built when the row runs (a Pulumi Output must not be created at collection time)."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def function(folder: str, trigger: str, **properties: Any) -> dict[str, str | dict[str, Any]]:
    """The files of a Python v1 function ``folder`` whose only binding is a ``trigger`` with ``properties``."""
    binding = {"type": trigger, "direction": "in", "name": "msg", **properties}
    return {
        f"{folder}/function.json": {"scriptFile": "__init__.py", "bindings": [binding]},
        f"{folder}/__init__.py": "def main(msg):\n    pass\n",
    }


def local_values(**values: Any) -> dict[str, Any]:
    """A local.settings.json whose Values are the base's plus ``values``."""
    return {"IsEncrypted": False, "Values": {"FUNCTIONS_WORKER_RUNTIME": "python", **values}}


def python_v2(*body: str) -> str:
    """A ``function_app.py`` declaring ``app``; ``body`` starts on line 5."""
    return "\n".join(
        [
            "import azure.functions as func",  # 1
            "",  # 2
            "app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)",  # 3
            "",  # 4
            *body,  # 5...
            "",
        ]
    )


def settings(**extra: Any) -> dict[str, Any]:
    """Stack settings: the valid storage connection plus ``extra`` (``DROP`` removes one)."""
    merged = {"AzureWebJobsStorage": STORAGE, **extra}
    return {key: value for key, value in merged.items() if value is not DROP}


@dataclass(frozen=True)
class Row:
    """One bad input and the message parts it must produce."""

    id: str
    where: str
    """Substring of the message's where part (``{app}`` stands for the app folder's absolute path)."""
    bad: str | tuple[str, ...]
    """Substring(s) of the message naming the bad value or field."""
    fix: str
    """Substring of the message's fix part."""
    files: Mapping[str, Any] = field(default_factory=dict)
    """Overlaid on :data:`BASE_FILES`; a dict is written as JSON, a string raw, ``DROP`` deletes the file."""
    args: Mapping[str, Any] = field(default_factory=dict)
    """Overlaid on the valid arguments; ``app_path`` is relative to ``tmp_path``, ``DROP`` removes a key."""
    target: str = "plan"
    """``plan`` (``plan_app``), ``function_app`` (``FunctionApp`` under mocks) or ``keda`` (``Keda`` under mocks)."""
    keda: Mapping[str, Any] = field(default_factory=dict)
    """Arguments of ``Keda`` for ``keda`` rows."""
    app_dir: str = "app"
    """Name of the app folder inside ``tmp_path``."""
    bug: str | None = None
    """Why the row fails today: it is then a strict xfail of the message test."""


def queue(folder: str = "orders", **properties: Any) -> dict[str, Any]:
    return function(folder, "queueTrigger", **{"queueName": "orders", **properties})


def event_hub(**properties: Any) -> dict[str, Any]:
    return function("orders", "eventHubTrigger", **{"connection": "EventHub", **properties})


def kafka(**properties: Any) -> dict[str, Any]:
    merged = {"brokerList": "kafka:9092", "topic": "clicks", "consumerGroup": "scoring", **properties}
    return function("clicks", "kafkaTrigger", **{k: v for k, v in merged.items() if v is not DROP})


TIMER = function("tick", "timerTrigger", schedule="0 */5 * * * *")

ORDERS = "function 'orders' (orders/function.json)"
ENTRY = "functions-keda:triggerOverrides (trigger_overrides)"

ROWS: list[Row] = [
    # --- malformed JSON: file:line:col ------------------------------------------------------------------------
    Row(
        "host-json-malformed",
        where="host.json:2:13",
        bad=("not valid JSON", "Expecting ':' delimiter"),
        fix="Fix the JSON syntax",
        files={"host.json": '{\n  "version" "2.0"\n}\n'},
    ),
    Row(
        "local-settings-malformed",
        where="local.settings.json:2:41",
        bad="not valid JSON",
        fix="Fix the JSON syntax",
        files={"local.settings.json": '{\n  "Values": {"FUNCTIONS_WORKER_RUNTIME" "python"}\n}\n'},
    ),
    Row(
        "function-json-malformed",
        where="hello/function.json:1:15",
        bad="not valid JSON",
        fix="Fix the JSON syntax",
        files={"hello/function.json": '{"bindings": [}'},
    ),
    Row(
        "function-json-comment-then-error",
        where="hello/function.json:2:15",
        bad="not valid JSON",
        fix="Fix the JSON syntax",
        files={"hello/function.json": '// written by func new\n{"bindings": [}\n'},
    ),
    # --- wrongly shaped JSON ------------------------------------------------------------------------------
    Row(
        "host-json-array",
        where="host.json",
        bad="not an array",
        fix="Wrap the content in { ... }",
        files={"host.json": '[{"version": "2.0"}]'},
    ),
    Row(
        "local-settings-array",
        where="local.settings.json",
        bad="not an array",
        fix="Wrap the content in { ... }",
        files={"local.settings.json": "[]"},
    ),
    Row(
        "function-json-string",
        where="hello/function.json",
        bad="not a string",
        fix="Wrap the content in { ... }",
        files={"hello/function.json": '"httpTrigger"'},
    ),
    Row(
        "values-not-object",
        where="local.settings.json",
        bad=("'Values'", "found an array"),
        fix='"Values": { "Name": "value", ... }',
        files={"local.settings.json": {"Values": ["FUNCTIONS_WORKER_RUNTIME=python"]}},
    ),
    Row(
        "value-not-string",
        where="local.settings.json",
        bad=("Values.Ports", "found an array"),
        fix='"Ports": "<value>"',
        files={"local.settings.json": local_values(Ports=[80, 443])},
    ),
    Row(
        "value-null",
        where="local.settings.json",
        bad=("Values.MaxItems", "found null"),
        fix='"MaxItems": "<value>"',
        files={"local.settings.json": local_values(MaxItems=None)},
    ),
    Row(
        "bindings-not-list",
        where="hello/function.json",
        bad=("'bindings'", "found an object"),
        fix='"bindings": [ ... ]',
        files={"hello/function.json": {"bindings": {"type": "httpTrigger", "name": "req"}}},
    ),
    Row(
        "bindings-empty",
        where="hello/function.json",
        bad=("'bindings'", "non-empty array"),
        fix='"bindings": [ ... ]',
        files={"hello/function.json": {"bindings": []}},
    ),
    Row(
        "binding-not-object",
        where="hello/function.json bindings[0]",
        bad="must be an object, found a string",
        fix='{ "type": ... }',
        files={"hello/function.json": {"bindings": ["httpTrigger"]}},
    ),
    Row(
        "binding-without-type",
        where="hello/function.json bindings[1]",
        bad=("'type'", "found None"),
        fix='"queueTrigger"',
        files={"hello/function.json": {"bindings": [HTTP_TRIGGER, {"direction": "out", "name": "$return"}]}},
    ),
    Row(
        "disabled-not-boolean",
        where="hello/function.json",
        bad=("'disabled'", "'yes'"),
        fix='"disabled": true',
        files={"hello/function.json": {**HTTP_FUNCTION, "disabled": "yes"}},
    ),
    Row(
        "host-functions-not-list",
        where="host.json",
        bad=("'functions'", "'hello'"),
        fix='"functions": ["orders"]',
        files={"host.json": {"version": "2.0", "functions": "hello"}},
    ),
    Row(
        "host-functions-not-strings",
        where="host.json",
        bad=("'functions'", "['hello', 1]"),
        fix='"functions": ["orders"]',
        files={"host.json": {"version": "2.0", "functions": ["hello", 1]}},
    ),
    Row(
        "host-extensions-array",
        where="host.json",
        bad=("'extensions'", "found an array"),
        fix='"extensions": { ... }',
        files={"host.json": {"version": "2.0", "extensions": []}},
    ),
    Row(
        "host-queues-batch-size-zero",
        where="host.json",
        bad=("extensions.queues.batchSize", "found 0"),
        fix="Fix the value",
        files={"host.json": {"version": "2.0", "extensions": {"queues": {"batchSize": 0}}}, **queue()},
    ),
    # --- the app folder and host.json ---------------------------------------------------------------------
    Row(
        "host-json-missing",
        where="{app}",
        bad="has no host.json",
        fix="functions-keda:appPath at the folder that holds host.json",
        files={"host.json": DROP},
    ),
    Row(
        "app-path-missing",
        where="appPath",
        bad=("no-such-folder", "is not a folder"),
        fix="functions-keda:appPath",
        args={"app_path": "no-such-folder"},
    ),
    Row(
        "app-path-is-a-file",
        where="appPath",
        bad=("host.json", "is not a folder"),
        fix="the folder that holds host.json",
        args={"app_path": "app/host.json"},
    ),
    Row(
        "app-path-unset",
        where="functions-keda:appPath (app_path)",
        bad="is not set",
        fix="Functions project folder",
        args={"app_path": DROP},
    ),
    Row(
        "host-version-missing",
        where="host.json",
        bad="'version' is None",
        fix='"version": "2.0"',
        files={"host.json": {"logging": {}}},
    ),
    Row(
        "host-version-1",
        where="host.json",
        bad="'version' is '1.0'",
        fix='"version": "2.0"',
        files={"host.json": {"version": "1.0"}},
    ),
    Row(
        "host-version-number",
        where="host.json",
        bad="'version' is 2.0",
        fix='"version": "2.0"',
        files={"host.json": {"version": 2.0}},
    ),
    Row(
        "local-settings-encrypted",
        where="local.settings.json",
        bad="IsEncrypted: true",
        fix="func settings decrypt",
        files={"local.settings.json": {"IsEncrypted": True, "Values": {"FUNCTIONS_WORKER_RUNTIME": "cHl0aG9u"}}},
    ),
    # --- required trigger properties -------------------------------------------------------------------
    Row(
        "queue-without-queue-name",
        where=ORDERS,
        bad=("queueTrigger", "'queueName'"),
        fix="Set 'queueName' on the trigger",
        files=queue(queueName=""),
    ),
    Row(
        "blob-without-path",
        where="function 'uploads' (uploads/function.json)",
        bad=("blobTrigger", "'path'"),
        fix="Set 'path' on the trigger",
        files=function("uploads", "blobTrigger"),
    ),
    Row(
        "blob-container-is-a-pattern",
        where="function 'uploads' (uploads/function.json)",
        bad=("'{container}/{name}'", "no fixed container name"),
        fix='"path": "uploads/{name}"',
        files=function("uploads", "blobTrigger", path="{container}/{name}"),
    ),
    Row(
        "service-bus-without-entity",
        where=ORDERS,
        bad=("queueName", "topicName + subscriptionName"),
        fix="Set queueName, or both topicName and subscriptionName",
        files=function("orders", "serviceBusTrigger", connection="ServiceBus"),
        args={"settings": settings(ServiceBus=SERVICE_BUS)},
    ),
    Row(
        "service-bus-topic-without-subscription",
        where=ORDERS,
        bad="names neither a queue (queueName) nor a topic and subscription",
        fix="both topicName and subscriptionName",
        files=function("orders", "serviceBusTrigger", connection="ServiceBus", topicName="orders"),
        args={"settings": settings(ServiceBus=SERVICE_BUS)},
    ),
    Row(
        "event-hub-without-name",
        where=ORDERS,
        bad="no eventHubName and no EntityPath",
        fix="Set eventHubName on the trigger",
        files=event_hub(),
        args={"settings": settings(EventHub=EVENT_HUBS)},
    ),
    Row(
        "event-hub-name-disagrees-with-entity-path",
        where=ORDERS,
        bad=("eventHubName is 'orders'", "'EventHub'", "EntityPath='payments'"),
        fix="name the same Event Hub",
        files=event_hub(eventHubName="orders"),
        args={"settings": settings(EventHub=EVENT_HUBS + ";EntityPath=payments")},
    ),
    Row(
        "kafka-without-broker-list",
        where="function 'clicks' (clicks/function.json)",
        bad=("kafkaTrigger", "'brokerList'"),
        fix="Set 'brokerList'",
        files=kafka(brokerList=DROP),
    ),
    Row(
        "kafka-without-topic",
        where="function 'clicks' (clicks/function.json)",
        bad=("kafkaTrigger", "'topic'"),
        fix="Set 'topic'",
        files=kafka(topic=DROP),
    ),
    Row(
        "kafka-without-consumer-group",
        where="function 'clicks' (clicks/function.json)",
        bad=("kafkaTrigger", "'consumerGroup'"),
        fix="Set 'consumerGroup'",
        files=kafka(consumerGroup=DROP),
    ),
    Row(
        "rabbitmq-without-queue-name",
        where="function 'tasks' (tasks/function.json)",
        bad=("rabbitMQTrigger", "'queueName'"),
        fix="Set 'queueName'",
        files=function("tasks", "rabbitMQTrigger", connectionStringSetting="Rabbit"),
        args={"settings": settings(Rabbit=RABBIT)},
    ),
    Row(
        "redis-without-connection",
        where="function 'jobs' (jobs/function.json)",
        bad="names no connection setting (connectionStringSetting)",
        fix="Set connectionStringSetting",
        files=function("jobs", "redisListTrigger", key="jobs"),
    ),
    # --- connections ------------------------------------------------------------------------------------
    Row(
        "queue-connection-not-set",
        where=ORDERS,
        bad=("connection 'OrdersStorage'", "'AzureWebJobsOrdersStorage'"),
        fix="pulumi config set --secret --path 'functions-keda:settings.OrdersStorage'",
        files=queue(connection="OrdersStorage"),
    ),
    Row(
        "service-bus-default-connection-not-set",
        where=ORDERS,
        bad="connection 'AzureWebJobsServiceBus'",
        fix="'functions-keda:settings.AzureWebJobsServiceBus'",
        files=function("orders", "serviceBusTrigger", queueName="orders"),
    ),
    Row(
        "event-hub-without-connection-property",
        where=ORDERS,
        bad=("eventHubTrigger", "names no connection (connection)"),
        fix="Set 'connection'",
        files=function("orders", "eventHubTrigger", eventHubName="orders"),
    ),
    Row(
        "rabbitmq-without-connection-property",
        where="function 'tasks' (tasks/function.json)",
        bad="names no connection (connectionStringSetting or connection)",
        fix="Set 'connectionStringSetting'",
        files=function("tasks", "rabbitMQTrigger", queueName="tasks"),
    ),
    Row(
        "identity-only-connection",
        where=ORDERS,
        bad="uses an identity-based connection",
        fix="functions-keda:workloadIdentityClientId",
        files=queue(connection="Jobs"),
        args={"settings": settings(Jobs__accountName="acct")},
    ),
    Row(
        "event-hub-without-host-storage",
        where=ORDERS,
        bad="keep checkpoints in AzureWebJobsStorage",
        fix="'functions-keda:settings.AzureWebJobsStorage'",
        files=event_hub(eventHubName="orders"),
        args={"settings": settings(AzureWebJobsStorage=DROP, EventHub=EVENT_HUBS)},
    ),
    Row(
        "event-hub-with-identity-host-storage",
        where=ORDERS,
        bad="uses an identity-based connection",
        fix="functions-keda:workloadIdentityClientId",
        files=event_hub(eventHubName="orders"),
        args={
            "settings": settings(AzureWebJobsStorage=DROP, AzureWebJobsStorage__accountName="acct", EventHub=EVENT_HUBS)
        },
    ),
    Row(
        "timer-without-host-storage",
        where="function 'tick' (tick/function.json)",
        bad=("not an HTTP function", "AzureWebJobsStorage"),
        fix="'functions-keda:settings.AzureWebJobsStorage'",
        files=TIMER,
        args={"settings": {}},
    ),
    Row(
        "kafka-without-host-storage",
        where="function 'clicks' (clicks/function.json)",
        bad=("not an HTTP function", "AzureWebJobsStorage"),
        fix="'functions-keda:settings.AzureWebJobsStorage'",
        files=kafka(),
        args={"settings": {}},
    ),
    Row(
        "durable-mssql-connection-not-set",
        where="host.json extensions.durableTask.storageProvider",
        bad="'SQLDB_Connection'",
        fix="'functions-keda:settings.SQLDB_Connection'",
        files={
            "host.json": {"version": "2.0", "extensions": {"durableTask": {"storageProvider": {"type": "mssql"}}}},
            **function("Orchestrator", "orchestrationTrigger"),
        },
    ),
    # --- %Setting% expressions ------------------------------------------------------------------------
    Row(
        "setting-expression-unresolved",
        where=ORDERS,
        bad=("%OrdersQueue%", "'OrdersQueue'"),
        fix="'functions-keda:settings.OrdersQueue'",
        files=queue(queueName="%OrdersQueue%"),
    ),
    Row(
        "setting-expression-unresolved-python-v2",
        where="function 'orders' (function_app.py:6)",
        bad="%OrdersQueue%",
        fix="local.settings.json Values",
        files={
            "function_app.py": python_v2(
                '@app.queue_trigger(arg_name="msg", queue_name="%OrdersQueue%", connection="AzureWebJobsStorage")',
                "def orders(msg: func.QueueMessage) -> None:",
                "    pass",
            )
        },
    ),
    # --- which functions run ----------------------------------------------------------------------------
    Row(
        "no-functions",
        where="{app}",
        bad=("defines no functions", "function_app.py"),
        fix="Add a function",
        files={"hello/function.json": DROP, "hello/__init__.py": DROP},
    ),
    Row(
        "all-functions-disabled-in-function-json",
        where="{app}",
        bad="'hello' is \"disabled\": true in hello/function.json",
        fix="Enable at least one function",
        files={"hello/function.json": {**HTTP_FUNCTION, "disabled": True}},
    ),
    Row(
        "all-functions-disabled-by-setting",
        where="{app}",
        bad="no function left to run",
        fix="AzureWebJobs.<name>.Disabled=false",
        args={"settings": settings(**{"AzureWebJobs.hello.Disabled": "true"})},
    ),
    Row(
        "all-functions-left-out-of-host-json",
        where="{app}",
        bad="'hello' is not in host.json 'functions'",
        fix="Enable at least one function",
        files={"host.json": {"version": "2.0", "functions": ["goodbye"]}},
    ),
    Row(
        "duplicate-function-json-and-python-v2",
        where="function 'hello' (function_app.py:6)",
        bad=("same name", "hello/function.json"),
        fix="Function names must be unique",
        files={
            "function_app.py": python_v2(
                '@app.route(route="hello")',
                "def hello(req: func.HttpRequest) -> func.HttpResponse:",
                '    return func.HttpResponse("hi")',
            )
        },
    ),
    Row(
        "duplicate-function-names-ignoring-case",
        where="function 'hello' (hello/function.json)",
        bad=("same name", "Hello/function.json"),
        fix="(ignoring case)",
        files={"Hello/function.json": HTTP_FUNCTION, "Hello/__init__.py": ""},
    ),
    Row(
        "duplicate-python-v2-function-names",
        where="function 'orders' (function_app.py:",
        bad="orders",
        fix="unique name",
        files={
            "hello/function.json": DROP,
            "function_app.py": python_v2(
                '@app.function_name(name="orders")',
                '@app.queue_trigger(arg_name="msg", queue_name="a", connection="AzureWebJobsStorage")',
                "def first(msg: func.QueueMessage) -> None:",
                "    pass",
                "",
                "",
                '@app.function_name(name="orders")',
                '@app.queue_trigger(arg_name="msg", queue_name="b", connection="AzureWebJobsStorage")',
                "def second(msg: func.QueueMessage) -> None:",
                "    pass",
            ),
        },
    ),
    Row(
        "function-json-without-trigger",
        where="function 'nothing' (nothing/function.json)",
        bad="has no trigger binding",
        fix="Give the function one trigger binding",
        files={
            "nothing/function.json": {"bindings": [{"type": "queue", "direction": "out", "name": "msg"}]},
            "nothing/__init__.py": "",
        },
    ),
    Row(
        "function-json-with-two-triggers",
        where=ORDERS,
        bad="has 2 trigger bindings (queueTrigger, blobTrigger)",
        fix="Give the function one trigger binding",
        files={
            "orders/function.json": {
                "bindings": [
                    {"type": "queueTrigger", "direction": "in", "name": "a", "queueName": "a"},
                    {"type": "blobTrigger", "direction": "in", "name": "b", "path": "b/{name}"},
                ]
            },
            "orders/__init__.py": "",
        },
    ),
    # --- worker runtime -------------------------------------------------------------------------------
    Row(
        "runtime-unknown-in-local-settings",
        where="local.settings.json Values.FUNCTIONS_WORKER_RUNTIME",
        bad="'pyhton'",
        fix="dotnet-isolated, node, python",
        files={"local.settings.json": {"Values": {"FUNCTIONS_WORKER_RUNTIME": "pyhton"}}},
    ),
    Row(
        "runtime-unknown-in-stack-settings",
        where="functions-keda:settings",
        bad=("FUNCTIONS_WORKER_RUNTIME", "'ruby'"),
        fix="dotnet-isolated, node, python",
        args={"settings": settings(FUNCTIONS_WORKER_RUNTIME="ruby")},
    ),
    Row(
        "runtime-contradicts-code-in-local-settings",
        where="local.settings.json Values.FUNCTIONS_WORKER_RUNTIME",
        bad=("'node'", "written for 'python'"),
        fix="Set FUNCTIONS_WORKER_RUNTIME to 'python'",
        files={"local.settings.json": {"Values": {"FUNCTIONS_WORKER_RUNTIME": "node"}}},
    ),
    Row(
        "runtime-contradicts-code-in-stack-settings",
        where="functions-keda:settings",
        bad=("'node'", "written for 'python'"),
        fix="Set FUNCTIONS_WORKER_RUNTIME to 'python'",
        args={"settings": settings(FUNCTIONS_WORKER_RUNTIME="node")},
    ),
    Row(
        "runtime-unknowable",
        where="local.settings.json",
        bad="no FUNCTIONS_WORKER_RUNTIME",
        fix="Values.FUNCTIONS_WORKER_RUNTIME",
        files={
            "local.settings.json": DROP,
            "hello/__init__.py": DROP,
            "hello/function.json": {"bindings": HTTP_FUNCTION["bindings"]},
        },
    ),
    # --- Python v2 source -------------------------------------------------------------------------------
    Row(
        "python-syntax-error",
        where="function_app.py:6",
        bad=("syntax error", "'(' was never closed"),
        fix="Fix the syntax error",
        files={
            "function_app.py": python_v2(
                '@app.route(route="hello")',
                "def broken(req:",
                '    return func.HttpResponse("hi")',
            )
        },
    ),
    Row(
        "python-decorator-argument-not-literal",
        where="function_app.py:7",
        bad=("queue_name", "@app.queue_trigger", "os.environ['ORDERS_QUEUE']"),
        fix="%Name%",
        files={
            "function_app.py": "import os\n"
            + python_v2(
                "@app.queue_trigger(",
                '    arg_name="msg", queue_name=os.environ["ORDERS_QUEUE"], connection="AzureWebJobsStorage"',
                ")",
                "def orders(msg: func.QueueMessage) -> None:",
                "    pass",
            )
        },
    ),
    Row(
        "python-decorator-unknown",
        where="function_app.py:5",
        bad="@app.queue_triger",
        fix="Check the spelling",
        files={
            "function_app.py": python_v2(
                '@app.queue_triger(arg_name="msg", queue_name="orders")',
                "def orders(msg: func.QueueMessage) -> None:",
                "    pass",
            )
        },
    ),
    # --- names ---------------------------------------------------------------------------------------------
    Row(
        "name-uppercase",
        where="functions-keda:name (name)",
        bad="'Orders'",
        fix="lower-case letters",
        args={"name": "Orders"},
    ),
    Row(
        "name-leading-digit",
        where="functions-keda:name (name)",
        bad="'1orders'",
        fix="starting with a letter",
        args={"name": "1orders"},
    ),
    Row(
        "name-underscore",
        where="functions-keda:name (name)",
        bad="'orders_api'",
        fix="digits and '-'",
        args={"name": "orders_api"},
    ),
    Row(
        "name-too-long",
        where="functions-keda:name (name)",
        bad=("50 characters long", f"the limit is {MAX_NAME_LENGTH}"),
        fix="keda-hpa-<name>-http",
        args={"name": "a" * 50},
    ),
    Row(
        "app-folder-name-invalid",
        where="the app folder name '2024_Orders' (used because functions-keda:name is unset)",
        bad="'2024-orders'",
        fix="starting with a letter",
        app_dir="2024_Orders",
    ),
    Row(
        "app-folder-name-too-long",
        where="functions-keda:name is unset",
        bad="the limit is 49",
        fix="Choose a shorter name",
        app_dir="orders-" + "x" * 43,
    ),
    Row(
        "namespace-uppercase",
        where="functions-keda:namespace (namespace)",
        bad="'Prod'",
        fix="lower-case letters",
        args={"namespace": "Prod"},
    ),
    Row(
        "namespace-too-long",
        where="functions-keda:namespace (namespace)",
        bad="'" + "n" * 64 + "'",
        fix="at most 63",
        args={"namespace": "n" * 64},
    ),
    Row(
        "pull-secret-invalid",
        where="functions-keda:pullSecret (pull_secret)",
        bad="'Registry_Creds' is not a valid Secret name",
        fix="lower-case letters, digits, '-' and '.'",
        args={"pull_secret": "Registry_Creds"},
    ),
    # --- scaling knobs -------------------------------------------------------------------------------------
    Row(
        "min-replicas-above-max",
        where="functions-keda:minReplicas / maxReplicas",
        bad="minReplicas (5) is greater than maxReplicas (2)",
        fix="Lower minReplicas or raise maxReplicas",
        args={"min_replicas": 5, "max_replicas": 2},
    ),
    Row(
        "min-replicas-negative",
        where="functions-keda:minReplicas (min_replicas)",
        bad="found -1",
        fix="Set it like 0",
        args={"min_replicas": -1},
    ),
    Row(
        "max-replicas-fraction",
        where="functions-keda:maxReplicas (max_replicas)",
        bad="found 1.5",
        fix="Set it like 10",
        args={"max_replicas": 1.5},
    ),
    Row(
        "polling-interval-text",
        where="functions-keda:pollingInterval (polling_interval)",
        bad="found 'abc'",
        fix="Set it like 30",
        args={"polling_interval": "abc"},
    ),
    Row(
        "cooldown-period-boolean",
        where="functions-keda:cooldownPeriod (cooldown_period)",
        bad="found True",
        fix="Set it like 300",
        args={"cooldown_period": True},
    ),
    Row(
        "min-replicas-negative-text",
        where="functions-keda:minReplicas (min_replicas)",
        bad="found '-1'",
        fix="Set it like 0",
        args={"min_replicas": "-1"},
    ),
    Row(
        "max-replicas-zero",
        where="functions-keda:maxReplicas (max_replicas)",
        bad="is 0",
        fix="1 or more",
        args={"max_replicas": 0},
    ),
    Row(
        "polling-interval-zero",
        where="functions-keda:pollingInterval (polling_interval)",
        bad="is 0",
        fix="1 second or more",
        args={"polling_interval": 0},
    ),
    # --- image source -----------------------------------------------------------------------------------
    Row(
        "image-and-registry",
        where="functions-keda:registry / functions-keda:image",
        bad="both are set",
        fix="exactly one",
        args={"registry": "localhost:5001"},
    ),
    Row(
        "neither-image-nor-registry",
        where="functions-keda:registry / functions-keda:image",
        bad="neither is set",
        fix="exactly one",
        args={"image": DROP},
    ),
    Row(
        "registry-with-scheme",
        where="functions-keda:registry (registry)",
        bad="'https://x'",
        fix="without a scheme",
        args={"image": DROP, "registry": "https://x"},
    ),
    Row(
        "registry-uppercase-path",
        where="functions-keda:registry (registry)",
        bad="'Registry.io/Team'",
        fix="'myregistry.azurecr.io/team'",
        args={"image": DROP, "registry": "Registry.io/Team"},
    ),
    Row(
        "image-trailing-colon",
        where="functions-keda:image (image)",
        bad="'orders:'",
        fix="repository[:tag]",
        args={"image": "orders:"},
    ),
    Row(
        "image-empty",
        where="functions-keda:image (image)",
        bad="found '  '",
        fix="Set a string value",
        args={"image": "  "},
    ),
    # --- choices --------------------------------------------------------------------------------------------
    Row(
        "service-type-unknown",
        where="functions-keda:serviceType (service_type)",
        bad="'Ingress'",
        fix="ClusterIP, NodePort, LoadBalancer",
        args={"service_type": "Ingress"},
    ),
    Row(
        "http-scaling-unknown",
        where="functions-keda:httpScaling (http_scaling)",
        bad="'keda'",
        fix="none, prometheus, http-add-on",
        args={"http_scaling": "keda"},
    ),
    Row(
        "topology-unknown",
        where="functions-keda:topology (topology)",
        bad="'mono'",
        fix="split, single",
        args={"topology": "mono"},
    ),
    Row(
        "prometheus-without-server",
        where="functions-keda:prometheusServerAddress (prometheus_server_address)",
        bad="httpScaling 'prometheus' needs it",
        fix="http://prometheus-server.monitoring.svc.cluster.local:9090",
        args={"http_scaling": "prometheus", "ingress_host": "orders.example.com"},
    ),
    Row(
        "prometheus-server-not-a-url",
        where="functions-keda:prometheusServerAddress (prometheus_server_address)",
        bad="'prometheus:9090' is not an http(s) URL",
        fix="KEDA's operator can reach",
        args={"http_scaling": "prometheus", "prometheus_server_address": "prometheus:9090"},
    ),
    Row(
        "prometheus-without-query-or-ingress",
        where="functions-keda:prometheusQuery (prometheus_query)",
        bad="no request-rate metric",
        fix="functions-keda:ingressHost",
        args={"http_scaling": "prometheus", "prometheus_server_address": "http://prometheus:9090"},
    ),
    Row(
        "http-add-on-without-hosts",
        where="functions-keda:httpHosts (http_hosts)",
        bad="routes requests to an app by host name",
        fix="functions-keda:ingressHost",
        args={"http_scaling": "http-add-on"},
    ),
    Row(
        "http-host-with-scheme",
        where="functions-keda:httpHosts (http_hosts)",
        bad="'https://orders.example.com' is not a host name",
        fix="without scheme, port or path",
        args={"http_scaling": "http-add-on", "http_hosts": ["https://orders.example.com"]},
    ),
    Row(
        "http-hosts-not-a-list",
        where="functions-keda:httpHosts (http_hosts)",
        bad="must be a list of strings",
        fix="'functions-keda:httpHosts[0]'",
        args={"http_hosts": "orders.example.com"},
    ),
    Row(
        "ingress-host-upper-case",
        where="functions-keda:ingressHost (ingress_host)",
        bad="'Orders.Example.com' is not a host name",
        fix="lower-case DNS name",
        args={"ingress_host": "Orders.Example.com"},
    ),
    Row(
        "path-prefix-without-slash",
        where="functions-keda:httpPathPrefixes (http_path_prefixes)",
        bad="'api' is not a URL path",
        fix="Start each prefix with '/'",
        args={"http_path_prefixes": ["api"]},
    ),
    Row(
        "tls-secret-without-ingress",
        where="functions-keda:ingressTlsSecret (ingress_tls_secret)",
        bad="there is no Ingress",
        fix="functions-keda:ingressHost",
        args={"ingress_tls_secret": "orders-tls"},
    ),
    Row(
        "probe-path-relative",
        where="functions-keda:probePath (probe_path)",
        bad="'health' is not a URL path",
        fix="Start it with '/'",
        args={"probe_path": "health"},
    ),
    Row(
        "probe-port-out-of-range",
        where="functions-keda:probePort (probe_port)",
        bad="70000 is not a port",
        fix="1 to 65535",
        args={"probe_port": 70000},
    ),
    Row(
        "target-rps-zero",
        where="functions-keda:httpTargetRps (http_target_rps)",
        bad="whole number of 1 or more (at most 2147483647), found 0",
        fix="whole number",
        args={"http_target_rps": 0},
    ),
    Row(
        "host-command-relative",
        where="functions-keda:hostCommand (host_command)",
        bad="'func' is not an absolute path",
        fix="'' to keep the image's own command",
        args={"host_command": "func"},
    ),
    Row(
        "function-timeout-malformed",
        where="host.json",
        bad="functionTimeout '10 minutes' is not a time span",
        fix='"hh:mm:ss"',
        files={"host.json": {"version": "2.0", "functionTimeout": "10 minutes"}},
    ),
    # --- settings -------------------------------------------------------------------------------------------
    Row(
        "dev-storage-in-local-settings",
        where="setting 'AzureWebJobsStorage'",
        bad="UseDevelopmentStorage=true",
        fix="pulumi config set --secret --path 'functions-keda:settings.AzureWebJobsStorage'",
        files={"local.settings.json": local_values(AzureWebJobsStorage="UseDevelopmentStorage=true")},
        args={"settings": {}},
    ),
    Row(
        "devstoreaccount1-in-stack-settings",
        where="setting 'AzureWebJobsStorage'",
        bad="devstoreaccount1",
        fix="pulumi config set --secret --path 'functions-keda:settings.AzureWebJobsStorage'",
        args={"settings": settings(AzureWebJobsStorage="AccountName=devstoreaccount1;AccountKey=a2V5")},
    ),
    Row(
        "emulator-queue-endpoint",
        where="setting 'OrdersStorage'",
        bad="127.0.0.1:10000-10002",
        fix="pulumi config set --secret --path 'functions-keda:settings.OrdersStorage'",
        args={
            "settings": settings(
                OrdersStorage="AccountName=acct;AccountKey=a2V5;QueueEndpoint=http://127.0.0.1:10001/acct"
            )
        },
    ),
    Row(
        "setting-name-with-colon",
        where="setting 'AzureFunctionsJobHost:logging:logLevel:default'",
        bad="letters, digits, '-', '_' and '.'",
        fix="'AzureFunctionsJobHost__logging__logLevel__default'",
        args={"settings": settings(**{"AzureFunctionsJobHost:logging:logLevel:default": "Debug"})},
    ),
    Row(
        "setting-value-not-string",
        where="functions-keda:settings (settings)",
        bad=("'Ports'", "found list"),
        fix="quote the value",
        args={"settings": settings(Ports=[80, 443])},
    ),
    Row(
        "settings-not-object",
        where="functions-keda:settings (settings)",
        bad=("must be an object of setting names to strings", "found str"),
        fix="pulumi config set --secret --path 'functions-keda:settings.<Name>'",
        args={"settings": "AzureWebJobsStorage=" + STORAGE},
    ),
    # --- Outputs and unknown arguments -------------------------------------------------------------------
    Row(
        "name-is-an-output",
        where="functions-keda:name (name)",
        bad="is a Pulumi Output",
        fix="Pass a plain string",
        args={"name": Later(lambda: pulumi.Output.from_input("x"))},
    ),
    Row(
        "settings-is-an-output",
        where="functions-keda:settings (settings)",
        bad="is a Pulumi Output",
        fix="Pass a plain dict",
        args={"settings": Later(lambda: pulumi.Output.secret({"AzureWebJobsStorage": STORAGE}))},
    ),
    Row(
        "unknown-argument",
        where="FunctionAppArgs",
        bad="'minReplica'",
        fix="min_replicas",
        args={"minReplica": 1},
    ),
    # --- trigger overrides ----------------------------------------------------------------------------------
    Row(
        "override-unknown-function",
        where=ENTRY,
        bad="'nope'",
        fix="Use one of hello, orders",
        files=queue(),
        args={"trigger_overrides": {"nope": {"queueLength": "5"}}},
    ),
    Row(
        "override-http-function",
        where=ENTRY,
        bad="'hello' is an HTTP function",
        fix="functions-keda:httpScaling",
        args={"trigger_overrides": {"hello": {"type": "cron"}}},
    ),
    Row(
        "override-timer-without-type",
        where=ENTRY,
        bad=("'tick' has no KEDA trigger to adjust", "timers"),
        fix="Add a 'type' key",
        files=TIMER,
        args={"trigger_overrides": {"tick": {"timezone": "UTC"}}},
    ),
    Row(
        "override-empty-type",
        where=ENTRY,
        bad="orders.type is empty",
        fix="'cron'",
        files=queue(),
        args={"trigger_overrides": {"orders": {"type": ""}}},
    ),
    Row(
        "override-not-an-object",
        where=ENTRY,
        bad="{'orders': '20'}",
        fix='{"orders": {"queueLength": "20"}}',
        files=queue(),
        args={"trigger_overrides": {"orders": "20"}},
    ),
    # --- raised by the components ---------------------------------------------------------------------
    Row(
        "generated-dockerfile-not-for-arm64",
        where="functions-keda:buildPlatform (build_platform)",
        bad="'linux/arm64'",
        fix="Leave the platform at linux/amd64",
        args={"image": DROP, "registry": "localhost:5001", "build_platform": "linux/arm64"},
    ),
    Row(
        "build-platform-several",
        where="functions-keda:buildPlatform (build_platform)",
        bad="'linux/amd64,linux/arm64'",
        fix="Set one platform",
        args={"image": DROP, "registry": "localhost:5001", "build_platform": "linux/amd64,linux/arm64"},
    ),
    Row(
        "build-options-with-prebuilt-image",
        where="functions-keda:buildTarget (build_target)",
        bad="runs a prebuilt image",
        fix="set functions-keda:registry instead of image",
        args={"build_target": "runtime"},
    ),
    Row(
        "keda-releases-not-releases",
        where="functions-keda:kedaReleases (keda_releases)",
        bad="found str",
        fix="Pass the `releases` output of the Keda component",
        args={"keda_releases": "keda"},
        target="function_app",
    ),
    Row(
        "http-add-on-scaler-address-no-port",
        where="functions-keda:httpAddOnScalerAddress (http_add_on_scaler_address)",
        bad="'keda-add-ons-http-external-scaler.keda'",
        fix="'keda-add-ons-http-external-scaler.keda:9090'",
        args={"http_add_on_scaler_address": "keda-add-ons-http-external-scaler.keda"},
    ),
    Row(
        "keda-version-latest",
        where="functions-keda:kedaVersion (version)",
        bad="'latest'",
        fix="'2.20.2'",
        keda={"version": "latest"},
        target="keda",
    ),
    Row(
        "keda-version-with-v",
        where="functions-keda:kedaVersion (version)",
        bad="'v2.20.2'",
        fix="kedacore/keda chart version",
        keda={"version": "v2.20.2"},
        target="keda",
    ),
    Row(
        "keda-namespace-invalid",
        where="functions-keda:kedaNamespace (namespace)",
        bad="'KEDA'",
        fix="lower-case letters",
        keda={"namespace": "KEDA"},
        target="keda",
    ),
    Row(
        "keda-values-not-mapping",
        where="functions-keda:kedaValues (values)",
        bad="found list",
        fix="as a mapping",
        keda={"values": ["operator.replicaCount=2"]},
        target="keda",
    ),
    Row(
        "keda-unknown-argument",
        where="KedaArgs",
        bad="'repo'",
        fix="namespace, values, version",
        keda={"repo": "https://kedacore.github.io/charts"},
        target="keda",
    ),
    Row(
        "keda-chart-missing-local-path",
        where="functions-keda:kedaChart (chart)",
        bad=("'/nonexistent/charts/keda'", "is nothing"),
        fix="helm pull kedacore/keda",
        keda={"chart": "/nonexistent/charts/keda"},
        target="keda",
    ),
    Row(
        "keda-chart-folder-without-chart-yaml",
        where="functions-keda:kedaChart (chart)",
        bad="a folder without Chart.yaml",
        fix="chart folder or .tgz",
        keda={"chart": "/"},
        target="keda",
    ),
    Row(
        "keda-chart-unknown-scheme",
        where="functions-keda:kedaChart (chart)",
        bad="'ftp://charts.example.com/keda'",
        fix="https:// (a chart repository), oci:// (a registry) or a local path",
        keda={"chart": "ftp://charts.example.com/keda"},
        target="keda",
    ),
    Row(
        "http-add-on-chart-not-a-string",
        where="functions-keda:httpAddOnChart (http_add_on_chart)",
        bad="3",
        fix="oci://registry/path/keda-add-ons-http",
        keda={"http_add_on_chart": 3, "http_add_on": True},
        target="keda",
    ),
]

# -- building and running a row ---------------------------------------------------------------------------------


def write_files(root: Path, files: Mapping[str, str | dict[str, Any] | list[Any]]) -> None:
    """Write ``{relative path: content}`` under ``root``: dicts and lists as JSON, strings raw."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content, indent=2), encoding="utf-8")


def build(row: Row, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """Write the row's app and return its folder and the FunctionAppArgs."""
    app_dir = tmp_path / row.app_dir
    app_dir.mkdir()
    merged = {**BASE_FILES, **row.files}
    write_files(app_dir, {path: content for path, content in merged.items() if content is not DROP})
    args: dict[str, Any] = {"app_path": str(app_dir), "image": IMAGE, "settings": settings()}
    for key, value in row.args.items():
        if value is DROP:
            args.pop(key, None)
        elif key == "app_path":
            args[key] = str(tmp_path / value)
        else:
            args[key] = value.make() if isinstance(value, Later) else value
    return app_dir, args


def under_mocks(action: Callable[[], object], config: dict[str, str] | None = None) -> tuple[FunctionsKedaError, Run]:
    """Run ``action`` as a Pulumi program; return the error it raised and what it registered."""
    caught: list[FunctionsKedaError] = []

    def program() -> None:
        with pytest.raises(FunctionsKedaError) as info:
            action()
        caught.append(info.value)

    run = run_program(program, preview=True, config=config)
    assert caught, "the program did not run"
    return caught[0], run


def raise_error(row: Row, tmp_path: Path) -> tuple[Path, FunctionsKedaError]:
    """Run the row's entry point and return the error it raised."""
    app_dir, args = build(row, tmp_path)
    if row.target == "plan":
        with pytest.raises(FunctionsKedaError) as info:
            plan_app(args)
        return app_dir, info.value
    if row.target == "function_app":
        error, _ = under_mocks(lambda: FunctionApp("app", args))
        return app_dir, error
    assert row.target == "keda", row.target
    error, _ = under_mocks(lambda: Keda("keda", row.keda))
    return app_dir, error


def params(rows: list[Row], *, with_bugs: bool = True) -> list[Any]:
    """``rows`` as pytest params with their ids; rows with a ``bug`` become strict xfails (or are left out)."""
    result = []
    for row in rows:
        if row.bug is None:
            result.append(pytest.param(row, id=row.id))
        elif with_bugs:
            result.append(pytest.param(row, id=row.id, marks=pytest.mark.xfail(strict=True, reason=row.bug)))
    return result


# -- the tests ---------------------------------------------------------------------------------------------------


def test_rows_are_unique() -> None:
    ids = [row.id for row in ROWS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("row", params(ROWS))
def test_bad_input_is_reported(row: Row, tmp_path: Path) -> None:
    app_dir, error = raise_error(row, tmp_path)
    message = str(error)
    where = row.where.replace("{app}", str(app_dir))
    assert where in error.where, message
    for bad in (row.bad,) if isinstance(row.bad, str) else row.bad:
        assert bad in message, message
    assert row.fix in error.fix, message


@pytest.mark.parametrize("row", params(ROWS, with_bugs=False))
def test_message_has_where_problem_and_fix(row: Row, tmp_path: Path) -> None:
    _, error = raise_error(row, tmp_path)
    message = str(error)
    assert isinstance(error, pulumi.RunError)
    assert error.where.strip() and error.problem.strip() and error.fix.strip(), message
    assert message == f"{error.where}: {error.problem}. {error.fix}"
    assert message.startswith(error.where + ": ")
    assert not error.problem.endswith("."), f"the problem ends with a period, so the message has '..': {message}"
    assert error.fix[0].isupper(), f"the fix is not a sentence: {message}"
    assert error.fix.endswith("."), f"the fix is not a sentence: {message}"
    assert "\n" not in message, message


def test_name_at_the_limit_is_accepted(tmp_path: Path) -> None:
    """The boundary of the name-too-long row: 49 characters plan fine."""
    _, args = build(Row("valid", where="", bad="", fix=""), tmp_path)
    assert plan_app({**args, "name": "a" * MAX_NAME_LENGTH}).name == "a" * 49


SECRET_ROWS = [
    Row(
        "settings-not-object-hides-value",
        where="functions-keda:settings (settings)",
        bad="found str",
        fix="pulumi config set --secret",
        args={"settings": f"AzureWebJobsStorage=AccountName=acct;AccountKey={SECRET_KEY}"},
    ),
    Row(
        "dev-storage-hides-value",
        where="setting 'AzureWebJobsStorage'",
        bad="local storage emulator",
        fix="pulumi config set --secret",
        args={"settings": settings(AzureWebJobsStorage=f"AccountName=devstoreaccount1;AccountKey={SECRET_KEY}")},
    ),
    Row(
        "event-hub-mismatch-hides-value",
        where=ORDERS,
        bad="EntityPath='payments'",
        fix="same Event Hub",
        files=event_hub(eventHubName="orders"),
        args={"settings": settings(EventHub=f"Endpoint=sb://ns/;SharedAccessKey={SECRET_KEY};EntityPath=payments")},
    ),
]


@pytest.mark.parametrize("row", params(SECRET_ROWS))
def test_messages_never_show_secret_values(row: Row, tmp_path: Path) -> None:
    _, error = raise_error(row, tmp_path)
    assert SECRET_KEY not in str(error)
    assert row.bad in str(error)


# -- nothing is registered before the error ------------------------------------------------------------------

NOTHING_REGISTERED = [
    "host-json-malformed",
    "local-settings-encrypted",
    "queue-without-queue-name",
    "identity-only-connection",
    "timer-without-host-storage",
    "duplicate-function-json-and-python-v2",
    "runtime-unknown-in-stack-settings",
    "python-syntax-error",
    "name-too-long",
    "min-replicas-above-max",
    "registry-uppercase-path",
    "dev-storage-in-local-settings",
    "override-timer-without-type",
    "generated-dockerfile-not-for-arm64",
    "keda-releases-not-releases",
    "keda-version-latest",
    "keda-values-not-mapping",
]
BY_ID = {row.id: row for row in ROWS}


@pytest.mark.parametrize("row", params([BY_ID[name] for name in NOTHING_REGISTERED]))
def test_component_registers_nothing_before_the_error(row: Row, tmp_path: Path) -> None:
    _, args = build(row, tmp_path)
    if row.target == "keda":
        error, run = under_mocks(lambda: Keda("keda", row.keda))
    else:
        error, run = under_mocks(lambda: FunctionApp("app", args))
    assert row.fix in error.fix
    assert run.registrations == []


def stack_config(args: Mapping[str, Any], keda: Mapping[str, Any]) -> dict[str, str]:
    """The ``functions-keda:`` stack configuration that gives ``__main__.py`` these arguments."""
    config = {}
    for key, value in args.items():
        config[f"functions-keda:{config_key(key)}"] = value if isinstance(value, str) else json.dumps(value)
    for key, value in keda.items():
        config[f"functions-keda:keda{key.capitalize()}"] = value if isinstance(value, str) else json.dumps(value)
    return config


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(BY_ID[name], id=name)
        for name in NOTHING_REGISTERED
        if name != "keda-releases-not-releases"  # __main__ always passes its own Keda
    ],
)
def test_main_program_registers_nothing_before_the_error(row: Row, tmp_path: Path) -> None:
    """The real ``__main__.py``, configured as a stack would be: no KEDA install before a bad app fails."""
    _, args = build(row, tmp_path)
    config = stack_config(args, row.keda)
    error, run = under_mocks(lambda: runpy.run_path(str(PROJECT_DIR / "__main__.py"), run_name="__main__"), config)
    assert row.fix in error.fix
    assert [r.name for r in run.registrations] == []


def test_main_program_config_reaches_the_components(tmp_path: Path) -> None:
    """Sanity check of :func:`stack_config`: a valid configuration deploys KEDA and the app."""
    _, args = build(Row("valid", where="", bad="", fix=""), tmp_path)
    config = stack_config({**args, "min_replicas": 1}, {"version": "2.20.2"})

    def program() -> None:
        runpy.run_path(str(PROJECT_DIR / "__main__.py"), run_name="__main__")

    run = run_program(program, preview=True, config=config)
    assert {"keda", "app"} <= {r.name for r in run.registrations}
