"""Functions of Java apps (``@FunctionName`` methods), found without building or running them.

``azure-functions-maven-plugin`` (and the Gradle plugin, which shares its code) turns the annotations of the
compiled classes into ``<app>/<Function>/function.json`` files under ``target/azure-functions`` (Gradle:
``build/azure-functions``). When that output exists it is read as is. Otherwise the sources under
``src/main/java`` are parsed with tree-sitter-java and the plugin's rules are applied to the annotations:
the same binding ``type`` and ``direction`` per annotation, elements left at their default omitted, enum
values written by name (``"POST"``, ``"ANONYMOUS"``, ``"MANY"``), arrays always written, the ``http``
``$return`` output added to HTTP functions that return a value, ``@StorageAccount`` filling empty storage
connections, and the same checks the plugin fails a build on. Annotation values must be compile-time
constants in Java, so they are computed from the source; nothing is compiled and no build tool is run.

Reference: ``BindingEnum``, ``Binding``, ``BindingFactory``, ``ExtendedCustomBinding``, ``AnnotationHandlerImpl``
and ``FunctionConfiguration`` in microsoft/azure-maven-plugins (azure-toolkit-appservice-lib), and the
annotation declarations of azure-functions-java-library 3.1.0, durabletask-azure-functions and
azure-functions-java-library-rabbitmq.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from xml.etree import ElementTree

from tree_sitter import Node

from components.discovery.function_json import discover_function_json, function_folders
from components.discovery.java_ast import (
    Annotation,
    ExternalName,
    JavaFile,
    JavaProject,
    JavaType,
    NotStatic,
    Value,
    all_types,
    annotations_of,
    named_children,
    parse_file,
    text_of,
)
from components.discovery.jsonfiles import relative
from components.errors import FunctionsKedaError
from components.model import FunctionSpec


@dataclass(frozen=True)
class _BuildTool:
    name: str
    markers: tuple[str, ...]
    """Files whose presence in the app folder means the project is built with this tool."""
    staging: str
    """Where its Functions plugin writes ``<app>/<Function>/function.json``, relative to the app folder."""
    package_command: str


_MAVEN = _BuildTool("Maven", ("pom.xml",), "target/azure-functions", "mvn package")
_GRADLE = _BuildTool(
    "Gradle", ("build.gradle", "build.gradle.kts"), "build/azure-functions", "gradle azureFunctionsPackage"
)
_BUILD_TOOLS = (_MAVEN, _GRADLE)
_SOURCE_ROOT = "src/main/java"


def discover_java(app_dir: Path) -> tuple[FunctionSpec, ...]:
    """Every function of the Java project at ``app_dir``, as the Functions plugin would write them.

    **parameters**

    * **app_dir** - the project folder: the one holding ``pom.xml`` (or ``build.gradle[.kts]``).

    Returns an empty tuple when ``app_dir`` is not a Maven or Gradle project, or has neither build output nor
    ``src/main/java``. When ``target/azure-functions/<app>`` (Gradle: ``build/azure-functions/<app>``) holds
    ``*/function.json`` files they are read, and ``source`` names them relative to ``app_dir``; otherwise
    every ``@FunctionName`` method under ``src/main/java`` is read, sorted by function name. Raises
    :class:`FunctionsKedaError` for several ``<app>`` folders, an annotation value that is not a constant of
    the project, an unknown binding annotation, or anything the plugin rejects.
    """
    tools = [tool for tool in _BUILD_TOOLS if any((app_dir / marker).is_file() for marker in tool.markers)]
    if not tools:
        return ()
    staged = [folder for tool in tools for folder in _staged_apps(app_dir, tool)]
    if len(staged) > 1:
        names = ", ".join(relative(folder, app_dir) for folder in staged)
        raise FunctionsKedaError(
            relative(staged[0].parent, app_dir),
            f"holds the build output of {len(staged)} apps ({names}), and one app is deployed at a time",
            f"Delete the stale ones (a clean build, e.g. `{tools[0].package_command}` after deleting "
            f"{tools[0].staging}, leaves only the current app), or point functions-keda:appPath at one of them.",
        )
    if staged:
        return _read_staged(app_dir, staged[0])
    sources = app_dir / _SOURCE_ROOT
    if not sources.is_dir():
        return ()
    tool = tools[0]
    jar = _maven_jar(app_dir / "pom.xml") if tool is _MAVEN else None
    return _SourceReader(app_dir, tool, jar).read(sources)


# --- build output --------------------------------------------------------------------------------------------


def _staged_apps(app_dir: Path, tool: _BuildTool) -> list[Path]:
    """The ``<app>`` folders under the tool's staging folder that hold at least one ``*/function.json``."""
    staging = app_dir / tool.staging
    if not staging.is_dir():
        return []
    return [entry for entry in sorted(staging.iterdir()) if entry.is_dir() and function_folders(entry)]


def _read_staged(app_dir: Path, folder: Path) -> tuple[FunctionSpec, ...]:
    prefix = relative(folder, app_dir)
    try:
        functions = discover_function_json(folder)
    except FunctionsKedaError as error:  # name the file from the app folder, not from the staging folder
        where = error.where if error.where.startswith(("/", prefix)) else f"{prefix}/{error.where}"
        raise FunctionsKedaError(where, error.problem, error.fix) from None
    return tuple(dataclasses.replace(function, source=f"{prefix}/{function.source}") for function in functions)


def _maven_jar(pom: Path) -> str | None:
    """``scriptFile`` as the plugin writes it (``../<finalName>.jar``), or None when the pom doesn't tell."""
    try:
        root = ElementTree.parse(pom).getroot()
    except (ElementTree.ParseError, OSError):
        return None
    namespace = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""

    def text(path: str) -> str | None:
        element = root.find("/".join(namespace + part for part in path.split("/")))
        return element.text.strip() if element is not None and element.text and element.text.strip() else None

    if (text("packaging") or "jar") != "jar":
        return None
    properties: dict[str, str] = {}
    declared = root.find(f"{namespace}properties")
    for prop in declared if declared is not None else ():
        if isinstance(prop.tag, str) and prop.text:
            properties[prop.tag.removeprefix(namespace)] = prop.text.strip()
    # The project's coordinates; version and groupId are inherited from the parent when not set.
    for key, inherited in (("artifactId", False), ("version", True), ("groupId", True)):
        value = text(key) or (text(f"parent/{key}") if inherited else None)
        if value is not None:
            properties.update({f"project.{key}": value, f"pom.{key}": value, key: value})
    name = text("build/finalName") or "${project.artifactId}-${project.version}"
    for _ in range(10):  # properties may refer to properties
        name = re.sub(r"\$\{([^}]+)\}", lambda m: properties.get(m.group(1), m.group(0)), name)
    return None if "${" in name else f"../{name}.jar"


# --- the annotations the plugin knows ------------------------------------------------------------------------


class _Required:
    def __repr__(self) -> str:
        return "_REQUIRED"


_REQUIRED: Final = _Required()
"""An element without a default: javac requires it."""


@dataclass(frozen=True)
class _Element:
    kind: str
    """``String``, ``int``, ``boolean``, ``float`` or an enum's simple name; ``[]`` appended for arrays."""
    default: object = _REQUIRED
    """The default as function.json would spell it (enum constants by name, arrays as tuples)."""


@dataclass(frozen=True)
class _Annotation:
    """How one binding annotation becomes a binding."""

    type: str
    direction: str
    elements: Mapping[str, _Element]
    meta_name: str | None = None
    """For annotations marked ``@CustomBinding(name=...)``: the binding name when ``name`` is not set."""
    storage: bool = False
    """Blob, queue and table bindings: ``@StorageAccount`` fills their connection, and they need one."""
    always: tuple[str, ...] = ()
    """Elements written even when left at their default."""


_ENUMS: Mapping[str, tuple[str, ...]] = {
    "HttpMethod": ("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"),
    "AuthorizationLevel": ("ANONYMOUS", "FUNCTION", "ADMIN"),
    "Cardinality": ("ONE", "MANY"),
    "AccessRights": ("MANAGE", "LISTEN"),
    "BrokerAuthenticationMode": ("NOTSET", "GSSAPI", "PLAIN", "SCRAMSHA256", "SCRAMSHA512"),
    "BrokerProtocol": ("NOTSET", "PLAINTEXT", "SSL", "SASLPLAINTEXT", "SASLSSL"),
}
"""The library's enums (azure-functions-java-library and -core-library) and their constants."""

_LIBRARY: Mapping[str, _Annotation] = {
    "BlobInput": _Annotation(
        "blob",
        "in",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "path": _Element("String", _REQUIRED),
            "connection": _Element("String", ""),
        },
        storage=True,
    ),
    "BlobOutput": _Annotation(
        "blob",
        "out",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "path": _Element("String", _REQUIRED),
            "connection": _Element("String", ""),
        },
        storage=True,
    ),
    "BlobTrigger": _Annotation(
        "blobTrigger",
        "in",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "path": _Element("String", _REQUIRED),
            "connection": _Element("String", ""),
            "source": _Element("String", ""),
        },
        storage=True,
    ),
    "CosmosDBInput": _Annotation(
        "cosmosDB",
        "in",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "databaseName": _Element("String", _REQUIRED),
            "containerName": _Element("String", _REQUIRED),
            "id": _Element("String", ""),
            "sqlQuery": _Element("String", ""),
            "connection": _Element("String", _REQUIRED),
            "partitionKey": _Element("String", ""),
        },
    ),
    "CosmosDBOutput": _Annotation(
        "cosmosDB",
        "out",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "databaseName": _Element("String", _REQUIRED),
            "containerName": _Element("String", _REQUIRED),
            "createIfNotExists": _Element("boolean", False),
            "connection": _Element("String", _REQUIRED),
            "partitionKey": _Element("String", ""),
            "containerThroughput": _Element("int", -1),
            "useMultipleWriteLocations": _Element("boolean", False),
            "preferredLocations": _Element("String", ""),
        },
    ),
    "CosmosDBTrigger": _Annotation(
        "cosmosDBTrigger",
        "in",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "databaseName": _Element("String", _REQUIRED),
            "containerName": _Element("String", _REQUIRED),
            "leaseConnectionStringSetting": _Element("String", ""),
            "leaseContainerName": _Element("String", ""),
            "leaseDatabaseName": _Element("String", ""),
            "createLeaseContainerIfNotExists": _Element("boolean", False),
            "leasesContainerThroughput": _Element("int", -1),
            "leaseContainerPrefix": _Element("String", ""),
            "checkpointInterval": _Element("int", -1),
            "checkpointDocumentCount": _Element("int", -1),
            "feedPollDelay": _Element("int", 5000),
            "connection": _Element("String", _REQUIRED),
            "leaseRenewInterval": _Element("int", 17000),
            "leaseAcquireInterval": _Element("int", 13000),
            "leaseExpirationInterval": _Element("int", 60000),
            "maxItemsPerInvocation": _Element("int", -1),
            "startFromBeginning": _Element("boolean", False),
            "preferredLocations": _Element("String", ""),
        },
    ),
    "EventGridOutput": _Annotation(
        "eventGrid",
        "out",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "topicKeySetting": _Element("String", _REQUIRED),
            "topicEndpointUri": _Element("String", _REQUIRED),
        },
    ),
    "EventGridTrigger": _Annotation(
        "eventGridTrigger",
        "in",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
        },
    ),
    "EventHubOutput": _Annotation(
        "eventHub",
        "out",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "eventHubName": _Element("String", _REQUIRED),
            "connection": _Element("String", _REQUIRED),
        },
    ),
    "EventHubTrigger": _Annotation(
        "eventHubTrigger",
        "in",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "eventHubName": _Element("String", _REQUIRED),
            "cardinality": _Element("Cardinality", "MANY"),
            "consumerGroup": _Element("String", "$Default"),
            "connection": _Element("String", _REQUIRED),
        },
        always=("cardinality",),
    ),
    "HttpOutput": _Annotation(
        "http",
        "out",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
        },
    ),
    "HttpTrigger": _Annotation(
        "httpTrigger",
        "in",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "route": _Element("String", ""),
            "methods": _Element("HttpMethod[]", ()),
            "authLevel": _Element("AuthorizationLevel", "FUNCTION"),
        },
        always=("authLevel",),
    ),
    "KafkaOutput": _Annotation(
        "kafka",
        "out",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "topic": _Element("String", _REQUIRED),
            "brokerList": _Element("String", _REQUIRED),
            "maxMessageBytes": _Element("int", 1000012),
            "batchSize": _Element("int", 10000),
            "enableIdempotence": _Element("boolean", False),
            "messageTimeoutMs": _Element("int", 300000),
            "requestTimeoutMs": _Element("int", 5000),
            "maxRetries": _Element("int", 2),
            "authenticationMode": _Element("BrokerAuthenticationMode", "NOTSET"),
            "username": _Element("String", ""),
            "password": _Element("String", ""),
            "protocol": _Element("BrokerProtocol", "NOTSET"),
            "sslKeyLocation": _Element("String", ""),
            "sslCaLocation": _Element("String", ""),
            "sslCertificateLocation": _Element("String", ""),
            "sslKeyPassword": _Element("String", ""),
            "lingerMs": _Element("int", 5),
            "avroSchema": _Element("String", ""),
            "schemaRegistryUrl": _Element("String", ""),
            "schemaRegistryUsername": _Element("String", ""),
            "schemaRegistryPassword": _Element("String", ""),
        },
    ),
    "KafkaTrigger": _Annotation(
        "kafkaTrigger",
        "in",
        {
            "name": _Element("String", _REQUIRED),
            "topic": _Element("String", _REQUIRED),
            "brokerList": _Element("String", _REQUIRED),
            "eventHubConnectionString": _Element("String", ""),
            "cardinality": _Element("Cardinality", "ONE"),
            "dataType": _Element("String", ""),
            "consumerGroup": _Element("String", _REQUIRED),
            "authenticationMode": _Element("BrokerAuthenticationMode", "NOTSET"),
            "username": _Element("String", ""),
            "password": _Element("String", ""),
            "protocol": _Element("BrokerProtocol", "NOTSET"),
            "sslKeyLocation": _Element("String", ""),
            "sslCaLocation": _Element("String", ""),
            "sslCertificateLocation": _Element("String", ""),
            "sslKeyPassword": _Element("String", ""),
            "avroSchema": _Element("String", ""),
            "lagThreshold": _Element("int", 1000),
            "schemaRegistryUrl": _Element("String", ""),
            "schemaRegistryUsername": _Element("String", ""),
            "schemaRegistryPassword": _Element("String", ""),
        },
    ),
    "QueueOutput": _Annotation(
        "queue",
        "out",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "queueName": _Element("String", _REQUIRED),
            "connection": _Element("String", ""),
        },
        storage=True,
    ),
    "QueueTrigger": _Annotation(
        "queueTrigger",
        "in",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "queueName": _Element("String", _REQUIRED),
            "connection": _Element("String", ""),
        },
        storage=True,
    ),
    "SendGridOutput": _Annotation(
        "sendGrid",
        "out",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "apiKey": _Element("String", _REQUIRED),
            "to": _Element("String", _REQUIRED),
            "from": _Element("String", _REQUIRED),
            "subject": _Element("String", _REQUIRED),
            "text": _Element("String", _REQUIRED),
        },
    ),
    "ServiceBusQueueOutput": _Annotation(
        "serviceBus",
        "out",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "queueName": _Element("String", _REQUIRED),
            "connection": _Element("String", _REQUIRED),
            "access": _Element("AccessRights", "MANAGE"),
        },
    ),
    "ServiceBusQueueTrigger": _Annotation(
        "serviceBusTrigger",
        "in",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "queueName": _Element("String", _REQUIRED),
            "connection": _Element("String", _REQUIRED),
            "access": _Element("AccessRights", "MANAGE"),
            "isSessionsEnabled": _Element("boolean", False),
            "cardinality": _Element("Cardinality", "ONE"),
        },
    ),
    "ServiceBusTopicOutput": _Annotation(
        "serviceBus",
        "out",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "topicName": _Element("String", _REQUIRED),
            "subscriptionName": _Element("String", _REQUIRED),
            "connection": _Element("String", _REQUIRED),
            "access": _Element("AccessRights", "MANAGE"),
        },
    ),
    "ServiceBusTopicTrigger": _Annotation(
        "serviceBusTrigger",
        "in",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "topicName": _Element("String", _REQUIRED),
            "subscriptionName": _Element("String", _REQUIRED),
            "connection": _Element("String", _REQUIRED),
            "access": _Element("AccessRights", "MANAGE"),
            "isSessionsEnabled": _Element("boolean", False),
            "cardinality": _Element("Cardinality", "ONE"),
        },
    ),
    "TableInput": _Annotation(
        "table",
        "in",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "tableName": _Element("String", _REQUIRED),
            "partitionKey": _Element("String", ""),
            "rowKey": _Element("String", ""),
            "filter": _Element("String", ""),
            "take": _Element("String", ""),
            "connection": _Element("String", ""),
        },
        storage=True,
    ),
    "TableOutput": _Annotation(
        "table",
        "out",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "tableName": _Element("String", _REQUIRED),
            "partitionKey": _Element("String", ""),
            "rowKey": _Element("String", ""),
            "connection": _Element("String", ""),
        },
        storage=True,
    ),
    "TimerTrigger": _Annotation(
        "timerTrigger",
        "in",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "schedule": _Element("String", _REQUIRED),
        },
    ),
    "TwilioSmsOutput": _Annotation(
        "twilioSms",
        "out",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "accountSid": _Element("String", _REQUIRED),
            "authToken": _Element("String", _REQUIRED),
            "to": _Element("String", _REQUIRED),
            "from": _Element("String", _REQUIRED),
            "body": _Element("String", _REQUIRED),
        },
    ),
}
"""The annotations of azure-functions-java-library that ``BindingEnum`` lists: type, direction and elements with
their defaults, as the library (3.1.0) declares them."""

_CUSTOM_BINDINGS: Mapping[str, _Annotation] = {
    "WarmupTrigger": _Annotation(
        "warmupTrigger",
        "in",
        {
            "name": _Element("String", "warmupContext"),
            "dataType": _Element("String", ""),
        },
        meta_name="warmupContext",
    ),
    "DurableActivityTrigger": _Annotation(
        "activityTrigger",
        "in",
        {
            "activity": _Element("String", ""),
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
        },
        meta_name="",
    ),
    "DurableClientInput": _Annotation(
        "durableClient",
        "in",
        {
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", ""),
            "taskHub": _Element("String", ""),
        },
        meta_name="",
    ),
    "DurableEntityTrigger": _Annotation(
        "entityTrigger",
        "in",
        {
            "entityName": _Element("String", ""),
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", "string"),
        },
        meta_name="",
    ),
    "DurableOrchestrationTrigger": _Annotation(
        "orchestrationTrigger",
        "in",
        {
            "orchestration": _Element("String", ""),
            "name": _Element("String", _REQUIRED),
            "dataType": _Element("String", "string"),
        },
        meta_name="",
    ),
    "RabbitMQOutput": _Annotation(
        "rabbitMq",
        "out",
        {
            "connectionStringSetting": _Element("String", ""),
            "dataType": _Element("String", ""),
            "disableCertificateValidation": _Element("boolean", False),
            "queueName": _Element("String", ""),
        },
        meta_name="outputMessage",
    ),
    "RabbitMQTrigger": _Annotation(
        "rabbitMqTrigger",
        "in",
        {
            "connectionStringSetting": _Element("String", ""),
            "dataType": _Element("String", ""),
            "disableCertificateValidation": _Element("boolean", False),
            "queueName": _Element("String", ""),
        },
        meta_name="inputMessage",
    ),
}
"""Annotations of other libraries marked ``@CustomBinding``: the library's warmup trigger,
durabletask-azure-functions (Durable Functions) and azure-functions-java-library-rabbitmq."""

_LIBRARY_BY_NAME = {name.lower(): spec for name, spec in _LIBRARY.items()}
"""The plugin matches these by simple name, ignoring case (BindingFactory.getBinding)."""

_DIRECT_CUSTOM_BINDING = _Annotation(
    "customBinding",
    "",
    {"name": _Element("String"), "type": _Element("String"), "direction": _Element("String")},
)
"""``@CustomBinding(name=..., type=..., direction=...)`` on a parameter: a binding of any type."""

_NOT_BINDINGS = frozenset(
    {"FunctionName", "BindingName", "StorageAccount", "FixedDelayRetry", "ExponentialBackoffRetry", "HasImplicitOutput"}
)
_BINDING_SUFFIXES = ("Trigger", "Input", "Output")
_RETURN = "$return"
"""The name of a binding to the method's return value."""

_VALUE_FIX = (
    "Use a literal or a static final String constant, or an app setting with %Name% syntax; or run `{command}` "
    "and keep {staging} (discovery then reads the function.json files it writes)."
)


# --- reading the sources -------------------------------------------------------------------------------------


@dataclass
class _SourceReader:
    app_dir: Path
    tool: _BuildTool
    script_file: str | None
    project: JavaProject = field(init=False)
    custom_specs: dict[str, _Annotation | None] = field(default_factory=dict)

    @property
    def value_fix(self) -> str:
        return _VALUE_FIX.format(command=self.tool.package_command, staging=self.tool.staging)

    def read(self, sources: Path) -> tuple[FunctionSpec, ...]:
        files = [self._parse(path) for path in sorted(sources.rglob("*.java")) if path.is_file()]
        self.project = JavaProject(files)
        functions: list[FunctionSpec] = []
        for java in files:
            for jtype in all_types(java.types):
                for method in jtype.methods:
                    annotations = annotations_of(method)
                    name_annotation = next((a for a in annotations if a.simple_name == "FunctionName"), None)
                    if name_annotation is not None:
                        functions.append(self._function(jtype, method, name_annotation, annotations))
        seen: dict[str, FunctionSpec] = {}
        for function in functions:
            key = function.name.lower()
            if key in seen:
                raise FunctionsKedaError(
                    f"function {function.name!r} ({function.source})",
                    f"has the same name as the function at {seen[key].source} (names are compared ignoring "
                    "case), and the Functions plugin fails the build on that",
                    "Give each @FunctionName a unique name.",
                )
            seen[key] = function
        return tuple(sorted(functions, key=lambda function: function.name))

    def _parse(self, path: Path) -> JavaFile:
        try:
            java = parse_file(path, self.app_dir)
        except OSError as error:
            raise FunctionsKedaError(
                relative(path, self.app_dir), f"cannot be read ({error.strerror})", "Check the file's permissions."
            ) from None
        error_node = java.first_error()
        if error_node is not None and b"FunctionName" in (java.root.text or b""):
            raise FunctionsKedaError(
                java.where(error_node),
                "has a syntax error, so its @FunctionName methods can't be read",
                f"Fix the syntax (javac would reject it too), or run `{self.tool.package_command}` and keep "
                f"{self.tool.staging}.",
            )
        return java

    # --- one function --------------------------------------------------------------------------------------

    def _function(
        self, jtype: JavaType, method: Node, name_annotation: Annotation, annotations: list[Annotation]
    ) -> FunctionSpec:
        method_name = method.child_by_field_name("name")
        source = jtype.file.where(method_name if method_name is not None else method)
        name = self._single(name_annotation, "value", jtype, "String")
        if not isinstance(name, str) or not name:
            raise FunctionsKedaError(
                jtype.file.where(name_annotation.node),
                "@FunctionName has an empty name, and the Functions plugin fails the build on that",
                'Name the function: @FunctionName("ProcessOrder").',
            )
        bindings: list[dict[str, Any]] = []
        storage: list[dict[str, Any]] = []
        parameters = method.child_by_field_name("parameters")
        for parameter in named_children(parameters) if parameters is not None else ():
            for annotation in annotations_of(parameter):
                self._add_binding(annotation, jtype, bindings, storage)
        return_type = method.child_by_field_name("type")
        if return_type is not None and return_type.type != "void_type":
            for annotation in annotations:  # binding annotations on the method bind its return value
                binding = self._add_binding(annotation, jtype, bindings, storage)
                if binding is not None:
                    binding["name"] = _RETURN
            if any(b["type"] == "httpTrigger" for b in bindings) and not any(
                str(b["name"]).lower() == _RETURN for b in bindings
            ):
                bindings.append({"type": "http", "direction": "out", "name": _RETURN})
        storage_account = next((a for a in annotations if a.simple_name == "StorageAccount"), None)
        if storage_account is not None:
            connection = self._single(storage_account, "value", jtype, "String")
            for binding in storage:
                if not binding.get("connection"):
                    binding["connection"] = connection
        _check(bindings, storage, f"function {name!r} ({source})")
        return FunctionSpec(name=name, bindings=tuple(bindings), source=source, script_file=self.script_file)

    def _single(self, annotation: Annotation, element: str, scope: JavaType, kind: str) -> object:
        node = annotation.argument(element)
        if node is None:
            raise FunctionsKedaError(
                scope.file.where(annotation.node),
                f"@{annotation.simple_name} has no {element}",
                f'Set it, e.g. @{annotation.simple_name}("...").',
            )
        return self._value(annotation, element, node, kind, scope)

    # --- one binding ---------------------------------------------------------------------------------------

    def _add_binding(
        self, annotation: Annotation, scope: JavaType, bindings: list[dict[str, Any]], storage: list[dict[str, Any]]
    ) -> dict[str, Any] | None:
        """Append the binding ``annotation`` declares (None for other annotations); storage ones also to ``storage``."""
        spec = self._spec(annotation, scope)
        if spec is None:
            return None
        given: dict[str, Any] = {}
        for element, node in annotation.arguments:
            known = spec.elements.get(element)
            given[element] = self._value(annotation, element, node, known.kind if known else None, scope)
        missing = [
            name for name, element in spec.elements.items() if element.default is _REQUIRED and name not in given
        ]
        if missing:
            raise FunctionsKedaError(
                scope.file.where(annotation.node),
                f"@{annotation.simple_name} has no {', '.join(missing)}, which it requires (javac rejects it)",
                f"Set {', '.join(missing)} on the annotation.",
            )
        # The plugin reads every element: `type` and `direction` strings set the binding's, the others are written
        # when they differ from their default (arrays always: it compares them by identity) or must be written.
        effective = {name: _json_default(element.default) for name, element in spec.elements.items()} | given
        binding_type = effective["type"] if isinstance(effective.get("type"), str) else spec.type
        direction = effective["direction"] if isinstance(effective.get("direction"), str) else spec.direction
        if spec.meta_name is None or "direction" in spec.elements:
            if direction.lower() not in ("in", "out"):
                raise FunctionsKedaError(
                    scope.file.where(annotation.node),
                    f"@{annotation.simple_name} has direction {direction!r}",
                    'Use direction = "in" or "out".',
                )
            direction = direction.lower()
        attributes: dict[str, Any] = {}
        for key, value in effective.items():
            if key in ("type", "direction"):
                continue
            declared = spec.elements.get(key)
            if (
                declared is None
                or declared.kind.endswith("[]")
                or key in spec.always
                or (key in given and value != declared.default)
            ):
                attributes[key] = value
        name = attributes.pop("name", spec.meta_name)
        binding: dict[str, Any] = {"type": binding_type, "direction": direction, "name": name, **attributes}
        bindings.append(binding)
        if spec.storage:
            storage.append(binding)
        return binding

    def _spec(self, annotation: Annotation, scope: JavaType) -> _Annotation | None:
        """How the plugin treats ``annotation``: a binding, or None for other annotations."""
        simple = annotation.simple_name
        if simple in _NOT_BINDINGS:
            return None
        if simple.lower() == "custombinding":
            return _DIRECT_CUSTOM_BINDING
        library = _LIBRARY_BY_NAME.get(simple.lower())
        if library is not None:
            return library
        declared = self.project.resolve_type(annotation.name, scope)
        if declared is not None:
            return self._declared_spec(declared) if declared.kind == "annotation_type_declaration" else None
        custom = _CUSTOM_BINDINGS.get(simple)
        if custom is not None:
            return custom
        if simple.endswith(_BINDING_SUFFIXES):
            raise FunctionsKedaError(
                scope.file.where(annotation.node),
                f"@{annotation.name} looks like a binding annotation, but it is not one discovery knows (from "
                "azure-functions-java-library, Durable Functions, RabbitMQ, or declared in src/main/java with "
                "@CustomBinding)",
                f"Run `{self.tool.package_command}` and keep {self.tool.staging}: discovery then reads the "
                "function.json files the plugin writes.",
            )
        return None

    def _declared_spec(self, declared: JavaType) -> _Annotation | None:
        """A binding annotation declared in the project: ``@CustomBinding`` on an ``@interface``."""
        if declared.qualified in self.custom_specs:
            return self.custom_specs[declared.qualified]
        meta = next((a for a in declared.annotations if a.simple_name == "CustomBinding"), None)
        spec: _Annotation | None = None
        if meta is not None:
            values = {element: self._value(meta, element, node, "String", declared) for element, node in meta.arguments}
            label = Annotation(declared.name, declared.node, ())
            elements: dict[str, _Element] = {}
            for element, (type_text, default_node) in declared.elements.items():
                kind = _kind(type_text)
                default: object = _REQUIRED
                if default_node is not None:
                    default = _frozen(self._value(label, element, default_node, kind, declared))
                elements[element] = _Element(kind, default)
            spec = _Annotation(
                type=str(values.get("type", "")),
                direction=str(values.get("direction", "")),
                elements=elements,
                meta_name=str(values.get("name", "")),
            )
        self.custom_specs[declared.qualified] = spec
        return spec

    # --- values --------------------------------------------------------------------------------------------

    def _value(self, annotation: Annotation, element: str, node: Node, kind: str | None, scope: JavaType) -> Any:
        """The element's value as function.json spells it, checked against the element's kind."""
        try:
            return _convert(self.project.evaluate(node, scope), kind, node)
        except NotStatic as error:
            raise FunctionsKedaError(
                scope.file.where(error.node),
                f"{element} of @{annotation.simple_name} is {text_of(node)!r}, which discovery can't evaluate "
                f"without compiling: {error.reason}",
                self.value_fix,
            ) from None


def _convert(value: Value, kind: str | None, node: Node) -> Any:
    if kind is None:  # an element discovery has no declaration for: write what was given
        if isinstance(value, list):
            return [_convert(item, None, node) for item in value]
        return value.name if isinstance(value, ExternalName) else value
    if kind.endswith("[]"):
        items = value if isinstance(value, list) else [value]
        return [_convert(item, kind[:-2], node) for item in items]
    if isinstance(value, list):
        raise NotStatic(node, "it is an array, but the element takes a single value")
    if kind in ("String", "int", "boolean", "float"):
        if isinstance(value, ExternalName):
            raise NotStatic(node, f"{value.text} is not a constant declared in the project's sources ({_SOURCE_ROOT})")
        expected = {"String": (str,), "int": (int,), "boolean": (bool,), "float": (int, float)}[kind]
        if not isinstance(value, expected) or (kind != "boolean" and isinstance(value, bool)):
            raise NotStatic(node, f"it is {_describe(value)}, but the element is a {kind}")
        return value
    if not isinstance(value, ExternalName):
        raise NotStatic(node, f"it is {_describe(value)}, but the element takes a {kind} constant")
    constants = _ENUMS.get(kind)
    if constants is not None:
        if value.qualifier and value.qualifier[-1] != kind:
            raise NotStatic(node, f"{value.text} is not a {kind} constant")
        if value.name not in constants:
            raise NotStatic(node, f"{kind} has no constant {value.name!r} (it has {', '.join(constants)})")
    return value.name


def _describe(value: Value) -> str:
    if isinstance(value, bool):
        return f"the boolean {'true' if value else 'false'}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, ExternalName):
        return value.text
    return f"the number {value!r}"


def _kind(type_text: str) -> str:
    """An element's kind from its declared type (``String``, ``int[]``, ``Cardinality``...)."""
    if type_text.endswith("[]"):
        return _kind(type_text[:-2]) + "[]"
    simple = type_text.rsplit(".", 1)[-1]
    if simple in ("String", "char", "Character"):
        return "String"
    if simple in ("int", "long", "short", "byte"):
        return "int"
    if simple in ("float", "double"):
        return "float"
    return simple  # boolean, or an enum


def _frozen(value: Any) -> object:
    return tuple(value) if isinstance(value, list) else value


def _json_default(default: object) -> Any:
    if default is _REQUIRED:
        return None
    return list(default) if isinstance(default, tuple) else default


def _check(bindings: list[dict[str, Any]], storage: list[dict[str, Any]], where: str) -> None:
    """The checks the plugin fails ``package`` on (FunctionConfiguration.validate)."""
    triggers = [str(b["type"]) for b in bindings if str(b["type"]).endswith("Trigger")]
    if len(triggers) > 1:
        raise FunctionsKedaError(
            where,
            f"has {len(triggers)} triggers ({', '.join(triggers)}), and the Functions plugin allows one per function",
            "Keep one trigger annotation; use input binding annotations for the rest.",
        )
    types = [str(b["type"]).lower() for b in bindings]
    if "http" in types and "httptrigger" not in types:
        raise FunctionsKedaError(
            where,
            "has an HTTP output binding but no @HttpTrigger, which the Functions plugin rejects",
            "Remove @HttpOutput, or trigger the function with @HttpTrigger.",
        )
    for binding in storage:
        if not binding.get("connection"):
            raise FunctionsKedaError(
                where,
                f"its {binding['type']} binding {binding['name']!r} names no connection, and the Functions plugin "
                "fails the build on storage bindings without one",
                'Set connection = "AzureWebJobsStorage" (or another app setting) on the annotation, or put '
                '@StorageAccount("AzureWebJobsStorage") on the method.',
            )
