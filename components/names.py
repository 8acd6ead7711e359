"""Kubernetes names: one base name, validated once, with room for every suffix the component adds."""

from __future__ import annotations

import re

from components.errors import FunctionsKedaError

_DNS_1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
"""Service names must be DNS-1035 labels (start with a letter), and every object shares the base name."""

_DNS_1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")

SUFFIXES = {
    "http": "-http",
    "events": "",
    "fixed": "-fixed",
    "app": "",
    "settings": "-settings",
    "keys": "-keys",
    "proxy": "-proxy",
}
"""Suffix per object role; the base name alone names the event-driven Deployment and its ScaledObject."""

_LIMITS = (
    ("Deployment, Service or Secret", 63, max(SUFFIXES.values(), key=len)),
    # KEDA names the HPA "keda-hpa-<ScaledObject>", and HPA names are limited to 63 characters.
    ("ScaledObject", 63 - len("keda-hpa-"), SUFFIXES["http"]),
)

MAX_NAME_LENGTH = min(limit - len(suffix) for _, limit, suffix in _LIMITS)
"""The longest base name that fits every object the component may create (49)."""


def check_name(name: str, where: str) -> None:
    """Reject a base name that Kubernetes or KEDA would refuse once suffixed; names are never truncated."""
    if not isinstance(name, str) or not _DNS_1035_LABEL.fullmatch(name):
        raise FunctionsKedaError(
            where,
            f"{name!r} is not a valid Kubernetes name",
            "Use lower-case letters, digits and '-', starting with a letter and ending with a letter or digit "
            "(e.g. 'orders-api').",
        )
    if len(name) > MAX_NAME_LENGTH:
        raise FunctionsKedaError(
            where,
            f"{name!r} is {len(name)} characters long, and the limit is {MAX_NAME_LENGTH}",
            "Choose a shorter name: objects are named '<name>-http', '<name>-fixed'..., and KEDA's HPA "
            "'keda-hpa-<name>-http' must fit in 63 characters.",
        )


def check_namespace(namespace: str, where: str) -> None:
    """Reject a namespace that is not a DNS-1123 label."""
    if not isinstance(namespace, str) or not _DNS_1123_LABEL.fullmatch(namespace) or len(namespace) > 63:
        raise FunctionsKedaError(
            where,
            f"{namespace!r} is not a valid namespace name",
            "Use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit.",
        )


def check_secret_name(name: str, where: str) -> None:
    """Reject a Secret name that is not a DNS-1123 subdomain."""
    if not isinstance(name, str) or len(name) > 253 or not all(_DNS_1123_LABEL.fullmatch(p) for p in name.split(".")):
        raise FunctionsKedaError(
            where,
            f"{name!r} is not a valid Secret name",
            "Use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit.",
        )


def default_name(folder_name: str) -> str:
    """A name derived from the app folder ("Orders_App" → "orders-app"), checked by :func:`check_name`."""
    return re.sub(r"[^a-z0-9-]+", "-", folder_name.lower()).strip("-")
