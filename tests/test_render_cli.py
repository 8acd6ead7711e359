"""`python -m components.render`: the same objects as `pulumi up`, printed without a cluster."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE, REPO, STORAGE

from components.image import image_tag
from components.render import main

STORAGE_SETTING = f"AzureWebJobsStorage={STORAGE}"


def render(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict], str]:
    code = main([str(EXAMPLE), *args])
    captured = capsys.readouterr()
    return code, list(yaml.safe_load_all(captured.out)) if code == 0 else [], captured.err


def test_secrets_are_redacted_unless_asked(capsys: pytest.CaptureFixture[str]) -> None:
    code, documents, _ = render(capsys, "--registry", "localhost:5001", "--set", STORAGE_SETTING)
    assert code == 0
    secret = documents[0]
    assert secret["kind"] == "Secret"
    assert set(secret["stringData"].values()) == {"<redacted>"}
    assert STORAGE not in yaml.safe_dump_all(documents)

    code, documents, _ = render(capsys, "--registry", "localhost:5001", "--set", STORAGE_SETTING, "--show-secrets")
    assert documents[0]["stringData"]["AzureWebJobsStorage"] == STORAGE


def test_registry_images_carry_the_content_tag(capsys: pytest.CaptureFixture[str]) -> None:
    _, documents, _ = render(capsys, "--registry", "localhost:5001", "--set", STORAGE_SETTING)
    images = {d["spec"]["template"]["spec"]["containers"][0]["image"] for d in documents if d["kind"] == "Deployment"}
    assert images == {f"localhost:5001/python-v2-app:{image_tag(EXAMPLE)}"}


def test_warnings_go_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = render(capsys, "--image", "r.io/a@sha256:" + "0" * 64, "--set", STORAGE_SETTING)
    assert code == 0
    assert err.startswith("warning: These functions have no KEDA scaler") and "'NightlyReport'" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--image", "r.io/a:1"], "UseDevelopmentStorage", id="dev-storage"),
        pytest.param(["--image", "r.io/a:1", "--set", "nonsense"], "--set 'nonsense'", id="bad-set"),
        pytest.param(["--set", STORAGE_SETTING], "neither is set", id="no-image-source"),
    ],
)
def test_user_errors_exit_2_with_the_message(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, _, err = render(capsys, *args)
    assert code == 2
    assert err.startswith("error: ") and message in err
    assert "Traceback" not in err


def test_runs_as_a_module_from_a_fresh_interpreter() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "components.render",
            str(EXAMPLE),
            "--image",
            "r.io/a@sha256:" + "0" * 64,
            "--set",
            STORAGE_SETTING,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    kinds = [d["kind"] for d in yaml.safe_load_all(result.stdout)]
    assert kinds == [
        "Secret",
        "Secret",
        "Service",
        "Deployment",
        "Deployment",
        "Deployment",
        "NetworkPolicy",
        "PodDisruptionBudget",
        "ScaledObject",
    ]


def test_stack_renders_what_the_stack_deploys(capsys: pytest.CaptureFixture[str]) -> None:
    """`--stack dev` applies the dev stack's config as __main__.py does (dev storage, disabled functions)."""
    assert main(["--stack", "dev", "--show-secrets"]) == 0
    documents = list(yaml.safe_load_all(capsys.readouterr().out))
    settings = documents[0]["stringData"]
    assert settings["AzureWebJobsStorage"].startswith("DefaultEndpointsProtocol=http;AccountName=functionskeda;")
    assert settings["AzureWebJobs.BillOrderEvent.Disabled"] == "true"
    images = {d["spec"]["template"]["spec"]["containers"][0]["image"] for d in documents if d["kind"] == "Deployment"}
    assert images == {f"localhost:5001/orders:{image_tag(EXAMPLE)}"}
    scaled = next(d for d in documents if d["kind"] == "ScaledObject")
    assert sorted(t["type"] for t in scaled["spec"]["triggers"]) == ["azure-blob", "azure-queue"]


def test_stack_values_that_are_encrypted_are_reported_and_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import components.render as render

    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / "Pulumi.ci.yaml").write_text(
        "config:\n"
        f"  functions-keda:appPath: {EXAMPLE}\n"
        "  functions-keda:image: r.io/orders@sha256:" + "0" * 64 + "\n"
        "  functions-keda:registryPassword:\n    secure: AAABAKsK\n"
        "  functions-keda:settings:\n"
        f"    AzureWebJobsStorage: '{STORAGE}'\n"
    )
    monkeypatch.setattr(render, "PROJECT", tmp_path)
    assert main(["--stack", "ci"]) == 0
    assert "functions-keda:registryPassword is encrypted in Pulumi.ci.yaml and left out" in capsys.readouterr().err
