"""The functions-keda program: one Functions app (and, by default, KEDA) per stack.

Configure it with ``functions-keda:`` keys in ``stacks/Pulumi.<stack>.yaml`` (see the README). The app is
discovered and validated before anything is created, KEDA included.
"""

from typing import Any

import pulumi

from components import FunctionApp, Keda
from components.dev_storage import DevStorage
from components.keda import validate_keda_args
from components.plan import plan_app, reusing
from components.stack_config import read_stack_config

stack = read_stack_config()
app_args: dict[str, Any] = stack.app_args()

# Fail the preview on bad input before anything, KEDA included, is registered.
plan = plan_app(app_args)
if stack.install_keda:
    validate_keda_args(stack.keda)

keda = Keda("keda", stack.keda) if stack.install_keda else None
if keda is not None:
    app_args["keda_releases"] = keda.releases
depends_on = [DevStorage("dev-storage", stack.dev_namespace)] if stack.dev_storage else []
with reusing(plan):  # the component plans with the same options: the app is not read again
    app = FunctionApp("app", app_args, pulumi.ResourceOptions(depends_on=depends_on))  # type: ignore[arg-type]

pulumi.export("image", app.image)
pulumi.export("namespace", app.namespace)
pulumi.export("deployments", app.deployment_names)
pulumi.export("service", app.service_name)
pulumi.export("scaledObjects", app.scaled_object_names)
pulumi.export("functions", app.functions)
pulumi.export("scalers", app.scalers)
pulumi.export("serviceAddress", app.service_address)
pulumi.export("urls", app.urls)
pulumi.export("invokeUrls", app.invoke_urls)  # secret: carries function keys
pulumi.export("masterKey", app.master_key)  # secret
if keda is not None:
    pulumi.export("kedaNamespace", keda.namespace)
    pulumi.export("kedaVersion", keda.version)
    pulumi.export("httpAddOnVersion", keda.http_add_on_version)
