"""The Pulumi program (`__main__.py`) driven by stack config, under mocks."""

from __future__ import annotations

import json
import runpy
from typing import Any

import pytest
import yaml
from conftest import REPO, STORAGE
from pulumi_harness import Run, run_program

from components.errors import FunctionsKedaError

MAIN = REPO / "__main__.py"


def run_main(config: dict[str, Any], preview: bool = False, expect_error: type[BaseException] | None = None) -> Run:
    """Run the program with ``functions-keda:`` config (objects are passed as JSON, as the CLI does)."""
    flat = {
        (key if ":" in key else f"functions-keda:{key}"): value if isinstance(value, str) else json.dumps(value)
        for key, value in config.items()
    }
    return run_program(
        lambda: runpy.run_path(str(MAIN), run_name="__main__"), preview=preview, config=flat, expect_error=expect_error
    )


@pytest.fixture(autouse=True)
def _in_project_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pulumi runs the program from the folder of Pulumi.yaml; relative appPath values depend on it.
    monkeypatch.chdir(REPO)


def stack_config(stack: str) -> dict[str, Any]:
    document = yaml.safe_load((REPO / "stacks" / f"Pulumi.{stack}.yaml").read_text())
    return dict(document["config"])


def types(run: Run) -> list[str]:
    return sorted(r.type for r in run.registrations)


@pytest.mark.parametrize("preview", [False, True], ids=["up", "preview"])
def test_dev_stack_deploys_the_example_with_keda_and_dev_storage(preview: bool) -> None:
    run = run_main(stack_config("dev"), preview=preview)
    assert types(run) == sorted(
        [
            "functions-keda:index:Keda",
            "kubernetes:helm.sh/v3:Release",
            "functions-keda:index:DevStorage",
            "kubernetes:apps/v1:Deployment",  # azurite
            "kubernetes:core/v1:Service",  # azurite
            "functions-keda:index:FunctionApp",
            "docker:index/image:Image",
            "kubernetes:core/v1:Secret",  # settings
            "kubernetes:core/v1:Secret",  # function keys
            *["random:index/randomPassword:RandomPassword"] * 4,  # master, host, system, CreateOrder
            "kubernetes:core/v1:Service",
            "kubernetes:policy/v1:PodDisruptionBudget",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            "kubernetes:apps/v1:Deployment",
            "kubernetes:apps/v1:Deployment",
            "kubernetes:apps/v1:Deployment",
            "kubernetes:keda.sh/v1alpha1:ScaledObject",
        ]
    )
    image = run.named("app-image")
    assert image.inputs["imageName"].startswith("localhost:5001/orders:")
    settings = run.named("app-settings").inputs["stringData"]
    assert settings["AzureWebJobsStorage"].startswith("DefaultEndpointsProtocol=http;AccountName=functionskeda;")
    assert "azurite.default.svc.cluster.local:10001" in settings["AzureWebJobsStorage"]
    scaled = run.named("app-events-scaledobject").inputs["spec"]
    # The two functions the dev stack disables are neither run nor scaled.
    assert sorted(t["type"] for t in scaled["triggers"]) == ["azure-blob", "azure-queue"]
    assert (scaled["maxReplicaCount"], scaled["pollingInterval"], scaled["cooldownPeriod"]) == (3, 10, 60)
    events = run.named("app-events").inputs["spec"]["template"]["spec"]["containers"][0]["env"]
    functions = [e["value"] for e in events if e["name"].startswith("AzureFunctionsJobHost__functions__")]
    assert functions == ["ProcessInvoice", "ProcessOrder"]


def test_prod_stack_shape_builds_for_the_remote_registry() -> None:
    config = stack_config("prod")
    config.pop("kubernetes:context")
    config["settings"] = {
        "AzureWebJobsStorage": STORAGE,
        "ServiceBusConnection": "Endpoint=sb://x/;SharedAccessKeyName=k;SharedAccessKey=a2V5",
        "EventHubConnection": "Endpoint=sb://y/;SharedAccessKeyName=k;SharedAccessKey=a2V5",
    }
    config["registryPassword"] = "token-marker"
    run = run_main(config)
    image = run.named("app-image")
    assert image.inputs["imageName"].startswith("myregistry.azurecr.io/functions/orders:")
    assert image.inputs["registry"]["server"] == "myregistry.azurecr.io"
    assert image.is_secret("registry", "password")
    scaled = run.named("app-events-scaledobject").inputs["spec"]
    assert (scaled["minReplicaCount"], scaled["maxReplicaCount"]) == (1, 30)
    for deployment in run.of_type("kubernetes:apps/v1:Deployment"):
        assert deployment.inputs["metadata"]["namespace"] == "orders-prod"
        assert deployment.inputs["spec"]["template"]["spec"]["imagePullSecrets"] == [{"name": "acr-pull"}]


def test_keda_can_be_managed_elsewhere() -> None:
    run = run_main(
        {
            "appPath": "examples/python-v2-app",
            "image": "r.io/app@sha256:" + "1" * 64,
            "installKeda": "false",
            "settings": {"AzureWebJobsStorage": STORAGE},
        }
    )
    assert run.of_type("kubernetes:helm.sh/v3:Release") == []
    assert run.named("app-events-scaledobject").dependencies == []


@pytest.mark.parametrize(
    ("config", "message"),
    [
        pytest.param(
            {"appPath": "examples/python-v2-app", "image": "r.io/a:1"}, "UseDevelopmentStorage", id="dev-value"
        ),
        pytest.param({"appPath": "nowhere", "image": "r.io/a:1"}, "is not a folder", id="bad-path"),
        pytest.param(
            {"appPath": "examples/python-v2-app", "image": "r.io/a:1", "minReplicas": "many"},
            "functions-keda:minReplicas",
            id="bad-number",
        ),
        pytest.param(
            {
                "appPath": "examples/python-v2-app",
                "image": "r.io/a:1",
                "installKeda": "maybe",
                "settings": {"AzureWebJobsStorage": STORAGE},
            },
            "installKeda",
            id="bad-bool",
        ),
        pytest.param(
            {
                "appPath": "examples/python-v2-app",
                "image": "r.io/a:1",
                "kedaNamespace": "Bad_NS",
                "settings": {"AzureWebJobsStorage": STORAGE},
            },
            "kedaNamespace",
            id="bad-keda-namespace",
        ),
    ],
)
def test_bad_config_fails_before_anything_is_registered(config: dict[str, Any], message: str) -> None:
    run = run_main(config, expect_error=FunctionsKedaError)
    assert message in str(run.error)
    assert run.registrations == []


def test_http_add_on_stack_installs_the_add_on_and_routes_the_app() -> None:
    run = run_main(
        {
            "appPath": "examples/python-v2-app",
            "image": "r.io/app@sha256:" + "1" * 64,
            "settings": {"AzureWebJobsStorage": STORAGE},
            "httpScaling": "http-add-on",
            "httpHosts": ["orders.example.com"],
            "httpPathPrefixes": ["/api"],
            "httpTargetConcurrency": "25",
            "ingressHost": "orders.example.com",
            "ingressClassName": "nginx",
            "kedaNamespace": "autoscaling",
            "probePath": "/api/health",
            "keysRotation": "1",
        }
    )
    add_on = run.named("keda-http-add-on")
    assert (add_on.inputs["chart"], add_on.inputs["namespace"]) == ("keda-add-ons-http", "autoscaling")
    route = run.named("app-http-route").inputs["spec"]
    assert route["rules"] == [{"hosts": ["orders.example.com"], "paths": [{"value": "/api"}]}]
    assert route["scalingMetric"] == {"concurrency": {"targetValue": 25}}
    ingress = run.named("app-http-ingress").inputs["spec"]
    assert ingress["ingressClassName"] == "nginx"
    assert ingress["rules"][0]["http"]["paths"][0]["backend"]["service"]["name"] == "python-v2-app-proxy"
    container = run.named("app-http").inputs["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/api/health"
    assert {p.inputs["keepers"]["rotation"] for p in run.of_type("random:index/randomPassword:RandomPassword")} == {"1"}


def test_http_add_on_can_be_managed_elsewhere() -> None:
    run = run_main(
        {
            "appPath": "examples/python-v2-app",
            "image": "r.io/app@sha256:" + "1" * 64,
            "settings": {"AzureWebJobsStorage": STORAGE},
            "httpScaling": "http-add-on",
            "httpHosts": ["orders.example.com"],
            "installKeda": "false",
            "kedaNamespace": "platform",
        }
    )
    assert run.of_type("kubernetes:helm.sh/v3:Release") == []
    trigger = run.named("app-http-scaledobject").inputs["spec"]["triggers"][0]
    assert trigger["metadata"]["scalerAddress"] == "keda-add-ons-http-external-scaler.platform:9090"


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param({}, id="defaults"),
        pytest.param(
            {"httpScaling": "http-add-on", "httpHosts": ["orders.example.com"], "kedaNamespace": "autoscaling"},
            id="http-add-on",
        ),
    ],
)
def test_the_program_reads_the_app_once(monkeypatch: pytest.MonkeyPatch, extra: dict[str, Any]) -> None:
    """It validates before registering KEDA, then the component reuses that plan instead of discovering again."""
    import components.plan

    reads: list[str] = []
    discover = components.plan.discover
    monkeypatch.setattr(components.plan, "discover", lambda path: reads.append(path) or discover(path))
    run = run_main(
        {
            "appPath": "examples/python-v2-app",
            "image": "r.io/app@sha256:" + "1" * 64,
            "settings": {"AzureWebJobsStorage": STORAGE},
            **extra,
        }
    )
    assert len(reads) == 1
    # The reused plan is the one the component would have made: KEDA objects still wait for every release.
    releases = {r.urn for r in run.of_type("kubernetes:helm.sh/v3:Release")}
    assert set(run.named("app-events-scaledobject").dependencies) == releases
