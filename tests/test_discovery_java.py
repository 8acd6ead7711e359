"""Discovery of Java apps: the plugin's build output when present, else @FunctionName methods read from source."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from components.discovery.java import discover_java
from components.errors import FunctionsKedaError
from components.model import FunctionSpec

APPS = Path(__file__).parent / "apps"

POM = """\
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <groupId>com.example</groupId>
    <artifactId>orders</artifactId>
    <version>1.0.0</version>
</project>
"""

IMPORTS = """\
package com.example;

import com.microsoft.azure.functions.*;
import com.microsoft.azure.functions.annotation.*;
import com.microsoft.durabletask.azurefunctions.*;
import com.microsoft.azure.functions.rabbitmq.annotation.*;
import java.util.*;
"""

FUNCTIONS_JAVA = "src/main/java/com/example/Functions.java"


def write_project(root: Path, files: dict[str, str], build_file: str | None = "pom.xml") -> Path:
    """Write {relative path: text} under root (texts are dedented) plus a build file, and return root."""
    if build_file is not None:
        (root / build_file).write_text(POM if build_file == "pom.xml" else "plugins { id 'java' }\n")
    for relative_path, text in files.items():
        path = root / relative_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def functions_class(body: str, header: str = IMPORTS) -> str:
    """A Functions.java in package com.example whose class body is ``body``."""
    return (
        header + "\npublic class Functions {\n" + textwrap.indent(textwrap.dedent(body).strip("\n"), "    ") + "\n}\n"
    )


def one_function(parameter: str, return_type: str = "void", method_annotations: str = "") -> str:
    body = "return null;" if return_type != "void" else ""
    return functions_class(
        f"""
        @FunctionName("Fn")
        {method_annotations}
        public {return_type} run(
                {parameter},
                final ExecutionContext context) {{
            {body}
        }}
        """
    )


def discover(root: Path, files: dict[str, str], build_file: str | None = "pom.xml") -> tuple[FunctionSpec, ...]:
    return discover_java(write_project(root, files, build_file))


def only(specs: tuple[FunctionSpec, ...]) -> FunctionSpec:
    assert len(specs) == 1, specs
    return specs[0]


def bindings(spec: FunctionSpec) -> list[dict[str, Any]]:
    return [dict(b) for b in spec.bindings]


def error_of(root: Path, files: dict[str, str], build_file: str | None = "pom.xml") -> FunctionsKedaError:
    with pytest.raises(FunctionsKedaError) as caught:
        discover(root, files, build_file)
    return caught.value


HTTP_RETURN = {"type": "http", "direction": "out", "name": "$return"}

# --- every trigger annotation --------------------------------------------------------------------------------

TRIGGERS = [
    pytest.param(
        '@HttpTrigger(name = "req") HttpRequestMessage<Optional<String>> req',
        "HttpResponseMessage",
        [
            # authLevel is always written; methods too (the plugin compares arrays by identity, so never "default").
            {"type": "httpTrigger", "direction": "in", "name": "req", "methods": [], "authLevel": "FUNCTION"},
            HTTP_RETURN,
        ],
        id="http-defaults",
    ),
    pytest.param(
        '@HttpTrigger(name = "req", methods = {HttpMethod.GET, HttpMethod.POST}, '
        'authLevel = AuthorizationLevel.ANONYMOUS, route = "items/{id}") HttpRequestMessage<String> req',
        "HttpResponseMessage",
        [
            {
                "type": "httpTrigger",
                "direction": "in",
                "name": "req",
                "route": "items/{id}",
                "methods": ["GET", "POST"],
                "authLevel": "ANONYMOUS",
            },
            HTTP_RETURN,
        ],
        id="http-methods-route-anonymous",
    ),
    pytest.param(
        '@HttpTrigger(name = "req", methods = HttpMethod.PUT, authLevel = AuthorizationLevel.ADMIN) String req',
        "void",
        [{"type": "httpTrigger", "direction": "in", "name": "req", "methods": ["PUT"], "authLevel": "ADMIN"}],
        id="http-void-has-no-return-binding",
    ),
    pytest.param(
        '@QueueTrigger(name = "msg", queueName = "orders", connection = "Storage") String msg',
        "void",
        [{"type": "queueTrigger", "direction": "in", "name": "msg", "queueName": "orders", "connection": "Storage"}],
        id="queue",
    ),
    pytest.param(
        '@QueueTrigger(name = "msg", queueName = "orders", connection = "Storage", dataType = "") String msg',
        "void",
        [{"type": "queueTrigger", "direction": "in", "name": "msg", "queueName": "orders", "connection": "Storage"}],
        id="queue-default-written-out-is-omitted",
    ),
    pytest.param(
        '@BlobTrigger(name = "blob", path = "uploads/{name}", dataType = "binary", connection = "Storage") byte[] b',
        "void",
        [
            {
                "type": "blobTrigger",
                "direction": "in",
                "name": "blob",
                "dataType": "binary",
                "path": "uploads/{name}",
                "connection": "Storage",
            }
        ],
        id="blob",
    ),
    pytest.param(
        '@ServiceBusQueueTrigger(name = "msg", queueName = "jobs", connection = "Bus", access = AccessRights.LISTEN, '
        "isSessionsEnabled = true, cardinality = Cardinality.MANY) String[] msg",
        "void",
        [
            {
                "type": "serviceBusTrigger",
                "direction": "in",
                "name": "msg",
                "queueName": "jobs",
                "connection": "Bus",
                "access": "LISTEN",
                "isSessionsEnabled": True,
                "cardinality": "MANY",
            }
        ],
        id="service-bus-queue",
    ),
    pytest.param(
        '@ServiceBusTopicTrigger(name = "msg", topicName = "events", subscriptionName = "billing", '
        'connection = "Bus") String msg',
        "void",
        [
            {
                "type": "serviceBusTrigger",
                "direction": "in",
                "name": "msg",
                "topicName": "events",
                "subscriptionName": "billing",
                "connection": "Bus",
            }
        ],
        id="service-bus-topic",
    ),
    pytest.param(
        '@EventHubTrigger(name = "events", eventHubName = "telemetry", connection = "Hub", '
        'consumerGroup = "$Default") List<String> events',
        "void",
        [
            # cardinality is always written; a consumerGroup equal to its default ($Default) is not.
            {
                "type": "eventHubTrigger",
                "direction": "in",
                "name": "events",
                "eventHubName": "telemetry",
                "cardinality": "MANY",
                "connection": "Hub",
            }
        ],
        id="event-hub-defaults",
    ),
    pytest.param(
        '@EventHubTrigger(name = "event", eventHubName = "%Hub%", connection = "Hub", consumerGroup = "analytics", '
        "cardinality = Cardinality.ONE) String event",
        "void",
        [
            {
                "type": "eventHubTrigger",
                "direction": "in",
                "name": "event",
                "eventHubName": "%Hub%",
                "cardinality": "ONE",
                "consumerGroup": "analytics",
                "connection": "Hub",
            }
        ],
        id="event-hub-one-consumer-group",
    ),
    pytest.param(
        '@KafkaTrigger(name = "click", topic = "clicks", brokerList = "%KafkaBrokers%", consumerGroup = "scorer") '
        "String click",
        "void",
        [
            {
                "type": "kafkaTrigger",
                "direction": "in",
                "name": "click",
                "topic": "clicks",
                "brokerList": "%KafkaBrokers%",
                "consumerGroup": "scorer",
            }
        ],
        id="kafka",
    ),
    pytest.param(
        '@KafkaTrigger(name = "click", topic = "clicks", brokerList = "broker:9093", consumerGroup = "scorer", '
        "lagThreshold = 50, protocol = BrokerProtocol.SASLSSL, authenticationMode = BrokerAuthenticationMode.PLAIN, "
        'username = "%KafkaUser%", password = "%KafkaPassword%", cardinality = Cardinality.MANY) String[] clicks',
        "void",
        [
            {
                "type": "kafkaTrigger",
                "direction": "in",
                "name": "click",
                "topic": "clicks",
                "brokerList": "broker:9093",
                "cardinality": "MANY",
                "consumerGroup": "scorer",
                "authenticationMode": "PLAIN",
                "username": "%KafkaUser%",
                "password": "%KafkaPassword%",
                "protocol": "SASLSSL",
                "lagThreshold": 50,
            }
        ],
        id="kafka-sasl-lag-threshold",
    ),
    pytest.param(
        '@RabbitMQTrigger(connectionStringSetting = "RabbitMQConnection", queueName = "tasks") String message',
        "void",
        [
            {
                "type": "rabbitMqTrigger",
                "direction": "in",
                "name": "inputMessage",
                "connectionStringSetting": "RabbitMQConnection",
                "queueName": "tasks",
            }
        ],
        id="rabbitmq",
    ),
    pytest.param(
        '@RabbitMQTrigger(queueName = "tasks", hostName = "rabbitmq", port = 5672, dataType = "") String message',
        "void",
        [
            # Elements of other library versions (hostName, port) are written as given.
            {
                "type": "rabbitMqTrigger",
                "direction": "in",
                "name": "inputMessage",
                "queueName": "tasks",
                "hostName": "rabbitmq",
                "port": 5672,
            }
        ],
        id="rabbitmq-elements-of-another-version",
    ),
    pytest.param(
        '@TimerTrigger(name = "timer", schedule = "0 */5 * * * *") String timerInfo',
        "void",
        [{"type": "timerTrigger", "direction": "in", "name": "timer", "schedule": "0 */5 * * * *"}],
        id="timer",
    ),
    pytest.param(
        '@CosmosDBTrigger(name = "items", databaseName = "shop", containerName = "orders", connection = "Cosmos", '
        'leaseContainerName = "leases", createLeaseContainerIfNotExists = true, feedPollDelay = 5000) String items',
        "void",
        [
            {
                "type": "cosmosDBTrigger",
                "direction": "in",
                "name": "items",
                "databaseName": "shop",
                "containerName": "orders",
                "leaseContainerName": "leases",
                "createLeaseContainerIfNotExists": True,
                "connection": "Cosmos",
            }
        ],
        id="cosmos-db",
    ),
    pytest.param(
        '@EventGridTrigger(name = "event") String event',
        "void",
        [{"type": "eventGridTrigger", "direction": "in", "name": "event"}],
        id="event-grid",
    ),
    pytest.param(
        '@DurableOrchestrationTrigger(name = "ctx") TaskOrchestrationContext ctx',
        "String",
        [{"type": "orchestrationTrigger", "direction": "in", "name": "ctx"}],
        id="durable-orchestration",
    ),
    pytest.param(
        '@DurableActivityTrigger(name = "city") String city',
        "String",
        [{"type": "activityTrigger", "direction": "in", "name": "city"}],
        id="durable-activity",
    ),
    pytest.param(
        '@DurableEntityTrigger(name = "req", dataType = "string") String req',
        "void",
        [{"type": "entityTrigger", "direction": "in", "name": "req"}],
        id="durable-entity",
    ),
    pytest.param(
        '@CustomBinding(direction = "IN", name = "entry", type = "redisListTrigger") String entry',
        "void",
        [{"type": "redisListTrigger", "direction": "in", "name": "entry"}],
        id="custom-binding",
    ),
    pytest.param(
        "@WarmupTrigger Object warmup",
        "void",
        [{"type": "warmupTrigger", "direction": "in", "name": "warmupContext"}],
        id="warmup-name-from-custom-binding",
    ),
]


@pytest.mark.parametrize(("parameter", "return_type", "expected"), TRIGGERS)
def test_trigger_annotation_becomes_the_binding_the_plugin_writes(
    tmp_path: Path, parameter: str, return_type: str, expected: list[dict[str, Any]]
) -> None:
    spec = only(discover(tmp_path, {FUNCTIONS_JAVA: one_function(parameter, return_type)}))
    assert spec.name == "Fn"
    assert bindings(spec) == expected
    # Same key order as the plugin: type, direction, name first.
    assert [list(b)[:3] for b in spec.bindings] == [["type", "direction", "name"]] * len(expected)
    assert spec.source == f"{FUNCTIONS_JAVA}:12"
    assert spec.script_file == "../orders-1.0.0.jar"
    assert spec.trigger is not None and spec.trigger is spec.bindings[0]


# --- values: constants, concatenation, enums, arrays ---------------------------------------------------------

NAMES_JAVA = """\
package com.example.config;

public final class Names {
    public static final String PREFIX = "shop-";
    public static final String QUEUE = PREFIX + "orders";
    public static final String STORAGE = "OrdersStorage";
    public static final int LAG = 25 * 2;

    public static final class Queues {
        public static final String RETRY = QUEUE + "-retry";
    }

    private Names() {}
}
"""

CONSTANTS_JAVA = """\
package com.example;

public interface Constants {
    String INHERITED_QUEUE = "inherited";
}
"""

VALUES = [
    pytest.param('queueName = "orders"', "", "orders", id="literal"),
    pytest.param("queueName = LOCAL", 'static final String LOCAL = "local-queue";', "local-queue", id="same-class"),
    pytest.param(
        "queueName = LOCAL",
        'private static final String BASE = "base"; static final String LOCAL = BASE + "-" + 2 + "-" + true;',
        "base-2-true",
        id="constant-built-from-constants",
    ),
    pytest.param("queueName = Names.QUEUE", "", "shop-orders", id="other-class-imported"),
    pytest.param("queueName = com.example.config.Names.QUEUE", "", "shop-orders", id="fully-qualified"),
    pytest.param("queueName = Names.Queues.RETRY", "", "shop-orders-retry", id="nested-class"),
    pytest.param('queueName = Names.PREFIX + "audit"', "", "shop-audit", id="concatenation"),
    pytest.param('queueName = ("a" + "b") + (Names.PREFIX)', "", "abshop-", id="parentheses"),
    pytest.param("queueName = QUEUE", "", "shop-orders", id="static-import"),
    pytest.param("queueName = Queues.RETRY", "", "shop-orders-retry", id="member-type-import"),
    pytest.param("queueName = INHERITED_QUEUE", "", "inherited", id="inherited-interface-constant"),
    pytest.param('queueName = "tab\\tquote\\"\\u0041\\101"', "", 'tab\tquote"AA', id="escapes"),
    pytest.param(
        'queueName = """\n            multi\n              line\n            """',
        "",
        "multi\n  line\n",
        id="text-block",
    ),
    pytest.param('queueName = "q" /* the queue */ + "1" // trailing\n', "", "q1", id="comments"),
    pytest.param('queueName = FLAG ? "yes" : "no"', "static final boolean FLAG = !false;", "yes", id="ternary"),
]


@pytest.mark.parametrize(("argument", "members", "expected"), VALUES)
def test_constant_values_are_evaluated(tmp_path: Path, argument: str, members: str, expected: str) -> None:
    header = (
        IMPORTS
        + "import com.example.config.Names;\n"
        + "import com.example.config.Names.Queues;\n"
        + "import static com.example.config.Names.QUEUE;\n"
    )
    source = header + textwrap.dedent(
        f"""
        public class Functions implements Constants {{
            {members}

            @FunctionName("Fn")
            public void run(@QueueTrigger(name = "m", {argument}, connection = "S") String m) {{}}
        }}
        """
    )
    files = {
        FUNCTIONS_JAVA: source,
        "src/main/java/com/example/config/Names.java": NAMES_JAVA,
        "src/main/java/com/example/Constants.java": CONSTANTS_JAVA,
    }
    assert only(discover(tmp_path, files)).bindings[0]["queueName"] == expected


def test_enums_arrays_ints_and_function_name_from_constants(tmp_path: Path) -> None:
    header = (
        IMPORTS
        + "import static com.microsoft.azure.functions.annotation.AuthorizationLevel.ANONYMOUS;\n"
        + "import static com.example.config.Names.*;\n"
    )
    source = header + textwrap.dedent(
        """
        public class Functions {
            static final String NAME = "Http" + "Fn";

            @FunctionName(NAME)
            public HttpResponseMessage http(
                    @HttpTrigger(name = "req", authLevel = ANONYMOUS,
                                 methods = {com.microsoft.azure.functions.HttpMethod.GET, HttpMethod.DELETE,})
                    HttpRequestMessage<String> req) {
                return null;
            }

            @FunctionName("Kafka")
            public void kafka(@KafkaTrigger(name = "k", topic = PREFIX + "t", brokerList = "b:9092",
                    consumerGroup = "g", lagThreshold = LAG) String k) {}
        }
        """
    )
    files = {FUNCTIONS_JAVA: source, "src/main/java/com/example/config/Names.java": NAMES_JAVA}
    http, kafka = discover(tmp_path, files)
    assert http.name == "HttpFn"
    assert http.bindings[0]["authLevel"] == "ANONYMOUS"
    assert http.bindings[0]["methods"] == ["GET", "DELETE"]
    assert kafka.bindings[0]["topic"] == "shop-t"
    assert kafka.bindings[0]["lagThreshold"] == 50


def test_enum_constants_imported_on_demand(tmp_path: Path) -> None:
    header = IMPORTS + "import static com.microsoft.azure.functions.annotation.Cardinality.*;\n"
    parameter = '@EventHubTrigger(name = "e", eventHubName = "h", connection = "C", cardinality = ONE) String e'
    source = one_function(parameter).replace(IMPORTS, header)
    assert only(discover(tmp_path, {FUNCTIONS_JAVA: source})).bindings[0]["cardinality"] == "ONE"


def test_project_custom_binding_annotation_is_read_from_its_declaration(tmp_path: Path) -> None:
    annotation = """\
    package com.example.bindings;

    import com.microsoft.azure.functions.annotation.CustomBinding;
    import java.lang.annotation.*;

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @CustomBinding(direction = "in", name = "", type = Types.TRIGGER)
    public @interface RedisStreamTrigger {
        String name();
        String connection();
        String key();
        int pollingIntervalInMs() default 1000;
        int maxBatchSize() default 16;
        String[] tags() default {};
    }

    final class Types {
        static final String TRIGGER = "redisStreamTrigger";
    }
    """
    source = one_function(
        '@RedisStreamTrigger(name = "entry", connection = "Redis", key = "events", pollingIntervalInMs = 1000, '
        "maxBatchSize = 32) String entry"
    ).replace("import java.util.*;", "import java.util.*;\nimport com.example.bindings.RedisStreamTrigger;")
    files = {FUNCTIONS_JAVA: source, "src/main/java/com/example/bindings/RedisStreamTrigger.java": annotation}
    assert bindings(only(discover(tmp_path, files))) == [
        {
            "type": "redisStreamTrigger",
            "direction": "in",
            "name": "entry",
            "connection": "Redis",
            "key": "events",
            "maxBatchSize": 32,
            "tags": [],
        }
    ]


def test_output_bindings_and_return_values(tmp_path: Path) -> None:
    source = functions_class(
        """
        @FunctionName("Relay")
        @QueueOutput(name = "ignored", queueName = "out", connection = "Storage")
        public String relay(
                @HttpTrigger(name = "req", methods = {HttpMethod.POST}) HttpRequestMessage<String> req,
                @BlobInput(name = "config", path = "config/app.json", connection = "Storage") String config,
                @ServiceBusQueueOutput(name = "audit", queueName = "audit", connection = "Bus")
                OutputBinding<String> audit) {
            return "ok";
        }

        @FunctionName("Explicit")
        @HttpOutput(name = "response")
        public HttpResponseMessage explicit(@HttpTrigger(name = "req") HttpRequestMessage<String> req) {
            return null;
        }
        """
    )
    explicit, relay = discover(tmp_path, {FUNCTIONS_JAVA: source})
    assert bindings(relay) == [
        {"type": "httpTrigger", "direction": "in", "name": "req", "methods": ["POST"], "authLevel": "FUNCTION"},
        {"type": "blob", "direction": "in", "name": "config", "path": "config/app.json", "connection": "Storage"},
        {"type": "serviceBus", "direction": "out", "name": "audit", "queueName": "audit", "connection": "Bus"},
        # A binding on the method binds the return value; it replaces the implicit HTTP response.
        {"type": "queue", "direction": "out", "name": "$return", "queueName": "out", "connection": "Storage"},
    ]
    assert bindings(explicit)[1] == HTTP_RETURN


def test_storage_account_fills_empty_storage_connections(tmp_path: Path) -> None:
    source = one_function(
        '@BlobTrigger(name = "b", path = "in/{name}") String b,\n'
        '                @QueueOutput(name = "q", queueName = "done", connection = "Other") OutputBinding<String> q',
        method_annotations='@StorageAccount("Uploads")',
    )
    b, q = only(discover(tmp_path, {FUNCTIONS_JAVA: source})).bindings
    assert b["connection"] == "Uploads"
    assert q["connection"] == "Other"


def test_functions_in_nested_classes_are_found_and_sorted_by_name(tmp_path: Path) -> None:
    source = functions_class(
        """
        @FunctionName("Zeta")
        public void zeta(@TimerTrigger(name = "t", schedule = "0 0 * * * *") String t) {}

        public static class Inner {
            @FunctionName("Alpha")
            public void alpha(@EventGridTrigger(name = "e") String e) {}
        }

        enum Helper {
            ONE;
            @FunctionName("Mid")
            public void mid(@EventGridTrigger(name = "e") String e) {}
        }
        """
    )
    specs = discover(tmp_path, {FUNCTIONS_JAVA: source})
    assert [s.name for s in specs] == ["Alpha", "Mid", "Zeta"]
    assert specs[0].source == f"{FUNCTIONS_JAVA}:15"


def test_parameters_without_binding_annotations_are_ignored(tmp_path: Path) -> None:
    source = one_function(
        '@QueueTrigger(name = "m", queueName = "q", connection = "S") @Deprecated String m,\n'
        '                @BindingName("Id") String id, @SuppressWarnings("x") int n'
    )
    assert len(only(discover(tmp_path, {FUNCTIONS_JAVA: source})).bindings) == 1


# --- errors --------------------------------------------------------------------------------------------------

ERRORS = [
    pytest.param(
        '@QueueTrigger(name = "m", queueName = System.getenv("QUEUE"), connection = "S") String m',
        "",
        12,
        "queueName of @QueueTrigger is 'System.getenv(\"QUEUE\")', which discovery can't evaluate without compiling: "
        "it is a method call",
        id="method-call",
    ),
    pytest.param(
        '@QueueTrigger(name = "m", queueName = queue, connection = "S") String m',
        'static String queue = "q";',
        13,
        "Functions.queue (src/main/java/com/example/Functions.java:10) is not static final",
        id="not-final",
    ),
    pytest.param(
        '@QueueTrigger(name = "m", queueName = MISSING, connection = "S") String m',
        "",
        12,
        "no constant named 'MISSING' is declared in Functions or imported statically",
        id="unknown-name",
    ),
    pytest.param(
        '@QueueTrigger(name = "m", queueName = Library.NAME, connection = "S") String m',
        "",
        12,
        "Library.NAME is not a constant declared in the project's sources (src/main/java)",
        id="library-constant",
    ),
    pytest.param(
        '@QueueTrigger(name = "m", queueName = Settings.QUEUE, connection = "S") String m',
        "",
        12,
        "Settings.QUEUE (src/main/java/com/example/Settings.java:4) is set to 'System.getProperty(\"queue\")'",
        id="constant-of-other-file-set-by-a-call",
    ),
    pytest.param(
        '@QueueTrigger(name = "m", queueName = A, connection = "S") String m',
        "static final String A = B + 1; static final String B = A + 2;",
        13,
        "is defined in terms of itself",
        id="cycle",
    ),
    pytest.param(
        '@HttpTrigger(name = "req", authLevel = AuthorizationLevel.PUBLIC) String req',
        "",
        12,
        "AuthorizationLevel has no constant 'PUBLIC' (it has ANONYMOUS, FUNCTION, ADMIN)",
        id="unknown-enum-constant",
    ),
    pytest.param(
        '@HttpTrigger(name = "req", authLevel = Cardinality.ONE) String req',
        "",
        12,
        "Cardinality.ONE is not a AuthorizationLevel constant",
        id="enum-of-another-type",
    ),
    pytest.param(
        '@QueueTrigger(name = "m", queueName = 42, connection = "S") String m',
        "",
        12,
        "it is the number 42, but the element is a String",
        id="wrong-type",
    ),
]


@pytest.mark.parametrize(("parameter", "members", "line", "problem"), ERRORS)
def test_values_that_are_not_known_statically_are_errors_at_file_and_line(
    tmp_path: Path, parameter: str, members: str, line: int, problem: str
) -> None:
    source = functions_class(
        f"""
        {members}
        @FunctionName("Fn")
        public void run(
                {parameter},
                final ExecutionContext context) {{}}
        """
    )
    settings = """\
        package com.example;

        public class Settings {
            static final String QUEUE = System.getProperty("queue");
        }
        """
    files = {FUNCTIONS_JAVA: source, "src/main/java/com/example/Settings.java": settings}
    error = error_of(tmp_path, files)
    assert error.where == f"{FUNCTIONS_JAVA}:{line}"
    assert problem in error.problem
    if "annotation" not in error.problem:
        assert "static final String constant" in error.fix
        assert "%Name%" in error.fix
        assert "mvn package" in error.fix and "target/azure-functions" in error.fix


FUNCTION_ERRORS = [
    pytest.param(
        one_function('@SqlTrigger(name = "rows", tableName = "dbo.Orders") String rows'),
        FUNCTIONS_JAVA + ":13",
        "@SqlTrigger looks like a binding annotation, but it is not one discovery knows",
        id="unknown-binding-annotation",
    ),
    pytest.param(
        one_function('@QueueTrigger(name = "m", connection = "S") String m'),
        FUNCTIONS_JAVA + ":13",
        "@QueueTrigger has no queueName, which it requires",
        id="missing-required-element",
    ),
    pytest.param(
        one_function(
            '@QueueTrigger(name = "a", queueName = "a", connection = "S") String a,\n'
            '                @TimerTrigger(name = "t", schedule = "0 * * * * *") String t'
        ),
        f"function 'Fn' ({FUNCTIONS_JAVA}:12)",
        "has 2 triggers (queueTrigger, timerTrigger)",
        id="two-triggers",
    ),
    pytest.param(
        one_function('@QueueTrigger(name = "m", queueName = "q") String m'),
        f"function 'Fn' ({FUNCTIONS_JAVA}:12)",
        "its queueTrigger binding 'm' names no connection",
        id="storage-without-connection",
    ),
    pytest.param(
        one_function(
            '@TimerTrigger(name = "t", schedule = "0 * * * * *") String t',
            method_annotations='@HttpOutput(name = "r")',
            return_type="String",
        ),
        f"function 'Fn' ({FUNCTIONS_JAVA}:12)",
        "has an HTTP output binding but no @HttpTrigger",
        id="http-output-without-http-trigger",
    ),
    pytest.param(
        functions_class(
            """
            @FunctionName("orders")
            public void a(@EventGridTrigger(name = "e") String e) {}

            @FunctionName("Orders")
            public void b(@EventGridTrigger(name = "e") String e) {}
            """
        ),
        f"function 'Orders' ({FUNCTIONS_JAVA}:14)",
        f"has the same name as the function at {FUNCTIONS_JAVA}:11",
        id="duplicate-names",
    ),
    pytest.param(
        one_function('@CustomBinding(name = "x", type = "fooTrigger", direction = "inout") String x'),
        FUNCTIONS_JAVA + ":13",
        "@CustomBinding has direction 'inout'",
        id="bad-custom-direction",
    ),
    pytest.param(
        functions_class(
            """
            @FunctionName("Broken")
            public void broken(@EventGridTrigger(name = "e") String e {}
            """
        ),
        FUNCTIONS_JAVA + ":11",
        "has a syntax error",
        id="syntax-error",
    ),
]


@pytest.mark.parametrize(("source", "where", "problem"), FUNCTION_ERRORS)
def test_functions_the_plugin_rejects_are_errors(tmp_path: Path, source: str, where: str, problem: str) -> None:
    error = error_of(tmp_path, {FUNCTIONS_JAVA: source})
    assert error.where == where
    assert problem in error.problem


# --- build output, projects, build tools ---------------------------------------------------------------------


def staged_function(root: Path, relative_folder: str, name: str, bindings: list[dict[str, Any]]) -> None:
    folder = root / relative_folder / name
    folder.mkdir(parents=True)
    document = {
        "scriptFile": "../orders-1.0.0.jar",
        "entryPoint": f"com.example.Functions.{name}",
        "bindings": bindings,
    }
    (folder / "function.json").write_text(json.dumps(document, indent=2))


QUEUE_JSON = [{"type": "queueTrigger", "direction": "in", "name": "m", "queueName": "built", "connection": "S"}]


@pytest.mark.parametrize(
    ("build_file", "staging"),
    [
        pytest.param("pom.xml", "target/azure-functions/orders", id="maven"),
        pytest.param("build.gradle", "build/azure-functions/orders", id="gradle"),
        pytest.param("build.gradle.kts", "build/azure-functions/orders", id="gradle-kotlin-dsl"),
    ],
)
def test_build_output_wins_over_sources(tmp_path: Path, build_file: str, staging: str) -> None:
    write_project(tmp_path, {FUNCTIONS_JAVA: one_function('@EventGridTrigger(name = "e") String e')}, build_file)
    staged_function(tmp_path, staging, "FromBuild", QUEUE_JSON)
    (tmp_path / staging / "lib").mkdir()
    spec = only(discover_java(tmp_path))
    assert spec.name == "FromBuild"
    assert spec.source == f"{staging}/FromBuild/function.json"
    assert spec.script_file == "../orders-1.0.0.jar"
    assert bindings(spec) == QUEUE_JSON


def test_build_output_without_function_json_falls_back_to_sources(tmp_path: Path) -> None:
    write_project(tmp_path, {FUNCTIONS_JAVA: one_function('@EventGridTrigger(name = "e") String e')})
    (tmp_path / "target/azure-functions/orders/lib").mkdir(parents=True)
    (tmp_path / "target/azure-functions/orders/host.json").write_text("{}")
    assert only(discover_java(tmp_path)).name == "Fn"


def test_several_staged_apps_are_an_error_naming_them(tmp_path: Path) -> None:
    write_project(tmp_path, {})
    staged_function(tmp_path, "target/azure-functions/orders-old", "A", QUEUE_JSON)
    staged_function(tmp_path, "target/azure-functions/orders", "B", QUEUE_JSON)
    with pytest.raises(FunctionsKedaError) as caught:
        discover_java(tmp_path)
    assert caught.value.where == "target/azure-functions"
    assert "target/azure-functions/orders, target/azure-functions/orders-old" in caught.value.problem


def test_errors_in_build_output_name_the_file_from_the_app_folder(tmp_path: Path) -> None:
    write_project(tmp_path, {})
    staged_function(tmp_path, "target/azure-functions/orders", "Bad", [{"direction": "in"}])
    with pytest.raises(FunctionsKedaError) as caught:
        discover_java(tmp_path)
    assert caught.value.where == "target/azure-functions/orders/Bad/function.json bindings[0]"


@pytest.mark.parametrize(
    ("files", "build_file"),
    [
        pytest.param(
            {FUNCTIONS_JAVA: one_function('@EventGridTrigger(name = "e") String e')}, None, id="no-build-file"
        ),
        pytest.param({"host.json": "{}"}, "pom.xml", id="maven-without-sources"),
        pytest.param(
            {"src/main/java/com/example/Util.java": "package com.example;\nclass Util {}\n"},
            "pom.xml",
            id="no-functions",
        ),
    ],
)
def test_not_a_java_functions_project_gives_nothing(
    tmp_path: Path, files: dict[str, str], build_file: str | None
) -> None:
    assert discover(tmp_path, files, build_file) == ()


def test_staged_folder_itself_is_left_to_function_json_discovery() -> None:
    # tests/apps/java-build is a copy of target/azure-functions/<app>: no pom.xml, so not a project root.
    assert discover_java(APPS / "java-build") == ()


def test_gradle_sources_have_no_known_jar_and_errors_name_the_gradle_task(tmp_path: Path) -> None:
    (tmp_path / "ok").mkdir()
    spec = only(
        discover(
            tmp_path / "ok", {FUNCTIONS_JAVA: one_function('@EventGridTrigger(name = "e") String e')}, "build.gradle"
        )
    )
    assert spec.script_file is None
    (tmp_path / "bad").mkdir()
    source = one_function('@QueueTrigger(name = "m", queueName = q(), connection = "S") String m')
    error = error_of(tmp_path / "bad", {FUNCTIONS_JAVA: source}, "build.gradle")
    assert "`gradle azureFunctionsPackage` and keep build/azure-functions" in error.fix


@pytest.mark.parametrize(
    ("pom", "jar"),
    [
        pytest.param(POM, "../orders-1.0.0.jar", id="artifact-version"),
        pytest.param(
            POM.replace("<version>1.0.0</version>", "<version>${revision}</version>").replace(
                "</project>", "<properties><revision>2.1</revision></properties></project>"
            ),
            "../orders-2.1.jar",
            id="version-from-property",
        ),
        pytest.param(
            POM.replace(
                "<version>1.0.0</version>", "<parent><artifactId>p</artifactId><version>3.0</version></parent>"
            ),
            "../orders-3.0.jar",
            id="version-from-parent",
        ),
        pytest.param(
            POM.replace("</project>", "<build><finalName>${project.artifactId}-app</finalName></build></project>"),
            "../orders-app.jar",
            id="final-name",
        ),
        pytest.param(POM.replace("<version>1.0.0</version>", "<version>${unknown}</version>"), None, id="unresolved"),
        pytest.param(POM.replace("</project>", "<packaging>war</packaging></project>"), None, id="not-a-jar"),
        pytest.param("<project>", None, id="malformed"),
    ],
)
def test_script_file_is_the_jar_the_plugin_names(tmp_path: Path, pom: str, jar: str | None) -> None:
    write_project(tmp_path, {FUNCTIONS_JAVA: one_function('@EventGridTrigger(name = "e") String e')})
    (tmp_path / "pom.xml").write_text(pom)
    assert only(discover_java(tmp_path)).script_file == jar


def test_no_build_tool_is_run(no_processes: Callable[..., Path]) -> None:
    """Discovery parses files only: no mvn/gradle (or anything else) is started, even when they are on PATH."""
    trace = no_processes("mvn", "mvnw", "gradle", "gradlew", "java", "javac", "func")
    app = APPS / "java-source"
    specs = discover_java(app)
    assert len(specs) > 3
    assert not trace.exists()
    assert not (app / "target").exists()


# --- the fixture apps ----------------------------------------------------------------------------------------


def test_java_source_app(tmp_path: Path) -> None:
    specs = {spec.name: spec for spec in discover_java(APPS / "java-source")}
    source = "src/main/java/com/example/inventory"
    assert {name: spec.source for name, spec in specs.items()} == {
        "AuditEvents": f"{source}/AuditFunctions.java:22",
        "DeadLetters": f"{source}/AuditFunctions.java:33",
        "GetItem": f"{source}/StockFunctions.java:25",
        "ImportCatalogue": f"{source}/StockFunctions.java:49",
        "RecordStock": f"{source}/StockFunctions.java:40",
        "Replenish": f"{source}/Replenishment.java:24",
        "ReplenishSku": f"{source}/Replenishment.java:33",
        "StartReplenishment": f"{source}/Replenishment.java:41",
        "StockReport": f"{source}/AuditFunctions.java:42",
        "SupplierUpdates": f"{source}/SupplierFunctions.java:14",
        "WarehouseScans": f"{source}/SupplierFunctions.java:23",
    }
    assert {spec.script_file for spec in specs.values()} == {"../inventory-functions-2.3.1.jar"}
    expected = {
        "GetItem": [
            {
                "type": "httpTrigger",
                "direction": "in",
                "name": "req",
                "route": "items/{sku}",
                "methods": ["GET", "PUT"],
                "authLevel": "ANONYMOUS",
            },
            {
                "type": "blob",
                "direction": "in",
                "name": "item",
                "path": "items/{sku}.json",
                "connection": "InventoryStorage",
            },
            HTTP_RETURN,
        ],
        "RecordStock": [
            {
                "type": "queueTrigger",
                "direction": "in",
                "name": "update",
                "queueName": "inventory-stock-updates",
                "connection": "InventoryStorage",
            },
            {
                "type": "queue",
                "direction": "out",
                "name": "$return",
                "queueName": "inventory-stock-updates-audit",
                "connection": "InventoryStorage",
            },
        ],
        "ImportCatalogue": [
            {
                "type": "blobTrigger",
                "direction": "in",
                "name": "content",
                "dataType": "binary",
                "path": "catalogue-imports/{name}.csv",
                "connection": "InventoryStorage",
            }
        ],
        "AuditEvents": [
            {
                "type": "serviceBusTrigger",
                "direction": "in",
                "name": "event",
                "topicName": "inventory-audit",
                "subscriptionName": "ledger",
                "connection": "ServiceBusConnection",
            }
        ],
        "DeadLetters": [
            {
                "type": "serviceBusTrigger",
                "direction": "in",
                "name": "messages",
                "queueName": "inventory-audit/$DeadLetterQueue",
                "connection": "ServiceBusConnection",
                "access": "LISTEN",
                "isSessionsEnabled": True,
                "cardinality": "MANY",
            }
        ],
        "StockReport": [{"type": "timerTrigger", "direction": "in", "name": "timer", "schedule": "%ReportSchedule%"}],
        "SupplierUpdates": [
            {
                "type": "kafkaTrigger",
                "direction": "in",
                "name": "records",
                "topic": "supplier-updates",
                "brokerList": "%KafkaBrokers%",
                "cardinality": "MANY",
                "dataType": "string",
                "consumerGroup": "inventory",
                "lagThreshold": 200,
            }
        ],
        "WarehouseScans": [
            {
                "type": "rabbitMqTrigger",
                "direction": "in",
                "name": "inputMessage",
                "connectionStringSetting": "RabbitMQConnection",
                "queueName": "warehouse-scans",
            }
        ],
        "Replenish": [{"type": "orchestrationTrigger", "direction": "in", "name": "ctx"}],
        "ReplenishSku": [{"type": "activityTrigger", "direction": "in", "name": "sku"}],
        "StartReplenishment": [
            {
                "type": "httpTrigger",
                "direction": "in",
                "name": "req",
                "route": "replenishments",
                "methods": ["POST"],
                "authLevel": "FUNCTION",
            },
            {"type": "durableClient", "direction": "in", "name": "durableContext"},
            HTTP_RETURN,
        ],
    }
    assert {name: bindings(spec) for name, spec in specs.items()} == expected


EQUIVALENT = {
    "BillOrder": {
        "type": "serviceBusTrigger",
        "topicName": "order-events",
        "subscriptionName": "billing",
        "connection": "ServiceBusConnection",
    },
    "CreateOrder": {"type": "httpTrigger", "route": "orders", "methods": ["POST"], "authLevel": "FUNCTION"},
    # consumerGroup = "$Default" is the annotation's default, so the plugin leaves it out of function.json.
    "IngestTelemetry": {
        "type": "eventHubTrigger",
        "eventHubName": "telemetry",
        "connection": "EventHubConnection",
        "cardinality": "MANY",
    },
    "NightlyReport": {"type": "timerTrigger", "schedule": "0 0 2 * * *"},
    "ProcessInvoice": {
        "type": "blobTrigger",
        "path": "invoices/{name}",
        "connection": "AzureWebJobsStorage",
        "dataType": "binary",
    },
    "ProcessOrder": {"type": "queueTrigger", "queueName": "orders", "connection": "AzureWebJobsStorage"},
    "ScoreClick": {
        "type": "kafkaTrigger",
        "topic": "clicks",
        "brokerList": "%KafkaBrokers%",
        "consumerGroup": "scorer",
    },
}


def test_equivalent_java_app() -> None:
    app = APPS / "equivalent" / "java"
    specs = discover_java(app)
    assert [spec.name for spec in specs] == sorted(EQUIVALENT)
    for spec in specs:
        trigger = dict(spec.bindings[0])
        assert trigger.pop("direction") == "in"
        trigger.pop("name")
        assert trigger == EQUIVALENT[spec.name], spec.name
    assert [b["name"] for b in next(s for s in specs if s.name == "CreateOrder").bindings] == ["req", "$return"]
    settings = json.loads((app / "local.settings.json").read_text())["Values"]
    assert settings["FUNCTIONS_WORKER_RUNTIME"] == "java"
    assert settings["KafkaBrokers"] == "kafka-0.kafka:9092"


def test_example_app() -> None:
    specs = discover_java(APPS.parent.parent / "examples" / "java-app")
    assert {spec.trigger_type for spec in specs} >= {"httptrigger", "queuetrigger", "servicebustrigger"}
