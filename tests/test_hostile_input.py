"""Hostile input: random and malformed apps and arguments either deploy or fail with a FunctionsKedaError.

Property-based tests (hypothesis) generate broken ``host.json``, ``local.settings.json`` and ``function.json``
files, random Python v2 scripts and random component arguments. For every case the program must either
succeed, with every rendered object valid for the Kubernetes/KEDA schemas, or raise
:class:`FunctionsKedaError`: never another exception, never a hang, and (for the component) never a resource
registered before the error. Discovery must never run the user's code: the generated scripts try to create a
marker file from top-level statements, decorator arguments, defaults, bodies and imported modules.

A crash found and not yet fixed goes in :data:`KNOWN_CRASHES` (a hang in :data:`KNOWN_HANGS`): the property
tests then tolerate exactly that crash (same exception type, same function of ``components/``, same message) and
count it, so that any *new* crash still fails them, and a test marked ``@pinned(<id>)`` runs the exact failing
input as a strict xfail, which XPASSes (failing the run) once the bug is fixed. Then delete the entry and the
marker: the pin stays as a ``test_regression_*`` test. Everything found so far is fixed (5461dab).

Runs are deterministic (``derandomize=True``, no example database). Each test counts the cases it ran in
:data:`GENERATED`; the last test prints the totals (``pytest -s``).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import signal
import sys
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pulumi
import pytest
import schemas
from conftest import EXAMPLE, IMAGE, STORAGE, app_args
from hypothesis import HealthCheck, Phase, example, given, note, settings
from hypothesis import strategies as st
from pulumi_harness import Run, run_program

import components
from components import FunctionApp, FunctionsKedaError, Keda
from components.args import FunctionAppArgs
from components.manifests import render
from components.plan import AppPlan, plan_app

COMMON = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
"""Deterministic in CI and locally: the same examples on every run, nothing read from a local database."""

EXPLICIT_ONLY = settings(COMMON, phases=[Phase.explicit])
"""For the known-crash pins: run their ``@example`` inputs only."""

HANG_SECONDS = 10.0
"""No single case may take longer (plan + render, or one Pulumi program)."""

GENERATED: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
"""Test name → ``cases`` and outcome (``ok``, ``user error``, ``known crash ...``) → how many generated cases."""

SERVICE_BUS = "Endpoint=sb://bus.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=a2V5"
EVENT_HUBS = "Endpoint=sb://hub.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=a2V5"
SQL = "Server=tcp:sql.example.com,1433;Database=tasks;User ID=app;Password=notapassword;"
STACK_SETTINGS = {
    "AzureWebJobsStorage": STORAGE,
    "ServiceBusConnection": SERVICE_BUS,
    "EventHubConnection": EVENT_HUBS,
    "SQLDB_Connection": SQL,
    "RabbitConnection": "amqp://rabbitmq.messaging.svc:5672/",
    "RedisAddress": "redis.cache.svc",
    "RedisUrl": "rediss://redis.cache.svc:6380",
    "KafkaBrokers": "kafka.messaging.svc:9092",
    "QueueName": "orders",
    "TopicName": "order-events",
    "HubName": "telemetry",
    "Empty": "",
}
"""Connections and names the generated bindings may refer to, given as stack settings (they win over local)."""

SETTING_NAMES = [*STACK_SETTINGS, "Missing", "Storage:Account", "Ünïcode", "AzureWebJobsStorage__accountName", ""]
"""Setting names that generated ``%Name%`` expressions and connections use: existing ones and broken ones."""

BIG_NUMBER = "@@BIG-NUMBER@@"
"""In a JSON document written by :func:`to_json`: a 5000-digit number literal (Python can't ``repr`` such an int,
so hypothesis could not report it)."""
BIG_DIGITS = "9" * 5000


# --- known crashes -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownCrash:
    """A crash found by these tests and not fixed yet: how to recognise it, and where to fix it."""

    id: str
    exception: type[BaseException]
    where: str | None
    """``<file under components/>:<function>`` of the innermost project frame; ``None``: no project frame."""
    message: str
    """A substring of the exception's message."""
    fix: str


KNOWN_CRASHES: list[KnownCrash] = []
"""Crashes found and not fixed yet; see the module docstring for how an entry is retired.

Empty since 5461dab, which fixed all these tests found: 14 crashes and a hang at b890b3b, and one more crash
(``ast.unparse`` recursing in an error message) in an intermediate version of that fix. Their inputs are kept as
the ``test_regression_*`` tests at the end of the module."""

KNOWN_HANGS: dict[str, str] = {}
"""Inputs that make the code run (practically) forever, with the fix; pinned like crashes, never generated."""


def pinned(*known: str) -> pytest.MarkDecorator:
    """The marker of a pin: a strict xfail while any of ``known`` is listed, nothing once all are retired."""
    reasons = [f"known crash {c.id}: {c.fix}" for c in KNOWN_CRASHES if c.id in known]
    reasons += [f"known hang {name}: {KNOWN_HANGS[name]}" for name in known if name in KNOWN_HANGS]
    if reasons:
        return pytest.mark.xfail(strict=True, reason="; ".join(dict.fromkeys(reasons)))
    return pytest.mark.usefixtures()  # retired: a regression test


PROJECT_ROOT = Path(components.__file__).resolve().parent


def project_frame(error: BaseException) -> str | None:
    """``<file>:<function>`` of the innermost frame in ``components/``, or ``None``."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if Path(f.filename).is_relative_to(PROJECT_ROOT)]
    if not frames:
        return None
    return f"{Path(frames[-1].filename).relative_to(PROJECT_ROOT).as_posix()}:{frames[-1].name}"


def known_crash(error: BaseException) -> KnownCrash | None:
    where = project_frame(error)
    for crash in KNOWN_CRASHES:
        # A `where` ending in ":" matches any function of that file (recursion fails wherever the stack ends).
        same_place = where == crash.where or (
            where is not None
            and crash.where is not None
            and crash.where.endswith(":")
            and where.startswith(crash.where)
        )
        if isinstance(error, crash.exception) and same_place and crash.message in str(error):
            return crash
    return None


# --- harness -------------------------------------------------------------------------------------------------


def _drop_orphaned_failures(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    if "exception was never retrieved" in str(context.get("message", "")):
        return
    loop.default_exception_handler(context)


@pytest.fixture(autouse=True, scope="module")
def quiet_orphaned_futures() -> None:
    """Don't log the futures that failed Pulumi runs leave behind, on the event loop the harness uses.

    A Pulumi program that fails after registering resources (as huge replica counts did at b890b3b) leaves asyncio
    futures whose exception nobody retrieved. When the garbage collector frees one, the loop logs it with a
    formatted traceback, and Python 3.11 parses source lines (``ast.parse``) to format tracebacks. If that happens
    while another ``ast.parse`` is building its tree (discovery reading function_app.py, pytest formatting a
    report), CPython's shared AST recursion counter is corrupted and the outer parse raises ``SystemError: AST
    constructor recursion depth mismatch``, failing an unrelated test or stopping pytest with an INTERNALERROR.

    Those futures may be freed much later (pytest keeps the last failure alive, Pulumi keeps a run's futures until
    the next run), so the handler stays for the rest of the session; it only drops these log lines.
    """
    asyncio.get_event_loop_policy().get_event_loop().set_exception_handler(_drop_orphaned_failures)


class _Hang(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` in the code under test eats it."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail the case as a hang when it runs longer than ``seconds``."""

    def alarm(signum: int, frame: Any) -> None:
        raise _Hang

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Hang:
        raise AssertionError(f"hang: the case ran for more than {seconds} s") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_VALID: set[str] = set()
"""Rendered objects already validated (validation is pure and generated plans often render identical objects)."""


def validate_all(objects: list[dict[str, Any]]) -> None:
    for document in objects:
        key = json.dumps(document, sort_keys=True, default=repr)
        if key not in _VALID:
            schemas.validate(document)
            _VALID.add(key)


def count(test: str, outcome: str) -> str:
    GENERATED[test][outcome] += 1
    return outcome


def tolerate(test: str, error: Exception) -> None:
    """Count ``error`` when it is a known crash (and the test tolerates them); re-raise anything else."""
    crash = known_crash(error)
    if crash is None or not test.startswith("test_random_"):
        raise error
    note(f"known crash {crash.id}: {type(error).__name__}: {error}"[:500])
    count(test, f"known crash {crash.id}")


def plan_or_user_error(test: str, args: Mapping[str, Any]) -> AppPlan | str:
    """Plan ``args``; ``"user error"`` for a :class:`FunctionsKedaError`, ``"known crash"`` when tolerated."""
    try:
        with time_limit(HANG_SECONDS):
            return plan_app(args)
    except FunctionsKedaError as error:
        note(f"user error: {error}"[:500])
        return count(test, "user error")
    except Exception as error:
        tolerate(test, error)
        return "known crash"


def check(test: str, args: Mapping[str, Any]) -> str:
    """The property: plan, render and validate every object, or a :class:`FunctionsKedaError`."""
    plan = plan_or_user_error(test, args)
    if isinstance(plan, str):
        return plan
    with time_limit(HANG_SECONDS):
        objects = render(plan, IMAGE, redact=False)
    validate_all(objects)
    return count(test, "ok")


def write_files(root: Path, files: Mapping[str, str | bytes | Any]) -> Path:
    """Write ``files`` (text, bytes, or a JSON-able value) under ``root``; returns ``root``."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(to_json(content), encoding="utf-8")
    return root


def to_json(value: Any) -> str:
    return json.dumps(value).replace(json.dumps(BIG_NUMBER), BIG_DIGITS)


# --- shared strategies ---------------------------------------------------------------------------------------

TRICKY_STRINGS = st.sampled_from(
    [
        "",
        " ",
        "\t\n",
        "0",
        "-1",
        "007",
        " 5 ",
        "1e3",
        "²",
        "\u0661\u0660",
        "true",
        "FALSE",
        "null",
        "%QueueName%",
        "%Missing%",
        "%%",
        "a:b",
        "a\x00b",
        "ü",
        "日本語",
        "\u202e",
        "UseDevelopmentStorage=true",
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=x",
        "http://127.0.0.1:10000/devstoreaccount1",
        "~nosuchuser/app",
        "../..",
        "/",
        "x" * 300,
    ]
)
"""Strings that tend to break parsers and validators: empty, numeric-looking, unicode digits, NUL, emulator..."""

STRINGS = st.one_of(
    TRICKY_STRINGS,
    st.text(max_size=20),
    st.builds(lambda char, size: char * size, st.characters(exclude_categories=["Cs"]), st.integers(200, 5000)),
)
INTS = st.one_of(
    st.integers(-5, 100),
    st.integers(),
    st.builds(lambda exponent: 10**exponent, st.integers(0, 500)),
    st.builds(lambda exponent: -(10**exponent), st.integers(0, 30)),
)
FLOATS = st.floats(allow_nan=True, allow_infinity=True)
SCALARS = st.one_of(st.none(), st.booleans(), INTS, FLOATS, STRINGS)
JUNK = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.one_of(STRINGS, st.integers()), inner, max_size=3)
    ),
    max_leaves=6,
)
"""Random values of random types, as a Python program (or a stack config) may pass them."""

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    FLOATS,
    st.text(max_size=20),
    TRICKY_STRINGS,
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=8,
)
"""Random JSON values, including NaN and Infinity (which the reader accepts)."""


def mostly(usual: st.SearchStrategy[Any], other: st.SearchStrategy[Any], weight: int = 3) -> st.SearchStrategy[Any]:
    """``usual`` ``weight`` times out of ``weight + 1``, else ``other``.

    Keeps valid choices likely so that deeper code is reached. (``st.one_of`` flattens nested ``one_of``s, so
    repeating a branch there does not weigh it.)
    """
    return st.integers(0, weight).flatmap(lambda coin: other if coin == weight else usual)


def maybe(strategy: st.SearchStrategy[Any], value: Any) -> st.SearchStrategy[Any]:
    """Usually ``value``, else something drawn from ``strategy``."""
    return mostly(st.just(value), strategy)


@st.composite
def corrupted_text(draw: st.DrawFn, text: str) -> str:
    """``text`` truncated, with comments, trailing commas or a BOM inserted, or characters deleted."""
    mutation = draw(st.sampled_from(["truncate", "comment", "comma", "bom", "delete", "unterminated"]))
    at = draw(st.integers(0, len(text)))
    if mutation == "truncate":
        return text[:at]
    if mutation == "comment":
        return text[:at] + draw(st.sampled_from(["//c\n", "/* c */", "/*", "//", '"//"', "/* \n */"])) + text[at:]
    if mutation == "comma":
        return text[:at] + "," + text[at:]
    if mutation == "bom":
        return "\ufeff" + text
    if mutation == "unterminated":
        return text[:at] + draw(st.sampled_from(['"', "\\", '"\\', "[", "{"]))
    deletions = draw(st.lists(st.integers(0, max(len(text) - 1, 0)), max_size=4, unique=True))
    return "".join(char for index, char in enumerate(text) if index not in deletions)


def raw_file(valid: Any) -> st.SearchStrategy[str | bytes]:
    """A JSON file's raw content: corrupted valid JSON, random text, random bytes (invalid UTF-8 included)."""
    text = to_json(valid)
    return st.one_of(
        corrupted_text(text),
        st.text(max_size=50),
        st.binary(max_size=60),
        st.just(text.encode("utf-16")),
        st.just(b"\xff\xfe" + text.encode()),
        st.just(text.encode("utf-8") + b"\xc3"),
        JSON_VALUES.map(to_json),
        st.just(to_json({**valid, "number": BIG_NUMBER})),
        st.just("[" * 5000 + "]" * 5000),
        st.just(text + " // trailing\n/* block */"),
    )


# --- a function.json app (host.json, local.settings.json and function.json tests) ----------------------------

HTTP_TRIGGER = {"type": "httpTrigger", "direction": "in", "name": "req", "authLevel": "function", "methods": ["get"]}
V1_FUNCTIONS: dict[str, list[dict[str, Any]]] = {
    "HttpStart": [HTTP_TRIGGER, {"type": "http", "direction": "out", "name": "$return"}],
    "QueueWorker": [{"type": "queueTrigger", "direction": "in", "name": "msg", "queueName": "%QueueName%"}],
    "BlobWorker": [{"type": "blobTrigger", "direction": "in", "name": "blob", "path": "uploads/{name}"}],
    "BusWorker": [
        {
            "type": "serviceBusTrigger",
            "direction": "in",
            "name": "msg",
            "queueName": "jobs",
            "connection": "ServiceBusConnection",
        }
    ],
    "HubWorker": [
        {
            "type": "eventHubTrigger",
            "direction": "in",
            "name": "events",
            "eventHubName": "%HubName%",
            "connection": "EventHubConnection",
        }
    ],
    "Orchestrator": [{"type": "orchestrationTrigger", "direction": "in", "name": "context"}],
    "Activity": [{"type": "activityTrigger", "direction": "in", "name": "input"}],
}
"""A Python v1 app whose triggers read every host.json knob the planner uses."""


def v1_files(functions: Mapping[str, list[dict[str, Any]]] = V1_FUNCTIONS) -> dict[str, Any]:
    files: dict[str, Any] = {
        "host.json": {"version": "2.0"},
        "local.settings.json": {"IsEncrypted": False, "Values": {"FUNCTIONS_WORKER_RUNTIME": "python"}},
    }
    for name, bindings in functions.items():
        files[f"{name}/function.json"] = {"scriptFile": "__init__.py", "bindings": bindings}
        files[f"{name}/__init__.py"] = "def main(*args):\n    pass\n"
    return files


def v1_args(app: Path, **extra: Any) -> dict[str, Any]:
    return app_args(app, settings=dict(STACK_SETTINGS), **extra)


# --- 1. host.json ---------------------------------------------------------------------------------------------

TIMESPANS = st.one_of(
    st.sampled_from(["00:05:00", "00:00:00", "-1", "1.00:00:00", "10675199.02:48:05", "5", "00:5", "aa:bb:cc"]),
    st.sampled_from(
        [
            "²:00:00",
            "\u0661:\u0660\u0660:\u0660\u0660",
            "0:0:0",
            " 00:01:00 ",
            "1.2.3:4:5",
            "-1.00:00:00",
            "9" * 12 + ":0:0",
        ]
    ),
    st.from_regex(r"\A([0-9]{1,3}\.)?[0-9]{1,3}:[0-9]{1,3}:[0-9]{1,3}\Z"),
    JSON_SCALARS,
)


def case_variants(key: str) -> st.SearchStrategy[str]:
    """A host.json key as written, or in another case (the host matches extension keys case-insensitively)."""
    return st.sampled_from([key, key.lower(), key.upper(), key[:1].upper() + key[1:]])


def section(entries: Mapping[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """An object with some of ``entries`` (keys in random case) plus random keys, or a random JSON value."""
    keyed = [st.tuples(case_variants(key), value) for key, value in entries.items()]
    pairs = st.lists(st.one_of(*keyed, st.tuples(st.text(max_size=8), JSON_VALUES)), max_size=len(entries) + 1)
    return st.one_of(pairs.map(dict), pairs.map(dict), JSON_VALUES)


POSITIVE = st.one_of(st.integers(1, 64), st.integers(1, 64), JSON_SCALARS)
PROVIDER_TYPES = st.sampled_from(["mssql", "MicrosoftSQL", "azureStorage", "netherite"])
EXTENSIONS = section(
    {
        "queues": section({"batchSize": POSITIVE, "maxDequeueCount": POSITIVE}),
        "blobs": section({"maxDegreeOfParallelism": POSITIVE}),
        "serviceBus": section({"maxConcurrentCalls": POSITIVE}),
        "eventHubs": section({"targetUnprocessedEventThreshold": POSITIVE, "maxEventBatchSize": POSITIVE}),
        "rabbitMQ": section({"prefetchCount": POSITIVE}),
        "http": section({"routePrefix": st.one_of(st.sampled_from(["api", "", "/", "v1/x", "{a}"]), JSON_SCALARS)}),
        "durableTask": section(
            {
                "storageProvider": section(
                    {
                        "type": st.one_of(PROVIDER_TYPES, JSON_SCALARS),
                        "connectionStringName": st.one_of(st.sampled_from(SETTING_NAMES), JSON_SCALARS),
                    }
                ),
                "maxConcurrentOrchestratorFunctions": POSITIVE,
                "maxConcurrentActivityFunctions": POSITIVE,
                "hubName": JSON_SCALARS,
            }
        ),
    }
)
FUNCTION_NAMES = st.sampled_from([*V1_FUNCTIONS, "httpstart", "Missing", "", "ü"])
HOST_DOCUMENTS = st.fixed_dictionaries(
    {"version": maybe(JSON_SCALARS, "2.0")},
    optional={
        "functions": st.one_of(st.lists(FUNCTION_NAMES, max_size=4), st.lists(JSON_SCALARS, max_size=3), JSON_VALUES),
        "extensions": EXTENSIONS,
        "functionTimeout": TIMESPANS,
        "customHandler": st.one_of(st.just({"description": {"defaultExecutablePath": "handler"}}), JSON_VALUES),
        "extensionBundle": JSON_VALUES,
        "logging": JSON_VALUES,
        "": JSON_VALUES,
        "Version": JSON_SCALARS,
    },
)
HOST_FILES = mostly(
    mostly(
        HOST_DOCUMENTS,
        st.tuples(st.dictionaries(st.text(max_size=6), JSON_VALUES, max_size=3), HOST_DOCUMENTS).map(
            lambda parts: {**parts[0], **parts[1]}
        ),
    ),
    raw_file({"version": "2.0", "functionTimeout": "00:05:00"}),
    weight=4,
)


def run_host_case(test: str, tmp_path_factory: pytest.TempPathFactory, host: Any) -> None:
    GENERATED[test]["cases"] += 1
    app = write_files(tmp_path_factory.mktemp("host"), {**v1_files(), "host.json": host})
    check(test, v1_args(app))


@settings(COMMON, max_examples=150)
@given(host=HOST_FILES)
def test_random_host_json(tmp_path_factory: pytest.TempPathFactory, host: Any) -> None:
    run_host_case("test_random_host_json", tmp_path_factory, host)


# --- 2. local.settings.json -------------------------------------------------------------------------------------

LOCAL_VALUES = st.dictionaries(
    st.one_of(
        st.sampled_from(
            [
                "FUNCTIONS_WORKER_RUNTIME",
                "AzureWebJobsStorage",
                "AzureWebJobs.HttpStart.Disabled",
                "AzureWebJobs.QueueWorker.Disabled",
                "AzureWebJobs.httpstart.Disabled",
                "PYTHON_SCRIPT_FILE_NAME",
                "QueueName",
                "HubName",
                "Storage:Account",
                "AzureWebJobsStorage__accountName",
                "Ünïcode",
                "with space",
                "",
            ]
        ),
        st.text(max_size=10),
    ),
    st.one_of(
        st.sampled_from(
            ["python", "PYTHON", "node", "custom", "dotnet-isolated", "true", "1", " TRUE ", "orders", "x" * 300]
        ),
        TRICKY_STRINGS,
        JSON_VALUES,
    ),
    max_size=5,
)
LOCAL_OPTIONAL = {
    "IsEncrypted": maybe(JSON_SCALARS, False),
    "ConnectionStrings": JSON_VALUES,
    "Host": JSON_VALUES,
    "values": JSON_VALUES,
}
LOCAL_DOCUMENTS = mostly(
    st.fixed_dictionaries(
        {
            "Values": mostly(
                LOCAL_VALUES.map(
                    lambda values: {"FUNCTIONS_WORKER_RUNTIME": "python", "QueueName": "orders", **values}
                ),
                st.one_of(LOCAL_VALUES, JSON_VALUES),
            )
        },
        optional=LOCAL_OPTIONAL,
    ),
    st.fixed_dictionaries({}, optional=LOCAL_OPTIONAL),
)
LOCAL_FILES = mostly(
    LOCAL_DOCUMENTS, raw_file({"IsEncrypted": False, "Values": {"FUNCTIONS_WORKER_RUNTIME": "python"}}), weight=4
)
STACK_CHOICES = {
    "stack settings": STACK_SETTINGS,
    "no stack settings": None,
    "storage only": {"AzureWebJobsStorage": STORAGE, "QueueName": "orders"},
}


def run_local_settings_case(
    test: str, tmp_path_factory: pytest.TempPathFactory, local: Any, stack: str, functions: tuple[str, ...]
) -> None:
    GENERATED[test]["cases"] += 1
    files = {**v1_files({name: V1_FUNCTIONS[name] for name in functions}), "local.settings.json": local}
    app = write_files(tmp_path_factory.mktemp("local"), files)
    check(test, app_args(app, settings=STACK_CHOICES[stack]))


@settings(COMMON, max_examples=120)
@given(local=LOCAL_FILES, stack=st.sampled_from(sorted(STACK_CHOICES)))
def test_random_local_settings(tmp_path_factory: pytest.TempPathFactory, local: Any, stack: str) -> None:
    run_local_settings_case("test_random_local_settings", tmp_path_factory, local, stack, ("HttpStart", "QueueWorker"))


# --- 3. function.json ---------------------------------------------------------------------------------------------

TRIGGER_TYPES = [
    "httpTrigger",
    "queueTrigger",
    "blobTrigger",
    "serviceBusTrigger",
    "eventHubTrigger",
    "kafkaTrigger",
    "rabbitMQTrigger",
    "redisListTrigger",
    "redisStreamTrigger",
    "timerTrigger",
    "cosmosDBTrigger",
    "eventGridTrigger",
    "sqlTrigger",
    "orchestrationTrigger",
    "activityTrigger",
    "entityTrigger",
    "warmupTrigger",
    "HTTPTRIGGER",
    "queuetrigger",
]
BINDING_TYPES = mostly(
    st.sampled_from(TRIGGER_TYPES),
    st.one_of(
        st.sampled_from(["http", "queue", "blob", "durableClient", "Trigger", "trigger", "", "x-trigger"]),
        st.text(max_size=12),
        JSON_SCALARS,
    ),
)
EXPRESSIONS = st.sampled_from(SETTING_NAMES).flatmap(
    lambda name: st.sampled_from([f"%{name}%", f"prefix-%{name}%-suffix", f"%{name}", f"%{name}%%{name}%"])
)
PROPERTY_VALUES = mostly(
    st.one_of(
        st.sampled_from(SETTING_NAMES),
        EXPRESSIONS,
        st.sampled_from(["orders", "uploads/{name}", "{name}/x", "/", "ssl", "SaslSsl", "plaintext", "0 */5 * * * *"]),
        st.sampled_from(["anonymous", "function", "admin", "ANONYMOUS", "system", "get", "POST"]),
        st.lists(st.sampled_from(["get", "post", "", "GET"]), max_size=3),
    ),
    JSON_VALUES,
    weight=2,
)
PROPERTIES = [
    "queueName",
    "connection",
    "path",
    "topicName",
    "subscriptionName",
    "eventHubName",
    "consumerGroup",
    "brokerList",
    "topic",
    "protocol",
    "authenticationMode",
    "lagThreshold",
    "connectionStringSetting",
    "key",
    "route",
    "methods",
    "authLevel",
    "schedule",
    "cardinality",
    "direction",
    "name",
]
HTTP_BINDINGS = st.fixed_dictionaries(
    {"type": st.sampled_from(["httpTrigger", "HttpTrigger", "HTTPTRIGGER"])},
    optional={
        "route": st.one_of(st.sampled_from(["orders/{id}", "", "/", "{*rest}", "a b", "%QueueName%"]), JSON_VALUES),
        "methods": st.one_of(st.lists(st.sampled_from(["get", "POST", "", "patch"]), max_size=3), JSON_VALUES),
        "authLevel": st.one_of(st.sampled_from(["anonymous", "function", "admin", "Admin", "system"]), JSON_SCALARS),
        "name": JSON_SCALARS,
    },
)
"""HTTP triggers: their route, methods and auth level become routes, keys and URLs."""

TRIGGER_TEMPLATES: list[dict[str, Any]] = [
    {"type": "httpTrigger", "authLevel": "function", "methods": ["get", "post"], "route": "orders/{id}"},
    {"type": "queueTrigger", "queueName": "%QueueName%", "connection": "AzureWebJobsStorage"},
    {"type": "blobTrigger", "path": "uploads/{name}", "connection": "AzureWebJobsStorage"},
    {"type": "serviceBusTrigger", "queueName": "jobs", "connection": "ServiceBusConnection"},
    {
        "type": "serviceBusTrigger",
        "topicName": "%TopicName%",
        "subscriptionName": "billing",
        "connection": "ServiceBusConnection",
    },
    {
        "type": "eventHubTrigger",
        "eventHubName": "%HubName%",
        "connection": "EventHubConnection",
        "consumerGroup": "$Default",
    },
    {
        "type": "kafkaTrigger",
        "brokerList": "%KafkaBrokers%",
        "topic": "orders",
        "consumerGroup": "$Default",
        "protocol": "ssl",
    },
    {"type": "rabbitMQTrigger", "queueName": "orders", "connectionStringSetting": "RabbitConnection"},
    {"type": "redisListTrigger", "key": "orders", "connectionStringSetting": "RedisAddress"},
    {"type": "redisStreamTrigger", "key": "orders", "connectionStringSetting": "RedisUrl"},
    {"type": "timerTrigger", "schedule": "0 */5 * * * *"},
    {"type": "cosmosDBTrigger", "connection": "CosmosConnection", "databaseName": "db", "containerName": "items"},
    {"type": "eventGridTrigger"},
    {"type": "sqlTrigger", "tableName": "dbo.Orders", "connectionStringSetting": "SQLDB_Connection"},
    {"type": "orchestrationTrigger"},
    {"type": "activityTrigger"},
    {"type": "entityTrigger"},
    {"type": "warmupTrigger"},
]
"""A working trigger binding of each kind (``direction`` and ``name`` are added)."""


@st.composite
def mutated_binding(draw: st.DrawFn) -> dict[str, Any]:
    """A working trigger binding with 0-3 properties replaced, removed or added."""
    # HTTP triggers have their own path (routes, keys, URLs): give them a third of the cases.
    template = draw(mostly(st.sampled_from(TRIGGER_TEMPLATES[1:]), st.just(TRIGGER_TEMPLATES[0]), weight=2))
    binding = {"direction": "in", "name": "msg", **template}
    for _ in range(draw(st.integers(0, 3))):
        key = draw(st.one_of(st.sampled_from(sorted(binding)), st.sampled_from(PROPERTIES)))
        action = draw(st.sampled_from(["replace", "replace", "remove", "case"]))
        if action == "remove":
            binding.pop(key, None)
        elif action == "case" and isinstance(binding.get(key), str):
            binding[key] = binding[key].upper()
        else:
            binding[key] = draw(st.one_of(PROPERTY_VALUES, BINDING_TYPES) if key == "type" else PROPERTY_VALUES)
    return binding


RANDOM_BINDINGS = st.one_of(
    HTTP_BINDINGS,
    st.tuples(BINDING_TYPES, st.dictionaries(st.sampled_from(PROPERTIES), PROPERTY_VALUES, max_size=5)).map(
        lambda parts: {**parts[1], "type": parts[0]}
    ),
    st.dictionaries(st.sampled_from([*PROPERTIES, "type"]), PROPERTY_VALUES, max_size=4),
    JSON_VALUES,
)
OTHER_BINDINGS = st.sampled_from(
    [
        {"type": "http", "direction": "out", "name": "$return"},
        {"type": "queue", "direction": "out", "name": "out", "queueName": "out", "connection": "AzureWebJobsStorage"},
        {"type": "durableClient", "direction": "in", "name": "client"},
    ]
)
BINDING_LISTS = mostly(
    st.tuples(mutated_binding(), st.lists(mostly(OTHER_BINDINGS, RANDOM_BINDINGS), max_size=2)).map(
        lambda parts: [parts[0], *parts[1]]
    ),
    st.one_of(st.lists(RANDOM_BINDINGS, max_size=3), JSON_VALUES),
)
SCRIPT_FILES = st.sampled_from(["__init__.py", "main.js", "run.ps1", "app.jar", "x.dll", ""])
FUNCTION_DOCUMENTS = st.fixed_dictionaries(
    {"bindings": BINDING_LISTS},
    optional={
        "disabled": mostly(st.booleans(), JSON_SCALARS),
        "scriptFile": st.one_of(SCRIPT_FILES, JSON_SCALARS),
        "entryPoint": JSON_SCALARS,
    },
)
FUNCTION_FILES = mostly(FUNCTION_DOCUMENTS, raw_file({"bindings": [HTTP_TRIGGER]}), weight=4)
FOLDER_NAMES = st.one_of(
    st.sampled_from(["Orders", "orders", "HttpStart", "a", "with space", "ü-fn", "Fn.1", "x" * 120, "_x", "-x"]),
    st.text(st.characters(categories=["L", "N"], include_characters="-_. "), min_size=1, max_size=20).filter(
        lambda name: name.strip(" .") == name
    ),
)


def run_function_json_case(
    test: str, tmp_path_factory: pytest.TempPathFactory, functions: Mapping[str, Any], keep_http: bool
) -> None:
    GENERATED[test]["cases"] += 1
    files = v1_files({"HttpStart": V1_FUNCTIONS["HttpStart"]} if keep_http else {})
    for folder, document in functions.items():
        files[f"{folder}/function.json"] = document
        files[f"{folder}/__init__.py"] = "def main(*args):\n    pass\n"
    app = write_files(tmp_path_factory.mktemp("fn"), files)
    check(test, v1_args(app))


@settings(COMMON, max_examples=150)
@given(functions=st.dictionaries(FOLDER_NAMES, FUNCTION_FILES, min_size=1, max_size=2), keep_http=st.booleans())
def test_random_function_json(
    tmp_path_factory: pytest.TempPathFactory, functions: dict[str, Any], keep_http: bool
) -> None:
    run_function_json_case("test_random_function_json", tmp_path_factory, functions, keep_http)


# --- 4. Python v2 scripts -------------------------------------------------------------------------------------

MARKER = "USER-CODE-RAN"
"""A file that any execution of the user's code creates in the app folder; discovery must never make it."""

RUNS_CODE = [
    "open(MARKER, 'w').close()",
    "__import__('pathlib').Path(MARKER).touch()",
    "(lambda: open(MARKER, 'w'))()",
    "exec(\"open(MARKER, 'w').close()\")",
    "__import__('os').system('touch ' + MARKER)",
]
"""Expressions that create the marker when Python evaluates them."""

REAL_DECORATORS = [
    "route",
    "function_name",
    "queue_trigger",
    "queue_output",
    "schedule",
    "timer_trigger",
    "service_bus_queue_trigger",
    "service_bus_topic_trigger",
    "event_hub_message_trigger",
    "blob_trigger",
    "blob_input",
    "cosmos_db_trigger",
    "generic_trigger",
    "generic_input_binding",
    "generic_output_binding",
    "kafka_trigger",
    "orchestration_trigger",
    "activity_trigger",
    "entity_trigger",
    "event_grid_trigger",
    "sql_trigger",
    "warm_up_trigger",
    "retry",
    "durable_client_input",
    "mcp_tool_trigger",
    "dapr_topic_trigger",
    "register_functions",
    "get_functions",
    "validate_function_names",
]
FAKE_DECORATORS = [
    "http_trigger",
    "rabbitmq_trigger",
    "not_a_decorator",
    "_function_builders",
    "__class__",
    "auth_level",
]

DEEP_EXPRESSIONS = st.one_of(
    st.integers(1, 1500).map(lambda depth: "-" * depth + "1"),
    st.integers(1, 1500).map(lambda terms: " + ".join(["'a'"] * terms)),
    st.integers(1, 300).map(lambda depth: "[" * depth + "]" * depth),
)
"""Deeply nested expressions that the static evaluator recurses into. At most 1500 levels: deeper ones make
``ast.parse`` itself fail, which :func:`test_regression_python_parse_recursion` pins (generating them would
only hit that crash again)."""

ATOMS = st.one_of(
    st.one_of(st.text(max_size=10), st.integers(-(10**6), 10**6), FLOATS, st.booleans(), st.none()).map(repr),
    EXPRESSIONS.map(repr),
    st.sampled_from(
        [
            "CONST",
            "NUMBER",
            "LIST_CONST",
            "DICT_CONST",
            "HELPER_CONST",
            "undefined_name",
            "__name__",
            "func.AuthLevel.ANONYMOUS",
            "func.AuthLevel.FUNCTION",
            "func.AuthLevel.ADMIN",
            "func.AuthLevel",
            "func.Cardinality.MANY",
            "func.DataType.STRING",
            "func.AccessRights.LISTEN",
            "func.AuthLevel._value_",
            "func.nope",
            "func.AuthLevel.ANONYMOUS.value",
            "os.environ",
            "helpers.CONST",
            "helpers.missing",
            "app.route",
            "CONST.upper",
            "LIST_CONST[0]",
            "LIST_CONST[99]",
            "DICT_CONST['queue']",
            "DICT_CONST[0]",
            "CONST[1:]",
            "os.getenv('X')",
            "str(1)",
            "lambda: open(MARKER, 'w')",
            "lambda x: (lambda: x)",
            "lambda *a, **k: k",
            "...",
            "b'bytes'",
            "1j",
            "not CONST",
            "CONST if CONST else NUMBER",
            "[x for x in LIST_CONST]",
            "(yield)",
            "await x",
            "MARKER",
            *RUNS_CODE,
        ]
    ),
)


def _compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    conversions = st.sampled_from(["", "!r", "!s", "!a"])
    specs = st.sampled_from(["", ":>5", ":x", ":{NUMBER}", ":%", ":>{CONST}"])
    return st.one_of(
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(inner, max_size=3).map(lambda items: "(" + ", ".join(items) + ",)"),
        st.lists(st.tuples(inner, inner), max_size=2).map(lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"),
        st.tuples(inner, st.sampled_from([" + ", " - ", " * ", " / ", " % ", " ** ", " | "]), inner).map("".join),
        st.tuples(st.sampled_from(["-", "+", "~"]), inner).map("".join),
        st.tuples(inner, conversions, specs).map(lambda parts: "f'{" + "".join(parts) + "}-x'"),
        inner.map(lambda value: f"[*{value}]"),
        inner.map(lambda value: f"{{**{value}}}"),
        inner.map(lambda value: f"(lambda: {value})"),
        inner.map(lambda value: f"{value}.attr"),
        inner.map(lambda value: f"{value}[0]"),
        inner.map(lambda value: f"({value})"),
    )


EXPRS = st.one_of(st.recursive(ATOMS, _compound, max_leaves=6), DEEP_EXPRESSIONS)
"""Python expressions: literals, names, attribute chains, calls, f-strings, lambdas, unpacking, operators."""

TRIGGER_DECORATORS: dict[str, tuple[dict[str, str], str]] = {
    "route": (
        {"route": "'orders/{id}'", "methods": "['GET', 'POST']", "auth_level": "func.AuthLevel.ANONYMOUS"},
        "req",
    ),
    "queue_trigger": (
        {"arg_name": "'msg'", "queue_name": "'%QueueName%'", "connection": "'AzureWebJobsStorage'"},
        "msg",
    ),
    "schedule": ({"schedule": "'0 */5 * * * *'", "arg_name": "'msg'"}, "msg"),
    "service_bus_queue_trigger": (
        {"arg_name": "'msg'", "queue_name": "'jobs'", "connection": "'ServiceBusConnection'"},
        "msg",
    ),
    "service_bus_topic_trigger": (
        {
            "arg_name": "'msg'",
            "topic_name": "'%TopicName%'",
            "subscription_name": "'billing'",
            "connection": "'ServiceBusConnection'",
        },
        "msg",
    ),
    "event_hub_message_trigger": (
        {"arg_name": "'msg'", "event_hub_name": "'telemetry'", "connection": "'EventHubConnection'"},
        "msg",
    ),
    "blob_trigger": ({"arg_name": "'msg'", "path": "'uploads/{name}'", "connection": "'AzureWebJobsStorage'"}, "msg"),
    "kafka_trigger": (
        {"arg_name": "'msg'", "topic": "'orders'", "broker_list": "'KafkaBrokers'", "consumer_group": "'$Default'"},
        "msg",
    ),
    "generic_trigger": (
        {"arg_name": "'msg'", "type": "'queueTrigger'", "queueName": "'orders'", "connection": "'AzureWebJobsStorage'"},
        "msg",
    ),
    "orchestration_trigger": ({"context_name": "'msg'"}, "msg"),
    "activity_trigger": ({"input_name": "'msg'"}, "msg"),
}
"""Trigger decorators with arguments that work, and the parameter they bind."""

BINDING_DECORATORS: dict[str, tuple[dict[str, str], str | None]] = {
    "function_name": ({"name": "'Named{index}'"}, None),
    "queue_output": ({"arg_name": "'out'", "queue_name": "'out'", "connection": "'AzureWebJobsStorage'"}, "out"),
    "blob_input": ({"arg_name": "'data'", "path": "'in/{id}'", "connection": "'AzureWebJobsStorage'"}, "data"),
}
"""Other decorators that work next to any trigger."""

KEYWORDS = st.sampled_from(
    [
        "arg_name",
        "route",
        "methods",
        "auth_level",
        "queue_name",
        "connection",
        "name",
        "schedule",
        "path",
        "type",
        "data_type",
        "topic_name",
        "event_hub_name",
        "cardinality",
        "x",
        "trigger_arg_name",
        "queueName",
    ]
)
RECEIVERS = st.sampled_from(["bp", "func", "other", "app.x", "helpers.bp", "(app)", "app()", "undefined_name"])
POSITIONAL = st.sampled_from(["*LIST_CONST", "*[]", "**DICT_CONST", "**{}", "*CONST", "**{'x': 1}", "'positional'"])
IDENTIFIERS = st.one_of(
    st.from_regex(r"\A[a-z_][a-z0-9_]{0,20}\Z"),
    st.builds(lambda char, size: char * size, st.sampled_from("m_é"), st.integers(1, 400)),
)
"""Module names for imports, up to 400 characters (file names are limited to 255 bytes)."""

BIG_NUMBER_LINES = st.integers(0, 16).map(lambda squarings: "NUMBER = 10\n" + "NUMBER = NUMBER * NUMBER\n" * squarings)
"""A constant up to 10**65536 (16 squarings; each one more doubles the digits, so 30 would not finish)."""

STATEMENTS = st.one_of(
    st.sampled_from(
        [
            "import os",
            "import helpers",
            "from helpers import HELPER_CONST, bp as helper_bp",
            "from . import helpers",
            "from .helpers import *",
            "import nonexistent_package",
            "import azure.durable_functions as df",
            "CONST = 'orders'",
            "NUMBER = 10",
            "NUMBER = NUMBER * NUMBER",
            "LIST_CONST = ['orders', 'GET']",
            "DICT_CONST = {'queue': 'orders', 'connection': 'AzureWebJobsStorage'}",
            "CONST += 'x'",
            "a, b = CONST, NUMBER",
            "annotated: str = CONST",
            "bp = func.Blueprint()",
            "bp = df.Blueprint()",
            "app.register_functions(bp)",
            "app.register_functions(helper_bp)",
            "app.register_functions(app)",
            "app.register_functions(undefined_name)",
            "app.register_blueprint(bp, bp)",
            "for blueprint in [bp]:\n    app.register_functions(blueprint)",
            "for blueprint in undefined_name:\n    app.register_functions(blueprint)",
            "other = func.FunctionApp()",
            "app = func.AsgiFunctionApp(app=object(), http_auth_level=func.AuthLevel.ANONYMOUS)",
            "app = func.WsgiFunctionApp(app=flask_app)",
            "app = func.FunctionApp(http_auth_level=open(MARKER, 'w'))",
            "class Handler:\n    open(MARKER, 'w').close()",
            "if __name__ == '__main__':\n    open(MARKER, 'w').close()",
            "try:\n    import missing\nexcept ImportError:\n    open(MARKER, 'w').close()",
            "with open(MARKER, 'w'):\n    pass",
            "del CONST",
            "global CONST",
            *RUNS_CODE,
        ]
    ),
    st.tuples(st.sampled_from(["CONST", "NUMBER", "LIST_CONST", "DICT_CONST", "app"]), EXPRS).map(
        lambda pair: f"{pair[0]} = {pair[1]}"
    ),
    EXPRS.map(lambda value: f"app = func.FunctionApp(http_auth_level={value})"),
    IDENTIFIERS.map(lambda name: f"import {name}"),
    IDENTIFIERS.map(lambda name: f"from {name} import x"),
    BIG_NUMBER_LINES,
)

HELPERS_MODULE = (
    "import azure.functions as func\n"
    "open(MARKER, 'w').close()\n"
    "HELPER_CONST = 'from-helpers'\n"
    "CONST = 'helpers'\n"
    "bp = func.Blueprint()\n"
    "@bp.queue_trigger(arg_name='msg', queue_name='helper-queue', connection='AzureWebJobsStorage')\n"
    "def helper_function(msg):\n"
    "    open(MARKER, 'w').close()\n"
)
"""An app-folder module the script may import; importing it for real would create the marker."""


@dataclass
class _Decorator:
    receiver: str
    method: str
    arguments: dict[str, str]
    extra: list[str]
    bare: bool = False

    def render(self) -> str:
        if self.bare:
            return f"@{self.receiver}.{self.method}"
        parts = [*self.extra, *(f"{key}={value}" for key, value in self.arguments.items())]
        return f"@{self.receiver}.{self.method}({', '.join(parts)})"


@dataclass
class _Function:
    name: str
    decorators: list[_Decorator]
    params: list[str]
    prefix: str = "def"
    returns: str = ""
    body: str = "open(MARKER, 'w').close()"

    def render(self) -> str:
        lines = [d.render() for d in self.decorators]
        lines.append(f"{self.prefix} {self.name}({', '.join(self.params)}){self.returns}:")
        return "\n".join([*lines, f"    {self.body}", ""])


@st.composite
def valid_function(draw: st.DrawFn, index: int, receiver: str) -> _Function:
    trigger = draw(st.sampled_from(sorted(TRIGGER_DECORATORS)))
    arguments, param = TRIGGER_DECORATORS[trigger]
    decorators = [_Decorator(receiver, trigger, dict(arguments), [])]
    params = [param]
    for binding in draw(st.lists(st.sampled_from(sorted(BINDING_DECORATORS)), max_size=2, unique=True)):
        binding_arguments, binding_param = BINDING_DECORATORS[binding]
        filled = {key: value.replace("{index}", str(index)) for key, value in binding_arguments.items()}
        decorators.insert(draw(st.integers(0, len(decorators))), _Decorator(receiver, binding, filled, []))
        if binding_param is not None:
            params.append(binding_param)
    return _Function(f"handler_{index}", decorators, params)


@st.composite
def mutate(draw: st.DrawFn, functions: list[_Function], statements: list[str]) -> None:
    """Apply one grammar mutation: an argument, a decorator, a receiver, a signature or a statement."""
    kind = draw(
        st.sampled_from(
            [
                "argument",
                "argument",
                "drop",
                "keyword",
                "positional",
                "method",
                "receiver",
                "bare",
                "signature",
                "name",
                "statement",
                "statement",
                "function",
            ]
        )
    )
    function = draw(st.sampled_from(functions))
    if not function.decorators and kind in ("argument", "drop", "keyword", "positional", "method", "receiver", "bare"):
        kind = "statement"
    target = draw(st.sampled_from(function.decorators)) if function.decorators else None
    assert target is not None or kind not in ("argument", "drop", "keyword", "positional", "method", "receiver", "bare")
    if kind == "argument" and target.arguments:
        target.arguments[draw(st.sampled_from(sorted(target.arguments)))] = draw(EXPRS)
    elif kind == "drop" and target.arguments:
        del target.arguments[draw(st.sampled_from(sorted(target.arguments)))]
    elif kind == "keyword":
        target.arguments[draw(KEYWORDS)] = draw(EXPRS)
    elif kind == "positional":
        target.extra.append(draw(st.one_of(POSITIONAL, EXPRS)))
    elif kind == "method":
        target.method = draw(st.sampled_from([*REAL_DECORATORS, *FAKE_DECORATORS]))
    elif kind == "receiver":
        target.receiver = draw(RECEIVERS)
    elif kind == "bare":
        target.bare = True
    elif kind == "signature":
        function.params = draw(
            st.lists(
                st.sampled_from(
                    [
                        "req",
                        "msg",
                        "out",
                        "data",
                        "x",
                        "*args",
                        "**kwargs",
                        "y=open(MARKER, 'w')",
                        "z: func.HttpRequest = None",
                        "msg: open(MARKER, 'w')",
                    ]
                ),
                max_size=3,
                unique=True,
            )
        )
        function.prefix = draw(st.sampled_from(["def", "async def"]))
        function.returns = draw(st.sampled_from(["", " -> None", " -> open(MARKER, 'w')"]))
    elif kind == "name":
        function.name = draw(st.sampled_from(["orders", "Orders", "handler_0", "f" * 130, "ü", "_private", "health"]))
    elif kind == "function":
        decorators = [
            _Decorator(
                draw(st.sampled_from(["app", "app", "bp", "func"])),
                draw(st.sampled_from([*REAL_DECORATORS, *FAKE_DECORATORS])),
                draw(st.dictionaries(KEYWORDS, EXPRS, max_size=3)),
                draw(st.lists(st.one_of(POSITIONAL, EXPRS), max_size=2)),
            )
            for _ in range(draw(st.integers(0, 2)))
        ]
        functions.append(_Function(f"random_{len(functions)}", decorators, ["msg"]))
    else:
        statements.insert(draw(st.integers(0, len(statements))), draw(STATEMENTS))


@st.composite
def python_scripts(draw: st.DrawFn) -> str:
    """A working ``function_app.py`` (1-3 functions, on the app or a blueprint) with 0-4 grammar mutations.

    Every script also tries to run code that creates the marker: top-level statements, function bodies, and
    whatever mutations add (decorator arguments, defaults, annotations, class bodies).
    """
    header = draw(st.sampled_from(["import azure.functions as func"] * 4 + ["from azure import functions as func"]))
    app_line = draw(
        st.sampled_from(
            [
                "app = func.FunctionApp()",
                "app = func.FunctionApp(http_auth_level=func.AuthLevel.FUNCTION)",
                "app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)",
            ]
        )
    )
    use_blueprint = draw(st.booleans())
    receiver = "bp" if use_blueprint else "app"
    functions = [draw(valid_function(index, receiver)) for index in range(draw(st.integers(1, 3)))]
    statements = [draw(st.sampled_from(RUNS_CODE))]
    for _ in range(draw(st.integers(0, 4))):
        draw(mutate(functions, statements))
    lines = [header, app_line, *(["bp = func.Blueprint()"] if use_blueprint else []), *statements]
    lines += [function.render() for function in functions]
    lines += ["app.register_functions(bp)"] if use_blueprint else []
    body = "\n".join(lines) + "\n"
    deletions = draw(st.sampled_from([0, 0, 0, 0, 0, 1, 3]))
    if deletions:
        at = draw(st.lists(st.integers(0, len(body) - 1), min_size=deletions, max_size=deletions, unique=True))
        body = "".join(char for index, char in enumerate(body) if index not in at)
    return body


def run_python_case(
    test: str, tmp_path_factory: pytest.TempPathFactory, script: str, with_helpers: bool = False
) -> None:
    GENERATED[test]["cases"] += 1
    root = tmp_path_factory.mktemp("pyv2")
    marker = root / MARKER
    # The marker's path is assigned on a line of its own that random deletions never touch.
    prefix = f"MARKER = {str(marker)!r}\n"
    files: dict[str, Any] = {"host.json": {"version": "2.0"}, "function_app.py": prefix + script}
    if with_helpers:
        files["helpers.py"] = prefix + HELPERS_MODULE
    note(files["function_app.py"][:3000])
    write_files(root, files)
    check(test, v1_args(root))
    assert not marker.exists(), "discovery ran the user's code"
    assert not [path for path in root.parent.iterdir() if MARKER in path.name], "discovery ran the user's code"


@settings(COMMON, max_examples=200)
@given(script=python_scripts(), with_helpers=st.booleans())
def test_random_python_v2_script(tmp_path_factory: pytest.TempPathFactory, script: str, with_helpers: bool) -> None:
    run_python_case("test_random_python_v2_script", tmp_path_factory, script, with_helpers)


# --- 5. and 6. FunctionAppArgs ----------------------------------------------------------------------------------

ARG_KEYS = sorted(FunctionAppArgs.__annotations__)
EXAMPLE_FUNCTIONS = [
    "ProcessInvoice",
    "IngestTelemetry",
    "CreateOrder",
    "ProcessOrder",
    "BillOrderEvent",
    "NightlyReport",
    "health",
]
NUMBERS = mostly(
    st.integers(0, 20),
    st.one_of(
        st.sampled_from([-1, 0, 1, 65535, 65536, 2**31, 2**63, 10**308, 10**400, True, 1.5, float("nan")]),
        st.sampled_from(["²", "³", "¹⁰", "\u0661\u0660", "߃", " 3 ", "", "5.0", "0x10", "1e3", "-1", str(10**400)]),
        INTS,
        INTS.map(str),
    ),
    weight=1,
)
"""Whole numbers as Python and the stack config pass them, and what a number can be mistaken for."""

HOSTS = st.sampled_from(["orders.example.com", "*.example.com", "ORDERS.example.com", "a..b", "x" * 254, "-a.com", "a"])
UUID = "0f0e0d0c-0b0a-0908-0706-050403020100"


REAL_KEDA = "@@REAL-KEDA@@"
"""As ``keda_releases`` in the component test: create a real Keda component in the program and pass its
``releases`` (only those of a Keda of the same program are recognised, so planning alone can't use real ones)."""

PLAUSIBLE: dict[str, st.SearchStrategy[Any]] = {
    "app_path": st.sampled_from(
        [
            str(EXAMPLE),
            f" {EXAMPLE} ",
            str(EXAMPLE / "host.json"),
            "/nonexistent",
            ".",
            "",
            "~nosuchuser/app",
            "~",
            "x" * 300,
            f"{EXAMPLE}/" + "x" * 300,
            "a\x00b",
            str(EXAMPLE) + "/../python-v2-app",
        ]
    ),
    "name": st.sampled_from(["orders", "a", "x" * 49, "x" * 50, "Orders", "orders-", "1orders", "or_ders", " orders "]),
    "namespace": st.sampled_from(["default", "orders", "a" * 63, "a" * 64, "Orders", "kube-system"]),
    "registry": st.sampled_from(["localhost:5001", "myregistry.azurecr.io/team", "http://x", "reg/Upper", "a b", "/"]),
    "registry_username": st.sampled_from(["user", ""]),
    "registry_password": st.sampled_from(["password", ""]),
    "image": st.sampled_from([IMAGE, "repo:tag", "repo@", "a b", "x://y", "repo", None]),
    "min_replicas": NUMBERS,
    "max_replicas": NUMBERS,
    "polling_interval": NUMBERS,
    "cooldown_period": NUMBERS,
    "pull_secret": st.sampled_from(["regcred", "Bad_Name", "a.b", "a..b"]),
    "service_type": st.sampled_from(["ClusterIP", "NodePort", "LoadBalancer", "clusterip", "ExternalName"]),
    "http_scaling": st.sampled_from(["none", "prometheus", "http-add-on", "None", "keda"]),
    "prometheus_server_address": st.sampled_from(
        ["http://prometheus:9090", "https://p.example.com", "ftp://x", "http://"]
    ),
    "prometheus_query": st.sampled_from(["sum(rate(x[1m]))", "", "\n"]),
    "http_target_rps": NUMBERS,
    "http_target_concurrency": NUMBERS,
    "http_hosts": st.lists(HOSTS, max_size=3),
    "http_path_prefixes": st.lists(st.sampled_from(["/api", "api", "/a b", "/", "/ü"]), max_size=3),
    "ingress_host": HOSTS,
    "ingress_class_name": st.sampled_from(["nginx", "NGINX", "a" * 64]),
    "ingress_tls_secret": st.sampled_from(["orders-tls", "Bad", "a.b"]),
    "probe_path": st.sampled_from(["/", "/api/health", "health", "", "/ü"]),
    "probe_port": NUMBERS,
    "keys_rotation": st.text(max_size=10),
    "keda_namespace": st.sampled_from(["keda", "KEDA", "a" * 64, "keda-system"]),
    "http_add_on_scaler_address": st.sampled_from(
        ["keda-add-ons-http-external-scaler.keda:9090", "127.0.0.1:9091", "x", "host:0", "a b:1"]
    ),
    "termination_grace_period": NUMBERS,
    "host_command": st.sampled_from(
        ["", "/azure-functions-host/Microsoft.Azure.WebJobs.Script.WebHost", "/bin/x", "x"]
    ),
    "topology": st.sampled_from(["split", "single", "Split", "both"]),
    "settings": st.dictionaries(
        st.one_of(st.sampled_from(SETTING_NAMES), st.text(max_size=8)), st.one_of(STRINGS, JSON_VALUES), max_size=3
    ).map(lambda extra: {**STACK_SETTINGS, **extra}),
    "trigger_overrides": st.dictionaries(
        st.sampled_from([*EXAMPLE_FUNCTIONS, "Missing"]),
        st.dictionaries(
            st.sampled_from(["type", "queueLength", "activationQueueLength", "x", ""]),
            st.one_of(st.sampled_from(["cron", "", "20", "azure-queue"]), st.none(), SCALARS),
            max_size=3,
        ),
        max_size=2,
    ),
    "create_namespace": st.sampled_from([True, False, "true", "FALSE", "yes", 1]),
    "hardened": st.sampled_from([True, False, "true", "False", 0]),
    "resources": st.dictionaries(
        st.sampled_from(["requests", "limits", "claims"]),
        st.dictionaries(
            st.sampled_from(["cpu", "memory", "ephemeral-storage", "gpu"]),
            st.sampled_from(["250m", "1", "1Gi", "1.5", "1e3", "-1", "1\n", 5, 1.5, True, None]),
            max_size=2,
        ),
        max_size=2,
    ),
    "network_policy": st.sampled_from([True, False, "true", "no"]),
    "workload_identity_client_id": st.sampled_from([UUID, UUID.upper(), "not-a-uuid", ""]),
    "existing_secrets": st.dictionaries(
        st.sampled_from(["orders-connections", "Bad", "other"]),
        st.lists(
            st.sampled_from(["ServiceBusConnection", "EventHubConnection", "AzureWebJobsStorage", "X", ""]), max_size=2
        ),
        max_size=2,
    ),
    "scaler_auth": st.sampled_from(["env", "secret", "Secret"]),
    "keda_releases": st.sampled_from([[], (), None, [None], ["keda"], {}]),
    "build_platform": st.sampled_from(
        ["linux/amd64", "linux/arm64", "LINUX/AMD64", "linux/arm64/v8", "linux/amd64,linux/arm64", "windows/amd64", ""]
    ),
    "build_args": st.dictionaries(
        st.sampled_from(["PIP_INDEX_URL", "NPM_REGISTRY", "1BAD", "BUILDKIT_INLINE_CACHE", "A-B", ""]),
        st.one_of(STRINGS, SCALARS),
        max_size=2,
    ),
    "build_target": st.sampled_from(["build", "app", "runtime", "two words", "", "-x"]),
    "build_cache": st.sampled_from([True, False, "true", "no", 1]),
    "build_on_preview": st.sampled_from([True, False, "FALSE", "yes", 0]),
}
assert set(PLAUSIBLE) == set(ARG_KEYS), "every FunctionAppArgs key needs a plausible-value strategy"


@st.composite
def function_app_args(draw: st.DrawFn, keda: st.SearchStrategy[Any] | None = None) -> dict[str, Any]:
    """The example's valid arguments with 1-3 keys set to plausible or random values of random types."""
    args = app_args(EXAMPLE, settings=dict(STACK_SETTINGS))
    for key in draw(st.lists(st.sampled_from(ARG_KEYS), min_size=1, max_size=3, unique=True)):
        plausible = PLAUSIBLE[key] if key != "keda_releases" or keda is None else st.one_of(PLAUSIBLE[key], keda)
        args[key] = draw(mostly(plausible, JUNK, weight=2))
    return args


def run_args_case(test: str, args: dict[str, Any]) -> None:
    GENERATED[test]["cases"] += 1
    check(test, args)


@settings(COMMON, max_examples=250)
@given(args=function_app_args())
def test_random_function_app_args(args: dict[str, Any]) -> None:
    run_args_case("test_random_function_app_args", args)


def own_registrations(run: Run) -> list[str]:
    """Types of the resources the FunctionApp named ``app`` registered (not those of a Keda passed to it)."""
    return [r.type for r in run.registrations if r.name == "app" or r.name.startswith("app-")]


def run_component_case(test: str, args: dict[str, Any]) -> None:
    """Run ``FunctionApp("app", args)`` under mocks: it deploys, or fails with nothing registered."""
    GENERATED[test]["cases"] += 1
    keda = args.get("keda_releases")
    real_keda = isinstance(keda, str) and keda.startswith(REAL_KEDA)

    def program() -> FunctionApp:
        final = dict(args)
        if real_keda:
            final["keda_releases"] = Keda("keda", {"http_add_on": keda.endswith("+http")}).releases
        return FunctionApp("app", final)  # type: ignore[arg-type]

    planned = plan_or_user_error(test, {**args, "keda_releases": None} if real_keda else args)
    if planned == "known crash":
        return  # tolerated while planning; the component plans first, so it would crash the same way
    monitor: list[Any] = []

    def recording_program() -> FunctionApp:
        monitor.append(pulumi.runtime.settings.get_monitor())
        return program()

    with time_limit(HANG_SECONDS):
        if isinstance(planned, str):
            run = run_program(program, expect_error=FunctionsKedaError)
            assert own_registrations(run) == [], "resources were registered before the error"
            return
        try:
            run = run_program(recording_program, expect_error=Exception)
        except AssertionError as no_error:  # the harness's "did not raise": the program succeeded
            assert "did not raise" in str(no_error)
            registered = own_registrations(Run(registrations=monitor[0].registrations, warnings=[]))
            assert registered.count("kubernetes:apps/v1:Deployment") == len(planned.workloads)
            count(test, "ok")
            return
    assert run.error is not None
    if isinstance(run.error, FunctionsKedaError):
        # Planning passed but the component failed (e.g. `keda` is not a Keda): nothing may be registered.
        assert own_registrations(run) == [], f"resources were registered before the error: {own_registrations(run)}"
        count(test, "user error after planning")
        return
    note(f"registered before the crash: {own_registrations(run)}")
    tolerate(test, run.error)  # type: ignore[arg-type]


@settings(COMMON, max_examples=100)
@given(args=function_app_args(keda=st.sampled_from([REAL_KEDA, REAL_KEDA + "+http"])))
def test_random_function_app_args_register_nothing_on_error(args: dict[str, Any]) -> None:
    run_component_case("test_random_function_app_args_register_nothing_on_error", args)


# --- pinned inputs ---------------------------------------------------------------------------------------------------
# Each runs the exact input that crashed (or hung) at b890b3b, without tolerance. A pin of a crash still listed in
# KNOWN_CRASHES is marked `@pinned(<id>)` (a strict xfail); these are all fixed, so they are regression tests.


@EXPLICIT_ONLY
@example(host='{"version": "2.0", "x": ' + BIG_DIGITS + "}")
@given(host=HOST_FILES)
def test_regression_json_big_number(tmp_path_factory: pytest.TempPathFactory, host: Any) -> None:
    """A 5000-digit number literal in a JSON file: ValueError from json.loads, which read_json_object did not
    catch (jsonfiles.py b890b3b:41). Fixed in 5461dab.
    """
    run_host_case("test_regression_json_big_number", tmp_path_factory, host)


@EXPLICIT_ONLY
@example(functions={"Orders": {"bindings": [{"type": "httpTrigger", "methods": 5}]}}, keep_http=False)
@given(functions=st.dictionaries(FOLDER_NAMES, FUNCTION_FILES, min_size=1, max_size=3), keep_http=st.booleans())
def test_regression_http_methods_not_a_list(
    tmp_path_factory: pytest.TempPathFactory, functions: dict[str, Any], keep_http: bool
) -> None:
    """An HTTP trigger with "methods": 5: TypeError iterating it (http_routes.py b890b3b:75-78). Fixed in 5461dab."""
    run_function_json_case("test_regression_http_methods_not_a_list", tmp_path_factory, functions, keep_http)


@EXPLICIT_ONLY
@example(host={"version": "2.0", "functionTimeout": "²:00:00"})
@given(host=HOST_FILES)
def test_regression_function_timeout_unicode_digits(tmp_path_factory: pytest.TempPathFactory, host: Any) -> None:
    """functionTimeout "²:00:00": str.isdigit() accepts "²", int() rejects it (plan.py b890b3b:226-227). Fixed in
    5461dab.
    """
    run_host_case("test_regression_function_timeout_unicode_digits", tmp_path_factory, host)


@EXPLICIT_ONLY
@example(args=app_args(EXAMPLE, min_replicas="²"))
@given(args=function_app_args())
def test_regression_whole_number_unicode_digits(args: dict[str, Any]) -> None:
    """min_replicas="²": str.isdigit() accepts it, int() rejects it (options.py b890b3b:151-152). Fixed in 5461dab."""
    run_args_case("test_regression_whole_number_unicode_digits", args)


@EXPLICIT_ONLY
@example(args=app_args(EXAMPLE, probe_port="³"))
@given(args=function_app_args())
def test_regression_http_number_unicode_digits(args: dict[str, Any]) -> None:
    """probe_port="³": str.isdigit() accepts it, int() rejects it (http_options.py b890b3b:194-195). Fixed in
    5461dab.
    """
    run_args_case("test_regression_http_number_unicode_digits", args)


@EXPLICIT_ONLY
@example(args=app_args("~nosuchuser/app"))
@example(args=app_args("x" * 300))
@example(args=app_args("a\x00b"))
@given(args=function_app_args())
def test_regression_app_path(args: dict[str, Any]) -> None:
    """appPath '~nosuchuser/app', of 300 characters, or with a NUL: RuntimeError, OSError(ENAMETOOLONG),
    ValueError from Path.expanduser().resolve() (project.py b890b3b:107). Fixed in 5461dab.
    """
    run_args_case("test_regression_app_path", args)


@EXPLICIT_ONLY
@example(local={"Values": {"FUNCTIONS_WORKER_RUNTIME": "python", "PYTHON_SCRIPT_FILE_NAME": "x" * 300}})
@given(local=LOCAL_FILES)
def test_regression_python_script_name_too_long(tmp_path_factory: pytest.TempPathFactory, local: Any) -> None:
    """PYTHON_SCRIPT_FILE_NAME of 300 characters: OSError(ENAMETOOLONG) from Path.is_file() (project.py
    b890b3b:69, python_v2.py:62). Fixed in 5461dab.
    """
    test = "test_regression_python_script_name_too_long"
    run_local_settings_case(test, tmp_path_factory, local, "stack settings", ("HttpStart",))


PY_APP = "import azure.functions as func\napp = func.FunctionApp()\n"
PY_HTTP = "@app.route(route='orders')\ndef orders(req):\n    pass\n"


@EXPLICIT_ONLY
@example(script=PY_APP + "import " + "m" * 300 + "\n" + PY_HTTP)
@given(script=python_scripts())
def test_regression_python_import_name_too_long(tmp_path_factory: pytest.TempPathFactory, script: str) -> None:
    """`import <300 characters>` in function_app.py: OSError(ENAMETOOLONG) from Path.is_file()/is_dir()
    (python_v2.py b890b3b:114-115). Fixed in 5461dab.
    """
    run_python_case("test_regression_python_import_name_too_long", tmp_path_factory, script)


@EXPLICIT_ONLY
@example(script=PY_APP + "CONST = " + "-" * 5000 + "1\n" + PY_HTTP)
@given(script=python_scripts())
def test_regression_python_parse_recursion(tmp_path_factory: pytest.TempPathFactory, script: str) -> None:
    """5000 nested unary minus: RecursionError from ast.parse, which _parse did not catch (python_v2.py
    b890b3b:422). Fixed in 5461dab.
    """
    run_python_case("test_regression_python_parse_recursion", tmp_path_factory, script)


@EXPLICIT_ONLY
@example(script=PY_APP + "@app.route(**DICT_CONST, " + "[" * 199 + "]" * 199 + ")\ndef orders(req):\n    pass\n")
@given(script=python_scripts())
def test_regression_python_parse_memory_error(tmp_path_factory: pytest.TempPathFactory, script: str) -> None:
    """199 nested brackets in an invalid call: MemoryError from ast.parse (CPython's parser reports its nesting
    limit so), which _parse did not catch (python_v2.py b890b3b:422). Fixed in 5461dab.
    """
    run_python_case("test_regression_python_parse_memory_error", tmp_path_factory, script)


DEEP_SUM = " + ".join(["'a'"] * 1500)
"""1500 nested additions: ast.parse reads them, Python code recursing once per level cannot."""


@EXPLICIT_ONLY
@example(script=PY_APP + "CONST = " + DEEP_SUM + "\n" + PY_HTTP)
@given(script=python_scripts())
def test_regression_python_evaluate_recursion(tmp_path_factory: pytest.TempPathFactory, script: str) -> None:
    """A top-level constant of 1500 nested additions: RecursionError from the static evaluator (python_ast.py
    b890b3b:61), whose callers caught only NotStatic. Fixed in 5461dab.
    """
    run_python_case("test_regression_python_evaluate_recursion", tmp_path_factory, script)


@EXPLICIT_ONLY
@example(script=PY_APP + "@app.route(route=" + DEEP_SUM + ")\ndef orders(req):\n    pass\n")
@given(script=python_scripts())
def test_regression_python_unparse_recursion(tmp_path_factory: pytest.TempPathFactory, script: str) -> None:
    """A decorator argument of 1500 nested additions: RecursionError from the evaluator, then (with that caught)
    from ast.unparse quoting the argument in the message (python_v2.py _argument). Fixed in 5461dab.
    """
    # At b890b3b the evaluator crashes first (python-evaluate-recursion); with that fixed, the message does.
    run_python_case("test_regression_python_unparse_recursion", tmp_path_factory, script)


SQUARED_13_TIMES = "NUMBER = 10\n" + "NUMBER = NUMBER * NUMBER\n" * 13
"""10**8192: more digits than ``str(int)`` converts (4300)."""


@EXPLICIT_ONLY
@example(script=PY_APP + SQUARED_13_TIMES + "@app.route(route=f'{NUMBER!s}')\ndef orders(req):\n    pass\n")
@given(script=python_scripts())
def test_regression_fstring_conversion_big_int(tmp_path_factory: pytest.TempPathFactory, script: str) -> None:
    """f'{N!s}' with N = 10**8192: str() raised ValueError outside the try of _formatted (python_ast.py
    b890b3b:163). Fixed in 5461dab.
    """
    run_python_case("test_regression_fstring_conversion_big_int", tmp_path_factory, script)


@EXPLICIT_ONLY
@example(
    script=PY_APP
    + SQUARED_13_TIMES
    + "@app.generic_trigger(arg_name='msg', type='queueTrigger', queueName='orders', batch=NUMBER)\n"
    + "def orders(msg):\n    pass\n"
)
@given(script=python_scripts())
def test_regression_binding_big_int(tmp_path_factory: pytest.TempPathFactory, script: str) -> None:
    """An 8193-digit decorator argument: the library's json.dumps raised ValueError outside any try (python_v2.py
    b890b3b:409). Fixed in 5461dab.
    """
    run_python_case("test_regression_binding_big_int", tmp_path_factory, script)


@EXPLICIT_ONLY
@example(args=app_args(EXAMPLE, min_replicas=10**400, max_replicas=10**400))
@example(args=app_args(EXAMPLE, polling_interval="9" * 400))
@given(args=function_app_args())
def test_regression_pulumi_int_overflow(args: dict[str, Any]) -> None:
    """min_replicas=10**400 (or '9' * 400): no upper bound in options.py/http_options.py, so Pulumi failed to
    serialise it (as a double) after ~10 resources were registered. Fixed in 5461dab.
    """
    run_component_case("test_regression_pulumi_int_overflow", args)


@EXPLICIT_ONLY
@example(script=PY_APP + "NUMBER = 10\n" + "NUMBER = NUMBER * NUMBER\n" * 30 + PY_HTTP)
@given(script=python_scripts())
def test_regression_python_constant_squaring(
    tmp_path_factory: pytest.TempPathFactory, script: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """30 lines of `NUMBER = NUMBER * NUMBER`: the static evaluator multiplied ints of any size, so discovery ran
    for hours (python_ast.py b890b3b:178-188). Fixed in 5461dab.
    """
    monkeypatch.setattr(sys.modules[__name__], "HANG_SECONDS", 3.0)
    run_python_case("test_regression_python_constant_squaring", tmp_path_factory, script)


# --- totals --------------------------------------------------------------------------------------------------------


def test_report_generated_cases() -> None:
    """Print how many cases each property test generated (run with ``-s``); for the release note."""
    generated = {test: counter for test, counter in GENERATED.items() if test.startswith("test_random_")}
    total = sum(counter["cases"] for counter in generated.values())
    lines = [f"{'test':<58} {'cases':>6}  outcomes"]
    for test, counter in sorted(generated.items()):
        outcomes = ", ".join(f"{k}: {v}" for k, v in sorted(counter.items()) if k != "cases")
        lines.append(f"{test:<58} {counter['cases']:>6}  {outcomes}")
    lines.append(f"{'total':<58} {total:>6}")
    print("\nGenerated hostile-input cases:\n" + "\n".join(lines))
