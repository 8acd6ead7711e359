"""Generated Dockerfiles: golden files per runtime and variant, language versions, linters, and the command.

Regenerate the golden files after an intended change with ``UPDATE_GOLDEN=1 pytest tests/test_dockerfiles.py`` and
review the diff like code. hadolint and checkov run over every golden Dockerfile when they are installed
(``pip install -r requirements-lint.txt``; checkov from requirements-scan.txt); point ``HADOLINT``/``CHECKOV`` at
them when they are not on the PATH or next to the test interpreter.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_APPS, REPO

from components.discovery import discover
from components.dockerfiles import (
    CHECKOV_SKIPS,
    DEFAULT_NODE,
    dockerfile_for,
    dockerfile_stages,
    dockerignore_for,
    generate,
    main,
)
from components.errors import FunctionsKedaError
from components.image import context_files, parse_dockerignore

GOLDEN = Path(__file__).parent / "golden" / "dockerfiles"

CASES = {
    "python-v2": FIXTURE_APPS / "python-v2-mixed",
    "python-v1": FIXTURE_APPS / "python-v1",
    "node-v3": FIXTURE_APPS / "node-v3",
    "node-v4": FIXTURE_APPS / "node-v4",
    "node-v4-ts": FIXTURE_APPS / "node-v4-ts",
    "dotnet-isolated-source": FIXTURE_APPS / "dotnet-isolated-source",
    "dotnet-isolated-build": FIXTURE_APPS / "dotnet-isolated-build",
    "dotnet-inprocess-build": FIXTURE_APPS / "dotnet-inprocess-build",
    "java-maven": FIXTURE_APPS / "java-source",
    "java-build": FIXTURE_APPS / "java-build",
    "powershell": FIXTURE_APPS / "powershell",
    "custom-handler": FIXTURE_APPS / "custom-handler",
}
"""One app per runtime and shape (source or build output), rendered in both variants."""

VARIANTS = {"default": False, "hardened": True}


def golden_name(case: str, variant: str) -> str:
    return f"{case}.Dockerfile" if variant == "default" else f"{case}.{variant}.Dockerfile"


def check_golden(path: Path, text: str) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    assert path.is_file(), f"{path} is missing: run UPDATE_GOLDEN=1 pytest {Path(__file__).name}"
    assert text == path.read_text(), f"{path.name} changed: review, then UPDATE_GOLDEN=1 pytest {Path(__file__).name}"


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("case", CASES)
def test_dockerfile_matches_golden(case: str, variant: str) -> None:
    project = discover(CASES[case])
    check_golden(GOLDEN / golden_name(case, variant), dockerfile_for(project, VARIANTS[variant]))


@pytest.mark.parametrize("case", CASES)
def test_dockerignore_matches_golden(case: str) -> None:
    check_golden(GOLDEN / f"{case}.dockerignore", dockerignore_for(discover(CASES[case])))


def test_no_stale_golden_files() -> None:
    expected = {golden_name(c, v) for c in CASES for v in VARIANTS} | {f"{c}.dockerignore" for c in CASES}
    assert {p.name for p in GOLDEN.iterdir()} == expected


@pytest.mark.parametrize("case", CASES)
def test_every_variant_keeps_settings_out_and_never_floats(case: str) -> None:
    project = discover(CASES[case])
    ignore = dockerignore_for(project).splitlines()
    assert "local.settings.json" in ignore and ".git" in ignore and "**/node_modules" in ignore
    for hardened in (False, True):
        generated = generate(project, hardened)
        assert generated.base_image.startswith("mcr.microsoft.com/azure-functions/")
        for line in generated.dockerfile.splitlines():
            if line.startswith("FROM "):
                image = line.split()[2] if line.startswith("FROM --platform") else line.split()[1]
                assert ":" in image and not image.endswith(":latest"), line
        # The hardened variant must still run in the default mode (root, port 80): no USER, no port.
        assert "\nUSER " not in generated.dockerfile
        assert "ASPNETCORE_URLS" not in generated.dockerfile
        if hardened:
            assert "chmod -R a+rX,go-w" in generated.dockerfile


def test_hardened_python_is_compiled_and_does_not_write_bytecode() -> None:
    text = dockerfile_for(discover(CASES["python-v2"]), hardened=True)
    assert "compileall -q --invalidation-mode checked-hash /home/site/wwwroot" in text
    assert "PYTHONDONTWRITEBYTECODE=1" in text
    assert "compileall" not in dockerfile_for(discover(CASES["python-v2"]), hardened=False)


def test_dockerfile_stages() -> None:
    assert dockerfile_stages(generate(discover(CASES["dotnet-isolated-source"]), False).dockerfile) == ("build",)
    assert dockerfile_stages("FROM a AS one\nfrom b as Two # c\nFROM c\n") == ("one", "Two")
    assert generate(discover(CASES["powershell"]), False).stages == ()
    assert generate(discover(CASES["powershell"]), True).stages == ("app",)


# --- language versions ---------------------------------------------------------------------------------------


def copy_app(tmp_path: Path, case: str) -> Path:
    app = tmp_path / CASES[case].name
    shutil.copytree(CASES[case], app)
    return app


def set_local(app: Path, **values: str) -> None:
    path = app / "local.settings.json"
    document = json.loads(path.read_text())
    document["Values"].update(values)
    path.write_text(json.dumps(document))


def base_image(app: Path) -> str:
    return generate(discover(app), False).base_image


def test_python_version_from_setting_then_python_version_file(tmp_path: Path) -> None:
    app = copy_app(tmp_path, "python-v2")
    assert base_image(app) == "mcr.microsoft.com/azure-functions/python:4-python3.11"
    (app / ".python-version").write_text("3.12.4\n")
    assert base_image(app) == "mcr.microsoft.com/azure-functions/python:4-python3.12"
    set_local(app, FUNCTIONS_WORKER_RUNTIME_VERSION="3.13")
    assert base_image(app) == "mcr.microsoft.com/azure-functions/python:4-python3.13"


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        (".python-version", "3.8.18", "asks for Python '3.8.18'"),
        (".python-version", "pypy3.10", "asks for Python 'pypy3.10'"),
        ("setting", "2.7", "asks for Python '2.7'"),
    ],
)
def test_unsupported_python_is_refused(tmp_path: Path, where: str, value: str, message: str) -> None:
    app = copy_app(tmp_path, "python-v2")
    if where == "setting":
        set_local(app, FUNCTIONS_WORKER_RUNTIME_VERSION=value)
    else:
        (app / where).write_text(value)
    with pytest.raises(FunctionsKedaError, match=message) as error:
        base_image(app)
    assert "3.10, 3.11, 3.12, 3.13, 3.14" in str(error.value)


@pytest.mark.parametrize(
    ("engines", "major"),
    [
        (None, DEFAULT_NODE),
        (">=18", 20),
        (">=22", 24),
        ("^22.1.0", 22),
        ("~24.1", 24),
        ("22.x", 22),
        ("20 || 22", 20),
        ("18 || 22", 22),
        (">=20 <24", 20),
        (">=21 <24", 22),
        ("<22", 20),
        ("<=22", 20),
        ("<=22.3", 20),
        (">20", 24),
        (">20.1", 20),
        ("20.0.0 - 22.1", 20),
        ("*", 20),
        ("v22", 22),
    ],
)
def test_node_version_from_engines(tmp_path: Path, engines: str | None, major: int) -> None:
    app = copy_app(tmp_path, "node-v4")
    package = json.loads((app / "package.json").read_text())
    if engines is not None:
        package["engines"] = {"node": engines}
    (app / "package.json").write_text(json.dumps(package))
    assert base_image(app) == f"mcr.microsoft.com/azure-functions/node:4-node{major}"


@pytest.mark.parametrize("engines", ["18.x", "<20", "^16", ">=25", "banana"])
def test_node_range_no_image_satisfies_is_refused(tmp_path: Path, engines: str) -> None:
    app = copy_app(tmp_path, "node-v4")
    package = json.loads((app / "package.json").read_text())
    package["engines"] = {"node": engines}
    (app / "package.json").write_text(json.dumps(package))
    with pytest.raises(FunctionsKedaError, match=r"package.json engines.node: asks for Node.js"):
        base_image(app)


@pytest.mark.parametrize(("nvmrc", "major"), [("22\n", 22), ("v24.3.0", 24), ("lts/jod", 22), ("lts/iron", 20)])
def test_node_version_from_nvmrc(tmp_path: Path, nvmrc: str, major: int) -> None:
    app = copy_app(tmp_path, "node-v4")
    (app / ".nvmrc").write_text(nvmrc)
    assert base_image(app) == f"mcr.microsoft.com/azure-functions/node:4-node{major}"


def test_node_lockfile_npmrc_and_typescript_output(tmp_path: Path) -> None:
    app = copy_app(tmp_path, "node-v4-ts")
    (app / "package-lock.json").write_text("{}")
    (app / ".npmrc").write_text("registry=https://npm.example.com/\n")
    generated = generate(discover(app), hardened=False)
    assert 'COPY ["package.json", "package-lock.json", ".npmrc", "./"]' in generated.dockerfile
    assert "RUN npm ci --include=dev" in generated.dockerfile
    assert "rm -f .npmrc" in generated.dockerfile, "registry credentials must not reach the final image"
    assert "\ndist\n" in generated.dockerignore, "stale tsc output must not reach the image"
    assert "\ndist\n" not in dockerignore_for(discover(CASES["node-v4"])), "plain JavaScript has no build output"


def test_dotnet_versions_and_models(tmp_path: Path) -> None:
    app = copy_app(tmp_path, "dotnet-isolated-source")
    csproj = app / "Fulfilment.csproj"
    csproj.write_text(csproj.read_text().replace("net8.0", "net9.0"))
    text = dockerfile_for(discover(app), hardened=False)
    assert "FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:9.0 AS build" in text
    assert "FROM mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated9.0\n" in text

    csproj.write_text(csproj.read_text().replace("net9.0", "net6.0"))
    with pytest.raises(FunctionsKedaError, match=r"Fulfilment.csproj TargetFramework: asks for .NET 'net6.0'"):
        dockerfile_for(discover(app), hardened=False)

    csproj.write_text(csproj.read_text().replace("net6.0", "net8.0"))
    (app / "NuGet.config").write_text("<configuration />")
    (app / "Other.csproj").write_text(csproj.read_text())
    with pytest.raises(FunctionsKedaError, match=r"projects \(Fulfilment.csproj, Other.csproj\)"):
        dockerfile_for(discover(app), hardened=False)
    (app / "Other.csproj").unlink()
    assert 'COPY ["Fulfilment.csproj", "NuGet.config", "./"]' in dockerfile_for(discover(app), hardened=False)

    # Discovery reads in-process apps from their build output only; the generator also builds their sources.
    inprocess = dockerfile_for(dataclasses.replace(discover(app), worker_runtime="dotnet"), hardened=False)
    assert "FROM mcr.microsoft.com/azure-functions/dotnet:4-dotnet8.0\n" in inprocess
    assert "FUNCTIONS_INPROC_NET8_ENABLED=1" in inprocess


def test_dotnet_build_output_version_from_runtimeconfig(tmp_path: Path) -> None:
    app = copy_app(tmp_path, "dotnet-isolated-build")
    (app / "Orders.Functions.runtimeconfig.json").write_text(json.dumps({"runtimeOptions": {"tfm": "net10.0"}}))
    assert base_image(app) == "mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0"
    ignore = dockerignore_for(discover(app)).splitlines()
    assert "**/bin" not in ignore, "build output is deployed as it is"
    assert "**/bin" in dockerignore_for(discover(CASES["dotnet-isolated-source"])).splitlines()
    assert "**/bin" not in dockerignore_for(discover(CASES["dotnet-inprocess-build"])).splitlines()


def test_java_version_app_name_and_fallback(tmp_path: Path) -> None:
    app = copy_app(tmp_path, "java-maven")
    pom = app / "pom.xml"
    pom.write_text(pom.read_text().replace("<javaVersion>17</javaVersion>", "<javaVersion>21</javaVersion>"))
    text = dockerfile_for(discover(app), hardened=False)
    assert "FROM mcr.microsoft.com/azure-functions/java:4-java21-build AS build" in text
    assert 'COPY --from=build ["/src/target/azure-functions/inventory", "/home/site/wwwroot"]' in text

    pom.write_text(pom.read_text().replace("${functionAppName}", "${undefined.property}"))
    text = dockerfile_for(discover(app), hardened=True)
    assert "cp -a target/azure-functions/*/. /home/site/wwwroot/" in text
    assert 'COPY --from=build ["/home/site/wwwroot", "/home/site/wwwroot"]' in text

    pom.write_text(pom.read_text().replace("<javaVersion>21</javaVersion>", "<javaVersion>1.7</javaVersion>"))
    with pytest.raises(FunctionsKedaError, match=r"pom.xml: asks for Java '1.7'"):
        dockerfile_for(discover(app), hardened=False)


def test_gradle_needs_the_wrapper(tmp_path: Path) -> None:
    app = copy_app(tmp_path, "java-maven")
    (app / "pom.xml").unlink()
    (app / "build.gradle").write_text(
        "plugins { id 'com.microsoft.azure.azurefunctions' version '1.16.1' }\n"
        "azurefunctions { appName = 'stock-app'\n runtime { javaVersion = '21' } }\n"
    )
    with pytest.raises(FunctionsKedaError, match="without the Gradle wrapper"):
        dockerfile_for(discover(app), hardened=False)
    (app / "gradlew").write_text("#!/bin/sh\n")
    generated = generate(discover(app), hardened=False)
    assert "sh ./gradlew --no-daemon azureFunctionsPackage" in generated.dockerfile
    assert '["/src/build/azure-functions/stock-app", "/home/site/wwwroot"]' in generated.dockerfile
    assert generated.base_image == "mcr.microsoft.com/azure-functions/java:4-java21"
    assert {"build", ".gradle"} <= set(generated.dockerignore.splitlines())


def test_powershell_version_and_custom_handler_on_the_path(tmp_path: Path) -> None:
    app = copy_app(tmp_path, "powershell")
    set_local(app, FUNCTIONS_WORKER_RUNTIME_VERSION="7.2")
    with pytest.raises(FunctionsKedaError, match=r"asks for PowerShell '7.2'.*Use one of 7.4"):
        base_image(app)

    handler = copy_app(tmp_path, "custom-handler")
    host = json.loads((handler / "host.json").read_text())
    host["customHandler"]["description"]["defaultExecutablePath"] = "node"
    (handler / "host.json").write_text(json.dumps(host))
    text = dockerfile_for(discover(handler), hardened=False)
    assert "chmod" not in text and "AS app" not in text, "a program on the PATH is not the app's to chmod"


def test_function_folders_are_never_ignored(tmp_path: Path) -> None:
    app = copy_app(tmp_path, "python-v1")
    shutil.copytree(app / "QueueWorker", app / "test")
    project = discover(app)
    assert "test" in {f.name for f in project.functions}
    rules = dockerignore_for(project).splitlines()
    assert "test" not in rules and "tests" in rules
    files = context_files(app, None, parse_dockerignore(dockerignore_for(project)))
    assert "test/function.json" in files and "local.settings.json" not in files


# --- linters -------------------------------------------------------------------------------------------------


def find_tool(name: str, env: str) -> str | None:
    candidates = [
        os.environ.get(env),
        shutil.which(name),
        str(Path(sys.executable).parent / name),
        str(REPO / ".venv-scan" / "bin" / name),
    ]
    return next((c for c in candidates if c and Path(c).is_file() and os.access(c, os.X_OK)), None)


def golden_dockerfiles() -> list[Path]:
    return sorted(GOLDEN.glob("*.Dockerfile"))


def test_golden_dockerfiles_pass_hadolint() -> None:
    hadolint = find_tool("hadolint", "HADOLINT")
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install -r requirements-lint.txt, or set HADOLINT)")
    findings = {}
    for path in golden_dockerfiles():
        result = subprocess.run([hadolint, "--no-color", str(path)], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            findings[path.name] = result.stdout + result.stderr
    assert findings == {}


def test_golden_dockerfiles_pass_checkov(tmp_path: Path) -> None:
    checkov = find_tool("checkov", "CHECKOV")
    if checkov is None:
        pytest.skip("checkov is not installed (make scan installs it in .venv-scan, or set CHECKOV)")
    for path in golden_dockerfiles():
        shutil.copy(path, tmp_path / path.name)
    result = subprocess.run(
        [checkov, "--framework", "dockerfile", "--skip-download", "-o", "json", "-d", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true"},
    )
    report = json.loads(result.stdout)
    reports = report if isinstance(report, list) else [report]
    failed = [(c["file_path"], c["check_id"]) for r in reports for c in r["results"].get("failed_checks", [])]
    skipped = {c["check_id"] for r in reports for c in r["results"].get("skipped_checks", [])}
    assert failed == []
    assert result.returncode == 0, result.stderr
    assert skipped == set(CHECKOV_SKIPS), "every suppression is listed, with its reason, in CHECKOV_SKIPS"


# --- the command ---------------------------------------------------------------------------------------------


def test_command_writes_into_the_app_and_never_overwrites_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = copy_app(tmp_path, "python-v2")
    assert main([str(app)]) == 0
    written = (app / "Dockerfile").read_text()
    assert written == dockerfile_for(discover(app), hardened=False)
    assert (app / ".dockerignore").read_text() == dockerignore_for(discover(app))

    (app / "Dockerfile").write_text("FROM mine:1\n")
    assert main([str(app), "--hardened"]) == 1
    assert "pass --force" in capsys.readouterr().err
    assert (app / "Dockerfile").read_text() == "FROM mine:1\n"

    (app / ".dockerignore").write_text("local.settings.json\n")
    assert main([str(app), "--hardened", "--force"]) == 0
    assert (app / "Dockerfile").read_text() == dockerfile_for(discover(app), hardened=True)
    assert (app / ".dockerignore").read_text() == dockerignore_for(discover(app))


def test_command_keeps_an_existing_dockerignore_and_says_what_it_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = copy_app(tmp_path, "node-v4")
    (app / ".dockerignore").write_text("local.settings.json\nnode_modules\n")
    assert main([str(app)]) == 0
    assert (app / ".dockerignore").read_text() == "local.settings.json\nnode_modules\n"
    out = capsys.readouterr().out
    assert "kept" in out and ".git" in out and "**/node_modules" in out


def test_command_reports_project_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path)]) == 2
    assert "has no host.json" in capsys.readouterr().err
    assert not (tmp_path / "Dockerfile").exists()


def test_command_runs_as_a_module(tmp_path: Path) -> None:
    app = copy_app(tmp_path, "powershell")
    result = subprocess.run(
        [sys.executable, "-m", "components.dockerfiles", str(app)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "powershell:4-powershell7.4" in (app / "Dockerfile").read_text()
