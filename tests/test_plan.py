"""The planner: which Deployments exist, which functions each runs, and how KEDA scales them.

Fixture apps (tests/apps, examples/python-v2-app) are planned as a stack would plan them, with a real-looking
AzureWebJobsStorage; the rules are pinned on small apps written to ``tmp_path``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from components.catalogue import KedaTrigger
from components.discovery import discover
from components.errors import FunctionsKedaError
from components.options import validate_args
from components.plan import AppPlan, ScaledObjectPlan, plan_app, plan_project

REPO = Path(__file__).resolve().parent.parent
APPS = REPO / "tests" / "apps"
EXAMPLE = REPO / "examples" / "python-v2-app"

STORAGE = "DefaultEndpointsProtocol=https;AccountName=teststore;AccountKey=ZmFrZQ==;EndpointSuffix=core.windows.net"
OTHER_STORAGE = (
    "DefaultEndpointsProtocol=https;AccountName=otherstore;AccountKey=ZmFrZQ==;EndpointSuffix=core.windows.net"
)
SQL = "Server=mssql.default.svc,1433;Database=DurableDB;User ID=durable;Password=NotARealPassword1!;Encrypt=True;"
IMAGE = "registry.example.com/orders:1.0.0"

TIMER_REASON = "KEDA has no scaler for timers (a schedule is not a queue); it must always have a replica"
DURABLE_REASON = "Durable Functions scale on KEDA only with the MSSQL storage provider"
OVERRIDE_HINT = " Give one a scaler with functions-keda:triggerOverrides (e.g. type 'cron')."


# -- helpers ------------------------------------------------------------------------------------------------


def write_app(tmp_path: Path, files: dict[str, str | dict[str, Any]]) -> Path:
    """Write an app folder ``orders`` under ``tmp_path``; dict contents are dumped as JSON."""
    app = tmp_path / "orders"
    for name, content in files.items():
        path = app / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content, indent=2) if isinstance(content, dict) else content)
    return app


def app_files(
    functions: dict[str, dict[str, Any]],
    host: dict[str, Any] | None = None,
    values: dict[str, str] | None = None,
) -> dict[str, str | dict[str, Any]]:
    """host.json, local.settings.json (when ``values`` is given) and one ``<name>/function.json`` per function."""
    files: dict[str, str | dict[str, Any]] = {"host.json": {"version": "2.0", **(host or {})}}
    if values is not None:
        files["local.settings.json"] = {"IsEncrypted": False, "Values": values}
    for name, document in functions.items():
        files[f"{name}/function.json"] = document
    return files


def function(*bindings: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A Python v1 function.json (``scriptFile`` tells discovery the language)."""
    return {"scriptFile": "__init__.py", "bindings": list(bindings), **extra}


def http_fn(*outputs: dict[str, Any]) -> dict[str, Any]:
    trigger = {"type": "httpTrigger", "direction": "in", "name": "req", "authLevel": "function"}
    return function(trigger, {"type": "http", "direction": "out", "name": "$return"}, *outputs)


def queue_fn(queue: str = "jobs", **properties: Any) -> dict[str, Any]:
    return function({"type": "queueTrigger", "direction": "in", "name": "msg", "queueName": queue, **properties})


def trigger_fn(kind: str, **properties: Any) -> dict[str, Any]:
    return function({"type": kind, "direction": "in", "name": "input", **properties})


TIMER = trigger_fn("timerTrigger", schedule="0 */5 * * * *")
DURABLE_FUNCTIONS = {
    "Counter": trigger_fn("entityTrigger"),
    "Hello": trigger_fn("activityTrigger"),
    "HttpStart": http_fn({"type": "durableClient", "direction": "in", "name": "starter"}),
    "Orchestrator": trigger_fn("orchestrationTrigger"),
}


def plan(app: Path, *, storage: bool = True, settings: dict[str, Any] | None = None, **args: Any) -> AppPlan:
    """``plan_app`` as a stack calls it: a prebuilt image and, unless ``storage=False``, AzureWebJobsStorage."""
    stack: dict[str, Any] = {"AzureWebJobsStorage": STORAGE} if storage else {}
    stack.update(settings or {})
    return plan_app({"app_path": str(app), "image": IMAGE, "settings": stack, **args})


WorkloadRow = tuple[str, str, tuple[str, ...], int | None, bool, int | None]


def workloads(app_plan: AppPlan) -> list[WorkloadRow]:
    """(role, name, functions, replicas, serves_http, ScaledObject minReplicaCount or None) per Deployment."""
    return [
        (w.role, w.name, w.functions, w.replicas, w.serves_http, w.scaled_object and w.scaled_object.min_replicas)
        for w in app_plan.workloads
    ]


TriggerRow = tuple[str, dict[str, str], tuple[str, ...], tuple[str, ...]]


def triggers(app_plan: AppPlan) -> list[TriggerRow]:
    """(type, metadata, functions, env) of every KEDA trigger of the app's one ScaledObject."""
    scaled = [w.scaled_object for w in app_plan.workloads if w.scaled_object is not None]
    assert len(scaled) <= 1
    return [summary(t) for s in scaled for t in s.triggers]


def summary(trigger: KedaTrigger) -> TriggerRow:
    return trigger.type, dict(trigger.metadata), trigger.functions, trigger.env


def unscaled(app_plan: AppPlan) -> list[tuple[str, str]]:
    return [(u.function, u.reason) for u in app_plan.unscaled]


def matches(*fragments: str) -> str:
    """A ``match=`` pattern: every fragment, literally, in this order."""
    return ".*".join(re.escape(fragment) for fragment in fragments)


def unscaled_warning(deployment: str, replicas: int, *functions: tuple[str, str]) -> str:
    listed = "; ".join(f"{name!r} ({reason})" for name, reason in functions)
    return (
        f"These functions have no KEDA scaler, so Deployment {deployment!r} keeps {replicas} replica(s) running "
        f"for them: {listed}.{OVERRIDE_HINT}"
    )


def queue_trigger(functions: tuple[str, ...], queue: str = "jobs", **extra: str) -> TriggerRow:
    metadata = {"queueName": queue, "connectionFromEnv": "AzureWebJobsStorage", **extra}
    return ("azure-queue", metadata, functions, ("AzureWebJobsStorage",))


# -- every fixture app, exactly ------------------------------------------------------------------------------

EVENT_HUB_CONSTANTS = {
    "storageConnectionFromEnv": "AzureWebJobsStorage",
    "checkpointStrategy": "blobMetadata",
    "blobContainer": "azure-webjobs-eventhub",
}

FIXTURES: list[Any] = [
    pytest.param(
        EXAMPLE,
        "python",
        [
            ("http", "python-v2-app-http", ("CreateOrder", "health"), 1, True, None),
            (
                "events",
                "python-v2-app",
                ("ProcessInvoice", "IngestTelemetry", "ProcessOrder", "BillOrderEvent"),
                None,
                False,
                0,
            ),
            ("fixed", "python-v2-app-fixed", ("NightlyReport",), 1, False, None),
        ],
        [
            (
                "azure-blob",
                {"blobContainerName": "invoices", "connectionFromEnv": "AzureWebJobsStorage"},
                ("ProcessInvoice",),
                ("AzureWebJobsStorage",),
            ),
            (
                "azure-eventhub",
                {
                    "eventHubName": "telemetry",
                    "connectionFromEnv": "EventHubConnection",
                    "unprocessedEventThreshold": "100",
                    **EVENT_HUB_CONSTANTS,
                },
                ("IngestTelemetry",),
                ("EventHubConnection", "AzureWebJobsStorage"),
            ),
            queue_trigger(("ProcessOrder",), "orders", queueLength="16"),
            (
                "azure-servicebus",
                {
                    "topicName": "order-events",
                    "subscriptionName": "billing",
                    "connectionFromEnv": "ServiceBusConnection",
                    "messageCount": "16",
                },
                ("BillOrderEvent",),
                ("ServiceBusConnection",),
            ),
        ],
        [("NightlyReport", TIMER_REASON)],
        id="example-python-v2-app",
    ),
    pytest.param(
        APPS / "custom-handler",
        "custom",
        [("events", "custom-handler", ("KafkaFn", "RabbitFn"), None, False, 0)],
        [
            (
                "kafka",
                {
                    "bootstrapServersFromEnv": "KafkaBrokers",
                    "topic": "clicks",
                    "consumerGroup": "scorer",
                    "lagThreshold": "1000",
                },
                ("KafkaFn",),
                ("KafkaBrokers",),
            ),
            (
                "rabbitmq",
                {"queueName": "tasks", "hostFromEnv": "RabbitMQConnection"},
                ("RabbitFn",),
                ("RabbitMQConnection",),
            ),
        ],
        [],
        id="custom-handler",
    ),
    pytest.param(
        APPS / "dotnet-inprocess-build",
        "dotnet",
        [("events", "dotnet-inprocess-build", ("ProcessQueue",), None, False, 0)],
        [queue_trigger(("ProcessQueue",), "dotnet-orders", queueLength="32")],
        [],
        id="dotnet-inprocess-build",
    ),
    pytest.param(
        APPS / "durable-mssql",
        "python",
        [
            ("http", "durable-mssql-http", ("HttpStart",), 1, True, None),
            ("events", "durable-mssql", ("Counter", "Orchestrator", "SayHello"), None, False, 0),
        ],
        [
            (
                "mssql",
                {
                    "query": "SELECT dt.GetScaleRecommendation(4, 8)",
                    "targetValue": "1",
                    "connectionStringFromEnv": "SQLDB_Connection",
                },
                ("Counter", "Orchestrator", "SayHello"),
                ("SQLDB_Connection",),
            )
        ],
        [],
        id="durable-mssql",
    ),
    pytest.param(
        APPS / "java-build",
        "java",
        [("events", "java-build", ("QueueJava", "UploadJava"), None, False, 0)],
        [
            queue_trigger(("QueueJava",), "java-orders"),
            (
                "azure-blob",
                {"blobContainerName": "uploads", "connectionFromEnv": "AzureWebJobsStorage"},
                ("UploadJava",),
                ("AzureWebJobsStorage",),
            ),
        ],
        [],
        id="java-build",
    ),
    pytest.param(
        APPS / "node-v3",
        "node",
        [
            ("http", "node-v3-http", ("Api",), 1, True, None),
            ("events", "node-v3", ("Ingest", "ProcessOrder"), None, False, 0),
        ],
        [
            (
                "azure-eventhub",
                {
                    "eventHubName": "telemetry",
                    "connectionFromEnv": "EventHubConnection",
                    **EVENT_HUB_CONSTANTS,
                },
                ("Ingest",),
                ("EventHubConnection", "AzureWebJobsStorage"),
            ),
            (
                "azure-servicebus",
                {"queueName": "orders", "connectionFromEnv": "ServiceBusConnection", "messageCount": "32"},
                ("ProcessOrder",),
                ("ServiceBusConnection",),
            ),
        ],
        [],
        id="node-v3",
    ),
    pytest.param(
        APPS / "powershell",
        "powershell",
        [("events", "powershell", ("QueueFn",), None, False, 0)],
        [queue_trigger(("QueueFn",), "ps-jobs")],
        [],
        id="powershell",
    ),
    pytest.param(
        APPS / "python-v1",
        "python",
        [
            ("http", "python-v1-http", ("HttpStart",), 1, True, None),
            ("events", "python-v1", ("QueueWorker",), None, False, 0),
            ("fixed", "python-v1-fixed", ("Nightly",), 1, False, None),
        ],
        [queue_trigger(("QueueWorker",), "jobs", queueLength="8")],
        [("Nightly", TIMER_REASON)],
        id="python-v1",
    ),
    pytest.param(
        APPS / "python-v2-mixed",
        "python",
        [
            ("http", "python-v2-mixed-http", ("GetScore",), 1, True, None),
            (
                "events",
                "python-v2-mixed",
                ("ScoreQueue", "ClickStream", "RunTask", "settle_payment"),
                None,
                False,
                0,
            ),
            ("fixed", "python-v2-mixed-fixed", ("SyncProducts",), 1, False, None),
        ],
        [
            (
                "azure-queue",
                {"queueName": "scores", "connectionFromEnv": "ScoresStorage"},
                ("ScoreQueue",),
                ("ScoresStorage",),
            ),
            (
                "kafka",
                {
                    "bootstrapServersFromEnv": "Brokers",
                    "topic": "clicks",
                    "consumerGroup": "clickstream",
                    "lagThreshold": "500",
                },
                ("ClickStream",),
                ("Brokers",),
            ),
            (
                "rabbitmq",
                {"queueName": "tasks", "hostFromEnv": "RabbitMQConnection", "value": "20", "mode": "QueueLength"},
                ("RunTask",),
                ("RabbitMQConnection",),
            ),
            (
                "azure-servicebus",
                {"queueName": "payments", "connectionFromEnv": "ServiceBusConnection", "messageCount": "8"},
                ("settle_payment",),
                ("ServiceBusConnection",),
            ),
        ],
        [("SyncProducts", "KEDA 2.20 has no Cosmos DB change-feed scaler")],
        id="python-v2-mixed",
    ),
    pytest.param(
        APPS / "redis",
        "python",
        [("events", "redis", ("ListJobs", "StreamEvents"), None, False, 0)],
        [
            ("redis", {"listName": "jobs", "addressFromEnv": "RedisConnection"}, ("ListJobs",), ("RedisConnection",)),
            (
                "redis-streams",
                {"stream": "events", "addressFromEnv": "RedisConnection"},
                ("StreamEvents",),
                ("RedisConnection",),
            ),
        ],
        [],
        id="redis",
    ),
    pytest.param(
        APPS / "redis-with-password",
        "python",
        [("fixed", "redis-with-password-fixed", ("ListJobs",), 1, False, None)],
        [],
        [
            (
                "ListJobs",
                "its Redis connection string has options (password, ssl...), which KEDA needs through a "
                "TriggerAuthentication",
            )
        ],
        id="redis-with-password",
    ),
]


@pytest.mark.parametrize(("app", "runtime", "expected_workloads", "expected_triggers", "expected_unscaled"), FIXTURES)
def test_fixture_app(
    app: Path,
    runtime: str,
    expected_workloads: list[WorkloadRow],
    expected_triggers: list[TriggerRow],
    expected_unscaled: list[tuple[str, str]],
) -> None:
    app_plan = plan(app)
    assert app_plan.name == app.name
    assert app_plan.namespace is None
    assert workloads(app_plan) == expected_workloads
    assert triggers(app_plan) == expected_triggers
    assert unscaled(app_plan) == expected_unscaled
    assert app_plan.settings["FUNCTIONS_WORKER_RUNTIME"] == runtime
    assert app_plan.settings["AzureWebJobsStorage"] == STORAGE
    fixed = next((w.name for w in app_plan.workloads if w.role == "fixed"), None)
    expected_warnings = (unscaled_warning(fixed, 1, *expected_unscaled),) if expected_unscaled else ()
    assert app_plan.warnings == expected_warnings
    for workload in app_plan.workloads:
        if workload.scaled_object is not None:
            assert workload.scaled_object.name == app.name
            knobs = workload.scaled_object
            assert (knobs.min_replicas, knobs.max_replicas, knobs.polling_interval, knobs.cooldown_period) == (
                0,
                10,
                30,
                300,
            )
    assert app_plan.http_workload == next((w for w in app_plan.workloads if w.role == "http"), None)
    assert app_plan.settings_secret_name == app.name + "-settings"


def test_every_fixture_app_is_pinned() -> None:
    """Each fixture app has an exact row here, or golden YAML (tests/test_golden.py renders every one)."""
    from test_golden import FIXTURE_CASES

    apps = {p for p in APPS.iterdir() if (p / "host.json").is_file()} | {EXAMPLE}
    rows = {case.values[0] for case in FIXTURES}
    goldens = {Path(args[0]) for args in FIXTURE_CASES.values()}
    assert apps - rows - goldens == set()


def test_fixture_local_settings_are_kept_under_stack_settings() -> None:
    app_plan = plan(APPS / "node-v3")
    assert app_plan.settings == {
        "FUNCTIONS_WORKER_RUNTIME": "node",
        "AzureWebJobsStorage": STORAGE,
        "ServiceBusConnection": "Endpoint=sb://fixture-orders.servicebus.windows.net/;SharedAccessKeyName=listen;"
        "SharedAccessKey=ZmFrZQ==",
        "EventHubConnection": "Endpoint=sb://fixture-telemetry.servicebus.windows.net/;SharedAccessKeyName=listen;"
        "SharedAccessKey=ZmFrZQ==",
        "HubName": "telemetry",
    }


def test_fixture_with_real_local_storage_needs_no_stack_settings() -> None:
    app_plan = plan(APPS / "python-v1", storage=False)
    assert app_plan.settings == {
        "FUNCTIONS_WORKER_RUNTIME": "python",
        "AzureWebJobsStorage": "DefaultEndpointsProtocol=https;AccountName=fixturestore;AccountKey=ZmFrZQ==;"
        "EndpointSuffix=core.windows.net",
    }
    assert [w.name for w in app_plan.workloads] == ["python-v1-http", "python-v1", "python-v1-fixed"]


def test_fixture_apps_need_a_real_storage_account() -> None:
    with pytest.raises(FunctionsKedaError, match=matches("setting 'AzureWebJobsStorage': points at the local")):
        plan(APPS / "node-v3", storage=False)


def test_plan_project_equals_plan_app() -> None:
    args = {"app_path": str(APPS / "python-v1"), "image": IMAGE, "settings": {"AzureWebJobsStorage": STORAGE}}
    direct = plan_project(discover(args["app_path"]), validate_args(args))
    assert direct == plan_app(args)


# -- topologies and replicas ---------------------------------------------------------------------------------

ALL = {"Api": http_fn(), "Jobs": queue_fn(), "Nightly": TIMER}

TOPOLOGIES = [
    # split (the default)
    pytest.param(
        ALL,
        {},
        [
            ("http", "orders-http", ("Api",), 1, True, None),
            ("events", "orders", ("Jobs",), None, False, 0),
            ("fixed", "orders-fixed", ("Nightly",), 1, False, None),
        ],
        id="split/http+events+fixed",
    ),
    pytest.param(
        ALL,
        {"topology": "split", "min_replicas": 2},
        [
            ("http", "orders-http", ("Api",), 2, True, None),
            ("events", "orders", ("Jobs",), None, False, 2),
            ("fixed", "orders-fixed", ("Nightly",), 2, False, None),
        ],
        id="split/min-2",
    ),
    pytest.param({"Jobs": queue_fn()}, {}, [("events", "orders", ("Jobs",), None, False, 0)], id="split/events-only"),
    pytest.param(
        {"Jobs": queue_fn()},
        {"min_replicas": "4"},
        [("events", "orders", ("Jobs",), None, False, 4)],
        id="split/events-only-min-4-from-config-string",
    ),
    pytest.param({"Api": http_fn()}, {}, [("http", "orders-http", ("Api",), 1, True, None)], id="split/http-only"),
    pytest.param(
        {"Nightly": TIMER}, {}, [("fixed", "orders-fixed", ("Nightly",), 1, False, None)], id="split/fixed-only"
    ),
    pytest.param(
        {"Api": http_fn(), "Nightly": TIMER},
        {"min_replicas": 0},
        [("http", "orders-http", ("Api",), 1, True, None), ("fixed", "orders-fixed", ("Nightly",), 1, False, None)],
        id="split/http+fixed",
    ),
    # single
    pytest.param(
        ALL,
        {"topology": "single"},
        [("app", "orders", ("Api", "Jobs", "Nightly"), None, True, 1)],
        id="single/all-min-0-floor-1",
    ),
    pytest.param(
        ALL,
        {"topology": "single", "min_replicas": 3},
        [("app", "orders", ("Api", "Jobs", "Nightly"), None, True, 3)],
        id="single/all-min-3",
    ),
    pytest.param(
        {"Jobs": queue_fn()},
        {"topology": "single"},
        [("app", "orders", ("Jobs",), None, False, 0)],
        id="single/events-only-scales-to-zero",
    ),
    pytest.param(
        {"Jobs": queue_fn()},
        {"topology": "single", "min_replicas": 2},
        [("app", "orders", ("Jobs",), None, False, 2)],
        id="single/events-only-min-2",
    ),
    pytest.param(
        {"Jobs": queue_fn(), "Nightly": TIMER},
        {"topology": "single"},
        [("app", "orders", ("Jobs", "Nightly"), None, False, 1)],
        id="single/events+unscaled-floor-1",
    ),
    pytest.param(
        {"Api": http_fn(), "Jobs": queue_fn()},
        {"topology": "single"},
        [("app", "orders", ("Api", "Jobs"), None, True, 1)],
        id="single/http+events-floor-1",
    ),
    pytest.param(
        {"Api": http_fn()},
        {"topology": "single"},
        [("app", "orders", ("Api",), 1, True, None)],
        id="single/http-only-no-scaledobject",
    ),
    pytest.param(
        {"Nightly": TIMER},
        {"topology": "single"},
        [("app", "orders", ("Nightly",), 1, False, None)],
        id="single/unscaled-only",
    ),
    pytest.param(
        {"Api": http_fn(), "Nightly": TIMER},
        {"topology": "single", "min_replicas": 2},
        [("app", "orders", ("Api", "Nightly"), 2, True, None)],
        id="single/http+unscaled-min-2",
    ),
]


@pytest.mark.parametrize(("functions", "args", "expected"), TOPOLOGIES)
def test_topology(tmp_path: Path, functions: dict[str, Any], args: dict[str, Any], expected: list[Any]) -> None:
    app_plan = plan(write_app(tmp_path, app_files(functions)), **args)
    assert workloads(app_plan) == expected
    assert app_plan.http_workload == next((w for w in app_plan.workloads if w.serves_http), None)


def test_scaled_object_knobs(tmp_path: Path) -> None:
    app = write_app(tmp_path, app_files(ALL))
    knobs = {"min_replicas": 1, "max_replicas": 5, "polling_interval": 15, "cooldown_period": 60}
    expected_triggers = (
        KedaTrigger(
            "azure-queue",
            {"queueName": "jobs", "connectionFromEnv": "AzureWebJobsStorage"},
            ("Jobs",),
            ("AzureWebJobsStorage",),
        ),
    )
    split = plan(app, name="shop", **knobs)
    assert [w.name for w in split.workloads] == ["shop-http", "shop", "shop-fixed"]
    assert [w.scaled_object for w in split.workloads] == [
        None,
        ScaledObjectPlan("shop", expected_triggers, 1, 5, 15, 60),
        None,
    ]
    single = plan(app, name="shop", topology="single", **knobs)
    assert [w.scaled_object for w in single.workloads] == [ScaledObjectPlan("shop", expected_triggers, 1, 5, 15, 60)]


def test_scaled_object_trigger_env(tmp_path: Path) -> None:
    app_plan = plan(write_app(tmp_path, app_files({"Jobs": queue_fn()})))
    events = app_plan.workloads[0]
    assert events.scaled_object is not None
    assert [t.env for t in events.scaled_object.triggers] == [("AzureWebJobsStorage",)]


def test_default_name_comes_from_the_folder(tmp_path: Path) -> None:
    app = write_app(tmp_path, app_files({"Api": http_fn()})).rename(tmp_path / "Orders_App")
    app_plan = plan(app)
    assert (app_plan.name, [w.name for w in app_plan.workloads]) == ("orders-app", ["orders-app-http"])


# -- merged triggers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("topology", ["split", "single"])
def test_identical_triggers_are_merged(tmp_path: Path, topology: str) -> None:
    functions = {
        "A": queue_fn("jobs"),
        "B": queue_fn("jobs", connection="AzureWebJobsStorage"),
        "C": queue_fn("%JobsQueue%"),
        "D": queue_fn("jobs", connection="Other"),
        "E": queue_fn("other-jobs"),
    }
    files = app_files(functions, values={"JobsQueue": "jobs", "Other": OTHER_STORAGE})
    app_plan = plan(write_app(tmp_path, files), topology=topology)
    assert triggers(app_plan) == [
        queue_trigger(("A", "B", "C")),
        ("azure-queue", {"queueName": "jobs", "connectionFromEnv": "Other"}, ("D",), ("Other",)),
        queue_trigger(("E",), "other-jobs"),
    ]
    assert [w.functions for w in app_plan.workloads] == [("A", "B", "C", "D", "E")]


def test_override_keeps_twins_apart(tmp_path: Path) -> None:
    app = write_app(tmp_path, app_files({"A": queue_fn(), "B": queue_fn()}))
    app_plan = plan(app, trigger_overrides={"B": {"queueLength": "1"}})
    assert triggers(app_plan) == [queue_trigger(("A",)), queue_trigger(("B",), queueLength="1")]


# -- Durable Functions ---------------------------------------------------------------------------------------

DURABLE = [
    pytest.param(
        {"durableTask": {"storageProvider": {"type": "mssql"}}},
        {"SQLDB_Connection": SQL},
        "SELECT dt.GetScaleRecommendation(10, 1)",
        "SQLDB_Connection",
        id="mssql-defaults",
    ),
    pytest.param(
        {
            "durableTask": {
                "storageProvider": {"type": "mssql", "connectionStringName": "DurableSql"},
                "maxConcurrentOrchestratorFunctions": 6,
                "maxConcurrentActivityFunctions": 3,
            }
        },
        {"DurableSql": SQL},
        "SELECT dt.GetScaleRecommendation(6, 3)",
        "DurableSql",
        id="mssql-named-connection-and-limits",
    ),
    pytest.param(
        {"DurableTask": {"StorageProvider": {"type": "mssql", "connectionStringName": "Sql"}}},
        {"AzureWebJobsSql": SQL},
        "SELECT dt.GetScaleRecommendation(10, 1)",
        "AzureWebJobsSql",
        id="mssql-prefixed-setting-and-key-case",
    ),
    pytest.param(
        {"durableTask": {"storageProvider": {"type": "mssql"}, "maxConcurrentActivityFunctions": 12}},
        {"SQLDB_Connection": SQL},
        "SELECT dt.GetScaleRecommendation(10, 12)",
        "SQLDB_Connection",
        id="mssql-activity-limit-only",
    ),
]


@pytest.mark.parametrize(("extensions", "settings", "query", "setting"), DURABLE)
def test_durable_mssql_is_one_trigger(
    tmp_path: Path, extensions: dict[str, Any], settings: dict[str, str], query: str, setting: str
) -> None:
    app = write_app(tmp_path, app_files(DURABLE_FUNCTIONS, host={"extensions": extensions}))
    app_plan = plan(app, settings=settings)
    assert workloads(app_plan) == [
        ("http", "orders-http", ("HttpStart",), 1, True, None),
        ("events", "orders", ("Counter", "Hello", "Orchestrator"), None, False, 0),
    ]
    assert triggers(app_plan) == [
        (
            "mssql",
            {"query": query, "targetValue": "1", "connectionStringFromEnv": setting},
            ("Counter", "Hello", "Orchestrator"),
            (setting,),
        )
    ]
    assert app_plan.unscaled == ()
    assert app_plan.warnings == ()


def test_durable_mssql_next_to_other_triggers(tmp_path: Path) -> None:
    functions = {**DURABLE_FUNCTIONS, "Jobs": queue_fn()}
    host = {"extensions": {"durableTask": {"storageProvider": {"type": "mssql"}}}}
    app_plan = plan(write_app(tmp_path, app_files(functions, host=host)), settings={"SQLDB_Connection": SQL})
    mssql = {
        "query": "SELECT dt.GetScaleRecommendation(10, 1)",
        "targetValue": "1",
        "connectionStringFromEnv": "SQLDB_Connection",
    }
    assert triggers(app_plan) == [
        queue_trigger(("Jobs",)),
        ("mssql", mssql, ("Counter", "Hello", "Orchestrator"), ("SQLDB_Connection",)),
    ]
    assert workloads(app_plan)[1] == ("events", "orders", ("Jobs", "Counter", "Hello", "Orchestrator"), None, False, 0)


@pytest.mark.parametrize(
    "extensions",
    [
        pytest.param({}, id="azure-storage-default"),
        pytest.param({"durableTask": {"storageProvider": {"type": "AzureStorage"}}}, id="azure-storage-explicit"),
        pytest.param({"durableTask": {"storageProvider": {"type": "netherite"}}}, id="netherite"),
        pytest.param({"durableTask": {"hubName": "orders"}}, id="no-storage-provider"),
    ],
)
def test_durable_without_mssql_runs_on_fixed_replicas(tmp_path: Path, extensions: dict[str, Any]) -> None:
    app = write_app(tmp_path, app_files(DURABLE_FUNCTIONS, host={"extensions": extensions}))
    app_plan = plan(app, settings={"SQLDB_Connection": SQL})
    assert workloads(app_plan) == [
        ("http", "orders-http", ("HttpStart",), 1, True, None),
        ("fixed", "orders-fixed", ("Counter", "Hello", "Orchestrator"), 1, False, None),
    ]
    expected_unscaled = [(name, DURABLE_REASON) for name in ("Counter", "Hello", "Orchestrator")]
    assert unscaled(app_plan) == expected_unscaled
    assert app_plan.warnings == (unscaled_warning("orders-fixed", 1, *expected_unscaled),)


@pytest.mark.parametrize(
    ("extensions", "settings", "fragments"),
    [
        pytest.param(
            {"durableTask": {"storageProvider": {"type": "mssql"}}},
            {},
            (
                "host.json extensions.durableTask.storageProvider: connectionStringName is 'SQLDB_Connection', "
                "but no app setting 'SQLDB_Connection' exists",
            ),
            id="missing-default-connection",
        ),
        pytest.param(
            {"durableTask": {"storageProvider": {"type": "mssql", "connectionStringName": "DurableSql"}}},
            {"SQLDB_Connection": SQL},
            ("connectionStringName is 'DurableSql', but no app setting 'DurableSql' exists",),
            id="missing-named-connection",
        ),
        pytest.param(
            {"durableTask": {"storageProvider": {"type": "mssql"}, "maxConcurrentOrchestratorFunctions": 0}},
            {"SQLDB_Connection": SQL},
            ("host.json: extensions.durableTask.maxConcurrentOrchestratorFunctions must be a positive whole number",),
            id="orchestrator-limit-zero",
        ),
        pytest.param(
            {"durableTask": {"storageProvider": {"type": "mssql"}, "maxConcurrentActivityFunctions": "4"}},
            {"SQLDB_Connection": SQL},
            ("extensions.durableTask.maxConcurrentActivityFunctions must be a positive whole number, found '4'",),
            id="activity-limit-string",
        ),
    ],
)
def test_durable_mssql_errors(
    tmp_path: Path, extensions: dict[str, Any], settings: dict[str, str], fragments: tuple[str, ...]
) -> None:
    app = write_app(tmp_path, app_files(DURABLE_FUNCTIONS, host={"extensions": extensions}))
    with pytest.raises(FunctionsKedaError, match=matches(*fragments)):
        plan(app, settings=settings)


# -- functions without a scaler ----------------------------------------------------------------------------

NO_SCALER_FUNCTIONS = {
    "Catalog": trigger_fn("cosmosDBTrigger", connection="Cosmos", databaseName="db", containerName="items"),
    "Grid": trigger_fn("eventGridTrigger"),
    "Jobs": queue_fn(),
    "Nightly": TIMER,
    "Rows": trigger_fn("sqlTrigger", tableName="dbo.Orders", connectionStringSetting="Sql"),
    "Socket": trigger_fn("webPubSubTrigger", hub="chat", eventName="message", eventType="user"),
}
NO_SCALER_EXPECTED = [
    ("Catalog", "KEDA 2.20 has no Cosmos DB change-feed scaler"),
    ("Grid", "Event Grid pushes events over HTTP, so there is no backlog for KEDA to measure"),
    ("Nightly", TIMER_REASON),
    ("Rows", "KEDA has no scaler for Azure SQL change tracking"),
    ("Socket", "KEDA has no scaler for webpubsubtrigger triggers"),
]


@pytest.mark.parametrize(
    ("args", "expected_workloads", "deployment", "replicas"),
    [
        pytest.param(
            {},
            [
                ("events", "orders", ("Jobs",), None, False, 0),
                ("fixed", "orders-fixed", ("Catalog", "Grid", "Nightly", "Rows", "Socket"), 1, False, None),
            ],
            "orders-fixed",
            1,
            id="split",
        ),
        pytest.param(
            {"min_replicas": 2},
            [
                ("events", "orders", ("Jobs",), None, False, 2),
                ("fixed", "orders-fixed", ("Catalog", "Grid", "Nightly", "Rows", "Socket"), 2, False, None),
            ],
            "orders-fixed",
            2,
            id="split-min-2",
        ),
        pytest.param(
            {"topology": "single"},
            [("app", "orders", ("Catalog", "Grid", "Jobs", "Nightly", "Rows", "Socket"), None, False, 1)],
            "orders",
            1,
            id="single",
        ),
        pytest.param(
            {"topology": "single", "min_replicas": 3},
            [("app", "orders", ("Catalog", "Grid", "Jobs", "Nightly", "Rows", "Socket"), None, False, 3)],
            "orders",
            3,
            id="single-min-3",
        ),
    ],
)
def test_unscaled_functions_and_warning(
    tmp_path: Path, args: dict[str, Any], expected_workloads: list[Any], deployment: str, replicas: int
) -> None:
    app = write_app(tmp_path, app_files(NO_SCALER_FUNCTIONS))
    app_plan = plan(app, **args)
    assert workloads(app_plan) == expected_workloads
    assert unscaled(app_plan) == NO_SCALER_EXPECTED
    assert app_plan.warnings == (unscaled_warning(deployment, replicas, *NO_SCALER_EXPECTED),)
    assert app_plan.warnings[0].startswith(
        f"These functions have no KEDA scaler, so Deployment {deployment!r} keeps {replicas} replica(s) running "
        "for them: 'Catalog' (KEDA 2.20 has no Cosmos DB change-feed scaler); 'Grid' (Event Grid pushes"
    )


def test_function_without_trigger_is_refused(tmp_path: Path) -> None:
    files = app_files({"Api": http_fn(), "Lonely": function({"type": "queue", "direction": "out", "name": "out"})})
    with pytest.raises(FunctionsKedaError, match=r"function 'Lonely' \(Lonely/function.json\): has no trigger binding"):
        plan(write_app(tmp_path, files))


# -- trigger overrides ---------------------------------------------------------------------------------------

OVERRIDE_APP = app_files(ALL, host={"extensions": {"queues": {"batchSize": 8}}})
CRON = {"timezone": "Etc/UTC", "start": "0 1 * * *", "end": "0 3 * * *", "desiredReplicas": "1"}

OVERRIDES = [
    pytest.param({}, [queue_trigger(("Jobs",), queueLength="8")], ("Nightly",), id="none"),
    pytest.param(
        {"Jobs": {"queueLength": "50"}}, [queue_trigger(("Jobs",), queueLength="50")], ("Nightly",), id="merge-change"
    ),
    pytest.param(
        {"Jobs": {"activationQueueLength": "5"}},
        [queue_trigger(("Jobs",), queueLength="8", activationQueueLength="5")],
        ("Nightly",),
        id="merge-add",
    ),
    pytest.param(
        {"Jobs": {"queueLength": 20, "activationQueueLength": 2.5}},
        [queue_trigger(("Jobs",), queueLength="20", activationQueueLength="2.5")],
        ("Nightly",),
        id="merge-numbers-become-strings",
    ),
    pytest.param({"Jobs": {"queueLength": None}}, [queue_trigger(("Jobs",))], ("Nightly",), id="remove"),
    pytest.param(
        {"Jobs": {"notThere": None}}, [queue_trigger(("Jobs",), queueLength="8")], ("Nightly",), id="remove-absent-key"
    ),
    pytest.param(
        {"Nightly": {"type": "cron", **CRON}},
        [queue_trigger(("Jobs",), queueLength="8"), ("cron", CRON, ("Nightly",), ())],
        None,
        id="type-replaces-timer-with-cron",
    ),
    pytest.param(
        {"Jobs": {"type": "azure-queue", "queueName": "other", "accountName": "acct", "queueLength": None}},
        [("azure-queue", {"queueName": "other", "accountName": "acct"}, ("Jobs",), ())],
        ("Nightly",),
        id="type-replaces-whole-trigger",
    ),
    pytest.param(
        {"Jobs": {"type": "cron", **CRON}, "Nightly": {"type": "cron", **CRON}},
        [("cron", CRON, ("Jobs", "Nightly"), ())],
        None,
        id="identical-replacements-merge",
    ),
]


@pytest.mark.parametrize(("overrides", "expected_triggers", "fixed"), OVERRIDES)
def test_trigger_overrides(
    tmp_path: Path, overrides: dict[str, Any], expected_triggers: list[TriggerRow], fixed: tuple[str, ...] | None
) -> None:
    app_plan = plan(write_app(tmp_path, OVERRIDE_APP), trigger_overrides=overrides)
    assert triggers(app_plan) == expected_triggers
    assert next((w.functions for w in app_plan.workloads if w.role == "fixed"), None) == fixed
    assert app_plan.warnings == ((unscaled_warning("orders-fixed", 1, ("Nightly", TIMER_REASON)),) if fixed else ())


WHERE_OVERRIDES = "functions-keda:triggerOverrides (trigger_overrides)"

OVERRIDE_ERRORS = [
    pytest.param(
        {"Nope": {"queueLength": "1"}},
        (f"{WHERE_OVERRIDES}: names function 'Nope', which the app does not run. Use one of Api, Jobs, Nightly.",),
        id="unknown-function",
    ),
    pytest.param(
        {"jobs": {"queueLength": "1"}},
        (f"{WHERE_OVERRIDES}: names function 'jobs', which the app does not run",),
        id="function-name-case-matters",
    ),
    pytest.param(
        {"Old": {"queueLength": "1"}},
        (f"{WHERE_OVERRIDES}: names function 'Old', which the app does not run",),
        id="disabled-function",
    ),
    pytest.param(
        {"Api": {"queueLength": "1"}},
        (f"{WHERE_OVERRIDES}: function 'Api' is an HTTP function, which is not scaled by a KEDA event trigger",),
        id="http-function",
    ),
    pytest.param(
        {"Api": {"type": "cron", **CRON}},
        (f"{WHERE_OVERRIDES}: function 'Api' is an HTTP function",),
        id="http-function-with-type",
    ),
    pytest.param(
        {"Nightly": {"timezone": "Etc/UTC"}},
        (f"{WHERE_OVERRIDES}: function 'Nightly' has no KEDA trigger to adjust: {TIMER_REASON}", "'type' key"),
        id="no-scaler-without-type",
    ),
    pytest.param({"Nightly": {"type": ""}}, (f"{WHERE_OVERRIDES}: Nightly.type is empty",), id="empty-type"),
    pytest.param({"Nightly": {"type": None}}, (f"{WHERE_OVERRIDES}: Nightly.type is empty",), id="null-type"),
    pytest.param(
        {"Jobs": "queueLength=5"},
        (f"{WHERE_OVERRIDES}: must map function names to objects of KEDA metadata",),
        id="entry-not-an-object",
    ),
    pytest.param(
        {"Jobs": {"queueLength": ["5"]}},
        (f"{WHERE_OVERRIDES}: Jobs.queueLength must be a string (or null to remove the key), found ['5']",),
        id="value-not-a-string",
    ),
]


@pytest.mark.parametrize(("overrides", "fragments"), OVERRIDE_ERRORS)
def test_trigger_override_errors(tmp_path: Path, overrides: dict[str, Any], fragments: tuple[str, ...]) -> None:
    files = {**OVERRIDE_APP, "Old/function.json": {**queue_fn("old"), "disabled": True}}
    with pytest.raises(FunctionsKedaError, match=matches(*fragments)):
        plan(write_app(tmp_path, files), trigger_overrides=overrides)


def test_override_on_unscalable_trigger_needs_a_type() -> None:
    with pytest.raises(
        FunctionsKedaError,
        match=matches(f"{WHERE_OVERRIDES}: function 'ListJobs' has no KEDA trigger to adjust: its Redis connection"),
    ):
        plan(APPS / "redis-with-password", trigger_overrides={"ListJobs": {"listLength": "5"}})
    app_plan = plan(
        APPS / "redis-with-password",
        trigger_overrides={"ListJobs": {"type": "redis", "addressFromEnv": "RedisHost", "listName": "jobs"}},
    )
    assert workloads(app_plan) == [("events", "redis-with-password", ("ListJobs",), None, False, 0)]
    assert triggers(app_plan) == [("redis", {"addressFromEnv": "RedisHost", "listName": "jobs"}, ("ListJobs",), ())]
    assert app_plan.warnings == ()


def test_override_on_durable_without_mssql_needs_a_type(tmp_path: Path) -> None:
    app = write_app(tmp_path, app_files(DURABLE_FUNCTIONS))
    with pytest.raises(
        FunctionsKedaError,
        match=matches(f"{WHERE_OVERRIDES}: function 'Hello' has no KEDA trigger to adjust: {DURABLE_REASON}"),
    ):
        plan(app, trigger_overrides={"Hello": {"targetValue": "2"}})


def test_type_override_takes_a_durable_function_out_of_the_mssql_trigger(tmp_path: Path) -> None:
    host = {"extensions": {"durableTask": {"storageProvider": {"type": "mssql"}}}}
    app = write_app(tmp_path, app_files(DURABLE_FUNCTIONS, host=host))
    app_plan = plan(app, settings={"SQLDB_Connection": SQL}, trigger_overrides={"Counter": {"type": "cron", **CRON}})
    assert triggers(app_plan) == [
        ("cron", CRON, ("Counter",), ()),
        (
            "mssql",
            {
                "query": "SELECT dt.GetScaleRecommendation(10, 1)",
                "targetValue": "1",
                "connectionStringFromEnv": "SQLDB_Connection",
            },
            ("Hello", "Orchestrator"),
            ("SQLDB_Connection",),
        ),
    ]


def test_override_on_durable_mssql_is_applied() -> None:
    app_plan = plan(APPS / "durable-mssql", trigger_overrides={"Orchestrator": {"targetValue": "3"}})
    assert triggers(app_plan) == [
        (
            "mssql",
            {
                "query": "SELECT dt.GetScaleRecommendation(4, 8)",
                "targetValue": "3",
                "connectionStringFromEnv": "SQLDB_Connection",
            },
            ("Counter", "Orchestrator", "SayHello"),
            ("SQLDB_Connection",),
        )
    ]


# -- disabled functions and host.json's allow-list ---------------------------------------------------------

FILTER_FUNCTIONS = {**ALL, "Old": {**queue_fn("old"), "disabled": True}}

FILTERS = [
    pytest.param({}, {}, None, ["Api", "Jobs", "Nightly"], (), id="disabled-true-in-function-json"),
    pytest.param({"AzureWebJobs.Jobs.Disabled": "true"}, {}, None, ["Api", "Nightly"], (), id="setting-true"),
    pytest.param({"AzureWebJobs.Jobs.Disabled": " TRUE "}, {}, None, ["Api", "Nightly"], (), id="setting-TRUE"),
    pytest.param({}, {"AzureWebJobs.Nightly.Disabled": "1"}, None, ["Api", "Jobs"], (), id="stack-setting-1"),
    pytest.param(
        {"AzureWebJobs.Jobs.Disabled": "true"},
        {"AzureWebJobs.Jobs.Disabled": "false"},
        None,
        ["Api", "Jobs", "Nightly"],
        (),
        id="stack-setting-re-enables",
    ),
    pytest.param({"AzureWebJobs.Jobs.Disabled": "0"}, {}, None, ["Api", "Jobs", "Nightly"], (), id="setting-0"),
    pytest.param({"AzureWebJobs.Jobs.Disabled": "yes"}, {}, None, ["Api", "Jobs", "Nightly"], (), id="setting-yes"),
    pytest.param({}, {}, ["Jobs", "Api"], ["Api", "Jobs"], (), id="allow-list"),
    pytest.param({}, {}, ["jobs"], ["Jobs"], (), id="allow-list-ignores-case"),
    pytest.param({}, {}, ["Jobs", "Old"], ["Jobs"], (), id="allow-list-does-not-enable-disabled"),
    pytest.param(
        {},
        {},
        ["Jobs", "Ghost", "Phantom"],
        ["Jobs"],
        ("host.json 'functions' lists ghost, phantom, which the app does not define.",),
        id="allow-list-unknown-names-warn",
    ),
]


@pytest.mark.parametrize(("values", "stack", "allow_list", "deployed", "warnings"), FILTERS)
def test_disabled_and_allow_list(
    tmp_path: Path,
    values: dict[str, str],
    stack: dict[str, str],
    allow_list: list[str] | None,
    deployed: list[str],
    warnings: tuple[str, ...],
) -> None:
    host = {} if allow_list is None else {"functions": allow_list}
    app = write_app(tmp_path, app_files(FILTER_FUNCTIONS, host=host, values=values))
    app_plan = plan(app, settings=stack)
    assert sorted(f for w in app_plan.workloads for f in w.functions) == deployed
    timer_warning = unscaled_warning("orders-fixed", 1, ("Nightly", TIMER_REASON))
    assert app_plan.warnings == warnings + ((timer_warning,) if "Nightly" in deployed else ())
    # Disabled functions are still part of the project, just not deployed.
    assert [f.name for f in app_plan.project.functions] == ["Api", "Jobs", "Nightly", "Old"]


def test_disabled_function_settings_are_not_resolved(tmp_path: Path) -> None:
    files = app_files({"Jobs": queue_fn(), "Old": {**queue_fn("%Missing%"), "disabled": True}})
    assert [w.functions for w in plan(write_app(tmp_path, files)).workloads] == [("Jobs",)]


_LEFT_OUT = "; ".join(f"'{name}' is not in host.json 'functions'" for name in ("Api", "Jobs", "Nightly"))
_OLD = "'Old' is \"disabled\": true in Old/function.json"


@pytest.mark.parametrize(
    ("values", "allow_list", "reasons"),
    [
        pytest.param({}, ["Old"], f"{_LEFT_OUT}; {_OLD}", id="allow-list-only-disabled"),
        pytest.param({}, ["Ghost"], f"{_LEFT_OUT}; {_OLD}", id="allow-list-only-unknown"),
        pytest.param({}, [], f"{_LEFT_OUT}; {_OLD}", id="empty-allow-list"),
        pytest.param(
            {
                "AzureWebJobs.Api.Disabled": "true",
                "AzureWebJobs.Jobs.Disabled": "1",
                "AzureWebJobs.Nightly.Disabled": "True",
            },
            None,
            "'Api' is disabled by setting AzureWebJobs.Api.Disabled; 'Jobs' is disabled by setting "
            f"AzureWebJobs.Jobs.Disabled; 'Nightly' is disabled by setting AzureWebJobs.Nightly.Disabled; {_OLD}",
            id="all-disabled-by-settings",
        ),
    ],
)
def test_nothing_left_to_run_says_why_for_each_function(
    tmp_path: Path, values: dict[str, str], allow_list: list[str] | None, reasons: str
) -> None:
    host = {} if allow_list is None else {"functions": allow_list}
    app = write_app(tmp_path, app_files(FILTER_FUNCTIONS, host=host, values=values))
    with pytest.raises(FunctionsKedaError, match=matches(f"{app}: has no function left to run: {reasons}.")):
        plan(app)


# -- settings ------------------------------------------------------------------------------------------------


def test_stack_settings_win_over_local_ones(tmp_path: Path) -> None:
    values = {
        "FUNCTIONS_WORKER_RUNTIME": "python",
        "AzureWebJobsStorage": "UseDevelopmentStorage=true",
        "Color": "blue",
        "Size": "S",
    }
    app = write_app(tmp_path, app_files({"Jobs": queue_fn()}, values=values))
    app_plan = plan(app, settings={"Color": "red", "Extra": "x", "Flag": True, "Count": 3})
    assert app_plan.settings == {
        "FUNCTIONS_WORKER_RUNTIME": "python",
        "AzureWebJobsStorage": STORAGE,
        "Color": "red",
        "Size": "S",
        "Extra": "x",
        "Flag": "true",
        "Count": "3",
    }


@pytest.mark.parametrize(
    ("values", "stack", "runtime"),
    [
        pytest.param(None, {}, "python", id="added-without-local-settings"),
        pytest.param({"Other": "x"}, {}, "python", id="added-when-local-has-none"),
        pytest.param({"FUNCTIONS_WORKER_RUNTIME": "python"}, {}, "python", id="local"),
        pytest.param(None, {"FUNCTIONS_WORKER_RUNTIME": "python"}, "python", id="stack-matching"),
    ],
)
def test_worker_runtime(tmp_path: Path, values: dict[str, str] | None, stack: dict[str, str], runtime: str) -> None:
    app = write_app(tmp_path, app_files({"Jobs": queue_fn()}, values=values))
    app_plan = plan(app, settings=stack)
    assert app_plan.settings == {**(values or {}), "AzureWebJobsStorage": STORAGE, "FUNCTIONS_WORKER_RUNTIME": runtime}


def test_stack_may_pick_dotnet_isolated_for_dll_code() -> None:
    app_plan = plan(APPS / "dotnet-inprocess-build", settings={"FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated"})
    assert app_plan.settings["FUNCTIONS_WORKER_RUNTIME"] == "dotnet-isolated"


@pytest.mark.parametrize(
    ("values", "stack", "fragments"),
    [
        pytest.param(
            None,
            {"FUNCTIONS_WORKER_RUNTIME": "node"},
            ("functions-keda:settings.FUNCTIONS_WORKER_RUNTIME: is 'node' but the functions are written for 'python'",),
            id="stack-contradicts-code",
        ),
        pytest.param(
            {"FUNCTIONS_WORKER_RUNTIME": "python"},
            {"FUNCTIONS_WORKER_RUNTIME": "node"},
            ("FUNCTIONS_WORKER_RUNTIME: is 'node' but the functions are written for 'python'",),
            id="stack-contradicts-code-and-local",
        ),
        pytest.param(
            None,
            {"FUNCTIONS_WORKER_RUNTIME": "cobol"},
            ("functions-keda:settings.FUNCTIONS_WORKER_RUNTIME: 'cobol' is not",),
            id="stack-unknown-runtime",
        ),
        pytest.param(
            {"FUNCTIONS_WORKER_RUNTIME": "node"},
            {},
            (
                "local.settings.json Values.FUNCTIONS_WORKER_RUNTIME: is 'node' but the "
                "functions are written for 'python'",
            ),
            id="local-contradicts-code",
        ),
        pytest.param(
            None,
            {"Logging:LogLevel:Default": "Warning"},
            ("setting 'Logging:LogLevel:Default': cannot be passed to a container", "'Logging__LogLevel__Default'"),
            id="colon-in-stack-setting-name",
        ),
        pytest.param(
            {"AzureFunctionsJobHost:logging:logLevel:default": "Debug"},
            {},
            ("setting 'AzureFunctionsJobHost:logging:logLevel:default': cannot be passed to a container",),
            id="colon-in-local-setting-name",
        ),
        pytest.param(
            {"AzureWebJobsStorage": "UseDevelopmentStorage=true"},
            {},
            ("setting 'AzureWebJobsStorage': points at the local storage emulator",),
            id="local-UseDevelopmentStorage",
        ),
        pytest.param(
            None,
            {"Uploads": "UseDevelopmentStorage = True"},
            ("setting 'Uploads': points at the local storage emulator",),
            id="UseDevelopmentStorage-spaced",
        ),
        pytest.param(
            None,
            {
                "Uploads": "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=ZmFrZQ==;"
                "EndpointSuffix=core.windows.net"
            },
            ("setting 'Uploads': points at the local storage emulator",),
            id="devstoreaccount1",
        ),
        pytest.param(
            {"Blobs": "BlobEndpoint=http://127.0.0.1:10000/acct;AccountName=acct;AccountKey=ZmFrZQ=="},
            {},
            ("setting 'Blobs': points at the local storage emulator",),
            id="emulator-blob-port",
        ),
        pytest.param(
            None,
            {"Tables": "TableEndpoint=http://127.0.0.1:10002/acct"},
            ("setting 'Tables': points at the local storage emulator",),
            id="emulator-table-port",
        ),
    ],
)
def test_settings_errors(
    tmp_path: Path, values: dict[str, str] | None, stack: dict[str, Any], fragments: tuple[str, ...]
) -> None:
    app = write_app(tmp_path, app_files({"Jobs": queue_fn()}, values=values))
    # A stack AzureWebJobsStorage would hide a local one: only give one when local.settings.json has none.
    storage = "AzureWebJobsStorage" not in (values or {})
    with pytest.raises(FunctionsKedaError, match=matches(*fragments)):
        plan(app, storage=storage, settings=stack)


def test_emulator_lookalikes_are_accepted(tmp_path: Path) -> None:
    app = write_app(tmp_path, app_files({"Jobs": queue_fn()}))
    app_plan = plan(app, settings={"Metrics": "http://127.0.0.1:10003/metrics", "Dots.And-Dashes_ok": "1"})
    assert app_plan.settings["Metrics"] == "http://127.0.0.1:10003/metrics"
    assert app_plan.settings["Dots.And-Dashes_ok"] == "1"


def test_settings_checksum_changes_iff_settings_change(tmp_path: Path) -> None:
    app = write_app(tmp_path, app_files({"Jobs": queue_fn()}, values={"A": "1"}))
    base = plan(app, settings={"B": "2", "C": "3"}).settings_checksum
    assert len(base) == 64
    assert plan(app, settings={"C": "3", "B": "2"}).settings_checksum == base
    assert plan(app, settings={"B": "2", "C": "3"}, min_replicas=2, topology="single").settings_checksum == base
    assert plan(app, settings={"B": "2", "C": "3"}, trigger_overrides={"Jobs": {"x": "1"}}).settings_checksum == base
    changed = {
        plan(app, settings={"B": "2", "C": "4"}).settings_checksum,
        plan(app, settings={"B": "2", "C": "3", "D": ""}).settings_checksum,
        plan(app, settings={"B": "2"}).settings_checksum,
        plan(app, settings={"B": "2", "C": "3", "A": "one"}).settings_checksum,
        plan(app, settings={"B": "2", "C": "3", "AzureWebJobsStorage": OTHER_STORAGE}).settings_checksum,
    }
    assert len(changed) == 5
    assert base not in changed


# -- %Setting% expressions and connections -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "stack", "queue"),
    [
        pytest.param({"JobsQueue": "local-jobs"}, {}, "local-jobs", id="local"),
        pytest.param({"JobsQueue": "local-jobs"}, {"JobsQueue": "stack-jobs"}, "stack-jobs", id="stack-wins"),
        pytest.param({}, {"JobsQueue": "stack-jobs"}, "stack-jobs", id="stack-only"),
    ],
)
def test_setting_expressions_are_resolved(
    tmp_path: Path, values: dict[str, str], stack: dict[str, str], queue: str
) -> None:
    app = write_app(tmp_path, app_files({"Jobs": queue_fn("%JobsQueue%")}, values=values))
    assert triggers(plan(app, settings=stack)) == [queue_trigger(("Jobs",), queue)]


PYTHON_V2_APP = """\
import azure.functions as func

app = func.FunctionApp()


@app.queue_trigger(arg_name="msg", queue_name="%JobsQueue%", connection="AzureWebJobsStorage")
def jobs(msg: func.QueueMessage) -> None:
    pass
"""

RESOLUTION_ERRORS = [
    pytest.param(
        app_files({"Jobs": queue_fn("%JobsQueue%")}),
        (
            "function 'Jobs' (Jobs/function.json): uses %JobsQueue% but no app setting 'JobsQueue' exists",
            "'functions-keda:settings.JobsQueue'",
        ),
        id="trigger-property",
    ),
    pytest.param(
        app_files({"Jobs": queue_fn("%Env%-%Queue%")}, values={"Env": "prod"}),
        ("function 'Jobs' (Jobs/function.json): uses %Queue% but no app setting 'Queue' exists",),
        id="second-expression-in-a-value",
    ),
    pytest.param(
        app_files({"Api": http_fn({"type": "queue", "direction": "out", "name": "out", "queueName": "%Outbox%"})}),
        ("function 'Api' (Api/function.json): uses %Outbox% but no app setting 'Outbox' exists",),
        id="output-binding-of-http-function",
    ),
    pytest.param(
        {"host.json": {"version": "2.0"}, "function_app.py": PYTHON_V2_APP},
        ("function 'jobs' (function_app.py:7): uses %JobsQueue% but no app setting 'JobsQueue' exists",),
        id="python-v2",
    ),
]


@pytest.mark.parametrize(("files", "fragments"), RESOLUTION_ERRORS)
def test_unresolvable_setting(tmp_path: Path, files: dict[str, Any], fragments: tuple[str, ...]) -> None:
    with pytest.raises(FunctionsKedaError, match=matches(*fragments)):
        plan(write_app(tmp_path, files))


CONNECTION_ERRORS = [
    pytest.param(
        {"Jobs": queue_fn(connection="Orders")},
        {},
        (
            "function 'Jobs' (Jobs/function.json): uses connection 'Orders', but no app setting 'Orders' (or "
            "'AzureWebJobsOrders') exists",
        ),
        id="missing-connection",
    ),
]


@pytest.mark.parametrize(("functions", "stack", "fragments"), CONNECTION_ERRORS)
def test_connection_errors(
    tmp_path: Path, functions: dict[str, Any], stack: dict[str, str], fragments: tuple[str, ...]
) -> None:
    with pytest.raises(FunctionsKedaError, match=matches(*fragments)):
        plan(write_app(tmp_path, app_files(functions)), settings=stack)


def test_connection_found_with_azurewebjobs_prefix(tmp_path: Path) -> None:
    app = write_app(tmp_path, app_files({"Jobs": queue_fn(connection="Orders")}))
    app_plan = plan(app, settings={"AzureWebJobsOrders": OTHER_STORAGE})
    assert triggers(app_plan) == [
        (
            "azure-queue",
            {"queueName": "jobs", "connectionFromEnv": "AzureWebJobsOrders"},
            ("Jobs",),
            ("AzureWebJobsOrders",),
        )
    ]


@pytest.mark.parametrize(
    "functions",
    [
        pytest.param({"Nightly": TIMER}, id="timer"),
        pytest.param({"Api": http_fn(), "Jobs": queue_fn(connection="Orders")}, id="queue-on-another-account"),
    ],
)
def test_event_functions_need_host_storage(tmp_path: Path, functions: dict[str, Any]) -> None:
    app = write_app(tmp_path, app_files(functions))
    first = next(name for name in functions if name != "Api")
    with pytest.raises(
        FunctionsKedaError,
        match=matches(
            f"function {first!r} ({first}/function.json): is not an HTTP function, and the host needs "
            "AzureWebJobsStorage"
        ),
    ):
        plan(app, storage=False, settings={"Orders": OTHER_STORAGE})


def test_host_storage_may_be_identity_based(tmp_path: Path) -> None:
    app = write_app(tmp_path, app_files({"Jobs": queue_fn(connection="Orders")}))
    app_plan = plan(
        app, storage=False, settings={"Orders": OTHER_STORAGE, "AzureWebJobsStorage__accountName": "hoststore"}
    )
    assert triggers(app_plan) == [
        ("azure-queue", {"queueName": "jobs", "connectionFromEnv": "Orders"}, ("Jobs",), ("Orders",))
    ]


def test_http_only_app_needs_no_storage(tmp_path: Path) -> None:
    app_plan = plan(write_app(tmp_path, app_files({"Api": http_fn()})), storage=False)
    assert app_plan.settings == {"FUNCTIONS_WORKER_RUNTIME": "python"}
    assert workloads(app_plan) == [("http", "orders-http", ("Api",), 1, True, None)]


def test_durable_overrides_that_disagree_are_refused() -> None:
    overrides = {"Orchestrator": {"targetValue": "3"}, "SayHello": {"targetValue": "5"}}
    with pytest.raises(FunctionsKedaError, match=r"share one mssql trigger.*'SayHello' set 'targetValue' to '5'"):
        plan(APPS / "durable-mssql", trigger_overrides=overrides)
