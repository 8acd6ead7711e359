"""Discovery of .NET isolated worker apps: functions.metadata from a build, or C# source read with tree-sitter."""

from __future__ import annotations

import json
import os
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURE_APPS, REPO

from components.discovery.dotnet_isolated import camel_case, discover_dotnet_isolated
from components.discovery.python_v2 import discover_python_v2
from components.errors import FunctionsKedaError
from components.model import FunctionSpec

DOTNET_EXAMPLE = REPO / "examples" / "dotnet-isolated-app"
BUILD_FIXTURE = FIXTURE_APPS / "dotnet-isolated-build"
SOURCE_FIXTURE = FIXTURE_APPS / "dotnet-isolated-source"
EQUIVALENT = FIXTURE_APPS / "equivalent"

CSPROJ = """\
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <AzureFunctionsVersion>v4</AzureFunctionsVersion>
    <OutputType>Exe</OutputType>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.Azure.Functions.Worker" Version="2.52.0" />
    <PackageReference Include="Microsoft.Azure.Functions.Worker.Sdk" Version="2.1.0" />
  </ItemGroup>
</Project>
"""

USINGS = "using Microsoft.Azure.Functions.Worker;\n\nnamespace Orders;\n\n"


def write_app(root: Path, files: dict[str, str], csproj: str | None = CSPROJ) -> Path:
    """Write {relative path: text} under root (dedented), plus a worker project file unless told otherwise."""
    if csproj is not None:
        files = {"Orders.csproj": csproj, **files}
    for relative_path, content in files.items():
        path = root / relative_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


def discover(root: Path, files: dict[str, str], csproj: str | None = CSPROJ) -> tuple[FunctionSpec, ...]:
    return discover_dotnet_isolated(write_app(root, files, csproj))


def one_function(parameter: str, extra: str = "", returns: str = "void") -> str:
    """A Functions.cs with one function F whose single parameter is ``parameter``."""
    return (
        USINGS
        + extra
        + "\npublic class Functions\n{\n"
        + f'    [Function("F")]\n    public {returns} Run({parameter}) {{ }}\n'
        + "}\n"
    )


def only(specs: tuple[FunctionSpec, ...]) -> FunctionSpec:
    assert len(specs) == 1, specs
    return specs[0]


def trigger_of(spec: FunctionSpec) -> dict[str, Any]:
    assert spec.trigger is not None, spec
    return dict(spec.trigger)


def error_of(app: Path) -> FunctionsKedaError:
    with pytest.raises(FunctionsKedaError) as caught:
        discover_dotnet_isolated(app)
    return caught.value


# --- every trigger attribute, as the SDK's generator writes it --------------------------------------------

HTTP_RETURN = {"name": "$return", "type": "http", "direction": "Out"}

TRIGGERS: list[tuple[str, str, list[dict[str, Any]]]] = [
    (
        "queue_positional",
        '[QueueTrigger("orders")] string msg',
        [{"name": "msg", "type": "queueTrigger", "direction": "In", "queueName": "orders", "dataType": "String"}],
    ),
    (
        "queue_connection",
        '[QueueTrigger("orders", Connection = "Storage")] QueueMessage msg',
        [{"name": "msg", "type": "queueTrigger", "direction": "In", "queueName": "orders", "connection": "Storage"}],
    ),
    (
        "queue_named_constructor_argument",
        '[QueueTrigger(queueName: "orders")] byte[] body',
        [{"name": "body", "type": "queueTrigger", "direction": "In", "queueName": "orders", "dataType": "Binary"}],
    ),
    (
        "queue_qualified_attribute_class",
        '[Microsoft.Azure.Functions.Worker.QueueTriggerAttribute("orders")] QueueMessage msg',
        [{"name": "msg", "type": "queueTrigger", "direction": "In", "queueName": "orders"}],
    ),
    (
        "blob_path_alias_and_source_enum",
        '[BlobTrigger("uploads/{name}", Connection = "Storage", Source = BlobTriggerSource.EventGrid)] Stream blob',
        [
            {
                "name": "blob",
                "type": "blobTrigger",
                "direction": "In",
                "path": "uploads/{name}",
                "connection": "Storage",
                "source": "EventGrid",
            }
        ],
    ),
    (
        "service_bus_queue",
        '[ServiceBusTrigger("billing", Connection = "ServiceBus", IsSessionsEnabled = true)] '
        "ServiceBusReceivedMessage m",
        [
            {
                "name": "m",
                "type": "serviceBusTrigger",
                "direction": "In",
                "queueName": "billing",
                "connection": "ServiceBus",
                "isSessionsEnabled": True,
                "cardinality": "One",
            }
        ],
    ),
    (
        "service_bus_topic",
        '[ServiceBusTrigger("order-events", "billing", Connection = "ServiceBus")] ServiceBusReceivedMessage m',
        [
            {
                "name": "m",
                "type": "serviceBusTrigger",
                "direction": "In",
                "topicName": "order-events",
                "subscriptionName": "billing",
                "connection": "ServiceBus",
                "cardinality": "One",
            }
        ],
    ),
    (
        "service_bus_batched",
        '[ServiceBusTrigger("billing", IsBatched = true, AutoCompleteMessages = false)] string[] messages',
        [
            {
                "name": "messages",
                "type": "serviceBusTrigger",
                "direction": "In",
                "queueName": "billing",
                "autoCompleteMessages": False,
                "cardinality": "Many",
                "dataType": "String",
            }
        ],
    ),
    (
        "event_hub_batched_by_default",
        '[EventHubTrigger("telemetry", Connection = "Hub", ConsumerGroup = "$Default")] EventData[] events',
        [
            {
                "name": "events",
                "type": "eventHubTrigger",
                "direction": "In",
                "eventHubName": "telemetry",
                "connection": "Hub",
                "consumerGroup": "$Default",
                "cardinality": "Many",
            }
        ],
    ),
    (
        "event_hub_single",
        '[EventHubTrigger("%HubName%", Connection = "Hub", IsBatched = false)] string body',
        [
            {
                "name": "body",
                "type": "eventHubTrigger",
                "direction": "In",
                "eventHubName": "%HubName%",
                "connection": "Hub",
                "cardinality": "One",
                "dataType": "String",
            }
        ],
    ),
    (
        "kafka",
        '[KafkaTrigger("%KafkaBrokers%", "clicks", ConsumerGroup = "scorer", LagThreshold = 500, '
        "Protocol = BrokerProtocol.SaslSsl, AuthenticationMode = BrokerAuthenticationMode.Plain, "
        'Username = "$ConnectionString", Password = "%EventHubKafka%")] string click',
        [
            {
                "name": "click",
                "type": "kafkaTrigger",
                "direction": "In",
                "brokerList": "%KafkaBrokers%",
                "topic": "clicks",
                "consumerGroup": "scorer",
                "lagThreshold": 500,
                "protocol": "SaslSsl",
                "authenticationMode": "Plain",
                "username": "$ConnectionString",
                "password": "%EventHubKafka%",
                "cardinality": "One",
                "dataType": "String",
            }
        ],
    ),
    (
        "kafka_oauth_key_camel_cased_like_system_text_json",
        '[KafkaTrigger("Brokers", "t", ConsumerGroup = "g", OAuthBearerClientId = "id", SslCaPEM = "pem")] '
        "KafkaRecord r",
        [
            {
                "name": "r",
                "type": "kafkaTrigger",
                "direction": "In",
                "brokerList": "Brokers",
                "topic": "t",
                "consumerGroup": "g",
                "oAuthBearerClientId": "id",
                "sslCaPEM": "pem",
                "cardinality": "One",
            }
        ],
    ),
    (
        "rabbitmq",
        '[RabbitMQTrigger("audit", ConnectionStringSetting = "RabbitMQConnection")] string entry',
        [
            {
                "name": "entry",
                "type": "rabbitMQTrigger",
                "direction": "In",
                "queueName": "audit",
                "connectionStringSetting": "RabbitMQConnection",
                "dataType": "String",
            }
        ],
    ),
    (
        "rabbitmq_host_constructor",
        '[RabbitMQTrigger("rabbit", "UserSetting", "PasswordSetting", 5672, "audit")] string entry',
        [
            {
                "name": "entry",
                "type": "rabbitMQTrigger",
                "direction": "In",
                "hostName": "rabbit",
                "userNameSetting": "UserSetting",
                "passwordSetting": "PasswordSetting",
                "port": 5672,
                "queueName": "audit",
                "dataType": "String",
            }
        ],
    ),
    (
        "timer",
        '[TimerTrigger("0 0 2 * * *", RunOnStartup = false, UseMonitor = true)] TimerInfo timer',
        [
            {
                "name": "timer",
                "type": "timerTrigger",
                "direction": "In",
                "schedule": "0 0 2 * * *",
                "runOnStartup": False,
                "useMonitor": True,
            }
        ],
    ),
    (
        "http_level_methods_route",
        '[HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "orders/{id}")] HttpRequestData req',
        [
            {
                "name": "req",
                "type": "httpTrigger",
                "direction": "In",
                "authLevel": "Function",
                "methods": ["get", "post"],
                "route": "orders/{id}",
            },
            HTTP_RETURN,
        ],
    ),
    (
        "http_no_arguments",
        "[HttpTrigger] HttpRequest req",
        [{"name": "req", "type": "httpTrigger", "direction": "In"}, HTTP_RETURN],
    ),
    (
        "http_methods_only",
        '[HttpTrigger("get")] HttpRequest req',
        [{"name": "req", "type": "httpTrigger", "direction": "In", "methods": ["get"]}, HTTP_RETURN],
    ),
    (
        "http_level_only",
        "[HttpTrigger(Microsoft.Azure.Functions.Worker.AuthorizationLevel.Anonymous)] HttpRequest req",
        [{"name": "req", "type": "httpTrigger", "direction": "In", "authLevel": "Anonymous"}, HTTP_RETURN],
    ),
    (
        "http_methods_array",
        '[HttpTrigger(AuthorizationLevel.Admin, new[] { "put", "delete" })] HttpRequest req',
        [
            {
                "name": "req",
                "type": "httpTrigger",
                "direction": "In",
                "authLevel": "Admin",
                "methods": ["put", "delete"],
            },
            HTTP_RETURN,
        ],
    ),
    (
        "http_methods_collection_expression",
        '[HttpTrigger(AuthorizationLevel.User, ["patch"], Route = null)] HttpRequest req',
        [
            {"name": "req", "type": "httpTrigger", "direction": "In", "authLevel": "User", "methods": ["patch"]},
            HTTP_RETURN,
        ],
    ),
    (
        "cosmos_db",
        '[CosmosDBTrigger("crm", "customers", Connection = "Cosmos", CreateLeaseContainerIfNotExists = true)] '
        "IReadOnlyList<Customer> changes",
        [
            {
                "name": "changes",
                "type": "cosmosDBTrigger",
                "direction": "In",
                "databaseName": "crm",
                "containerName": "customers",
                "connection": "Cosmos",
                "createLeaseContainerIfNotExists": True,
            }
        ],
    ),
    (
        "event_grid",
        "[EventGridTrigger] CloudEvent cloudEvent",
        [{"name": "cloudEvent", "type": "eventGridTrigger", "direction": "In", "cardinality": "One"}],
    ),
    (
        "sql",
        '[SqlTrigger("dbo.Orders", "SqlConnection")] IReadOnlyList<SqlChange<Order>> changes',
        [
            {
                "name": "changes",
                "type": "sqlTrigger",
                "direction": "In",
                "tableName": "dbo.Orders",
                "connectionStringSetting": "SqlConnection",
            }
        ],
    ),
    (
        "durable_orchestration",
        "[OrchestrationTrigger] TaskOrchestrationContext context",
        [{"name": "context", "type": "orchestrationTrigger", "direction": "In"}],
    ),
    (
        "durable_activity",
        "[ActivityTrigger] string sku",
        [{"name": "sku", "type": "activityTrigger", "direction": "In", "dataType": "String"}],
    ),
    (
        "durable_entity",
        '[EntityTrigger(EntityName = "counter")] TaskEntityDispatcher dispatcher',
        [{"name": "dispatcher", "type": "entityTrigger", "direction": "In", "entityName": "counter"}],
    ),
    (
        "signalr_escaped_parameter_name",
        '[SignalRTrigger("chat", "messages", "send", ConnectionStringSetting = "SignalR")] '
        "SignalRInvocationContext @event",
        [
            {
                "name": "event",
                "type": "signalRTrigger",
                "direction": "In",
                "hubName": "chat",
                "category": "messages",
                "event": "send",
                "connectionStringSetting": "SignalR",
            }
        ],
    ),
    (
        "warmup",
        "[WarmupTrigger] object warmup",
        [{"name": "warmup", "type": "warmupTrigger", "direction": "In"}],
    ),
    (
        "redis_list_defaults_from_the_constructor",
        '[RedisListTrigger("Redis", "jobs")] string job',
        [
            {
                "name": "job",
                "type": "redisListTrigger",
                "direction": "In",
                "connection": "Redis",
                "key": "jobs",
                "pollingIntervalInMs": 1000,
                "maxBatchSize": 16,
                "listDirection": "LEFT",
                "dataType": "String",
            }
        ],
    ),
    (
        "redis_stream",
        '[RedisStreamTrigger("Redis", "events", 250)] string entry',
        [
            {
                "name": "entry",
                "type": "redisStreamTrigger",
                "direction": "In",
                "connection": "Redis",
                "key": "events",
                "pollingIntervalInMs": 250,
                "maxBatchSize": 16,
                "dataType": "String",
            }
        ],
    ),
    (
        "redis_pubsub",
        '[RedisPubSubTrigger("Redis", "news", pattern: true)] string message',
        [
            {
                "name": "message",
                "type": "redisPubSubTrigger",
                "direction": "In",
                "connection": "Redis",
                "channel": "news",
                "pattern": True,
                "dataType": "String",
            }
        ],
    ),
]


@pytest.mark.parametrize(("parameter", "expected"), [t[1:] for t in TRIGGERS], ids=[t[0] for t in TRIGGERS])
def test_trigger_attributes_become_generator_bindings(tmp_path: Path, parameter: str, expected: list[dict[str, Any]]):
    spec = only(discover(tmp_path, {"Functions.cs": one_function(parameter)}))
    assert spec.name == "F"
    assert [dict(b) for b in spec.bindings] == expected
    assert spec.source == "Functions.cs:8"
    assert spec.script_file == "Functions.cs"


# --- constant expressions ---------------------------------------------------------------------------------

NAMES = USINGS + 'public static class Names { public const string Queue = "orders"; }'

# (id, const members of the Functions class, other files, argument expression, expected queueName)
CONSTANTS: list[tuple[str, str, dict[str, str], str, str]] = [
    ("literal", "", {}, '"orders"', "orders"),
    ("app_setting_kept_as_written", "", {}, '"%OrdersQueue%"', "%OrdersQueue%"),
    ("const_in_same_class", 'private const string Queue = "orders";', {}, "Queue", "orders"),
    ("const_in_other_class", "", {"Names.cs": NAMES}, "Names.Queue", "orders"),
    (
        "const_in_other_namespace_fully_qualified",
        "",
        {"Shared/Names.cs": 'namespace Shared.Text { public static class Names { public const string Q = "o"; } }'},
        "Shared.Text.Names.Q",
        "o",
    ),
    (
        "const_in_nested_class",
        "",
        {
            "Names.cs": USINGS
            + 'public static class Names { public static class Queues { public const string A = "a"; } }'
        },
        "Names.Queues.A",
        "a",
    ),
    (
        "const_concatenation_across_classes",
        "",
        {
            "A.cs": USINGS + 'public static class A { public const string Prefix = "acme"; }',
            "B.cs": USINGS + 'public static class B { public const string Queue = A.Prefix + "-" + C.Suffix; }',
            "C.cs": USINGS + 'public static class C { internal const string Suffix = "orders"; }',
        },
        "B.Queue",
        "acme-orders",
    ),
    ("interpolated_without_holes", "", {}, '$"orders"', "orders"),
    ("interpolated_with_const_holes", 'const string Env = "prod";', {}, '$"{Env}-orders"', "prod-orders"),
    ("verbatim", "", {}, '@"orders-""v2"""', 'orders-"v2"'),
    ("escapes", "", {}, '"tab\\there\\u0021"', "tab\there!"),
    ("raw", "", {}, '"""orders"""', "orders"),
    ("raw_multi_line", 'const string Q = """\n        or\n          ders\n        """;', {}, "Q", "or\n  ders"),
    ("nameof_method", "", {}, "nameof(Run)", "Run"),
    ("nameof_member", "", {}, "nameof(Names.Queue)", "Queue"),
    ("string_empty_plus_literal", "", {}, 'string.Empty + "orders"', "orders"),
    ("parenthesized", "", {}, '("ord" + ("ers"))', "orders"),
    ("using_static", "", {"Names.cs": NAMES}, "Queue", "orders"),
    (
        "partial_class_in_another_file",
        "",
        {"Functions.Names.cs": USINGS + 'public partial class Functions { const string Queue = "orders"; }'},
        "Queue",
        "orders",
    ),
]


@pytest.mark.parametrize(
    ("members", "files", "expression", "expected"), [c[1:] for c in CONSTANTS], ids=[c[0] for c in CONSTANTS]
)
def test_constant_expressions_are_evaluated(
    tmp_path: Path, members: str, files: dict[str, str], expression: str, expected: str
):
    source = one_function(f"[QueueTrigger({expression})] QueueMessage msg").replace(
        "public class Functions\n{\n", f"public partial class Functions\n{{\n    {members}\n"
    )
    if expression == "Queue" and not members:  # imported with `using static`, unless a partial part declares it
        source = "using static Orders.Names;\n" + source
    spec = only(discover(tmp_path, {"Functions.cs": source, **files}))
    assert trigger_of(spec)["queueName"] == expected


def test_function_names_from_nameof_and_constants(tmp_path: Path):
    source = USINGS + textwrap.dedent(
        """
        public static class FunctionNames { public const string Bill = "BillOrder"; }

        public class Functions
        {
            [Function(nameof(ProcessOrder))]
            public void ProcessOrder([QueueTrigger("orders")] QueueMessage msg) { }

            [Function(FunctionNames.Bill), FixedDelayRetry(5, "00:00:10")]
            public Task Bill([ServiceBusTrigger("billing")] ServiceBusReceivedMessage m) => Task.CompletedTask;

            [FunctionAttribute("Nightly")]
            public static void Nightly([TimerTrigger("0 0 2 * * *")] TimerInfo timer) { }

            [Function("Hidden")]
            internal void Hidden([QueueTrigger("hidden")] QueueMessage msg) { }

            [Function("AlsoHidden")]
            void AlsoHidden([QueueTrigger("hidden")] QueueMessage msg) { }

            public void NotAFunction([QueueTrigger("orders")] QueueMessage msg) { }
        }
        """
    )
    specs = discover(tmp_path, {"Functions.cs": source})
    assert [(s.name, s.trigger_type, s.source) for s in specs] == [
        ("ProcessOrder", "queuetrigger", "Functions.cs:10"),
        ("BillOrder", "servicebustrigger", "Functions.cs:13"),
        ("Nightly", "timertrigger", "Functions.cs:16"),
    ]


def test_constants_resolve_in_the_nearest_namespace_first(tmp_path: Path):
    source = textwrap.dedent(
        """
        namespace Orders
        {
            public static class Names { public const string Queue = "orders"; }
            public class Functions
            {
                [Function("A")]
                public System.Threading.Tasks.Task<HttpResponseData> A([QueueTrigger(Names.Queue)] string m) => null!;
            }
        }
        namespace Billing
        {
            public static class Names { public const string Queue = "billing"; }
            public class Functions
            {
                [Function("B")]
                public void B([QueueTrigger(Names.Queue)] string m) { }

                [Function("C")]
                public void C([QueueTrigger(Orders.Names.Queue)] string m) { }
            }
        }
        """
    )
    specs = {s.name: s for s in discover(tmp_path, {"Functions.cs": source})}
    assert {name: trigger_of(s)["queueName"] for name, s in specs.items()} == {
        "A": "orders",
        "B": "billing",
        "C": "orders",
    }
    # Task<HttpResponseData>, however spelled, is an http output named $return.
    assert specs["A"].bindings[-1] == HTTP_RETURN


def test_integer_and_enum_constants(tmp_path: Path):
    extra = textwrap.dedent(
        """
        public static class Tuning
        {
            public const long Lag = 10 * 100 - 1;
            public const BrokerProtocol Protocol = BrokerProtocol.Ssl;
            public const AuthorizationLevel Level = AuthorizationLevel.Anonymous;
        }
        """
    )
    source = (
        USINGS
        + extra
        + textwrap.dedent(
            """
        public class Functions
        {
            [Function("Click")]
            public void Click(
                [KafkaTrigger("B", "t", ConsumerGroup = "g", LagThreshold = Tuning.Lag, Protocol = Tuning.Protocol)]
                string c) { }

            [Function("Api")]
            public IActionResult Api([HttpTrigger(Tuning.Level, "get")] HttpRequest req) => null!;
        }
        """
        )
    )
    specs = {s.name: s for s in discover(tmp_path, {"Functions.cs": source})}
    assert trigger_of(specs["Click"])["lagThreshold"] == 999
    assert trigger_of(specs["Click"])["protocol"] == "Ssl"
    assert trigger_of(specs["Api"])["authLevel"] == "Anonymous"
    assert trigger_of(specs["Api"])["methods"] == ["get"]


# --- output bindings --------------------------------------------------------------------------------------


def test_http_output_follows_the_source_generator(tmp_path: Path):
    source = USINGS + textwrap.dedent(
        """
        public class Functions
        {
            [Function("Plain")]
            public HttpResponseData Plain([HttpTrigger(AuthorizationLevel.Function)] HttpRequestData req) => null!;

            [Function("Void")]
            public Task Void([HttpTrigger(AuthorizationLevel.Function)] HttpRequestData req) => Task.CompletedTask;

            [Function("Multi")]
            public async Task<MultiResponse> Multi([HttpTrigger] HttpRequestData r) => null!;

            [Function("ResultAttribute")]
            public Accepted ResultAttribute([HttpTrigger(AuthorizationLevel.Function)] HttpRequest req) => null!;

            [Function("MethodOutput")]
            [QueueOutput("audit")]
            public string MethodOutput([HttpTrigger(AuthorizationLevel.Function)] HttpRequest req) => "";

            [Function("ReturnTargetIgnored")]
            [return: QueueOutput("ignored")]
            public string ReturnTarget([QueueTrigger("in")] string msg) => "";

            [Function("QueueToQueue")]
            [QueueOutput("out", Connection = "Other")]
            public string QueueToQueue([QueueTrigger("in")] string msg) => msg;
        }

        public class MultiResponse
        {
            [QueueOutput("orders")]
            public string? Order { get; set; }
            public HttpResponseData Response { get; set; } = null!;
        }

        public class Accepted
        {
            [ServiceBusOutput("events", ServiceBusEntityType.Topic, Connection = "Bus")]
            public string? Event { get; set; }
            [HttpResult]
            public IActionResult Result { get; set; } = null!;
        }
        """
    )
    specs = {s.name: s for s in discover(tmp_path, {"Functions.cs": source})}

    def outputs(name: str) -> list[dict[str, Any]]:
        return [dict(b) for b in specs[name].bindings if b["direction"] == "Out"]

    assert outputs("Plain") == [HTTP_RETURN]
    assert outputs("Void") == [HTTP_RETURN]
    assert outputs("Multi") == [
        {"name": "Order", "type": "queue", "direction": "Out", "queueName": "orders"},
        {"name": "Response", "type": "http", "direction": "Out"},
    ]
    assert outputs("ResultAttribute") == [
        {
            "name": "Event",
            "type": "serviceBus",
            "direction": "Out",
            "queueOrTopicName": "events",
            "entityType": "Topic",
            "connection": "Bus",
        },
        {"name": "Result", "type": "http", "direction": "Out"},
    ]
    assert outputs("MethodOutput") == [{"name": "$return", "type": "queue", "direction": "Out", "queueName": "audit"}]
    assert outputs("ReturnTargetIgnored") == []
    assert [dict(b) for b in specs["QueueToQueue"].bindings] == [
        {"name": "$return", "type": "queue", "direction": "Out", "queueName": "out", "connection": "Other"},
        {"name": "msg", "type": "queueTrigger", "direction": "In", "queueName": "in", "dataType": "String"},
    ]


def test_input_bindings_that_cannot_be_read_are_left_out(tmp_path: Path):
    source = one_function(
        '[QueueTrigger("orders")] string msg, [BlobInput(External.Path)] string blob, '
        '[DurableClient] DurableTaskClient client, [TableInput("t")] TableClient table'
    )
    spec = only(discover(tmp_path, {"Functions.cs": source}))
    assert [b["type"] for b in spec.bindings] == ["queueTrigger", "durableClient"]


# --- errors -----------------------------------------------------------------------------------------------

ERRORS: list[tuple[str, dict[str, str], str, list[str]]] = [
    (
        "const_from_another_assembly",
        {"Functions.cs": one_function("[QueueTrigger(SharedSettings.OrdersQueue)] string msg")},
        "Functions.cs:9",
        ["queueName argument of [QueueTrigger(...)]", "'SharedSettings.OrdersQueue'", "type named 'SharedSettings'"],
    ),
    (
        "static_readonly_is_not_const",
        {
            "Functions.cs": one_function("[QueueTrigger(Queue)] string msg", "public static class X {}\n").replace(
                "public class Functions\n{\n",
                'public class Functions\n{\n    static readonly string Queue = "orders";\n',
            )
        },
        "Functions.cs:11",
        ["'Queue' is a field without the const modifier (Functions.cs:9)"],
    ),
    (
        "method_call",
        {"Functions.cs": one_function('[QueueTrigger(Environment.GetEnvironmentVariable("Q"))] string msg')},
        "Functions.cs:9",
        ["only nameof(...) is"],
    ),
    (
        "interpolation_with_format",
        {
            "Functions.cs": one_function('[TimerTrigger($"0 {Minute:D2} * * * *")] TimerInfo t').replace(
                "public class Functions\n{\n", "public class Functions\n{\n    const int Minute = 5;\n"
            )
        },
        "Functions.cs:10",
        ["schedule argument of [TimerTrigger(...)]", "alignment or a format"],
    ),
    (
        "const_cycle",
        {
            "Functions.cs": one_function("[QueueTrigger(A)] string msg").replace(
                "public class Functions\n{\n",
                "public class Functions\n{\n    const string A = B;\n    const string B = A;\n",
            )
        },
        "Functions.cs:11",
        ["defined in terms of itself"],
    ),
    (
        "const_in_other_file_fails_there",
        {
            "Functions.cs": one_function("[QueueTrigger(Names.Queue)] string msg"),
            "Names.cs": USINGS + "public static class Names\n{\n    public const string Queue = Missing.Value;\n}\n",
        },
        "Functions.cs:9",
        ["'Names.Queue'", "(at Names.cs:7)"],
    ),
    (
        "function_name_not_constant",
        {"Functions.cs": one_function('[QueueTrigger("q")] string msg').replace('[Function("F")]', "[Function(Name)]")},
        "Functions.cs:8",
        ["name argument of [Function(...)]", "'Name'"],
    ),
    (
        "function_without_name",
        {"Functions.cs": one_function('[QueueTrigger("q")] string msg').replace('[Function("F")]', "[Function]")},
        "Functions.cs:8",
        ["must name the function with one argument"],
    ),
    (
        "wrong_constructor",
        {"Functions.cs": one_function('[ServiceBusTrigger("a", "b", "c")] string msg')},
        "Functions.cs:9",
        ["matches none of the ServiceBusTrigger constructors (queueName) or (topicName, subscriptionName)"],
    ),
    (
        "wrong_argument_type",
        {"Functions.cs": one_function('[QueueTrigger("q", Connection = 42)] string msg')},
        "Functions.cs:9",
        ["the Connection argument of [QueueTrigger(...)] is 42, not a string"],
    ),
    (
        "unknown_trigger_with_positional_arguments",
        {"Functions.cs": one_function('[MySqlTrigger("orders", "MySql")] IReadOnlyList<MySqlChange<Order>> c')},
        "Functions.cs:9",
        ["does not know the constructor of the MySqlTrigger attribute"],
    ),
    (
        "syntax_error_in_trigger",
        {"Functions.cs": one_function('[QueueTrigger("orders"] string msg')},
        "Functions.cs:9",
        ["has a syntax error"],
    ),
]


@pytest.mark.parametrize(("files", "where", "needles"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_source_errors_name_the_file_line_and_fix(
    tmp_path: Path, files: dict[str, str], where: str, needles: list[str]
):
    error = error_of(write_app(tmp_path, files))
    assert error.where == where
    for needle in needles:
        assert needle in str(error)
    if "can't evaluate" in error.problem:
        assert "point appPath at the output that holds functions.metadata" in error.fix
        assert ("%Name%" in error.fix) == ("[Function(" not in error.problem)


def test_unknown_trigger_with_named_arguments_only_is_written_generically(tmp_path: Path):
    spec = only(discover(tmp_path, {"Functions.cs": one_function('[CustomTrigger(Channel = "c")] string msg')}))
    assert trigger_of(spec) == {
        "name": "msg",
        "type": "customTrigger",
        "direction": "In",
        "channel": "c",
        "dataType": "String",
    }


@pytest.mark.parametrize(
    ("source", "line"),
    [
        (
            'public class F\n{\n    void X( {\n    [Function("A")]\n'
            '    public void A([QueueTrigger("a")] string m) { }\n}\n',
            4,
        ),
        ('public class F\n    [Function("A")]\n    public void A([QueueTrigger("a")] string m) { }\n}\n', 2),
        ('public class F\n{\n    [Function("A")]\n    public void A([QueueTrigger("a")] string m) { }\n', 3),
    ],
    ids=["unclosed_parameter_list_before", "class_without_brace", "unclosed_class"],
)
def test_syntax_error_that_hides_a_function_is_reported(tmp_path: Path, source: str, line: int):
    error = error_of(write_app(tmp_path, {"Functions.cs": source}))
    assert error.where == f"Functions.cs:{line}"
    assert "syntax error around a [Function] method" in error.problem


def test_syntax_errors_outside_function_attributes_are_ignored(tmp_path: Path):
    source = one_function('[QueueTrigger("orders")] string msg') + "\npublic class Broken { void M( { }\n"
    assert only(discover(tmp_path, {"Functions.cs": source})).name == "F"


# --- detection --------------------------------------------------------------------------------------------


def test_not_a_dotnet_isolated_app(tmp_path: Path):
    assert discover_dotnet_isolated(tmp_path) == ()
    write_app(tmp_path, {"function_app.py": "import azure.functions as func\n"}, csproj=None)
    assert discover_dotnet_isolated(tmp_path) == ()


def test_in_process_project_is_not_isolated(tmp_path: Path):
    in_process = CSPROJ.replace(
        '<PackageReference Include="Microsoft.Azure.Functions.Worker" Version="2.52.0" />\n'
        '    <PackageReference Include="Microsoft.Azure.Functions.Worker.Sdk" Version="2.1.0" />',
        '<PackageReference Include="Microsoft.NET.Sdk.Functions" Version="4.5.0" />',
    )
    assert discover(tmp_path, {"Functions.cs": one_function('[QueueTrigger("q")] string m')}, in_process) == ()


def test_project_without_functions_finds_none(tmp_path: Path):
    assert discover(tmp_path, {"Program.cs": "var x = 1;\n"}) == ()


def test_extension_package_reference_is_enough(tmp_path: Path):
    csproj = (
        '<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Version="5.5.5" '
        "Include='Microsoft.Azure.Functions.Worker.Extensions.Storage.Queues'/></ItemGroup></Project>"
    )
    assert len(discover(tmp_path, {"Functions.cs": one_function('[QueueTrigger("q")] string m')}, csproj)) == 1


def test_two_worker_projects_are_ambiguous(tmp_path: Path):
    write_app(tmp_path, {"Other.csproj": CSPROJ, "Functions.cs": one_function('[QueueTrigger("q")] string m')})
    error = error_of(tmp_path)
    assert "several .NET isolated Functions projects (Orders.csproj, Other.csproj)" in error.problem


def test_bin_obj_and_dot_folders_are_not_sources(tmp_path: Path):
    function = one_function('[QueueTrigger("q")] string m')
    files = {
        "Functions.cs": function,
        "bin/Debug/net8.0/Copy.cs": function.replace('"F"', '"FromBin"'),
        "obj/Debug/net8.0/Generated.cs": function.replace('"F"', '"FromObj"'),
        ".vs/Scratch.cs": function.replace('"F"', '"FromDot"'),
        "Nested/Deeper/More.cs": function.replace('"F"', '"Nested"').replace("class Functions", "class More"),
    }
    assert sorted(s.name for s in discover(tmp_path, files)) == ["F", "Nested"]


# --- functions.metadata -----------------------------------------------------------------------------------


def metadata(functions: list[dict[str, Any]]) -> str:
    return json.dumps(functions, indent=2)


def test_build_fixture_is_read_in_the_real_format():
    specs = discover_dotnet_isolated(BUILD_FIXTURE)
    assert [(s.name, s.trigger_type, s.source) for s in specs] == [
        ("CreateOrder", "httptrigger", "functions.metadata[0]"),
        ("ProcessOrder", "queuetrigger", "functions.metadata[1]"),
        ("BillOrder", "servicebustrigger", "functions.metadata[2]"),
        ("IngestTelemetry", "eventhubtrigger", "functions.metadata[3]"),
        ("ProcessInvoice", "blobtrigger", "functions.metadata[4]"),
        ("NightlyReport", "timertrigger", "functions.metadata[5]"),
    ]
    assert {s.script_file for s in specs} == {"Orders.Functions.dll"}
    by_name = {s.name: s for s in specs}
    # The SDK's `properties` bag (supportsDeferredBinding...) is not binding configuration.
    assert trigger_of(by_name["BillOrder"]) == {
        "name": "message",
        "direction": "In",
        "type": "serviceBusTrigger",
        "topicName": "order-events",
        "subscriptionName": "billing",
        "connection": "ServiceBusConnection",
        "cardinality": "One",
    }
    assert [b["type"] for b in by_name["CreateOrder"].bindings] == ["httpTrigger", "queue", "http"]
    assert trigger_of(by_name["ProcessInvoice"])["path"] == "invoices/{name}"
    assert not any(s.disabled for s in specs)


def test_metadata_is_read_leniently_like_the_host(tmp_path: Path):
    (tmp_path / "functions.metadata").write_text(
        '\ufeff[\n  // written by hand\n  {"name": "Q", "scriptFile": "App.dll", "bindings": [\n'
        '    {"name": "m", "type": "queueTrigger", "direction": "In", "queueName": "q",},\n  ],},\n]\n',
        encoding="utf-8",
    )
    spec = only(discover_dotnet_isolated(tmp_path))
    assert (spec.name, trigger_of(spec)["queueName"], spec.script_file) == ("Q", "q", "App.dll")


@pytest.mark.parametrize(
    "entry",
    [{"isDisabled": True}, {"disabled": "true"}, {"properties": {"IsDisabled": "True"}}],
    ids=["isDisabled", "disabled_string", "properties_IsDisabled"],
)
def test_metadata_disabled_flags_are_honoured(tmp_path: Path, entry: dict[str, Any]):
    function = {"name": "Q", "bindings": [{"name": "m", "type": "queueTrigger", "direction": "In"}], **entry}
    (tmp_path / "functions.metadata").write_text(metadata([function]))
    assert only(discover_dotnet_isolated(tmp_path)).disabled


METADATA_ERRORS: list[tuple[str, str, str, str]] = [
    ("invalid_json", '[\n  {"name": "Q",\n   "bindings": [}\n]', "functions.metadata:3:17", "is not valid JSON"),
    ("not_an_array", '{"name": "Q"}', "functions.metadata", "must hold a JSON array of functions, not an object"),
    ("entry_not_an_object", '["Q"]', "functions.metadata[0]", "must be a function object, not a string"),
    ("no_name", '[{"bindings": [{"type": "queueTrigger"}]}]', "functions.metadata[0]", "has no function name"),
    ("no_bindings", '[{"name": "Q", "bindings": []}]', "functions.metadata[0] (function 'Q')", "declares no bindings"),
    (
        "binding_without_type",
        '[{"name": "Q", "bindings": [{"name": "m"}]}]',
        "functions.metadata[0].bindings[0] (function 'Q')",
        "has no binding 'type'",
    ),
    (
        "binding_not_an_object",
        '[{"name": "Q", "bindings": [[]]}]',
        "functions.metadata[0].bindings[0] (function 'Q')",
        "must be a binding object, not an array",
    ),
]


@pytest.mark.parametrize(
    ("content", "where", "problem"), [e[1:] for e in METADATA_ERRORS], ids=[e[0] for e in METADATA_ERRORS]
)
def test_malformed_metadata_is_an_error(tmp_path: Path, content: str, where: str, problem: str):
    (tmp_path / "functions.metadata").write_text(content)
    error = error_of(tmp_path)
    assert error.where == where
    assert problem in error.problem
    assert "dotnet publish" in error.fix


def write_build_output(app: Path, folder: str, function: str, mtime: float | None = None) -> Path:
    path = app / folder / "functions.metadata"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(metadata([{"name": function, "bindings": [{"name": "m", "type": "queueTrigger"}]}]))
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def make_sources_old(app: Path) -> None:
    old = time.time() - 3600
    for path in [*app.glob("*.csproj"), *app.rglob("*.cs")]:
        os.utime(path, (old, old))


def test_app_folder_metadata_wins_over_source(tmp_path: Path):
    write_app(tmp_path, {"Functions.cs": one_function('[QueueTrigger("q")] string m')})
    write_build_output(tmp_path, ".", "FromMetadata")
    assert only(discover_dotnet_isolated(tmp_path)).name == "FromMetadata"


def test_project_bin_output_newer_than_the_sources_is_used(tmp_path: Path):
    write_app(tmp_path, {"Functions.cs": one_function('[QueueTrigger("q")] string m')})
    make_sources_old(tmp_path)
    write_build_output(tmp_path, "bin/Debug/net8.0", "FromBin")
    spec = only(discover_dotnet_isolated(tmp_path))
    assert (spec.name, spec.source) == ("FromBin", "bin/Debug/net8.0/functions.metadata[0]")


def test_stale_bin_output_is_ignored_for_the_source(tmp_path: Path):
    write_app(tmp_path, {"Functions.cs": one_function('[QueueTrigger("q")] string m')})
    write_build_output(tmp_path, "bin/Debug/net8.0", "Stale", mtime=time.time() - 3600)
    assert only(discover_dotnet_isolated(tmp_path)).name == "F"


def test_publish_and_release_outputs_are_preferred(tmp_path: Path):
    write_app(tmp_path, {"Functions.cs": one_function('[QueueTrigger("q")] string m')})
    make_sources_old(tmp_path)
    write_build_output(tmp_path, "bin/Debug/net8.0", "Debug")
    write_build_output(tmp_path, "bin/Release/net8.0", "Release")
    assert only(discover_dotnet_isolated(tmp_path)).name == "Release"
    write_build_output(tmp_path, "bin/Debug/net8.0/publish", "DebugPublish")
    assert only(discover_dotnet_isolated(tmp_path)).name == "DebugPublish"
    write_build_output(tmp_path, "bin/Release/net8.0/publish", "ReleasePublish")
    assert only(discover_dotnet_isolated(tmp_path)).name == "ReleasePublish"


def test_equally_good_build_outputs_are_ambiguous(tmp_path: Path):
    write_app(tmp_path, {"Functions.cs": one_function('[QueueTrigger("q")] string m')})
    make_sources_old(tmp_path)
    write_build_output(tmp_path, "bin/Release/net8.0/publish", "Eight")
    write_build_output(tmp_path, "bin/Release/net9.0/publish", "Nine")
    error = error_of(tmp_path)
    assert "several build outputs" in error.problem
    assert "bin/Release/net8.0/publish/functions.metadata" in error.problem
    assert "bin/Release/net9.0/publish/functions.metadata" in error.problem


def test_bin_output_without_a_project_is_not_looked_for(tmp_path: Path):
    write_build_output(tmp_path, "bin/Release/net8.0", "Orphan")
    assert discover_dotnet_isolated(tmp_path) == ()


# --- fixture and example apps -----------------------------------------------------------------------------


def test_source_fixture():
    specs = {s.name: s for s in discover_dotnet_isolated(SOURCE_FIXTURE)}
    assert {name: s.trigger_type for name, s in specs.items()} == {
        "ShipOrder": "servicebustrigger",
        "ScoreClicks": "kafkatrigger",
        "AuditTrail": "rabbitmqtrigger",
        "NightlyCleanup": "timertrigger",
        "StartFulfilment": "httptrigger",
        "Fulfil": "orchestrationtrigger",
        "ReserveStock": "activitytrigger",
        "StockCounter": "entitytrigger",
        "ProcessOrder": "queuetrigger",
        "AcceptOrder": "httptrigger",
    }
    assert trigger_of(specs["ScoreClicks"]) == {
        "name": "clicks",
        "type": "kafkaTrigger",
        "direction": "In",
        "brokerList": "%KafkaBrokers%",
        "topic": "clicks",
        "consumerGroup": "scorer",
        "lagThreshold": 500,
        "cardinality": "Many",
        "dataType": "String",
    }
    assert trigger_of(specs["AuditTrail"])["queueName"] == "fulfilment-audit"
    assert trigger_of(specs["ShipOrder"])["connection"] == "ServiceBusConnection"
    assert trigger_of(specs["ShipOrder"])["subscriptionName"] == "fulfilment"
    assert [b["type"] for b in specs["StartFulfilment"].bindings] == ["httpTrigger", "durableClient", "http"]
    assert specs["ProcessOrder"].source == "Functions/OrderFunctions.cs:11"


def test_dotnet_example():
    specs = {s.name: s for s in discover_dotnet_isolated(DOTNET_EXAMPLE)}
    assert {name: s.trigger_type for name, s in specs.items()} == {
        "BillOrder": "servicebustrigger",
        "RefundOrder": "servicebustrigger",
        "CreateOrder": "httptrigger",
        "Health": "httptrigger",
        "ProcessOrder": "queuetrigger",
    }
    assert trigger_of(specs["BillOrder"])["topicName"] == "order-events"
    assert [dict(b) for b in specs["CreateOrder"].bindings][1:] == [
        {
            "name": "QueuedOrder",
            "type": "queue",
            "direction": "Out",
            "queueName": "orders",
            "connection": "AzureWebJobsStorage",
        },
        {"name": "Result", "type": "http", "direction": "Out"},
    ]
    assert (
        "FROM mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated8.0"
        in (DOTNET_EXAMPLE / "Dockerfile").read_text()
    )
    settings = json.loads((DOTNET_EXAMPLE / "local.settings.json").read_text())["Values"]
    assert settings["FUNCTIONS_WORKER_RUNTIME"] == "dotnet-isolated"


SCALER_KEYS = (
    "queueName",
    "topicName",
    "subscriptionName",
    "connection",
    "eventHubName",
    "consumerGroup",
    "brokerList",
    "topic",
    "path",
    "schedule",
    "route",
)


def scaling_view(spec: FunctionSpec) -> dict[str, Any]:
    """What the catalogue and the HTTP routes read from a trigger, spelled the same in every model."""
    trigger = trigger_of(spec)
    view = {key: trigger[key] for key in SCALER_KEYS if key in trigger}
    view["type"] = spec.trigger_type
    if spec.is_http:
        view["methods"] = sorted(str(m).upper() for m in trigger.get("methods") or ())
    return view


def test_equivalent_app_matches_the_python_reference():
    dotnet = {s.name: s for s in discover_dotnet_isolated(EQUIVALENT / "dotnet-isolated")}
    python = {s.name: s for s in discover_python_v2(EQUIVALENT / "python-v2")}
    assert (
        sorted(dotnet)
        == sorted(python)
        == [
            "BillOrder",
            "CreateOrder",
            "IngestTelemetry",
            "NightlyReport",
            "ProcessInvoice",
            "ProcessOrder",
            "ScoreClick",
        ]
    )
    for name in dotnet:
        assert scaling_view(dotnet[name]) == scaling_view(python[name]), name
    assert trigger_of(dotnet["IngestTelemetry"])["cardinality"] == "Many"
    assert trigger_of(dotnet["CreateOrder"])["authLevel"] == "Function"
    settings = json.loads((EQUIVALENT / "dotnet-isolated" / "local.settings.json").read_text())["Values"]
    assert settings == {
        "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
        "AzureWebJobsStorage": "UseDevelopmentStorage=true",
        "ServiceBusConnection": "Endpoint=sb://example.servicebus.windows.net/;SharedAccessKeyName=listen;"
        "SharedAccessKey=REPLACE_ME",
        "EventHubConnection": "Endpoint=sb://example-hub.servicebus.windows.net/;SharedAccessKeyName=listen;"
        "SharedAccessKey=REPLACE_ME",
        "KafkaBrokers": "kafka-0.kafka:9092",
    }


# --- nothing is built or run ------------------------------------------------------------------------------


def test_no_build_tool_is_run(no_processes: Callable[..., Path]) -> None:
    trace = no_processes("dotnet", "func", "msbuild")
    for app in (SOURCE_FIXTURE, BUILD_FIXTURE, DOTNET_EXAMPLE, EQUIVALENT / "dotnet-isolated"):
        assert discover_dotnet_isolated(app)
    assert not trace.exists()


# --- helpers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Connection", "connection"),
        ("IsSessionsEnabled", "isSessionsEnabled"),
        ("OAuthBearerMethod", "oAuthBearerMethod"),
        ("SslCaPEM", "sslCaPEM"),
        ("URL", "url"),
        ("already", "already"),
    ],
)
def test_camel_case_matches_system_text_json(name: str, expected: str):
    assert camel_case(name) == expected
