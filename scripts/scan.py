"""Render every example in every security and HTTP mode, and scan the manifests with checkov.

Usage: ``make scan`` (which runs ``python scripts/scan.py --checkov .venv-scan/bin/checkov``). Exits non-zero on
any finding. Checks a mode cannot satisfy are suppressed in the manifests themselves (``checkov.io/skipN``
annotations with the reason) and listed in the README's security section.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from components.manifests import render  # noqa: E402
from components.plan import plan_app  # noqa: E402

STORAGE = "DefaultEndpointsProtocol=https;AccountName=scan;AccountKey=c2Nhbg==;EndpointSuffix=core.windows.net"
IMAGE = "registry.example.com/functions/app@sha256:" + "0" * 64
SECURITY_MODES = {"default": {}, "hardened": {"hardened": True}}
HTTP_MODES: dict[str, dict[str, Any]] = {
    "http-none": {},
    "http-prometheus": {
        "http_scaling": "prometheus",
        "prometheus_server_address": "http://prometheus.monitoring:9090",
        "ingress_host": "app.example.com",
        "ingress_tls_secret": "app-tls",
    },
    "http-add-on": {"http_scaling": "http-add-on", "ingress_host": "app.example.com", "ingress_tls_secret": "app-tls"},
}


def example_apps() -> list[Path]:
    """Every example app (a folder under examples/ holding host.json)."""
    return sorted(p.parent for p in REPO.glob("examples/*/host.json"))


def render_all(out: Path) -> list[Path]:
    """Write one YAML file per example, security mode and HTTP mode; returns their paths."""
    files = []
    for app in example_apps():
        for security, security_args in SECURITY_MODES.items():
            for http, http_args in HTTP_MODES.items():
                args = {
                    "app_path": str(app),
                    "image": IMAGE,
                    "namespace": "functions",
                    "create_namespace": True,
                    "settings": {"AzureWebJobsStorage": STORAGE},
                    **security_args,
                    **http_args,
                }
                path = out / f"{app.name}-{security}-{http}.yaml"
                path.write_text(yaml.safe_dump_all(render(plan_app(args), IMAGE), sort_keys=False))
                files.append(path)
    return files


def main() -> int:
    """Render, scan, and return checkov's exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkov", default="checkov", help="the checkov executable")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        files = render_all(Path(folder))
        print(f"scanning {len(files)} rendered manifests of {len(example_apps())} examples", flush=True)
        # --skip-download: checkov must not reach out to its vendor's API (no network in CI, and nothing to send).
        command = [
            options.checkov,
            "--framework",
            "kubernetes",
            "--compact",
            "--quiet",
            "--skip-download",
            "-d",
            folder,
        ]
        # No update check against PyPI either: the scan is offline and repeatable.
        env = {**os.environ, "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true"}
        return subprocess.run(command, check=False, env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
