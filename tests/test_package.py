"""The multi-language package: its schema, and the components as other programs compose them."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pulumi_kubernetes as k8s
import pytest
from conftest import EXAMPLE, FIXTURE_APPS, IMAGE, REPO, STORAGE, app_args
from pulumi_harness import Run, run_program

from components import FunctionApp, Keda
from components.args import FunctionAppArgs, KedaArgs
from components.package import PACKAGE_NAME, package_schema

APP = f"{PACKAGE_NAME}:index:FunctionApp"
KEDA = f"{PACKAGE_NAME}:index:Keda"
RELEASE_REF = "/kubernetes/v4.34.2/schema.json#/resources/kubernetes:helm.sh%2Fv3:Release"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return package_schema()


def test_schema_describes_both_components(schema: dict[str, Any]) -> None:
    assert schema["name"] == PACKAGE_NAME
    assert sorted(schema["resources"]) == [APP, KEDA]
    assert all(resource["isComponent"] for resource in schema["resources"].values())


@pytest.mark.parametrize(("token", "args"), [(APP, FunctionAppArgs), (KEDA, KedaArgs)])
def test_every_argument_is_an_input_with_a_description(schema: dict[str, Any], token: str, args: type) -> None:
    inputs = schema["resources"][token]["inputProperties"]
    camel = {name.split("_")[0] + "".join(p.capitalize() for p in name.split("_")[1:]) for name in args.__annotations__}
    assert set(inputs) == camel
    assert [name for name, spec in inputs.items() if not spec.get("description")] == []


@pytest.mark.parametrize(
    ("token", "outputs"),
    [
        (
            APP,
            [
                "deploymentNames",
                "functions",
                "image",
                "invokeUrls",
                "masterKey",
                "namespace",
                "scaledObjectNames",
                "scalers",
                "serviceAddress",
                "serviceName",
                "settingsSecretName",
                "urls",
            ],
        ),
        (KEDA, ["httpAddOnVersion", "namespace", "releaseName", "releaseStatus", "releases", "version"]),
    ],
)
def test_outputs_are_a_documented_contract(schema: dict[str, Any], token: str, outputs: list[str]) -> None:
    properties = schema["resources"][token]["properties"]
    assert sorted(properties) == outputs
    assert [name for name, spec in properties.items() if not spec.get("description")] == []


def test_required_inputs_and_types(schema: dict[str, Any]) -> None:
    app = schema["resources"][APP]
    assert app["requiredInputs"] == ["appPath"]
    inputs = app["inputProperties"]
    assert (inputs["appPath"]["type"], inputs["minReplicas"]["type"], inputs["hardened"]["type"]) == (
        "string",
        "integer",
        "boolean",
    )
    assert inputs["httpHosts"]["items"]["type"] == "string"
    assert inputs["settings"]["additionalProperties"]["type"] == "string"
    assert inputs["kedaReleases"]["items"]["$ref"] == RELEASE_REF
    # Secrets may be Outputs (from another program's secret config); everything planned is a plain value.
    assert "plain" not in inputs["registryPassword"]
    assert inputs["appPath"]["plain"] is True
    assert schema["resources"][KEDA]["properties"]["releases"]["items"]["$ref"] == RELEASE_REF


def test_secret_outputs_are_secret_when_constructed_through_the_provider() -> None:
    """The schema cannot mark secrets; the provider path must still return them as secrets."""
    from pulumi.provider.experimental.component import ComponentProvider

    provider = ComponentProvider([FunctionApp, Keda], PACKAGE_NAME, version="0.1.0")
    inputs = {"appPath": str(EXAMPLE), "image": IMAGE, "settings": {"AzureWebJobsStorage": STORAGE}}

    def program() -> dict[str, Any]:
        return provider.construct("orders", APP, inputs, pulumi.ResourceOptions()).state

    run = run_program(program, outputs=lambda state: {name: pulumi.Output.from_input(v) for name, v in state.items()})
    assert [r.type for r in run.registrations if r.type == APP] == [APP]
    assert {"masterKey", "invokeUrls"} <= run.secret_outputs
    assert not {"urls", "functions", "scalers", "image"} & run.secret_outputs
    assert run.outputs["scalers"]["ProcessOrder"] == "azure-queue"


def test_plugin_files_name_the_package() -> None:
    plugin = (REPO / "provider" / "PulumiPlugin.yaml").read_text()
    assert "name: python" in plugin
    main = (REPO / "provider" / "__main__.py").read_text()
    assert "component_provider_host" in main and "PACKAGE_NAME" in main


# -- composition ------------------------------------------------------------------------------------------------


def test_an_explicit_provider_reaches_every_child_helm_release_included() -> None:
    def program() -> list[Any]:
        cluster = k8s.Provider("edge-cluster", kubeconfig="apiVersion: v1\nkind: Config\n")
        opts = pulumi.ResourceOptions(providers=[cluster])
        keda = Keda("keda", {"http_add_on": True}, opts)
        return [
            FunctionApp(
                "orders",
                app_args(
                    EXAMPLE, keda_releases=keda.releases, http_scaling="http-add-on", http_hosts=["orders.example.com"]
                ),
                opts,
            ),
        ]

    run = run_program(program)
    provider = next(r for r in run.registrations if r.type == "pulumi:providers:kubernetes")
    kubernetes = [r for r in run.registrations if r.custom and r.type.startswith("kubernetes:")]
    assert {r.type for r in kubernetes} >= {"kubernetes:helm.sh/v3:Release", "kubernetes:apps/v1:Deployment"}
    assert [r.name for r in kubernetes if not r.provider.startswith(provider.urn)] == []


def test_several_apps_share_one_keda() -> None:
    def program() -> list[FunctionApp]:
        keda = Keda("keda")
        return [
            FunctionApp("orders", app_args(EXAMPLE, name="orders", keda_releases=keda.releases)),
            FunctionApp("billing", app_args(FIXTURE_APPS / "python-v1", name="billing", keda_releases=keda.releases)),
        ]

    run = run_program(program)
    (release,) = run.of_type("kubernetes:helm.sh/v3:Release")
    scaled = run.of_type("kubernetes:keda.sh/v1alpha1:ScaledObject")
    assert sorted(r.name for r in scaled) == ["billing-events-scaledobject", "orders-events-scaledobject"]
    assert all(r.dependencies == [release.urn] for r in scaled)


def test_keda_managed_elsewhere() -> None:
    run = run_program(lambda: FunctionApp("orders", app_args(EXAMPLE, keda_namespace="kube-system")))
    assert run.of_type("kubernetes:helm.sh/v3:Release") == []
    assert run.named("orders-events-scaledobject").dependencies == []


def test_registry_and_cluster_from_another_stack() -> None:
    """The platform stack exports the registry and a kubeconfig; the app stack consumes them."""

    def program() -> FunctionApp:
        platform = pulumi.StackReference("organization/platform/prod")
        cluster = k8s.Provider("platform-cluster", kubeconfig=platform.get_output("kubeconfig"))
        # Plain values are needed to plan; a stack reference's are read with `get_output(...).apply` elsewhere, or
        # passed as config. Secrets such as a registry password may stay Outputs.
        return FunctionApp(
            "orders",
            {
                "app_path": str(EXAMPLE),
                "registry": "registry.example.com/platform",
                "registry_username": platform.get_output("registryUser"),
                "registry_password": platform.get_output("registryPassword"),
                "settings": {"AzureWebJobsStorage": STORAGE},
            },
            pulumi.ResourceOptions(providers=[cluster]),
        )

    run = run_program(program)
    reference = run.named("organization/platform/prod")
    cluster = run.named("platform-cluster")
    assert reference.type == "pulumi:pulumi:StackReference"
    property_dependencies = {urn for urns in cluster.property_dependencies.values() for urn in urns}
    assert reference.urn in set(cluster.dependencies) | property_dependencies
    image = run.named("orders-image")
    assert image.is_secret("registry", "password")
    assert reference.urn in {urn for urns in image.property_dependencies.values() for urn in urns}
    assert run.named("orders-events").provider.startswith(cluster.urn)


def test_renaming_the_component_keeps_its_children_through_aliases() -> None:
    def program() -> FunctionApp:
        return FunctionApp(
            "orders-v2",
            app_args(EXAMPLE),
            pulumi.ResourceOptions(aliases=[pulumi.Alias(name="orders")]),
        )

    run: Run = run_program(program)
    app = run.named("orders-v2")
    assert any("orders" in str(alias) for alias in app.aliases), "the component carries its alias"
    # The engine aliases each child of an aliased parent whose name starts with the parent's name.
    children = [r for r in run.registrations if r.parent == app.urn]
    assert children and [r.name for r in children if not r.name.startswith("orders-v2-")] == []


# -- consumer examples --------------------------------------------------------------------------------------------

CONSUMERS = REPO / "examples" / "consumers"


def test_yaml_consumer_uses_only_schema_properties(schema: dict[str, Any]) -> None:
    import yaml

    program = yaml.safe_load((CONSUMERS / "yaml" / "Pulumi.yaml").read_text())
    assert program["packages"] == {PACKAGE_NAME: "../../../provider"}
    assert (CONSUMERS / "yaml" / program["packages"][PACKAGE_NAME] / "PulumiPlugin.yaml").is_file()
    for resource in program["resources"].values():
        inputs = schema["resources"][resource["type"]]["inputProperties"]
        assert set(resource["properties"]) <= set(inputs), resource["type"]


def test_typescript_consumer_uses_only_schema_properties(schema: dict[str, Any]) -> None:
    import re

    source = (CONSUMERS / "typescript" / "index.ts").read_text()
    for kind, body in re.findall(r"new functionsKeda\.(\w+)\(\"[^\"]+\", \{(.*?)\n?\}\);", source, re.S):
        inputs = schema["resources"][f"{PACKAGE_NAME}:index:{kind}"]["inputProperties"]
        keys = re.findall(r"^\s{0,4}(\w+):", body, re.M) or re.findall(r"(\w+):", body)
        assert keys and set(keys) <= set(inputs), (kind, keys)


def test_python_consumer_composes_two_apps_on_one_keda(monkeypatch: pytest.MonkeyPatch) -> None:
    import runpy

    folder = CONSUMERS / "python-multi"
    monkeypatch.chdir(folder)
    config = {
        "functions-keda:kubeconfig": "apiVersion: v1\nkind: Config\n",
        "functions-keda:registry": "registry.example.com/apps",
        "functions-keda:storage": json.dumps({"connection": STORAGE}),
    }
    run = run_program(
        lambda: runpy.run_path(str(folder / "__main__.py"), run_name="__main__"),
        config=config,
        secret_keys=["functions-keda:kubeconfig"],
    )
    provider = run.named("apps-cluster")
    (release,) = run.of_type("kubernetes:helm.sh/v3:Release")
    scaled = run.of_type("kubernetes:keda.sh/v1alpha1:ScaledObject")
    assert sorted(r.name for r in scaled) == ["billing-events-scaledobject", "orders-events-scaledobject"]
    assert all(release.urn in r.dependencies for r in scaled)
    kubernetes = [r for r in run.registrations if r.custom and r.type.startswith("kubernetes:")]
    assert [r.name for r in kubernetes if not r.provider.startswith(provider.urn)] == []
    assert sorted(r.inputs["metadata"]["name"] for r in run.of_type("kubernetes:core/v1:Namespace")) == [
        "billing",
        "orders",
    ]
