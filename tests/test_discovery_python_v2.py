"""Discovery of Python v2 programming model apps by reading (never running) function_app.py."""

from __future__ import annotations

import logging
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import azure.functions as func
import pytest

from components.discovery.python_v2 import discover_python_v2
from components.errors import FunctionsKedaError
from components.model import FunctionSpec

HEADER = "import azure.functions as func\n\napp = func.FunctionApp()\n"


def write_app(root: Path, files: dict[str, str]) -> Path:
    """Write {relative path: source} under root (sources are dedented) and return root."""
    for relative_path, source in files.items():
        path = root / relative_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")
    return root


def discover(root: Path, files: dict[str, str], script_file: str = "function_app.py") -> tuple[FunctionSpec, ...]:
    return discover_python_v2(write_app(root, files), script_file)


def by_name(specs: tuple[FunctionSpec, ...]) -> dict[str, FunctionSpec]:
    return {spec.name: spec for spec in specs}


def only(specs: tuple[FunctionSpec, ...]) -> FunctionSpec:
    assert len(specs) == 1, specs
    return specs[0]


def shape(spec: FunctionSpec) -> list[tuple[str, str, str]]:
    """(type, direction, name) of each binding, in order."""
    return [(b["type"], b["direction"], b["name"]) for b in spec.bindings]


# --- triggers ------------------------------------------------------------------------------------------------

TRIGGERS: list[tuple[str, str, str, list[dict[str, Any]]]] = [
    (
        "route",
        '@app.route(route="orders", methods=["POST"], auth_level=func.AuthLevel.ANONYMOUS)',
        "req",
        [
            {
                "direction": "IN",
                "type": "httpTrigger",
                "name": "req",
                "methods": ["POST"],
                "authLevel": "ANONYMOUS",
                "route": "orders",
            },
            {"direction": "OUT", "type": "http", "name": "$return"},
        ],
    ),
    (
        "queue_trigger",
        '@app.queue_trigger(arg_name="msg", queue_name="orders", connection="Storage")',
        "msg",
        [{"direction": "IN", "type": "queueTrigger", "name": "msg", "queueName": "orders", "connection": "Storage"}],
    ),
    (
        "blob_trigger",
        '@app.blob_trigger(arg_name="blob", path="uploads/{name}", connection="Storage")',
        "blob",
        [{"direction": "IN", "type": "blobTrigger", "name": "blob", "path": "uploads/{name}", "connection": "Storage"}],
    ),
    (
        "service_bus_queue_trigger",
        '@app.service_bus_queue_trigger(arg_name="msg", queue_name="orders", connection="ServiceBus")',
        "msg",
        [
            {
                "direction": "IN",
                "type": "serviceBusTrigger",
                "name": "msg",
                "connection": "ServiceBus",
                "queueName": "orders",
            }
        ],
    ),
    (
        "service_bus_topic_trigger",
        '@app.service_bus_topic_trigger(arg_name="msg", topic_name="events", subscription_name="audit", '
        'connection="ServiceBus")',
        "msg",
        [
            {
                "direction": "IN",
                "type": "serviceBusTrigger",
                "name": "msg",
                "connection": "ServiceBus",
                "topicName": "events",
                "subscriptionName": "audit",
            }
        ],
    ),
    (
        "event_hub_message_trigger",
        '@app.event_hub_message_trigger(arg_name="event", event_hub_name="telemetry", connection="EventHub", '
        'consumer_group="$Default")',
        "event",
        [
            {
                "direction": "IN",
                "type": "eventHubTrigger",
                "name": "event",
                "connection": "EventHub",
                "eventHubName": "telemetry",
                "consumerGroup": "$Default",
            }
        ],
    ),
    (
        "kafka_trigger",
        '@app.kafka_trigger(arg_name="event", topic="orders", broker_list="BrokerList", consumer_group="$Default")',
        "event",
        [
            {
                "direction": "IN",
                "type": "kafkaTrigger",
                "name": "event",
                "topic": "orders",
                "brokerList": "BrokerList",
                "consumerGroup": "$Default",
                # Library defaults the worker indexes too:
                "keyDataType": "STRING",
                "authenticationMode": "NOTSET",
                "protocol": "NOTSET",
                "cardinality": "ONE",
                "lagThreshold": 1000,
            }
        ],
    ),
    (
        "timer_trigger",
        '@app.timer_trigger(arg_name="timer", schedule="0 */5 * * * *")',
        "timer",
        [{"direction": "IN", "type": "timerTrigger", "name": "timer", "schedule": "0 */5 * * * *"}],
    ),
    (
        "schedule",
        '@app.schedule(arg_name="timer", schedule="0 */5 * * * *", run_on_startup=True)',
        "timer",
        [
            {
                "direction": "IN",
                "type": "timerTrigger",
                "name": "timer",
                "schedule": "0 */5 * * * *",
                "runOnStartup": True,
            }
        ],
    ),
    (
        "cosmos_db_trigger",
        '@app.cosmos_db_trigger(arg_name="docs", connection="Cosmos", database_name="shop", container_name="orders", '
        'lease_container_name="leases", create_lease_container_if_not_exists=True)',
        "docs",
        [
            {
                "direction": "IN",
                "type": "cosmosDBTrigger",
                "name": "docs",
                "connection": "Cosmos",
                "databaseName": "shop",
                "containerName": "orders",
                "leaseContainerName": "leases",
                "createLeaseContainerIfNotExists": True,
            }
        ],
    ),
    (
        "event_grid_trigger",
        '@app.event_grid_trigger(arg_name="event")',
        "event",
        [{"direction": "IN", "type": "eventGridTrigger", "name": "event"}],
    ),
    (
        "generic_trigger-rabbitmq",
        # azure-functions has no rabbitmq_trigger: RabbitMQ apps use the generic trigger.
        '@app.generic_trigger(arg_name="msg", type="rabbitMQTrigger", queue_name="orders", '
        'connection_string_setting="RabbitMQ")',
        "msg",
        [
            {
                "direction": "IN",
                "type": "rabbitMQTrigger",
                "name": "msg",
                "queueName": "orders",
                "connectionStringSetting": "RabbitMQ",
            }
        ],
    ),
    (
        "sql_trigger",
        '@app.sql_trigger(arg_name="changes", table_name="dbo.Orders", connection_string_setting="Sql")',
        "changes",
        [
            {
                "direction": "IN",
                "type": "sqlTrigger",
                "name": "changes",
                "tableName": "dbo.Orders",
                "connectionStringSetting": "Sql",
            }
        ],
    ),
    (
        "warm_up_trigger",
        '@app.warm_up_trigger(arg_name="warmup")',
        "warmup",
        [{"direction": "IN", "type": "warmupTrigger", "name": "warmup"}],
    ),
]


@pytest.mark.parametrize(
    ("decorator", "parameter", "bindings"), [case[1:] for case in TRIGGERS], ids=[case[0] for case in TRIGGERS]
)
def test_trigger_bindings_are_exactly_what_the_library_emits(
    tmp_path: Path, decorator: str, parameter: str, bindings: list[dict[str, Any]]
) -> None:
    source = f"{HEADER}\n{decorator}\ndef handler({parameter}):\n    return None\n"
    spec = only(discover(tmp_path, {"function_app.py": source}))
    assert spec == FunctionSpec(name="handler", bindings=tuple(bindings), source="function_app.py:6")


def test_rabbitmq_trigger_is_not_a_decorator_of_the_library(tmp_path: Path) -> None:
    assert not hasattr(func.FunctionApp, "rabbitmq_trigger")
    source = HEADER + '@app.rabbitmq_trigger(arg_name="msg", queue_name="orders")\ndef handler(msg):\n    pass\n'
    with pytest.raises(FunctionsKedaError, match=r"function_app\.py:4: @app\.rabbitmq_trigger is not a decorator"):
        discover(tmp_path, {"function_app.py": source})


# --- durable functions ---------------------------------------------------------------------------------------

DURABLE_APP = """
import azure.functions as func
import azure.durable_functions as df

{app}

@app.route(route="start/{{name}}")
@app.durable_client_input(client_name="client", task_hub="OrdersHub", connection_name="Storage")
async def starter(req: func.HttpRequest, client) -> func.HttpResponse:
    return await client.start_new(req.route_params["name"])

@app.orchestration_trigger(context_name="context")
def orchestrator(context: df.DurableOrchestrationContext):
    return (yield context.call_activity("say_hello", "Tokyo"))

@app.activity_trigger(input_name="city", activity="SayHello")
def say_hello(city: str) -> str:
    return f"Hello {{city}}"

@app.entity_trigger(context_name="context", entity_name="Counter")
def counter(context):
    context.set_result(1)
"""

DURABLE_BINDINGS = {
    "starter": (
        {
            "direction": "IN",
            "type": "durableClient",
            "name": "client",
            "taskHub": "OrdersHub",
            "connectionName": "Storage",
        },
        {"direction": "IN", "type": "httpTrigger", "name": "req", "authLevel": "FUNCTION", "route": "start/{name}"},
        {"direction": "OUT", "type": "http", "name": "$return"},
    ),
    "orchestrator": ({"direction": "IN", "type": "orchestrationTrigger", "name": "context"},),
    "say_hello": ({"direction": "IN", "type": "activityTrigger", "name": "city", "activity": "SayHello"},),
    "counter": ({"direction": "IN", "type": "entityTrigger", "name": "context", "entityName": "Counter"},),
}


@pytest.mark.parametrize(
    "app",
    ["app = df.DFApp(http_auth_level=func.AuthLevel.FUNCTION)", "app = func.FunctionApp()"],
    ids=["df.DFApp", "func.FunctionApp"],
)
def test_durable_decorators(tmp_path: Path, app: str) -> None:
    specs = discover(tmp_path, {"function_app.py": DURABLE_APP.format(app=app)})
    assert {spec.name: spec.bindings for spec in specs} == DURABLE_BINDINGS
    assert [spec.source for spec in specs] == [
        "function_app.py:8",
        "function_app.py:12",
        "function_app.py:16",
        "function_app.py:20",
    ]


def test_durable_orchestration_name_and_blueprint(tmp_path: Path) -> None:
    specs = discover(
        tmp_path,
        {
            "function_app.py": """
                import azure.durable_functions as df
                from orchestrations import bp
                app = df.DFApp()
                app.register_functions(bp)
            """,
            "orchestrations.py": """
                import azure.durable_functions as df
                bp = df.Blueprint()

                @bp.orchestration_trigger(context_name="ctx", orchestration="Main")
                def main(ctx):
                    pass
            """,
        },
    )
    assert only(specs) == FunctionSpec(
        name="main",
        bindings=({"direction": "IN", "type": "orchestrationTrigger", "name": "ctx", "orchestration": "Main"},),
        source="orchestrations.py:5",
    )


# --- how the app is spelled ----------------------------------------------------------------------------------

QUEUE_FUNCTION = """
@{app}.queue_trigger(arg_name="msg", queue_name="orders", connection="Storage")
def worker(msg):
    pass
"""

APP_SPELLINGS = {
    "import-as-func": ("import azure.functions as func\napp = func.FunctionApp()", "app"),
    "import-as-af": ("import azure.functions as af\napplication = af.FunctionApp()", "application"),
    "from-import": (
        "from azure.functions import FunctionApp, AuthLevel\nmy_app = FunctionApp(http_auth_level=AuthLevel.ANONYMOUS)",
        "my_app",
    ),
    "from-import-as": ("from azure.functions import FunctionApp as App\nfa = App()", "fa"),
    "from-azure-import-functions": ("from azure import functions\napp = functions.FunctionApp()", "app"),
    "from-azure-import-functions-as": ("from azure import functions as f\napp = f.FunctionApp()", "app"),
    "import-dotted": ("import azure.functions\napp = azure.functions.FunctionApp()", "app"),
    "annotated": ("import azure.functions as func\napp: func.FunctionApp = func.FunctionApp()", "app"),
    "chained-assignment": ("import azure.functions as func\napp = main = func.FunctionApp()", "main"),
    "df.DFApp": ("import azure.durable_functions as df\napp = df.DFApp()", "app"),
    "from-durable-import": ("from azure.durable_functions import DFApp\napp = DFApp()", "app"),
    "inside-try": (
        "try:\n    import azure.functions as func\nexcept ImportError:\n    raise\napp = func.FunctionApp()",
        "app",
    ),
}


@pytest.mark.parametrize(("prelude", "variable"), APP_SPELLINGS.values(), ids=APP_SPELLINGS.keys())
def test_app_under_any_alias(tmp_path: Path, prelude: str, variable: str) -> None:
    spec = only(discover(tmp_path, {"function_app.py": prelude + "\n" + QUEUE_FUNCTION.format(app=variable)}))
    assert spec.name == "worker"
    assert spec.bindings == (
        {"direction": "IN", "type": "queueTrigger", "name": "msg", "queueName": "orders", "connection": "Storage"},
    )


@pytest.mark.parametrize("kind", ["AsgiFunctionApp", "WsgiFunctionApp"])
def test_asgi_and_wsgi_apps_declare_their_http_function(tmp_path: Path, kind: str) -> None:
    source = f"""
        import azure.functions as func
        from web import api  # the user's FastAPI/Flask app: never imported

        app = func.{kind}(app=api, http_auth_level=func.AuthLevel.ANONYMOUS)

        @app.timer_trigger(arg_name="timer", schedule="0 0 * * * *")
        def nightly(timer):
            pass
    """
    specs = by_name(discover(tmp_path, {"function_app.py": source, "web.py": "raise SystemExit('imported!')\n"}))
    assert list(specs) == ["http_app_func", "nightly"]
    http = specs["http_app_func"]
    assert http.source == "function_app.py:4"
    assert http.bindings[0]["type"] == "httpTrigger"
    assert http.bindings[0]["route"] == "/{*route}"
    assert http.bindings[0]["authLevel"] == "ANONYMOUS"


# --- names, stacking, order ----------------------------------------------------------------------------------

FUNCTION_NAMES = {
    "default-is-python-name": ("", "process"),
    "function_name-keyword-on-top": ('@app.function_name(name="ProcessOrders")\n', "ProcessOrders"),
    "function_name-positional": ('@app.function_name("ProcessOrders")\n', "ProcessOrders"),
}


@pytest.mark.parametrize(("extra", "expected"), FUNCTION_NAMES.values(), ids=FUNCTION_NAMES.keys())
def test_function_name(tmp_path: Path, extra: str, expected: str) -> None:
    source = (
        HEADER + extra + '@app.queue_trigger(arg_name="m", queue_name="q", connection="C")\ndef process(m):\n    pass\n'
    )
    assert only(discover(tmp_path, {"function_app.py": source})).name == expected


def test_function_name_below_the_trigger(tmp_path: Path) -> None:
    source = HEADER + '@app.queue_trigger(arg_name="m", queue_name="q", connection="C")\n@app.function_name("Fn")\n'
    source += "def process(m):\n    pass\n"
    assert only(discover(tmp_path, {"function_app.py": source})).name == "Fn"


def test_stacked_input_and_output_bindings_in_library_order(tmp_path: Path) -> None:
    source = HEADER + textwrap.dedent("""
        @app.function_name(name="Resize")
        @app.queue_trigger(arg_name="msg", queue_name="images", connection="Storage")
        @app.blob_input(arg_name="original", path="images/{queueTrigger}", connection="Storage")
        @app.blob_output(arg_name="thumb", path="thumbs/{queueTrigger}", connection="Storage")
        @app.table_output(arg_name="row", table_name="Log", connection="Storage")
        @app.queue_output(arg_name="done", queue_name="resized", connection="Storage")
        async def resize(msg, original, thumb, row, done):
            pass
    """)
    spec = only(discover(tmp_path, {"function_app.py": source}))
    # Decorators apply bottom-up, so the bottom one's binding comes first, as the worker indexes them.
    assert shape(spec) == [
        ("queue", "OUT", "done"),
        ("table", "OUT", "row"),
        ("blob", "OUT", "thumb"),
        ("blob", "IN", "original"),
        ("queueTrigger", "IN", "msg"),
    ]
    assert spec.bindings[1] == {
        "direction": "OUT",
        "type": "table",
        "name": "row",
        "tableName": "Log",
        "connection": "Storage",
    }
    assert spec.source == "function_app.py:11"


def test_other_decorators_and_objects_are_ignored(tmp_path: Path) -> None:
    source = """
        import functools
        import azure.functions as func
        import tracing

        app = func.FunctionApp()
        router = object()

        @tracing.traced(name=compute())
        @app.queue_trigger(arg_name="m", queue_name="q", connection="C")
        @functools.wraps(print)
        def worker(m):
            pass

        @router.route("/x")
        @functools.cache
        def helper(x):
            pass

        class Handler:
            @app.route(route="never")  # not at module level: the worker never sees it either
            def method(self, req):
                pass
    """
    assert [spec.name for spec in discover(tmp_path, {"function_app.py": source})] == ["worker"]


def test_functions_come_in_the_order_the_worker_indexes_them(tmp_path: Path) -> None:
    source = """
        import azure.functions as func
        app = func.FunctionApp()
        bp = func.Blueprint()

        @app.timer_trigger(arg_name="t", schedule="0 * * * * *")
        def first(t):
            pass

        @bp.timer_trigger(arg_name="t", schedule="0 * * * * *")
        def from_blueprint(t):
            pass

        app.register_functions(bp)

        @bp.timer_trigger(arg_name="t", schedule="0 * * * * *")
        def too_late(t):  # declared after the registration: the library copied the list already
            pass

        @app.timer_trigger(arg_name="t", schedule="0 * * * * *")
        def last(t):
            pass
    """
    assert [spec.name for spec in discover(tmp_path, {"function_app.py": source})] == [
        "first",
        "from_blueprint",
        "last",
    ]


# --- blueprints ----------------------------------------------------------------------------------------------

ORDERS_BLUEPRINT = """
import azure.functions as func

bp = func.Blueprint()


@bp.service_bus_queue_trigger(arg_name="msg", queue_name="orders", connection="ServiceBus")
def orders(msg):
    pass
"""

BLUEPRINTS: dict[str, tuple[dict[str, str], str]] = {
    "same-file": (
        {"function_app.py": ORDERS_BLUEPRINT + "\napp = func.FunctionApp()\napp.register_functions(bp)\n"},
        "function_app.py:7",
    ),
    "module": (
        {
            "function_app.py": HEADER + "from orders_bp import bp\napp.register_functions(bp)\n",
            "orders_bp.py": ORDERS_BLUEPRINT,
        },
        "orders_bp.py:7",
    ),
    "module-alias": (
        {
            "function_app.py": HEADER + "from orders_bp import bp as orders\napp.register_blueprint(orders)\n",
            "orders_bp.py": ORDERS_BLUEPRINT,
        },
        "orders_bp.py:7",
    ),
    "package": (
        {
            "function_app.py": HEADER + "from blueprints.orders import bp\napp.register_functions(bp)\n",
            "blueprints/__init__.py": "",
            "blueprints/orders.py": ORDERS_BLUEPRINT,
        },
        "blueprints/orders.py:7",
    ),
    "import-as": (
        {
            "function_app.py": HEADER + "import blueprints.orders as m\napp.register_functions(m.bp)\n",
            "blueprints/__init__.py": "",
            "blueprints/orders.py": ORDERS_BLUEPRINT,
        },
        "blueprints/orders.py:7",
    ),
    "import-dotted": (
        {
            "function_app.py": HEADER + "import blueprints.orders\napp.register_functions(blueprints.orders.bp)\n",
            "blueprints/__init__.py": "",
            "blueprints/orders.py": ORDERS_BLUEPRINT,
        },
        "blueprints/orders.py:7",
    ),
    "from-package-import-module": (
        {
            "function_app.py": HEADER + "from blueprints import orders\napp.register_functions(orders.bp)\n",
            "blueprints/__init__.py": "",
            "blueprints/orders.py": ORDERS_BLUEPRINT,
        },
        "blueprints/orders.py:7",
    ),
    "relative-import-in-package": (
        {
            "function_app.py": HEADER + "from blueprints import bp\napp.register_functions(bp)\n",
            "blueprints/__init__.py": "from .orders import bp\n",
            "blueprints/orders.py": ORDERS_BLUEPRINT,
        },
        "blueprints/orders.py:7",
    ),
    "from-dot-import-module": (
        {
            "function_app.py": HEADER
            + "from blueprints import all_blueprints\napp.register_functions(all_blueprints.orders.bp)\n",
            "blueprints/__init__.py": "",
            "blueprints/all_blueprints.py": "from . import orders\n",
            "blueprints/orders.py": ORDERS_BLUEPRINT,
        },
        "blueprints/orders.py:7",
    ),
    "relative-import-in-script": (
        {
            "function_app.py": HEADER
            + "from . import orders_bp\nfrom .orders_bp import bp\nassert orders_bp.bp is bp\n"
            "app.register_functions(orders_bp.bp)\n",
            "orders_bp.py": ORDERS_BLUEPRINT,
        },
        "orders_bp.py:7",
    ),
    "loop-over-blueprints": (
        {
            "function_app.py": HEADER + "from orders_bp import bp as orders\n"
            "for blueprint in [orders]:\n    app.register_functions(blueprint)\n",
            "orders_bp.py": ORDERS_BLUEPRINT,
        },
        "orders_bp.py:7",
    ),
    "namespace-package": (
        {
            "function_app.py": HEADER + "from blueprints.orders import bp\napp.register_functions(bp)\n",
            "blueprints/orders.py": ORDERS_BLUEPRINT,
        },
        "blueprints/orders.py:7",
    ),
    "import-in-try": (
        {
            "function_app.py": HEADER + "try:\n    from orders_bp import bp\nexcept ImportError:\n    bp = None\n"
            "app.register_functions(bp)\n",
            "orders_bp.py": ORDERS_BLUEPRINT,
        },
        "orders_bp.py:7",
    ),
}


@pytest.mark.parametrize(("files", "source"), BLUEPRINTS.values(), ids=BLUEPRINTS.keys())
def test_registered_blueprint(tmp_path: Path, files: dict[str, str], source: str) -> None:
    spec = only(discover(tmp_path, files))
    assert spec == FunctionSpec(
        name="orders",
        bindings=(
            {
                "direction": "IN",
                "type": "serviceBusTrigger",
                "name": "msg",
                "connection": "ServiceBus",
                "queueName": "orders",
            },
        ),
        source=source,
    )


@pytest.mark.parametrize(
    "files",
    [
        {"function_app.py": ORDERS_BLUEPRINT + "\napp = func.FunctionApp()\n"},
        {"function_app.py": HEADER + "from orders_bp import bp\n", "orders_bp.py": ORDERS_BLUEPRINT},
    ],
    ids=["same-file", "imported"],
)
def test_unregistered_blueprint_is_ignored(tmp_path: Path, files: dict[str, str]) -> None:
    assert discover(tmp_path, files) == ()


def test_blueprint_function_name_and_several_blueprints(tmp_path: Path) -> None:
    specs = discover(
        tmp_path,
        {
            "function_app.py": HEADER
            + textwrap.dedent("""
                from blueprints import orders, billing
                app.register_functions(orders.bp)
                app.register_functions(billing.bp)
            """),
            "blueprints/__init__.py": "",
            "blueprints/orders.py": ORDERS_BLUEPRINT,
            "blueprints/billing.py": """
                from azure.functions import Blueprint

                bp = Blueprint()

                @bp.function_name(name="Invoice")
                @bp.event_hub_message_trigger(arg_name="e", event_hub_name="invoices", connection="EH")
                def invoice(e):
                    pass
            """,
        },
    )
    assert [(spec.name, spec.source) for spec in specs] == [
        ("orders", "blueprints/orders.py:7"),
        ("Invoice", "blueprints/billing.py:7"),
    ]


def test_app_shared_through_a_module(tmp_path: Path) -> None:
    """A common layout: the app lives in a module, and importing other modules registers their functions."""
    specs = discover(
        tmp_path,
        {
            "function_app.py": "from shared.app import app\nimport functions.timers\n",
            "shared/__init__.py": "",
            "shared/app.py": HEADER,
            "functions/__init__.py": "",
            "functions/timers.py": """
                from shared.app import app

                @app.timer_trigger(arg_name="t", schedule="0 0 * * * *")
                def hourly(t):
                    pass
            """,
        },
    )
    assert [(spec.name, spec.source) for spec in specs] == [("hourly", "functions/timers.py:4")]


def test_import_cycle_sees_the_partly_read_module(tmp_path: Path) -> None:
    specs = discover(
        tmp_path,
        {
            "function_app.py": HEADER + "import handlers\n",
            "handlers.py": """
                from function_app import app

                @app.queue_trigger(arg_name="m", queue_name="q", connection="C")
                def handle(m):
                    pass
            """,
        },
    )
    assert [spec.name for spec in specs] == ["handle"]


# --- argument values -----------------------------------------------------------------------------------------

ARGUMENTS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "module-constant": ('QUEUE = "orders"', "queue_name=QUEUE", {"queueName": "orders"}),
    "annotated-constant": ('QUEUE: str = "orders"', "queue_name=QUEUE", {"queueName": "orders"}),
    "f-string": ('ENV = "prod"', 'queue_name=f"orders-{ENV}"', {"queueName": "orders-prod"}),
    "f-string-format-spec": ("SHARD = 7", 'queue_name=f"orders-{SHARD:03d}"', {"queueName": "orders-007"}),
    "concatenation": ('PREFIX = "orders"', 'queue_name=PREFIX + "-in"', {"queueName": "orders-in"}),
    "dict-constant-item": ('CONFIG = {"queue": "orders"}', 'queue_name=CONFIG["queue"]', {"queueName": "orders"}),
    "kwargs-from-constant": (
        'COMMON = {"connection": "Storage"}',
        'queue_name="orders", **COMMON',
        {"queueName": "orders", "connection": "Storage"},
    ),
    "app-setting-syntax": ("", 'queue_name="%OrdersQueue%"', {"queueName": "%OrdersQueue%"}),
    "value-at-def-time": ('QUEUE = "first"', "queue_name=QUEUE", {"queueName": "first"}),
}


@pytest.mark.parametrize(("constants", "arguments", "expected"), ARGUMENTS.values(), ids=ARGUMENTS.keys())
def test_argument_values(tmp_path: Path, constants: str, arguments: str, expected: dict[str, Any]) -> None:
    source = f"""{HEADER}{constants}

@app.queue_trigger(arg_name="m", connection="C", {arguments})
def worker(m):
    pass

QUEUE = "reassigned after the def"
"""
    trigger = only(discover(tmp_path, {"function_app.py": source})).bindings[0]
    assert {key: trigger[key] for key in expected} == expected


def test_constant_imported_from_an_app_module(tmp_path: Path) -> None:
    source = HEADER + "from settings import QUEUE\n" + QUEUE_FUNCTION.format(app="app").replace('"orders"', "QUEUE")
    spec = only(discover(tmp_path, {"function_app.py": source, "settings.py": 'QUEUE = "from-settings"\n'}))
    assert spec.bindings[0]["queueName"] == "from-settings"


ENUMS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "AuthLevel": (
        HEADER,
        '@app.route(route="r", auth_level=func.AuthLevel.ADMIN)',
        {"authLevel": "ADMIN"},
    ),
    "app-level-AuthLevel": (
        "import azure.functions as func\napp = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)\n",
        '@app.route(route="r")',
        {"authLevel": "ANONYMOUS"},
    ),
    "from-import-AuthLevel": (
        "from azure.functions import FunctionApp, AuthLevel\napp = FunctionApp()\n",
        '@app.route(route="r", auth_level=AuthLevel.FUNCTION)',
        {"authLevel": "FUNCTION"},
    ),
    "HttpMethod": (
        HEADER,
        '@app.route(route="r", methods=[func.HttpMethod.GET, func.HttpMethod.POST])',
        {"methods": ["GET", "POST"]},
    ),
    "AccessRights": (
        HEADER,
        '@app.service_bus_queue_trigger(arg_name="m", queue_name="q", connection="C", '
        "access_rights=func.AccessRights.MANAGE)",
        {"accessRights": "MANAGE"},
    ),
    "Cardinality-DataType": (
        HEADER,
        '@app.event_hub_message_trigger(arg_name="m", event_hub_name="h", connection="C", '
        "cardinality=func.Cardinality.MANY, data_type=func.DataType.STRING)",
        {"cardinality": "MANY", "dataType": "STRING"},
    ),
    "enum-from-submodule": (
        HEADER + "from azure.functions.decorators.core import Cardinality\n",
        '@app.event_hub_message_trigger(arg_name="m", event_hub_name="h", connection="C", '
        "cardinality=Cardinality.MANY)",
        {"cardinality": "MANY"},
    ),
}


@pytest.mark.parametrize(("prelude", "decorator", "expected"), ENUMS.values(), ids=ENUMS.keys())
def test_library_enum_attributes(tmp_path: Path, prelude: str, decorator: str, expected: dict[str, Any]) -> None:
    source = f"{prelude}\n{decorator}\ndef handler(req, m):\n    pass\n"
    trigger = only(discover(tmp_path, {"function_app.py": source})).bindings[0]
    assert {key: trigger[key] for key in expected} == expected


# --- errors --------------------------------------------------------------------------------------------------


def app_file(body: str) -> dict[str, str]:
    """A function_app.py made of HEADER (lines 1-3) and ``body`` (from line 4 on)."""
    return {"function_app.py": HEADER + textwrap.dedent(body).lstrip("\n")}


ERRORS: dict[str, tuple[dict[str, str], str]] = {
    "syntax-error": (
        app_file("""
            def broken(:
                pass
        """),
        r"^function_app\.py:4: has a syntax error \(.*\)\. Fix the syntax error; discovery reads the source without",
    ),
    "syntax-error-in-blueprint": (
        {
            **app_file("from blueprints.orders import bp\n"),
            "blueprints/__init__.py": "",
            "blueprints/orders.py": "bp = (\n",
        },
        r"^blueprints/orders\.py:1: has a syntax error",
    ),
    "environ-argument": (
        app_file("""
            import os
            @app.queue_trigger(arg_name="m", queue_name=os.environ["Q"], connection="C")
            def f(m):
                pass
        """),
        r"^function_app\.py:5: argument queue_name of @app\.queue_trigger is .os\.environ\[.Q.\]., which discovery "
        r"can't evaluate without running the code: 'os' is the module 'os'.*\. "
        r"Use a literal or a module-level constant, or use an app setting with %Name% syntax\.$",
    ),
    "call-argument": (
        app_file("""
            @app.queue_trigger(arg_name="m", queue_name=name(), connection="C")
            def f(m):
                pass
        """),
        r"^function_app\.py:4: argument queue_name of @app\.queue_trigger .*it calls name\(\)",
    ),
    "unknown-name": (
        app_file("""
            @app.queue_trigger(arg_name="m", queue_name=QUEUE, connection="C")
            def f(m):
                pass
        """),
        r"^function_app\.py:4: argument queue_name .*name 'QUEUE' is not assigned by a top-level statement",
    ),
    "name-set-in-an-if": (
        app_file("""
            if True:
                QUEUE = "orders"
            @app.queue_trigger(arg_name="m", queue_name=QUEUE, connection="C")
            def f(m):
                pass
        """),
        r"^function_app\.py:6: argument queue_name .*name 'QUEUE' is not assigned by a top-level statement",
    ),
    "constant-from-a-call": (
        app_file("""
            import os
            QUEUE = os.getenv("Q")
            @app.queue_trigger(arg_name="m", queue_name=QUEUE, connection="C")
            def f(m):
                pass
        """),
        r"^function_app\.py:6: argument queue_name .*'QUEUE' is set at function_app\.py:5 to a value discovery does "
        r"not evaluate \(it calls os\.getenv\(\)",
    ),
    "constant-from-a-library": (
        app_file("""
            from settings_lib import QUEUE
            @app.queue_trigger(arg_name="m", queue_name=QUEUE, connection="C")
            def f(m):
                pass
        """),
        r"^function_app\.py:5: .*imported from 'settings_lib', which is not in the app folder",
    ),
    "non-literal-in-blueprint": (
        {
            **app_file("""
                from orders_bp import bp
                app.register_functions(bp)
            """),
            "orders_bp.py": """
                import azure.functions as func
                import os
                bp = func.Blueprint()
                @bp.queue_trigger(arg_name="m", queue_name="q", connection=os.getenv("C"))
                def f(m):
                    pass
            """,
        },
        r"^orders_bp\.py:4: argument connection of @bp\.queue_trigger",
    ),
    "non-literal-app-argument": (
        {
            "function_app.py": """
                import azure.functions as func
                import os
                app = func.FunctionApp(http_auth_level=os.environ["LEVEL"])
            """
        },
        r"^function_app\.py:3: argument http_auth_level of func\.FunctionApp\(\)",
    ),
    "duplicate-python-names": (
        app_file("""
            @app.queue_trigger(arg_name="m", queue_name="a", connection="C")
            def dup(m):
                pass
            @app.queue_trigger(arg_name="m", queue_name="b", connection="C")
            def dup(m):
                pass
        """),
        r"^function 'dup' \(function_app\.py:8\): has the same name as the function at function_app\.py:5\. "
        r"Give each function a unique name",
    ),
    "duplicate-function-name": (
        app_file("""
            @app.function_name("Same")
            @app.queue_trigger(arg_name="m", queue_name="a", connection="C")
            def one(m):
                pass
            @app.function_name("Same")
            @app.route(route="r")
            def two(req):
                pass
        """),
        r"^function 'Same' \(function_app\.py:10\): has the same name as the function at function_app\.py:6",
    ),
    "no-trigger": (
        app_file("""
            @app.queue_output(arg_name="o", queue_name="q", connection="C")
            def f(o):
                pass
        """),
        r"^function 'f' \(function_app\.py:5\): Function f does not have a trigger",
    ),
    "two-triggers": (
        app_file("""
            @app.queue_trigger(arg_name="m", queue_name="q", connection="C")
            @app.timer_trigger(arg_name="t", schedule="0 * * * * *")
            def f(m, t):
                pass
        """),
        r"^function 'f' \(function_app\.py:6\): @app\.queue_trigger fails: A trigger was already registered",
    ),
    "missing-required-argument": (
        app_file("""
            @app.queue_trigger(arg_name="m")
            def f(m):
                pass
        """),
        r"^function 'f' \(function_app\.py:5\): @app\.queue_trigger\(\.\.\.\) fails: .*queue_name",
    ),
    "unidentifiable-blueprint": (
        app_file("""
            from factory import make
            app.register_functions(make())
        """),
        r"^function_app\.py:5: app\.register_functions\(\) registers make\(\), which discovery can't identify",
    ),
    "register-an-app": (
        app_file("""
            other = func.FunctionApp()
            app.register_functions(other)
        """),
        r"^function_app\.py:5: app\.register_functions\(\) registers other, which is a function app, not a Blueprint",
    ),
    "loop-over-unreadable-blueprints": (
        app_file("""
            import blueprints
            for bp in blueprints.discover():
                app.register_functions(bp)
        """),
        r"^function_app\.py:5: the loop registers blueprints from blueprints\.discover\(\), which discovery can't "
        r"evaluate",
    ),
    "two-apps": (
        app_file("second = func.FunctionApp()\n"),
        r"^function_app\.py: defines 2 function apps at the top level \(function_app\.py:3, function_app\.py:4\)",
    ),
}


@pytest.mark.parametrize(("files", "message"), ERRORS.values(), ids=ERRORS.keys())
def test_errors_name_the_file_and_line(tmp_path: Path, files: dict[str, str], message: str) -> None:
    with pytest.raises(FunctionsKedaError, match=message):
        discover(tmp_path, files)


# --- never running user code ---------------------------------------------------------------------------------


def test_user_code_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "ran.txt"
    touch = f"open({str(marker)!r}, 'w').write('ran')"
    files = {
        "function_app.py": f"""
            import azure.functions as func
            import side_effects
            from blueprints.orders import bp

            {touch}
            app = func.FunctionApp()
            app.register_functions(bp)

            @app.queue_trigger(arg_name="msg", queue_name="orders", connection="Storage")
            def worker(msg, out={touch}) -> {touch}:
                {touch}

            if __name__ == "function_app":
                {touch}
            raise SystemExit("module level code ran")
        """,
        "side_effects.py": f"{touch}\nraise SystemExit('imported')\n",
        "blueprints/__init__.py": f"{touch}\n",
        "blueprints/orders.py": f"""
            import azure.functions as func
            {touch}
            bp = func.Blueprint()

            @bp.timer_trigger(arg_name="t", schedule="0 * * * * *")
            async def tick(t: {touch.replace("'ran'", "'annotation'")}):
                {touch}
        """,
    }
    specs = discover(tmp_path, files)
    assert [spec.name for spec in specs] == ["tick", "worker"]
    assert not marker.exists()
    assert not {"function_app", "side_effects", "blueprints", "blueprints.orders"} & set(sys.modules)


# --- misc ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "files",
    [{}, {"function_app.py": "import azure.functions as func\n\ndef plain():\n    pass\n"}, {"other.py": HEADER}],
    ids=["no-script", "script-without-app", "app-in-another-file"],
)
def test_no_script_or_no_app_means_no_functions(tmp_path: Path, files: dict[str, str]) -> None:
    assert discover(tmp_path, files) == ()


def test_custom_script_file(tmp_path: Path) -> None:
    files = {"main_app.py": HEADER + QUEUE_FUNCTION.format(app="app")}
    assert [spec.source for spec in discover(tmp_path, files, script_file="main_app.py")] == ["main_app.py:6"]


@pytest.fixture
def root_logger() -> Iterator[logging.Logger]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield root
    root.handlers[:], root.level = handlers, level


def test_library_warnings_are_silenced(
    tmp_path: Path, root_logger: logging.Logger, caplog: pytest.LogCaptureFixture
) -> None:
    # A non-HTTP app makes the library warn "Auth level is not applied to non http function app".
    caplog.set_level(logging.WARNING)
    handlers_before, level_before = list(root_logger.handlers), root_logger.level
    discover(tmp_path, {"function_app.py": HEADER + QUEUE_FUNCTION.format(app="app")})
    assert not [record for record in caplog.records if "Auth level" in record.getMessage()]
    assert (root_logger.handlers, root_logger.level) == (handlers_before, level_before)
