"""Content-derived image tags: the files Docker would send, and nothing else, decide the tag."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLE

from components.image import context_files, image_tag, registry_server


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


BASE = {
    "Dockerfile": "FROM mcr.microsoft.com/azure-functions/python:4-python3.11\nCOPY . /home/site/wwwroot\n",
    "host.json": '{"version": "2.0"}',
    "function_app.py": "import azure.functions as func\n",
    "local.settings.json": "{}",
    "node_modules/left-pad/index.js": "module.exports = 1",
    ".venv/lib/site.py": "",
    "pkg/keep.py": "",
    "pkg/drop.pyc": "",
}


@pytest.mark.parametrize(
    ("dockerignore", "expected"),
    [
        pytest.param(None, sorted(BASE), id="no-dockerignore-sends-everything"),
        pytest.param(
            "local.settings.json\nnode_modules\n.venv\n**/*.pyc\n",
            [".dockerignore", "Dockerfile", "function_app.py", "host.json", "pkg/keep.py"],
            id="names-folders-and-globs",
        ),
        pytest.param(
            "# comment\n\n/local.settings.json\n*\n!host.json\n!function_app.py\n",
            ["Dockerfile", "function_app.py", "host.json"],
            id="exceptions-and-the-dockerfile-always-sent",
        ),
        pytest.param(
            "node_modules\n!node_modules/left-pad\n.venv\nlocal.settings.json\npkg\n",
            [".dockerignore", "Dockerfile", "function_app.py", "host.json", "node_modules/left-pad/index.js"],
            id="re-included-subfolder",
        ),
    ],
)
def test_context_files_honour_dockerignore(tmp_path: Path, dockerignore: str | None, expected: list[str]) -> None:
    files = dict(BASE)
    if dockerignore is not None:
        files[".dockerignore"] = dockerignore
    write(tmp_path, files)
    assert context_files(tmp_path) == sorted(expected)


@pytest.mark.parametrize(
    ("change", "tag_changes"),
    [
        pytest.param({"function_app.py": "import azure.functions as func  # v2\n"}, True, id="code-change"),
        pytest.param(
            {"Dockerfile": "FROM mcr.microsoft.com/azure-functions/python:4-python3.12\n"}, True, id="dockerfile-change"
        ),
        pytest.param({"new_module.py": ""}, True, id="new-file"),
        pytest.param({"local.settings.json": '{"Values": {"A": "b"}}'}, False, id="ignored-settings"),
        pytest.param({"node_modules/other/index.js": "x"}, False, id="ignored-dependencies"),
    ],
)
def test_tag_changes_with_the_code_and_only_the_code(tmp_path: Path, change: dict[str, str], tag_changes: bool) -> None:
    write(tmp_path, {**BASE, ".dockerignore": "local.settings.json\nnode_modules\n.venv\n"})
    before = image_tag(tmp_path)
    assert image_tag(tmp_path) == before, "the tag must be deterministic"
    write(tmp_path, change)
    assert (image_tag(tmp_path) != before) is tag_changes


def test_tag_is_short_hex_and_never_latest() -> None:
    tag = image_tag(EXAMPLE)
    assert len(tag) == 16 and all(c in "0123456789abcdef" for c in tag)


@pytest.mark.parametrize(
    ("registry", "server"),
    [("localhost:5001", "localhost:5001"), ("myregistry.azurecr.io/team/apps", "myregistry.azurecr.io")],
)
def test_registry_server_is_the_host_part(registry: str, server: str) -> None:
    assert registry_server(registry) == server
