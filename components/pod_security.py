"""Pod and container security settings, as plain manifest fragments.

Two modes. The default fits the official ``mcr.microsoft.com/azure-functions`` images, which run as root and
listen on port 80: every capability is dropped but ``NET_BIND_SERVICE``, privilege escalation is off and the
RuntimeDefault seccomp profile applies. ``hardened`` goes further for images prepared for it: a non-root high
UID, port 8080 and a read-only root filesystem with writable ``emptyDir`` folders where the host writes.

Checks a mode cannot satisfy are suppressed on the object itself, with the reason, so a scan of the rendered
manifests reports nothing unexplained (the README lists them).
"""

from __future__ import annotations

from typing import Any

from components.security_options import HARDENED_UID, SecurityOptions

WRITABLE_FOLDERS = {"tmp": "/tmp", "host-logs": "/home/LogFiles", "host-data": "/home/data"}
"""Where the Functions host and language workers write at run time; emptyDirs under a read-only root."""

ENV_SETTINGS_REASON = "the Functions host reads app settings from environment variables only"
ROOT_REASON = "the official Functions images run as root on port 80; set hardened: true for images that need not"

CHECKOV_SKIPS_ALWAYS = {"CKV_K8S_35": ENV_SETTINGS_REASON}
"""Suppressed in both modes: settings reach the host through envFrom (the Secret stays a Secret)."""
CHECKOV_SKIPS_DEFAULT = {
    "CKV_K8S_22": ROOT_REASON + " (the host writes below /home and /tmp)",
    "CKV_K8S_23": ROOT_REASON,
    "CKV_K8S_25": ROOT_REASON + " (NET_BIND_SERVICE binds it)",
    "CKV_K8S_37": ROOT_REASON + " (NET_BIND_SERVICE binds it)",
    "CKV_K8S_40": ROOT_REASON,
}
"""Suppressed in the default mode only; hardened mode satisfies these."""


def checkov_annotations(security: SecurityOptions) -> dict[str, str]:
    """``checkov.io/skipN`` annotations for the checks this mode cannot satisfy, each with its reason."""
    skips = {**CHECKOV_SKIPS_ALWAYS, **({} if security.hardened else CHECKOV_SKIPS_DEFAULT)}
    return {f"checkov.io/skip{i}": f"{check}={reason}" for i, (check, reason) in enumerate(sorted(skips.items()), 1)}


def pod_security_context(security: SecurityOptions) -> dict[str, Any]:
    """The pod-level ``securityContext``."""
    context: dict[str, Any] = {"seccompProfile": {"type": "RuntimeDefault"}}
    if security.hardened:
        context = {
            "runAsNonRoot": True,
            "runAsUser": HARDENED_UID,
            "runAsGroup": HARDENED_UID,
            "fsGroup": HARDENED_UID,
            **context,
        }
    return context


def container_security_context(security: SecurityOptions) -> dict[str, Any]:
    """The container-level ``securityContext``."""
    if security.hardened:
        return {
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "runAsNonRoot": True,
            "runAsUser": HARDENED_UID,
            "capabilities": {"drop": ["ALL"]},
        }
    return {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]}}


def hardened_env(security: SecurityOptions) -> list[dict[str, str]]:
    """Environment that moves the host to the unprivileged port and a writable home."""
    if not security.hardened:
        return []
    return [
        {"name": "ASPNETCORE_URLS", "value": f"http://+:{security.http_port}"},
        {"name": "HOME", "value": WRITABLE_FOLDERS["tmp"]},
    ]


def writable_volumes(security: SecurityOptions) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``(volumes, volumeMounts)`` for the folders the host writes to under a read-only root filesystem."""
    if not security.hardened:
        return [], []
    volumes = [{"name": name, "emptyDir": {}} for name in WRITABLE_FOLDERS]
    mounts = [{"name": name, "mountPath": path} for name, path in WRITABLE_FOLDERS.items()]
    return volumes, mounts


def spread_across_nodes(selector: dict[str, str]) -> list[dict[str, Any]]:
    """Prefer replicas on different nodes, without blocking scheduling on small clusters."""
    return [
        {
            "maxSkew": 1,
            "topologyKey": "kubernetes.io/hostname",
            "whenUnsatisfiable": "ScheduleAnyway",
            "labelSelector": {"matchLabels": selector},
        }
    ]
