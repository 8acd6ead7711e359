"""Every object rendered for every app, in every topology, validates against the real schemas."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ALL_APPS, app_args
from schemas import validate

from components.manifests import render
from components.plan import plan_app

HTTP_MODES = {
    "http-none": {},
    "http-prometheus": {
        "http_scaling": "prometheus",
        "prometheus_server_address": "http://prometheus.monitoring:9090",
        "ingress_host": "orders.example.com",
        "ingress_class_name": "nginx",
        "ingress_tls_secret": "orders-tls",
    },
    "http-add-on": {
        "http_scaling": "http-add-on",
        "http_hosts": ["orders.example.com", "orders-proxy.functions"],
        "http_path_prefixes": ["/api"],
        "http_target_rps": 20,
        "ingress_host": "orders.example.com",
    },
}

CASES = [
    pytest.param(app, topology, mode, id=f"{app.name}-{topology}-{mode}")
    for app in ALL_APPS
    for topology in ("split", "single")
    for mode in HTTP_MODES
]


@pytest.mark.parametrize(("app", "topology", "mode"), CASES)
def test_rendered_objects_validate(app: Path, topology: str, mode: str) -> None:
    args = app_args(app, topology=topology, namespace="functions", pull_secret="registry-creds", **HTTP_MODES[mode])
    plan = plan_app(args)
    documents = render(plan, "registry.example.com/app@sha256:" + "0" * 64, redact=False)
    kinds = [d["kind"] for d in documents]
    assert kinds.count("Secret") == (2 if plan.http_routes else 1)
    assert kinds.count("Deployment") == len(plan.workloads)
    for document in documents:
        validate(document)


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(
            {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "x"}, "spec": {"typo": 1}}, id="k8s-unknown"
        ),
        pytest.param(
            {
                "apiVersion": "keda.sh/v1alpha1",
                "kind": "ScaledObject",
                "metadata": {"name": "x"},
                "spec": {"scaleTargetRef": {"name": "x"}, "triggers": [{"type": "cron", "metadata": {}}], "typo": 1},
            },
            id="keda-unknown-field",
        ),
        pytest.param(
            {
                "apiVersion": "keda.sh/v1alpha1",
                "kind": "ScaledObject",
                "metadata": {"name": "x" * 55},
                "spec": {"scaleTargetRef": {"name": "x"}, "triggers": [{"type": "cron", "metadata": {}}]},
            },
            id="keda-hpa-name-too-long",
        ),
        pytest.param(
            {
                "apiVersion": "keda.sh/v1alpha1",
                "kind": "ScaledObject",
                "metadata": {"name": "x"},
                "spec": {"scaleTargetRef": {"name": "x"}, "triggers": [{"type": "kafka", "metadata": {"lag": 5}}]},
            },
            id="keda-metadata-not-string",
        ),
        pytest.param(
            {
                "apiVersion": "http.keda.sh/v1beta1",
                "kind": "InterceptorRoute",
                "metadata": {"name": "x"},
                "spec": {"target": {"service": "x", "port": 80, "portName": "http"}, "scalingMetric": {}},
            },
            id="route-port-and-port-name",
        ),
        pytest.param(
            {
                "apiVersion": "http.keda.sh/v1beta1",
                "kind": "InterceptorRoute",
                "metadata": {"name": "x"},
                "spec": {"target": {"service": "x", "port": 80}, "scalingMetric": {"concurrency": {"target": 1}}},
            },
            id="route-unknown-field",
        ),
    ],
)
def test_validator_rejects_bad_objects(document: dict) -> None:
    """The validation above would notice a mistake: it is not a test that cannot fail."""
    with pytest.raises(Exception):  # noqa: B017 - each validator raises its own type
        validate(document)
