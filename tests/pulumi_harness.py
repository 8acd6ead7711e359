"""Run Pulumi programs engine-less and record every registration with its options.

``MockResourceArgs`` carries no parent, dependencies or options, so :class:`RecordingMonitor` keeps the raw
``RegisterResourceRequest`` of each registration instead. Inputs are decoded twice: plainly (secrets
unwrapped) for assertions on values, and raw (secret markers kept) for assertions on secret-ness.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pulumi
from google.protobuf import json_format
from pulumi.runtime import mocks as pulumi_mocks
from pulumi.runtime import rpc

SECRET_SIG = rpc._special_sig_key
SECRET_VALUE = rpc._special_secret_sig


STACK_REFERENCE_OUTPUTS = {
    "kubeconfig": "apiVersion: v1\nkind: Config\n",
    "registryUser": "platform-push",
    "registryPassword": "platform-token",
}
"""What any StackReference returns under these mocks (a platform stack's exports)."""


class Mocks(pulumi.runtime.Mocks):
    """Echo inputs as state, plus the outputs our components read from their children."""

    def __init__(self, preview: bool) -> None:
        self.preview = preview

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        state = dict(args.inputs)
        if args.typ == "docker:index/image:Image" and not self.preview:
            digest = hashlib.sha256(args.inputs["imageName"].encode()).hexdigest()
            state["repoDigest"] = f"{args.inputs['imageName'].rsplit(':', 1)[0]}@sha256:{digest}"
        if args.typ == "random:index/randomPassword:RandomPassword" and not self.preview:
            state["result"] = hashlib.sha256(args.name.encode()).hexdigest()[: int(args.inputs["length"])]
        if args.typ == "pulumi:pulumi:StackReference":
            state["outputs"] = STACK_REFERENCE_OUTPUTS
        if args.typ == "kubernetes:helm.sh/v3:Release" and not self.preview:
            state["status"] = {
                "name": args.inputs.get("name"),
                "namespace": args.inputs.get("namespace"),
                "status": "deployed",
            }
        return (None if self.preview else f"{args.name}-id"), state

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[Any]]:
        return {}, []


@dataclass
class Registration:
    """One registered resource, as the engine would have received it."""

    type: str
    name: str
    urn: str
    custom: bool
    parent: str
    dependencies: list[str]
    property_dependencies: dict[str, list[str]]
    inputs: dict[str, Any]
    """Inputs with secrets unwrapped."""
    raw_inputs: dict[str, Any]
    """Inputs as sent, secret values still wrapped in Pulumi's secret marker."""
    provider: str
    providers: dict[str, str]
    protect: bool
    delete_before_replace: bool
    ignore_changes: list[str]
    aliases: list[Any]

    def is_secret(self, *path: str) -> bool:
        """Whether the input at ``path`` (e.g. ``"stringData"``) was sent as a secret."""
        node: Any = self.raw_inputs
        for key in path:
            if _is_secret(node):
                return True
            node = node[key]
        return _is_secret(node)


def _unwrap_secrets(node: Any) -> Any:
    if _is_secret(node):
        return _unwrap_secrets(node["value"])
    if isinstance(node, dict):
        return {key: _unwrap_secrets(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_unwrap_secrets(value) for value in node]
    return node


def _is_secret(node: Any) -> bool:
    return isinstance(node, dict) and node.get(SECRET_SIG) == SECRET_VALUE


class RecordingMonitor(pulumi_mocks.MockMonitor):
    """A mock monitor that keeps every registration request."""

    def __init__(self, mocks: Mocks) -> None:
        super().__init__(mocks)
        self.registrations: list[Registration] = []

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)
        if request.type != "pulumi:pulumi:Stack":
            self.registrations.append(
                Registration(
                    type=request.type,
                    name=request.name,
                    urn=response.urn,
                    custom=request.custom,
                    parent=request.parent,
                    dependencies=list(request.dependencies),
                    property_dependencies={k: list(v.urns) for k, v in request.propertyDependencies.items()},
                    inputs=_unwrap_secrets(rpc.deserialize_properties(request.object)),
                    raw_inputs=json_format.MessageToDict(request.object),
                    provider=request.provider,
                    providers=dict(request.providers),
                    protect=request.protect,
                    delete_before_replace=request.deleteBeforeReplace,
                    ignore_changes=list(request.ignoreChanges),
                    aliases=[*request.aliases, *request.aliasURNs],
                )
            )
        return response

    def ReadResource(self, request: Any) -> Any:
        """Reads (StackReference, ``Resource.get``) are recorded as registrations without options."""
        response = super().ReadResource(request)
        self.registrations.append(
            Registration(
                type=request.type,
                name=request.name,
                urn=response.urn,
                custom=True,
                parent=request.parent,
                dependencies=list(request.dependencies),
                property_dependencies={},
                inputs=_unwrap_secrets(rpc.deserialize_properties(request.properties)),
                raw_inputs=json_format.MessageToDict(request.properties),
                provider=request.provider,
                providers={},
                protect=False,
                delete_before_replace=False,
                ignore_changes=[],
                aliases=[],
            )
        )
        return response


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass
class Run:
    """What a program registered, and what it logged."""

    registrations: list[Registration]
    warnings: list[str]
    result: Any = None
    outputs: dict[str, Any] = field(default_factory=dict)
    secret_outputs: set[str] = field(default_factory=set)
    """Names of the picked outputs that are Pulumi secrets."""
    error: BaseException | None = None
    """The exception the program raised, when run with ``expect_error``."""

    def of_type(self, type_: str) -> list[Registration]:
        """Registrations of one resource type token."""
        return [r for r in self.registrations if r.type == type_]

    def named(self, name: str) -> Registration:
        """The one registration with this Pulumi name."""
        matches = [r for r in self.registrations if r.name == name]
        assert len(matches) == 1, f"{len(matches)} registrations named {name!r}"
        return matches[0]

    def by_urn(self, urn: str) -> Registration:
        """The registration with this URN."""
        return next(r for r in self.registrations if r.urn == urn)

    def children_of(self, parent: Registration) -> Iterator[Registration]:
        """Direct children of ``parent``."""
        return (r for r in self.registrations if r.parent == parent.urn)


def differences(before: Any, after: Any, path: str = "") -> list[str]:
    """Paths (``.spec.replicas``, ``.env[0].value``) at which two input trees differ."""
    if isinstance(before, dict) and isinstance(after, dict):
        return [
            d
            for key in sorted(set(before) | set(after))
            for d in differences(before.get(key), after.get(key), f"{path}.{key}")
        ]
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [
            d for i, (b, a) in enumerate(zip(before, after, strict=True)) for d in differences(b, a, f"{path}[{i}]")
        ]
    return [] if before == after else [path]


def _drop_orphaned_failures(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    if "exception was never retrieved" in str(context.get("message", "")):
        return
    loop.default_exception_handler(context)


def quiet_orphaned_futures() -> None:
    """Don't log the futures that failed Pulumi runs leave behind on the event loop the mocks use.

    When the garbage collector frees one, asyncio logs it with a formatted traceback, and Python 3.11 parses
    source lines to format tracebacks; if that happens while discovery's ``ast.parse`` is building a tree, CPython
    raises ``SystemError: AST constructor recursion depth mismatch``. Only these log lines are dropped.
    """
    asyncio.get_event_loop_policy().get_event_loop().set_exception_handler(_drop_orphaned_failures)


def run_program(
    program: Callable[[], Any],
    *,
    preview: bool = False,
    config: dict[str, str] | None = None,
    secret_keys: list[str] | None = None,
    outputs: Callable[[Any], dict[str, pulumi.Output[Any]]] | None = None,
    expect_error: type[BaseException] | None = None,
) -> Run:
    """Run ``program`` under mocks (``up`` or ``preview``) and return everything it registered.

    ``outputs`` may pick Outputs from the program's result; they are awaited and returned resolved (unknown
    ones as ``None``). With ``expect_error``, the program must raise that exception; it is returned in
    ``Run.error`` along with whatever was registered before it (which should be nothing).
    """
    quiet_orphaned_futures()
    mocks = Mocks(preview)
    monitor = RecordingMonitor(mocks)
    logger = logging.getLogger(f"pulumi-harness-{id(monitor)}")
    logger.propagate = False
    handler = _Warnings()
    logger.addHandler(handler)
    pulumi.runtime.set_mocks(
        mocks, project="functions-keda", stack="test", preview=preview, monitor=monitor, logger=logger
    )
    pulumi.runtime.set_all_config(config or {}, secret_keys or [])
    run = Run(registrations=monitor.registrations, warnings=handler.messages)

    @pulumi.runtime.test
    def _program() -> Any:
        run.result = program()
        if outputs is None:
            return None
        picked = outputs(run.result)

        async def secret_names() -> set[str]:
            return {name for name, output in picked.items() if await output.is_secret()}

        secrets = pulumi.Output.from_input(asyncio.ensure_future(secret_names()))
        return pulumi.Output.all(secrets, pulumi.Output.all(**picked)).apply(
            lambda both: (run.secret_outputs.update(both[0]), run.outputs.update(both[1]))
        )

    if expect_error is None:
        _program()
        return run
    try:
        _program()
    except expect_error as error:
        run.error = error
        return run
    raise AssertionError(f"the program did not raise {expect_error.__name__}")
