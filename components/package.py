"""The multi-language package's identity and schema."""

from __future__ import annotations

import json
from typing import Any

PACKAGE_NAME = "functions-keda"
"""Also the first part of every type token (``functions-keda:index:FunctionApp``)."""
PACKAGE_VERSION = "0.1.0"


def package_schema() -> dict[str, Any]:
    """The schema ``pulumi package get-schema provider`` serves, generated in-process (no CLI needed)."""
    from pulumi.provider.experimental.component import ComponentProvider

    from components import FunctionApp, Keda

    provider = ComponentProvider([FunctionApp, Keda], PACKAGE_NAME, version=PACKAGE_VERSION)
    # The base Provider keeps the schema as the JSON text it serves.
    schema: dict[str, Any] = json.loads(str(provider.schema))
    return schema
