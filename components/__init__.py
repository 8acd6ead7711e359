"""functions-keda: Azure Functions apps on any Kubernetes cluster, scaled by KEDA, as Pulumi components.

The public surface is small: the two components, their arguments and the one error type. Everything else
(discovery, the scaler catalogue, planning, manifests) is importable for tests and tools but not promised.
"""

from components.args import FunctionAppArgs, KedaArgs
from components.errors import FunctionsKedaError
from components.function_app import FunctionApp
from components.keda import Keda

__all__ = ["FunctionApp", "FunctionAppArgs", "FunctionsKedaError", "Keda", "KedaArgs"]
