"""HTTP routes of an app, the function keys they need, and their invoke URLs.

The host serves each HTTP function at ``/<routePrefix>/<route>`` (prefix ``api`` unless host.json
``extensions.http.routePrefix`` says otherwise; route = the function name unless the trigger sets one), and
checks a key according to the trigger's ``authLevel``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from components.catalogue import host_extension_value
from components.errors import FunctionsKedaError
from components.model import FunctionSpec

AUTH_LEVELS = ("anonymous", "function", "admin")
MASTER_KEY = "host.master"
HOST_FUNCTION_KEY = "host.function.default"
SYSTEM_KEY = "host.systemKey.default"
KEYS_MOUNT_PATH = "/run/secrets/functions-keys"
"""The folder the host reads keys from when ``AzureWebJobsSecretStorageType=kubernetes`` and no Secret name
is set: read-only, one file per key."""


@dataclass(frozen=True)
class HttpRoute:
    """One HTTP function as clients reach it."""

    function: str
    path: str
    """URL path with the route prefix, e.g. ``/api/orders`` (route templates such as ``{id}`` kept)."""
    auth_level: str
    """``anonymous``, ``function`` or ``admin``."""
    methods: tuple[str, ...]
    """Accepted methods, upper-case; empty means all."""

    @property
    def key_file(self) -> str | None:
        """The key that opens this route: its own function key, the master key, or none."""
        if self.auth_level == "function":
            return function_key(self.function)
        if self.auth_level == "admin":
            return MASTER_KEY
        return None


def function_key(function: str) -> str:
    """The key file of ``function``'s default key (the host looks function names up lower-cased)."""
    return f"functions.{function.lower()}.default"


def http_routes(functions: Sequence[FunctionSpec], host: Mapping[str, Any]) -> tuple[HttpRoute, ...]:
    """The route of every HTTP function in ``functions``."""
    prefix = host_extension_value(host, ("http", "routePrefix"))
    prefix = "api" if prefix is None else prefix
    if not isinstance(prefix, str):
        raise FunctionsKedaError(
            "host.json", f"extensions.http.routePrefix must be a string, found {prefix!r}", 'Write e.g. "api" or "".'
        )
    routes = []
    for function in functions:
        trigger = function.trigger
        if trigger is None or not function.is_http:
            continue
        route = trigger.get("route") or function.name
        level = str(trigger.get("authLevel") or "function").lower()
        if level not in AUTH_LEVELS:
            raise FunctionsKedaError(
                f"function {function.name!r} ({function.source})",
                f"authLevel {trigger.get('authLevel')!r} is not one the host knows",
                f"Use one of {', '.join(AUTH_LEVELS)}.",
            )
        methods = trigger.get("methods") or ()
        if not isinstance(methods, (list, tuple)):
            raise FunctionsKedaError(
                f"function {function.name!r} ({function.source})",
                f"the HTTP trigger's methods must be a list, found {methods!r}",
                'Write e.g. "methods": ["get", "post"].',
            )
        path = "/" + "/".join(part.strip("/") for part in (prefix, str(route)) if part.strip("/"))
        routes.append(
            HttpRoute(function.name, path, level, tuple(str(m).upper() for m in methods if isinstance(m, str)))
        )
    return tuple(routes)


def key_files(routes: Sequence[HttpRoute]) -> tuple[str, ...]:
    """Every key the host needs: master, host and system defaults, and one per function-level route.

    The host cannot write to the mounted folder, so each key it would otherwise create must exist up front.
    """
    per_function = sorted({function_key(route.function) for route in routes if route.auth_level == "function"})
    return (MASTER_KEY, HOST_FUNCTION_KEY, SYSTEM_KEY, *per_function)


def invoke_url(base: str, route: HttpRoute, keys: Mapping[str, str]) -> str:
    """The URL that invokes ``route``, with ``?code=`` when its auth level needs a key."""
    url = base.rstrip("/") + route.path
    key_file = route.key_file
    return url if key_file is None else f"{url}?code={keys[key_file]}"
