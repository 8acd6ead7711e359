"""No needless churn, and a short critical path: what a change touches, and what waits for what."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE, STORAGE
from pulumi_harness import Run, differences, run_program

from components import FunctionApp, Keda

IMAGE_FIELD = ".spec.template.spec.containers[0].image"
ANNOTATION = ".spec.template.metadata.annotations.checksum/settings"
DEPLOYMENTS = ("orders-http", "orders-events", "orders-fixed")


def deploy(app: Path, **extra: Any) -> Run:
    args = {
        "app_path": str(app),
        "registry": "registry.example.com/functions",
        "settings": {"AzureWebJobsStorage": STORAGE},
        **extra,
    }
    return run_program(lambda: FunctionApp("orders", {**args, "keda_releases": Keda("keda").releases}))  # type: ignore[typeddict-item]


def changed(before: Run, after: Run) -> dict[str, list[str]]:
    old = {r.name: r.inputs for r in before.registrations}
    new = {r.name: r.inputs for r in after.registrations}
    assert sorted(old) == sorted(new), "a change must not add or remove resources here"
    return {name: differences(old[name], new[name]) for name in old if old[name] != new[name]}


@pytest.fixture
def app(tmp_path: Path) -> Path:
    copy = tmp_path / "orders"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_no_change_changes_nothing(app: Path) -> None:
    assert changed(deploy(app), deploy(app)) == {}


def test_a_code_change_only_changes_the_image(app: Path) -> None:
    before = deploy(app)
    with (app / "function_app.py").open("a") as source:
        source.write("\n# a change\n")
    assert changed(before, deploy(app)) == {
        "orders-image": [".imageName"],
        **{name: [IMAGE_FIELD] for name in DEPLOYMENTS},
    }


def test_a_change_dockerignore_excludes_changes_nothing(app: Path) -> None:
    before = deploy(app)
    (app / "local.settings.json").write_text((app / "local.settings.json").read_text() + "\n")
    (app / ".venv").mkdir()
    (app / ".venv" / "site.py").write_text("print('not in the image')")
    assert changed(before, deploy(app)) == {}


def test_a_settings_change_only_rolls_the_pods(app: Path) -> None:
    before = deploy(app)
    after = deploy(app, settings={"AzureWebJobsStorage": STORAGE, "FeatureFlag": "on"})
    assert changed(before, after) == {
        "orders-settings": [".stringData.FeatureFlag"],
        **{name: [ANNOTATION] for name in DEPLOYMENTS},
    }


@pytest.mark.parametrize(
    ("knob", "fields"),
    [
        pytest.param({"max_replicas": 20}, [".spec.maxReplicaCount"], id="max-replicas"),
        pytest.param({"polling_interval": 10}, [".spec.pollingInterval"], id="polling-interval"),
        pytest.param({"cooldown_period": 60}, [".spec.cooldownPeriod"], id="cooldown-period"),
    ],
)
def test_a_scaling_knob_only_changes_the_scaled_object(app: Path, knob: dict[str, Any], fields: list[str]) -> None:
    assert changed(deploy(app), deploy(app, **knob)) == {"orders-events-scaledobject": fields}


# -- the critical path of a fresh deploy -----------------------------------------------------------------------------


def longest_chain(run: Run) -> list[str]:
    """The longest chain of custom resources each waiting for the previous one."""
    by_urn = {r.urn: r for r in run.registrations if r.custom}
    memo: dict[str, list[str]] = {}

    def chain(urn: str) -> list[str]:
        if urn not in memo:
            waits_for = [d for d in by_urn[urn].dependencies if d in by_urn]
            longest = max((chain(d) for d in waits_for), key=len, default=[])
            memo[urn] = [*longest, by_urn[urn].name]
        return memo[urn]

    return max((chain(urn) for urn in by_urn), key=len)


def test_nothing_waits_on_what_it_does_not_need(app: Path) -> None:
    run = deploy(app, namespace="orders", create_namespace=True, workload_identity_client_id=CLIENT_ID)
    waits = {r.name: sorted(run.by_urn(d).name for d in r.dependencies) for r in run.registrations if r.custom}
    assert waits["orders-image"] == []
    assert waits["keda-release"] == []
    for deployment in DEPLOYMENTS:
        assert waits[deployment] == sorted(
            ["orders-namespace", "orders-identity", "orders-settings", "orders-keys", "orders-image"]
        ), deployment
    assert waits["orders-events-scaledobject"] == ["keda-release", "orders-namespace"]
    for name in ("orders-settings", "orders-http-service", "orders-network-policy", "orders-identity"):
        assert waits[name] == ["orders-namespace"], name
    # The keys Secret holds the generated keys, so it waits for them (they take no time: nothing remote).
    assert waits["orders-keys"] == sorted(["orders-namespace", *(n for n in waits if n.startswith("orders-key-"))])


CLIENT_ID = "11111111-2222-3333-4444-555555555555"


@pytest.mark.parametrize(
    ("extra", "keda_args", "length", "unique_longest"),
    [
        # A generated key, the keys Secret, then the Deployment that mounts it.
        pytest.param({}, {}, 3, None, id="defaults"),
        pytest.param({"namespace": "orders", "create_namespace": True}, {}, 3, None, id="created-namespace"),
        pytest.param(
            {"http_scaling": "http-add-on", "http_hosts": ["orders.example.com"]},
            {"http_add_on": True},
            4,
            ["keda-release", "keda-http-add-on", "orders-http-route", "orders-http-scaledobject"],
            id="http-add-on",
        ),
    ],
)
def test_longest_dependency_chain_is_pinned(
    app: Path, extra: dict[str, Any], keda_args: dict[str, Any], length: int, unique_longest: list[str] | None
) -> None:
    args = {
        "app_path": str(app),
        "image": "r.io/orders@sha256:" + "0" * 64,
        "settings": {"AzureWebJobsStorage": STORAGE},
        **extra,
    }
    run = run_program(lambda: FunctionApp("orders", {**args, "keda_releases": Keda("keda", keda_args).releases}))  # type: ignore[typeddict-item]
    chain = longest_chain(run)
    assert len(chain) == length, chain
    if unique_longest is not None:
        assert chain == unique_longest
