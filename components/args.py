"""The components' arguments, field by field.

Each field mirrors a ``functions-keda:`` stack config key (camelCase there, snake_case here). Fields the
component needs while planning (paths, names, knobs, settings) must be plain values, not Outputs: the app is
discovered and validated before any resource is registered, so a bad value fails ``pulumi preview`` with a
message instead of half a deployment.
"""

# No `from __future__ import annotations` here: Pulumi infers the package schema from these annotations at run
# time, so they must be real types.
from typing import Any, Required, TypedDict

import pulumi
import pulumi_kubernetes as k8s


class FunctionAppArgs(TypedDict, total=False):
    """Arguments of :class:`components.FunctionApp`."""

    app_path: Required[str]
    """Required. The Functions project folder (the one holding host.json), absolute or relative to the
    program's working directory."""

    name: str
    """Base name of every Kubernetes object (default: the folder's name, lower-cased). At most 49 characters
    so that suffixed names fit Kubernetes and KEDA limits."""

    namespace: str
    """Namespace of every object (default: the Kubernetes provider's namespace)."""

    registry: str
    """Build the app's Dockerfile and push it as ``<registry>/<name>`` (``host[:port][/path]``). Exclusive
    with ``image``."""

    registry_username: pulumi.Input[str]
    """User name for the registry's login server (the host part of ``registry``)."""

    registry_password: pulumi.Input[str]
    """Password or token for the registry; treated as a secret."""

    image: str
    """A prebuilt image to run instead of building one (``repo:tag`` or ``repo@sha256:...``). Exclusive with
    ``registry``."""

    build_platform: str
    """Platform the image is built for when ``registry`` is set (default ``linux/amd64``, the only one the official
    Azure Functions base images are published for); e.g. ``linux/arm64`` with a Dockerfile whose base images have
    it. Part of the image tag: changing it rebuilds the image and re-pins the pods."""

    build_args: dict[str, str]
    """``--build-arg`` values of the image build: plain strings, part of the image tag, and stored in the image's
    history (never pass secrets)."""

    build_target: str
    """Stage of a multi-stage Dockerfile to build (``--target``); default: the last stage."""

    build_cache: bool
    """Start each build from the last image pushed to the repository (default false): images carry BuildKit's
    inline cache, and a second, fully cached build moves the ``<registry>/<name>:buildcache`` tag after every push
    for the next build's ``cache_from``. Pods never run that tag; the registry must allow moving it."""

    build_on_preview: bool
    """Also build the image, without pushing it, during ``pulumi preview`` (default false)."""

    min_replicas: int
    """Fewest replicas of the event-driven Deployment (default 0: scale to zero). HTTP and always-on
    Deployments run at least one."""

    max_replicas: int
    """Most replicas of each scaled Deployment (default 10)."""

    polling_interval: int
    """Seconds between KEDA's checks of the event sources (default 30)."""

    cooldown_period: int
    """Seconds KEDA waits after the last event before scaling to zero (default 300)."""

    pull_secret: str
    """Name of an existing image pull Secret for every pod."""

    service_type: str
    """Type of the HTTP Service: ``ClusterIP`` (default), ``NodePort`` or ``LoadBalancer``."""

    http_scaling: str
    """How HTTP functions scale: ``none`` (default: ``max(min_replicas, 1)`` fixed replicas), ``prometheus``
    (1..n on the request rate Prometheus reports) or ``http-add-on`` (0..n through the KEDA HTTP add-on)."""

    prometheus_server_address: str
    """Prometheus server KEDA queries for ``prometheus`` scaling, e.g.
    ``http://prometheus-server.monitoring.svc.cluster.local:9090``."""

    prometheus_query: str
    """A single-value PromQL query of the app's request rate (default: the NGINX ingress controller's request
    rate for the app's Ingress)."""

    http_target_rps: int
    """Requests per second one replica should serve (default 50): the ``prometheus`` threshold, and with the
    HTTP add-on an extra request-rate target."""

    http_target_concurrency: int
    """Requests in flight one replica should serve with the HTTP add-on (default 100)."""

    http_hosts: list[str]
    """Host names the HTTP add-on routes to the app (the Ingress host is included); in-cluster callers use the
    name they dial, e.g. ``<name>-proxy.<namespace>``."""

    http_path_prefixes: list[str]
    """URL path prefixes routed to the app (Ingress and HTTP add-on; default: every path)."""

    ingress_host: str
    """Create an Ingress for this host name in front of the HTTP functions."""

    ingress_class_name: str
    """IngressClass of the Ingress (default: the cluster's default class)."""

    ingress_tls_secret: str
    """Name of an existing TLS Secret for the Ingress host; invoke URLs then use https."""

    probe_path: str
    """Path of the readiness probe (default ``/``, which the host answers with 204 once it runs)."""

    probe_port: int
    """Port of the probes (default: the container's HTTP port, 80)."""

    keys_rotation: str
    """Any value; changing it generates new function keys (they are otherwise kept across updates)."""

    keda_namespace: str
    """Namespace of KEDA and the HTTP add-on when they are managed outside this component (default ``keda``);
    taken from the Keda component when its ``releases`` are passed as ``keda_releases``."""

    http_add_on_scaler_address: str
    """``host:port`` where KEDA's operator reaches the HTTP add-on's external scaler (default
    ``keda-add-ons-http-external-scaler.<keda_namespace>:9090``, the add-on chart's Service)."""

    termination_grace_period: int
    """Seconds a stopping pod may take to finish its executions (default: host.json ``functionTimeout`` plus a
    margin, at most 600)."""

    host_command: str
    """Container command (default: the Functions host binary of the official images, run directly so it
    receives SIGTERM and drains); an empty string keeps the image's own command."""

    topology: str
    """``split`` (default: HTTP, event-driven and always-on functions in separate Deployments) or ``single``
    (one Deployment runs every function)."""

    settings: dict[str, str]
    """App settings merged over local.settings.json ``Values`` (these win). Every value is stored in a
    Kubernetes Secret and handled as a Pulumi secret."""

    trigger_overrides: dict[str, dict[str, str]]
    """Per-function KEDA trigger metadata, keyed by function name, merged over what the catalogue derives
    (a ``null`` value removes a key). An entry with a ``type`` key replaces the trigger entirely, e.g. to scale
    a timer function with ``cron``."""

    create_namespace: bool
    """Create ``namespace`` as part of the app (removed last by ``pulumi destroy``); default false: it must exist."""

    hardened: bool
    """Run pods as non-root UID 10001 on port 8080 with a read-only root filesystem and no capabilities. The
    image must allow it (files readable by any user; see the README's security section). Default false: the
    official images run as root on port 80, with every capability dropped but NET_BIND_SERVICE."""

    resources: dict[str, dict[str, str]]
    """Container ``requests``/``limits`` merged over the defaults (requests cpu 100m, memory 256Mi; limits cpu 1,
    memory 1Gi)."""

    network_policy: bool
    """Create a NetworkPolicy that admits traffic to the app's pods on the HTTP port only (default true)."""

    workload_identity_client_id: str
    """Client ID of an Azure identity federated with the app's service account: the pods get Azure Workload
    Identity, and identity-based connections (``<Conn>__accountName``, ``<Conn>__fullyQualifiedNamespace``...)
    scale through a KEDA TriggerAuthentication with ``podIdentity: azure-workload``."""

    existing_secrets: dict[str, list[str]]
    """Existing Secrets (by name) whose keys are app settings, each with the setting names it provides. They
    are mounted with ``envFrom`` and left out of the generated settings Secret; their values are never read."""

    scaler_auth: str
    """How KEDA reads connection strings: ``env`` (default: ``…FromEnv`` names the container's variable) or
    ``secret`` (a TriggerAuthentication with ``secretTargetRef`` to the Secret that holds it)."""

    keda_releases: list[k8s.helm.v3.Release]
    """The Helm releases of KEDA and the HTTP add-on that serve this app: the ``releases`` output of a
    :class:`components.Keda`. Every KEDA object depends on them, so KEDA is installed first and removed last.
    Leave it out when KEDA is managed elsewhere (then set ``keda_namespace``)."""


class KedaArgs(TypedDict, total=False):
    """Arguments of :class:`components.Keda`."""

    version: str
    """Version of the ``kedacore/keda`` Helm chart (default 2.20.2)."""

    namespace: str
    """Namespace KEDA is installed in, created if missing (default ``keda``)."""

    values: dict[str, Any]
    """Helm values merged over the component's defaults."""

    http_add_on: bool
    """Also install the KEDA HTTP add-on (``kedacore/keda-add-ons-http``), after KEDA (default false)."""

    http_add_on_version: str
    """Version of the HTTP add-on chart (default 0.15.0)."""

    http_add_on_values: dict[str, Any]
    """Helm values for the HTTP add-on chart."""

    chart: str
    """Where the KEDA chart comes from (default: the ``keda`` chart of ``https://kedacore.github.io/charts``):
    another Helm repository URL (``https://...``, holding a chart named ``keda``), an OCI reference
    (``oci://registry/path/keda``), or a local chart folder or ``.tgz`` (air-gapped clusters), relative to the
    program's folder. A local chart is installed as it is: ``version`` is not checked against it."""

    http_add_on_chart: str
    """Where the HTTP add-on chart comes from, in the same forms as ``chart`` (default: the
    ``keda-add-ons-http`` chart of ``https://kedacore.github.io/charts``)."""
