"""Validate :class:`FunctionAppArgs` into :class:`AppOptions`, plain values with defaults applied."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, cast

import pulumi

from components.arg_names import flag, where
from components.args import FunctionAppArgs
from components.build_options import BuildOptions, validate_build_args
from components.errors import FunctionsKedaError
from components.http_options import HttpOptions, validate_http_args
from components.keda_installs import keda_install
from components.names import check_name, check_namespace, check_secret_name
from components.security_options import SecurityOptions, validate_security_args

TOPOLOGIES = ("split", "single")
INT32_MAX = 2**31 - 1
"""Kubernetes and KEDA store these numbers as 32-bit integers."""
STOCK_HOST_COMMAND = "/azure-functions-host/Microsoft.Azure.WebJobs.Script.WebHost"
"""The Functions host in the official images. Run directly (not through the images' start script, which does not
pass SIGTERM on) so that a stopping pod drains its executions instead of being killed at the end of its grace
period."""

DEFAULTS: Mapping[str, Any] = {
    "min_replicas": 0,
    "max_replicas": 10,
    "polling_interval": 30,
    "cooldown_period": 300,
    "topology": "split",
}


@dataclass(frozen=True)
class AppOptions:
    """Validated component arguments; secrets stay Pulumi inputs, everything planning needs is plain."""

    app_path: str
    name: str | None
    namespace: str | None
    registry: str | None
    registry_username: pulumi.Input[str] | None
    registry_password: pulumi.Input[str] | None
    image: str | None
    min_replicas: int
    max_replicas: int
    polling_interval: int
    cooldown_period: int
    pull_secret: str | None
    topology: str
    http: HttpOptions
    termination_grace_period: int | None = None
    """Seconds a stopping pod may take; ``None`` derives it from host.json ``functionTimeout``."""
    host_command: str | None = STOCK_HOST_COMMAND
    """The container command; ``None`` keeps the image's own."""
    security: SecurityOptions = field(default_factory=SecurityOptions)
    create_namespace: bool = False
    """Create ``namespace`` (it is then removed last on destroy)."""
    settings: Mapping[str, str] = field(default_factory=dict)
    trigger_overrides: Mapping[str, Mapping[str, str | None]] = field(default_factory=dict)
    build: BuildOptions = field(default_factory=BuildOptions)
    """How the image is built when ``registry`` is set (platform, build args, target, cache, preview builds)."""


def validate_args(args: FunctionAppArgs | Mapping[str, Any]) -> AppOptions:
    """Check every argument and apply defaults. Raises :class:`FunctionsKedaError` for the first bad one."""
    raw = dict(cast(Mapping[str, Any], args))
    known = set(FunctionAppArgs.__annotations__)
    unknown = sorted(set(raw) - known)
    if unknown:
        raise FunctionsKedaError(
            "FunctionAppArgs",
            f"unknown argument(s) {', '.join(map(repr, unknown))}",
            f"Use only {', '.join(sorted(known))}.",
        )
    app_path = _plain_str(raw, "app_path")
    if app_path is None:
        raise FunctionsKedaError(where("app_path"), "is not set", "Set it to your Functions project folder.")
    name = _plain_str(raw, "name")
    if name is not None:
        check_name(name, where("name"))
    namespace = _plain_str(raw, "namespace")
    if namespace is not None:
        check_namespace(namespace, where("namespace"))
    pull_secret = _plain_str(raw, "pull_secret")
    if pull_secret is not None:
        check_secret_name(pull_secret, where("pull_secret"))

    registry, image = _plain_str(raw, "registry"), _plain_str(raw, "image")
    if (registry is None) == (image is None):
        raise FunctionsKedaError(
            "functions-keda:registry / functions-keda:image",
            "both are set" if registry else "neither is set",
            "Set registry to build and push the app's image, or image to run a prebuilt one - exactly one.",
        )
    if registry is not None:
        _check_registry(registry)
    if image is not None:
        _check_image(image)

    knobs = {
        key: _whole_number(raw, key) for key in ("min_replicas", "max_replicas", "polling_interval", "cooldown_period")
    }
    if knobs["max_replicas"] < 1:
        raise FunctionsKedaError(where("max_replicas"), f"is {knobs['max_replicas']}", "Set it to 1 or more.")
    if knobs["polling_interval"] < 1:
        raise FunctionsKedaError(
            where("polling_interval"), f"is {knobs['polling_interval']}", "Set it to 1 second or more."
        )
    if knobs["min_replicas"] > knobs["max_replicas"]:
        raise FunctionsKedaError(
            "functions-keda:minReplicas / maxReplicas",
            f"minReplicas ({knobs['min_replicas']}) is greater than maxReplicas ({knobs['max_replicas']})",
            "Lower minReplicas or raise maxReplicas.",
        )
    return AppOptions(
        app_path=app_path,
        name=name,
        namespace=namespace,
        registry=registry,
        registry_username=raw.get("registry_username"),
        registry_password=raw.get("registry_password"),
        image=image,
        pull_secret=pull_secret,
        topology=_choice(raw, "topology", TOPOLOGIES),
        http=_with_keda(validate_http_args(raw), _keda_releases(raw)),
        termination_grace_period=_optional_whole_number(raw, "termination_grace_period"),
        host_command=_host_command(raw),
        security=validate_security_args(raw),
        create_namespace=_create_namespace(raw, namespace),
        settings=_settings(raw.get("settings")),
        trigger_overrides=_overrides(raw.get("trigger_overrides")),
        build=validate_build_args(raw),
        **knobs,
    )


def _plain_str(raw: Mapping[str, Any], key: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, pulumi.Output):
        raise FunctionsKedaError(
            where(key),
            "is a Pulumi Output, but it is needed before any resource is created",
            "Pass a plain string (read it with Config.get/require, not get_secret).",
        )
    if not isinstance(value, str) or not value.strip():
        raise FunctionsKedaError(where(key), f"must be a non-empty string, found {value!r}", "Set a string value.")
    return value.strip()


def _whole_number(raw: Mapping[str, Any], key: str) -> int:
    value = raw.get(key, DEFAULTS.get(key))
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value)  # stack config values arrive as strings
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= INT32_MAX:
        raise FunctionsKedaError(
            where(key),
            f"must be a whole number from 0 to {INT32_MAX}, found {value!r}",
            f"Set it like {DEFAULTS.get(key, 60)}.",
        )
    return value


def _keda_releases(raw: Mapping[str, Any]) -> Any:
    releases = raw.get("keda_releases")
    if releases is not None and (
        not isinstance(releases, (list, tuple)) or not all(isinstance(r, pulumi.Resource) for r in releases)
    ):
        raise FunctionsKedaError(
            where("keda_releases"),
            f"must be a list of Helm release resources, found {type(releases).__name__}",
            "Pass the `releases` output of the Keda component, or leave it out when KEDA is managed elsewhere.",
        )
    return releases


def _with_keda(http: HttpOptions, releases: Any) -> HttpOptions:
    """Take KEDA's namespace from the Keda component whose releases are given, and check it can serve the mode.

    Only releases of a Keda component of this program are known here; references from another program (through
    the multi-language package) are trusted as they are.
    """
    install = keda_install(releases)
    if install is None:
        return http
    if http.scaling == "http-add-on" and not install.http_add_on:
        raise FunctionsKedaError(
            where("http_scaling"),
            "is 'http-add-on' but the Keda component whose releases are passed does not install the HTTP add-on",
            "Create it with KedaArgs http_add_on=True (stack config: functions-keda:installHttpAddOn true).",
        )
    return replace(http, keda_namespace=install.namespace)


def _optional_whole_number(raw: Mapping[str, Any], key: str) -> int | None:
    return None if raw.get(key) is None else _whole_number(raw, key)


def _create_namespace(raw: Mapping[str, Any], namespace: str | None) -> bool:
    value = flag(raw, "create_namespace", False)
    if value and namespace is None:
        raise FunctionsKedaError(
            where("create_namespace"), "is true but no namespace is set", "Set functions-keda:namespace too."
        )
    return value


def _host_command(raw: Mapping[str, Any]) -> str | None:
    value = raw.get("host_command", STOCK_HOST_COMMAND)
    if value == "":
        return None  # keep the image's entrypoint
    if not isinstance(value, str) or not value.startswith("/"):
        raise FunctionsKedaError(
            where("host_command"),
            f"{value!r} is not an absolute path",
            f"Use the host binary of your image ({STOCK_HOST_COMMAND!r} in the official ones), or '' to keep the "
            "image's own command.",
        )
    return value


def _choice(raw: Mapping[str, Any], key: str, choices: tuple[str, ...]) -> str:
    value = raw.get(key, DEFAULTS[key])
    if value not in choices:
        raise FunctionsKedaError(where(key), f"{value!r} is not allowed", f"Use one of {', '.join(choices)}.")
    return cast(str, value)


def _check_registry(registry: str) -> None:
    host, _, path = registry.partition("/")
    if "://" in registry or not host or " " in registry or registry.endswith("/") or any(c.isupper() for c in path):
        raise FunctionsKedaError(
            where("registry"),
            f"{registry!r} is not a registry address",
            "Write host[:port][/path] without a scheme, e.g. 'localhost:5001' or 'myregistry.azurecr.io/team'.",
        )


def _check_image(image: str) -> None:
    if " " in image or "://" in image or image.endswith((":", "@", "/")):
        raise FunctionsKedaError(
            where("image"),
            f"{image!r} is not an image reference",
            "Write repository[:tag] or repository@sha256:<digest>, e.g. 'myregistry.azurecr.io/orders:1.4.2'.",
        )


def _settings(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, pulumi.Output):
        raise FunctionsKedaError(
            where("settings"),
            "is a Pulumi Output, but settings are validated before any resource is created",
            "Pass a plain dict (read secret config with Config.get_object; it is stored as a secret anyway).",
        )
    if not isinstance(value, Mapping):
        raise FunctionsKedaError(
            where("settings"),
            # The value itself may be a secret (set without --path): name its type only.
            f"must be an object of setting names to strings, found {type(value).__name__}",
            "Set values with pulumi config set --secret --path 'functions-keda:settings.<Name>' <value>.",
        )
    result = {}
    for key, item in value.items():
        if isinstance(item, bool):
            item = "true" if item else "false"
        elif isinstance(item, (int, float)):
            item = str(item)
        if not isinstance(key, str) or not isinstance(item, str):
            raise FunctionsKedaError(
                where("settings"),
                f"setting {key!r} must be a string, found {type(item).__name__}",
                "App settings are strings: quote the value.",
            )
        result[key] = item
    return result


def _overrides(value: Any) -> dict[str, dict[str, str | None]]:
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(isinstance(v, Mapping) for v in value.values()):
        raise FunctionsKedaError(
            where("trigger_overrides"),
            f"must map function names to objects of KEDA metadata, found {value!r}",
            'Write e.g. {"orders": {"queueLength": "20"}}.',
        )
    result: dict[str, dict[str, str | None]] = {}
    for function, metadata in value.items():
        entry: dict[str, str | None] = {}
        for key, item in metadata.items():
            if isinstance(item, bool):
                item = "true" if item else "false"
            if item is not None and not isinstance(item, (str, int, float)):
                raise FunctionsKedaError(
                    where("trigger_overrides"),
                    f"{function}.{key} must be a string (or null to remove the key), found {item!r}",
                    "KEDA trigger metadata values are strings: quote the value.",
                )
            entry[str(key)] = None if item is None else str(item)
        result[str(function)] = entry
    return result
