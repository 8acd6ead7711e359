"""Reading the JSON files of a Functions project, with errors that point at the file and line."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from components.errors import FunctionsKedaError


def is_file(path: Path) -> bool:
    """``path.is_file()``, false for names the system cannot even look up (too long, NUL bytes)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def is_dir(path: Path) -> bool:
    """``path.is_dir()``, false for names the system cannot even look up."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def relative(path: Path, app_dir: Path) -> str:
    """``path`` relative to the app folder, for messages (falls back to the absolute path)."""
    try:
        return path.relative_to(app_dir).as_posix()
    except ValueError:
        return str(path)


def read_json_object(path: Path, app_dir: Path) -> dict[str, Any]:
    """Parse ``path`` as a JSON object.

    **parameters**

    * **path** - the file to read.
    * **app_dir** - the app folder, so messages can name the file relative to it.

    Raises :class:`FunctionsKedaError` when the file cannot be read, is not valid JSON (naming the line and
    column), or holds something other than an object.
    """
    where = relative(path, app_dir)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise FunctionsKedaError(where, f"cannot be read ({error.strerror})", "Check the file's permissions.") from None
    except UnicodeDecodeError:
        raise FunctionsKedaError(where, "is not UTF-8 text", "Save the file as UTF-8.") from None
    try:
        document = _loads_like_the_host(text)
    except json.JSONDecodeError as error:
        raise FunctionsKedaError(
            f"{where}:{error.lineno}:{error.colno}",
            f"is not valid JSON ({error.msg})",
            "Fix the JSON syntax.",
        ) from None
    except ValueError as error:  # a number literal longer than Python reads
        raise FunctionsKedaError(where, f"cannot be read ({error})", "Shorten the number.") from None
    except RecursionError:
        raise FunctionsKedaError(where, "is nested too deeply to read", "Flatten the JSON document.") from None
    if not isinstance(document, dict):
        raise FunctionsKedaError(
            where,
            f"must hold a JSON object, not {json_type_name(document)}",
            "Wrap the content in { ... } as the Functions host expects.",
        )
    return document


def _loads_like_the_host(text: str) -> Any:
    """Parse JSON as the Functions host (Json.NET) does: ``//`` and ``/* */`` comments and trailing commas pass.

    They are blanked out with spaces (newlines kept), so a real error is reported at its own line and column.
    """
    return json.loads(_blank_comments_and_trailing_commas(text))


_TRAILING_COMMA = re.compile(r",\s*[}\]]")


def _blank_comments_and_trailing_commas(text: str) -> str:
    out = list(text)
    i, length = 0, len(text)
    while i < length:
        char = text[i]
        if char == '"':
            i += 1
            while i < length and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
            continue
        end = i
        if text.startswith("//", i):
            newline = text.find("\n", i)
            end = length if newline == -1 else newline
        elif text.startswith("/*", i):
            close = text.find("*/", i + 2)
            end = length if close == -1 else close + 2
        elif char == "," and _TRAILING_COMMA.match(text, i):
            end = i + 1
        if end == i:
            i += 1
            continue
        for k in range(i, end):
            if out[k] != "\n":
                out[k] = " "
        i = end
    return "".join(out)


def json_type_name(value: object) -> str:
    """The JSON name of a parsed value's type, for messages ("an array", "a string", ...)."""
    names = {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)
