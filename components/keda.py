"""The :class:`Keda` component: KEDA (and optionally its HTTP add-on) installed from pinned Helm charts."""

# No `from __future__ import annotations`: the package schema is inferred from the real annotations.
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

import pulumi
import pulumi_kubernetes as k8s

from components.args import KedaArgs
from components.errors import FunctionsKedaError
from components.keda_installs import KedaInstall, register
from components.names import check_namespace

CHART_REPOSITORY = "https://kedacore.github.io/charts"
KEDA_CHART = "keda"
KEDA_CHART_VERSION = "2.20.2"
KEDA_NAMESPACE = "keda"
KEDA_RELEASE_NAME = "keda"
"""One KEDA per cluster: the Helm release has a fixed name, so a second install fails instead of fighting."""
HTTP_ADD_ON_CHART = "keda-add-ons-http"
HTTP_ADD_ON_VERSION = "0.15.0"
HTTP_ADD_ON_RELEASE_NAME = "http-add-on"

DEFAULT_VALUES: Mapping[str, Any] = {
    # Reject bad ScaledObjects at admission instead of silently ignoring the webhook when it is down.
    "webhooks": {"failurePolicy": "Fail"},
}


def merge_values(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Helm-style deep merge: nested objects merge, anything else in ``override`` replaces."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge_values(merged[key], value)
        else:
            merged[key] = value
    return merged


@dataclass(frozen=True)
class ChartSource:
    """Where one chart is installed from, as ``helm.v3.Release`` takes it."""

    chart: str
    """The chart name in ``repository``, an ``oci://`` reference, or an absolute local path."""
    repository: str | None = None
    """The Helm repository URL, for a chart given by name."""

    @property
    def local(self) -> bool:
        """Whether the chart is a local folder or archive."""
        return self.chart.startswith("/")


@dataclass(frozen=True)
class KedaOptions:
    """Validated :class:`KedaArgs`."""

    version: str
    namespace: str
    values: dict[str, Any]
    http_add_on: bool
    http_add_on_version: str
    http_add_on_values: dict[str, Any]
    chart: ChartSource = ChartSource(KEDA_CHART, CHART_REPOSITORY)
    http_add_on_chart: ChartSource = ChartSource(HTTP_ADD_ON_CHART, CHART_REPOSITORY)


def validate_keda_args(args: KedaArgs | Mapping[str, Any] | None) -> KedaOptions:
    """:class:`KedaArgs` with defaults applied. Raises :class:`FunctionsKedaError`."""
    raw = cast(Mapping[str, Any], args or {})
    unknown = sorted(set(raw) - set(KedaArgs.__annotations__))
    if unknown:
        raise FunctionsKedaError(
            "KedaArgs",
            f"unknown argument(s) {', '.join(map(repr, unknown))}",
            f"Use only {', '.join(sorted(KedaArgs.__annotations__))}.",
        )
    namespace = raw.get("namespace") or KEDA_NAMESPACE
    check_namespace(namespace, "functions-keda:kedaNamespace (namespace)")
    http_add_on = raw.get("http_add_on", False)
    if not isinstance(http_add_on, bool):
        raise FunctionsKedaError(
            "functions-keda:installHttpAddOn (http_add_on)",
            f"must be true or false, found {http_add_on!r}",
            "Set true or false.",
        )
    return KedaOptions(
        version=_version(raw, "version", "kedaVersion", KEDA_CHART_VERSION, KEDA_CHART),
        namespace=namespace,
        values=merge_values(DEFAULT_VALUES, _values(raw, "values", "kedaValues")),
        http_add_on=http_add_on,
        http_add_on_version=_version(
            raw, "http_add_on_version", "httpAddOnVersion", HTTP_ADD_ON_VERSION, HTTP_ADD_ON_CHART
        ),
        http_add_on_values=_values(raw, "http_add_on_values", "httpAddOnValues"),
        chart=_chart_source(raw, "chart", "kedaChart", KEDA_CHART),
        http_add_on_chart=_chart_source(raw, "http_add_on_chart", "httpAddOnChart", HTTP_ADD_ON_CHART),
    )


def _chart_source(raw: Mapping[str, Any], arg: str, key: str, name: str) -> ChartSource:
    value = raw.get(arg)
    where = f"functions-keda:{key} ({arg})"
    if value is None:
        return ChartSource(name, CHART_REPOSITORY)
    if not isinstance(value, str) or not value.strip() or any(c.isspace() for c in value.strip()):
        raise FunctionsKedaError(
            where,
            f"{value!r} is not a chart source",
            f"Give a Helm repository URL (https://...), an OCI reference (oci://registry/path/{name}) or the path "
            "of a local chart folder or .tgz.",
        )
    value = value.strip()
    if value.startswith("oci://"):
        return ChartSource(value)
    if value.startswith(("https://", "http://")):
        return ChartSource(name, value.rstrip("/"))
    if "://" in value:
        raise FunctionsKedaError(
            where,
            f"{value!r} uses a scheme Helm cannot install from",
            "Use https:// (a chart repository), oci:// (a registry) or a local path.",
        )
    # Relative to the program's folder (Pulumi runs programs there), made absolute because the Kubernetes
    # provider resolves chart paths against its own working directory.
    path = (Path.cwd() / Path(value).expanduser()).resolve()
    if path.is_dir() and (path / "Chart.yaml").is_file():
        return ChartSource(str(path))
    if path.is_file() and path.name.endswith((".tgz", ".tar.gz")):
        return ChartSource(str(path))
    found = "nothing"
    if path.exists():
        found = "a folder without Chart.yaml" if path.is_dir() else "a file that is not a .tgz"
    raise FunctionsKedaError(
        where,
        f"{value!r} is not a local chart: {path} is {found}",
        f"Point it at a chart folder or .tgz (for example from: helm pull kedacore/{name} --version <version>), "
        "or leave it unset to install from the kedacore chart repository.",
    )


def _version(raw: Mapping[str, Any], arg: str, key: str, default: str, chart: str) -> str:
    version = raw.get(arg) or default
    if not isinstance(version, str) or not version[:1].isdigit() or " " in version:
        raise FunctionsKedaError(
            f"functions-keda:{key} ({arg})",
            f"{version!r} is not a chart version",
            f"Use a kedacore/{chart} chart version such as {default!r}.",
        )
    return version


def _values(raw: Mapping[str, Any], arg: str, key: str) -> dict[str, Any]:
    values = raw.get(arg) or {}
    if not isinstance(values, Mapping):
        raise FunctionsKedaError(
            f"functions-keda:{key} ({arg})",
            f"must be an object of Helm values, found {type(values).__name__}",
            'Pass chart values as a mapping, e.g. {"operator": {"replicaCount": 2}}.',
        )
    return dict(values)


def _chart_args(source: ChartSource, version: str) -> dict[str, Any]:
    """``helm.v3.Release`` arguments for one chart source (a local chart is installed at its own version)."""
    args: dict[str, Any] = {"chart": source.chart}
    if not source.local:
        args["version"] = version
    if source.repository is not None:
        args["repository_opts"] = k8s.helm.v3.RepositoryOptsArgs(repo=source.repository)
    return args


NO_ARGS = cast(KedaArgs, MappingProxyType({}))
"""Every default (read-only, so it can be shared as a default argument)."""


class Keda(pulumi.ComponentResource):
    """KEDA, installed with the ``kedacore/keda`` Helm chart, and optionally the KEDA HTTP add-on.

    Pass its ``releases`` to each :class:`FunctionApp` (``keda_releases``): their KEDA objects then depend on them, so
    ``pulumi up`` installs KEDA (and its CRDs) first and ``pulumi destroy`` deletes the ScaledObjects while
    the operator is still there to remove their finalizers.
    """

    namespace: pulumi.Output[str]
    """The namespace KEDA runs in."""

    version: pulumi.Output[str]
    """The installed KEDA chart version."""

    release_name: pulumi.Output[str]
    """The KEDA Helm release's name."""

    release_status: pulumi.Output[str]
    """Helm's status of the KEDA release (``deployed`` once KEDA is up)."""

    http_add_on_version: pulumi.Output[str]
    """The installed HTTP add-on chart version (empty when the add-on is not installed)."""

    releases: list[k8s.helm.v3.Release]
    """The Helm releases (KEDA, then the HTTP add-on when installed): pass them to each app as
    ``keda_releases`` so its KEDA objects are created after them and deleted before them."""

    def __init__(self, name: str, args: KedaArgs = NO_ARGS, opts: pulumi.ResourceOptions | None = None) -> None:
        """Install KEDA.

        **parameters**

        * **name** - the component's Pulumi name; children are named ``<name>-...``.
        * **args** - chart versions, namespace and values (see :class:`KedaArgs`).
        * **opts** - resource options; providers, protect and the like reach every child.
        """
        options = validate_keda_args(args)
        super().__init__("functions-keda:index:Keda", name, None, opts)
        release = k8s.helm.v3.Release(
            f"{name}-release",
            name=KEDA_RELEASE_NAME,
            **_chart_args(options.chart, options.version),
            namespace=options.namespace,
            create_namespace=True,
            values=options.values,
            # Wait for the operator: its webhook and finalizer handling must work before any ScaledObject.
            skip_await=False,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.releases = [release]
        if options.http_add_on:
            self.releases.append(
                k8s.helm.v3.Release(
                    f"{name}-http-add-on",
                    name=HTTP_ADD_ON_RELEASE_NAME,
                    **_chart_args(options.http_add_on_chart, options.http_add_on_version),
                    namespace=options.namespace,
                    values=options.http_add_on_values,
                    skip_await=False,
                    # The add-on's chart renders a ScaledObject of its own: KEDA must be up first.
                    opts=pulumi.ResourceOptions(parent=self, depends_on=[release]),
                )
            )
        register(self.releases, KedaInstall(namespace=options.namespace, http_add_on=options.http_add_on))
        self.namespace = release.status.apply(lambda status: (status and status.namespace) or options.namespace)
        self.version = pulumi.Output.from_input(options.version)
        self.release_name = release.status.apply(lambda status: (status and status.name) or KEDA_RELEASE_NAME)
        self.release_status = release.status.apply(lambda status: (status and status.status) or "")
        self.http_add_on_version = pulumi.Output.from_input(options.http_add_on_version if options.http_add_on else "")
        self.register_outputs(
            {
                "namespace": self.namespace,
                "version": self.version,
                "release_name": self.release_name,
                "release_status": self.release_status,
                "http_add_on_version": self.http_add_on_version,
                "releases": self.releases,
            }
        )
