"""The same app written for every programming model deploys the same way.

``tests/apps/equivalent/<model>/`` each define the same seven functions; their Deployments, ScaledObjects and
HTTP routes must equal those of the Python v2 reference, so the scaler catalogue needs no per-language branch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURE_APPS, IMAGE, STORAGE

from components.manifests import render
from components.plan import plan_app

EQUIVALENT = FIXTURE_APPS / "equivalent"
REFERENCE = EQUIVALENT / "python-v2"
MODELS = sorted(p.name for p in EQUIVALENT.iterdir() if p.is_dir() and p != REFERENCE)


def deployed(app: Path) -> dict[str, Any]:
    """What matters to the cluster, with the language-specific parts (runtime setting, image) left out."""
    plan = plan_app(
        {"app_path": str(app), "name": "orders", "image": IMAGE, "settings": {"AzureWebJobsStorage": STORAGE}}
    )
    objects = render(plan, IMAGE)
    return {
        "workloads": sorted((w.role, w.name, tuple(sorted(w.functions)), w.replicas) for w in plan.workloads),
        "scaled_objects": {
            d["metadata"]["name"]: sorted(
                (t["type"], tuple(sorted(t["metadata"].items()))) for t in d["spec"]["triggers"]
            )
            for d in objects
            if d["kind"] == "ScaledObject"
        },
        "routes": sorted((r.function, r.path.lower(), r.auth_level) for r in plan.http_routes),
        "keys": plan.key_files,
        "unscaled": sorted(u.function for u in plan.unscaled),
    }


def test_every_model_has_an_equivalent_app() -> None:
    assert MODELS == ["dotnet-isolated", "java", "node-v4"]


@pytest.mark.parametrize("model", MODELS)
def test_model_deploys_like_the_python_reference(model: str) -> None:
    assert deployed(EQUIVALENT / model) == deployed(REFERENCE)


def test_the_reference_scales_every_event_source() -> None:
    reference = deployed(REFERENCE)
    assert sorted(t for t, _ in reference["scaled_objects"]["orders"]) == [
        "azure-blob",
        "azure-eventhub",
        "azure-queue",
        "azure-servicebus",
        "kafka",
    ]
    assert reference["unscaled"] == ["NightlyReport"]
    assert reference["routes"] == [("CreateOrder", "/api/orders", "function")]
