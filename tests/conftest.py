"""Shared fixtures: the example and fixture apps, and arguments that make them deployable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "python-v2-app"
FIXTURE_APPS = REPO / "tests" / "apps"

STORAGE = "DefaultEndpointsProtocol=https;AccountName=fixturestore;AccountKey=ZmFrZQ==;EndpointSuffix=core.windows.net"
"""A well-formed connection string; the apps' own local.settings.json point at the emulator, as real ones do."""

IMAGE = "registry.example.com/functions/app@sha256:" + "ab" * 32

ALL_APPS = [EXAMPLE, *sorted(p for p in FIXTURE_APPS.iterdir() if (p / "host.json").is_file())]
"""Every app the tests deploy: the example first, then each fixture app."""


def app_args(app: Path, **extra: Any) -> dict[str, Any]:
    """FunctionAppArgs that deploy ``app`` with a prebuilt image and a real-looking storage account."""
    args: dict[str, Any] = {"app_path": str(app), "image": IMAGE, "settings": {"AzureWebJobsStorage": STORAGE}}
    args.update(extra)
    return args
