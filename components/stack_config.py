"""Read the ``functions-keda:`` stack configuration into component arguments.

Values are read as plain data (``Config.get``/``get_object``) so the app can be validated before anything is
registered; secret ones (``settings``, ``registryPassword``) are wrapped as Pulumi secrets again before they
reach a resource or an output.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Required, get_args, get_origin

import pulumi

from components.arg_names import config_key
from components.args import FunctionAppArgs, KedaArgs
from components.errors import FunctionsKedaError

NAMESPACE = "functions-keda"


def _kind(hint: Any) -> str:
    if get_origin(hint) is Required:
        hint = get_args(hint)[0]
    if hint is int:
        return "number"
    # bool arguments are read as strings: the components accept "true"/"false" as stack config spells them.
    return "object" if get_origin(hint) in (list, dict) else "string"


_APP_ARG_KINDS: dict[str, str] = {
    arg: _kind(hint)
    for arg, hint in FunctionAppArgs.__annotations__.items()
    # The Keda component is passed by the program, the password is read as a secret below.
    if arg not in ("keda_releases", "registry_password")
}
"""Every app argument by how its config value is read; each is the config key ``config_key(arg)``."""


@dataclass(frozen=True)
class StackConfig:
    """What ``__main__`` builds: whether to install KEDA, and the two components' arguments."""

    install_keda: bool
    dev_storage: bool
    """Run Azurite in the cluster and use it as AzureWebJobsStorage (development stacks only)."""
    keda: KedaArgs
    app: FunctionAppArgs

    @property
    def dev_namespace(self) -> str:
        """Where the dev storage runs: the app's namespace, or ``default``."""
        return self.app.get("namespace") or "default"

    def app_args(self) -> dict[str, Any]:
        """The app's arguments, with the dev storage's connection as ``AzureWebJobsStorage`` when it is on."""
        args: dict[str, Any] = dict(self.app)
        if self.dev_storage:
            # Imported here: dev storage is a development convenience, not part of every program.
            from components.dev_storage import connection_string

            stack_settings = args.get("settings") or {}
            args["settings"] = {"AzureWebJobsStorage": connection_string(self.dev_namespace), **stack_settings}
        return args


class StackFileConfig:
    """The ``functions-keda:`` keys of a stack file, read like :class:`pulumi.Config` (for ``render --stack``).

    Encrypted values (``secure:``) cannot be read without the stack's secrets provider; they are left out and
    listed in :attr:`skipped`.
    """

    def __init__(self, path: Path) -> None:
        """Read ``path`` (``stacks/Pulumi.<stack>.yaml``)."""
        import yaml

        document = yaml.safe_load(path.read_text()) or {}
        self.values = {
            key.split(":", 1)[1]: value
            for key, value in (document.get("config") or {}).items()
            if key.startswith(f"{NAMESPACE}:")
        }
        self.skipped = sorted(key for key, value in self.values.items() if _encrypted(value))

    def get_object(self, key: str) -> Any:
        """The value as YAML parsed it (``None`` when absent or encrypted)."""
        value = self.values.get(key)
        return None if _encrypted(value) else value

    def get(self, key: str) -> str | None:
        """The value as Pulumi's CLI passes config to programs: text, objects as JSON."""
        value = self.get_object(key)
        if value is None:
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        return json.dumps(value) if isinstance(value, (dict, list)) else str(value)


def _encrypted(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"secure"}


def read_stack_config(config: Any = None, project_dir: Path | None = None) -> StackConfig:
    """Read and shape the stack configuration; the components validate the values themselves.

    **parameters**

    * **config** - the ``functions-keda`` config (default: the current stack's), or a :class:`StackFileConfig`.
    * **project_dir** - what a relative ``appPath`` is relative to (default: the working directory, which
      Pulumi sets to the folder of ``Pulumi.yaml``).
    """
    config = config or pulumi.Config(NAMESPACE)
    app: dict[str, Any] = {}
    for arg, kind in _APP_ARG_KINDS.items():
        key = config_key(arg)
        value = _object(config, key) if kind == "object" else config.get(key)
        if value is not None:
            app[arg] = _number(key, value) if kind == "number" else value
    password = config.get("registryPassword")
    if password is not None:
        app["registry_password"] = pulumi.Output.secret(password)
    if "app_path" in app:
        app["app_path"] = str((project_dir or Path.cwd()) / Path(app["app_path"]).expanduser())
    keda: dict[str, Any] = {}
    for key, arg in (
        ("kedaVersion", "version"),
        ("kedaNamespace", "namespace"),
        ("httpAddOnVersion", "http_add_on_version"),
        ("kedaChart", "chart"),
        ("httpAddOnChart", "http_add_on_chart"),
    ):
        value = config.get(key)
        if value is not None:
            keda[arg] = value
    for key, arg in (("kedaValues", "values"), ("httpAddOnValues", "http_add_on_values")):
        values = _object(config, key)
        if values is not None:
            keda[arg] = values
    # The HTTP add-on comes with KEDA when the app scales HTTP with it, unless the stack says otherwise.
    keda["http_add_on"] = _bool(config, "installHttpAddOn", app.get("http_scaling") == "http-add-on")
    return StackConfig(
        install_keda=_bool(config, "installKeda", True),
        dev_storage=_bool(config, "devStorage", False),
        keda=keda,  # type: ignore[arg-type]
        app=app,  # type: ignore[arg-type]
    )


def _number(key: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise FunctionsKedaError(
            f"config {NAMESPACE}:{key}", f"{value!r} is not a whole number", f"Set it like: pulumi config set {key} 3"
        ) from None


def _object(config: pulumi.Config, key: str) -> Any:
    try:
        return config.get_object(key)
    except Exception:  # Pulumi raises a bare ConfigTypeError with no hint of the fix.
        raise FunctionsKedaError(
            f"config {NAMESPACE}:{key}",
            "is not a structured (object) value",
            f"Set entries with --path, e.g. pulumi config set --path '{NAMESPACE}:{key}.<Name>' <value>.",
        ) from None


def _bool(config: pulumi.Config, key: str, default: bool) -> bool:
    value = config.get(key)
    if value is None:
        return default
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise FunctionsKedaError(f"config {NAMESPACE}:{key}", f"{value!r} is not true or false", "Set true or false.")
