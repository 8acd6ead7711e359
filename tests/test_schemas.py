"""Every object rendered for every app, in every topology, validates against the real schemas."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ALL_APPS, app_args
from schemas import validate

from components.manifests import render
from components.plan import plan_app

CASES = [
    pytest.param(app, topology, id=f"{app.name}-{topology}") for app in ALL_APPS for topology in ("split", "single")
]


@pytest.mark.parametrize(("app", "topology"), CASES)
def test_rendered_objects_validate(app: Path, topology: str) -> None:
    plan = plan_app(app_args(app, topology=topology, namespace="functions", pull_secret="registry-creds"))
    documents = render(plan, "registry.example.com/app@sha256:" + "0" * 64, redact=False)
    kinds = [d["kind"] for d in documents]
    assert kinds.count("Secret") == 1
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
    ],
)
def test_validator_rejects_bad_objects(document: dict) -> None:
    """The validation above would notice a mistake: it is not a test that cannot fail."""
    with pytest.raises(Exception):  # noqa: B017 - each validator raises its own type
        validate(document)
