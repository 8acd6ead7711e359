"""Functions described by ``<folder>/function.json`` files.

This is how Python v1, Node.js v3, PowerShell and custom handler apps declare their functions, and what
the Java (``mvn package``) and .NET in-process (``dotnet build``) toolchains write into their build output.
The host only looks one folder deep, so do we.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from components.discovery.jsonfiles import json_type_name, read_json_object, relative
from components.errors import FunctionsKedaError
from components.model import FunctionSpec

IGNORED_FOLDERS = frozenset(
    {".venv", "venv", "node_modules", "bin", "obj", ".git", "__pycache__", ".vscode", ".idea", ".python_packages"}
)
"""Folders that hold dependencies or build junk, never function folders; skipping them keeps discovery fast
however large they are."""


def function_folders(app_dir: Path) -> list[Path]:
    """The immediate sub-folders of ``app_dir`` that hold a ``function.json``, sorted by name."""
    folders = []
    for entry in sorted(app_dir.iterdir(), key=lambda p: p.name):
        if entry.name in IGNORED_FOLDERS or entry.name.startswith("."):
            continue
        if entry.is_dir() and (entry / "function.json").is_file():
            folders.append(entry)
    return folders


def discover_function_json(app_dir: Path) -> tuple[FunctionSpec, ...]:
    """Read every ``*/function.json`` one level below ``app_dir``.

    The folder's name is the function's name, as for the host. Raises :class:`FunctionsKedaError` for a
    malformed file or a binding without a ``type``.
    """
    return tuple(_read_function(folder, app_dir) for folder in function_folders(app_dir))


def _read_function(folder: Path, app_dir: Path) -> FunctionSpec:
    path = folder / "function.json"
    where = relative(path, app_dir)
    document = read_json_object(path, app_dir)
    bindings = document.get("bindings")
    if not isinstance(bindings, list) or not bindings:
        raise FunctionsKedaError(
            where,
            "'bindings' must be a non-empty array, found "
            + ("an empty array" if bindings == [] else json_type_name(bindings)),
            'List the function\'s trigger and bindings under "bindings": [ ... ].',
        )
    for index, binding in enumerate(bindings):
        _check_binding(binding, f"{where} bindings[{index}]")
    disabled = document.get("disabled", False)
    if not isinstance(disabled, bool):
        raise FunctionsKedaError(
            where, f"'disabled' must be true or false, found {disabled!r}", 'Use a JSON boolean: "disabled": true.'
        )
    return FunctionSpec(
        name=folder.name,
        bindings=tuple(bindings),
        source=where,
        disabled=disabled,
        script_file=_script_file(document, folder),
    )


_DEFAULT_SCRIPTS = ("index.js", "index.mjs", "index.cjs", "run.ps1", "__init__.py")
"""What the host loads when ``scriptFile`` is absent, by language."""


def _script_file(document: dict[str, Any], folder: Path) -> str | None:
    script = document.get("scriptFile")
    if isinstance(script, str) and script:
        return script
    return next((name for name in _DEFAULT_SCRIPTS if (folder / name).is_file()), None)


def _check_binding(binding: Any, where: str) -> None:
    if not isinstance(binding, dict):
        raise FunctionsKedaError(
            where, f"must be an object, found {json_type_name(binding)}", 'Describe each binding as { "type": ... }.'
        )
    kind = binding.get("type")
    if not isinstance(kind, str) or not kind:
        raise FunctionsKedaError(
            where, f"'type' must be a non-empty string, found {kind!r}", 'Set the binding type, e.g. "queueTrigger".'
        )
