"""Dockerfiles for Functions apps that have none: what ``func init --docker-only`` writes, and better.

:func:`dockerfile_for` and :func:`dockerignore_for` are pure functions of the discovered project. The base image
follows ``FUNCTIONS_WORKER_RUNTIME`` and the language version the project declares:

* Python: ``FUNCTIONS_WORKER_RUNTIME_VERSION``, else ``.python-version``, else 3.11;
* Node.js: package.json ``engines.node``, else ``.nvmrc``/``.node-version``, else 20; dependencies installed
  from the lockfile (``npm ci``) in a build stage, ``npm run build --if-present`` (TypeScript), dev dependencies
  pruned;
* .NET isolated / in-process: the csproj's ``TargetFramework``, built with ``dotnet publish`` in an SDK stage
  that runs on the build machine's own platform (the output is platform-neutral); build output (no csproj) is
  copied as it is;
* Java: the Maven (or Gradle wrapper) build in the ``java:4-java<N>-build`` image, then
  ``target/azure-functions/<appName>``; the Java version from the Functions plugin's ``javaVersion``;
* PowerShell: ``FUNCTIONS_WORKER_RUNTIME_VERSION``, else 7.4; custom handlers: ``base:4``, handler made executable.

The ``hardened`` variant prepares the image for the component's hardened mode (UID 10001, read-only root
filesystem) and keeps working in the default mode: the app is readable by any user and writable by none
(``chmod -R a+rX,go-w``, done in a build stage so no layer is duplicated), Python is compiled at build time
(``compileall --invalidation-mode checked-hash``, valid whatever the files' timestamps) and does not try to write
bytecode at run time (``PYTHONDONTWRITEBYTECODE=1``). It sets neither ``USER`` nor ``ASPNETCORE_URLS``: the default
mode runs the official images as root on port 80, and hardened mode sets the user and port 8080 on the pod.

``python -m components.dockerfiles APP_PATH [--hardened] [--force]`` writes the Dockerfile and .dockerignore into
the app for users who want to own them; an app's own Dockerfile always wins over generation.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from components.errors import FunctionsKedaError
from components.model import FunctionsProject

REGISTRY = "mcr.microsoft.com/azure-functions"
SCRIPT_ROOT = "/home/site/wwwroot"

PYTHON_VERSIONS = ("3.10", "3.11", "3.12", "3.13", "3.14")
DEFAULT_PYTHON = "3.11"
NODE_VERSIONS = (20, 22, 24)
DEFAULT_NODE = 20
DOTNET_ISOLATED_VERSIONS = ("8.0", "9.0", "10.0")
DOTNET_INPROCESS_VERSIONS = ("8.0",)
DEFAULT_DOTNET = "8.0"
JAVA_VERSIONS = ("8", "11", "17", "21")
DEFAULT_JAVA = "17"
POWERSHELL_VERSIONS = ("7.4",)
DEFAULT_POWERSHELL = "7.4"
"""Language versions with a maintained ``mcr.microsoft.com/azure-functions`` image (Functions 4). Versions past
their end of support are refused rather than built on images that no longer get security fixes."""

CHECKOV_SKIPS = {
    "CKV_DOCKER_2": "Kubernetes ignores HEALTHCHECK; the component gives every pod startup, liveness and "
    "readiness probes",
    "CKV_DOCKER_3": "the default mode runs the official images as root on port 80, and the hardened mode sets "
    "UID 10001 on the pod, so the image must not force a user",
}
"""Checks a generated Dockerfile cannot satisfy, suppressed in the file itself with the reason."""

_CHMOD = "chmod -R a+rX,go-w"
_NODE_LTS_NAMES = {"hydrogen": 18, "iron": 20, "jod": 22, "krypton": 24}
_MAX_READ = 1_000_000
"""Bytes read from a project file to find a version in it."""


@dataclass(frozen=True)
class GeneratedBuild:
    """A generated Dockerfile and .dockerignore, and what they build."""

    description: str
    """The language and version, e.g. ``Python 3.11``."""
    base_image: str
    """The image the app runs on."""
    stages: tuple[str, ...]
    """Named stages (valid ``build_target`` values)."""
    dockerfile: str
    dockerignore: str


def dockerfile_for(project: FunctionsProject, hardened: bool) -> str:
    """The Dockerfile that builds ``project`` (see the module docstring); raises :class:`FunctionsKedaError`."""
    return generate(project, hardened).dockerfile


def dockerignore_for(project: FunctionsProject) -> str:
    """The .dockerignore that keeps settings, local environments, tests and build junk out of the image."""
    return generate(project, hardened=False).dockerignore


def generate(project: FunctionsProject, hardened: bool) -> GeneratedBuild:
    """Both files for ``project``, with the base image and stage names; raises :class:`FunctionsKedaError`."""
    builder = _BUILDERS.get(project.worker_runtime)
    if builder is None:
        raise FunctionsKedaError(
            str(project.path),
            f"has FUNCTIONS_WORKER_RUNTIME {project.worker_runtime!r}, for which no Dockerfile can be generated",
            "Write a Dockerfile in the app folder.",
        )
    recipe = builder(project)
    stages = recipe.stages(hardened)
    header = [
        f"# Generated by functions-keda for a {recipe.description} app"
        + (" (hardened variant: runs in the default and the hardened mode)." if hardened else "."),
        "# Edit freely: a Dockerfile in the app folder always wins over the generated one",
        "# (`python -m components.dockerfiles <app>` writes this one there).",
        *(f"# checkov:skip={check}: {reason}" for check, reason in CHECKOV_SKIPS.items()),
        "",
    ]
    body = "\n\n".join("\n".join(stage.lines) for stage in stages)
    return GeneratedBuild(
        description=recipe.description,
        base_image=recipe.base_image,
        stages=tuple(stage.name for stage in stages if stage.name),
        dockerfile="\n".join(header) + "\n" + body + "\n",
        dockerignore=_dockerignore(project, recipe.ignore),
    )


def dockerfile_stages(text: str) -> tuple[str, ...]:
    """The named stages (``FROM ... AS <name>``) of a Dockerfile."""
    return tuple(m.group(1) for m in re.finditer(r"(?im)^\s*FROM\s+[^#\n]*?\s+AS\s+([^\s#]+)", text))


# --- recipes -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Stage:
    name: str | None
    lines: tuple[str, ...]


@dataclass(frozen=True)
class _Recipe:
    description: str
    base_image: str
    stages: Callable[[bool], list[_Stage]]
    """The stages of the default (False) or hardened (True) variant."""
    ignore: tuple[str, ...] = ()
    """Build output to leave out of the context, on top of the common rules."""


def _env(*extra: str) -> str:
    variables = [
        f"AzureWebJobsScriptRoot={SCRIPT_ROOT}",
        "AzureFunctionsJobHost__Logging__Console__IsEnabled=true",
        *extra,
    ]
    return "ENV " + " \\\n    ".join(variables)


def _run(*commands: str) -> str:
    return "RUN " + " \\\n && ".join(commands)


def _json_args(*values: str) -> str:
    return json.dumps(list(values))


def _copy_recipe(project: FunctionsProject, description: str, base: str, *env: str) -> _Recipe:
    """Runtimes that run the folder as it is: PowerShell, custom handlers and build output."""
    handler = _custom_handler(project) if project.worker_runtime == "custom" else None

    def stages(hardened: bool) -> list[_Stage]:
        prepare = ([f"{_CHMOD} {SCRIPT_ROOT}"] if hardened else []) + (
            [f"chmod a+rx,go-w {shlex.quote(f'{SCRIPT_ROOT}/{handler}')}"] if handler else []
        )
        if not prepare:
            return [_Stage(None, (f"FROM {base}", "", _env(*env), "", f"COPY . {SCRIPT_ROOT}"))]
        return [
            _Stage("app", (f"FROM {base} AS app", f"COPY . {SCRIPT_ROOT}", _run(*prepare))),
            _Stage(None, (f"FROM {base}", "", _env(*env), "", f"COPY --from=app {SCRIPT_ROOT} {SCRIPT_ROOT}")),
        ]

    return _Recipe(description, base, stages)


def _python(project: FunctionsProject) -> _Recipe:
    version = _python_version(project)
    base = f"{REGISTRY}/python:4-python{version}"
    requirements = (project.path / "requirements.txt").is_file()
    install = ("COPY requirements.txt /", "RUN pip install --no-cache-dir -r /requirements.txt") if requirements else ()

    def stages(hardened: bool) -> list[_Stage]:
        dependencies = (*install, "") if install else ()
        if not hardened:
            return [_Stage(None, (f"FROM {base}", "", _env(), "", *dependencies, f"COPY . {SCRIPT_ROOT}"))]
        compile_app = f"python -m compileall -q --invalidation-mode checked-hash {SCRIPT_ROOT}"
        prepare = _run(compile_app, f"{_CHMOD} {SCRIPT_ROOT}")
        env = _env("PYTHONDONTWRITEBYTECODE=1")
        return [
            _Stage("app", (f"FROM {base} AS app", f"COPY . {SCRIPT_ROOT}", prepare)),
            _Stage(None, (f"FROM {base}", "", env, "", *dependencies, f"COPY --from=app {SCRIPT_ROOT} {SCRIPT_ROOT}")),
        ]

    return _Recipe(f"Python {version}", base, stages)


def _node(project: FunctionsProject) -> _Recipe:
    version = _node_version(project)
    base = f"{REGISTRY}/node:4-node{version}"
    package = _read_json(project.path / "package.json", project.path)
    if package is None:
        return _copy_recipe(project, f"Node.js {version}", base)
    scripts = package.get("scripts")
    has_build = isinstance(scripts, dict) and "build" in scripts
    lockfile = (project.path / "package-lock.json").is_file() or (project.path / "npm-shrinkwrap.json").is_file()
    manifests = [
        name
        for name in ("package.json", "package-lock.json", "npm-shrinkwrap.json", ".npmrc")
        if (project.path / name).is_file()
    ]
    npmrc = ".npmrc" in manifests
    install = "npm ci --include=dev" if lockfile else "npm install --include=dev"

    def stages(hardened: bool) -> list[_Stage]:
        finish = [
            "npm run build --if-present",
            "npm prune --omit=dev",
            *(["rm -f .npmrc"] if npmrc else []),
            *([f"{_CHMOD} {SCRIPT_ROOT}"] if hardened else []),
        ]
        return [
            _Stage(
                "build",
                (
                    f"FROM {base} AS build",
                    f"WORKDIR {SCRIPT_ROOT}",
                    f"COPY {_json_args(*manifests, './')}",
                    f"RUN {install}",
                    "COPY . .",
                    _run(*finish),
                ),
            ),
            _Stage(None, (f"FROM {base}", "", _env(), "", f"COPY --from=build {SCRIPT_ROOT} {SCRIPT_ROOT}")),
        ]

    ignore = tuple(_typescript_out_dirs(project)) if has_build else ()
    kind = "TypeScript" if (project.path / "tsconfig.json").is_file() else "JavaScript"
    return _Recipe(f"Node.js {version} ({kind})", base, stages, ignore)


def _dotnet(project: FunctionsProject) -> _Recipe:
    isolated = project.worker_runtime == "dotnet-isolated"
    projects = sorted(p.name for p in project.path.glob("*.csproj"))
    supported = DOTNET_ISOLATED_VERSIONS if isolated else DOTNET_INPROCESS_VERSIONS
    if len(projects) > 1:
        raise FunctionsKedaError(
            str(project.path),
            f"holds {len(projects)} projects ({', '.join(projects)}), and the generated Dockerfile builds one",
            "Keep one .csproj in the app folder, or write a Dockerfile that publishes the right one.",
        )
    if projects:
        csproj = projects[0]
        version = _dotnet_version_from_csproj(project.path / csproj, supported)
    else:
        version = _dotnet_version_from_output(project.path, supported)
    if isolated:
        base = f"{REGISTRY}/dotnet-isolated:4-dotnet-isolated{version}"
        description = f".NET {version} isolated"
        env: tuple[str, ...] = ()
    else:
        base = f"{REGISTRY}/dotnet:4-dotnet{version}"
        description = f".NET {version} in-process"
        # The in-process model runs on .NET 8 only with this setting (it is an app setting in Azure).
        env = ("FUNCTIONS_INPROC_NET8_ENABLED=1",)
    if not projects:
        return _copy_recipe(project, description + " (build output)", base, *env)
    restore_inputs = [
        name
        for name in (
            csproj,
            "NuGet.config",
            "nuget.config",
            "Directory.Build.props",
            "Directory.Build.targets",
            "Directory.Packages.props",
            "global.json",
        )
        if (project.path / name).is_file()
    ]

    def stages(hardened: bool) -> list[_Stage]:
        publish = f"dotnet publish {shlex.quote(csproj)} --configuration Release --output {SCRIPT_ROOT}"
        return [
            _Stage(
                "build",
                (
                    # The SDK runs on the build machine's platform (no emulation); the published output is
                    # platform-neutral and runs on the target platform's base image.
                    f"FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:{version} AS build",
                    "WORKDIR /src",
                    f"COPY {_json_args(*restore_inputs, './')}",
                    f"RUN dotnet restore {shlex.quote(csproj)}",
                    "COPY . .",
                    _run(publish, *([f"{_CHMOD} {SCRIPT_ROOT}"] if hardened else [])),
                ),
            ),
            _Stage(None, (f"FROM {base}", "", _env(*env), "", f"COPY --from=build {SCRIPT_ROOT} {SCRIPT_ROOT}")),
        ]

    return _Recipe(description, base, stages, ("**/bin", "**/obj", "**/TestResults", "**/*.user"))


def _java(project: FunctionsProject) -> _Recipe:
    maven = (project.path / "pom.xml").is_file()
    gradle = next((name for name in ("build.gradle", "build.gradle.kts") if (project.path / name).is_file()), None)
    if not maven and gradle is None:
        version = DEFAULT_JAVA
        return _copy_recipe(project, f"Java {version} (build output)", f"{REGISTRY}/java:4-java{version}")
    if maven:
        version, app_name = _maven_settings(project.path / "pom.xml")
        build = "mvn -B package"
        staging = "target/azure-functions"
        ignore: tuple[str, ...] = ("target",)
    else:
        assert gradle is not None
        if not (project.path / "gradlew").is_file():
            raise FunctionsKedaError(
                str(project.path),
                f"is a Gradle project ({gradle}) without the Gradle wrapper, and the Java build image has no Gradle",
                "Add the wrapper (`gradle wrapper`, commit gradlew and gradle/), or write a Dockerfile.",
            )
        version, app_name = _gradle_settings(project.path / gradle)
        build = "sh ./gradlew --no-daemon azureFunctionsPackage"
        staging = "build/azure-functions"
        ignore = ("build", ".gradle")
    base = f"{REGISTRY}/java:4-java{version}"
    builder = f"{REGISTRY}/java:4-java{version}-build"

    def stages(hardened: bool) -> list[_Stage]:
        if app_name is not None:
            output = f"/src/{staging}/{app_name}"
            commands = [build, *([f"{_CHMOD} {staging}"] if hardened else [])]
        else:  # the plugin's appName is not known statically: take the one folder the build wrote
            output = SCRIPT_ROOT
            commands = [
                build,
                f"mkdir -p {SCRIPT_ROOT}",
                f"cp -a {staging}/*/. {SCRIPT_ROOT}/",
                *([f"{_CHMOD} {SCRIPT_ROOT}"] if hardened else []),
            ]
        return [
            _Stage("build", (f"FROM {builder} AS build", "WORKDIR /src", "COPY . .", _run(*commands))),
            _Stage(None, (f"FROM {base}", "", _env(), "", f"COPY --from=build {_json_args(output, SCRIPT_ROOT)}")),
        ]

    return _Recipe(f"Java {version} ({'Maven' if maven else 'Gradle'})", base, stages, ignore)


def _powershell(project: FunctionsProject) -> _Recipe:
    version = _declared_version(project, POWERSHELL_VERSIONS, DEFAULT_POWERSHELL, r"^~?(\d+\.\d+)", "PowerShell", "7.4")
    return _copy_recipe(project, f"PowerShell {version}", f"{REGISTRY}/powershell:4-powershell{version}")


def _custom(project: FunctionsProject) -> _Recipe:
    return _copy_recipe(project, "custom handler", f"{REGISTRY}/base:4")


_BUILDERS: dict[str, Callable[[FunctionsProject], _Recipe]] = {
    "python": _python,
    "node": _node,
    "dotnet-isolated": _dotnet,
    "dotnet": _dotnet,
    "java": _java,
    "powershell": _powershell,
    "custom": _custom,
}


# --- language versions ---------------------------------------------------------------------------------------


def _declared_version(
    project: FunctionsProject, supported: Sequence[str], default: str, pattern: str, language: str, example: str
) -> str:
    """``FUNCTIONS_WORKER_RUNTIME_VERSION`` from local.settings.json, checked against ``supported``."""
    declared = project.local_settings.get("FUNCTIONS_WORKER_RUNTIME_VERSION")
    if declared is None:
        return default
    return _supported(
        declared, pattern, supported, "local.settings.json Values.FUNCTIONS_WORKER_RUNTIME_VERSION", language, example
    )


def _supported(value: str, pattern: str, supported: Sequence[str], where: str, language: str, example: str) -> str:
    match = re.match(pattern, value.strip())
    version = match.group(1) if match else None
    if version is None or version not in supported:
        raise FunctionsKedaError(
            where,
            f"asks for {language} {value.strip()!r}, which has no maintained Azure Functions image",
            f"Use one of {', '.join(supported)} (e.g. {example!r}), or write a Dockerfile in the app folder.",
        )
    return version


def _python_version(project: FunctionsProject) -> str:
    if "FUNCTIONS_WORKER_RUNTIME_VERSION" in project.local_settings:
        return _declared_version(project, PYTHON_VERSIONS, DEFAULT_PYTHON, r"^(3\.\d+)", "Python", DEFAULT_PYTHON)
    pinned = _first_line(project.path / ".python-version")
    if pinned is not None:
        return _supported(pinned, r"^(3\.\d+)(?:\.|$)", PYTHON_VERSIONS, ".python-version", "Python", DEFAULT_PYTHON)
    return DEFAULT_PYTHON


def _node_version(project: FunctionsProject) -> int:
    package = _read_json(project.path / "package.json", project.path)
    engines = package.get("engines") if package is not None else None
    wanted = engines.get("node") if isinstance(engines, dict) else None
    if isinstance(wanted, str) and wanted.strip():
        return _node_major(wanted, "package.json engines.node")
    for name in (".nvmrc", ".node-version"):
        pinned = _first_line(project.path / name)
        if pinned is not None:
            return _node_major(_nvm_alias(pinned), name)
    return DEFAULT_NODE


def _nvm_alias(value: str) -> str:
    alias = value.strip().lower()
    if alias.startswith("lts/") and alias[4:] in _NODE_LTS_NAMES:
        return str(_NODE_LTS_NAMES[alias[4:]])
    return value


def _node_major(wanted: str, where: str) -> int:
    """The image's Node.js major for a semver range: the default when it satisfies it, else the newest that does.

    Ranges are read at major granularity, for the latest release of each major (what its image runs).
    """
    candidates = [DEFAULT_NODE, *sorted((v for v in NODE_VERSIONS if v != DEFAULT_NODE), reverse=True)]
    try:
        chosen = next((major for major in candidates if _satisfies(wanted, major)), None)
    except ValueError:
        chosen = None
    if chosen is None:
        raise FunctionsKedaError(
            where,
            f"asks for Node.js {wanted.strip()!r}, which no maintained Azure Functions image satisfies",
            f"Allow one of Node.js {', '.join(map(str, NODE_VERSIONS))} (e.g. '>={DEFAULT_NODE}'), or write a "
            "Dockerfile in the app folder.",
        )
    return chosen


_COMPARATOR = re.compile(r"^(\^|~|>=|<=|>|<|=)?\s*v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:[-+].*)?$")


def _satisfies(wanted: str, major: int) -> bool:
    """Whether the latest ``major.x.y`` satisfies the npm semver range ``wanted`` (raises ValueError if unreadable)."""
    for alternative in wanted.split("||"):
        alternative = alternative.strip()
        if not alternative or alternative in ("*", "x", "X", "latest", "lts", "lts/*"):
            return True
        hyphen = re.match(r"^(\S+)\s+-\s+(\S+)$", alternative)
        comparators = [f">={hyphen.group(1)}", f"<={hyphen.group(2)}"] if hyphen else alternative.split()
        # "> = 20" and similar spacing: glue lone operators to the version that follows.
        glued: list[str] = []
        for token in comparators:
            if glued and glued[-1] in ("^", "~", ">=", "<=", ">", "<", "="):
                glued[-1] += token
            else:
                glued.append(token)
        if all(_comparator_allows(token, major) for token in glued):
            return True
    return False


def _comparator_allows(token: str, major: int) -> bool:
    match = _COMPARATOR.match(token)
    if match is None:
        raise ValueError(token)
    operator, first, minor, _patch = match.groups()
    if not first.isdigit():
        return True
    wanted = int(first)
    loose = minor is None or not minor.isdigit()  # "20" or "20.x": the whole major
    if operator in (None, "", "=", "^", "~"):
        return major == wanted
    if operator == ">=":
        return major >= wanted
    if operator == ">":
        return major > wanted if loose else major >= wanted
    if operator == "<":
        return major < wanted
    # "<=": a whole major allows its latest release; "<=20.5" does not.
    return major <= wanted if loose else major < wanted


def _dotnet_version_from_csproj(csproj: Path, supported: Sequence[str]) -> str:
    text = _read_text(csproj) or ""
    match = re.search(r"<TargetFrameworks?>\s*([^<]+?)\s*</TargetFrameworks?>", text)
    if match is None:
        return DEFAULT_DOTNET
    framework = match.group(1).split(";")[0].strip()
    return _supported(framework, r"^net(\d+\.\d+)$", supported, f"{csproj.name} TargetFramework", ".NET", "net8.0")


def _dotnet_version_from_output(app_dir: Path, supported: Sequence[str]) -> str:
    """The target framework recorded in build output (``*.runtimeconfig.json`` / ``*.deps.json``)."""
    for folder in (app_dir, app_dir / "bin"):
        for path in sorted(folder.glob("*.runtimeconfig.json")) + sorted(folder.glob("*.deps.json")):
            document = _read_json(path, app_dir) or {}
            options = document.get("runtimeOptions")
            target = document.get("runtimeTarget")
            tfm = options.get("tfm") if isinstance(options, dict) else None
            name = target.get("name") if isinstance(target, dict) else None
            found = (
                re.match(r"^net(\d+\.\d+)$", tfm)
                if isinstance(tfm, str)
                else re.search(r"Version=v(\d+\.\d+)", name)
                if isinstance(name, str)
                else None
            )
            if found:
                where = str(path.relative_to(app_dir))
                return _supported(f"net{found.group(1)}", r"^net(\d+\.\d+)$", supported, where, ".NET", "net8.0")
    return DEFAULT_DOTNET


def _maven_settings(pom: Path) -> tuple[str, str | None]:
    """The Java version and the Functions plugin's ``appName`` of a Maven project (``None`` when not static)."""
    try:
        root = ElementTree.fromstring(_read_text(pom) or "")
    except ElementTree.ParseError:
        return DEFAULT_JAVA, None
    namespace = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    properties: dict[str, str] = {}
    declared = root.find(f"{namespace}properties")
    for prop in declared if declared is not None else ():
        if isinstance(prop.tag, str) and prop.text:
            properties[prop.tag.removeprefix(namespace)] = prop.text.strip()

    def resolve(value: str | None) -> str | None:
        for _ in range(10):  # properties may refer to properties
            if value is None or "${" not in value:
                break
            value = re.sub(r"\$\{([^}]+)\}", lambda m: properties.get(m.group(1), m.group(0)), value)
        return None if value is None or "${" in value or not value.strip() else value.strip()

    plugin_config = None
    for plugin in root.iter(f"{namespace}plugin"):
        artifact = plugin.find(f"{namespace}artifactId")
        if artifact is not None and (artifact.text or "").strip() == "azure-functions-maven-plugin":
            plugin_config = plugin.find(f"{namespace}configuration")
            break

    def config(path: str) -> str | None:
        if plugin_config is None:
            return None
        element = plugin_config.find("/".join(namespace + part for part in path.split("/")))
        return resolve(element.text) if element is not None else None

    java = config("runtime/javaVersion") or next(
        (
            resolve(properties.get(key))
            for key in ("java.version", "maven.compiler.release", "maven.compiler.target")
            if resolve(properties.get(key))
        ),
        None,
    )
    version = _java_version(java, "pom.xml") if java is not None else DEFAULT_JAVA
    app_name = config("appName")
    return version, app_name if app_name is not None and re.match(r"^[\w.-]+$", app_name) else None


def _gradle_settings(script: Path) -> tuple[str, str | None]:
    text = _read_text(script) or ""
    java = re.search(r"javaVersion\s*=?\s*['\"]?(?:JavaVersion\.VERSION_)?(1\.8|\d+)", text) or re.search(
        r"(?:JavaLanguageVersion\.of\(|sourceCompatibility\s*=\s*['\"]?(?:JavaVersion\.VERSION_)?)(1\.8|\d+)", text
    )
    version = _java_version(java.group(1), script.name) if java else DEFAULT_JAVA
    app_name = re.search(r"appName\s*=?\s*['\"]([\w.-]+)['\"]", text)
    return version, app_name.group(1) if app_name else None


def _java_version(value: str, where: str) -> str:
    normalized = "8" if value.strip() in ("1.8", "8", "1.8.0") else value.strip()
    return _supported(normalized, r"^(\d+)$", JAVA_VERSIONS, where, "Java", DEFAULT_JAVA)


def _custom_handler(project: FunctionsProject) -> str | None:
    """The handler executable when it is a file of the app (not a program on the PATH such as ``node``)."""
    handler = project.host.get("customHandler")
    description = handler.get("description") if isinstance(handler, dict) else None
    path = description.get("defaultExecutablePath") if isinstance(description, dict) else None
    if not isinstance(path, str) or not path or path.startswith("/") or ".." in Path(path).parts:
        return None
    return path if (project.path / path).is_file() else None


def _typescript_out_dirs(project: FunctionsProject) -> list[str]:
    """Where ``tsc`` writes (tsconfig ``outDir``): stale local output must not reach the image."""
    text = _read_text(project.path / "tsconfig.json") or ""
    match = re.search(r'"outDir"\s*:\s*"([^"]+)"', text)
    if match is None:
        return []
    out_dir = match.group(1).strip().removeprefix("./").rstrip("/")
    return [out_dir] if out_dir and out_dir not in (".", "..") and not out_dir.startswith(("../", "/")) else []


# --- .dockerignore -------------------------------------------------------------------------------------------

_COMMON_IGNORE = (
    (
        "Local settings and secrets: the component passes settings as a Kubernetes Secret",
        ("local.settings.json", ".env", ".env.*"),
    ),
    ("Version control and editors", (".git", ".vscode", ".idea", ".vs", "**/.DS_Store")),
    (
        "Local environments and dependencies: the image installs its own",
        (".venv", "venv", ".python_packages", "**/node_modules"),
    ),
    (
        "Caches, tests and reports",
        (
            "**/__pycache__",
            "**/*.py[co]",
            ".pytest_cache",
            ".mypy_cache",
            ".ruff_cache",
            ".tox",
            ".nox",
            ".coverage",
            "htmlcov",
            "coverage",
            ".nyc_output",
            "**/npm-debug.log*",
            "tests",
            "test",
        ),
    ),
)


def _dockerignore(project: FunctionsProject, build_output: tuple[str, ...]) -> str:
    # A function folder named like a rule ("test", "coverage"...) is code, never junk.
    keep = {f.source.split("/", 1)[0] for f in project.functions if "/" in f.source}
    sections = [*_COMMON_IGNORE]
    if build_output:
        sections.append(("Build output: the image builds its own", build_output))
    lines = ["# Generated by functions-keda: what the image never needs."]
    for title, rules in sections:
        kept = [rule for rule in rules if rule not in keep]
        if kept:
            lines += ["", f"# {title}", *kept]
    return "\n".join(lines) + "\n"


# --- files ---------------------------------------------------------------------------------------------------


def _read_text(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            return handle.read(_MAX_READ).decode("utf-8", errors="replace")
    except OSError:
        return None


def _first_line(path: Path) -> str | None:
    text = _read_text(path)
    if text is None:
        return None
    return next((line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")), None)


def _read_json(path: Path, app_dir: Path) -> dict[str, Any] | None:
    text = _read_text(path)
    if text is None:
        return None
    try:
        document = json.loads(text.lstrip("\ufeff"))
    except ValueError:
        raise FunctionsKedaError(
            str(path.relative_to(app_dir)) if path.is_relative_to(app_dir) else str(path),
            "is not valid JSON",
            "Fix the file; the generated Dockerfile reads the language version and build steps from it.",
        ) from None
    return document if isinstance(document, dict) else None


# --- command line --------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m components.dockerfiles APP_PATH [--hardened] [--force]``: write the files into the app."""
    parser = argparse.ArgumentParser(
        prog="python -m components.dockerfiles",
        description="Write the Dockerfile and .dockerignore functions-keda would generate into a Functions app, "
        "to own and edit them (an app's own Dockerfile always wins over generation).",
    )
    parser.add_argument("app_path", help="the Functions project folder (the one holding host.json)")
    parser.add_argument(
        "--hardened", action="store_true", help="the variant for hardened mode (it runs in the default mode too)"
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing Dockerfile and .dockerignore")
    options = parser.parse_args(argv)

    from components.discovery import discover  # the parsers load only for the command

    try:
        project = discover(options.app_path)
        generated = generate(project, options.hardened)
    except FunctionsKedaError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    dockerfile = project.path / "Dockerfile"
    if dockerfile.exists() and not options.force:
        print(f"error: {dockerfile} exists; pass --force to overwrite it.", file=sys.stderr)
        return 1
    dockerfile.write_text(generated.dockerfile, encoding="utf-8")
    print(f"wrote {dockerfile} ({generated.description}, base {generated.base_image})")
    ignore = project.path / ".dockerignore"
    if ignore.exists() and not options.force:
        existing = {line.strip() for line in ignore.read_text(encoding="utf-8", errors="replace").splitlines()}
        missing = [
            rule
            for rule in generated.dockerignore.splitlines()
            if rule.strip() and not rule.startswith("#") and rule not in existing
        ]
        print(f"kept {ignore}" + (f"; the generated one would also exclude: {', '.join(missing)}" if missing else ""))
    else:
        ignore.write_text(generated.dockerignore, encoding="utf-8")
        print(f"wrote {ignore}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
