"""Golden YAML: what `python -m components.render` prints for the examples.

Regenerate after an intended change with ``make golden`` (``UPDATE_GOLDEN=1 pytest tests/test_golden.py``) and
review the diff like code.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import EXAMPLE, FIXTURE_APPS, IMAGE, STORAGE

from components.render import main

GOLDEN = Path(__file__).parent / "golden"

CASES = {
    "python-v2-app": [
        str(EXAMPLE),
        "--image",
        IMAGE,
        "--namespace",
        "orders",
        "--set",
        f"AzureWebJobsStorage={STORAGE}",
    ],
    "python-v2-app-single": [
        str(EXAMPLE),
        "--image",
        IMAGE,
        "--namespace",
        "orders",
        "--topology",
        "single",
        "--min-replicas",
        "2",
        "--max-replicas",
        "20",
        "--set",
        f"AzureWebJobsStorage={STORAGE}",
    ],
    "python-v2-app-prometheus": [
        str(EXAMPLE),
        "--image",
        IMAGE,
        "--namespace",
        "orders",
        "--http-scaling",
        "prometheus",
        "--prometheus-server-address",
        "http://prometheus-server.monitoring:9090",
        "--ingress-host",
        "orders.example.com",
        "--ingress-tls-secret",
        "orders-tls",
        "--set",
        f"AzureWebJobsStorage={STORAGE}",
    ],
    "python-v2-app-http-add-on": [
        str(EXAMPLE),
        "--image",
        IMAGE,
        "--namespace",
        "orders",
        "--http-scaling",
        "http-add-on",
        "--http-host",
        "orders.example.com",
        "--http-host",
        "python-v2-app-proxy.orders",
        "--ingress-host",
        "orders.example.com",
        "--ingress-class-name",
        "nginx",
        "--set",
        f"AzureWebJobsStorage={STORAGE}",
    ],
    "durable-mssql": [str(FIXTURE_APPS / "durable-mssql"), "--image", IMAGE, "--set", f"AzureWebJobsStorage={STORAGE}"],
}


FIXTURE_CASES = {
    f"apps/{app.relative_to(FIXTURE_APPS).as_posix()}": [
        str(app),
        "--image",
        IMAGE,
        "--set",
        f"AzureWebJobsStorage={STORAGE}",
    ]
    for app in sorted(FIXTURE_APPS.rglob("host.json"))
    for app in [app.parent]
    # Build outputs nested in a project (Java's target/azure-functions/<app>) are read through their project.
    if not any(part in ("target", "build", "bin") for part in app.relative_to(FIXTURE_APPS).parts)
}
"""Every fixture app, rendered: pins its Deployments and KEDA triggers exactly."""
CASES.update(FIXTURE_CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_render_matches_golden(case: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(CASES[case]) == 0
    rendered = capsys.readouterr().out
    golden = GOLDEN / f"{case}.yaml"
    golden.parent.mkdir(parents=True, exist_ok=True)
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(rendered)
    assert rendered == golden.read_text(), f"render output changed; run `make golden` if that is intended ({golden})"
