"""The components under Pulumi mocks: what they register, with which parents, dependencies and options."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pulumi_kubernetes as k8s
import pytest
from conftest import EXAMPLE, IMAGE, STORAGE, app_args
from pulumi.runtime.rpc import UNKNOWN
from pulumi_harness import Registration, Run, differences, run_program

from components import FunctionApp, Keda
from components.image import image_tag

FUNCTION_APP = "functions-keda:index:FunctionApp"
KEDA = "functions-keda:index:Keda"
SCALED_OBJECT = "kubernetes:keda.sh/v1alpha1:ScaledObject"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"
SECRET = "kubernetes:core/v1:Secret"
SERVICE = "kubernetes:core/v1:Service"
RELEASE = "kubernetes:helm.sh/v3:Release"
IMAGE_TYPE = "docker:index/image:Image"
PASSWORD = "random:index/randomPassword:RandomPassword"
PDB = "kubernetes:policy/v1:PodDisruptionBudget"
MODES = [pytest.param(False, id="up"), pytest.param(True, id="preview")]


def example_args(**extra: Any) -> dict[str, Any]:
    return app_args(EXAMPLE, **extra)


def deploy(
    preview: bool = False, with_keda: bool = True, opts: pulumi.ResourceOptions | None = None, **extra: Any
) -> Run:
    def program() -> FunctionApp:
        keda = Keda("keda", {}, opts) if with_keda else None
        args = example_args(**extra)
        if keda is not None:
            args["keda_releases"] = keda.releases
        return FunctionApp("orders", args, opts)  # type: ignore[arg-type]

    return run_program(
        program,
        preview=preview,
        outputs=lambda app: {
            "image": app.image,
            "functions": app.functions,
            "scalers": app.scalers,
            "deployment_names": app.deployment_names,
            "service_name": app.service_name,
            "scaled_object_names": app.scaled_object_names,
            "namespace": app.namespace,
            "settings_secret_name": app.settings_secret_name,
        },
    )


def only(run: Run, type_: str) -> Registration:
    (registration,) = run.of_type(type_)
    return registration


@pytest.mark.parametrize("preview", MODES)
def test_registers_the_expected_objects(preview: bool) -> None:
    run = deploy(preview)
    assert sorted((r.type, r.name) for r in run.registrations) == sorted(
        [
            (KEDA, "keda"),
            (RELEASE, "keda-release"),
            (FUNCTION_APP, "orders"),
            (SECRET, "orders-settings"),
            (SECRET, "orders-keys"),
            (PASSWORD, "orders-key-host-master"),
            (PASSWORD, "orders-key-host-function-default"),
            (PASSWORD, "orders-key-host-systemkey-default"),
            (PASSWORD, "orders-key-functions-createorder-default"),
            (SERVICE, "orders-http-service"),
            (PDB, "orders-http-disruption-budget"),
            ("kubernetes:networking.k8s.io/v1:NetworkPolicy", "orders-network-policy"),
            (DEPLOYMENT, "orders-http"),
            (DEPLOYMENT, "orders-events"),
            (DEPLOYMENT, "orders-fixed"),
            (SCALED_OBJECT, "orders-events-scaledobject"),
        ]
    )


@pytest.mark.parametrize("preview", MODES)
def test_every_child_has_its_component_as_parent(preview: bool) -> None:
    run = deploy(preview)
    app, keda = only(run, FUNCTION_APP), only(run, KEDA)
    for registration in run.registrations:
        if registration.type in (FUNCTION_APP, KEDA):
            assert registration.parent.endswith("pulumi:pulumi:Stack::functions-keda-test")
        elif registration.type == RELEASE:
            assert registration.parent == keda.urn
        else:
            assert registration.parent == app.urn, registration.name


@pytest.mark.parametrize("preview", MODES)
def test_scaled_objects_depend_on_keda_and_not_on_the_rollout(preview: bool) -> None:
    run = deploy(preview)
    release = only(run, RELEASE)
    scaled = only(run, SCALED_OBJECT)
    assert scaled.dependencies == [release.urn]
    for deployment in run.of_type(DEPLOYMENT):
        assert release.urn not in deployment.dependencies
        assert sorted(run.by_urn(u).name for u in deployment.dependencies) == ["orders-keys", "orders-settings"]


def test_without_keda_nothing_waits_for_it() -> None:
    run = deploy(with_keda=False)
    assert run.of_type(RELEASE) == []
    assert only(run, SCALED_OBJECT).dependencies == []


@pytest.mark.parametrize("preview", MODES)
def test_settings_are_secret_in_the_secret_and_nowhere_else(preview: bool) -> None:
    run = deploy(preview, settings={"AzureWebJobsStorage": STORAGE, "ApiToken": "s3cr3t-marker"})
    secret = run.named("orders-settings")
    assert secret.is_secret("stringData")
    assert secret.inputs["stringData"]["ApiToken"] == "s3cr3t-marker"
    assert secret.inputs["stringData"]["FUNCTIONS_WORKER_RUNTIME"] == "python"
    for registration in run.registrations:
        if registration.name != "orders-settings":
            assert "s3cr3t-marker" not in json.dumps(registration.raw_inputs), registration.name
    assert "s3cr3t-marker" not in json.dumps(run.outputs)


@pytest.mark.parametrize("preview", MODES)
def test_named_objects_are_deleted_before_replacement(preview: bool) -> None:
    run = deploy(preview)
    for registration in (
        run.of_type(DEPLOYMENT) + run.of_type(SECRET) + run.of_type(SERVICE) + run.of_type(SCALED_OBJECT)
    ):
        assert registration.delete_before_replace, registration.name


def test_outputs_describe_the_deployment() -> None:
    run = deploy()
    assert run.outputs == {
        "image": IMAGE,
        "namespace": "",
        "settings_secret_name": "python-v2-app-settings",
        "deployment_names": ["python-v2-app-http", "python-v2-app", "python-v2-app-fixed"],
        "service_name": "python-v2-app-http",
        "scaled_object_names": ["python-v2-app"],
        "functions": {
            "CreateOrder": "python-v2-app-http",
            "health": "python-v2-app-http",
            "ProcessInvoice": "python-v2-app",
            "IngestTelemetry": "python-v2-app",
            "ProcessOrder": "python-v2-app",
            "BillOrderEvent": "python-v2-app",
            "NightlyReport": "python-v2-app-fixed",
        },
        "scalers": {
            "CreateOrder": "http",
            "health": "http",
            "ProcessInvoice": "azure-blob",
            "IngestTelemetry": "azure-eventhub",
            "ProcessOrder": "azure-queue",
            "BillOrderEvent": "azure-servicebus",
            "NightlyReport": "none",
        },
    }


def test_unscaled_functions_are_reported_as_a_warning() -> None:
    run = deploy()
    (warning,) = run.warnings
    assert "'NightlyReport'" in warning and "python-v2-app-fixed" in warning and "timer" in warning


@pytest.mark.parametrize("preview", MODES)
def test_built_image_is_pushed_and_pods_are_pinned_to_its_digest(preview: bool) -> None:
    def program() -> FunctionApp:
        return FunctionApp(
            "orders",
            {
                "app_path": str(EXAMPLE),
                "registry": "registry.example.com:5000/team",
                "registry_username": "ci",
                "registry_password": "hunter2-marker",
                "settings": {"AzureWebJobsStorage": STORAGE},
            },
        )

    run = run_program(program, preview=preview, outputs=lambda app: {"image": app.image})
    image = only(run, IMAGE_TYPE)
    tag = image_tag(EXAMPLE)
    assert image.inputs["imageName"] == f"registry.example.com:5000/team/python-v2-app:{tag}"
    assert image.inputs["build"]["context"].endswith("examples/python-v2-app")
    assert not image.inputs["build"]["context"].startswith("/"), "absolute paths would differ between machines"
    assert image.inputs["registry"]["server"] == "registry.example.com:5000"
    assert image.inputs["registry"]["username"] == "ci"
    assert image.is_secret("registry", "password")
    assert image.inputs["skipPush"] is False
    for deployment in run.of_type(DEPLOYMENT):
        assert image.urn in deployment.dependencies
        container = deployment.raw_inputs["spec"]["template"]["spec"]["containers"][0]
        if preview:
            # The digest exists only after the push, so preview shows the image as "known after apply".
            assert container["image"] == UNKNOWN
        else:
            assert container["image"].startswith("registry.example.com:5000/team/python-v2-app@sha256:")
    if not preview:
        assert run.outputs["image"].startswith("registry.example.com:5000/team/python-v2-app@sha256:")


def test_two_runs_register_identical_inputs() -> None:
    def snapshot(run: Run) -> list[tuple[str, str, str, list[str]]]:
        # Registration order is asynchronous; what each resource receives must not be.
        return sorted(
            (r.type, r.name, json.dumps(r.raw_inputs, sort_keys=True), sorted(r.dependencies))
            for r in run.registrations
        )

    assert snapshot(deploy()) == snapshot(deploy())


def test_caller_options_reach_every_child() -> None:
    def program() -> FunctionApp:
        provider = k8s.Provider("other-cluster", kubeconfig="apiVersion: v1\nkind: Config\n")
        opts = pulumi.ResourceOptions(providers={"kubernetes": provider}, protect=True)
        keda = Keda("keda", {}, opts)
        return FunctionApp("orders", {**example_args(), "keda_releases": keda.releases}, opts)  # type: ignore[typeddict-item]

    run = run_program(program)
    provider = only(run, "pulumi:providers:kubernetes")
    for registration in run.registrations:
        if registration.type.startswith("kubernetes:") and registration.custom:
            assert registration.provider.startswith(provider.urn), registration.name
        if registration.type != "pulumi:providers:kubernetes":
            assert registration.protect, registration.name


def test_keda_release_is_pinned_and_overridable() -> None:
    run = run_program(lambda: Keda("keda"))
    release = only(run, RELEASE)
    assert {k: release.inputs[k] for k in ("name", "chart", "version", "namespace", "createNamespace")} == {
        "name": "keda",
        "chart": "keda",
        "version": "2.20.2",
        "namespace": "keda",
        "createNamespace": True,
    }
    assert release.inputs["repositoryOpts"] == {"repo": "https://kedacore.github.io/charts"}
    assert release.inputs["values"] == {"webhooks": {"failurePolicy": "Fail"}}

    run = run_program(
        lambda: Keda(
            "keda",
            {"version": "2.19.0", "namespace": "autoscaling", "values": {"webhooks": {"replicaCount": 2}}},
        )
    )
    release = only(run, RELEASE)
    assert (release.inputs["version"], release.inputs["namespace"]) == ("2.19.0", "autoscaling")
    assert release.inputs["values"] == {"webhooks": {"failurePolicy": "Fail", "replicaCount": 2}}


def _local_chart(tmp_path: Any) -> str:
    (tmp_path / "keda").mkdir()
    (tmp_path / "keda" / "Chart.yaml").write_text("apiVersion: v2\nname: keda\nversion: 2.20.2\n")
    return str(tmp_path / "keda")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "https://charts.mirror.example/keda-mirror/",
            {
                "chart": "keda",
                "version": "2.20.2",
                "repositoryOpts": {"repo": "https://charts.mirror.example/keda-mirror"},
            },
            id="repository-mirror",
        ),
        pytest.param(
            "oci://registry.example/charts/keda",
            {"chart": "oci://registry.example/charts/keda", "version": "2.20.2"},
            id="oci",
        ),
        pytest.param("LOCAL", {"chart": "LOCAL"}, id="local-folder-has-no-version-or-repository"),
    ],
)
def test_keda_chart_source(source: str, expected: dict[str, Any], tmp_path: Any) -> None:
    local = _local_chart(tmp_path)
    source = local if source == "LOCAL" else source
    release = only(run_program(lambda: Keda("keda", {"chart": source})), RELEASE)
    picked = {k: release.inputs[k] for k in ("chart", "version", "repositoryOpts") if k in release.inputs}
    assert picked == {k: local if v == "LOCAL" else v for k, v in expected.items()}


def test_relative_local_chart_is_resolved_against_the_program_folder(tmp_path: Any, monkeypatch: Any) -> None:
    _local_chart(tmp_path)
    monkeypatch.chdir(tmp_path)
    release = only(run_program(lambda: Keda("keda", {"chart": "./keda"})), RELEASE)
    assert release.inputs["chart"] == str(tmp_path.resolve() / "keda")


def test_http_add_on_chart_source(tmp_path: Any) -> None:
    (tmp_path / "add-on.tgz").write_bytes(b"")
    run = run_program(lambda: Keda("keda", {"http_add_on": True, "http_add_on_chart": str(tmp_path / "add-on.tgz")}))
    add_on = next(r for r in run.registrations if r.type == RELEASE and r.inputs["name"] == "http-add-on")
    assert (add_on.inputs["chart"], "version" in add_on.inputs, "repositoryOpts" in add_on.inputs) == (
        str(tmp_path / "add-on.tgz"),
        False,
        False,
    )


def test_keda_outputs() -> None:
    run = run_program(
        lambda: Keda("keda", {"namespace": "autoscaling"}),
        outputs=lambda keda: {"namespace": keda.namespace, "version": keda.version, "status": keda.release_status},
    )
    assert run.outputs == {"namespace": "autoscaling", "version": "2.20.2", "status": "deployed"}


ANNOTATION = [".spec.template.metadata.annotations.checksum/settings"]


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        pytest.param(
            {"FeatureFlag": "on"},
            {"orders-settings": [".stringData.FeatureFlag"]},
            id="new-setting",
        ),
        pytest.param(
            {"OrderEventsTopic": "orders-v2"},
            # The topic is a %Setting% of the Service Bus trigger, so the ScaledObject follows it.
            {
                "orders-settings": [".stringData.OrderEventsTopic"],
                "orders-events-scaledobject": [".spec.triggers[3].metadata.topicName"],
            },
            id="setting-used-by-a-trigger",
        ),
    ],
)
def test_a_settings_change_touches_only_the_secret_and_the_rollout_annotation(
    settings: dict[str, str], expected: dict[str, list[str]]
) -> None:
    before = {r.name: r.inputs for r in deploy().registrations}
    after = {r.name: r.inputs for r in deploy(settings={"AzureWebJobsStorage": STORAGE, **settings}).registrations}
    changed = {name: differences(before[name], after[name]) for name in before if before[name] != after[name]}
    assert changed == {**expected, "orders-http": ANNOTATION, "orders-events": ANNOTATION, "orders-fixed": ANNOTATION}


PARITY_CASES = {
    "defaults": {},
    "everything": {
        "namespace": "orders",
        "create_namespace": True,
        "http_scaling": "http-add-on",
        "http_hosts": ["orders.example.com"],
        "ingress_host": "orders.example.com",
        "workload_identity_client_id": "00000000-0000-0000-0000-000000000001",
        "scaler_auth": "secret",
        "hardened": True,
    },
    "no-network-policy": {"network_policy": False, "topology": "single"},
}


@pytest.mark.parametrize("case", sorted(PARITY_CASES))
def test_up_registers_exactly_what_render_prints(case: str) -> None:
    """`render` and the component share the manifest code: same objects, same specs."""
    from components.manifests import render
    from components.plan import plan_app

    extra = PARITY_CASES[case]
    if extra.get("http_scaling") == "http-add-on":
        keda_args: dict[str, Any] = {"http_add_on": True}
    else:
        keda_args = {}

    def program() -> FunctionApp:
        return FunctionApp("orders", {**example_args(**extra), "keda_releases": Keda("keda", keda_args).releases})  # type: ignore[typeddict-item]

    run = run_program(program)
    registered = {}
    for r in run.registrations:
        if r.type.startswith("kubernetes:") and r.type != RELEASE:
            api_kind = r.type.removeprefix("kubernetes:").replace("core/v1", "v1")
            group_version, kind = api_kind.rsplit(":", 1)
            registered[(group_version, kind, r.inputs["metadata"]["name"])] = r.inputs
    rendered = {
        (d["apiVersion"], d["kind"], d["metadata"]["name"]): d
        for d in render(plan_app(example_args(**extra)), IMAGE, redact=False)
    }
    assert sorted(registered) == sorted(rendered)
    for key, document in rendered.items():
        if key[1] == "Secret":
            continue  # values differ by design: render redacts keys it cannot know
        inputs = registered[key]
        for field in ("spec", "metadata"):
            if field in document:
                assert inputs[field] == document[field], (key, field)
