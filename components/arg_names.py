"""How messages name an argument (its stack config key and its Python name), and reading true/false arguments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from components.errors import FunctionsKedaError

CONFIG_NAMESPACE = "functions-keda"


def config_key(arg: str) -> str:
    """``min_replicas`` → ``minReplicas``: the stack config spelling of an argument."""
    head, *rest = arg.split("_")
    return head + "".join(part.capitalize() for part in rest)


def where(arg: str) -> str:
    """``functions-keda:minReplicas (min_replicas)``."""
    return f"{CONFIG_NAMESPACE}:{config_key(arg)} ({arg})"


def flag(raw: Mapping[str, Any], key: str, default: bool) -> bool:
    """A true/false argument; stack config spells booleans as the strings "true" and "false"."""
    value = raw.get(key)
    if value is None:
        return default
    if isinstance(value, str) and value.lower() in ("true", "false"):
        value = value.lower() == "true"
    if not isinstance(value, bool):
        raise FunctionsKedaError(where(key), f"must be true or false, found {value!r}", "Set true or false.")
    return value
