"""The :class:`DevStorage` component: an in-cluster Azurite storage account for development stacks.

Functions need a storage account for everything but HTTP triggers, and a local cluster has none. Azurite
provides one; it runs under its own account name (not the emulator's well-known ``devstoreaccount1``) and is
reached through its Service's cluster DNS name, so both the Functions host and KEDA's operator (in another
namespace) can use the same connection string. Never use it for data you want to keep: it stores nothing on
disk.
"""

from __future__ import annotations

import base64
from typing import Any

import pulumi

from components.kubernetes_objects import KubernetesObject
from components.names import check_namespace

AZURITE_IMAGE = "mcr.microsoft.com/azure-storage/azurite:3.35.0"
ACCOUNT_NAME = "functionskeda"
ACCOUNT_KEY = base64.b64encode(b"functions-keda development account key").decode()
"""A fixed, public development key: Azurite only runs inside the dev cluster."""
PORTS = {"blob": 10000, "queue": 10001, "table": 10002}


def connection_string(namespace: str, service: str = "azurite") -> str:
    """The storage connection string for the Azurite Service ``service`` in ``namespace``."""
    host = f"{service}.{namespace}.svc.cluster.local"
    endpoints = ";".join(
        f"{kind.capitalize()}Endpoint=http://{host}:{port}/{ACCOUNT_NAME}" for kind, port in PORTS.items()
    )
    return f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT_NAME};AccountKey={ACCOUNT_KEY};{endpoints}"


def azurite_manifests(namespace: str, service: str = "azurite") -> list[dict[str, Any]]:
    """The Azurite Deployment and Service, as plain dicts."""
    labels = {"app.kubernetes.io/name": service, "app.kubernetes.io/component": "dev-storage"}
    metadata = {"name": service, "namespace": namespace, "labels": labels}
    ports = [{"name": kind, "containerPort": port, "protocol": "TCP"} for kind, port in PORTS.items()]
    container = {
        "name": "azurite",
        "image": AZURITE_IMAGE,
        "command": [
            "azurite",
            "--blobHost",
            "0.0.0.0",
            "--queueHost",
            "0.0.0.0",
            "--tableHost",
            "0.0.0.0",
            "--skipApiVersionCheck",
            "--disableProductStyleUrl",
        ],
        "env": [{"name": "AZURITE_ACCOUNTS", "value": f"{ACCOUNT_NAME}:{ACCOUNT_KEY}"}],
        "ports": ports,
        "readinessProbe": {"tcpSocket": {"port": "queue"}, "periodSeconds": 5},
    }
    return [
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": metadata,
            "spec": {
                "replicas": 1,
                "selector": {"matchLabels": labels},
                "template": {"metadata": {"labels": labels}, "spec": {"containers": [container]}},
            },
        },
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": metadata,
            "spec": {
                "selector": labels,
                "ports": [{"name": kind, "port": port, "targetPort": kind} for kind, port in PORTS.items()],
            },
        },
    ]


class DevStorage(pulumi.ComponentResource):
    """Azurite in the cluster, for development stacks whose apps need AzureWebJobsStorage."""

    connection_string: pulumi.Output[str]
    """The connection string apps and KEDA use (a secret, although the key is a public development key)."""

    def __init__(self, name: str, namespace: str, opts: pulumi.ResourceOptions | None = None) -> None:
        """Run Azurite as ``azurite`` in ``namespace``."""
        check_namespace(namespace, "functions-keda:namespace (dev storage)")
        super().__init__("functions-keda:index:DevStorage", name, None, opts)
        deployment, service = azurite_manifests(namespace)
        child = pulumi.ResourceOptions(parent=self, delete_before_replace=True)
        KubernetesObject(f"{name}-azurite", deployment, child)
        KubernetesObject(f"{name}-azurite", service, child)
        self.connection_string = pulumi.Output.secret(connection_string(namespace))
        self.register_outputs({"connection_string": self.connection_string})
