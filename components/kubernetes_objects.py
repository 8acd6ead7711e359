"""Register a rendered manifest as a Kubernetes resource, without pulumi-kubernetes' typed classes.

The typed classes would take each manifest apart into argument objects only to put it back together, and importing
them costs more than the whole rest of a deployment's program (``pulumi_kubernetes.core.v1`` alone builds
thousands of argument classes). The manifests here are plain dicts already, validated by the tests against the
real schemas, so one thin class registers them under the same type tokens, with the same provider version, the
same secret handling and the same aliases the typed classes add.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi_kubernetes import _utilities as kubernetes_sdk

SECRET_FIELDS: Mapping[str, tuple[str, ...]] = {"v1/Secret": ("data", "stringData")}
"""Fields the typed classes mark secret, by ``apiVersion/kind``."""

OLD_TYPES: Mapping[str, tuple[str, ...]] = {
    "apps/v1/Deployment": (
        "kubernetes:apps/v1beta1:Deployment",
        "kubernetes:apps/v1beta2:Deployment",
        "kubernetes:extensions/v1beta1:Deployment",
    ),
    "networking.k8s.io/v1/NetworkPolicy": ("kubernetes:extensions/v1beta1:NetworkPolicy",),
    "policy/v1/PodDisruptionBudget": ("kubernetes:policy/v1beta1:PodDisruptionBudget",),
}
"""Type aliases the typed classes declare, so objects created by older API versions are adopted, not replaced."""


def type_token(api_version: str, kind: str) -> str:
    """The pulumi-kubernetes type token: ``kubernetes:core/v1:Secret``, ``kubernetes:keda.sh/v1alpha1:ScaledObject``."""
    group_version = api_version if "/" in api_version else f"core/{api_version}"
    return f"kubernetes:{group_version}:{kind}"


class KubernetesObject(pulumi.CustomResource):
    """Any Kubernetes object, from its manifest (``apiVersion``, ``kind``, ``metadata`` and the rest)."""

    def __init__(self, name: str, manifest: Mapping[str, Any], opts: pulumi.ResourceOptions | None = None) -> None:
        """Register ``manifest`` under the pulumi-kubernetes type token of its ``apiVersion`` and ``kind``."""
        api_version, kind = manifest["apiVersion"], manifest["kind"]
        key = f"{api_version}/{kind}"
        secret_fields = SECRET_FIELDS.get(key, ())
        properties = {
            field: pulumi.Output.secret(value) if field in secret_fields else value for field, value in manifest.items()
        }
        defaults = pulumi.ResourceOptions(
            aliases=[pulumi.Alias(type_=token) for token in OLD_TYPES.get(key, ())] or None,
            additional_secret_outputs=list(secret_fields) or None,
        )
        options = pulumi.ResourceOptions.merge(kubernetes_sdk.get_resource_opts_defaults(), defaults)
        super().__init__(type_token(api_version, kind), name, properties, pulumi.ResourceOptions.merge(options, opts))
