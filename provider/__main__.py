"""Host the components as a Pulumi component package, so TypeScript, Go, C#, Java and YAML programs can use them.

``pulumi package add <this folder>`` generates an SDK for the consumer's language from the schema Pulumi infers
from the components' argument and output annotations.
"""

import sys
from pathlib import Path

# The components live next to this folder, not in an installed distribution.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pulumi.provider.experimental import component_provider_host

from components import FunctionApp, Keda
from components.package import PACKAGE_NAME, PACKAGE_VERSION

if __name__ == "__main__":
    component_provider_host(components=[FunctionApp, Keda], name=PACKAGE_NAME, version=PACKAGE_VERSION)
