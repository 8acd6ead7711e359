"""App settings: merging, ``%Setting%`` expressions, connection names and dev-only values."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from components.errors import FunctionsKedaError

_EXPRESSION = re.compile(r"%([^%\s]+)%")
"""``%Name%`` as the host resolves it in binding properties."""

_SECRET_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")
"""Kubernetes Secret data keys; the settings Secret reaches the container through ``envFrom``."""

_EMULATOR_MARKERS = (
    "usedevelopmentstorage=true",
    "devstoreaccount1",
    "127.0.0.1:10000",
    "127.0.0.1:10001",
    "127.0.0.1:10002",
    "localhost:10000",
    "localhost:10001",
    "localhost:10002",
)
"""Values that only work on a developer's machine with the Azure Storage emulator."""


class _ExternalValue(str):
    def __repr__(self) -> str:
        return "<in an existing Secret>"


EXTERNAL = _ExternalValue("")
"""Stands for the value of a setting that lives in an existing Secret: its name is known, its value is not."""


def merge_settings(local: Mapping[str, str], stack: Mapping[str, str]) -> dict[str, str]:
    """``local.settings.json`` Values overlaid with the stack's ``settings`` (the stack wins)."""
    return {**local, **stack}


def check_setting_names(settings: Mapping[str, str]) -> None:
    """Every setting must be usable as a Secret key, because the container reads them through ``envFrom``."""
    for name in settings:
        if not _SECRET_KEY.fullmatch(name):
            hint = name.replace(":", "__")
            raise FunctionsKedaError(
                f"setting {name!r}",
                "cannot be passed to a container: setting names may only hold letters, digits, '-', '_' and '.'",
                f"Rename it; for nested host settings use '__' instead of ':' (e.g. {hint!r}).",
            )


def reject_dev_only_values(settings: Mapping[str, str]) -> None:
    """Refuse values that point at the local storage emulator: they cannot work in a cluster."""
    for name, value in settings.items():
        lowered = value.lower().replace(" ", "")  # EXTERNAL is empty: never flagged
        if any(marker in lowered for marker in _EMULATOR_MARKERS):
            raise FunctionsKedaError(
                f"setting {name!r}",
                "points at the local storage emulator (UseDevelopmentStorage=true, devstoreaccount1 or "
                "127.0.0.1:10000-10002), which does not exist in the cluster",
                f"Give this stack a real connection: pulumi config set --secret --path "
                f"'functions-keda:settings.{name}' '<connection string>'.",
            )


def resolve_expressions(value: Any, settings: Mapping[str, str], where: str) -> Any:
    """Replace every ``%Name%`` in ``value`` (a binding property) with the setting's value.

    Lists and objects are resolved element by element; other values are returned as they are. Raises
    :class:`FunctionsKedaError` naming the setting and ``where`` when a setting is missing.
    """
    if isinstance(value, str):
        return _EXPRESSION.sub(lambda match: _lookup(match.group(1), settings, where), value)
    if isinstance(value, list):
        return [resolve_expressions(item, settings, where) for item in value]
    if isinstance(value, dict):
        return {key: resolve_expressions(item, settings, where) for key, item in value.items()}
    return value


def expression_setting(value: Any) -> str | None:
    """The setting name when ``value`` is exactly ``%Name%``, else ``None``."""
    if isinstance(value, str):
        match = _EXPRESSION.fullmatch(value)
        if match:
            return match.group(1)
    return None


def _lookup(name: str, settings: Mapping[str, str], where: str) -> str:
    if name in settings and settings[name] is EXTERNAL:
        raise FunctionsKedaError(
            where,
            f"uses %{name}%, whose value is in an existing Secret that the component does not read",
            f"Names of queues, topics and hubs are not secrets: set {name!r} in local.settings.json Values or with "
            f"pulumi config set --path 'functions-keda:settings.{name}' '<value>'.",
        )
    if name in settings:
        return settings[name]
    raise FunctionsKedaError(
        where,
        f"uses %{name}% but no app setting {name!r} exists",
        f"Add {name!r} to local.settings.json Values, or set it for this stack with "
        f"pulumi config set --secret --path 'functions-keda:settings.{name}' '<value>'.",
    )


def connection_setting(name: str, settings: Mapping[str, str]) -> str | None:
    """The setting that holds connection ``name``, as the host looks it up.

    The host tries the name itself, then the name with an ``AzureWebJobs`` prefix. Identity-based
    connections (``<name>__accountName``...) have no single setting and give ``None`` here.
    """
    for candidate in (name, f"AzureWebJobs{name}"):
        if candidate in settings:
            return candidate
    return None


def identity_settings(name: str, settings: Mapping[str, str]) -> list[str]:
    """Settings of an identity-based connection ``name`` (``<name>__serviceUri``, ``<name>__accountName``...)."""
    prefix = f"{name}__".lower()
    return sorted(key for key in settings if key.lower().startswith(prefix))


def connection_string_field(connection_string: str, field: str) -> str | None:
    """One ``Key=Value`` field of an Azure connection string (``EntityPath``...), matched case-insensitively."""
    for part in connection_string.split(";"):
        key, _, value = part.partition("=")
        if key.strip().lower() == field.lower() and value:
            return value.strip()
    return None
