"""Functions of .NET isolated worker apps, found without building or running them.

``func kubernetes deploy`` finds no functions in these apps (it misreads ``functions.metadata``), so they are
read here, from one of two places:

1. **Build output**: the ``functions.metadata`` file that ``dotnet build``/``dotnet publish`` writes next to the
   app's assembly. It is what the host loads, so it is used as is whenever it is there: in the app folder
   itself (appPath pointing at the publish folder), or in the project's ``bin/`` when it is newer than every
   source file.
2. **Source**: a project folder whose ``*.csproj`` references ``Microsoft.Azure.Functions.Worker``. Every
   ``*.cs`` file is parsed with tree-sitter and each public method marked ``[Function("Name")]`` becomes a
   function whose bindings are those the worker SDK's metadata generator writes for its attributes: the same
   binding types, the same property names (constructor parameter names and camel-cased property names,
   ``[BindingPropertyName]`` aliases applied), enum values by member name, ``IsBatched`` as ``cardinality``.

Attribute arguments must be constants, as C# requires: literals, ``const`` fields anywhere in the project,
``nameof``, ``+`` and interpolated strings of constants. An argument that needs the compiler (a constant from a
referenced assembly, say) is reported with its file and line, and the fix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tree_sitter import Node

from components.discovery.csharp_ast import (
    ARRAY_NODES,
    CSharpProject,
    NotConstant,
    SourceFile,
    TypeDeclaration,
    Value,
    text,
)
from components.discovery.jsonfiles import _loads_like_the_host, json_type_name, relative
from components.errors import FunctionsKedaError
from components.model import FunctionSpec

METADATA_FILE = "functions.metadata"

_SOURCE_FIX = (
    "Use a literal or a const string, or an app setting with %Name% syntax; or build the app "
    f"(dotnet publish) and point appPath at the output that holds {METADATA_FILE}."
)
_NAME_FIX = (
    'Name the function with a literal, a const string or nameof(Method), e.g. [Function("ProcessOrder")]; or build '
    f"the app (dotnet publish) and point appPath at the output that holds {METADATA_FILE}."
)
_METADATA_FIX = (
    f"Rebuild the app (dotnet publish) so the SDK writes {METADATA_FILE} again; discovery reads it as the "
    "Functions host does."
)
_WORKER_PACKAGE = re.compile(
    r"<PackageReference\b[^>]*?\bInclude\s*=\s*[\"']\s*Microsoft\.Azure\.Functions\.Worker(\.[^\"']*)?\s*[\"']",
    re.IGNORECASE,
)
_SKIPPED_FOLDERS = frozenset({"bin", "obj"})


def discover_dotnet_isolated(app_dir: Path) -> tuple[FunctionSpec, ...]:
    """Every function of the .NET isolated app in ``app_dir``; ``()`` when it is not such an app.

    **parameters**

    * **app_dir** - the app folder: a build output folder holding ``functions.metadata``, or the project folder
      holding the ``*.csproj`` that references ``Microsoft.Azure.Functions.Worker``.

    Order of precedence: ``app_dir/functions.metadata``; then, in a project folder, the one
    ``bin/**/functions.metadata`` that is newer than every source file (publish output and Release builds
    preferred); then the C# sources. Raises :class:`FunctionsKedaError` for a malformed ``functions.metadata``,
    several equally preferred build outputs, a C# syntax error in a function's attributes or an attribute
    argument that can't be known without compiling.
    """
    metadata = app_dir / METADATA_FILE
    if metadata.is_file():
        return read_functions_metadata(metadata, app_dir)
    project = _worker_project(app_dir)
    if project is None:
        return ()
    sources = _source_files(app_dir)
    built = _fresh_build_output(app_dir, [project, *sources])
    if built is not None:
        return read_functions_metadata(built, app_dir)
    return _SourceReader(CSharpProject.parse(sources, app_dir)).functions()


# --- build output --------------------------------------------------------------------------------------------


def read_functions_metadata(path: Path, app_dir: Path) -> tuple[FunctionSpec, ...]:
    """The functions listed in a ``functions.metadata`` file, bindings in ``function.json`` shape.

    The SDK writes each binding flat (``name``, ``direction``, ``type``, then the attribute's properties) plus a
    ``properties`` object of host flags such as ``supportsDeferredBinding``; the flags are not binding
    configuration and are dropped. ``isDisabled``/``disabled`` (top level or in ``properties``) is honoured.
    """
    rel = relative(path, app_dir)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise FunctionsKedaError(rel, f"cannot be read ({error.strerror})", "Check the file's permissions.") from None
    except UnicodeDecodeError:
        raise FunctionsKedaError(rel, "is not UTF-8 text", _METADATA_FIX) from None
    try:
        document = _loads_like_the_host(raw)
    except json.JSONDecodeError as error:
        raise FunctionsKedaError(
            f"{rel}:{error.lineno}:{error.colno}", f"is not valid JSON ({error.msg})", _METADATA_FIX
        ) from None
    except RecursionError:
        raise FunctionsKedaError(rel, "is nested too deeply to read", _METADATA_FIX) from None
    if not isinstance(document, list):
        raise FunctionsKedaError(
            rel, f"must hold a JSON array of functions, not {json_type_name(document)}", _METADATA_FIX
        )
    functions = []
    for index, entry in enumerate(document):
        where = f"{rel}[{index}]"
        if not isinstance(entry, dict):
            raise FunctionsKedaError(where, f"must be a function object, not {json_type_name(entry)}", _METADATA_FIX)
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise FunctionsKedaError(where, f"has no function name ('name' is {name!r})", _METADATA_FIX)
        bindings = entry.get("bindings")
        if not isinstance(bindings, list) or not bindings:
            raise FunctionsKedaError(
                f"{where} (function {name!r})",
                "declares no bindings; the host requires at least one",
                _METADATA_FIX,
            )
        script = entry.get("scriptFile")
        functions.append(
            FunctionSpec(
                name=name,
                bindings=tuple(_metadata_binding(b, f"{where}.bindings[{i}]", name) for i, b in enumerate(bindings)),
                source=where,
                disabled=_is_disabled(entry),
                script_file=script if isinstance(script, str) and script else None,
            )
        )
    return tuple(functions)


def _metadata_binding(binding: object, where: str, function: str) -> dict[str, Any]:
    if not isinstance(binding, dict):
        raise FunctionsKedaError(
            f"{where} (function {function!r})",
            f"must be a binding object, not {json_type_name(binding)}",
            _METADATA_FIX,
        )
    kind = binding.get("type")
    if not isinstance(kind, str) or not kind:
        raise FunctionsKedaError(f"{where} (function {function!r})", "has no binding 'type'", _METADATA_FIX)
    return {key: value for key, value in binding.items() if not (key == "properties" and isinstance(value, dict))}


def _is_disabled(entry: Mapping[str, Any]) -> bool:
    flags = entry.get("properties")
    for place in (entry, flags if isinstance(flags, dict) else {}):
        for key, value in place.items():
            if key.lower() in ("isdisabled", "disabled") and (value is True or str(value).lower() == "true"):
                return True
    return False


# --- project folder ------------------------------------------------------------------------------------------


def _worker_project(app_dir: Path) -> Path | None:
    """The ``*.csproj`` in ``app_dir`` that references the isolated worker; None when there is none."""
    projects = []
    for csproj in sorted(app_dir.glob("*.csproj")):
        try:
            content = csproj.read_text(encoding="utf-8-sig", errors="replace")
        except OSError as error:
            raise FunctionsKedaError(
                csproj.name, f"cannot be read ({error.strerror})", "Check the file's permissions."
            ) from None
        if _WORKER_PACKAGE.search(content):
            projects.append(csproj)
    if len(projects) > 1:
        raise FunctionsKedaError(
            str(app_dir),
            f"holds several .NET isolated Functions projects ({', '.join(p.name for p in projects)})",
            "Keep one Functions project per folder, or point appPath at the build output of the one to deploy.",
        )
    return projects[0] if projects else None


def _source_files(app_dir: Path) -> list[Path]:
    """The ``*.cs`` files the compiler would see: all of them but those in ``bin/``, ``obj/`` and dot-folders."""
    files = []
    for path in app_dir.rglob("*.cs"):
        parts = path.relative_to(app_dir).parts[:-1]
        if any(part in _SKIPPED_FOLDERS or part.startswith(".") for part in parts):
            continue
        if path.is_file():
            files.append(path)
    return sorted(files, key=lambda p: p.relative_to(app_dir).as_posix())


def _fresh_build_output(app_dir: Path, sources: Sequence[Path]) -> Path | None:
    """The ``bin/**/functions.metadata`` to use, or None when there is none newer than the sources.

    Build output older than a source file may describe code that is no longer there, so it is ignored and the
    source is read instead (the SDK rewrites functions.metadata only when its content changes, so after a rebuild
    an old file just means the source gives the same answer). Of the fresh ones, a ``publish`` folder wins over a
    plain build and ``Release`` over other configurations; two equally good ones are an error, since either could
    be the app.
    """
    newest = max((p.stat().st_mtime for p in sources), default=0.0)
    fresh = [p for p in sorted((app_dir / "bin").glob(f"**/{METADATA_FILE}")) if p.stat().st_mtime >= newest]
    if not fresh:
        return None

    def preference(path: Path) -> tuple[bool, bool]:
        parts = [part.lower() for part in path.relative_to(app_dir).parts[:-1]]
        return ("publish" in parts, "release" in parts)

    best = max(preference(p) for p in fresh)
    chosen = [p for p in fresh if preference(p) == best]
    if len(chosen) > 1:
        raise FunctionsKedaError(
            str(app_dir),
            f"has several build outputs that could be the app ({', '.join(relative(p, app_dir) for p in chosen)})",
            "Point appPath at the one to deploy (the folder that holds its functions.metadata), or delete the others.",
        )
    return chosen[0]


# --- the SDK's attributes ------------------------------------------------------------------------------------

_STRING, _BOOL, _INT, _STRINGS = "string", "bool", "int", "strings"
_NO_DEFAULT = object()


@dataclass(frozen=True)
class _Param:
    name: str
    kind: str = _STRING
    """``string``, ``bool``, ``int``, ``strings`` (an array) or ``enum:<EnumType>``."""
    default: object = _NO_DEFAULT
    params: bool = False
    """A ``params string[]`` parameter: it takes the remaining positional arguments."""


@dataclass(frozen=True)
class _Attribute:
    """One binding attribute of the worker SDK's extensions, as its class declares it."""

    type: str
    """The binding type the generators write (the class name less ``Attribute``/``Input``/``Output``)."""
    overloads: tuple[tuple[_Param, ...], ...] = ((),)
    properties: Mapping[str, str] = field(default_factory=dict)
    """Settable property → kind (see :attr:`_Param.kind`)."""
    aliases: Mapping[str, str] = field(default_factory=dict)
    """``[BindingPropertyName]``: constructor parameter or property (lower-case) → metadata key."""
    batched: bool | None = None
    """For ``ISupportCardinality`` attributes: ``IsBatched``'s ``[DefaultValue]``."""
    direction: str = "In"

    @property
    def trigger(self) -> bool:
        return self.type.endswith("Trigger")

    @property
    def constructor_enums(self) -> frozenset[str]:
        return frozenset(p.kind.removeprefix("enum:") for o in self.overloads for p in o if p.kind.startswith("enum:"))


def _enum(name: str) -> str:
    return f"enum:{name}"


_KAFKA_STRINGS = (
    "ConsumerGroup AvroSchema KeyAvroSchema Username Password SslKeyLocation SslCaLocation SslCertificateLocation "
    "SslKeyPassword SslCertificatePEM SslKeyPEM SslCaPEM SslCertificateandKeyPEM SchemaRegistryUrl "
    "SchemaRegistryUsername SchemaRegistryPassword OAuthBearerClientId OAuthBearerClientSecret OAuthBearerScope "
    "OAuthBearerTokenEndpointUrl OAuthBearerExtensions"
).split()
_COSMOS_STRINGS = "Connection LeaseContainerName LeaseDatabaseName LeaseConnection LeaseContainerPrefix StartFromTime"
_COSMOS_INTS = "LeasesContainerThroughput FeedPollDelay LeaseRenewInterval LeaseAcquireInterval LeaseExpirationInterval"

ATTRIBUTES: Mapping[str, _Attribute] = {
    # Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.*/src/*Attribute.cs
    "QueueTrigger": _Attribute("queueTrigger", ((_Param("queueName"),),), {"Connection": _STRING}),
    "BlobTrigger": _Attribute(
        "blobTrigger",
        ((_Param("blobPath"),),),
        {"Connection": _STRING, "Source": _enum("BlobTriggerSource")},
        aliases={"blobpath": "path"},
    ),
    "ServiceBusTrigger": _Attribute(
        "serviceBusTrigger",
        ((_Param("queueName"),), (_Param("topicName"), _Param("subscriptionName"))),
        {"Connection": _STRING, "IsSessionsEnabled": _BOOL, "AutoCompleteMessages": _BOOL, "IsBatched": _BOOL},
        batched=False,
    ),
    "EventHubTrigger": _Attribute(
        "eventHubTrigger",
        ((_Param("eventHubName"),),),
        {"ConsumerGroup": _STRING, "Connection": _STRING, "IsBatched": _BOOL},
        batched=True,
    ),
    "KafkaTrigger": _Attribute(
        "kafkaTrigger",
        ((_Param("brokerList"), _Param("topic")),),
        {
            **dict.fromkeys(_KAFKA_STRINGS, _STRING),
            "KeyDataType": _enum("KafkaMessageKeyType"),
            "AuthenticationMode": _enum("BrokerAuthenticationMode"),
            "Protocol": _enum("BrokerProtocol"),
            "OAuthBearerMethod": _enum("OAuthBearerMethod"),
            "LagThreshold": _INT,
            "IsBatched": _BOOL,
        },
        batched=False,
    ),
    "RabbitMQTrigger": _Attribute(
        "rabbitMQTrigger",
        (
            (_Param("queueName"),),
            (
                _Param("hostName"),
                _Param("userNameSetting"),
                _Param("passwordSetting"),
                _Param("port", _INT),
                _Param("queueName"),
            ),
        ),
        {
            "ConnectionStringSetting": _STRING,
            "HostName": _STRING,
            "UserNameSetting": _STRING,
            "PasswordSetting": _STRING,
            "Port": _INT,
            "DisableCertificateValidation": _BOOL,
        },
    ),
    "TimerTrigger": _Attribute("timerTrigger", ((_Param("schedule"),),), {"UseMonitor": _BOOL, "RunOnStartup": _BOOL}),
    "HttpTrigger": _Attribute(
        "httpTrigger",
        (
            (),
            (_Param("methods", _STRINGS, params=True),),
            (_Param("authLevel", _enum("AuthorizationLevel")),),
            (_Param("authLevel", _enum("AuthorizationLevel")), _Param("methods", _STRINGS, params=True)),
        ),
        {"Route": _STRING},
    ),
    "CosmosDBTrigger": _Attribute(
        "cosmosDBTrigger",
        ((_Param("databaseName"), _Param("containerName")),),
        {
            **dict.fromkeys(_COSMOS_STRINGS.split(), _STRING),
            **dict.fromkeys(_COSMOS_INTS.split(), _INT),
            "PreferredLocations": _STRING,
            "CreateLeaseContainerIfNotExists": _BOOL,
            "MaxItemsPerInvocation": _INT,
            "StartFromBeginning": _BOOL,
            "ChangeFeedMode": _enum("CosmosDBChangeFeedMode"),
        },
    ),
    "EventGridTrigger": _Attribute("eventGridTrigger", properties={"IsBatched": _BOOL}, batched=False),
    "WarmupTrigger": _Attribute("warmupTrigger"),
    "SignalRTrigger": _Attribute(
        "signalRTrigger",
        (
            (_Param("hubName"), _Param("category"), _Param("event")),
            (_Param("hubName"), _Param("category"), _Param("event"), _Param("parameterNames", _STRINGS, params=True)),
        ),
        {"ConnectionStringSetting": _STRING},
    ),
    # Azure/azure-functions-sql-extension Worker.Extensions.Sql/src/SqlTriggerAttribute.cs
    "SqlTrigger": _Attribute(
        "sqlTrigger",
        (
            (_Param("tableName"), _Param("connectionStringSetting")),
            (_Param("tableName"), _Param("connectionStringSetting"), _Param("leasesTableName", default=None)),
        ),
    ),
    # Azure/azure-functions-durable-extension src/Worker.Extensions.DurableTask/*TriggerAttribute.cs
    "OrchestrationTrigger": _Attribute(
        "orchestrationTrigger", properties={"Orchestration": _STRING, "LargePayloadPurge": _BOOL}
    ),
    "ActivityTrigger": _Attribute("activityTrigger", properties={"Activity": _STRING}),
    "EntityTrigger": _Attribute("entityTrigger", properties={"EntityName": _STRING}),
    # Azure/azure-functions-redis-extension src/Microsoft.Azure.Functions.Worker.Extensions.Redis/*.cs
    "RedisListTrigger": _Attribute(
        "redisListTrigger",
        (
            (
                _Param("connection"),
                _Param("key"),
                _Param("pollingIntervalInMs", _INT, 1000),
                _Param("maxBatchSize", _INT, 16),
                _Param("listDirection", _enum("ListDirection"), "LEFT"),
            ),
        ),
    ),
    "RedisStreamTrigger": _Attribute(
        "redisStreamTrigger",
        (
            (
                _Param("connection"),
                _Param("key"),
                _Param("pollingIntervalInMs", _INT, 1000),
                _Param("maxBatchSize", _INT, 16),
            ),
        ),
    ),
    "RedisPubSubTrigger": _Attribute(
        "redisPubSubTrigger", ((_Param("connection"), _Param("channel"), _Param("pattern", _BOOL, False)),)
    ),
    # Input and output bindings: written when their arguments can be read, skipped otherwise (no scaler needs them).
    "DurableClient": _Attribute("durableClient", properties={"TaskHub": _STRING, "ConnectionName": _STRING}),
    "BlobInput": _Attribute("blob", ((_Param("blobPath"),),), {"Connection": _STRING}),
    "BlobOutput": _Attribute("blob", ((_Param("blobPath"),),), {"Connection": _STRING}, direction="Out"),
    "QueueOutput": _Attribute("queue", ((_Param("queueName"),),), {"Connection": _STRING}, direction="Out"),
    "ServiceBusOutput": _Attribute(
        "serviceBus",
        ((_Param("queueOrTopicName"), _Param("entityType", _enum("ServiceBusEntityType"), "Queue")),),
        {"Connection": _STRING, "EntityType": _enum("ServiceBusEntityType")},
        direction="Out",
    ),
    "EventHubOutput": _Attribute("eventHub", ((_Param("eventHubName"),),), {"Connection": _STRING}, direction="Out"),
}
"""Attribute (without ``Attribute``) → how the generators turn it into a binding."""

_FUNCTION_ATTRIBUTES = frozenset({"Function", "FunctionAttribute"})
_HTTP_RESPONSE = "HttpResponseData"


def _attribute_name(attribute: Node) -> str:
    name = text(attribute.child_by_field_name("name"))
    last = re.split(r"[.:]", name)[-1].strip()
    # WarmupTrigger is the one attribute class without the suffix.
    return last[: -len("Attribute")] if last.endswith("Attribute") and last != "Attribute" else last


def camel_case(name: str) -> str:
    """``JsonNamingPolicy.CamelCase``, which both metadata generators apply to binding keys."""
    chars = list(name)
    for i, char in enumerate(chars):
        if i == 1 and not char.isupper():
            break
        if i > 0 and i + 1 < len(chars) and not chars[i + 1].isupper():
            if chars[i + 1] == " ":
                chars[i] = char.lower()
            break
        chars[i] = char.lower()
    return "".join(chars)


# --- source --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Argument:
    node: Node
    value_node: Node
    name: str | None
    """The parameter (``name:``) or property (``Name =``) it sets; None for positional arguments."""
    is_property: bool
    position: int


class _SourceReader:
    def __init__(self, project: CSharpProject) -> None:
        self.project = project

    def functions(self) -> tuple[FunctionSpec, ...]:
        for file in self.project.files:
            _check_hidden_functions(file)
        found = []
        for declaration in self.project.types:
            for method in declaration.members("method_declaration"):
                function = self._function(method, declaration)
                if function is not None:
                    found.append(function)
        return tuple(found)

    def _function(self, method: Node, owner: TypeDeclaration) -> FunctionSpec | None:
        file = owner.file
        marker = next((a for a in _attributes(method) if _attribute_name(a) in _FUNCTION_ATTRIBUTES), None)
        if marker is None:
            return None
        # The worker's source generator (on by default) indexes public methods only.
        if not any(text(m) == "public" for m in method.children if m.type == "modifier"):
            return None
        _check_syntax(marker, file)
        arguments = _arguments(marker)
        if len(arguments) != 1 or arguments[0].name is not None:
            raise FunctionsKedaError(
                file.where(marker),
                f"[{text(marker)}] must name the function with one argument",
                'Write [Function("Name")] or [Function(nameof(Method))].',
            )
        name = self._value(arguments[0], "Function", "name", _STRING, owner, _NAME_FIX)
        if not isinstance(name, str) or not name.strip():
            raise FunctionsKedaError(
                file.where(marker), f"[{text(marker)}] gives the function no name", 'Write [Function("Name")].'
            )
        source = file.where(marker)

        method_outputs: list[dict[str, Any]] = []
        has_method_output = False
        for attribute in _attributes(method):
            spec = ATTRIBUTES.get(_attribute_name(attribute))
            is_output = (spec is not None and spec.direction == "Out") or _attribute_name(attribute).endswith("Output")
            if is_output:
                has_method_output = True
                binding = self._optional_binding(attribute, spec, "$return", None, owner)
                if binding is not None:
                    method_outputs.append(binding)

        parameter_bindings: list[dict[str, Any]] = []
        parameters = method.child_by_field_name("parameters")
        for parameter in [] if parameters is None else [c for c in parameters.children if c.type == "parameter"]:
            parameter_name = text(parameter.child_by_field_name("name")).lstrip("@")
            parameter_type = re.sub(r"\s+", "", text(parameter.child_by_field_name("type")))
            for attribute in _attributes(parameter):
                attribute_name = _attribute_name(attribute)
                spec = ATTRIBUTES.get(attribute_name)
                if spec is None and attribute_name.endswith("Trigger"):
                    spec = self._unknown_trigger(attribute, attribute_name, file)
                if spec is None:
                    continue
                if spec.trigger:
                    _check_syntax(attribute, file)
                    binding = self._binding(attribute, spec, parameter_name, parameter_type, owner)
                else:
                    found = self._optional_binding(attribute, spec, parameter_name, parameter_type, owner)
                    if found is None:
                        continue
                    binding = found
                parameter_bindings.append(binding)

        has_http = any(b["type"] == "httpTrigger" for b in parameter_bindings)
        return_bindings = self._return_bindings(method, has_http, has_method_output, owner)
        return FunctionSpec(
            name=name,
            bindings=tuple([*method_outputs, *parameter_bindings, *return_bindings]),
            source=source,
            script_file=file.rel,
        )

    def _unknown_trigger(self, attribute: Node, name: str, file: SourceFile) -> _Attribute:
        if any(a.name is None or not a.is_property for a in _arguments(attribute)):
            raise FunctionsKedaError(
                file.where(attribute),
                f"discovery does not know the constructor of the {name} attribute, so it can't tell which "
                "binding properties its arguments set",
                f"Build the app (dotnet publish) and point appPath at the output that holds {METADATA_FILE}.",
            )
        binding_type = name[0].lower() + name[1:]
        return _Attribute(binding_type)

    # --- bindings --------------------------------------------------------------------------------------------

    def _optional_binding(
        self, attribute: Node, spec: _Attribute | None, name: str, parameter_type: str | None, owner: TypeDeclaration
    ) -> dict[str, Any] | None:
        """An input or output binding, or None when discovery can't read it (no scaler depends on these)."""
        if spec is None or attribute.has_error:
            return None
        try:
            return self._binding(attribute, spec, name, parameter_type, owner)
        except FunctionsKedaError:
            return None

    def _binding(
        self, attribute: Node, spec: _Attribute, name: str, parameter_type: str | None, owner: TypeDeclaration
    ) -> dict[str, Any]:
        """The binding the generators write for ``attribute`` (see FunctionMetadataProviderGenerator.Parser)."""
        label = _attribute_name(attribute)
        arguments = _arguments(attribute)
        constructor = [a for a in arguments if not a.is_property]
        overload, assigned = self._overload(attribute, spec, constructor, owner)
        binding: dict[str, Any] = {"name": name, "type": spec.type, "direction": spec.direction}
        for param in overload:
            key = spec.aliases.get(param.name.lower(), param.name)
            value: object
            if param.name in assigned:
                value = self._parameter_value(assigned[param.name], label, param, owner)
            elif param.params:
                value = ()
            else:
                value = param.default  # the compiler writes optional parameters' defaults into the attribute
            if value is not None and value is not _NO_DEFAULT:
                binding[key] = list(value) if isinstance(value, tuple) else value
        cardinality: str | None = None
        for argument in arguments:
            if not argument.is_property or argument.name is None:
                continue
            kind = spec.properties.get(argument.name, "")
            value = self._value(argument, label, argument.name, kind, owner)
            if argument.name == "IsBatched" and spec.batched is not None:
                if isinstance(value, bool):
                    cardinality = "Many" if value else "One"
                continue
            if value is not None:
                key = spec.aliases.get(argument.name.lower(), camel_case(argument.name))
                binding[key] = list(value) if isinstance(value, tuple) else value
        if spec.batched is not None:
            cardinality = cardinality or ("Many" if spec.batched else "One")
            binding["cardinality"] = cardinality
        if parameter_type is not None:
            data_type = _data_type(parameter_type, cardinality == "Many")
            if data_type is not None:
                binding["dataType"] = data_type
        return binding

    def _overload(
        self, attribute: Node, spec: _Attribute, arguments: Sequence[_Argument], owner: TypeDeclaration
    ) -> tuple[tuple[_Param, ...], dict[str, list[_Argument]]]:
        """The constructor C# would call, and the arguments each of its parameters receives."""
        candidates: list[tuple[int, tuple[_Param, ...], dict[str, list[_Argument]]]] = []
        for overload in spec.overloads:
            assigned = _assign(overload, arguments)
            if assigned is None or not self._types_fit(spec, overload, assigned, owner):
                continue
            # C# prefers a constructor that needs neither a params expansion nor default values.
            expanded = any(p.params for p in overload)
            defaulted = any(p.name not in assigned and p.default is not _NO_DEFAULT for p in overload)
            candidates.append((int(expanded) * 2 + int(defaulted), overload, assigned))
        if not candidates:
            file = owner.file
            shapes = " or ".join(
                f"({', '.join(p.name + ('...' if p.params else '') for p in o)})" for o in spec.overloads
            )
            raise FunctionsKedaError(
                file.where(attribute),
                f"[{text(attribute)}] matches none of the {_attribute_name(attribute)} constructors {shapes}",
                "Pass the arguments the attribute's constructor takes.",
            )
        _, overload, assigned = min(candidates, key=lambda c: c[0])
        return overload, assigned

    def _types_fit(
        self,
        spec: _Attribute,
        overload: tuple[_Param, ...],
        assigned: Mapping[str, list[_Argument]],
        owner: TypeDeclaration,
    ) -> bool:
        """Tell ``HttpTrigger(AuthorizationLevel.X)`` from ``HttpTrigger("get")``: an enum parameter takes an enum."""
        enums = spec.constructor_enums
        if not enums:
            return True
        for param in overload:
            expected = param.kind.removeprefix("enum:") if param.kind.startswith("enum:") else None
            for argument in assigned.get(param.name, []):
                if self.project.enum_type(argument.value_node, owner.file, owner.path, enums) != expected:
                    return False
        return True

    def _parameter_value(self, arguments: list[_Argument], label: str, param: _Param, owner: TypeDeclaration) -> Value:
        if param.params:
            if len(arguments) == 1 and arguments[0].value_node.type in ARRAY_NODES:
                return self._value(arguments[0], label, param.name, _STRINGS, owner)
            values = [self._value(a, label, param.name, _STRING, owner) for a in arguments]
            return tuple(v for v in values if isinstance(v, str))
        return self._value(arguments[0], label, param.name, param.kind, owner)

    def _value(
        self, argument: _Argument, label: str, name: str, kind: str, owner: TypeDeclaration, fix: str = _SOURCE_FIX
    ) -> Value:
        file = owner.file
        enum = kind.removeprefix("enum:") if kind.startswith("enum:") else None
        try:
            value = self.project.evaluate(argument.value_node, file, owner.path, enum)
        except NotConstant as error:
            elsewhere = "" if error.file is file else f" (at {error.file.where(error.node)})"
            raise FunctionsKedaError(
                file.where(argument.node),
                f"the {name} argument of [{label}(...)] is {text(argument.value_node)!r}, which discovery can't "
                f"evaluate without compiling the app: {error.reason}{elsewhere}",
                fix,
            ) from None
        expected = {
            _STRING: (str,),
            _BOOL: (bool,),
            _INT: (int,),
            _STRINGS: (tuple,),
        }.get(kind)
        wrong_int = kind == _INT and isinstance(value, bool)
        if value is not None and expected is not None and (not isinstance(value, expected) or wrong_int):
            raise FunctionsKedaError(
                file.where(argument.node),
                f"the {name} argument of [{label}(...)] is {value!r}, not a {kind.rstrip('s')}"
                + (" array" if kind == _STRINGS else ""),
                "Pass a value of the type the attribute declares.",
            )
        if kind == _STRINGS and isinstance(value, tuple) and not all(isinstance(v, str) for v in value):
            raise FunctionsKedaError(
                file.where(argument.node), f"the {name} argument of [{label}(...)] must hold strings", _SOURCE_FIX
            )
        return value

    # --- return value ----------------------------------------------------------------------------------------

    def _return_bindings(
        self, method: Node, has_http: bool, has_method_output: bool, owner: TypeDeclaration
    ) -> list[dict[str, Any]]:
        """Output bindings from the return type, and the ``http`` output an HTTP trigger gets by default."""
        returns = method.child_by_field_name("returns")
        type_name = _unwrap_task(returns)
        if type_name in ("void", "Task") and not has_http:
            return []
        if type_name == _HTTP_RESPONSE:
            return [_http_output("$return")]
        bindings: list[dict[str, Any]] = []
        found_http = False
        has_outputs = False
        for declaration in self.project.find_types(type_name)[:1]:
            for prop in declaration.members("property_declaration"):
                prop_name = text(prop.child_by_field_name("name")).lstrip("@")
                prop_type = _last_segment(text(prop.child_by_field_name("type")))
                names = [_attribute_name(a) for a in _attributes(prop)]
                if prop_type == _HTTP_RESPONSE or "HttpResult" in names:
                    if not found_http:
                        bindings.append(_http_output(prop_name))
                    found_http = True
                    continue
                for attribute in _attributes(prop):
                    spec = ATTRIBUTES.get(_attribute_name(attribute))
                    if spec is not None or _attribute_name(attribute).endswith("Output"):
                        has_outputs = True
                        binding = self._optional_binding(attribute, spec, prop_name, None, declaration)
                        if binding is not None:
                            bindings.append(binding)
                        break
        if has_http and not found_http and not has_method_output and not has_outputs:
            bindings.append(_http_output("$return"))
        return bindings


def _assign(overload: tuple[_Param, ...], arguments: Sequence[_Argument]) -> dict[str, list[_Argument]] | None:
    """Bind constructor arguments to ``overload``'s parameters as C# does; None when they don't fit."""
    assigned: dict[str, list[_Argument]] = {}
    names = {p.name for p in overload}
    positional = [a for a in arguments if a.name is None]
    named = [a for a in arguments if a.name is not None]
    index = 0
    for argument in positional:
        if index >= len(overload):
            return None
        param = overload[index]
        assigned.setdefault(param.name, []).append(argument)
        if not param.params:
            index += 1
    for argument in named:
        if argument.name not in names or argument.name in assigned:
            return None
        assigned[argument.name] = [argument]
    for param in overload:
        if param.name not in assigned and param.default is _NO_DEFAULT and not param.params:
            return None
    return assigned


def _attributes(node: Node) -> Iterator[Node]:
    """Attributes applied to ``node`` itself.

    ``[return: ...]`` ones belong to the return value, and the generators don't read them.
    """
    for attribute_list in node.children:
        if attribute_list.type != "attribute_list":
            continue
        target = next((c for c in attribute_list.children if c.type == "attribute_target_specifier"), None)
        if target is not None and text(target).rstrip(":").strip() not in ("method", "param"):
            continue
        yield from (c for c in attribute_list.children if c.type == "attribute")


def _arguments(attribute: Node) -> list[_Argument]:
    argument_list = next((c for c in attribute.children if c.type == "attribute_argument_list"), None)
    result = []
    for position, argument in enumerate(
        [] if argument_list is None else [c for c in argument_list.children if c.type == "attribute_argument"]
    ):
        children = argument.children
        if len(children) >= 3 and children[0].type == "identifier" and text(children[1]) in ("=", ":"):
            result.append(
                _Argument(argument, children[-1], text(children[0]).lstrip("@"), text(children[1]) == "=", position)
            )
        elif argument.named_children:
            result.append(_Argument(argument, argument.named_children[-1], None, False, position))
    return result


def _check_syntax(attribute: Node, file: SourceFile) -> None:
    if attribute.has_error or (attribute.parent is not None and attribute.parent.has_error):
        raise FunctionsKedaError(
            file.where(attribute),
            f"the attribute {text(attribute)!r} has a syntax error",
            "Fix the C# syntax; discovery reads the attribute without compiling it.",
        )


_BODIES = frozenset({"declaration_list", *("preproc_if", "preproc_else", "preproc_elif", "preproc_region")})
_FUNCTION_MARKER = re.compile(r"\[\s*(?:[\w.:]+\.)?Function(?:Attribute)?\s*\(")


def _check_hidden_functions(file: SourceFile) -> None:
    """A syntax error that swallows a ``[Function(...)]`` method would make the function silently disappear."""
    if not file.root.has_error:
        return
    stack = [file.root]
    while stack:
        node = stack.pop()
        row: int | None = None
        if node.is_error:
            match = _FUNCTION_MARKER.search(text(node))
            if match is not None:
                row = node.start_point.row + text(node)[: match.start()].count("\n")
        elif node.type == "attribute" and _attribute_name(node) in _FUNCTION_ATTRIBUTES:
            method = node.parent.parent if node.parent is not None else None
            holder = method.parent if method is not None else None
            if method is None or method.type != "method_declaration" or holder is None or holder.type not in _BODIES:
                row = node.start_point.row
        if row is not None:
            raise FunctionsKedaError(
                f"{file.rel}:{row + 1}",
                "has a syntax error around a [Function] method, so discovery can't read that function",
                "Fix the C# syntax; discovery reads the source without compiling it.",
            )
        stack.extend(node.children)


def _unwrap_task(node: Node | None) -> str:
    """The type a function returns, ``Task<T>`` unwrapped to ``T`` (``void`` and ``Task`` as such)."""
    if node is None:
        return "void"
    if node.type == "qualified_name" and node.child_by_field_name("name") is not None:
        return _unwrap_task(node.child_by_field_name("name"))  # System.Threading.Tasks.Task<T>
    if node.type == "generic_name" and text(node.named_children[0]) == "Task":
        arguments = next((c for c in node.children if c.type == "type_argument_list"), None)
        inner = arguments.named_children if arguments is not None else []
        if len(inner) == 1:
            return _last_segment(text(inner[0]))
    return _last_segment(text(node))


def _last_segment(type_text: str) -> str:
    bare = re.sub(r"<.*>", "", type_text).rstrip("?").strip()
    return bare.rsplit(".", 1)[-1].rsplit(":", 1)[-1]


_STRING_TYPES = frozenset({"string", "String", "System.String", "string?", "String?"})
_BINARY_TYPES = frozenset({"byte[]", "Byte[]", "System.Byte[]", "ReadOnlyMemory<byte>", "System.ReadOnlyMemory<byte>"})
_COLLECTION = re.compile(
    r"^(?:System\.Collections\.Generic\.)?(?:I?Enumerable|I?List|I?Collection|IReadOnlyList|IReadOnlyCollection)<(.+)>$"
)


def _data_type(type_text: str, many: bool) -> str | None:
    """``dataType`` as the source generator's DataTypeParser (and CardinalityParser for batches) sets it."""
    element = type_text[:-2] if type_text.endswith("[]") else None
    if type_text in _STRING_TYPES or element in _STRING_TYPES:
        return "String"
    if type_text in _BINARY_TYPES or element in _BINARY_TYPES:
        return "Binary"
    match = _COLLECTION.match(type_text) if many else None
    if match is not None:
        inner = match.group(1)
        return "String" if inner in _STRING_TYPES else "Binary" if inner in _BINARY_TYPES else None
    return None


def _http_output(name: str) -> dict[str, Any]:
    return {"name": name, "type": "http", "direction": "Out"}
