"""The scaler catalogue: which KEDA trigger scales which Functions trigger.

Each Functions trigger type maps to a :class:`ScalerRule` (data: which binding properties become which
KEDA metadata keys, which setting holds the connection, which ``host.json`` knob sets the threshold).
The few rules that data cannot express (a blob container parsed from a path, an Event Hub name that may
live in a connection string) are small named functions referenced from the table.

Only string metadata is produced, and only the keys listed here, so binding noise such as ``direction``,
``dataType`` or ``cardinality`` never reaches KEDA (``func kubernetes deploy`` copies them all).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from components.errors import FunctionsKedaError
from components.model import Binding, FunctionSpec
from components.settings import (
    EXTERNAL,
    connection_setting,
    connection_string_field,
    expression_setting,
    identity_settings,
)


@dataclass(frozen=True)
class TriggerContext:
    """Everything a rule may look at for one function's trigger."""

    function: FunctionSpec
    binding: Binding
    """The trigger binding with ``%Setting%`` expressions resolved."""
    raw_binding: Binding
    """The trigger binding as written (a ``%Setting%`` brokerList becomes ``bootstrapServersFromEnv``)."""
    settings: Mapping[str, str]
    """The merged app settings the container will see."""
    host: Mapping[str, Any]
    """``host.json``."""

    @property
    def where(self) -> str:
        """The function and where it is defined, for messages."""
        return f"function {self.function.name!r} ({self.function.source})"


@dataclass(frozen=True)
class KedaTrigger:
    """One entry of a ScaledObject's ``triggers``."""

    type: str
    metadata: Mapping[str, str]
    functions: tuple[str, ...]
    """The functions this trigger scales for (identical triggers of several functions are merged)."""
    env: tuple[str, ...] = ()
    """Settings that the metadata reads with ``…FromEnv``: the container must have them."""
    identity: bool = False
    """Whether KEDA connects with Azure Workload Identity (identity-based connection settings)."""
    authentication: str | None = None
    """Name of the TriggerAuthentication the trigger refers to (set while planning)."""
    secret_refs: tuple[tuple[str, str], ...] = ()
    """``(KEDA auth parameter, setting)`` pairs read from a Secret through the TriggerAuthentication."""


@dataclass(frozen=True)
class NoScaler:
    """A function KEDA cannot scale on; it runs on replicas that are always up."""

    function: str
    reason: str


class Unscalable(Exception):
    """Raised by a rule when this trigger cannot be scaled (a reason, not a user error)."""


@dataclass(frozen=True)
class Connection:
    """Where a trigger's connection setting is named, and how KEDA should read it."""

    properties: tuple[str, ...]
    """Binding properties that name the setting, first found wins (``connection``, ``connectionStringSetting``)."""
    default: str | None
    """The setting the extension uses when the binding names none; ``None`` when one is required."""
    metadata_key: str = "connectionFromEnv"
    identity: IdentityRule | None = None
    """How KEDA finds the resource when the connection is identity-based (``<name>__accountName``...)."""


def _as_is(value: str) -> str:
    return value


def _first_host_label(value: str) -> str:
    """``https://acct.queue.core.windows.net/`` or ``ns.servicebus.windows.net`` → ``acct`` / ``ns``."""
    host = urlsplit(value).hostname if "://" in value else value
    return (host or "").split(".", 1)[0]


@dataclass(frozen=True)
class IdentityRule:
    """Which KEDA metadata key names the resource of an identity-based connection, and where to read it."""

    metadata_key: str
    sources: tuple[tuple[str, Callable[[str], str]], ...]
    """``(setting suffix after "__", how to get the name from its value)``, first present wins."""


_STORAGE_IDENTITY = {
    kind: IdentityRule("accountName", (("accountName", _as_is), (f"{kind}ServiceUri", _first_host_label)))
    for kind in ("queue", "blob")
}
_NAMESPACE_IDENTITY = (("fullyQualifiedNamespace", _first_host_label),)


@dataclass(frozen=True)
class Threshold:
    """A ``host.json`` knob that says how much work one instance takes, as Azure Container Apps maps it."""

    path: tuple[str, ...]
    """Keys below ``extensions`` (matched case-insensitively, as the host reads host.json)."""
    metadata_key: str


Refine = Callable[[TriggerContext, dict[str, str], list[str]], None]
"""A rule's extra step: may add metadata, add env settings it reads, or raise :class:`Unscalable`."""


@dataclass(frozen=True)
class ScalerRule:
    """How one Functions trigger type becomes one KEDA trigger."""

    keda_type: str
    properties: Mapping[str, str] = field(default_factory=dict)
    """Binding property → KEDA metadata key, copied (resolved) when present."""
    required: tuple[str, ...] = ()
    """Binding properties without which the trigger cannot be scaled (or even run)."""
    connection: Connection | None = None
    threshold: Threshold | None = None
    constants: Mapping[str, str] = field(default_factory=dict)
    refine: Refine | None = None


# -- rules that data cannot express ------------------------------------------------------------------------


def _lower_case_queue(context: TriggerContext, metadata: dict[str, str], env: list[str]) -> None:
    # The host lower-cases queue names before it listens (queue names are lower-case in Azure Storage).
    metadata["queueName"] = metadata["queueName"].lower()


def _blob_container(context: TriggerContext, metadata: dict[str, str], env: list[str]) -> None:
    path = str(context.binding["path"]).lstrip("/")
    container, _, rest = path.partition("/")
    if not container or "{" in container:
        raise FunctionsKedaError(
            context.where,
            f"blob trigger path {context.binding['path']!r} has no fixed container name",
            'Start the path with the container, e.g. "path": "uploads/{name}"; KEDA counts blobs in one container.',
        )
    metadata["blobContainerName"] = container
    prefix = rest.split("{", 1)[0]
    if prefix:
        metadata["blobPrefix"] = prefix


def _service_bus_entity(context: TriggerContext, metadata: dict[str, str], env: list[str]) -> None:
    if "queueName" in metadata or ("topicName" in metadata and "subscriptionName" in metadata):
        return
    raise FunctionsKedaError(
        context.where,
        "the Service Bus trigger names neither a queue (queueName) nor a topic and subscription "
        "(topicName + subscriptionName)",
        "Set queueName, or both topicName and subscriptionName, on the trigger.",
    )


def _event_hub(context: TriggerContext, metadata: dict[str, str], env: list[str]) -> None:
    binding_hub = context.binding.get("eventHubName") or context.binding.get("path")
    connection_name = metadata.get("connectionFromEnv")
    entity_path = None
    if connection_name is not None:
        entity_path = connection_string_field(context.settings.get(connection_name, ""), "EntityPath")
    if binding_hub and entity_path and str(binding_hub) != entity_path:
        raise FunctionsKedaError(
            context.where,
            f"the trigger's eventHubName is {binding_hub!r} but the connection string in setting "
            f"{connection_name!r} has EntityPath={entity_path!r}",
            "Make them name the same Event Hub, or remove EntityPath from the connection string.",
        )
    hub = binding_hub or entity_path
    if not hub:
        raise FunctionsKedaError(
            context.where,
            "the Event Hub trigger names no hub: no eventHubName and no EntityPath in the connection string",
            "Set eventHubName on the trigger (a %Setting% works too).",
        )
    metadata["eventHubName"] = str(hub)
    if metadata.get("consumerGroup") == "$Default":
        # KEDA's default too; leaving it out keeps languages that omit the default (Java) identical.
        del metadata["consumerGroup"]
    # Functions keep their checkpoints in the host's storage account: KEDA reads them there to measure lag.
    storage = "AzureWebJobsStorage" if "AzureWebJobsStorage" in context.settings else None
    account = identity_value("AzureWebJobsStorage", _STORAGE_IDENTITY["blob"], context.settings)
    if storage is None and account is not None:
        # Identity-based host storage: KEDA reads the checkpoints with the same workload identity.
        metadata["storageAccountName"] = account
        return
    if storage is None:
        identity = identity_settings("AzureWebJobsStorage", context.settings)
        raise FunctionsKedaError(
            context.where,
            "Event Hub triggers keep checkpoints in AzureWebJobsStorage, and "
            + (
                f"that connection is identity-based ({', '.join(identity)}), while this version's Event Hub "
                "scaler reads checkpoints with a connection string"
                if identity
                else "no such setting exists"
            ),
            "Set AzureWebJobsStorage (local.settings.json Values or pulumi config set --secret --path "
            "'functions-keda:settings.AzureWebJobsStorage' ...).",
        )
    metadata["storageConnectionFromEnv"] = storage
    env.append(storage)


_KAFKA_PLAIN_PROTOCOLS = {"", "notset", "plaintext"}
_KAFKA_TLS_PROTOCOLS = {"ssl"}


def _kafka(context: TriggerContext, metadata: dict[str, str], env: list[str]) -> None:
    raw_brokers = context.raw_binding.get("brokerList")
    # The Kafka extension reads brokerList as "%Setting%", or as a setting's name when such a setting exists.
    brokers_setting = expression_setting(raw_brokers)
    if brokers_setting is None and isinstance(raw_brokers, str) and raw_brokers in context.settings:
        brokers_setting = raw_brokers
    if brokers_setting is not None:
        # The broker list is configuration, not code: let KEDA read it from the same env var as the host.
        metadata["bootstrapServersFromEnv"] = brokers_setting
        env.append(brokers_setting)
    else:
        metadata["bootstrapServers"] = str(context.binding["brokerList"])
    protocol = str(context.binding.get("protocol") or "").lower()
    mode = str(context.binding.get("authenticationMode") or "").lower()
    if mode not in ("", "notset") or protocol not in _KAFKA_PLAIN_PROTOCOLS | _KAFKA_TLS_PROTOCOLS:
        raise Unscalable(
            f"Kafka with protocol {context.binding.get('protocol')!r} / authenticationMode "
            f"{context.binding.get('authenticationMode')!r} needs credentials in a KEDA TriggerAuthentication, "
            "which this version does not create yet"
        )
    if protocol in _KAFKA_TLS_PROTOCOLS:
        metadata["tls"] = "enable"
    metadata["lagThreshold"] = str(context.binding.get("lagThreshold", 1000))


def _redis_address(context: TriggerContext, metadata: dict[str, str], env: list[str]) -> None:
    name = context.binding.get("connectionStringSetting") or context.binding.get("connection")
    if not isinstance(name, str) or not name:
        raise FunctionsKedaError(
            context.where,
            "the Redis trigger names no connection setting (connectionStringSetting)",
            "Set connectionStringSetting to the app setting that holds the Redis address.",
        )
    setting = connection_setting(name, context.settings)
    if setting is None:
        raise _missing_connection(context, name)
    value = context.settings[setting].strip()
    if context.settings[setting] is EXTERNAL:
        # Its value is in a Secret the component does not read: let KEDA read it like the host does.
        metadata["addressFromEnv"] = setting
        env.append(setting)
    elif "://" in value:
        url = urlsplit(value)
        if url.username or url.password or not url.hostname:
            raise Unscalable("its Redis URL carries credentials, which KEDA needs through a TriggerAuthentication")
        metadata["address"] = f"{url.hostname}:{url.port or 6379}"
        if url.scheme == "rediss":
            metadata["enableTLS"] = "true"
    elif "," in value or "=" in value:
        raise Unscalable(
            "its Redis connection string has options (password, ssl...), which KEDA needs through a "
            "TriggerAuthentication"
        )
    elif ":" not in value:
        metadata["address"] = f"{value}:6379"  # the client's default port; KEDA wants host:port
    else:
        metadata["addressFromEnv"] = setting
        env.append(setting)


def _rabbitmq_mode(context: TriggerContext, metadata: dict[str, str], env: list[str]) -> None:
    # KEDA wants the mode next to its value; QueueLength matches how the extension prefetches.
    if "value" in metadata:
        metadata["mode"] = "QueueLength"


# -- the catalogue ------------------------------------------------------------------------------------------

_STORAGE = ("connection",)

CATALOGUE: Mapping[str, ScalerRule] = {
    "queuetrigger": ScalerRule(
        keda_type="azure-queue",
        properties={"queueName": "queueName"},
        required=("queueName",),
        connection=Connection(_STORAGE, default="AzureWebJobsStorage", identity=_STORAGE_IDENTITY["queue"]),
        threshold=Threshold(("queues", "batchSize"), "queueLength"),
        refine=_lower_case_queue,
    ),
    "blobtrigger": ScalerRule(
        keda_type="azure-blob",
        required=("path",),
        connection=Connection(_STORAGE, default="AzureWebJobsStorage", identity=_STORAGE_IDENTITY["blob"]),
        threshold=Threshold(("blobs", "maxDegreeOfParallelism"), "blobCount"),
        refine=_blob_container,
    ),
    "servicebustrigger": ScalerRule(
        keda_type="azure-servicebus",
        properties={"queueName": "queueName", "topicName": "topicName", "subscriptionName": "subscriptionName"},
        connection=Connection(
            _STORAGE, default="AzureWebJobsServiceBus", identity=IdentityRule("namespace", _NAMESPACE_IDENTITY)
        ),
        threshold=Threshold(("serviceBus", "maxConcurrentCalls"), "messageCount"),
        refine=_service_bus_entity,
    ),
    "eventhubtrigger": ScalerRule(
        keda_type="azure-eventhub",
        properties={"consumerGroup": "consumerGroup"},
        connection=Connection(_STORAGE, default=None, identity=IdentityRule("eventHubNamespace", _NAMESPACE_IDENTITY)),
        threshold=Threshold(("eventHubs", "targetUnprocessedEventThreshold"), "unprocessedEventThreshold"),
        # Event Hubs extension v5 (bundle v3+) stores checkpoints in blob metadata in this container.
        constants={"checkpointStrategy": "blobMetadata", "blobContainer": "azure-webjobs-eventhub"},
        refine=_event_hub,
    ),
    "kafkatrigger": ScalerRule(
        keda_type="kafka",
        properties={"topic": "topic", "consumerGroup": "consumerGroup"},
        required=("brokerList", "topic", "consumerGroup"),
        refine=_kafka,
    ),
    "rabbitmqtrigger": ScalerRule(
        keda_type="rabbitmq",
        properties={"queueName": "queueName"},
        required=("queueName",),
        connection=Connection(("connectionStringSetting", "connection"), default=None, metadata_key="hostFromEnv"),
        threshold=Threshold(("rabbitMQ", "prefetchCount"), "value"),
        refine=_rabbitmq_mode,
    ),
    "redislisttrigger": ScalerRule(
        keda_type="redis",
        properties={"key": "listName"},
        required=("key",),
        refine=_redis_address,
    ),
    "redisstreamtrigger": ScalerRule(
        keda_type="redis-streams",
        properties={"key": "stream"},
        required=("key",),
        refine=_redis_address,
    ),
}
"""Functions trigger type (lower-cased) → KEDA scaler rule (KEDA 2.20 metadata keys)."""

DURABLE_TRIGGERS = frozenset({"orchestrationtrigger", "activitytrigger", "entitytrigger"})
"""Durable Functions triggers: together they scale on the task hub's backlog, not one by one."""

NO_SCALER_REASONS: Mapping[str, str] = {
    "timertrigger": "KEDA has no scaler for timers (a schedule is not a queue); it must always have a replica",
    "cosmosdbtrigger": "KEDA 2.20 has no Cosmos DB change-feed scaler",
    "eventgridtrigger": "Event Grid pushes events over HTTP, so there is no backlog for KEDA to measure",
    "sqltrigger": "KEDA has no scaler for Azure SQL change tracking",
    "signalrtrigger": "SignalR triggers are pushed over HTTP",
    "mysqltrigger": "KEDA has no scaler for MySQL change tracking",
    "warmuptrigger": "warmup triggers run on instance start",
}
"""Triggers with no KEDA scaler, and the reason the user is told."""


# -- evaluation ----------------------------------------------------------------------------------------------


def build_trigger(rule: ScalerRule, context: TriggerContext) -> KedaTrigger:
    """Apply ``rule`` to one function's trigger. Raises :class:`Unscalable` or :class:`FunctionsKedaError`."""
    binding = context.binding
    for name in rule.required:
        if binding.get(name) in (None, ""):
            raise FunctionsKedaError(
                context.where,
                f"the {binding.get('type')} binding has no {name!r}",
                f"Set {name!r} on the trigger; the extension needs it and so does the {rule.keda_type} scaler.",
            )
    metadata: dict[str, str] = {}
    env: list[str] = []
    for source, target in rule.properties.items():
        value = binding.get(source)
        if value not in (None, ""):
            metadata[target] = _as_metadata(value, context, source)
    identity = False
    if rule.connection is not None:
        setting = _connection(rule.connection, context)
        if isinstance(setting, _Identity):
            metadata[setting.metadata_key] = setting.value
            identity = True
        else:
            metadata[rule.connection.metadata_key] = setting
            env.append(setting)
    if rule.threshold is not None:
        value = host_extension_value(context.host, rule.threshold.path)
        if value is not None:
            metadata[rule.threshold.metadata_key] = _positive_int(value, rule.threshold.path)
    metadata.update(rule.constants)
    if rule.refine is not None:
        rule.refine(context, metadata, env)
    return KedaTrigger(
        type=rule.keda_type,
        metadata=metadata,
        functions=(context.function.name,),
        env=tuple(dict.fromkeys(env)),
        identity=identity or any(key in metadata for key in _IDENTITY_ONLY_KEYS),
    )


_IDENTITY_ONLY_KEYS = ("storageAccountName",)
"""Metadata that only makes sense with an identity (a refine step may add it)."""


@dataclass(frozen=True)
class _Identity:
    metadata_key: str
    value: str


def _connection(connection: Connection, context: TriggerContext) -> str | _Identity:
    named = next((context.binding[p] for p in connection.properties if isinstance(context.binding.get(p), str)), None)
    name = named or connection.default
    if not name:
        raise FunctionsKedaError(
            context.where,
            f"the {context.binding.get('type')} binding names no connection ({' or '.join(connection.properties)})",
            f"Set {connection.properties[0]!r} to the app setting that holds the connection string.",
        )
    setting = connection_setting(str(name), context.settings)
    if setting is not None:
        return setting
    if connection.identity is not None:
        found = identity_value(str(name), connection.identity, context.settings)
        if found is not None:
            return _Identity(connection.identity.metadata_key, found)
    raise _missing_connection(context, str(name))


def identity_value(name: str, rule: IdentityRule, settings: Mapping[str, str]) -> str | None:
    """The resource name an identity-based connection ``name`` points at, read from its ``__`` settings."""
    by_suffix = {key.lower(): value for key, value in settings.items()}
    for suffix, extract in rule.sources:
        value = by_suffix.get(f"{name}__{suffix}".lower())
        if value is EXTERNAL:
            continue
        if value:
            return extract(value)
    return None


def _missing_connection(context: TriggerContext, name: str) -> FunctionsKedaError:
    identity = identity_settings(name, context.settings)
    if identity:
        return FunctionsKedaError(
            context.where,
            f"connection {name!r} is identity-based ({', '.join(identity)}), and this version scales only on "
            "connection strings",
            f"Add a connection-string setting {name!r} for the scaler, or keep this function on fixed replicas "
            "with a triggerOverrides entry of type 'cron'.",
        )
    return FunctionsKedaError(
        context.where,
        f"uses connection {name!r}, but no app setting {name!r}"
        + ("" if name.startswith("AzureWebJobs") else f" (or 'AzureWebJobs{name}')")
        + " exists",
        f"Add it to local.settings.json Values, or set it for this stack with pulumi config set --secret --path "
        f"'functions-keda:settings.{name}' '<connection string>'.",
    )


def host_extension_value(host: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    """``host.json`` ``extensions.<path>``, with keys matched case-insensitively; ``None`` when unset."""
    node: Any = host.get("extensions")
    for key in path:
        if not isinstance(node, Mapping):
            return None
        node = next((value for name, value in node.items() if name.lower() == key.lower()), None)
    return node


def _positive_int(value: Any, path: tuple[str, ...]) -> str:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FunctionsKedaError(
            "host.json",
            f"extensions.{'.'.join(path)} must be a positive whole number, found {value!r}",
            "Fix the value; it also sets how much work KEDA gives each replica.",
        )
    return str(value)


def _as_metadata(value: Any, context: TriggerContext, prop: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise FunctionsKedaError(
        context.where,
        f"trigger property {prop!r} must be a string, found {value!r}",
        f"Set {prop!r} to a single name.",
    )
