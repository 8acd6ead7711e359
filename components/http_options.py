"""Validate the arguments that shape how HTTP functions are exposed and scaled."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from components.arg_names import config_key, where
from components.errors import FunctionsKedaError
from components.names import check_namespace, check_secret_name

SERVICE_TYPES = ("ClusterIP", "NodePort", "LoadBalancer")
HTTP_SCALING_MODES = ("none", "prometheus", "http-add-on")
DEFAULT_TARGET_RPS = 50
DEFAULT_TARGET_CONCURRENCY = 100
DEFAULT_PROBE_PATH = "/"
"""With ``AzureWebJobsDisableHomepage=true`` the host answers ``/`` with 204 once it runs, 503 before."""
DEFAULT_KEDA_NAMESPACE = "keda"

_HOST = re.compile(r"^(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
"""A DNS name as Ingress and the HTTP add-on accept it, optionally with a leading ``*.`` wildcard."""
_HOST_PORT = re.compile(r"^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?):([1-9][0-9]{0,4})$")
"""A gRPC target as KEDA's external scaler dials it: a DNS name, an IPv4 address or a bracketed IPv6 one, and a port."""


@dataclass(frozen=True)
class HttpOptions:
    """How the app's HTTP functions are reached and scaled."""

    scaling: str = "none"
    """``none`` (fixed replicas), ``prometheus`` (1..n on request rate) or ``http-add-on`` (0..n)."""
    service_type: str = "ClusterIP"
    prometheus_server_address: str | None = None
    prometheus_query: str | None = None
    target_rps: int = DEFAULT_TARGET_RPS
    """Requests per second one replica should serve (prometheus threshold, add-on request rate)."""
    target_concurrency: int = DEFAULT_TARGET_CONCURRENCY
    """Requests in flight one replica should serve (HTTP add-on)."""
    rps_set: bool = False
    """Whether the user asked for a request-rate target (the add-on then scales on both metrics)."""
    hosts: tuple[str, ...] = ()
    """Host names the HTTP add-on routes to the app (the Ingress host is added)."""
    path_prefixes: tuple[str, ...] = ()
    ingress_host: str | None = None
    ingress_class_name: str | None = None
    ingress_tls_secret: str | None = None
    probe_path: str = DEFAULT_PROBE_PATH
    probe_port: int | None = None
    """Port the probes use; ``None`` means the container's HTTP port."""
    keys_rotation: str | None = None
    """Changing this value generates new function keys."""
    keda_namespace: str = DEFAULT_KEDA_NAMESPACE
    """Where KEDA (and the HTTP add-on) run when no Keda component is passed."""
    scaler_address: str | None = None
    """Where KEDA reaches the add-on's external scaler; ``None``: its chart's Service in ``keda_namespace``."""

    @property
    def route_hosts(self) -> tuple[str, ...]:
        """Hosts the HTTP add-on's InterceptorRoute matches: ``hosts`` plus the Ingress host."""
        hosts = list(self.hosts)
        if self.ingress_host is not None and self.ingress_host not in hosts:
            hosts.append(self.ingress_host)
        return tuple(hosts)


def validate_http_args(raw: Mapping[str, Any]) -> HttpOptions:
    """Check the HTTP arguments of :class:`FunctionAppArgs`; raises :class:`FunctionsKedaError`."""
    scaling = _choice(raw, "http_scaling", HTTP_SCALING_MODES, "none")
    service_type = _choice(raw, "service_type", SERVICE_TYPES, "ClusterIP")
    server = _string(raw, "prometheus_server_address")
    if server is not None and not re.fullmatch(r"https?://[^\s/]+(/\S*)?", server):
        raise FunctionsKedaError(
            where("prometheus_server_address"),
            f"{server!r} is not an http(s) URL",
            "Write the Prometheus address KEDA's operator can reach, e.g. "
            "'http://prometheus-server.monitoring.svc.cluster.local:9090'.",
        )
    ingress_host = _string(raw, "ingress_host")
    if ingress_host is not None:
        _check_host(ingress_host, "ingress_host")
    hosts = _string_list(raw, "http_hosts")
    for host in hosts:
        _check_host(host, "http_hosts")
    prefixes = _string_list(raw, "http_path_prefixes")
    for prefix in prefixes:
        if not prefix.startswith("/") or any(c.isspace() for c in prefix):
            raise FunctionsKedaError(
                where("http_path_prefixes"), f"{prefix!r} is not a URL path", "Start each prefix with '/', e.g. '/api'."
            )
    tls_secret = _string(raw, "ingress_tls_secret")
    if tls_secret is not None:
        check_secret_name(tls_secret, where("ingress_tls_secret"))
        if ingress_host is None:
            raise FunctionsKedaError(
                where("ingress_tls_secret"),
                "is set but there is no Ingress",
                "Set functions-keda:ingressHost too, or remove the TLS secret.",
            )
    class_name = _string(raw, "ingress_class_name")
    if class_name is not None:
        check_namespace(class_name, where("ingress_class_name"))  # IngressClass names are DNS-1123 labels too
    probe_path = _string(raw, "probe_path") or DEFAULT_PROBE_PATH
    if not probe_path.startswith("/"):
        raise FunctionsKedaError(
            where("probe_path"), f"{probe_path!r} is not a URL path", "Start it with '/', e.g. '/api/health'."
        )
    probe_port = _number(raw, "probe_port", None, minimum=1)
    if probe_port is not None and probe_port > 65535:
        raise FunctionsKedaError(where("probe_port"), f"{probe_port} is not a port", "Use 1 to 65535.")
    keda_namespace = _string(raw, "keda_namespace") or DEFAULT_KEDA_NAMESPACE
    check_namespace(keda_namespace, where("keda_namespace"))
    scaler_address = _string(raw, "http_add_on_scaler_address")
    if scaler_address is not None and not _HOST_PORT.fullmatch(scaler_address):
        raise FunctionsKedaError(
            where("http_add_on_scaler_address"),
            f"{scaler_address!r} is not host:port",
            "Write the address KEDA's operator dials for the add-on's external scaler, e.g. "
            "'keda-add-ons-http-external-scaler.keda:9090'.",
        )
    options = HttpOptions(
        scaling=scaling,
        service_type=service_type,
        prometheus_server_address=server,
        prometheus_query=_string(raw, "prometheus_query"),
        target_rps=_number(raw, "http_target_rps", DEFAULT_TARGET_RPS, minimum=1) or DEFAULT_TARGET_RPS,
        target_concurrency=_number(raw, "http_target_concurrency", DEFAULT_TARGET_CONCURRENCY, minimum=1)
        or DEFAULT_TARGET_CONCURRENCY,
        rps_set=raw.get("http_target_rps") is not None,
        hosts=hosts,
        path_prefixes=prefixes,
        ingress_host=ingress_host,
        ingress_class_name=class_name,
        ingress_tls_secret=tls_secret,
        probe_path=probe_path,
        probe_port=probe_port,
        keys_rotation=_string(raw, "keys_rotation"),
        keda_namespace=keda_namespace,
        scaler_address=scaler_address,
    )
    _check_mode_needs(options)
    return options


def _check_mode_needs(options: HttpOptions) -> None:
    if options.scaling == "prometheus":
        if options.prometheus_server_address is None:
            raise FunctionsKedaError(
                where("prometheus_server_address"),
                "is not set, and httpScaling 'prometheus' needs it",
                "Set it to the Prometheus server KEDA should query, e.g. "
                "'http://prometheus-server.monitoring.svc.cluster.local:9090'.",
            )
        if options.prometheus_query is None and options.ingress_host is None:
            raise FunctionsKedaError(
                where("prometheus_query"),
                "is not set and there is no Ingress, so there is no request-rate metric to scale on",
                "Set functions-keda:ingressHost (the default query reads the NGINX ingress controller's request "
                "rate for it), or give your own single-value prometheusQuery.",
            )
    if options.scaling == "http-add-on" and not options.route_hosts:
        raise FunctionsKedaError(
            where("http_hosts"),
            "is empty, and the HTTP add-on routes requests to an app by host name",
            "Set functions-keda:httpHosts (e.g. ['orders.example.com']) or functions-keda:ingressHost.",
        )


def _choice(raw: Mapping[str, Any], key: str, choices: tuple[str, ...], default: str) -> str:
    value = raw.get(key, default)
    if value not in choices:
        raise FunctionsKedaError(where(key), f"{value!r} is not allowed", f"Use one of {', '.join(choices)}.")
    return str(value)


def _string(raw: Mapping[str, Any], key: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise FunctionsKedaError(where(key), f"must be a non-empty string, found {value!r}", "Set a string value.")
    return value.strip()


def _string_list(raw: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = raw.get(key)
    if value is None:
        return ()
    if (
        isinstance(value, str)
        or not isinstance(value, (list, tuple))
        or not all(isinstance(item, str) and item for item in value)
    ):
        raise FunctionsKedaError(
            where(key),
            f"must be a list of strings, found {value!r}",
            f"Set it as a list, e.g. pulumi config set --path 'functions-keda:{config_key(key)}[0]' <value>.",
        )
    return tuple(value)


def _number(raw: Mapping[str, Any], key: str, default: int | None, minimum: int) -> int | None:
    value = raw.get(key, default)
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= 2**31 - 1:
        raise FunctionsKedaError(
            where(key),
            f"must be a whole number of {minimum} or more (at most 2147483647), found {repr(value)[:60]}",
            "Set a whole number.",
        )
    return value


def _check_host(host: str, key: str) -> None:
    if len(host) > 253 or not _HOST.fullmatch(host):
        raise FunctionsKedaError(
            where(key),
            f"{host!r} is not a host name",
            "Use a lower-case DNS name without scheme, port or path, e.g. 'orders.example.com' (or '*.example.com').",
        )
