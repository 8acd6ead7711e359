"""Image naming: deterministic, content-derived tags computed from the Docker build context.

The tag is a hash of exactly the files Docker would send (``.dockerignore`` honoured), so it changes when the
code changes and only then: no timestamps, no ``latest``.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from components.errors import FunctionsKedaError

TAG_LENGTH = 16


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    exclude: bool


def read_dockerignore(context: Path) -> list[_Pattern]:
    """The context's ``.dockerignore`` rules, in order (later rules win, ``!`` re-includes)."""
    path = context / ".dockerignore"
    if not path.is_file():
        return []
    patterns = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
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


def context_files(context: Path, dockerfile: str = "Dockerfile") -> list[str]:
    """The files Docker sends for ``context``, relative and sorted; the Dockerfile is always sent."""
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


def context_digest(context: Path, dockerfile: str = "Dockerfile") -> str:
    """SHA-256 over the names, executable bits and contents of :func:`context_files`."""
    digest = hashlib.sha256()
    for relative in context_files(context, dockerfile):
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
