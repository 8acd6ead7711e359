"""What the :class:`Keda` components of this program installed, looked up by their ``releases`` output.

A :class:`FunctionApp` receives only the releases (a type the multi-language schema can express); this small
registry lets it still learn, in a Python program, which namespace they run in and whether the HTTP add-on is
among them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class KedaInstall:
    """One Keda component's install."""

    namespace: str
    http_add_on: bool


_INSTALLS: dict[int, tuple[Any, KedaInstall]] = {}
"""``id(releases output)`` → (the output, kept alive so the id stays unique; the install)."""


def register(releases: Any, install: KedaInstall) -> None:
    """Remember what the Keda component whose ``releases`` output is ``releases`` installed."""
    _INSTALLS[id(releases)] = (releases, install)


def keda_install(releases: Any) -> KedaInstall | None:
    """The install behind ``releases``, or ``None`` when they come from elsewhere (or are not given)."""
    entry = _INSTALLS.get(id(releases))
    return entry[1] if entry is not None and entry[0] is releases else None
