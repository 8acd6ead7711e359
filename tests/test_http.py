"""HTTP functions: keys, exposure, request-based autoscaling and invoke URLs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import app_args
from pulumi_harness import Run, run_program

from components import FunctionApp, Keda
from components.errors import FunctionsKedaError
from components.manifests import render
from components.plan import AppPlan, plan_app

ROUTE = "kubernetes:http.keda.sh/v1beta1:InterceptorRoute"
SCALED_OBJECT = "kubernetes:keda.sh/v1alpha1:ScaledObject"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"
PASSWORD = "random:index/randomPassword:RandomPassword"


def http_function(auth_level: str | None, route: str | None = None) -> dict[str, Any]:
    trigger: dict[str, Any] = {"type": "httpTrigger", "direction": "in", "name": "req", "methods": ["get"]}
    if auth_level is not None:
        trigger["authLevel"] = auth_level
    if route is not None:
        trigger["route"] = route
    return {"scriptFile": "__init__.py", "bindings": [trigger, {"type": "http", "direction": "out", "name": "$return"}]}


def write_app(root: Path, host: dict[str, Any] | None = None) -> Path:
    """An app with one function per auth level, an event function and a timer."""
    functions = {
        "Public": http_function("anonymous", "public/{id}"),
        "Orders": http_function("function"),
        "Default": http_function(None),
        "Admin": http_function("admin", "ops/reset"),
        "Jobs": {"bindings": [{"type": "queueTrigger", "direction": "in", "name": "m", "queueName": "jobs"}]},
    }
    app = root / "shop"
    for name, document in functions.items():
        (app / name).mkdir(parents=True)
        (app / name / "function.json").write_text(json.dumps(document))
        (app / name / "__init__.py").write_text("")
    (app / "host.json").write_text(json.dumps({"version": "2.0", **(host or {})}))
    (app / "local.settings.json").write_text(json.dumps({"Values": {"FUNCTIONS_WORKER_RUNTIME": "python"}}))
    return app


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    return write_app(tmp_path)


def shop_plan(app: Path, **extra: Any) -> AppPlan:
    return plan_app(app_args(app, **extra))


def deploy(app: Path, *, keda_args: dict[str, Any] | None = None, preview: bool = False, **extra: Any) -> Run:
    def program() -> FunctionApp:
        args = app_args(app, **extra)
        if keda_args is not None:
            args["keda_releases"] = Keda("keda", keda_args).releases
        return FunctionApp("shop", args)  # type: ignore[arg-type]

    return run_program(
        program,
        preview=preview,
        outputs=lambda app: {
            "urls": app.urls,
            "invoke_urls": app.invoke_urls,
            "master_key": app.master_key,
            "service_address": app.service_address,
            "scalers": app.scalers,
        },
    )


ADD_ON = {"http_scaling": "http-add-on", "http_hosts": ["shop.example.com"]}
PROMETHEUS = {
    "http_scaling": "prometheus",
    "prometheus_server_address": "http://prometheus.monitoring:9090",
    "ingress_host": "shop.example.com",
}


# -- keys ------------------------------------------------------------------------------------------------------


def test_key_files_are_the_host_keys_and_one_per_function_level_route(shop: Path) -> None:
    assert shop_plan(shop).key_files == (
        "host.master",
        "host.function.default",
        "host.systemKey.default",
        # The host looks function keys up by lower-cased name; "Default" has no authLevel, i.e. function.
        "functions.default.default",
        "functions.orders.default",
    )


@pytest.mark.parametrize("preview", [False, True], ids=["up", "preview"])
def test_keys_are_generated_once_stored_as_secrets_and_mounted_read_only(shop: Path, preview: bool) -> None:
    run = deploy(shop, preview=preview)
    passwords = run.of_type(PASSWORD)
    assert sorted(p.name for p in passwords) == [
        "shop-key-functions-default-default",
        "shop-key-functions-orders-default",
        "shop-key-host-function-default",
        "shop-key-host-master",
        "shop-key-host-systemkey-default",
    ]
    for password in passwords:
        assert (password.inputs["length"], password.inputs["special"]) == (48, False)
        assert "keepers" not in password.inputs, "keys must not change unless rotated"
    keys = run.named("shop-keys")
    assert keys.is_secret("stringData")
    assert keys.inputs["metadata"]["name"] == "shop-keys"
    for deployment in run.of_type(DEPLOYMENT):
        pod = deployment.inputs["spec"]["template"]["spec"]
        container = pod["containers"][0]
        assert container["volumeMounts"] == [
            {"name": "function-keys", "mountPath": "/run/secrets/functions-keys", "readOnly": True}
        ]
        assert pod["volumes"] == [{"name": "function-keys", "secret": {"secretName": "shop-keys"}}]
        env = {e["name"]: e["value"] for e in container["env"]}
        assert env["AzureWebJobsSecretStorageType"] == "kubernetes"
        assert "AzureWebJobsKubernetesSecretName" not in env, "that would make the host write keys through the API"
        assert pod["automountServiceAccountToken"] is False
        assert keys.urn in deployment.dependencies


def test_no_rbac_is_needed_for_keys(shop: Path) -> None:
    run = deploy(shop)
    assert [r.type for r in run.registrations if "rbac" in r.type or r.type.endswith(":ServiceAccount")] == []


def test_keys_rotate_only_when_asked(shop: Path) -> None:
    run = deploy(shop, keys_rotation="2026-11")
    assert {p.inputs["keepers"]["rotation"] for p in run.of_type(PASSWORD)} == {"2026-11"}


def test_keys_appear_only_in_the_keys_secret_and_secret_outputs(shop: Path) -> None:
    run = deploy(shop, ingress_host="shop.example.com", ingress_tls_secret="shop-tls")
    values = run.named("shop-keys").inputs["stringData"]
    assert len(set(values.values())) == 5
    for registration in run.registrations:
        if registration.name == "shop-keys" or registration.type == PASSWORD:
            continue
        text = json.dumps(registration.raw_inputs)
        assert not any(value in text for value in values.values()), registration.name
    assert run.secret_outputs == {"invoke_urls", "master_key"}
    public = json.dumps({k: v for k, v in run.outputs.items() if k not in run.secret_outputs})
    assert not any(value in public for value in values.values())
    assert run.outputs["master_key"] == values["host.master"]


def test_render_shows_no_key_values(shop: Path) -> None:
    documents = render(shop_plan(shop), "r.io/shop@sha256:" + "0" * 64)
    keys = next(d for d in documents if d["metadata"]["name"] == "shop-keys")
    assert set(keys["stringData"].values()) == {"<generated>"}


def test_apps_without_http_functions_get_no_keys(tmp_path: Path) -> None:
    app = write_app(tmp_path)
    for name in ("Public", "Orders", "Default", "Admin"):
        for file in (app / name).iterdir():
            file.unlink()
        (app / name).rmdir()
    run = deploy(app)
    assert run.of_type(PASSWORD) == []
    for deployment in run.of_type(DEPLOYMENT):
        container = deployment.inputs["spec"]["template"]["spec"]["containers"][0]
        assert "volumeMounts" not in container
        assert "AzureWebJobsSecretStorageType" not in {e["name"] for e in container["env"]}


# -- invoke URLs -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "host", "base"),
    [
        pytest.param({}, {}, "http://shop-http.default.svc.cluster.local/api", id="service"),
        pytest.param({"namespace": "retail"}, {}, "http://shop-http.retail.svc.cluster.local/api", id="namespace"),
        pytest.param(
            {"ingress_host": "shop.example.com", "ingress_tls_secret": "shop-tls"},
            {},
            "https://shop.example.com/api",
            id="ingress-tls",
        ),
        pytest.param(ADD_ON, {}, "http://shop.example.com/api", id="http-add-on-host"),
        pytest.param(
            {},
            {"extensions": {"http": {"routePrefix": ""}}},
            "http://shop-http.default.svc.cluster.local",
            id="empty-route-prefix",
        ),
        pytest.param(
            {},
            {"extensions": {"http": {"routePrefix": "v1/"}}},
            "http://shop-http.default.svc.cluster.local/v1",
            id="custom-route-prefix",
        ),
    ],
)
def test_invoke_urls_carry_the_key_their_auth_level_needs(
    tmp_path: Path, extra: dict[str, Any], host: dict[str, Any], base: str
) -> None:
    run = deploy(write_app(tmp_path, host), **extra)
    keys = run.named("shop-keys").inputs["stringData"]
    assert run.outputs["urls"] == {
        "Public": f"{base}/public/{{id}}",
        "Orders": f"{base}/Orders",
        "Default": f"{base}/Default",
        "Admin": f"{base}/ops/reset",
    }
    assert run.outputs["invoke_urls"] == {
        "Public": f"{base}/public/{{id}}",
        "Orders": f"{base}/Orders?code={keys['functions.orders.default']}",
        "Default": f"{base}/Default?code={keys['functions.default.default']}",
        "Admin": f"{base}/ops/reset?code={keys['host.master']}",
    }


def test_service_address_is_the_in_cluster_url(shop: Path) -> None:
    assert deploy(shop, namespace="retail").outputs["service_address"] == "http://shop-http.retail.svc.cluster.local"


# -- exposure --------------------------------------------------------------------------------------------------


def http_documents(plan: AppPlan) -> dict[str, dict[str, Any]]:
    return {f"{d['kind']}/{d['metadata']['name']}": d for d in render(plan, "r.io/shop:1")}


@pytest.mark.parametrize("service_type", ["ClusterIP", "NodePort", "LoadBalancer"])
def test_service_type(shop: Path, service_type: str) -> None:
    service = http_documents(shop_plan(shop, service_type=service_type))["Service/shop-http"]
    assert service["spec"]["type"] == service_type
    assert service["spec"]["ports"] == [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}]


@pytest.mark.parametrize(
    ("extra", "backend"),
    [
        pytest.param({}, {"service": {"name": "shop-http", "port": {"name": "http"}}}, id="service"),
        pytest.param(ADD_ON, {"service": {"name": "shop-proxy", "port": {"number": 8080}}}, id="http-add-on-proxy"),
    ],
)
def test_ingress(shop: Path, extra: dict[str, Any], backend: dict[str, Any]) -> None:
    plan = shop_plan(
        shop,
        **{**extra, "ingress_host": "shop.example.com", "ingress_class_name": "nginx", "ingress_tls_secret": "tls"},
    )
    ingress = http_documents(plan)["Ingress/shop-http"]
    assert ingress["spec"] == {
        "ingressClassName": "nginx",
        "rules": [
            {"host": "shop.example.com", "http": {"paths": [{"path": "/", "pathType": "Prefix", "backend": backend}]}}
        ],
        "tls": [{"hosts": ["shop.example.com"], "secretName": "tls"}],
    }


def test_no_ingress_unless_asked(shop: Path) -> None:
    assert [k for k in http_documents(shop_plan(shop)) if k.startswith("Ingress/")] == []


def test_disruption_budget_lets_drains_take_one_http_pod_at_a_time(shop: Path) -> None:
    budget = http_documents(shop_plan(shop))["PodDisruptionBudget/shop-http"]
    assert budget["spec"] == {
        "maxUnavailable": 1,
        "selector": {"matchLabels": {"app.kubernetes.io/name": "shop", "app.kubernetes.io/component": "http"}},
    }


def container_of(plan: AppPlan, deployment: str) -> dict[str, Any]:
    return http_documents(plan)[f"Deployment/{deployment}"]["spec"]["template"]["spec"]["containers"][0]


def test_probes_fit_the_functions_host(shop: Path) -> None:
    container = container_of(shop_plan(shop), "shop-http")
    ping = {"path": "/admin/host/ping", "port": "http"}
    assert container["startupProbe"] == {
        "httpGet": ping,
        "periodSeconds": 2,
        "timeoutSeconds": 3,
        "failureThreshold": 60,
    }
    assert container["livenessProbe"] == {
        "httpGet": ping,
        "periodSeconds": 10,
        "timeoutSeconds": 3,
        "failureThreshold": 3,
    }
    assert container["readinessProbe"] == {
        "httpGet": {"path": "/", "port": "http"},
        "periodSeconds": 5,
        "timeoutSeconds": 3,
        "failureThreshold": 3,
    }
    assert {"name": "AzureWebJobsDisableHomepage", "value": "true"} in container["env"]


def test_probe_path_and_port_are_configurable(shop: Path) -> None:
    container = container_of(shop_plan(shop, probe_path="/api/health", probe_port=8080), "shop-http")
    assert container["readinessProbe"]["httpGet"] == {"path": "/api/health", "port": 8080}
    assert container["livenessProbe"]["httpGet"] == {"path": "/admin/host/ping", "port": 8080}


@pytest.mark.parametrize(
    ("host", "extra", "grace"),
    [
        pytest.param({}, {}, 600, id="host-default-30-minutes-capped"),
        pytest.param({"functionTimeout": "00:02:00"}, {}, 130, id="two-minutes"),
        pytest.param({"functionTimeout": "00:00:05"}, {}, 30, id="floor"),
        pytest.param({"functionTimeout": "-1"}, {}, 600, id="unbounded"),
        pytest.param({"functionTimeout": "1.00:00:00"}, {}, 600, id="one-day"),
        pytest.param({"functionTimeout": "00:02:00"}, {"termination_grace_period": 45}, 45, id="override"),
    ],
)
def test_grace_period_lets_executions_finish(
    tmp_path: Path, host: dict[str, Any], extra: dict[str, Any], grace: int
) -> None:
    plan = plan_app(app_args(write_app(tmp_path, host), **extra))
    for workload, pre_stop in (("shop-http", 5), ("shop", 0)):
        deployment = http_documents(plan)[f"Deployment/{workload}"]["spec"]["template"]["spec"]
        container = deployment["containers"][0]
        assert deployment["terminationGracePeriodSeconds"] == grace
        env = {e["name"]: e["value"] for e in container["env"]}
        assert env["ASPNETCORE_SHUTDOWNTIMEOUTSECONDS"] == str(max(grace - pre_stop - 2, 5))
        assert container["command"] == ["/azure-functions-host/Microsoft.Azure.WebJobs.Script.WebHost"]
        if pre_stop:
            assert container["lifecycle"] == {"preStop": {"sleep": {"seconds": 5}}}
        else:
            assert "lifecycle" not in container


def test_host_command_can_be_left_to_the_image(shop: Path) -> None:
    container = container_of(shop_plan(shop, host_command=""), "shop-http")
    assert "command" not in container
    assert "ASPNETCORE_SHUTDOWNTIMEOUTSECONDS" not in {e["name"] for e in container["env"]}


# -- autoscaling -------------------------------------------------------------------------------------------------


def test_none_keeps_fixed_replicas(shop: Path) -> None:
    plan = shop_plan(shop, min_replicas=2, max_replicas=5)
    http = plan.http_workload
    assert http is not None
    assert (http.replicas, http.scaled_object) == (2, None)


@pytest.mark.parametrize(
    ("extra", "query"),
    [
        pytest.param({}, 'sum(rate(nginx_ingress_controller_requests{ingress="shop-http"}[1m]))', id="default-query"),
        pytest.param(
            {"namespace": "retail"},
            'sum(rate(nginx_ingress_controller_requests{namespace="retail",ingress="shop-http"}[1m]))',
            id="default-query-namespace",
        ),
        pytest.param({"prometheus_query": "sum(rate(my_requests[2m]))"}, "sum(rate(my_requests[2m]))", id="custom"),
    ],
)
def test_prometheus_scales_http_one_to_n_on_request_rate(shop: Path, extra: dict[str, Any], query: str) -> None:
    plan = shop_plan(shop, **PROMETHEUS, http_target_rps=25, max_replicas=8, **extra)
    scaled = http_documents(plan)["ScaledObject/shop-http"]
    assert scaled["spec"] == {
        "scaleTargetRef": {"name": "shop-http"},
        "pollingInterval": 30,
        "cooldownPeriod": 300,
        "minReplicaCount": 1,
        "maxReplicaCount": 8,
        "triggers": [
            {
                "type": "prometheus",
                "metadata": {"serverAddress": "http://prometheus.monitoring:9090", "query": query, "threshold": "25"},
            }
        ],
    }
    assert "replicas" not in http_documents(plan)["Deployment/shop-http"]["spec"]


def test_http_add_on_route_and_scaled_object(shop: Path) -> None:
    plan = shop_plan(
        shop,
        **ADD_ON,
        http_path_prefixes=["/api"],
        http_target_concurrency=20,
        http_target_rps=40,
        ingress_host="www.shop.example.com",
    )
    documents = http_documents(plan)
    assert documents["InterceptorRoute/shop-http"]["spec"] == {
        "target": {"service": "shop-http", "portName": "http"},
        "rules": [{"hosts": ["shop.example.com", "www.shop.example.com"], "paths": [{"value": "/api"}]}],
        "scalingMetric": {
            "concurrency": {"targetValue": 20},
            "requestRate": {"targetValue": 40, "window": "1m", "granularity": "1s"},
        },
    }
    assert documents["ScaledObject/shop-http"]["spec"]["minReplicaCount"] == 0, "the add-on allows scale to zero"
    assert documents["ScaledObject/shop-http"]["spec"]["triggers"] == [
        {
            "type": "external-push",
            "metadata": {
                "scalerAddress": "keda-add-ons-http-external-scaler.keda:9090",
                "interceptorRoute": "shop-http",
            },
        }
    ]
    assert documents["Service/shop-proxy"]["spec"] == {
        "type": "ExternalName",
        "externalName": "keda-add-ons-http-interceptor-proxy.keda.svc.cluster.local",
        "ports": [{"name": "http", "port": 8080, "targetPort": 8080, "protocol": "TCP"}],
    }


def test_http_add_on_concurrency_only_by_default(shop: Path) -> None:
    route = http_documents(shop_plan(shop, **ADD_ON))["InterceptorRoute/shop-http"]
    assert route["spec"]["scalingMetric"] == {"concurrency": {"targetValue": 100}}
    assert "paths" not in route["spec"]["rules"][0]


@pytest.mark.parametrize("preview", [False, True], ids=["up", "preview"])
def test_http_add_on_objects_wait_for_keda_and_the_route(shop: Path, preview: bool) -> None:
    run = deploy(shop, keda_args={"namespace": "autoscaling", "http_add_on": True}, preview=preview, **ADD_ON)
    keda_release, add_on_release = run.named("keda-release"), run.named("keda-http-add-on")
    assert add_on_release.dependencies == [keda_release.urn]
    assert (add_on_release.inputs["chart"], add_on_release.inputs["version"], add_on_release.inputs["namespace"]) == (
        "keda-add-ons-http",
        "0.15.0",
        "autoscaling",
    )
    route = run.named("shop-http-route")
    assert sorted(route.dependencies) == sorted([keda_release.urn, add_on_release.urn])
    http_scaler = run.named("shop-http-scaledobject")
    assert sorted(http_scaler.dependencies) == sorted([keda_release.urn, add_on_release.urn, route.urn])
    assert http_scaler.inputs["spec"]["triggers"][0]["metadata"]["scalerAddress"] == (
        "keda-add-ons-http-external-scaler.autoscaling:9090"
    )
    events = run.named("shop-events-scaledobject")
    assert route.urn not in events.dependencies


def test_http_add_on_needs_a_keda_that_installs_it(shop: Path) -> None:
    run = run_program(
        lambda: FunctionApp("shop", {**app_args(shop, **ADD_ON), "keda_releases": Keda("keda").releases}),  # type: ignore[typeddict-item]
        expect_error=FunctionsKedaError,
    )
    assert "does not install the HTTP add-on" in str(run.error)
    assert [r.name for r in run.registrations] == ["keda", "keda-release"], "the app registered nothing"


def test_keda_managed_elsewhere_names_its_namespace(shop: Path) -> None:
    scaled = http_documents(shop_plan(shop, **ADD_ON, keda_namespace="platform"))["ScaledObject/shop-http"]
    assert scaled["spec"]["triggers"][0]["metadata"]["scalerAddress"] == (
        "keda-add-ons-http-external-scaler.platform:9090"
    )


def test_scaler_address_can_be_given(shop: Path) -> None:
    scaled = http_documents(shop_plan(shop, **ADD_ON, http_add_on_scaler_address="127.0.0.1:9091"))
    assert scaled["ScaledObject/shop-http"]["spec"]["triggers"][0]["metadata"]["scalerAddress"] == "127.0.0.1:9091"


@pytest.mark.parametrize(
    ("extra", "minimum", "types"),
    [
        pytest.param({}, 1, ["azure-queue"], id="none"),
        pytest.param(PROMETHEUS, 1, ["azure-queue", "prometheus"], id="prometheus"),
        pytest.param(ADD_ON, 0, ["azure-queue", "external-push"], id="http-add-on"),
    ],
)
def test_single_deployment_scales_on_events_and_requests(
    shop: Path, extra: dict[str, Any], minimum: int, types: list[str]
) -> None:
    plan = shop_plan(shop, topology="single", **extra)
    (workload,) = plan.workloads
    assert workload.scaled_object is not None
    assert workload.scaled_object.min_replicas == minimum
    assert [t.type for t in workload.scaled_object.triggers] == types


def test_http_scaling_without_http_functions_is_reported(tmp_path: Path) -> None:
    app = write_app(tmp_path)
    for name in ("Public", "Orders", "Default", "Admin"):
        for file in (app / name).iterdir():
            file.unlink()
        (app / name).rmdir()
    plan = plan_app(app_args(app, **ADD_ON))
    assert plan.warnings == (
        "functions-keda:httpScaling is 'http-add-on' but the app has no HTTP functions; it is ignored.",
    )
