"""Turn an :class:`AppPlan` into Kubernetes and KEDA objects as plain dicts.

The same functions feed ``python -m components.render`` and the :class:`FunctionApp` component, so what
``render`` prints is what ``pulumi up`` applies. Values that only exist at deploy time (the pushed image's
digest) are passed in and may be Pulumi Outputs; nothing else here knows about Pulumi.
"""

from __future__ import annotations

from typing import Any

from components.plan import AppPlan, ScaledObjectPlan, Workload

CONTAINER_NAME = "functions"
HTTP_PORT = 80
"""The port the stock ``mcr.microsoft.com/azure-functions`` images listen on."""
SETTINGS_CHECKSUM_ANNOTATION = "checksum/settings"
"""Pod template annotation that changes with the settings, so a settings change rolls the pods."""
FUNCTIONS_ENV = "AzureFunctionsJobHost__functions__{index}"
"""Overrides host.json ``functions``: each Deployment runs exactly its share of the app."""


def metadata(plan: AppPlan, name: str, role: str) -> dict[str, Any]:
    """``metadata`` for an object of the app: name, namespace when set, standard labels."""
    result: dict[str, Any] = {"name": name, "labels": labels(plan, role)}
    if plan.namespace is not None:
        result["namespace"] = plan.namespace
    return result


def selector_labels(plan: AppPlan, role: str) -> dict[str, str]:
    """Labels that select one Deployment's pods (immutable once created, so kept minimal)."""
    return {"app.kubernetes.io/name": plan.name, "app.kubernetes.io/component": role}


def labels(plan: AppPlan, role: str) -> dict[str, str]:
    """The recommended ``app.kubernetes.io`` labels for an object of the app."""
    return {
        **selector_labels(plan, role),
        "app.kubernetes.io/instance": plan.name,
        "app.kubernetes.io/part-of": plan.name,
    }


def settings_secret(plan: AppPlan, *, redact: bool = False) -> dict[str, Any]:
    """The Secret holding every app setting, read by the containers through ``envFrom``."""
    data = {key: "<redacted>" if redact else value for key, value in sorted(plan.settings.items())}
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": metadata(plan, plan.settings_secret_name, "settings"),
        "type": "Opaque",
        "stringData": data,
    }


def deployment(plan: AppPlan, workload: Workload, image: Any) -> dict[str, Any]:
    """The Deployment of one workload, running ``image`` (a digest-pinned reference)."""
    container: dict[str, Any] = {
        "name": CONTAINER_NAME,
        "image": image,
        "env": [{"name": FUNCTIONS_ENV.format(index=i), "value": fn} for i, fn in enumerate(workload.functions)],
        "envFrom": [{"secretRef": {"name": plan.settings_secret_name}}],
    }
    if workload.serves_http:
        container["ports"] = [{"name": "http", "containerPort": HTTP_PORT, "protocol": "TCP"}]
    pod_spec: dict[str, Any] = {"containers": [container]}
    if plan.options.pull_secret is not None:
        pod_spec["imagePullSecrets"] = [{"name": plan.options.pull_secret}]
    spec: dict[str, Any] = {
        "selector": {"matchLabels": selector_labels(plan, workload.role)},
        "template": {
            "metadata": {
                "labels": labels(plan, workload.role),
                "annotations": {SETTINGS_CHECKSUM_ANNOTATION: plan.settings_checksum},
            },
            "spec": pod_spec,
        },
    }
    if workload.replicas is not None:
        # Left out when KEDA owns the count, so an update never resets what the autoscaler chose.
        spec = {"replicas": workload.replicas, **spec}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": metadata(plan, workload.name, workload.role),
        "spec": spec,
    }


def http_service(plan: AppPlan, workload: Workload) -> dict[str, Any]:
    """The Service in front of the HTTP workload."""
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": metadata(plan, plan.name + "-http", workload.role),
        "spec": {
            "type": plan.options.service_type,
            "selector": selector_labels(plan, workload.role),
            "ports": [{"name": "http", "port": HTTP_PORT, "targetPort": "http", "protocol": "TCP"}],
        },
    }


def scaled_object(plan: AppPlan, workload: Workload, scaled: ScaledObjectPlan) -> dict[str, Any]:
    """The KEDA ScaledObject that scales ``workload`` on its functions' event sources."""
    return {
        "apiVersion": "keda.sh/v1alpha1",
        "kind": "ScaledObject",
        "metadata": metadata(plan, scaled.name, workload.role),
        "spec": {
            "scaleTargetRef": {"name": workload.name},
            "pollingInterval": scaled.polling_interval,
            "cooldownPeriod": scaled.cooldown_period,
            "minReplicaCount": scaled.min_replicas,
            "maxReplicaCount": scaled.max_replicas,
            "triggers": [{"type": t.type, "metadata": dict(t.metadata)} for t in scaled.triggers],
        },
    }


def render(plan: AppPlan, image: Any, *, redact: bool = True) -> list[dict[str, Any]]:
    """Every object of the app, in apply order: Secret, Service, Deployments, ScaledObjects."""
    objects: list[dict[str, Any]] = [settings_secret(plan, redact=redact)]
    http = plan.http_workload
    if http is not None:
        objects.append(http_service(plan, http))
    objects.extend(deployment(plan, w, image) for w in plan.workloads)
    objects.extend(scaled_object(plan, w, w.scaled_object) for w in plan.workloads if w.scaled_object)
    return objects
