"""Discovery of whole projects: which functions, which triggers, which runtime, for every programming model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLE, FIXTURE_APPS

from components.discovery import discover

CASES = {
    "python-v2-app": (
        EXAMPLE,
        "python",
        ("python-v2",),
        {
            "CreateOrder": "httpTrigger",
            "health": "httpTrigger",
            "ProcessOrder": "queueTrigger",
            "BillOrderEvent": "serviceBusTrigger",
            "NightlyReport": "timerTrigger",
            "ProcessInvoice": "blobTrigger",
            "IngestTelemetry": "eventHubTrigger",
        },
    ),
    "python-v1": (
        FIXTURE_APPS / "python-v1",
        "python",
        ("function.json",),
        {
            "Disabled": "queueTrigger",
            "HttpStart": "httpTrigger",
            "Nightly": "timerTrigger",
            "QueueWorker": "queueTrigger",
        },
    ),
    "node-v3": (
        FIXTURE_APPS / "node-v3",
        "node",
        ("function.json",),
        {"Api": "httpTrigger", "Ingest": "eventHubTrigger", "ProcessOrder": "serviceBusTrigger"},
    ),
    "powershell": (FIXTURE_APPS / "powershell", "powershell", ("function.json",), {"QueueFn": "queueTrigger"}),
    "custom-handler": (
        FIXTURE_APPS / "custom-handler",
        "custom",
        ("function.json",),
        {"KafkaFn": "kafkaTrigger", "RabbitFn": "rabbitMQTrigger"},
    ),
    "java-build": (
        FIXTURE_APPS / "java-build",
        "java",
        ("function.json",),
        {"QueueJava": "queueTrigger", "UploadJava": "blobTrigger"},
    ),
    "dotnet-inprocess-build": (
        FIXTURE_APPS / "dotnet-inprocess-build",
        "dotnet",
        ("function.json",),
        {"ProcessQueue": "queueTrigger"},
    ),
    "durable-mssql": (
        FIXTURE_APPS / "durable-mssql",
        "python",
        ("function.json",),
        {
            "Counter": "entityTrigger",
            "HttpStart": "httpTrigger",
            "Orchestrator": "orchestrationTrigger",
            "SayHello": "activityTrigger",
        },
    ),
    "python-v2-mixed": (
        FIXTURE_APPS / "python-v2-mixed",
        "python",
        ("python-v2",),
        {
            "ScoreQueue": "queueTrigger",
            "GetScore": "httpTrigger",
            "ClickStream": "kafkaTrigger",
            "RunTask": "rabbitMQTrigger",
            "settle_payment": "serviceBusTrigger",
            "SyncProducts": "cosmosDBTrigger",
        },
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_discovers_every_function_with_its_trigger(case: str) -> None:
    path, runtime, models, triggers = CASES[case]
    project = discover(path)
    assert project.worker_runtime == runtime
    assert project.models == models
    assert {f.name: f.trigger["type"] for f in project.functions if f.trigger} == triggers


def test_disabled_flag_is_read_not_dropped() -> None:
    project = discover(FIXTURE_APPS / "python-v1")
    assert {f.name: f.disabled for f in project.functions} == {
        "Disabled": True,
        "HttpStart": False,
        "Nightly": False,
        "QueueWorker": False,
    }


def test_bindings_are_kept_exactly_as_written() -> None:
    project = discover(FIXTURE_APPS / "node-v3")
    ingest = next(f for f in project.functions if f.name == "Ingest")
    written = json.loads((FIXTURE_APPS / "node-v3" / "Ingest" / "function.json").read_text())["bindings"]
    assert list(ingest.bindings) == written
    assert ingest.source == "Ingest/function.json"


def test_python_v2_bindings_are_what_the_worker_indexes() -> None:
    project = discover(FIXTURE_APPS / "python-v2-mixed")
    kafka = next(f for f in project.functions if f.name == "ClickStream").trigger
    assert kafka is not None
    assert (kafka["type"], kafka["topic"], kafka["brokerList"], kafka["consumerGroup"], kafka["lagThreshold"]) == (
        "kafkaTrigger",
        "clicks",
        "%Brokers%",
        "clickstream",
        500,
    )


@pytest.mark.parametrize("folder", ["node_modules", ".venv", "bin", "obj", ".git", "__pycache__"])
def test_dependency_and_build_folders_are_never_scanned(tmp_path: Path, folder: str) -> None:
    (tmp_path / "host.json").write_text('{"version": "2.0"}')
    (tmp_path / "local.settings.json").write_text('{"Values": {"FUNCTIONS_WORKER_RUNTIME": "node"}}')
    for name in ("Real", folder):
        (tmp_path / name).mkdir()
        (tmp_path / name / "function.json").write_text(
            '{"bindings": [{"type": "queueTrigger", "name": "m", "queueName": "q"}]}'
        )
    assert [f.name for f in discover(tmp_path).functions] == ["Real"]


def test_runtime_is_taken_from_the_code_when_settings_do_not_say(tmp_path: Path) -> None:
    (tmp_path / "host.json").write_text('{"version": "2.0"}')
    (tmp_path / "Fn").mkdir()
    (tmp_path / "Fn" / "function.json").write_text('{"bindings": [{"type": "httpTrigger", "name": "req"}]}')
    (tmp_path / "Fn" / "run.ps1").write_text("param($Request)")
    project = discover(tmp_path)
    assert (project.worker_runtime, project.local_settings) == ("powershell", {})
