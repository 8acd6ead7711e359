"""Shared fixtures: the example and fixture apps, and arguments that make them deployable."""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

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


@pytest.fixture
def no_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Forbid starting processes, and put fake ``tools`` first on PATH that would leave a trace if run anyway.

    Call it with the tool names; it returns the trace file, which must not exist after the code under test ran.
    """

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a process was started: {args!r}")

    def install(*tools: str) -> Path:
        trace = tmp_path / "tools-ran"
        folder = tmp_path / "fake-tools"
        folder.mkdir()
        for tool in tools:
            script = folder / tool
            script.write_text(f"#!/bin/sh\necho {tool} >> {trace}\n")
            script.chmod(script.stat().st_mode | stat.S_IXUSR)
        monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
        for module, name in (
            (subprocess, "Popen"),
            (os, "system"),
            (os, "posix_spawn"),
            (os, "posix_spawnp"),
            (os, "fork"),
            (os, "execvp"),
            (os, "execvpe"),
        ):
            monkeypatch.setattr(module, name, refuse)
        return trace

    return install
