"""The functions-keda program: one Functions app (and, by default, KEDA) per stack.

Configure it with ``functions-keda:`` keys in ``stacks/Pulumi.<stack>.yaml`` (see the README). The app is
discovered and validated before anything is created, KEDA included.
"""

import pulumi

from components import FunctionApp, Keda
from components.keda import validate_keda_args
from components.plan import plan_app
from components.stack_config import read_stack_config

stack = read_stack_config()
plan_app(stack.app)  # fail the preview on bad input before KEDA is registered
if stack.install_keda:
    validate_keda_args(stack.keda)
keda = Keda("keda", stack.keda) if stack.install_keda else None
app_args = {**stack.app, "keda": keda} if keda is not None else stack.app
app = FunctionApp("app", app_args)  # type: ignore[arg-type]

pulumi.export("image", app.image)
pulumi.export("namespace", app.namespace)
pulumi.export("deployments", app.deployment_names)
pulumi.export("service", app.service_name)
pulumi.export("scaledObjects", app.scaled_object_names)
pulumi.export("functions", app.functions)
pulumi.export("scalers", app.scalers)
if keda is not None:
    pulumi.export("kedaNamespace", keda.namespace)
    pulumi.export("kedaVersion", keda.version)
