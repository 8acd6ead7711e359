"""Turn an :class:`AppPlan` into Kubernetes and KEDA objects as plain dicts.

The same functions feed ``python -m components.render`` and the :class:`FunctionApp` component, so what
``render`` prints is what ``pulumi up`` applies. Values that only exist at deploy time (the pushed image's
digest) are passed in and may be Pulumi Outputs; nothing else here knows about Pulumi.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from components.catalogue import KedaTrigger
from components.http_routes import KEYS_MOUNT_PATH
from components.plan import PRE_STOP_SECONDS, AppPlan, ScaledObjectPlan, TriggerAuthenticationPlan, Workload
from components.pod_security import (
    checkov_annotations,
    container_security_context,
    hardened_env,
    pod_security_context,
    spread_across_nodes,
    writable_volumes,
)

CONTAINER_NAME = "functions"
HTTP_PORT = 80
"""The port the stock ``mcr.microsoft.com/azure-functions`` images listen on."""
SETTINGS_CHECKSUM_ANNOTATION = "checksum/settings"
"""Pod template annotation that changes with the settings, so a settings change rolls the pods."""
FUNCTIONS_ENV = "AzureFunctionsJobHost__functions__{index}"
"""Overrides host.json ``functions``: each Deployment runs exactly its share of the app."""
PING_PATH = "/admin/host/ping"
"""Answered by the host's web server without a key as soon as it listens: the liveness and startup probe."""
ADD_ON_PROXY = "keda-add-ons-http-interceptor-proxy"
ADD_ON_PROXY_PORT = 8080
KEYS_VOLUME = "function-keys"
WORKLOAD_IDENTITY_LABEL = "azure.workload.identity/use"
WORKLOAD_IDENTITY_CLIENT = "azure.workload.identity/client-id"


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


def keys_secret(plan: AppPlan, keys: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The function keys, one entry per key file the host reads from :data:`KEYS_MOUNT_PATH`.

    ``keys`` maps key files to values (Pulumi secrets in the component); without it values are redacted.
    """
    data = {key: "<generated>" if keys is None else keys[key] for key in plan.key_files}
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": metadata(plan, plan.keys_secret_name, "keys"),
        "type": "Opaque",
        "stringData": data,
    }


def deployment(plan: AppPlan, workload: Workload, image: Any) -> dict[str, Any]:
    """The Deployment of one workload, running ``image`` (a digest-pinned reference)."""
    security = plan.options.security
    selector = selector_labels(plan, workload.role)
    container = _container(plan, workload, image)
    volumes, mounts = writable_volumes(security)
    if plan.key_files:
        mounts.append({"name": KEYS_VOLUME, "mountPath": KEYS_MOUNT_PATH, "readOnly": True})
        volumes.append({"name": KEYS_VOLUME, "secret": {"secretName": plan.keys_secret_name}})
    if mounts:
        container["volumeMounts"] = mounts
    pod_spec: dict[str, Any] = {
        "automountServiceAccountToken": False,
        "securityContext": pod_security_context(security),
        "terminationGracePeriodSeconds": plan.termination_grace_seconds,
        "topologySpreadConstraints": spread_across_nodes(selector),
        "containers": [container],
    }
    if security.workload_identity_client_id is not None:
        pod_spec = {"serviceAccountName": plan.name, **pod_spec}
    if volumes:
        pod_spec["volumes"] = volumes
    if plan.options.pull_secret is not None:
        pod_spec["imagePullSecrets"] = [{"name": plan.options.pull_secret}]
    pod_labels = labels(plan, workload.role)
    if security.workload_identity_client_id is not None:
        pod_labels[WORKLOAD_IDENTITY_LABEL] = "true"
    spec: dict[str, Any] = {
        "selector": {"matchLabels": selector},
        "template": {
            "metadata": {
                "labels": pod_labels,
                "annotations": {SETTINGS_CHECKSUM_ANNOTATION: plan.settings_checksum},
            },
            "spec": pod_spec,
        },
    }
    if workload.replicas is not None:
        # Left out when KEDA owns the count, so an update never resets what the autoscaler chose.
        spec = {"replicas": workload.replicas, **spec}
    manifest_metadata = metadata(plan, workload.name, workload.role)
    manifest_metadata["annotations"] = checkov_annotations(security)
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": manifest_metadata, "spec": spec}


def _container(plan: AppPlan, workload: Workload, image: Any) -> dict[str, Any]:
    security = plan.options.security
    port = plan.options.http.probe_port or "http"
    env = [{"name": FUNCTIONS_ENV.format(index=i), "value": fn} for i, fn in enumerate(workload.functions)]
    # The homepage tells nothing a client needs; without it "/" answers 204 once the host runs (readiness).
    env.append({"name": "AzureWebJobsDisableHomepage", "value": "true"})
    grace = plan.termination_grace_seconds
    pre_stop = PRE_STOP_SECONDS if workload.serves_http else 0
    if plan.options.host_command is not None:
        # Lets the host finish in-flight executions after SIGTERM instead of ASP.NET Core's 5 s default.
        env.append({"name": "ASPNETCORE_SHUTDOWNTIMEOUTSECONDS", "value": str(max(grace - pre_stop - 2, 5))})
    if plan.key_files:
        env.append({"name": "AzureWebJobsSecretStorageType", "value": "kubernetes"})
    env.extend(hardened_env(security))
    container: dict[str, Any] = {"name": CONTAINER_NAME, "image": image}
    if plan.options.host_command is not None:
        container["command"] = [plan.options.host_command]
    container["env"] = env
    container["envFrom"] = [
        {"secretRef": {"name": name}} for name in (plan.settings_secret_name, *security.existing_secrets)
    ]
    container["ports"] = [{"name": "http", "containerPort": security.http_port, "protocol": "TCP"}]
    container["resources"] = {kind: dict(values) for kind, values in security.resources.items()}
    container["securityContext"] = container_security_context(security)
    container["startupProbe"] = _probe(PING_PATH, port, period=2, failures=60)
    container["livenessProbe"] = _probe(PING_PATH, port, period=10, failures=3)
    container["readinessProbe"] = _probe(plan.options.http.probe_path, port, period=5, failures=3)
    if pre_stop:
        # Endpoints, Ingresses and the HTTP add-on need a moment to stop sending requests to a stopping pod.
        container["lifecycle"] = {"preStop": {"sleep": {"seconds": pre_stop}}}
    return container


def network_policy(plan: AppPlan) -> dict[str, Any]:
    """Admits traffic to the app's pods on the HTTP port only (probes come from the kubelet, not the network)."""
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": metadata(plan, plan.name, "network"),
        "spec": {
            "podSelector": {"matchLabels": {"app.kubernetes.io/name": plan.name}},
            "policyTypes": ["Ingress"],
            "ingress": [{"ports": [{"port": plan.options.security.http_port, "protocol": "TCP"}]}],
        },
    }


def service_account(plan: AppPlan) -> dict[str, Any]:
    """The app's identity for Azure Workload Identity; its token is projected by the identity webhook only."""
    manifest_metadata = metadata(plan, plan.name, "identity")
    manifest_metadata["annotations"] = {WORKLOAD_IDENTITY_CLIENT: plan.options.security.workload_identity_client_id}
    return {
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        "metadata": manifest_metadata,
        "automountServiceAccountToken": False,
    }


def namespace(plan: AppPlan) -> dict[str, Any]:
    """The app's namespace, when the component creates it."""
    return {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {"name": plan.namespace, "labels": labels(plan, "namespace")},
    }


def _probe(path: str, port: int | str, *, period: int, failures: int) -> dict[str, Any]:
    return {
        "httpGet": {"path": path, "port": port},
        "periodSeconds": period,
        "timeoutSeconds": 3,
        "failureThreshold": failures,
    }


def http_service(plan: AppPlan, workload: Workload) -> dict[str, Any]:
    """The Service in front of the HTTP workload."""
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": metadata(plan, plan.http_service_name, workload.role),
        "spec": {
            "type": plan.options.http.service_type,
            "selector": selector_labels(plan, workload.role),
            "ports": [{"name": "http", "port": HTTP_PORT, "targetPort": "http", "protocol": "TCP"}],
        },
    }


def disruption_budget(plan: AppPlan, workload: Workload) -> dict[str, Any]:
    """Node drains take the HTTP pods down one at a time."""
    return {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": metadata(plan, workload.name, workload.role),
        "spec": {"maxUnavailable": 1, "selector": {"matchLabels": selector_labels(plan, workload.role)}},
    }


def proxy_service(plan: AppPlan) -> dict[str, Any]:
    """An ExternalName Service in the app's namespace that leads to the HTTP add-on's interceptor.

    The add-on routes by Host header, so callers (and the Ingress) send requests here with one of the
    InterceptorRoute's hosts.
    """
    target = f"{ADD_ON_PROXY}.{plan.options.http.keda_namespace}.svc.cluster.local"
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": metadata(plan, plan.proxy_service_name, "http"),
        "spec": {
            "type": "ExternalName",
            "externalName": target,
            "ports": [{"name": "http", "port": ADD_ON_PROXY_PORT, "targetPort": ADD_ON_PROXY_PORT, "protocol": "TCP"}],
        },
    }


def interceptor_route(plan: AppPlan) -> dict[str, Any]:
    """The HTTP add-on's route: which hosts and paths reach the app's Service, and how to scale on them."""
    http = plan.options.http
    rule: dict[str, Any] = {"hosts": list(http.route_hosts)}
    if http.path_prefixes:
        rule["paths"] = [{"value": prefix} for prefix in http.path_prefixes]
    metric: dict[str, Any] = {"concurrency": {"targetValue": http.target_concurrency}}
    if http.rps_set:
        metric["requestRate"] = {"targetValue": http.target_rps, "window": "1m", "granularity": "1s"}
    return {
        "apiVersion": "http.keda.sh/v1beta1",
        "kind": "InterceptorRoute",
        "metadata": metadata(plan, plan.http_service_name, "http"),
        "spec": {
            "target": {"service": plan.http_service_name, "portName": "http"},
            "rules": [rule],
            "scalingMetric": metric,
        },
    }


def ingress(plan: AppPlan) -> dict[str, Any]:
    """The Ingress for ``ingressHost``: to the app's Service, or to the add-on's proxy when it scales HTTP."""
    http = plan.options.http
    if http.scaling == "http-add-on":
        backend = {"service": {"name": plan.proxy_service_name, "port": {"number": ADD_ON_PROXY_PORT}}}
    else:
        backend = {"service": {"name": plan.http_service_name, "port": {"name": "http"}}}
    paths = [{"path": prefix, "pathType": "Prefix", "backend": backend} for prefix in http.path_prefixes or ("/",)]
    spec: dict[str, Any] = {"rules": [{"host": http.ingress_host, "http": {"paths": paths}}]}
    if http.ingress_class_name is not None:
        spec = {"ingressClassName": http.ingress_class_name, **spec}
    if http.ingress_tls_secret is not None:
        spec["tls"] = [{"hosts": [http.ingress_host], "secretName": http.ingress_tls_secret}]
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": metadata(plan, plan.http_service_name, "http"),
        "spec": spec,
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
            "triggers": [_trigger(t) for t in scaled.triggers],
        },
    }


def _trigger(trigger: KedaTrigger) -> dict[str, Any]:
    entry: dict[str, Any] = {"type": trigger.type, "metadata": dict(trigger.metadata)}
    if trigger.authentication is not None:
        entry["authenticationRef"] = {"name": trigger.authentication}
    return entry


def trigger_authentication(plan: AppPlan, authentication: TriggerAuthenticationPlan) -> dict[str, Any]:
    """How KEDA authenticates: as the app's Azure workload identity, and/or with keys of the app's Secrets."""
    spec: dict[str, Any] = {}
    if authentication.pod_identity:
        identity: dict[str, Any] = {"provider": "azure-workload"}
        if authentication.identity_id is not None:
            identity["identityId"] = authentication.identity_id
        spec["podIdentity"] = identity
    if authentication.secret_refs:
        spec["secretTargetRef"] = [
            {"parameter": parameter, "name": secret, "key": key}
            for parameter, secret, key in authentication.secret_refs
        ]
    return {
        "apiVersion": "keda.sh/v1alpha1",
        "kind": "TriggerAuthentication",
        "metadata": metadata(plan, authentication.name, "scaler-auth"),
        "spec": spec,
    }


def render(plan: AppPlan, image: Any, *, redact: bool = True) -> list[dict[str, Any]]:
    """Every object of the app, in apply order: Secrets, Services, Deployments, then the autoscaling objects.

    Generated function keys are shown as ``<generated>``: they only exist once Pulumi creates them.
    """
    objects: list[dict[str, Any]] = [namespace(plan)] if plan.options.create_namespace else []
    objects.append(settings_secret(plan, redact=redact))
    if plan.options.security.workload_identity_client_id is not None:
        objects.append(service_account(plan))
    if plan.key_files:
        objects.append(keys_secret(plan))
    http = plan.http_workload
    if http is not None:
        objects.append(http_service(plan, http))
        if plan.options.http.scaling == "http-add-on":
            objects.append(proxy_service(plan))
        if plan.options.http.ingress_host is not None:
            objects.append(ingress(plan))
    objects.extend(deployment(plan, w, image) for w in plan.workloads)
    if plan.options.security.network_policy:
        objects.append(network_policy(plan))
    if http is not None:
        objects.append(disruption_budget(plan, http))
        if plan.options.http.scaling == "http-add-on":
            objects.append(interceptor_route(plan))
    objects.extend(trigger_authentication(plan, a) for a in plan.trigger_authentications)
    objects.extend(scaled_object(plan, w, w.scaled_object) for w in plan.workloads if w.scaled_object)
    return objects
