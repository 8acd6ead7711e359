"""Production hardening: secure defaults, hardened mode, identity-based scaling, secrets, destroy order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE, IMAGE, STORAGE, app_args
from pulumi_harness import Run, run_program

from components import FunctionApp, Keda
from components.errors import FunctionsKedaError
from components.manifests import render
from components.plan import AppPlan, plan_app

CLIENT_ID = "11111111-2222-3333-4444-555555555555"
SERVICE_BUS = "Endpoint=sb://orders.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=c2I="
EVENT_HUBS = "Endpoint=sb://telemetry.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=ZWg="


def documents(plan: AppPlan) -> dict[str, dict[str, Any]]:
    return {f"{d['kind']}/{d['metadata']['name']}": d for d in render(plan, IMAGE, redact=False)}


def example(**extra: Any) -> AppPlan:
    return plan_app(app_args(EXAMPLE, **extra))


def pod_of(plan: AppPlan, deployment: str = "python-v2-app") -> dict[str, Any]:
    return documents(plan)[f"Deployment/{deployment}"]["spec"]["template"]["spec"]


DEPLOYMENTS = ["python-v2-app-http", "python-v2-app", "python-v2-app-fixed"]


# -- secure defaults ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("deployment", DEPLOYMENTS)
def test_default_mode_fits_the_official_images(deployment: str) -> None:
    pod = pod_of(example(), deployment)
    container = pod["containers"][0]
    assert pod["securityContext"] == {"seccompProfile": {"type": "RuntimeDefault"}}
    assert container["securityContext"] == {
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]},
    }
    assert container["ports"] == [{"name": "http", "containerPort": 80, "protocol": "TCP"}]
    assert pod["automountServiceAccountToken"] is False
    assert "serviceAccountName" not in pod
    assert container["resources"] == {
        "requests": {"cpu": "100m", "memory": "256Mi"},
        "limits": {"cpu": "1", "memory": "1Gi"},
    }
    assert {"startupProbe", "livenessProbe", "readinessProbe"} <= set(container)
    role = deployment.removeprefix("python-v2-app").removeprefix("-") or "events"
    assert pod["topologySpreadConstraints"] == [
        {
            "maxSkew": 1,
            "topologyKey": "kubernetes.io/hostname",
            "whenUnsatisfiable": "ScheduleAnyway",
            "labelSelector": {
                "matchLabels": {"app.kubernetes.io/name": "python-v2-app", "app.kubernetes.io/component": role}
            },
        }
    ]


@pytest.mark.parametrize("deployment", DEPLOYMENTS)
def test_hardened_mode(deployment: str) -> None:
    pod = pod_of(example(hardened=True), deployment)
    container = pod["containers"][0]
    assert pod["securityContext"] == {
        "runAsNonRoot": True,
        "runAsUser": 10001,
        "runAsGroup": 10001,
        "fsGroup": 10001,
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    assert container["securityContext"] == {
        "allowPrivilegeEscalation": False,
        "readOnlyRootFilesystem": True,
        "runAsNonRoot": True,
        "runAsUser": 10001,
        "capabilities": {"drop": ["ALL"]},
    }
    assert container["ports"] == [{"name": "http", "containerPort": 8080, "protocol": "TCP"}]
    env = {e["name"]: e["value"] for e in container["env"]}
    assert (env["ASPNETCORE_URLS"], env["HOME"]) == ("http://+:8080", "/tmp")
    writable = {m["mountPath"] for m in container["volumeMounts"] if m["name"] != "function-keys"}
    assert writable == {"/tmp", "/home/LogFiles", "/home/data"}
    assert all("emptyDir" in v for v in pod["volumes"] if v["name"] != "function-keys")


def test_hardened_mode_moves_the_network_policy_and_probes_to_the_unprivileged_port() -> None:
    plan = example(hardened=True)
    policy = documents(plan)["NetworkPolicy/python-v2-app"]["spec"]
    assert policy["ingress"] == [{"ports": [{"port": 8080, "protocol": "TCP"}]}]
    service = documents(plan)["Service/python-v2-app-http"]["spec"]
    assert service["ports"] == [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}]
    assert pod_of(plan, "python-v2-app-http")["containers"][0]["readinessProbe"]["httpGet"]["port"] == "http"


def test_network_policy_admits_only_the_http_port_and_can_be_turned_off() -> None:
    assert documents(example())["NetworkPolicy/python-v2-app"]["spec"] == {
        "podSelector": {"matchLabels": {"app.kubernetes.io/name": "python-v2-app"}},
        "policyTypes": ["Ingress"],
        "ingress": [{"ports": [{"port": 80, "protocol": "TCP"}]}],
    }
    assert not [k for k in documents(example(network_policy=False)) if k.startswith("NetworkPolicy/")]


def test_resources_are_overridable() -> None:
    container = pod_of(example(resources={"requests": {"cpu": "500m"}, "limits": {"memory": "2Gi"}}))["containers"][0]
    assert container["resources"] == {
        "requests": {"cpu": "500m", "memory": "256Mi"},
        "limits": {"cpu": "1", "memory": "2Gi"},
    }


@pytest.mark.parametrize(
    ("hardened", "skipped"),
    [
        pytest.param(
            False, {"CKV_K8S_22", "CKV_K8S_23", "CKV_K8S_25", "CKV_K8S_35", "CKV_K8S_37", "CKV_K8S_40"}, id="default"
        ),
        pytest.param(True, {"CKV_K8S_35"}, id="hardened"),
    ],
)
def test_scan_suppressions_are_explained_on_the_object(hardened: bool, skipped: set[str]) -> None:
    annotations = documents(example(hardened=hardened))["Deployment/python-v2-app"]["metadata"]["annotations"]
    checks = {value.split("=", 1)[0]: value.split("=", 1)[1] for value in annotations.values()}
    assert set(checks) == skipped
    assert all(len(reason) > 20 for reason in checks.values()), "every suppression carries its reason"
    assert all(key.startswith("checkov.io/skip") for key in annotations)


# -- identity-based connections ------------------------------------------------------------------------------------


IDENTITY_SETTINGS = {
    # No connection string anywhere: every connection is identity-based.
    "AzureWebJobsStorage__accountName": "ordersstore",
    "ServiceBusConnection__fullyQualifiedNamespace": "orders.servicebus.windows.net",
    "EventHubConnection__fullyQualifiedNamespace": "telemetry.servicebus.windows.net",
}


def identity_app(tmp_path: Path) -> Path:
    """The example without its connection strings (as a team using managed identities would ship it)."""
    app = tmp_path / "orders"
    for path in EXAMPLE.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            target = app / path.relative_to(EXAMPLE)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    (app / "local.settings.json").write_text(
        json.dumps({"Values": {"FUNCTIONS_WORKER_RUNTIME": "python", "OrderEventsTopic": "order-events"}})
    )
    return app


def test_identity_based_connections_scale_without_any_connection_string(tmp_path: Path) -> None:
    args = {
        "app_path": str(identity_app(tmp_path)),
        "image": IMAGE,
        "settings": IDENTITY_SETTINGS,
        "workload_identity_client_id": CLIENT_ID,
    }
    plan = plan_app(args)
    docs = documents(plan)
    triggers = {t["type"]: t for t in docs["ScaledObject/orders"]["spec"]["triggers"]}
    reference = {"name": "orders-azure-identity"}
    assert triggers["azure-queue"] == {
        "type": "azure-queue",
        "metadata": {"queueName": "orders", "accountName": "ordersstore", "queueLength": "16"},
        "authenticationRef": reference,
    }
    assert triggers["azure-blob"]["metadata"] == {"accountName": "ordersstore", "blobContainerName": "invoices"}
    assert triggers["azure-servicebus"]["metadata"] == {
        "topicName": "order-events",
        "subscriptionName": "billing",
        "namespace": "orders",
        "messageCount": "16",
    }
    assert triggers["azure-eventhub"]["metadata"] == {
        "eventHubNamespace": "telemetry",
        "unprocessedEventThreshold": "100",
        "checkpointStrategy": "blobMetadata",
        "blobContainer": "azure-webjobs-eventhub",
        "eventHubName": "telemetry",
        "storageAccountName": "ordersstore",
    }
    assert all(t["authenticationRef"] == reference for t in triggers.values())
    assert not any(k.endswith("FromEnv") for t in triggers.values() for k in t["metadata"])
    assert docs["TriggerAuthentication/orders-azure-identity"]["spec"] == {
        "podIdentity": {"provider": "azure-workload", "identityId": CLIENT_ID}
    }
    assert docs["ServiceAccount/orders"]["metadata"]["annotations"] == {"azure.workload.identity/client-id": CLIENT_ID}
    for deployment in ("orders", "orders-http", "orders-fixed"):
        template = docs[f"Deployment/{deployment}"]["spec"]["template"]
        assert template["spec"]["serviceAccountName"] == "orders"
        assert template["metadata"]["labels"]["azure.workload.identity/use"] == "true"
    secret_values = docs["Secret/orders-settings"]["stringData"]
    assert not any("AccountKey" in value or "SharedAccessKey" in value for value in secret_values.values())


@pytest.mark.parametrize(
    ("settings", "metadata_key", "value"),
    [
        pytest.param(
            {"AzureWebJobsStorage__queueServiceUri": "https://qstore.queue.core.windows.net"},
            "accountName",
            "qstore",
            id="queue-service-uri",
        ),
        pytest.param({"AzureWebJobsStorage__accountName": "plain"}, "accountName", "plain", id="account-name"),
    ],
)
def test_identity_resource_names_come_from_the_connection_settings(
    tmp_path: Path, settings: dict[str, str], metadata_key: str, value: str
) -> None:
    app = tmp_path / "jobs"
    (app / "Jobs").mkdir(parents=True)
    (app / "host.json").write_text('{"version": "2.0"}')
    (app / "local.settings.json").write_text('{"Values": {"FUNCTIONS_WORKER_RUNTIME": "node"}}')
    (app / "Jobs" / "function.json").write_text(
        '{"bindings": [{"type": "queueTrigger", "direction": "in", "name": "m", "queueName": "jobs"}]}'
    )
    plan = plan_app(
        {"app_path": str(app), "image": IMAGE, "settings": settings, "workload_identity_client_id": CLIENT_ID}
    )
    (trigger,) = documents(plan)["ScaledObject/jobs"]["spec"]["triggers"]
    assert trigger["metadata"] == {"queueName": "jobs", metadata_key: value}


def test_identity_connections_need_a_client_id(tmp_path: Path) -> None:
    with pytest.raises(FunctionsKedaError, match="workloadIdentityClientId"):
        plan_app({"app_path": str(identity_app(tmp_path)), "image": IMAGE, "settings": IDENTITY_SETTINGS})


# -- connection strings through a TriggerAuthentication --------------------------------------------------------------


def test_secret_mode_reads_connection_strings_from_their_secret() -> None:
    plan = example(
        settings={"AzureWebJobsStorage": STORAGE},
        existing_secrets={"orders-connections": ["ServiceBusConnection", "EventHubConnection"]},
        scaler_auth="secret",
    )
    docs = documents(plan)
    triggers = {t["type"]: t for t in docs["ScaledObject/python-v2-app"]["spec"]["triggers"]}
    assert not any(k.endswith("FromEnv") for t in triggers.values() for k in t["metadata"])
    authentications = {
        name: doc["spec"]["secretTargetRef"] for name, doc in docs.items() if name.startswith("TriggerAuthentication/")
    }
    by_trigger = {
        kind: authentications[f"TriggerAuthentication/{t['authenticationRef']['name']}"] for kind, t in triggers.items()
    }
    assert by_trigger["azure-queue"] == [
        {"parameter": "connection", "name": "python-v2-app-settings", "key": "AzureWebJobsStorage"}
    ]
    assert by_trigger["azure-servicebus"] == [
        {"parameter": "connection", "name": "orders-connections", "key": "ServiceBusConnection"}
    ]
    assert sorted(by_trigger["azure-eventhub"], key=lambda r: r["parameter"]) == [
        {"parameter": "connection", "name": "orders-connections", "key": "EventHubConnection"},
        {"parameter": "storageConnection", "name": "python-v2-app-settings", "key": "AzureWebJobsStorage"},
    ]
    # Blob and queue read the same key the same way: one TriggerAuthentication serves both.
    assert triggers["azure-queue"]["authenticationRef"] == triggers["azure-blob"]["authenticationRef"]


# -- existing Secrets ------------------------------------------------------------------------------------------------


def test_existing_secrets_are_mounted_and_left_out_of_the_generated_one() -> None:
    plan = example(
        settings={"AzureWebJobsStorage": STORAGE},
        existing_secrets={"orders-connections": ["ServiceBusConnection", "EventHubConnection"]},
    )
    docs = documents(plan)
    assert "ServiceBusConnection" not in docs["Secret/python-v2-app-settings"]["stringData"]
    assert "EventHubConnection" not in docs["Secret/python-v2-app-settings"]["stringData"]
    container = docs["Deployment/python-v2-app"]["spec"]["template"]["spec"]["containers"][0]
    assert container["envFrom"] == [
        {"secretRef": {"name": "python-v2-app-settings"}},
        {"secretRef": {"name": "orders-connections"}},
    ]
    triggers = {t["type"]: t["metadata"] for t in docs["ScaledObject/python-v2-app"]["spec"]["triggers"]}
    assert triggers["azure-servicebus"]["connectionFromEnv"] == "ServiceBusConnection"
    # The hub name comes from the binding; the connection string it could be checked against is not read.
    assert triggers["azure-eventhub"]["eventHubName"] == "telemetry"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        pytest.param(
            {
                "settings": {"AzureWebJobsStorage": STORAGE, "OrderEventsTopic": "x"},
                "existing_secrets": {"s": ["OrderEventsTopic"]},
            },
            "is set here and also listed as coming from existing Secret 's'",
            id="both-places",
        ),
        pytest.param(
            {"settings": {"AzureWebJobsStorage": STORAGE}, "existing_secrets": {"s": ["OrderEventsTopic"]}},
            "uses %OrderEventsTopic%, whose value is in an existing Secret",
            id="name-from-a-secret",
        ),
        pytest.param(
            {"settings": {"AzureWebJobsStorage": STORAGE}, "existing_secrets": {"Bad_Name": ["X"]}},
            "'Bad_Name' is not a valid Secret name",
            id="bad-secret-name",
        ),
        pytest.param(
            {"settings": {"AzureWebJobsStorage": STORAGE}, "existing_secrets": {"a": ["X"], "b": ["X"]}},
            "setting 'X' is listed for both 'a' and 'b'",
            id="listed-twice",
        ),
        pytest.param({"workload_identity_client_id": "me"}, "'me' is not a client ID", id="bad-client-id"),
        pytest.param({"scaler_auth": "vault"}, "'vault' is not allowed", id="bad-scaler-auth"),
        pytest.param(
            {"resources": {"limits": {"gpu": "1"}}}, "limits.gpu '1' is not a Kubernetes quantity", id="bad-resource"
        ),
        pytest.param({"hardened": "yes"}, "must be true or false, found 'yes'", id="bad-flag"),
        pytest.param({"create_namespace": True}, "is true but no namespace is set", id="namespace-missing"),
    ],
)
def test_bad_security_input(extra: dict[str, Any], message: str) -> None:
    with pytest.raises(FunctionsKedaError, match=message.replace("(", r"\(").replace("%", "%")):
        example(**extra)


# -- secret hygiene --------------------------------------------------------------------------------------------------

MARKER = "MARKER-d41d8cd98f00"


def planted_args() -> dict[str, Any]:
    """Every secret input carries the marker."""
    return {
        "app_path": str(EXAMPLE),
        "registry": "registry.example.com/functions",
        "registry_username": "ci",
        "registry_password": f"{MARKER}-password",
        "settings": {
            "AzureWebJobsStorage": STORAGE.replace("ZmFrZQ==", f"{MARKER}storage"),
            "ServiceBusConnection": SERVICE_BUS.replace("c2I=", f"{MARKER}sb"),
            "EventHubConnection": EVENT_HUBS.replace("ZWg=", f"{MARKER}eh"),
            "ApiToken": f"{MARKER}-token",
        },
        "namespace": "orders",
        "create_namespace": True,
        "http_scaling": "http-add-on",
        "http_hosts": ["orders.example.com"],
        "ingress_host": "orders.example.com",
        "scaler_auth": "secret",
    }


def everything_public(run: Run) -> str:
    """All a program shares that is not a secret: non-secret inputs, non-secret outputs, logs."""

    def strip_secrets(node: Any) -> Any:
        if isinstance(node, dict):
            if node.get("4dabf18193072939515e22adb298388d") == "1b47061264138c4ac30d75fd1eb44270":
                return "<secret>"
            return {k: strip_secrets(v) for k, v in node.items()}
        if isinstance(node, list):
            return [strip_secrets(v) for v in node]
        return node

    public_outputs = {k: v for k, v in run.outputs.items() if k not in run.secret_outputs}
    return (
        json.dumps([strip_secrets(r.raw_inputs) for r in run.registrations])
        + json.dumps(public_outputs)
        + "".join(run.warnings)
    )


@pytest.mark.parametrize("preview", [False, True], ids=["up", "preview"])
def test_no_secret_value_leaves_a_secret(preview: bool) -> None:
    def program() -> FunctionApp:
        return FunctionApp("orders", {**planted_args(), "keda_releases": Keda("keda", {"http_add_on": True}).releases})  # type: ignore[typeddict-item]

    run = run_program(
        program,
        preview=preview,
        outputs=lambda app: {
            name: getattr(app, name)
            for name in (
                "image",
                "namespace",
                "settings_secret_name",
                "deployment_names",
                "service_name",
                "service_address",
                "scaled_object_names",
                "functions",
                "scalers",
                "urls",
                "invoke_urls",
                "master_key",
            )
        },
    )
    assert MARKER not in everything_public(run)
    secret = run.named("orders-settings")
    assert secret.is_secret("stringData") and MARKER in json.dumps(secret.inputs["stringData"])
    assert run.named("orders-image").is_secret("registry", "password")


def test_render_shows_no_secret_value_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    from components.render import main

    args = planted_args()
    argv = [args["app_path"], "--registry", args["registry"]]
    for key, value in args["settings"].items():
        argv += ["--set", f"{key}={value}"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert MARKER not in captured.out + captured.err


@pytest.mark.parametrize(
    "settings",
    [
        pytest.param({"AzureWebJobsStorage": f"UseDevelopmentStorage=true;{MARKER}"}, id="dev-only-value"),
        pytest.param({"AzureWebJobsStorage": STORAGE, "Bad:Name": MARKER}, id="bad-setting-name"),
        pytest.param(
            {"AzureWebJobsStorage": STORAGE, "ServiceBusConnection": f"{MARKER};EntityPath=x"}, id="unrelated-error"
        ),
    ],
)
def test_error_messages_never_quote_a_setting_value(settings: dict[str, str]) -> None:
    with pytest.raises(FunctionsKedaError) as error:
        example(settings=settings, min_replicas=5, max_replicas=1)  # the last two fail if nothing else does
    assert MARKER not in str(error.value)


# -- destroy order -----------------------------------------------------------------------------------------------------


def test_a_created_namespace_is_created_first_and_removed_last() -> None:
    run = run_program(lambda: FunctionApp("orders", app_args(EXAMPLE, namespace="orders", create_namespace=True)))
    namespace = run.named("orders-namespace")
    assert namespace.inputs["metadata"]["name"] == "orders"
    for registration in run.registrations:
        if registration.type.startswith("kubernetes:") and registration.name != "orders-namespace":
            assert namespace.urn in registration.dependencies, registration.name


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        pytest.param({"http_hosts": ["orders.example.com\n"]}, "is not a host name", id="host"),
        pytest.param({"http_path_prefixes": ["/api\n"]}, "is not a URL path", id="path-prefix"),
        pytest.param({"resources": {"limits": {"cpu": "1\n"}}}, "is not a Kubernetes quantity", id="quantity"),
        pytest.param({"workload_identity_client_id": CLIENT_ID + "\n"}, "is not a client ID", id="client-id"),
        pytest.param(
            {"settings": {"AzureWebJobsStorage": STORAGE, "Name\n": "x"}},
            "cannot be passed to a container",
            id="setting-name",
        ),
    ],
)
def test_a_trailing_newline_is_not_a_valid_value(extra: dict[str, Any], message: str) -> None:
    """Validation matches whole values: `$` alone would let a trailing newline through to the cluster.

    (Plain string arguments such as ``name`` and ``namespace`` are trimmed first, so there it cannot arise.)
    """
    with pytest.raises(FunctionsKedaError, match=message):
        example(**extra)
