"""Two apps from two teams and one KEDA, on the cluster an explicit provider names."""

import sys
from pathlib import Path

import pulumi
import pulumi_kubernetes as k8s

# The components live in this repository; a team would vendor them or use the package instead.
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from components import FunctionApp, Keda  # noqa: E402

config = pulumi.Config()
cluster = k8s.Provider("apps-cluster", kubeconfig=config.require_secret("kubeconfig"))
on_cluster = pulumi.ResourceOptions(providers=[cluster])

keda = Keda("keda", {"version": "2.20.2"}, on_cluster)
storage = config.require_object("storage")  # {"connection": "..."}: plain values are validated before deploying

orders = FunctionApp(
    "orders",
    {
        "app_path": "../../python-v2-app",
        "name": "orders",
        "namespace": "orders",
        "create_namespace": True,
        "registry": config.require("registry"),
        "keda_releases": keda.releases,
        "settings": {
            "AzureWebJobsStorage": storage["connection"],
            "AzureWebJobs.BillOrderEvent.Disabled": "true",
            "AzureWebJobs.IngestTelemetry.Disabled": "true",
        },
    },
    on_cluster,
)
billing = FunctionApp(
    "billing",
    {
        "app_path": "../../node-v4-app",
        "name": "billing",
        "namespace": "billing",
        "create_namespace": True,
        "registry": config.require("registry"),
        "keda_releases": keda.releases,
        "existing_secrets": {"billing-connections": ["AzureWebJobsStorage", "ServiceBusConnection"]},
    },
    on_cluster,
)

pulumi.export("ordersScalers", orders.scalers)
pulumi.export("billingScalers", billing.scalers)
