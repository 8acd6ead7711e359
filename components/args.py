"""The components' arguments, field by field.

Each field mirrors a ``functions-keda:`` stack config key (camelCase there, snake_case here). Fields the
component needs while planning (paths, names, knobs, settings) must be plain values, not Outputs: the app is
discovered and validated before any resource is registered, so a bad value fails ``pulumi preview`` with a
message instead of half a deployment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

import pulumi

if TYPE_CHECKING:
    from components.keda import Keda


class FunctionAppArgs(TypedDict, total=False):
    """Arguments of :class:`components.FunctionApp`."""

    app_path: str
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
    """How HTTP functions scale: ``none`` (default: fixed replicas), ``prometheus`` or ``http-add-on``."""

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

    keda: Keda
    """The :class:`components.Keda` install that serves this app: every KEDA object depends on it, so KEDA is
    installed first and removed last."""


class KedaArgs(TypedDict, total=False):
    """Arguments of :class:`components.Keda`."""

    version: str
    """Version of the ``kedacore/keda`` Helm chart (default 2.20.2)."""

    namespace: str
    """Namespace KEDA is installed in, created if missing (default ``keda``)."""

    values: dict[str, object]
    """Helm values merged over the component's defaults."""
