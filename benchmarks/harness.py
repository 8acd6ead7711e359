"""Pulumi mocks for the benchmarks: run a program engine-less, optionally recording its resource graph.

Modelled on ``tests/pulumi_harness.py`` (not imported: benchmarks stand alone) but lighter: the timed runs use
Pulumi's own :class:`MockMonitor`; only the recording run keeps the raw registration requests, and it keeps
them in a JSON-able form that :func:`replay` can register again with bare ``pulumi`` resources.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any

import pulumi
from google.protobuf import json_format  # type: ignore[import-untyped]
from pulumi.runtime import mocks as pulumi_mocks
from pulumi.runtime import rpc

SECRET_SIG = rpc._special_sig_key
SECRET_VALUE = rpc._special_secret_sig


class Mocks(pulumi.runtime.Mocks):
    """Echo inputs as state; give random passwords a result, as ``pulumi up`` would."""

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        state = dict(args.inputs)
        if args.typ == "random:index/randomPassword:RandomPassword":
            state["result"] = hashlib.sha256(args.name.encode()).hexdigest()[: int(args.inputs["length"])]
        return f"{args.name}-id", state

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[Any]]:
        return {}, []


class CountingMonitor(pulumi_mocks.MockMonitor):
    """Pulumi's mock monitor, counting registrations (the stack itself excluded)."""

    def __init__(self, mocks: Mocks) -> None:
        super().__init__(mocks)
        self.registered = 0

    def RegisterResource(self, request: Any) -> Any:
        if request.type != "pulumi:pulumi:Stack":
            self.registered += 1
        return super().RegisterResource(request)  # type: ignore[no-untyped-call]


class RecordingMonitor(CountingMonitor):
    """Also keeps each registration (and each component's outputs) as plain JSON."""

    def __init__(self, mocks: Mocks) -> None:
        super().__init__(mocks)
        self.graph: list[dict[str, Any]] = []
        self.outputs: dict[str, Any] = {}

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)
        if request.type != "pulumi:pulumi:Stack":
            self.graph.append(
                {
                    "type": request.type,
                    "name": request.name,
                    "urn": response.urn,
                    "custom": request.custom,
                    "parent": request.parent,
                    "dependencies": list(request.dependencies),
                    "delete_before_replace": request.deleteBeforeReplace,
                    "inputs": json_format.MessageToDict(request.object),
                    "aliases": len(request.aliases) + len(request.aliasURNs),
                }
            )
        return response

    def RegisterResourceOutputs(self, request: Any) -> Any:
        self.outputs[request.urn] = json_format.MessageToDict(request.outputs)
        return super().RegisterResourceOutputs(request)  # type: ignore[no-untyped-call]


def run(program: Callable[[], Any], monitor: CountingMonitor) -> None:
    """Run ``program`` under ``monitor`` until every registration and output has resolved."""
    logger = logging.getLogger("functions-keda-benchmarks")
    logger.propagate = False
    logger.addHandler(logging.NullHandler())
    pulumi.runtime.set_mocks(
        monitor.mocks, project="functions-keda", stack="bench", preview=False, monitor=monitor, logger=logger
    )
    pulumi.runtime.test(program)()  # type: ignore[no-untyped-call]


def _revive(node: Any) -> Any:
    """Turn recorded wire values back into inputs: secret markers become secret Outputs."""
    if isinstance(node, dict):
        if node.get(SECRET_SIG) == SECRET_VALUE:
            return pulumi.Output.secret(_revive(node.get("value")))
        return {key: _revive(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_revive(value) for value in node]
    return node


def replay(graph: list[dict[str, Any]], outputs: dict[str, Any]) -> None:
    """Register ``graph`` again with bare ``pulumi.CustomResource``/``ComponentResource`` calls.

    Same type tokens, names, inputs (secret-ness kept), parents, dependencies and delete-before-replace;
    components register the outputs they registered. Must run inside a Pulumi program (see :func:`run`).
    """
    by_urn: dict[str, pulumi.Resource] = {}
    for entry in graph:
        opts = pulumi.ResourceOptions(
            parent=by_urn.get(entry["parent"]),
            depends_on=[by_urn[urn] for urn in entry["dependencies"]],
            delete_before_replace=entry["delete_before_replace"] or None,
        )
        if entry["custom"]:
            resource: pulumi.Resource = pulumi.CustomResource(
                entry["type"], entry["name"], _revive(entry["inputs"]), opts
            )
        else:
            component = pulumi.ComponentResource(entry["type"], entry["name"], None, opts)
            component.register_outputs(_revive(outputs.get(entry["urn"], {})))
            resource = component
        by_urn[entry["urn"]] = resource
