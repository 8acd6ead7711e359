"""`python -m components.render`: the same objects as `pulumi up`, printed without a cluster."""

from __future__ import annotations

import subprocess
import sys

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
