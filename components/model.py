"""Typed values that discovery produces and the planner consumes.

They are frozen and hold plain data only (no Pulumi types), so the whole core can be tested and rendered
without an engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Binding = Mapping[str, Any]
"""One binding as ``function.json`` spells it: ``type``, ``direction``, ``name`` and the extension's
properties (``queueName``, ``connection``, ...). Every programming model is reduced to this shape, so the
scaler catalogue never needs to know which language a function was written in."""


def binding_type(binding: Binding) -> str:
    """The binding's ``type``, lower-cased (the host compares binding types case-insensitively)."""
    value = binding.get("type", "")
    return value.lower() if isinstance(value, str) else ""


@dataclass(frozen=True)
class FunctionSpec:
    """One function of the app, as the language worker would index it."""

    name: str
    """The function name the host uses (``function.json``'s folder, ``@app.function_name`` or the Python name)."""

    bindings: tuple[Binding, ...]
    """Every binding of the function, trigger included, in declaration order."""

    source: str
    """Where the function was found, relative to the app folder (``orders/function.json``,
    ``function_app.py:12``); used in error messages."""

    disabled: bool = False
    """``"disabled": true`` in ``function.json``; the ``AzureWebJobs.<name>.Disabled`` setting is applied later,
    when the stack's settings are known."""

    script_file: str | None = None
    """The code file the host loads, relative to the function's folder (``scriptFile`` or the language's default,
    such as ``index.js``); it tells which language a ``function.json`` app is written in."""

    @property
    def trigger(self) -> Binding | None:
        """The first binding whose type ends in ``trigger``; a function has exactly one."""
        for binding in self.bindings:
            if binding_type(binding).endswith("trigger"):
                return binding
        return None

    @property
    def trigger_type(self) -> str:
        """The trigger's type, lower-cased, or ``""`` when the function has no trigger."""
        trigger = self.trigger
        return binding_type(trigger) if trigger is not None else ""

    @property
    def is_http(self) -> bool:
        """True for HTTP-triggered functions; they are served, not scaled on an event source."""
        return self.trigger_type == "httptrigger"


@dataclass(frozen=True)
class FunctionsProject:
    """A Functions project folder, read but not yet combined with any stack configuration."""

    path: Path
    """The app folder (absolute)."""

    host: Mapping[str, Any]
    """``host.json`` as parsed."""

    local_settings: Mapping[str, str]
    """``local.settings.json`` ``Values`` (empty when the file is absent)."""

    functions: tuple[FunctionSpec, ...]
    """Every function found, in a stable order, disabled ones included."""

    worker_runtime: str
    """The ``FUNCTIONS_WORKER_RUNTIME`` the code needs (``python``, ``node``, ``dotnet-isolated``...)."""

    models: tuple[str, ...] = field(default=())
    """How functions were found (``function.json``, ``python-v2``...), for outputs and messages."""
