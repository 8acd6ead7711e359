"""Validate the arguments that shape pod security, identity and where secrets come from."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from components.arg_names import flag, where
from components.errors import FunctionsKedaError
from components.names import check_secret_name

DEFAULT_RESOURCES: Mapping[str, Mapping[str, str]] = {
    "requests": {"cpu": "100m", "memory": "256Mi"},
    "limits": {"cpu": "1", "memory": "1Gi"},
}
"""Enough for the Functions host and one language worker at rest; raise them for real workloads."""
HARDENED_UID = 10001
"""A high UID that collides with no host account (checkov CKV_K8S_40)."""
HARDENED_PORT = 8080
SCALER_AUTH_MODES = ("env", "secret")
_QUANTITY = re.compile(r"^[0-9]+(\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti|E|Ei|P|Pi)?$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


@dataclass(frozen=True)
class SecurityOptions:
    """How pods run, how KEDA authenticates, and which settings live in Secrets the component does not own."""

    hardened: bool = False
    """Run as a non-root high UID on port 8080 with a read-only root filesystem (images must allow it)."""
    resources: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: DEFAULT_RESOURCES)
    network_policy: bool = True
    """A NetworkPolicy that admits traffic to the HTTP port only."""
    workload_identity_client_id: str | None = None
    """Client ID of the Azure identity the app (and KEDA, for identity-based connections) uses."""
    existing_secrets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Secret name → the setting names it provides; mounted with ``envFrom``, never read by the component."""
    scaler_auth: str = "env"
    """How KEDA reads connection strings: ``env`` (``…FromEnv``) or ``secret`` (a TriggerAuthentication)."""

    @property
    def external_settings(self) -> dict[str, str]:
        """Setting name → the existing Secret that provides it."""
        return {key: secret for secret, keys in self.existing_secrets.items() for key in keys}

    @property
    def http_port(self) -> int:
        """The port the host listens on in the container."""
        return HARDENED_PORT if self.hardened else 80


def validate_security_args(raw: Mapping[str, Any]) -> SecurityOptions:
    """Check the security arguments of :class:`FunctionAppArgs`; raises :class:`FunctionsKedaError`."""
    client_id = raw.get("workload_identity_client_id")
    if client_id is not None and (not isinstance(client_id, str) or not _UUID.fullmatch(client_id)):
        raise FunctionsKedaError(
            where("workload_identity_client_id"),
            f"{client_id!r} is not a client ID",
            "Use the managed identity's or app registration's client ID, a GUID such as "
            "'00000000-0000-0000-0000-000000000000'.",
        )
    scaler_auth = raw.get("scaler_auth", "env")
    if scaler_auth not in SCALER_AUTH_MODES:
        raise FunctionsKedaError(
            where("scaler_auth"), f"{scaler_auth!r} is not allowed", f"Use one of {', '.join(SCALER_AUTH_MODES)}."
        )
    return SecurityOptions(
        hardened=flag(raw, "hardened", False),
        resources=_resources(raw.get("resources")),
        network_policy=flag(raw, "network_policy", True),
        workload_identity_client_id=client_id,
        existing_secrets=_existing_secrets(raw.get("existing_secrets")),
        scaler_auth=scaler_auth,
    )


def _resources(value: Any) -> Mapping[str, Mapping[str, str]]:
    """The defaults, with ``requests``/``limits`` entries replaced where ``value`` sets them."""
    if value is None:
        return DEFAULT_RESOURCES
    if not isinstance(value, Mapping) or set(value) - {"requests", "limits"}:
        raise FunctionsKedaError(
            where("resources"),
            f"must be an object with 'requests' and/or 'limits', found {value!r}",
            'Write e.g. {"requests": {"cpu": "250m", "memory": "512Mi"}, "limits": {"memory": "2Gi"}}.',
        )
    merged: dict[str, dict[str, str]] = {kind: dict(values) for kind, values in DEFAULT_RESOURCES.items()}
    for kind, values in value.items():
        if not isinstance(values, Mapping):
            raise FunctionsKedaError(
                where("resources"),
                f"{kind} must be an object, found {values!r}",
                'Write e.g. {"cpu": "250m", "memory": "512Mi"}.',
            )
        for resource, quantity in values.items():
            quantity = str(quantity)
            if resource not in ("cpu", "memory", "ephemeral-storage") or not _QUANTITY.fullmatch(quantity):
                raise FunctionsKedaError(
                    where("resources"),
                    f"{kind}.{resource} {quantity!r} is not a Kubernetes quantity of cpu, memory or ephemeral-storage",
                    "Use quantities such as '250m' (cpu) or '512Mi' (memory).",
                )
            merged[kind][resource] = quantity
    return merged


def _existing_secrets(value: Any) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(
        isinstance(keys, (list, tuple)) and all(isinstance(k, str) and k for k in keys) for keys in value.values()
    ):
        raise FunctionsKedaError(
            where("existing_secrets"),
            "must map Secret names to the setting names each provides",
            'Write e.g. {"orders-connections": ["ServiceBusConnection", "EventHubConnection"]}.',
        )
    seen: dict[str, str] = {}
    for secret, keys in value.items():
        check_secret_name(secret, where("existing_secrets"))
        for key in keys:
            if key in seen:
                raise FunctionsKedaError(
                    where("existing_secrets"),
                    f"setting {key!r} is listed for both {seen[key]!r} and {secret!r}",
                    "List each setting under one Secret.",
                )
            seen[key] = secret
    return {secret: tuple(keys) for secret, keys in value.items()}
