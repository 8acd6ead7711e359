"""Reading the JSON files of a Functions project, with errors that point at the file and line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from components.errors import FunctionsKedaError


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
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise FunctionsKedaError(
            f"{where}:{error.lineno}:{error.colno}",
            f"is not valid JSON ({error.msg})",
            "Fix the JSON syntax (comments and trailing commas are not allowed).",
        ) from None
    except RecursionError:
        raise FunctionsKedaError(where, "is nested too deeply to read", "Flatten the JSON document.") from None
    if not isinstance(document, dict):
        raise FunctionsKedaError(
            where,
            f"must hold a JSON object, not {json_type_name(document)}",
            "Wrap the content in { ... } as the Functions host expects.",
        )
    return document


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
