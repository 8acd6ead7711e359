"""Image naming and build inputs: deterministic, content-derived tags computed from the Docker build context.

The tag is a hash of exactly the files Docker would send (``.dockerignore`` honoured), so it changes when the
code changes and only then: no timestamps, no ``latest``. A generated Dockerfile's text and the build options
that change the image (platform, build args, target stage) are part of it too.

An app without a Dockerfile is built from the one :mod:`components.dockerfiles` generates. It is written, with
its ``.dockerignore``, to ``.functions-keda/dockerfiles/<hash of both>/`` under the program's working directory
(which ignores itself for git): the app folder stays clean, the path is the same on every machine with the same
checkout layout (it lands in the state), and the same content always gets the same path, so concurrent runs
never write different content to one file. ``Dockerfile.dockerignore`` next to the Dockerfile takes precedence over
the context's ``.dockerignore`` (BuildKit and pulumi-docker both honour it); it holds the generated rules followed
by the app's own ``.dockerignore``, whose later rules win.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from components.build_options import DEFAULT_PLATFORM, BuildOptions
from components.dockerfiles import GeneratedBuild, dockerfile_stages, generate
from components.errors import FunctionsKedaError
from components.model import FunctionsProject

TAG_LENGTH = 16
BUILD_CACHE_DIR = ".functions-keda"
"""Where generated Dockerfiles are written, relative to the program's working directory."""


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    exclude: bool


def read_dockerignore(context: Path) -> list[_Pattern]:
    """The context's ``.dockerignore`` rules, in order (later rules win, ``!`` re-includes)."""
    path = context / ".dockerignore"
    if not path.is_file():
        return []
    return parse_dockerignore(path.read_text(encoding="utf-8", errors="replace"))


def parse_dockerignore(text: str) -> list[_Pattern]:
    """The rules of a ``.dockerignore`` text, in order."""
    patterns = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        exclude = not line.startswith("!")
        body = line if exclude else line[1:].strip()
        body = os.path.normpath(body.lstrip("/")).replace(os.sep, "/")
        if body in (".", ""):
            continue
        patterns.append(_Pattern(re.compile(_glob_to_regex(body)), exclude))
    return patterns


def _glob_to_regex(pattern: str) -> str:
    """Docker's pattern syntax (Go ``filepath.Match`` plus ``**``) as an anchored regex."""
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            if pattern.startswith("/", i):
                out[-1] = "(?:.*/)?"
                i += 1
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", i)
            if end == -1:
                out.append(re.escape(char))
            else:
                out.append("[" + pattern[i + 1 : end].replace("!", "^", 1) + "]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "^" + "".join(out) + "$"


def _excluded(relative: str, patterns: list[_Pattern]) -> bool:
    """Whether Docker leaves ``relative`` out; a rule matching a parent folder applies to its files too."""
    parts = relative.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for pattern in patterns:
        if any(pattern.regex.match(prefix) for prefix in prefixes):
            excluded = pattern.exclude
    return excluded


def context_files(
    context: Path, dockerfile: str | None = "Dockerfile", patterns: list[_Pattern] | None = None
) -> list[str]:
    """The files Docker sends for ``context``, relative and sorted; the Dockerfile is always sent.

    ``patterns`` replace the context's ``.dockerignore`` (a Dockerfile-specific ignore file); ``dockerfile`` is
    ``None`` when the Dockerfile is outside the context.
    """
    if patterns is None:
        patterns = read_dockerignore(context)
    can_reinclude = any(not p.exclude for p in patterns)
    files: list[str] = []
    for root, dirs, names in os.walk(context):
        rel_root = os.path.relpath(root, context).replace(os.sep, "/")
        rel_root = "" if rel_root == "." else rel_root + "/"
        if not can_reinclude:
            # An excluded folder cannot hold an included file, so it is never walked (node_modules, .venv...).
            dirs[:] = [d for d in dirs if not _excluded(rel_root + d, patterns)]
        dirs.sort()
        for name in names:
            relative = rel_root + name
            if relative == dockerfile or not _excluded(relative, patterns):
                files.append(relative)
    return sorted(files)


def context_digest(context: Path, dockerfile: str | None = "Dockerfile", patterns: list[_Pattern] | None = None) -> str:
    """SHA-256 over the names, executable bits and contents of :func:`context_files`."""
    digest = hashlib.sha256()
    for relative in context_files(context, dockerfile, patterns):
        path = context / relative
        try:
            content = path.read_bytes()
            executable = os.access(path, os.X_OK)
        except OSError as error:
            raise FunctionsKedaError(
                relative,
                f"cannot be read for the image build ({error.strerror})",
                "Fix its permissions, or add it to .dockerignore.",
            ) from None
        digest.update(relative.encode() + b"\0" + (b"x" if executable else b"-") + hashlib.sha256(content).digest())
    return digest.hexdigest()


def image_tag(context: Path, dockerfile: str = "Dockerfile") -> str:
    """The image tag for ``context``: the first characters of its :func:`context_digest`."""
    return context_digest(context, dockerfile)[:TAG_LENGTH]


def registry_server(registry: str) -> str:
    """The login server of ``registry`` (``host[:port]``, without the path)."""
    return registry.split("/", 1)[0]


@dataclass(frozen=True)
class BuildSpec:
    """What the image is built from, and its tag."""

    context: Path
    """The build context: the app folder."""
    tag: str
    """Content-derived: the context's files, the Dockerfile and the options that change the image."""
    options: BuildOptions
    dockerfile: str | None = None
    """The generated Dockerfile's text; ``None`` when the app's own ``Dockerfile`` is built."""
    dockerignore: str | None = None
    """The ignore rules of a generated build: the generated ones, then the app's own ``.dockerignore``."""
    description: str = ""
    """What a generated Dockerfile builds (``Python 3.11``...)."""

    @property
    def generated(self) -> bool:
        """Whether the Dockerfile is generated (the app has none)."""
        return self.dockerfile is not None


def check_build(
    project: FunctionsProject, *, hardened: bool, options: BuildOptions | None = None
) -> GeneratedBuild | None:
    """Raise :class:`FunctionsKedaError` now if ``project``'s image cannot be built as asked; cheap (no hashing).

    Returns the generated build when the app has no Dockerfile (``None`` when it has one). The errors: no
    Dockerfile can be generated for the runtime or language version, the target stage is not in the Dockerfile,
    or the platform is not one the generated Dockerfile's base images are published for. The planner calls it, so
    they fail ``pulumi preview`` before anything is registered.
    """
    options = options or BuildOptions()
    own = project.path / "Dockerfile"
    if own.is_file():
        text = own.read_text(encoding="utf-8", errors="replace")
        _check_target(options, dockerfile_stages(text), str(own))
        return None
    generated = generate(project, hardened)
    if options.platform != DEFAULT_PLATFORM:
        raise FunctionsKedaError(
            "functions-keda:buildPlatform (build_platform)",
            f"is {options.platform!r}, but the app has no Dockerfile and the generated one builds on "
            f"{generated.base_image}, which is published for {DEFAULT_PLATFORM} only",
            f"Leave the platform at {DEFAULT_PLATFORM} (nodes of other architectures can run it under emulation), "
            "or write a Dockerfile with base images for your platform (`python -m components.dockerfiles <app>` "
            "writes the generated one to start from).",
        )
    _check_target(options, generated.stages, "the generated Dockerfile")
    return generated


def build_spec(project: FunctionsProject, *, hardened: bool, options: BuildOptions | None = None) -> BuildSpec:
    """How ``project`` is built: its own ``Dockerfile`` if it has one, else the generated one.

    Pure: nothing is written (see :func:`write_generated`). Raises :class:`FunctionsKedaError` as
    :func:`check_build` does.
    """
    options = options or BuildOptions()
    context = project.path
    generated = check_build(project, hardened=hardened, options=options)
    if generated is None:
        return BuildSpec(context=context, tag=_tag(context_digest(context), options.tag_inputs()), options=options)
    own_ignore = context / ".dockerignore"
    ignore = generated.dockerignore
    if own_ignore.is_file():
        ignore += "\n# The app's own .dockerignore (its rules win)\n" + own_ignore.read_text(
            encoding="utf-8", errors="replace"
        )
    digest = context_digest(context, None, parse_dockerignore(ignore))
    return BuildSpec(
        context=context,
        tag=_tag(digest, {**options.tag_inputs(), "dockerfile": generated.dockerfile}),
        options=options,
        dockerfile=generated.dockerfile,
        dockerignore=ignore,
        description=generated.description,
    )


def _tag(context_digest: str, extra: dict[str, object]) -> str:
    """The context digest alone when nothing else decides the image (so :func:`image_tag` stays the tag)."""
    if not extra:
        return context_digest[:TAG_LENGTH]
    inputs = json.dumps({"context": context_digest, **extra}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(inputs.encode()).hexdigest()[:TAG_LENGTH]


def _check_target(options: BuildOptions, stages: tuple[str, ...], dockerfile: str) -> None:
    if options.target is not None and options.target not in stages:
        raise FunctionsKedaError(
            "functions-keda:buildTarget (build_target)",
            f"{options.target!r} is not a stage of {dockerfile}"
            + (f" (its stages: {', '.join(stages)})" if stages else " (it has no named stages)"),
            "Name one of its stages, or leave buildTarget unset to build the last one.",
        )


def write_generated(spec: BuildSpec, root: Path | None = None) -> Path:
    """Write a generated build's Dockerfile and ``Dockerfile.dockerignore``; returns the Dockerfile's path.

    Under ``root`` (default ``./.functions-keda``), in a folder named by the hash of both files: writing is
    idempotent and atomic, and a changed Dockerfile gets a new path.
    """
    if spec.dockerfile is None or spec.dockerignore is None:
        raise ValueError("the app builds its own Dockerfile; nothing to write")
    root = root if root is not None else Path.cwd() / BUILD_CACHE_DIR
    key = hashlib.sha256((spec.dockerfile + "\0" + spec.dockerignore).encode()).hexdigest()[:TAG_LENGTH]
    folder = root / "dockerfiles" / key
    dockerfile = folder / "Dockerfile"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        gitignore = root / ".gitignore"
        if not gitignore.is_file():
            _write_atomically(gitignore, "# Generated build files of functions-keda; safe to delete.\n*\n")
        for path, text in ((dockerfile, spec.dockerfile), (folder / "Dockerfile.dockerignore", spec.dockerignore)):
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                _write_atomically(path, text)
    except OSError as error:
        raise FunctionsKedaError(
            str(folder),
            f"cannot hold the generated Dockerfile ({error.strerror or error})",
            "Run Pulumi from a writable checkout, or write the Dockerfile into the app with "
            "`python -m components.dockerfiles <app>` (then it is built from there).",
        ) from None
    return dockerfile


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
