"""How messages name an argument: its stack config key and its Python name."""

from __future__ import annotations

CONFIG_NAMESPACE = "functions-keda"


def config_key(arg: str) -> str:
    """``min_replicas`` → ``minReplicas``: the stack config spelling of an argument."""
    head, *rest = arg.split("_")
    return head + "".join(part.capitalize() for part in rest)


def where(arg: str) -> str:
    """``functions-keda:minReplicas (min_replicas)``."""
    return f"{CONFIG_NAMESPACE}:{config_key(arg)} ({arg})"
