"""Read a whole Functions project folder into a :class:`FunctionsProject`."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from components.discovery.function_json import discover_function_json
from components.discovery.jsonfiles import is_dir, is_file, json_type_name, read_json_object
from components.errors import FunctionsKedaError
from components.model import FunctionSpec, FunctionsProject, binding_type


@dataclass(frozen=True)
class _SourceModel:
    """A programming model whose functions are found in source code or a build manifest."""

    name: str
    runtime: str
    module: str
    """Imported only when :attr:`applies` says so: parsers are not loaded for apps that do not need them."""
    function: str
    marker: Callable[[Path, str], bool]
    replaces_function_json: bool = False
    takes_script: bool = False

    def applies(self, app_dir: Path, script_file: str) -> bool:
        """Whether the folder has this model's marker file (cheap: no parsing)."""
        return self.marker(app_dir, script_file)

    def discover(self, app_dir: Path, script_file: str) -> tuple[FunctionSpec, ...]:
        """Run the model's discovery (Python v2 also needs the script's name)."""
        discover = getattr(importlib.import_module(self.module), self.function)
        found: tuple[FunctionSpec, ...] = discover(app_dir, script_file) if self.takes_script else discover(app_dir)
        return found


_SOURCE_MODELS = (
    _SourceModel(
        "node-v4",
        "node",
        "components.discovery.node_v4",
        "discover_node_v4",
        lambda app, _: (app / "package.json").is_file(),
        replaces_function_json=True,
    ),
    _SourceModel(
        "dotnet-isolated",
        "dotnet-isolated",
        "components.discovery.dotnet_isolated",
        "discover_dotnet_isolated",
        lambda app, _: (app / "functions.metadata").is_file() or any(app.glob("*.csproj")),
    ),
    _SourceModel(
        "java",
        "java",
        "components.discovery.java",
        "discover_java",
        lambda app, _: any((app / name).is_file() for name in ("pom.xml", "build.gradle", "build.gradle.kts")),
    ),
    _SourceModel(
        "python-v2",
        "python",
        "components.discovery.python_v2",
        "discover_python_v2",
        lambda app, script: is_file(app / script),
        takes_script=True,
    ),
)
"""Checked in this order after ``*/function.json``; each is cheap to rule out."""

WORKER_RUNTIMES = ("dotnet", "dotnet-isolated", "node", "python", "java", "powershell", "custom")
"""Every ``FUNCTIONS_WORKER_RUNTIME`` value the Functions 4 host accepts."""

_RUNTIME_BY_SCRIPT_SUFFIX = {
    ".py": "python",
    ".js": "node",
    ".mjs": "node",
    ".cjs": "node",
    ".ts": "node",
    ".mts": "node",
    ".cts": "node",
    ".ps1": "powershell",
    ".psm1": "powershell",
    ".jar": "java",
    ".dll": "dotnet",
}

_COMPATIBLE_RUNTIMES = {"dotnet": {"dotnet", "dotnet-isolated"}}
"""A ``.dll`` script file is written by both .NET models; the setting decides which one it is."""


def discover(app_path: str | Path) -> FunctionsProject:
    """Read the Functions project at ``app_path`` without running any of its code.

    **parameters**

    * **app_path** - the project folder: the one holding ``host.json``.

    Reads ``host.json`` (required), ``local.settings.json`` (optional), every ``*/function.json`` one folder
    deep, and the Python v2 script (``function_app.py`` or ``PYTHON_SCRIPT_FILE_NAME``). Raises
    :class:`FunctionsKedaError` for anything the host would reject.
    """
    try:
        app_dir = Path(app_path).expanduser().resolve()
    except (OSError, RuntimeError, ValueError) as error:
        raise FunctionsKedaError(
            f"appPath {str(app_path)[:200]!r}", f"is not a usable path ({error})", "Give the path of a folder."
        ) from None
    if not is_dir(app_dir):
        raise FunctionsKedaError(
            f"appPath {str(app_path)!r}",
            "is not a folder",
            "Point functions-keda:appPath at your Functions project (the folder that holds host.json).",
        )
    host_path = app_dir / "host.json"
    if not host_path.is_file():
        raise FunctionsKedaError(
            str(app_dir),
            "has no host.json, so it is not a Functions project",
            "Point functions-keda:appPath at the folder that holds host.json (for Java, the "
            "target/azure-functions/<app> folder that `mvn package` writes).",
        )
    host = read_json_object(host_path, app_dir)
    _check_host(host)
    local_settings = _read_local_settings(app_dir)

    script_file = local_settings.get("PYTHON_SCRIPT_FILE_NAME", "function_app.py")
    functions: list[FunctionSpec] = list(discover_function_json(app_dir))
    models = ["function.json"] if functions else []
    model_runtime = None
    for model in _SOURCE_MODELS:
        if not model.applies(app_dir, script_file):
            continue
        found = model.discover(app_dir, script_file)
        if not found:
            continue
        if model.replaces_function_json:
            # The Node.js worker ignores function.json (v3) functions once an app registers v4 ones.
            functions, models = [], []
        functions.extend(found)
        models.append(model.name)
        model_runtime = model_runtime or model.runtime
    if not functions:
        raise FunctionsKedaError(
            str(app_dir),
            f"defines no functions (no */function.json, no decorated functions in {script_file}, no Node.js v4 "
            "registrations, no .NET isolated or Java functions)",
            "Add a function, or point functions-keda:appPath at the build output that holds the function.json "
            "files (Java: target/azure-functions/<app>; .NET in-process: bin/<config>/<tfm>).",
        )
    for function in functions:
        _check_single_trigger(function)
    _check_unique_names(functions)
    runtime = _worker_runtime(host, local_settings, functions, model_runtime)
    return FunctionsProject(
        path=app_dir,
        host=host,
        local_settings=local_settings,
        functions=tuple(functions),
        worker_runtime=runtime,
        models=tuple(models),
    )


def _check_host(host: Mapping[str, Any]) -> None:
    version = host.get("version")
    if version != "2.0":
        raise FunctionsKedaError(
            "host.json",
            f"'version' is {version!r}",
            'The Functions 4 host needs "version": "2.0" in host.json.',
        )
    allow_list = host.get("functions")
    if allow_list is not None and (
        not isinstance(allow_list, list) or not all(isinstance(item, str) for item in allow_list)
    ):
        raise FunctionsKedaError(
            "host.json",
            f"'functions' must be an array of function names, found {allow_list!r}",
            'List the functions to run, e.g. "functions": ["orders"], or remove the key to run them all.',
        )
    for section in ("extensions", "customHandler"):
        value = host.get(section)
        if value is not None and not isinstance(value, dict):
            raise FunctionsKedaError(
                "host.json",
                f"'{section}' must be an object, found {json_type_name(value)}",
                f'Write "{section}": {{ ... }} as the host.json reference describes.',
            )


def _read_local_settings(app_dir: Path) -> dict[str, str]:
    path = app_dir / "local.settings.json"
    if not path.is_file():
        return {}
    document = read_json_object(path, app_dir)
    if document.get("IsEncrypted") is True:
        raise FunctionsKedaError(
            "local.settings.json",
            "is encrypted (IsEncrypted: true), and only the machine that encrypted it can read it",
            "Run `func settings decrypt` in the app folder, or move the values to the stack with "
            "`pulumi config set --secret --path 'functions-keda:settings.<Name>' <value>`.",
        )
    values = document.get("Values", {})
    if not isinstance(values, dict):
        raise FunctionsKedaError(
            "local.settings.json",
            f"'Values' must be an object of setting names to strings, found {json_type_name(values)}",
            'Write "Values": { "Name": "value", ... }.',
        )
    settings: dict[str, str] = {}
    for key, value in values.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, (int, float)):
            value = str(value)  # func and the host read numbers as their text, so do we
        if not isinstance(value, str):
            raise FunctionsKedaError(
                "local.settings.json",
                f"Values.{key} must be a string, found {json_type_name(value)}",
                f'App settings are strings: write "{key}": "<value>".',
            )
        settings[key] = value
    return settings


def _check_single_trigger(function: FunctionSpec) -> None:
    triggers = [str(b.get("type")) for b in function.bindings if binding_type(b).endswith("trigger")]
    if len(triggers) != 1:
        found = "no trigger binding" if not triggers else f"{len(triggers)} trigger bindings ({', '.join(triggers)})"
        raise FunctionsKedaError(
            f"function {function.name!r} ({function.source})",
            f"has {found}, and the host runs only functions with exactly one",
            "Give the function one trigger binding (a type ending in 'Trigger', e.g. queueTrigger); use input "
            "bindings for the rest.",
        )


def _check_unique_names(functions: list[FunctionSpec]) -> None:
    seen: dict[str, FunctionSpec] = {}
    for function in functions:
        # The host looks functions up case-insensitively, so "Orders" and "orders" collide.
        key = function.name.lower()
        if key in seen:
            first = seen[key]
            raise FunctionsKedaError(
                f"function {function.name!r} ({function.source})",
                f"has the same name as the function defined in {first.source}",
                "Function names must be unique in an app (ignoring case): rename one of them.",
            )
        seen[key] = function


def _worker_runtime(
    host: Mapping[str, Any],
    local_settings: Mapping[str, str],
    functions: list[FunctionSpec],
    model_runtime: str | None,
) -> str:
    """The runtime the code needs, checked against the one ``local.settings.json`` declares."""
    detected = _detect_runtime(host, functions, model_runtime)
    declared = local_settings.get("FUNCTIONS_WORKER_RUNTIME")
    if declared is not None:
        check_worker_runtime(declared, "local.settings.json Values.FUNCTIONS_WORKER_RUNTIME", detected)
        return declared
    if detected is None:
        raise FunctionsKedaError(
            "local.settings.json",
            "has no FUNCTIONS_WORKER_RUNTIME and the language cannot be told from the function files",
            f"Set Values.FUNCTIONS_WORKER_RUNTIME to one of {', '.join(WORKER_RUNTIMES)}.",
        )
    return detected


def check_worker_runtime(value: str, where: str, detected: str | None) -> None:
    """Reject unknown runtimes and ones that contradict the code; used for local and stack settings."""
    if value not in WORKER_RUNTIMES:
        raise FunctionsKedaError(
            where,
            f"{value!r} is not a Functions runtime",
            f"Use one of {', '.join(WORKER_RUNTIMES)}.",
        )
    if detected is not None and value not in _COMPATIBLE_RUNTIMES.get(detected, {detected}):
        raise FunctionsKedaError(
            where,
            f"is {value!r} but the functions are written for {detected!r}",
            f"Set FUNCTIONS_WORKER_RUNTIME to {detected!r}, or remove it and it will be set for you.",
        )


def _detect_runtime(host: Mapping[str, Any], functions: list[FunctionSpec], model_runtime: str | None) -> str | None:
    if isinstance(host.get("customHandler"), dict):
        return "custom"
    if model_runtime is not None:
        return model_runtime
    for function in functions:
        if function.script_file is not None:
            runtime = _RUNTIME_BY_SCRIPT_SUFFIX.get(Path(function.script_file).suffix.lower())
            if runtime is not None:
                return runtime
    return None
