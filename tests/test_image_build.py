"""How the image is built: options reaching the pulumi-docker Image, content tags, generated Dockerfiles.

Until ``FunctionAppArgs`` carries the ``build_*`` fields (and ``AppOptions.build``), component-level tests inject
:class:`BuildOptions` through ``components.function_app._build_options``; the tests that pass them as arguments
skip themselves until then.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE, FIXTURE_APPS, STORAGE
from pulumi_harness import Run, run_program

import components.function_app as function_app_module
from components import FunctionApp
from components.args import FunctionAppArgs
from components.build_options import CACHE_TAG, DEFAULT_PLATFORM, BuildOptions, validate_build_args
from components.discovery import discover
from components.dockerfiles import generate
from components.errors import FunctionsKedaError
from components.image import BuildSpec, build_spec, check_build, image_tag, write_generated
from components.plan import AppPlan, plan_app

IMAGE_TYPE = "docker:index/image:Image"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"
REGISTRY = "registry.example.com:5000/team"
WIRED = {"build_platform", "build_args", "build_target", "build_cache", "build_on_preview"} <= set(
    FunctionAppArgs.__annotations__
)
NEEDS_WIRING = pytest.mark.skipif(
    not WIRED,
    reason="needs wiring: FunctionAppArgs build_platform/build_args/build_target/build_cache/build_on_preview and "
    "AppOptions.build = validate_build_args(raw) (components/args.py, components/options.py)",
)


def copy_app(tmp_path: Path, source: Path = EXAMPLE, name: str = "orders") -> Path:
    app = tmp_path / name
    shutil.copytree(source, app)
    return app


def spec(app: Path, hardened: bool = False, **options: Any) -> BuildSpec:
    return build_spec(discover(app), hardened=hardened, options=BuildOptions(**options))


# --- options -------------------------------------------------------------------------------------------------


def test_build_options_defaults() -> None:
    options = validate_build_args({})
    assert options == BuildOptions()
    assert options.platform == DEFAULT_PLATFORM == "linux/amd64"
    assert (options.args, options.target, options.cache, options.on_preview) == ({}, None, False, False)
    assert options.tag_inputs() == {}


def test_build_options_from_stack_config_strings() -> None:
    options = validate_build_args(
        {
            "registry": "localhost:5001",
            "build_platform": "linux/arm64/v8",
            "build_args": {"PIP_INDEX_URL": "https://pypi.example.com/simple", "RETRIES": 3, "OFFLINE": False},
            "build_target": "runtime",
            "build_cache": "true",
            "build_on_preview": "True",
        }
    )
    assert options.platform == "linux/arm64"
    assert options.args == {"PIP_INDEX_URL": "https://pypi.example.com/simple", "RETRIES": "3", "OFFLINE": "false"}
    assert (options.target, options.cache, options.on_preview) == ("runtime", True, True)
    assert options.tag_inputs() == {
        "platform": "linux/arm64",
        "args": dict(sorted(options.args.items())),
        "target": "runtime",
    }


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"build_platform": "linux/amd64,linux/arm64"}, "names several platforms"),
        ({"build_platform": "windows/amd64"}, "is not a platform"),
        ({"build_args": ["A=1"]}, "must be an object"),
        ({"build_args": {"1A": "x"}}, "is not a build-arg name"),
        ({"build_args": {"BUILDKIT_INLINE_CACHE": "1"}}, "is set by the component"),
        ({"build_args": {"TOKEN": {"secret": True}}}, "must be a plain string"),
        ({"build_target": "two words"}, "is not a build stage name"),
        ({"build_cache": "yes"}, "must be true or false"),
        ({"build_on_preview": 1}, "must be true or false"),
        ({"image": "r.io/app@sha256:" + "a" * 64, "build_platform": "linux/amd64"}, "runs a prebuilt image"),
    ],
)
def test_bad_build_options_are_refused(raw: dict[str, Any], message: str) -> None:
    with pytest.raises(FunctionsKedaError, match=message) as error:
        validate_build_args(raw)
    assert str(error.value).startswith("functions-keda:build")


# --- tags ----------------------------------------------------------------------------------------------------


def test_own_dockerfile_with_default_options_keeps_the_context_tag() -> None:
    built = spec(EXAMPLE)
    assert not built.generated and built.dockerfile is None
    assert built.tag == image_tag(EXAMPLE) == spec(EXAMPLE).tag, "deterministic, and what render shows"
    assert len(built.tag) == 16 and set(built.tag) <= set("0123456789abcdef")


@pytest.mark.parametrize(
    ("options", "changes"),
    [
        pytest.param({"platform": "linux/arm64"}, True, id="platform"),
        pytest.param({"args": {"PIP_INDEX_URL": "https://pypi.example.com/simple"}}, True, id="build-args"),
        pytest.param({"target": "app"}, True, id="target"),
        pytest.param({"cache": True}, False, id="cache-does-not-change-the-image"),
        pytest.param({"on_preview": True}, False, id="preview-does-not-change-the-image"),
    ],
)
def test_options_that_change_the_image_change_the_tag(tmp_path: Path, options: dict[str, Any], changes: bool) -> None:
    app = copy_app(tmp_path)
    dockerfile = app / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text().replace("FROM mcr", "FROM mcr", 1) + "FROM scratch AS app\n")
    assert (spec(app, **options).tag != spec(app).tag) is changes


@pytest.mark.parametrize("generated", [False, True], ids=["own-dockerfile", "generated-dockerfile"])
@pytest.mark.parametrize(
    ("change", "changes"),
    [
        pytest.param({"function_app.py": "# changed\n"}, True, id="code"),
        pytest.param({"blueprints/new_module.py": ""}, True, id="new-file"),
        pytest.param({"local.settings.json": '{"Values": {"A": "b"}}'}, False, id="local-settings"),
        pytest.param({".venv/lib/site.py": "x"}, False, id="virtualenv"),
        pytest.param({"__pycache__/function_app.cpython-311.pyc": "x"}, False, id="bytecode"),
        pytest.param({".git/HEAD": "ref: refs/heads/other"}, False, id="git"),
    ],
)
def test_a_code_change_and_only_a_code_change_changes_the_tag(
    tmp_path: Path, generated: bool, change: dict[str, str], changes: bool
) -> None:
    app = copy_app(tmp_path)
    if generated:
        (app / "Dockerfile").unlink()
        (app / ".dockerignore").unlink()
    before = spec(app)
    assert before.generated is generated
    assert spec(app).tag == before.tag
    for name, text in change.items():
        path = app / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((path.read_text() if path.is_file() and name.endswith(".py") else "") + text)
    assert (spec(app).tag != before.tag) is changes


def test_generated_dockerfile_text_is_part_of_the_tag(tmp_path: Path) -> None:
    app = copy_app(tmp_path)
    (app / "Dockerfile").unlink()
    default, hardened = spec(app), spec(app, hardened=True)
    assert default.generated and hardened.generated
    assert default.dockerfile == generate(discover(app), False).dockerfile
    assert hardened.tag != default.tag, "the hardened variant is another image"
    (app / ".python-version").write_text("3.12\n")
    assert spec(app).tag != default.tag, "another base image is another image"
    assert "python:4-python3.12" in (spec(app).dockerfile or "")


def test_generated_build_applies_the_apps_own_dockerignore_after_the_generated_rules(tmp_path: Path) -> None:
    app = copy_app(tmp_path)
    (app / "Dockerfile").unlink()
    (app / ".dockerignore").write_text("docs\n!.env.example\n")
    (app / "docs").mkdir()
    (app / "docs" / "notes.md").write_text("v1")
    (app / ".env.example").write_text("A=1")
    before = spec(app)
    assert before.dockerignore is not None
    assert before.dockerignore.startswith(generate(discover(app), False).dockerignore)
    assert before.dockerignore.endswith("docs\n!.env.example\n")
    (app / "docs" / "notes.md").write_text("v2")
    assert spec(app).tag == before.tag, "the app's own rule excludes docs"
    (app / ".env.example").write_text("A=2")
    assert spec(app).tag != before.tag, "the app's own rule re-includes .env.example"


def test_generated_dockerfile_is_built_for_amd64_only(tmp_path: Path) -> None:
    app = copy_app(tmp_path)
    (app / "Dockerfile").unlink()
    with pytest.raises(FunctionsKedaError, match=r"buildPlatform.*published for linux/amd64 only"):
        spec(app, platform="linux/arm64")
    assert not spec(EXAMPLE, platform="linux/arm64").generated, "an own Dockerfile may use other base images"


def test_build_target_must_name_a_stage(tmp_path: Path) -> None:
    node = copy_app(tmp_path, FIXTURE_APPS / "node-v4", "node")
    assert spec(node, target="build").options.target == "build"
    with pytest.raises(
        FunctionsKedaError, match=r"'nope' is not a stage of the generated Dockerfile \(its stages: build\)"
    ):
        spec(node, target="nope")
    with pytest.raises(FunctionsKedaError, match="it has no named stages"):
        spec(EXAMPLE, target="build")


def test_check_build_is_what_the_planner_calls(tmp_path: Path) -> None:
    assert check_build(discover(EXAMPLE), hardened=False) is None, "the app's own Dockerfile"
    app = copy_app(tmp_path)
    (app / "Dockerfile").unlink()
    generated = check_build(discover(app), hardened=True)
    assert generated is not None and generated.dockerfile == generate(discover(app), True).dockerfile
    with pytest.raises(FunctionsKedaError, match="published for linux/amd64 only"):
        check_build(discover(app), hardened=False, options=BuildOptions(platform="linux/arm64"))
    (app / ".python-version").write_text("3.8\n")
    with pytest.raises(FunctionsKedaError, match=r"\.python-version: asks for Python '3.8'"):
        check_build(discover(app), hardened=False)


# --- generated files on disk ---------------------------------------------------------------------------------


def test_generated_files_land_in_a_content_addressed_cache_not_in_the_app(tmp_path: Path) -> None:
    app = copy_app(tmp_path)
    (app / "Dockerfile").unlink()
    before = sorted(p.relative_to(app) for p in app.rglob("*"))
    built = spec(app)
    root = tmp_path / "program" / ".functions-keda"
    dockerfile = write_generated(built, root)
    assert dockerfile.parent.parent == root / "dockerfiles"
    assert dockerfile.read_text() == built.dockerfile
    # pulumi-docker (and BuildKit) read <Dockerfile>.dockerignore before the context's .dockerignore.
    assert (dockerfile.parent / "Dockerfile.dockerignore").read_text() == built.dockerignore
    assert (root / ".gitignore").read_text().splitlines()[-1] == "*"
    assert write_generated(built, root) == dockerfile, "the same content gets the same path"
    assert write_generated(spec(app, hardened=True), root) != dockerfile
    assert sorted(p.relative_to(app) for p in app.rglob("*")) == before, "the app folder stays clean"
    with pytest.raises(ValueError, match="own Dockerfile"):
        write_generated(spec(EXAMPLE), root)
    (tmp_path / "file").write_text("")
    with pytest.raises(FunctionsKedaError, match="cannot hold the generated Dockerfile"):
        write_generated(built, tmp_path / "file" / "cache")


# --- the component -------------------------------------------------------------------------------------------

ARGS: dict[str, Any] = {
    "registry": REGISTRY,
    "registry_username": "ci",
    "registry_password": "hunter2-marker",
    "settings": {"AzureWebJobsStorage": STORAGE},
}


def run_app(
    monkeypatch: pytest.MonkeyPatch,
    app: Path,
    options: BuildOptions | None = None,
    *,
    preview: bool = False,
    plan: AppPlan | None = None,
    **extra: Any,
) -> Run:
    if options is not None:
        monkeypatch.setattr(function_app_module, "_build_options", lambda _plan: options)
    if plan is not None:
        monkeypatch.setattr(function_app_module, "plan_app", lambda _args: plan)

    def program() -> FunctionApp:
        return FunctionApp("orders", {"app_path": str(app), **ARGS, **extra})

    return run_program(program, preview=preview, outputs=lambda component: {"image": component.image})


def images(run: Run) -> list[Any]:
    return run.of_type(IMAGE_TYPE)


def assert_pods_pinned_to(run: Run, image: Any) -> None:
    repository = image.inputs["imageName"].rsplit(":", 1)[0]
    for deployment in run.of_type(DEPLOYMENT):
        assert image.urn in deployment.dependencies
        container = deployment.inputs["spec"]["template"]["spec"]["containers"][0]
        assert container["image"].startswith(f"{repository}@sha256:")
    assert run.outputs["image"].startswith(f"{repository}@sha256:")


def test_default_build_reaches_the_image(monkeypatch: pytest.MonkeyPatch) -> None:
    run = run_app(monkeypatch, EXAMPLE)
    [image] = images(run)
    build = image.inputs["build"]
    assert image.inputs["imageName"] == f"{REGISTRY}/python-v2-app:{image_tag(EXAMPLE)}"
    assert build["platform"] == "linux/amd64"
    assert build["builderVersion"] == "BuilderBuildKit"
    assert build["dockerfile"].endswith("examples/python-v2-app/Dockerfile")
    assert not build["context"].startswith("/") and not build["dockerfile"].startswith("/")
    assert "args" not in build and "target" not in build and "cacheFrom" not in build
    assert image.inputs["buildOnPreview"] is False
    assert image.inputs["skipPush"] is False
    assert image.inputs["registry"] == {
        "server": "registry.example.com:5000",
        "username": "ci",
        "password": "hunter2-marker",
    }
    assert image.is_secret("registry", "password")
    assert_pods_pinned_to(run, image)


def test_without_credentials_the_docker_config_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    def program() -> FunctionApp:
        return FunctionApp(
            "orders", {"app_path": str(EXAMPLE), "registry": REGISTRY, "settings": {"AzureWebJobsStorage": STORAGE}}
        )

    [image] = run_program(program).of_type(IMAGE_TYPE)
    assert "registry" not in image.inputs, "no registry block: pulumi-docker reads ~/.docker/config.json"


def test_build_options_reach_the_image_and_the_cache_image(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    app = copy_app(tmp_path)
    (app / "Dockerfile").write_text((app / "Dockerfile").read_text() + "\nFROM scratch AS runtime\n")
    options = BuildOptions(
        platform="linux/arm64",
        args={"PIP_INDEX_URL": "https://pypi.example.com/simple"},
        target="runtime",
        cache=True,
        on_preview=True,
    )
    run = run_app(monkeypatch, app, options)
    image, cache = sorted(images(run), key=lambda r: r.name)
    assert (image.name, cache.name) == ("orders-image", "orders-image-cache")
    build = image.inputs["build"]
    assert build["platform"] == "linux/arm64"
    assert build["args"] == {"PIP_INDEX_URL": "https://pypi.example.com/simple", "BUILDKIT_INLINE_CACHE": "1"}
    assert build["target"] == "runtime"
    assert build["cacheFrom"] == {"images": [f"{REGISTRY}/orders:{CACHE_TAG}"]}
    assert build["builderVersion"] == "BuilderBuildKit"
    assert image.inputs["buildOnPreview"] is True
    tag = build_spec(discover(app), hardened=False, options=options).tag
    assert image.inputs["imageName"] == f"{REGISTRY}/orders:{tag}"
    assert tag != image_tag(app), "a platform change must rebuild and re-pin"
    # The cache image is the same build under the cache tag, after the real one; pods never run it.
    assert cache.inputs["imageName"] == f"{REGISTRY}/orders:{CACHE_TAG}"
    assert cache.inputs["build"] == build
    assert cache.inputs["buildOnPreview"] is False
    assert image.urn in cache.dependencies
    assert cache.is_secret("registry", "password")
    assert_pods_pinned_to(run, image)


def test_build_on_preview_is_off_by_default_and_preview_leaves_the_digest_unknown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = run_app(monkeypatch, EXAMPLE, preview=True)
    [image] = images(run)
    assert image.inputs["buildOnPreview"] is False
    assert run.outputs.get("image") is None, "the digest is known only after the push"


def test_tags_are_deterministic_across_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    first = images(run_app(monkeypatch, EXAMPLE))[0].inputs
    second = images(run_app(monkeypatch, EXAMPLE))[0].inputs
    assert first == second


def plan_without_dockerfile(tmp_path: Path, hardened: bool = False) -> tuple[Path, AppPlan]:
    """A plan for an app whose Dockerfile is gone (today's planner still wants one; see NEEDS_WIRING)."""
    app = copy_app(tmp_path)
    plan = plan_app({"app_path": str(app), **ARGS, **({"hardened": True} if hardened else {})})
    (app / "Dockerfile").unlink()
    (app / ".dockerignore").unlink()
    return app, plan


@pytest.mark.parametrize("hardened", [False, True], ids=["default", "hardened"])
def test_app_without_dockerfile_builds_from_the_generated_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, hardened: bool
) -> None:
    app, plan = plan_without_dockerfile(tmp_path, hardened)
    program_dir = tmp_path / "program"
    program_dir.mkdir()
    monkeypatch.chdir(program_dir)
    listing = sorted(p.relative_to(app) for p in app.rglob("*"))
    run = run_app(monkeypatch, app, plan=plan)
    [image] = images(run)
    build = image.inputs["build"]
    assert build["context"] == "../orders"
    assert build["dockerfile"].startswith(".functions-keda/dockerfiles/")
    assert build["dockerfile"].endswith("/Dockerfile")
    generated = generate(discover(app), hardened)
    assert (program_dir / build["dockerfile"]).read_text() == generated.dockerfile
    ignore = (program_dir / (build["dockerfile"] + ".dockerignore")).read_text()
    assert ignore == generated.dockerignore
    expected = build_spec(discover(app), hardened=hardened, options=BuildOptions())
    assert image.inputs["imageName"] == f"{REGISTRY}/orders:{expected.tag}"
    assert sorted(p.relative_to(app) for p in app.rglob("*")) == listing, "nothing is written into the app"
    assert_pods_pinned_to(run, image)


def test_generated_build_fails_before_registering_anything(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    app, plan = plan_without_dockerfile(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(function_app_module, "_build_options", lambda _plan: BuildOptions(platform="linux/arm64"))
    monkeypatch.setattr(function_app_module, "plan_app", lambda _args: plan)
    run = run_program(lambda: FunctionApp("orders", {"app_path": str(app), **ARGS}), expect_error=FunctionsKedaError)
    assert "published for linux/amd64 only" in str(run.error)
    assert run.registrations == []


# --- once the arguments are wired ----------------------------------------------------------------------------


@NEEDS_WIRING
def test_build_arguments_reach_the_image(tmp_path: Path) -> None:
    app = copy_app(tmp_path)
    (app / "Dockerfile").write_text((app / "Dockerfile").read_text() + "\nFROM scratch AS runtime\n")
    extra = {
        "build_platform": "linux/arm64",
        "build_args": {"PIP_INDEX_URL": "https://pypi.example.com/simple"},
        "build_target": "runtime",
        "build_cache": True,
        "build_on_preview": True,
    }

    def program() -> FunctionApp:
        return FunctionApp("orders", {"app_path": str(app), **ARGS, **extra})  # type: ignore[typeddict-item]

    run = run_program(program, outputs=lambda component: {"image": component.image})
    image = run.named("orders-image")
    assert image.inputs["build"]["platform"] == "linux/arm64"
    assert image.inputs["build"]["target"] == "runtime"
    assert image.inputs["build"]["args"]["PIP_INDEX_URL"] == "https://pypi.example.com/simple"
    assert image.inputs["build"]["cacheFrom"] == {"images": [f"{REGISTRY}/orders:{CACHE_TAG}"]}
    assert image.inputs["buildOnPreview"] is True
    assert run.named("orders-image-cache").inputs["imageName"] == f"{REGISTRY}/orders:{CACHE_TAG}"
    assert_pods_pinned_to(run, image)


def wired_planner(tmp_path: Path) -> Callable[[], None]:
    def check() -> None:
        app = copy_app(tmp_path, name="probe")
        (app / "Dockerfile").unlink()
        try:
            plan_app({"app_path": str(app), **ARGS})
        except FunctionsKedaError as error:
            if "has no Dockerfile" in str(error):
                pytest.skip("needs wiring: plan_project must stop requiring a Dockerfile (components/plan.py)")
            raise

    return check


def test_app_without_dockerfile_deploys_through_the_planner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    wired_planner(tmp_path)()
    app = copy_app(tmp_path)
    (app / "Dockerfile").unlink()
    monkeypatch.chdir(tmp_path)
    run = run_program(
        lambda: FunctionApp("orders", {"app_path": str(app), **ARGS}), outputs=lambda c: {"image": c.image}
    )
    [image] = images(run)
    assert image.inputs["build"]["dockerfile"].startswith(".functions-keda/dockerfiles/")
    assert image.inputs["imageName"] == f"{REGISTRY}/orders:{build_spec(discover(app), hardened=False).tag}"
    assert_pods_pinned_to(run, image)


# --- the local loop scripts ----------------------------------------------------------------------------------

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"

FAKE_TOOL = r'''#!{python}
"""A fake `{name}` that records its calls and keeps a little state in $FAKE_STATE."""
import os, sys
from pathlib import Path

state = Path(os.environ["FAKE_STATE"])
args = sys.argv[1:]
with (state / "calls").open("a") as log:
    log.write("{name} " + " ".join(args) + "\n")
registry = state / "registry"
clusters = state / "clusters"


def read(path, default=""):
    return path.read_text() if path.exists() else default


if "{name}" == "docker":
    if args[0] == "info":
        sys.exit(int(os.environ.get("FAKE_DAEMON_DOWN", "0")))
    if args[:2] == ["inspect", "-f"]:
        if not registry.exists():
            sys.exit(1)
        print("null" if "Networks.kind" in args[2] and not (state / "network").exists() else read(registry).strip())
    elif args[0] == "inspect":
        sys.exit(0 if registry.exists() else 1)
    elif args[0] == "run":
        registry.write_text("true")
    elif args[0] == "start":
        registry.write_text("true")
    elif args[:2] == ["network", "connect"]:
        (state / "network").write_text(args[2])
    elif args[:2] == ["rm", "-f"]:
        registry.unlink()
    elif args[0] == "exec":
        if "grep" in args:
            sys.exit(0 if (state / "patched").exists() else 1)
        if "cp" in args:
            (state / "hosts.toml").write_text(sys.stdin.read())
        if "kubectl" in args:
            (state / "configmap.yaml").write_text(sys.stdin.read())
else:
    if args[:2] == ["get", "clusters"]:
        print(read(clusters), end="")
    elif args[:2] == ["create", "cluster"]:
        (state / "kind-config.yaml").write_text(sys.stdin.read())
        clusters.write_text(read(clusters) + args[args.index("--name") + 1] + "\n")
        (state / "patched").touch()
    elif args[:2] == ["get", "nodes"]:
        print(args[args.index("--name") + 1] + "-control-plane")
    elif args[:2] == ["delete", "cluster"]:
        name = args[args.index("--name") + 1]
        clusters.write_text("".join(line + "\n" for line in read(clusters).split() if line != name))
'''


def fake_tools(tmp_path: Path, *names: str) -> dict[str, str]:
    """A PATH with only the fake tools and grep: the real docker and kind, wherever installed, stay out of it."""
    bin_dir, state = tmp_path / "bin", tmp_path / "state"
    bin_dir.mkdir()
    state.mkdir()
    for name in names:
        tool = bin_dir / name
        tool.write_text(FAKE_TOOL.replace("{python}", sys.executable).replace("{name}", name))
        tool.chmod(0o755)
    grep = shutil.which("grep")
    assert grep is not None
    (bin_dir / "grep").symlink_to(grep)
    return {"PATH": str(bin_dir), "FAKE_STATE": str(state), "HOME": str(tmp_path)}


def run_script(name: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    shell = shutil.which("sh")
    assert shell is not None
    return subprocess.run([shell, str(SCRIPTS / name)], env=env, capture_output=True, text=True, check=False)


def calls(env: dict[str, str]) -> list[str]:
    return (Path(env["FAKE_STATE"]) / "calls").read_text().splitlines()


def test_cluster_up_follows_the_kind_recipe_and_is_idempotent(tmp_path: Path) -> None:
    env = fake_tools(tmp_path, "docker", "kind")
    state = Path(env["FAKE_STATE"])
    first = run_script("cluster-up.sh", env)
    assert first.returncode == 0, first.stderr
    assert "ready: kubectl context kind-functions-keda, registry localhost:5001" in first.stdout
    log = calls(env)
    assert any(c.startswith("docker run -d --restart=always -p 127.0.0.1:5001:5000") and "registry:2" in c for c in log)
    assert any(c.startswith("kind create cluster --name functions-keda") for c in log)
    assert 'config_path = "/etc/containerd/certs.d"' in (state / "kind-config.yaml").read_text()
    assert (state / "hosts.toml").read_text() == '[host."http://kind-registry:5000"]\n'
    assert "docker network connect kind kind-registry" in log
    configmap = (state / "configmap.yaml").read_text()
    assert "name: local-registry-hosting" in configmap and 'host: "localhost:5001"' in configmap

    (state / "calls").unlink()
    second = run_script("cluster-up.sh", env)
    assert second.returncode == 0, second.stderr
    log = calls(env)
    assert not any(c.startswith(("docker run", "kind create", "docker network connect")) for c in log), log
    assert "kind cluster functions-keda exists" in second.stdout

    (state / "registry").write_text("false")  # stopped, e.g. after a reboot
    (state / "calls").unlink()
    assert run_script("cluster-up.sh", env).returncode == 0
    assert "docker start kind-registry" in calls(env)


def test_cluster_down_deletes_both(tmp_path: Path) -> None:
    env = fake_tools(tmp_path, "docker", "kind")
    state = Path(env["FAKE_STATE"])
    assert run_script("cluster-up.sh", env).returncode == 0
    down = run_script("cluster-down.sh", env)
    assert down.returncode == 0, down.stderr
    assert "kind delete cluster --name functions-keda" in calls(env)
    assert "docker rm -f kind-registry" in calls(env)
    assert not (state / "registry").exists() and (state / "clusters").read_text() == ""
    again = run_script("cluster-down.sh", env)
    assert again.returncode == 0 and "no kind cluster functions-keda" in again.stdout


@pytest.mark.parametrize(
    ("tools", "daemon_down", "reason"),
    [
        ((), False, "docker is not installed"),
        (("docker",), False, "kind is not installed"),
        (("docker", "kind"), True, "the Docker daemon is not running"),
    ],
)
@pytest.mark.parametrize("script", ["cluster-up.sh", "cluster-down.sh"])
def test_scripts_skip_cleanly_without_docker_or_kind(
    tmp_path: Path, script: str, tools: tuple[str, ...], daemon_down: bool, reason: str
) -> None:
    env = fake_tools(tmp_path, *tools)
    if daemon_down:
        env["FAKE_DAEMON_DOWN"] = "1"
    result = run_script(script, env)
    assert result.returncode == 0
    assert f"skipped: {reason}" in result.stderr


def test_scripts_pass_shellcheck() -> None:
    candidates = [
        os.environ.get("SHELLCHECK"),
        shutil.which("shellcheck"),
        str(Path(sys.executable).parent / "shellcheck"),
    ]
    shellcheck = next((c for c in candidates if c and Path(c).is_file()), None)
    if shellcheck is None:
        pytest.skip("shellcheck is not installed (pip install -r requirements-lint.txt, or set SHELLCHECK)")
    result = subprocess.run(
        [shellcheck, str(SCRIPTS / "cluster-up.sh"), str(SCRIPTS / "cluster-down.sh")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
