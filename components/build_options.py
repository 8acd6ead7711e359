"""How the component builds the app's image: target platform, build args, target stage, cache, preview builds.

These options change the ``docker:index/image:Image`` the component registers; the ones that change the image's
content (platform, build args, target stage) also change its content-derived tag, so a platform switch rebuilds
and re-pins the pods.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from components.arg_names import flag, where
from components.errors import FunctionsKedaError

DEFAULT_PLATFORM = "linux/amd64"
"""The official ``mcr.microsoft.com/azure-functions`` images are published for linux/amd64 only, so an image
built on an arm64 machine (Apple silicon, Graviton) without a platform would not start, or not build."""

PLATFORMS = (
    "linux/amd64",
    "linux/arm64",
    "linux/arm/v7",
    "linux/arm/v6",
    "linux/386",
    "linux/ppc64le",
    "linux/s390x",
    "linux/riscv64",
)
"""Single platforms the Docker builder accepts for Linux images (pulumi-docker v5 builds one at a time)."""

CACHE_TAG = "buildcache"
"""Tag of the image ``build_cache`` keeps in the app's repository for the next build to start from. Pods never
run it; they run the content-tagged image by digest."""

BUILD_ARG_NAMES = ("build_platform", "build_args", "build_target", "build_cache", "build_on_preview")
"""The :class:`FunctionAppArgs` fields these options come from."""

_BUILD_ARG = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_STAGE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")
_RESERVED_ARGS = ("BUILDKIT_INLINE_CACHE",)


@dataclass(frozen=True)
class BuildOptions:
    """How the image is built; plain values, validated by :func:`validate_build_args`."""

    platform: str = DEFAULT_PLATFORM
    """The one platform the image is built for, e.g. ``linux/amd64`` or ``linux/arm64``."""
    args: Mapping[str, str] = field(default_factory=dict)
    """``--build-arg`` values. They are stored in the image's history: never pass secrets."""
    target: str | None = None
    """The stage of a multi-stage Dockerfile to build (``--target``); ``None`` builds the last one."""
    cache: bool = False
    """Start each build from the last image pushed to the repository (``cache_from`` its ``buildcache`` tag, which
    a second, fully cached build moves after every push; images carry BuildKit's inline cache)."""
    on_preview: bool = False
    """Build (without pushing) during ``pulumi preview`` too, to catch build errors before ``pulumi up``."""

    def tag_inputs(self) -> dict[str, Any]:
        """What, besides the build context and the Dockerfile, decides the image's content.

        Options left at their defaults are omitted, so the tag of an app built with default options is the digest
        of its build context alone (what ``render`` and earlier versions show).
        """
        inputs: dict[str, Any] = {}
        if self.platform != DEFAULT_PLATFORM:
            inputs["platform"] = self.platform
        if self.args:
            inputs["args"] = dict(sorted(self.args.items()))
        if self.target is not None:
            inputs["target"] = self.target
        return inputs


def validate_build_args(raw: Mapping[str, Any]) -> BuildOptions:
    """Check the ``build_*`` arguments of :class:`FunctionAppArgs`; raises :class:`FunctionsKedaError`.

    They need plain values (they decide the image tag before anything is registered), and apply only when the
    component builds the image (``registry``), not to a prebuilt ``image``.
    """
    given = [key for key in BUILD_ARG_NAMES if raw.get(key) is not None]
    if given and raw.get("image") is not None and raw.get("registry") is None:
        raise FunctionsKedaError(
            where(given[0]),
            "is set, but the app runs a prebuilt image (functions-keda:image), so nothing is built",
            "Remove the build options, or set functions-keda:registry instead of image to build the app.",
        )
    return BuildOptions(
        platform=_platform(raw.get("build_platform")),
        args=_build_args(raw.get("build_args")),
        target=_target(raw.get("build_target")),
        cache=flag(raw, "build_cache", False),
        on_preview=flag(raw, "build_on_preview", False),
    )


def _platform(value: Any) -> str:
    if value is None:
        return DEFAULT_PLATFORM
    if isinstance(value, str) and "," in value:
        raise FunctionsKedaError(
            where("build_platform"),
            f"{value!r} names several platforms, and the image is built for one",
            "Set one platform, the one your cluster's nodes run (e.g. 'linux/amd64'); deploy one app per "
            "architecture if you need more.",
        )
    normalized = value.strip().lower() if isinstance(value, str) else value
    if normalized == "linux/arm64/v8":
        normalized = "linux/arm64"
    if normalized not in PLATFORMS:
        raise FunctionsKedaError(
            where("build_platform"),
            f"{value!r} is not a platform the image can be built for",
            f"Use one of {', '.join(PLATFORMS)} (default {DEFAULT_PLATFORM}, the only one the official Azure "
            "Functions base images are published for).",
        )
    return str(normalized)


def _build_args(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise FunctionsKedaError(
            where("build_args"),
            f"must be an object of build-arg names to strings, found {type(value).__name__}",
            'Write e.g. {"PIP_INDEX_URL": "https://pypi.example.com/simple"}.',
        )
    args: dict[str, str] = {}
    for name, arg in value.items():
        if not isinstance(name, str) or not _BUILD_ARG.match(name):
            raise FunctionsKedaError(
                where("build_args"),
                f"{name!r} is not a build-arg name",
                "Use letters, digits and underscores, not starting with a digit (e.g. NPM_REGISTRY).",
            )
        if name in _RESERVED_ARGS:
            raise FunctionsKedaError(
                where("build_args"),
                f"{name} is set by the component",
                "Remove it; set functions-keda:buildCache true to build with BuildKit's inline cache.",
            )
        if isinstance(arg, bool) or isinstance(arg, (int, float)):
            arg = str(arg).lower() if isinstance(arg, bool) else str(arg)
        if not isinstance(arg, str):
            raise FunctionsKedaError(
                where("build_args"),
                f"{name} must be a plain string, found {type(arg).__name__}",
                "Build args decide the image tag before anything is created, and are stored in the image's "
                "history: pass plain, non-secret strings (use a registry credential or a secret mount for secrets).",
            )
        args[name] = arg
    return args


def _target(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _STAGE.match(value):
        raise FunctionsKedaError(
            where("build_target"),
            f"{value!r} is not a build stage name",
            "Name a stage of the Dockerfile (`FROM ... AS <stage>`), e.g. 'runtime'.",
        )
    return value
