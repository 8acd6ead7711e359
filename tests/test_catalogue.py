"""The scaler catalogue, rule by rule: one Functions trigger binding in, one KEDA trigger (or a refusal) out.

Each row is a hand-built trigger binding, the app settings and host.json it is read with, and the exact KEDA
trigger expected (KEDA 2.20 metadata keys, string values only). Bindings go through ``%Setting%`` resolution
the way the planner does it, so rows may use setting expressions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

import pytest

from components.catalogue import (
    CATALOGUE,
    DURABLE_TRIGGERS,
    NO_SCALER_REASONS,
    KedaTrigger,
    TriggerContext,
    Unscalable,
    build_trigger,
)
from components.errors import FunctionsKedaError
from components.model import FunctionSpec
from components.settings import resolve_expressions

STORAGE = "DefaultEndpointsProtocol=https;AccountName=teststore;AccountKey=ZmFrZQ==;EndpointSuffix=core.windows.net"
SCORES = "DefaultEndpointsProtocol=https;AccountName=scores;AccountKey=ZmFrZQ==;EndpointSuffix=core.windows.net"
SERVICE_BUS = "Endpoint=sb://test-bus.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=ZmFrZQ=="
EVENT_HUBS = "Endpoint=sb://test-hubs.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=ZmFrZQ=="
EVENT_HUB_TELEMETRY = EVENT_HUBS + ";EntityPath=telemetry"
RABBIT = "amqp://user:pass@rabbitmq.default.svc:5672/"

BASE_SETTINGS = {"AzureWebJobsStorage": STORAGE}
"""What every app has unless a row says otherwise."""

FUNCTION = "orders"
SOURCE = "orders/function.json"
WHERE = f"function {FUNCTION!r} ({SOURCE})"

EVENT_HUB_CONSTANTS = {
    "storageConnectionFromEnv": "AzureWebJobsStorage",
    "checkpointStrategy": "blobMetadata",
    "blobContainer": "azure-webjobs-eventhub",
}


def context(
    binding: Mapping[str, Any], settings: Mapping[str, str] | None = None, host: Mapping[str, Any] | None = None
) -> TriggerContext:
    """The context the planner builds for a one-binding function named ``orders``."""
    settings = BASE_SETTINGS if settings is None else settings
    function = FunctionSpec(name=FUNCTION, bindings=(binding,), source=SOURCE, script_file="__init__.py")
    return TriggerContext(
        function=function,
        binding=resolve_expressions(dict(binding), settings, WHERE),
        raw_binding=binding,
        settings=settings,
        host={"version": "2.0"} if host is None else host,
    )


def build(binding: Mapping[str, Any], settings: Mapping[str, str] | None = None, host: Mapping[str, Any] | None = None):
    """``build_trigger`` with the rule the planner would pick for this binding type."""
    return build_trigger(CATALOGUE[binding["type"].lower()], context(binding, settings, host))


def summary(trigger: KedaTrigger) -> tuple[str, dict[str, str], tuple[str, ...], tuple[str, ...]]:
    return trigger.type, dict(trigger.metadata), trigger.env, trigger.functions


def extensions(**sections: Any) -> dict[str, Any]:
    """A host.json with these ``extensions`` sections."""
    return {"version": "2.0", "extensions": sections}


def matches(*fragments: str) -> str:
    """A ``match=`` pattern: every fragment, literally, in this order."""
    return ".*".join(re.escape(fragment) for fragment in fragments)


class Row(NamedTuple):
    binding: dict[str, Any]
    settings: dict[str, str] | None
    host: dict[str, Any] | None
    type: str
    metadata: dict[str, str]
    env: tuple[str, ...]


def row(
    id: str,
    binding: dict[str, Any],
    keda_type: str,
    metadata: dict[str, str],
    env: tuple[str, ...],
    settings: dict[str, str] | None = None,
    host: dict[str, Any] | None = None,
) -> Any:
    return pytest.param(Row(binding, settings, host, keda_type, metadata, env), id=id)


def queue(**properties: Any) -> dict[str, Any]:
    return {"type": "queueTrigger", **properties}


def blob(**properties: Any) -> dict[str, Any]:
    return {"type": "blobTrigger", **properties}


def service_bus(**properties: Any) -> dict[str, Any]:
    return {"type": "serviceBusTrigger", **properties}


def event_hub(**properties: Any) -> dict[str, Any]:
    return {"type": "eventHubTrigger", **properties}


def kafka(**properties: Any) -> dict[str, Any]:
    return {"type": "kafkaTrigger", **properties}


def rabbit(**properties: Any) -> dict[str, Any]:
    return {"type": "rabbitMQTrigger", **properties}


def redis_list(**properties: Any) -> dict[str, Any]:
    return {"type": "redisListTrigger", **properties}


def redis_stream(**properties: Any) -> dict[str, Any]:
    return {"type": "redisStreamTrigger", **properties}


STORAGE_ENV = ("AzureWebJobsStorage",)

SCALED = [
    # -- storage queues ---------------------------------------------------------------------------------------
    row(
        "queue/default-connection",
        queue(queueName="jobs"),
        "azure-queue",
        {"queueName": "jobs", "connectionFromEnv": "AzureWebJobsStorage"},
        STORAGE_ENV,
    ),
    row(
        "queue/named-connection",
        queue(queueName="scores", connection="ScoresStorage"),
        "azure-queue",
        {"queueName": "scores", "connectionFromEnv": "ScoresStorage"},
        ("ScoresStorage",),
        settings={**BASE_SETTINGS, "ScoresStorage": SCORES},
    ),
    row(
        "queue/connection-found-with-AzureWebJobs-prefix",
        queue(queueName="scores", connection="Scores"),
        "azure-queue",
        {"queueName": "scores", "connectionFromEnv": "AzureWebJobsScores"},
        ("AzureWebJobsScores",),
        settings={**BASE_SETTINGS, "AzureWebJobsScores": SCORES},
    ),
    row(
        "queue/exact-setting-beats-prefixed-one",
        queue(queueName="scores", connection="Scores"),
        "azure-queue",
        {"queueName": "scores", "connectionFromEnv": "Scores"},
        ("Scores",),
        settings={**BASE_SETTINGS, "Scores": SCORES, "AzureWebJobsScores": STORAGE},
    ),
    row(
        "queue/empty-connection-means-default",
        queue(queueName="jobs", connection=""),
        "azure-queue",
        {"queueName": "jobs", "connectionFromEnv": "AzureWebJobsStorage"},
        STORAGE_ENV,
    ),
    row(
        "queue/setting-expression",
        queue(queueName="%JobsQueue%"),
        "azure-queue",
        {"queueName": "nightly-jobs", "connectionFromEnv": "AzureWebJobsStorage"},
        STORAGE_ENV,
        settings={**BASE_SETTINGS, "JobsQueue": "nightly-jobs"},
    ),
    row(
        "queue/setting-expression-inside-name",
        queue(queueName="%Env%-jobs"),
        "azure-queue",
        {"queueName": "prod-jobs", "connectionFromEnv": "AzureWebJobsStorage"},
        STORAGE_ENV,
        settings={**BASE_SETTINGS, "Env": "prod"},
    ),
    row(
        "queue/batchSize-sets-queueLength",
        queue(queueName="jobs"),
        "azure-queue",
        {"queueName": "jobs", "connectionFromEnv": "AzureWebJobsStorage", "queueLength": "16"},
        STORAGE_ENV,
        host=extensions(queues={"batchSize": 16, "maxDequeueCount": 5, "newBatchThreshold": 8}),
    ),
    row(
        "queue/host-keys-matched-case-insensitively",
        queue(queueName="jobs"),
        "azure-queue",
        {"queueName": "jobs", "connectionFromEnv": "AzureWebJobsStorage", "queueLength": "4"},
        STORAGE_ENV,
        host=extensions(Queues={"BatchSize": 4}),
    ),
    row(
        "queue/other-extension-sections-ignored",
        queue(queueName="jobs"),
        "azure-queue",
        {"queueName": "jobs", "connectionFromEnv": "AzureWebJobsStorage"},
        STORAGE_ENV,
        host=extensions(serviceBus={"maxConcurrentCalls": 32}, blobs={"maxDegreeOfParallelism": 2}),
    ),
    row(
        "queue/trigger-type-spelled-in-any-case",
        {"type": "QUEUETRIGGER", "queueName": "jobs"},
        "azure-queue",
        {"queueName": "jobs", "connectionFromEnv": "AzureWebJobsStorage"},
        STORAGE_ENV,
    ),
    # -- blobs ------------------------------------------------------------------------------------------------
    row(
        "blob/container-then-pattern",
        blob(path="uploads/{name}"),
        "azure-blob",
        {"blobContainerName": "uploads", "connectionFromEnv": "AzureWebJobsStorage"},
        STORAGE_ENV,
    ),
    row(
        "blob/folder-prefix",
        blob(path="uploads/images/{name}.png"),
        "azure-blob",
        {"blobContainerName": "uploads", "blobPrefix": "images/", "connectionFromEnv": "AzureWebJobsStorage"},
        STORAGE_ENV,
    ),
    row(
        "blob/prefix-ends-inside-a-segment",
        blob(path="uploads/in/img-{name}-{size}.jpg"),
        "azure-blob",
        {"blobContainerName": "uploads", "blobPrefix": "in/img-", "connectionFromEnv": "AzureWebJobsStorage"},
        STORAGE_ENV,
    ),
    row(
        "blob/fixed-blob-name-is-the-prefix",
        blob(path="reports/daily.csv"),
        "azure-blob",
        {"blobContainerName": "reports", "blobPrefix": "daily.csv", "connectionFromEnv": "AzureWebJobsStorage"},
        STORAGE_ENV,
    ),
    row(
        "blob/container-alone",
        blob(path="uploads"),
        "azure-blob",
        {"blobContainerName": "uploads", "connectionFromEnv": "AzureWebJobsStorage"},
        STORAGE_ENV,
    ),
    row(
        "blob/leading-slash",
        blob(path="/uploads/{name}"),
        "azure-blob",
        {"blobContainerName": "uploads", "connectionFromEnv": "AzureWebJobsStorage"},
        STORAGE_ENV,
    ),
    row(
        "blob/container-from-setting",
        blob(path="%InvoiceContainer%/{name}"),
        "azure-blob",
        {"blobContainerName": "invoices", "connectionFromEnv": "AzureWebJobsStorage"},
        STORAGE_ENV,
        settings={**BASE_SETTINGS, "InvoiceContainer": "invoices"},
    ),
    row(
        "blob/named-connection-and-maxDegreeOfParallelism",
        blob(path="uploads/{name}", connection="ScoresStorage"),
        "azure-blob",
        {"blobContainerName": "uploads", "connectionFromEnv": "ScoresStorage", "blobCount": "4"},
        ("ScoresStorage",),
        settings={**BASE_SETTINGS, "ScoresStorage": SCORES},
        host=extensions(blobs={"maxDegreeOfParallelism": 4}),
    ),
    # -- Service Bus ------------------------------------------------------------------------------------------
    row(
        "servicebus/queue",
        service_bus(queueName="orders", connection="ServiceBusConnection"),
        "azure-servicebus",
        {"queueName": "orders", "connectionFromEnv": "ServiceBusConnection"},
        ("ServiceBusConnection",),
        settings={**BASE_SETTINGS, "ServiceBusConnection": SERVICE_BUS},
    ),
    row(
        "servicebus/topic-and-subscription",
        service_bus(topicName="order-events", subscriptionName="billing", connection="ServiceBusConnection"),
        "azure-servicebus",
        {"topicName": "order-events", "subscriptionName": "billing", "connectionFromEnv": "ServiceBusConnection"},
        ("ServiceBusConnection",),
        settings={**BASE_SETTINGS, "ServiceBusConnection": SERVICE_BUS},
    ),
    row(
        "servicebus/default-connection-AzureWebJobsServiceBus",
        service_bus(queueName="orders"),
        "azure-servicebus",
        {"queueName": "orders", "connectionFromEnv": "AzureWebJobsServiceBus"},
        ("AzureWebJobsServiceBus",),
        settings={**BASE_SETTINGS, "AzureWebJobsServiceBus": SERVICE_BUS},
    ),
    row(
        "servicebus/topic-from-setting",
        service_bus(topicName="%Topic%", subscriptionName="%Subscription%", connection="Bus"),
        "azure-servicebus",
        {"topicName": "order-events", "subscriptionName": "audit", "connectionFromEnv": "AzureWebJobsBus"},
        ("AzureWebJobsBus",),
        settings={**BASE_SETTINGS, "AzureWebJobsBus": SERVICE_BUS, "Topic": "order-events", "Subscription": "audit"},
    ),
    row(
        "servicebus/maxConcurrentCalls-sets-messageCount",
        service_bus(queueName="orders", connection="ServiceBusConnection"),
        "azure-servicebus",
        {"queueName": "orders", "connectionFromEnv": "ServiceBusConnection", "messageCount": "32"},
        ("ServiceBusConnection",),
        settings={**BASE_SETTINGS, "ServiceBusConnection": SERVICE_BUS},
        host=extensions(serviceBus={"maxConcurrentCalls": 32, "prefetchCount": 100}),
    ),
    # -- Event Hubs -------------------------------------------------------------------------------------------
    row(
        "eventhub/default-consumerGroup-left-to-KEDA",
        event_hub(eventHubName="telemetry", connection="EventHubConnection", consumerGroup="$Default"),
        "azure-eventhub",
        {
            "eventHubName": "telemetry",
            "connectionFromEnv": "EventHubConnection",
            **EVENT_HUB_CONSTANTS,
        },
        ("EventHubConnection", "AzureWebJobsStorage"),
        settings={**BASE_SETTINGS, "EventHubConnection": EVENT_HUBS},
    ),
    row(
        "eventhub/eventHubName-and-consumerGroup",
        event_hub(eventHubName="telemetry", connection="EventHubConnection", consumerGroup="analytics"),
        "azure-eventhub",
        {
            "eventHubName": "telemetry",
            "consumerGroup": "analytics",
            "connectionFromEnv": "EventHubConnection",
            **EVENT_HUB_CONSTANTS,
        },
        ("EventHubConnection", "AzureWebJobsStorage"),
        settings={**BASE_SETTINGS, "EventHubConnection": EVENT_HUBS},
    ),
    row(
        "eventhub/no-consumerGroup",
        event_hub(eventHubName="telemetry", connection="EventHubConnection"),
        "azure-eventhub",
        {"eventHubName": "telemetry", "connectionFromEnv": "EventHubConnection", **EVENT_HUB_CONSTANTS},
        ("EventHubConnection", "AzureWebJobsStorage"),
        settings={**BASE_SETTINGS, "EventHubConnection": EVENT_HUBS},
    ),
    row(
        "eventhub/legacy-path",
        event_hub(path="telemetry", connection="EventHubConnection", consumerGroup="ingest"),
        "azure-eventhub",
        {
            "eventHubName": "telemetry",
            "consumerGroup": "ingest",
            "connectionFromEnv": "EventHubConnection",
            **EVENT_HUB_CONSTANTS,
        },
        ("EventHubConnection", "AzureWebJobsStorage"),
        settings={**BASE_SETTINGS, "EventHubConnection": EVENT_HUBS},
    ),
    row(
        "eventhub/name-from-EntityPath",
        event_hub(connection="EventHubConnection"),
        "azure-eventhub",
        {"eventHubName": "telemetry", "connectionFromEnv": "EventHubConnection", **EVENT_HUB_CONSTANTS},
        ("EventHubConnection", "AzureWebJobsStorage"),
        settings={**BASE_SETTINGS, "EventHubConnection": EVENT_HUB_TELEMETRY},
    ),
    row(
        "eventhub/name-agrees-with-EntityPath",
        event_hub(eventHubName="telemetry", connection="EventHubConnection"),
        "azure-eventhub",
        {"eventHubName": "telemetry", "connectionFromEnv": "EventHubConnection", **EVENT_HUB_CONSTANTS},
        ("EventHubConnection", "AzureWebJobsStorage"),
        settings={**BASE_SETTINGS, "EventHubConnection": EVENT_HUB_TELEMETRY},
    ),
    row(
        "eventhub/name-from-setting",
        event_hub(eventHubName="%HubName%", connection="EventHubConnection", consumerGroup="%Group%"),
        "azure-eventhub",
        {
            "eventHubName": "telemetry",
            "consumerGroup": "scorers",
            "connectionFromEnv": "EventHubConnection",
            **EVENT_HUB_CONSTANTS,
        },
        ("EventHubConnection", "AzureWebJobsStorage"),
        settings={**BASE_SETTINGS, "EventHubConnection": EVENT_HUBS, "HubName": "telemetry", "Group": "scorers"},
    ),
    row(
        "eventhub/targetUnprocessedEventThreshold",
        event_hub(eventHubName="telemetry", connection="EventHubConnection"),
        "azure-eventhub",
        {
            "eventHubName": "telemetry",
            "connectionFromEnv": "EventHubConnection",
            "unprocessedEventThreshold": "100",
            **EVENT_HUB_CONSTANTS,
        },
        ("EventHubConnection", "AzureWebJobsStorage"),
        settings={**BASE_SETTINGS, "EventHubConnection": EVENT_HUBS},
        host=extensions(eventHubs={"maxEventBatchSize": 50, "targetUnprocessedEventThreshold": 100}),
    ),
    # -- Kafka ------------------------------------------------------------------------------------------------
    row(
        "kafka/literal-brokers-default-lag",
        kafka(brokerList="kafka-0.kafka:9092,kafka-1.kafka:9092", topic="clicks", consumerGroup="scorer"),
        "kafka",
        {
            "bootstrapServers": "kafka-0.kafka:9092,kafka-1.kafka:9092",
            "topic": "clicks",
            "consumerGroup": "scorer",
            "lagThreshold": "1000",
        },
        (),
    ),
    row(
        "kafka/brokers-from-setting",
        kafka(brokerList="%KafkaBrokers%", topic="clicks", consumerGroup="scorer"),
        "kafka",
        {
            "bootstrapServersFromEnv": "KafkaBrokers",
            "topic": "clicks",
            "consumerGroup": "scorer",
            "lagThreshold": "1000",
        },
        ("KafkaBrokers",),
        settings={**BASE_SETTINGS, "KafkaBrokers": "broker-0.kafka:9092"},
    ),
    row(
        "kafka/partial-expression-is-resolved-literally",
        kafka(brokerList="%KafkaHost%:9092", topic="%Topic%", consumerGroup="scorer"),
        "kafka",
        {"bootstrapServers": "kafka.svc:9092", "topic": "clicks", "consumerGroup": "scorer", "lagThreshold": "1000"},
        (),
        settings={**BASE_SETTINGS, "KafkaHost": "kafka.svc", "Topic": "clicks"},
    ),
    row(
        "kafka/lagThreshold-from-binding",
        kafka(brokerList="kafka:9092", topic="clicks", consumerGroup="scorer", lagThreshold=500),
        "kafka",
        {"bootstrapServers": "kafka:9092", "topic": "clicks", "consumerGroup": "scorer", "lagThreshold": "500"},
        (),
    ),
    row(
        "kafka/protocol-SSL-enables-tls",
        kafka(brokerList="kafka:9093", topic="clicks", consumerGroup="scorer", protocol="SSL"),
        "kafka",
        {
            "bootstrapServers": "kafka:9093",
            "topic": "clicks",
            "consumerGroup": "scorer",
            "lagThreshold": "1000",
            "tls": "enable",
        },
        (),
    ),
    row(
        "kafka/plaintext-and-NotSet-are-plain",
        kafka(
            brokerList="kafka:9092",
            topic="clicks",
            consumerGroup="scorer",
            protocol="plaintext",
            authenticationMode="NotSet",
        ),
        "kafka",
        {"bootstrapServers": "kafka:9092", "topic": "clicks", "consumerGroup": "scorer", "lagThreshold": "1000"},
        (),
    ),
    # -- RabbitMQ ---------------------------------------------------------------------------------------------
    row(
        "rabbitmq/connectionStringSetting",
        rabbit(queueName="tasks", connectionStringSetting="RabbitMQConnection"),
        "rabbitmq",
        {"queueName": "tasks", "hostFromEnv": "RabbitMQConnection"},
        ("RabbitMQConnection",),
        settings={**BASE_SETTINGS, "RabbitMQConnection": RABBIT},
    ),
    row(
        "rabbitmq/connection-property",
        rabbit(queueName="tasks", connection="Rabbit"),
        "rabbitmq",
        {"queueName": "tasks", "hostFromEnv": "Rabbit"},
        ("Rabbit",),
        settings={**BASE_SETTINGS, "Rabbit": RABBIT},
    ),
    row(
        "rabbitmq/AzureWebJobs-prefix",
        rabbit(queueName="%TaskQueue%", connectionStringSetting="Rabbit"),
        "rabbitmq",
        {"queueName": "tasks", "hostFromEnv": "AzureWebJobsRabbit"},
        ("AzureWebJobsRabbit",),
        settings={**BASE_SETTINGS, "AzureWebJobsRabbit": RABBIT, "TaskQueue": "tasks"},
    ),
    row(
        "rabbitmq/prefetchCount-sets-value-and-mode",
        rabbit(queueName="tasks", connectionStringSetting="RabbitMQConnection"),
        "rabbitmq",
        {"queueName": "tasks", "hostFromEnv": "RabbitMQConnection", "value": "20", "mode": "QueueLength"},
        ("RabbitMQConnection",),
        settings={**BASE_SETTINGS, "RabbitMQConnection": RABBIT},
        host=extensions(rabbitMQ={"prefetchCount": 20}),
    ),
    # -- Redis ------------------------------------------------------------------------------------------------
    row(
        "redis-list/plain-address-read-from-env",
        redis_list(key="jobs", connection="RedisConnection"),
        "redis",
        {"listName": "jobs", "addressFromEnv": "RedisConnection"},
        ("RedisConnection",),
        settings={**BASE_SETTINGS, "RedisConnection": "redis.default.svc:6379"},
    ),
    row(
        "redis-list/connectionStringSetting-and-prefix",
        redis_list(key="%JobsKey%", connectionStringSetting="Redis"),
        "redis",
        {"listName": "jobs", "addressFromEnv": "AzureWebJobsRedis"},
        ("AzureWebJobsRedis",),
        settings={**BASE_SETTINGS, "AzureWebJobsRedis": "redis.default.svc:6379", "JobsKey": "jobs"},
    ),
    row(
        "redis-list/redis-url-becomes-literal-address",
        redis_list(key="jobs", connection="RedisConnection"),
        "redis",
        {"listName": "jobs", "address": "redis.default.svc:6380"},
        (),
        settings={**BASE_SETTINGS, "RedisConnection": "redis://redis.default.svc:6380"},
    ),
    row(
        "redis-list/redis-url-default-port",
        redis_list(key="jobs", connection="RedisConnection"),
        "redis",
        {"listName": "jobs", "address": "redis.default.svc:6379"},
        (),
        settings={**BASE_SETTINGS, "RedisConnection": "redis://redis.default.svc"},
    ),
    row(
        "redis-list/rediss-enables-tls",
        redis_list(key="jobs", connection="RedisConnection"),
        "redis",
        {"listName": "jobs", "address": "cache.example.com:6380", "enableTLS": "true"},
        (),
        settings={**BASE_SETTINGS, "RedisConnection": "rediss://cache.example.com:6380"},
    ),
    row(
        "redis-stream/plain-address-read-from-env",
        redis_stream(key="events", connection="RedisConnection"),
        "redis-streams",
        {"stream": "events", "addressFromEnv": "RedisConnection"},
        ("RedisConnection",),
        settings={**BASE_SETTINGS, "RedisConnection": "redis.default.svc:6379"},
    ),
    row(
        "redis-stream/rediss-url",
        redis_stream(key="events", connection="RedisConnection"),
        "redis-streams",
        {"stream": "events", "address": "cache.example.com:6380", "enableTLS": "true"},
        (),
        settings={**BASE_SETTINGS, "RedisConnection": "rediss://cache.example.com:6380"},
    ),
]


@pytest.mark.parametrize("case", SCALED)
def test_build_trigger(case: Row) -> None:
    trigger = build(case.binding, case.settings, case.host)
    assert summary(trigger) == (case.type, case.metadata, case.env, (FUNCTION,))


NOISE = {
    "direction": "in",
    "name": "msg",
    "dataType": "string",
    "cardinality": "many",
    "authLevel": "function",
    "isSessionsEnabled": True,
    "autoCompleteMessages": False,
    "accessRights": "listen",
    "pollingIntervalInMs": 1000,
    "maxBatchSize": 16,
    "source": "LogsAndContainerScan",
    "schedule": "0 */5 * * * *",
    "extraProperty": {"nested": ["value"]},
}
"""Binding properties that KEDA must never see: function.json plumbing and extension knobs without a scaler key."""

ALLOWED_KEYS = {
    "azure-queue": {"queueName", "connectionFromEnv", "queueLength"},
    "azure-blob": {"blobContainerName", "blobPrefix", "connectionFromEnv", "blobCount"},
    "azure-servicebus": {"queueName", "topicName", "subscriptionName", "connectionFromEnv", "messageCount"},
    "azure-eventhub": {
        "eventHubName",
        "consumerGroup",
        "connectionFromEnv",
        "storageConnectionFromEnv",
        "checkpointStrategy",
        "blobContainer",
        "unprocessedEventThreshold",
    },
    "kafka": {"bootstrapServers", "bootstrapServersFromEnv", "topic", "consumerGroup", "lagThreshold", "tls"},
    "rabbitmq": {"queueName", "hostFromEnv", "value", "mode"},
    "redis": {"listName", "address", "addressFromEnv", "enableTLS"},
    "redis-streams": {"stream", "address", "addressFromEnv", "enableTLS"},
}
"""Every KEDA 2.20 metadata key each scaler may get from the catalogue."""


@pytest.mark.parametrize("case", SCALED)
def test_binding_noise_never_reaches_keda(case: Row) -> None:
    trigger = build({**NOISE, **case.binding}, case.settings, case.host)
    assert summary(trigger) == (case.type, case.metadata, case.env, (FUNCTION,))
    assert set(trigger.metadata) <= ALLOWED_KEYS[trigger.type]
    assert all(type(value) is str for value in trigger.metadata.values())


def test_every_catalogue_rule_is_covered_by_a_row() -> None:
    covered = {case.values[0].binding["type"].lower() for case in SCALED}
    assert covered == set(CATALOGUE)
    assert {rule.keda_type for rule in CATALOGUE.values()} == set(ALLOWED_KEYS)


def test_catalogue_tables() -> None:
    assert set(CATALOGUE) == {
        "queuetrigger",
        "blobtrigger",
        "servicebustrigger",
        "eventhubtrigger",
        "kafkatrigger",
        "rabbitmqtrigger",
        "redislisttrigger",
        "redisstreamtrigger",
    }
    assert {kind: rule.keda_type for kind, rule in CATALOGUE.items()} == {
        "queuetrigger": "azure-queue",
        "blobtrigger": "azure-blob",
        "servicebustrigger": "azure-servicebus",
        "eventhubtrigger": "azure-eventhub",
        "kafkatrigger": "kafka",
        "rabbitmqtrigger": "rabbitmq",
        "redislisttrigger": "redis",
        "redisstreamtrigger": "redis-streams",
    }
    assert DURABLE_TRIGGERS == {"orchestrationtrigger", "activitytrigger", "entitytrigger"}
    assert set(NO_SCALER_REASONS) >= {"timertrigger", "cosmosdbtrigger", "eventgridtrigger", "sqltrigger"}
    assert not set(NO_SCALER_REASONS) & (set(CATALOGUE) | DURABLE_TRIGGERS)


# -- user errors: the message names the function (or host.json) and the field ------------------------------

ERRORS = [
    pytest.param(queue(), None, None, (WHERE, "the queueTrigger binding has no 'queueName'"), id="queue/no-queueName"),
    pytest.param(
        queue(queueName=""), None, None, (WHERE, "the queueTrigger binding has no 'queueName'"), id="queue/empty-name"
    ),
    pytest.param(
        queue(queueName=["a", "b"]),
        None,
        None,
        (WHERE, "trigger property 'queueName' must be a string, found ['a', 'b']"),
        id="queue/list-name",
    ),
    pytest.param(
        queue(queueName="jobs", connection="Orders"),
        None,
        None,
        (WHERE, "uses connection 'Orders', but no app setting 'Orders' (or 'AzureWebJobsOrders') exists"),
        id="queue/missing-connection-setting",
    ),
    pytest.param(
        queue(queueName="jobs"),
        {"FUNCTIONS_WORKER_RUNTIME": "python"},
        None,
        (WHERE, "uses connection 'AzureWebJobsStorage', but no app setting 'AzureWebJobsStorage'"),
        id="queue/missing-default-connection",
    ),
    pytest.param(
        queue(queueName="jobs"),
        None,
        extensions(queues={"batchSize": 0}),
        ("host.json: extensions.queues.batchSize must be a positive whole number, found 0",),
        id="queue/batchSize-zero",
    ),
    pytest.param(
        queue(queueName="jobs"),
        None,
        extensions(queues={"batchSize": "16"}),
        ("host.json: extensions.queues.batchSize must be a positive whole number, found '16'",),
        id="queue/batchSize-string",
    ),
    pytest.param(
        queue(queueName="jobs"),
        None,
        extensions(queues={"batchSize": True}),
        ("host.json: extensions.queues.batchSize must be a positive whole number, found True",),
        id="queue/batchSize-bool",
    ),
    pytest.param(blob(), None, None, (WHERE, "the blobTrigger binding has no 'path'"), id="blob/no-path"),
    pytest.param(
        blob(path="{container}/{name}"),
        None,
        None,
        (WHERE, "blob trigger path '{container}/{name}' has no fixed container name"),
        id="blob/pattern-in-container",
    ),
    pytest.param(
        blob(path="up{n}loads/x"),
        None,
        None,
        (WHERE, "blob trigger path 'up{n}loads/x' has no fixed container name"),
        id="blob/brace-inside-container",
    ),
    pytest.param(
        blob(path="/"), None, None, (WHERE, "blob trigger path '/' has no fixed container name"), id="blob/root-path"
    ),
    pytest.param(
        blob(path="uploads/{name}"),
        None,
        extensions(blobs={"maxDegreeOfParallelism": -1}),
        ("host.json: extensions.blobs.maxDegreeOfParallelism must be a positive whole number, found -1",),
        id="blob/negative-parallelism",
    ),
    pytest.param(
        service_bus(connection="ServiceBusConnection"),
        {**BASE_SETTINGS, "ServiceBusConnection": SERVICE_BUS},
        None,
        (WHERE, "names neither a queue (queueName) nor a topic and subscription (topicName + subscriptionName)"),
        id="servicebus/no-entity",
    ),
    pytest.param(
        service_bus(topicName="order-events", connection="ServiceBusConnection"),
        {**BASE_SETTINGS, "ServiceBusConnection": SERVICE_BUS},
        None,
        (WHERE, "names neither a queue (queueName) nor a topic and subscription (topicName + subscriptionName)"),
        id="servicebus/topic-without-subscription",
    ),
    pytest.param(
        service_bus(queueName="orders"),
        None,
        None,
        (WHERE, "uses connection 'AzureWebJobsServiceBus', but no app setting 'AzureWebJobsServiceBus'"),
        id="servicebus/no-default-connection",
    ),
    pytest.param(
        event_hub(eventHubName="telemetry"),
        {**BASE_SETTINGS, "EventHubConnection": EVENT_HUBS},
        None,
        (WHERE, "the eventHubTrigger binding names no connection (connection)"),
        id="eventhub/no-connection-property",
    ),
    pytest.param(
        event_hub(eventHubName="telemetry", connection="EventHubConnection"),
        BASE_SETTINGS,
        None,
        (WHERE, "uses connection 'EventHubConnection', but no app setting 'EventHubConnection'"),
        id="eventhub/missing-connection-setting",
    ),
    pytest.param(
        event_hub(eventHubName="clicks", connection="EventHubConnection"),
        {**BASE_SETTINGS, "EventHubConnection": EVENT_HUB_TELEMETRY},
        None,
        (
            WHERE,
            "the trigger's eventHubName is 'clicks' but the connection string in setting 'EventHubConnection' "
            "has EntityPath='telemetry'",
        ),
        id="eventhub/name-disagrees-with-EntityPath",
    ),
    pytest.param(
        event_hub(connection="EventHubConnection"),
        {**BASE_SETTINGS, "EventHubConnection": EVENT_HUBS},
        None,
        (WHERE, "names no hub: no eventHubName and no EntityPath in the connection string"),
        id="eventhub/no-hub-name",
    ),
    pytest.param(
        kafka(topic="clicks", consumerGroup="scorer"),
        None,
        None,
        (WHERE, "the kafkaTrigger binding has no 'brokerList'"),
        id="kafka/no-brokerList",
    ),
    pytest.param(
        kafka(brokerList="kafka:9092", consumerGroup="scorer"),
        None,
        None,
        (WHERE, "the kafkaTrigger binding has no 'topic'"),
        id="kafka/no-topic",
    ),
    pytest.param(
        kafka(brokerList="kafka:9092", topic="clicks"),
        None,
        None,
        (WHERE, "the kafkaTrigger binding has no 'consumerGroup'"),
        id="kafka/no-consumerGroup",
    ),
    pytest.param(
        rabbit(connectionStringSetting="RabbitMQConnection"),
        {**BASE_SETTINGS, "RabbitMQConnection": RABBIT},
        None,
        (WHERE, "the rabbitMQTrigger binding has no 'queueName'"),
        id="rabbitmq/no-queueName",
    ),
    pytest.param(
        rabbit(queueName="tasks"),
        None,
        None,
        (WHERE, "the rabbitMQTrigger binding names no connection (connectionStringSetting or connection)"),
        id="rabbitmq/no-connection-property",
    ),
    pytest.param(
        rabbit(queueName="tasks", connectionStringSetting="RabbitMQConnection"),
        None,
        None,
        (WHERE, "uses connection 'RabbitMQConnection', but no app setting 'RabbitMQConnection'"),
        id="rabbitmq/missing-connection-setting",
    ),
    pytest.param(
        rabbit(queueName="tasks", connectionStringSetting="RabbitMQConnection"),
        {**BASE_SETTINGS, "RabbitMQConnection": RABBIT},
        extensions(rabbitMQ={"prefetchCount": 0}),
        ("host.json: extensions.rabbitMQ.prefetchCount must be a positive whole number, found 0",),
        id="rabbitmq/prefetchCount-zero",
    ),
    pytest.param(
        redis_list(connection="RedisConnection"),
        {**BASE_SETTINGS, "RedisConnection": "redis:6379"},
        None,
        (WHERE, "the redisListTrigger binding has no 'key'"),
        id="redis-list/no-key",
    ),
    pytest.param(
        redis_list(key="jobs"),
        None,
        None,
        (WHERE, "the Redis trigger names no connection setting (connectionStringSetting)"),
        id="redis-list/no-connection-property",
    ),
    pytest.param(
        redis_stream(key="events", connection="RedisConnection"),
        None,
        None,
        (WHERE, "uses connection 'RedisConnection', but no app setting 'RedisConnection'"),
        id="redis-stream/missing-connection-setting",
    ),
    pytest.param(
        redis_stream(key="events", connection="Redis"),
        {**BASE_SETTINGS, "Redis__redisHostName": "cache.example.com"},
        None,
        (WHERE, "connection 'Redis' is identity-based (Redis__redisHostName)"),
        id="redis-stream/identity-only-connection",
    ),
]


@pytest.mark.parametrize(("binding", "settings", "host", "fragments"), ERRORS)
def test_user_errors(
    binding: dict[str, Any], settings: dict[str, str] | None, host: dict[str, Any] | None, fragments: tuple[str, ...]
) -> None:
    with pytest.raises(FunctionsKedaError, match=matches(*fragments)):
        build(binding, settings, host)


# -- triggers KEDA could scale, but not without a TriggerAuthentication: the function gets no scaler ----------

UNSCALABLE = [
    pytest.param(
        kafka(brokerList="kafka:9093", topic="clicks", consumerGroup="scorer", protocol="SASL_SSL"),
        None,
        "Kafka with protocol 'SASL_SSL' / authenticationMode None needs credentials in a KEDA TriggerAuthentication",
        id="kafka/SASL_SSL",
    ),
    pytest.param(
        kafka(
            brokerList="%Brokers%",
            topic="clicks",
            consumerGroup="scorer",
            protocol="SaslPlaintext",
            authenticationMode="Plain",
        ),
        {**BASE_SETTINGS, "Brokers": "kafka:9092"},
        "Kafka with protocol 'SaslPlaintext' / authenticationMode 'Plain' needs credentials",
        id="kafka/SaslPlaintext-Plain",
    ),
    pytest.param(
        kafka(
            brokerList="kafka:9093", topic="clicks", consumerGroup="scorer", protocol="SSL", authenticationMode="Gssapi"
        ),
        None,
        "Kafka with protocol 'SSL' / authenticationMode 'Gssapi' needs credentials",
        id="kafka/SSL-with-authenticationMode",
    ),
    pytest.param(
        kafka(brokerList="kafka:9092", topic="clicks", consumerGroup="scorer", authenticationMode="ScramSha512"),
        None,
        "Kafka with protocol None / authenticationMode 'ScramSha512' needs credentials",
        id="kafka/authenticationMode-only",
    ),
    pytest.param(
        redis_list(key="jobs", connection="RedisConnection"),
        {**BASE_SETTINGS, "RedisConnection": "redis.default.svc:6379,password=fake"},
        "its Redis connection string has options (password, ssl...)",
        id="redis-list/password-option",
    ),
    pytest.param(
        redis_list(key="jobs", connection="RedisConnection"),
        {**BASE_SETTINGS, "RedisConnection": "cache.example.com:6380,ssl=True,abortConnect=False"},
        "its Redis connection string has options (password, ssl...)",
        id="redis-list/ssl-option",
    ),
    pytest.param(
        redis_stream(key="events", connection="RedisConnection"),
        {**BASE_SETTINGS, "RedisConnection": "redis://user:secret@redis.default.svc:6379"},
        "its Redis URL carries credentials",
        id="redis-stream/url-user-and-password",
    ),
    pytest.param(
        redis_stream(key="events", connection="RedisConnection"),
        {**BASE_SETTINGS, "RedisConnection": "rediss://:secret@cache.example.com:6380"},
        "its Redis URL carries credentials",
        id="redis-stream/url-password-only",
    ),
]


@pytest.mark.parametrize(("binding", "settings", "reason"), UNSCALABLE)
def test_unscalable(binding: dict[str, Any], settings: dict[str, str] | None, reason: str) -> None:
    with pytest.raises(Unscalable, match=matches(reason)):
        build(binding, settings)


@pytest.mark.parametrize(
    ("binding", "settings"),
    [
        pytest.param(queue(queueName="Orders"), None, id="literal"),
        pytest.param(queue(queueName="%OrdersQueue%"), {**BASE_SETTINGS, "OrdersQueue": "Orders"}, id="setting"),
    ],
)
def test_queue_name_is_lower_cased_like_the_host_does(binding: dict[str, Any], settings: dict[str, str] | None) -> None:
    trigger = build(binding, settings)
    assert dict(trigger.metadata) == {"queueName": "orders", "connectionFromEnv": "AzureWebJobsStorage"}
