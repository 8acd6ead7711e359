"""The :class:`Keda` component: KEDA installed from its pinned Helm chart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import pulumi
import pulumi_kubernetes as k8s

from components.args import KedaArgs
from components.errors import FunctionsKedaError
from components.names import check_namespace

KEDA_CHART = "keda"
KEDA_CHART_REPOSITORY = "https://kedacore.github.io/charts"
KEDA_CHART_VERSION = "2.20.2"
KEDA_NAMESPACE = "keda"
KEDA_RELEASE_NAME = "keda"
"""One KEDA per cluster: the Helm release has a fixed name, so a second install fails instead of fighting."""

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


def validate_keda_args(args: KedaArgs | Mapping[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """``(version, namespace, values)`` with defaults applied. Raises :class:`FunctionsKedaError`."""
    raw = cast(Mapping[str, Any], args or {})
    unknown = sorted(set(raw) - set(KedaArgs.__annotations__))
    if unknown:
        raise FunctionsKedaError(
            "KedaArgs",
            f"unknown argument(s) {', '.join(map(repr, unknown))}",
            f"Use only {', '.join(sorted(KedaArgs.__annotations__))}.",
        )
    version = raw.get("version") or KEDA_CHART_VERSION
    if not isinstance(version, str) or not version[:1].isdigit() or " " in version:
        raise FunctionsKedaError(
            "functions-keda:kedaVersion (version)",
            f"{version!r} is not a chart version",
            f"Use a kedacore/keda chart version such as {KEDA_CHART_VERSION!r}.",
        )
    namespace = raw.get("namespace") or KEDA_NAMESPACE
    check_namespace(namespace, "functions-keda:kedaNamespace (namespace)")
    values = raw.get("values") or {}
    if not isinstance(values, Mapping):
        raise FunctionsKedaError(
            "functions-keda:kedaValues (values)",
            f"must be an object of Helm values, found {values!r}",
            'Pass chart values as a mapping, e.g. {"operator": {"replicaCount": 2}}.',
        )
    return version, namespace, merge_values(DEFAULT_VALUES, values)


class Keda(pulumi.ComponentResource):
    """KEDA, installed with the ``kedacore/keda`` Helm chart.

    Pass it to each :class:`FunctionApp` (``keda=``): their ScaledObjects then depend on the release, so
    ``pulumi up`` installs KEDA (and its CRDs) first and ``pulumi destroy`` deletes the ScaledObjects while
    the operator is still there to remove their finalizers.
    """

    namespace: pulumi.Output[str]
    """The namespace KEDA runs in."""

    version: pulumi.Output[str]
    """The installed chart version."""

    release_name: pulumi.Output[str]
    """The Helm release's name."""

    release_status: pulumi.Output[str]
    """Helm's status of the release (``deployed`` once KEDA is up)."""

    def __init__(self, name: str, args: KedaArgs | None = None, opts: pulumi.ResourceOptions | None = None) -> None:
        """Install KEDA.

        **parameters**

        * **name** - the component's Pulumi name; children are named ``<name>-...``.
        * **args** - chart version, namespace and values (see :class:`KedaArgs`).
        * **opts** - resource options; providers, protect and the like reach every child.
        """
        version, namespace, values = validate_keda_args(args or {})
        super().__init__("functions-keda:index:Keda", name, None, opts)
        release = k8s.helm.v3.Release(
            f"{name}-release",
            name=KEDA_RELEASE_NAME,
            chart=KEDA_CHART,
            version=version,
            namespace=namespace,
            create_namespace=True,
            repository_opts=k8s.helm.v3.RepositoryOptsArgs(repo=KEDA_CHART_REPOSITORY),
            values=values,
            # Wait for the operator: its webhook and finalizer handling must work before any ScaledObject.
            skip_await=False,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.release = release
        self.namespace = release.status.apply(lambda status: (status and status.namespace) or namespace)
        self.version = pulumi.Output.from_input(version)
        self.release_name = release.status.apply(lambda status: (status and status.name) or KEDA_RELEASE_NAME)
        self.release_status = release.status.apply(lambda status: (status and status.status) or "")
        self.register_outputs(
            {
                "namespace": self.namespace,
                "version": self.version,
                "release_name": self.release_name,
                "release_status": self.release_status,
            }
        )
