"""Print the Kubernetes objects of a Functions app as YAML, without a cluster or the Pulumi CLI.

Usage::

    python -m components.render examples/python-v2-app --registry localhost:5001

It runs the same discovery, validation and manifest code as ``pulumi up``. The image is shown with its
content-derived tag (``pulumi up`` pins pods to the pushed digest instead). Secret values are replaced by
``<redacted>`` unless ``--show-secrets`` is given.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from components.errors import FunctionsKedaError
from components.http_options import HTTP_SCALING_MODES, SERVICE_TYPES
from components.image import build_spec
from components.manifests import render
from components.options import TOPOLOGIES
from components.plan import AppPlan, plan_app
from components.stack_config import StackFileConfig, read_stack_config

PROJECT = Path(__file__).resolve().parent.parent
"""The folder of Pulumi.yaml: stack files and relative appPath values are found from it."""


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The command line; flags mirror the ``functions-keda:`` config keys."""
    parser = argparse.ArgumentParser(prog="python -m components.render", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "app_path", nargs="?", help="the Functions project folder (the one holding host.json); optional with --stack"
    )
    parser.add_argument(
        "--stack",
        help="start from stacks/Pulumi.<STACK>.yaml (plain values; encrypted ones are left out), then apply the flags",
    )
    parser.add_argument("--name", help="base name of the objects (default: the folder's name)")
    parser.add_argument("--namespace", help="namespace of the objects")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--registry", help="registry the image is pushed to (host[:port][/path])")
    source.add_argument("--image", help="a prebuilt image instead")
    parser.add_argument("--min-replicas", type=int)
    parser.add_argument("--max-replicas", type=int)
    parser.add_argument("--polling-interval", type=int)
    parser.add_argument("--cooldown-period", type=int)
    parser.add_argument("--pull-secret")
    parser.add_argument("--service-type", choices=SERVICE_TYPES)
    parser.add_argument("--http-scaling", choices=HTTP_SCALING_MODES)
    parser.add_argument("--topology", choices=TOPOLOGIES)
    parser.add_argument("--prometheus-server-address")
    parser.add_argument("--prometheus-query")
    parser.add_argument("--http-target-rps", type=int)
    parser.add_argument("--http-target-concurrency", type=int)
    parser.add_argument("--http-host", dest="http_hosts", action="append", help="repeatable")
    parser.add_argument("--http-path-prefix", dest="http_path_prefixes", action="append", help="repeatable")
    parser.add_argument("--ingress-host")
    parser.add_argument("--ingress-class-name")
    parser.add_argument("--ingress-tls-secret")
    parser.add_argument("--probe-path")
    parser.add_argument("--probe-port", type=int)
    parser.add_argument("--keda-namespace", help="where KEDA and the HTTP add-on run")
    parser.add_argument(
        "--http-add-on-scaler-address", help="host:port where KEDA reaches the HTTP add-on's external scaler"
    )
    parser.add_argument("--termination-grace-period", type=int)
    parser.add_argument("--host-command")
    parser.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="an app setting over local.settings.json (repeatable), like functions-keda:settings",
    )
    parser.add_argument("--show-secrets", action="store_true", help="print setting values instead of <redacted>")
    return parser.parse_args(argv)


_ARG_FLAGS = (
    "name",
    "namespace",
    "registry",
    "image",
    "min_replicas",
    "max_replicas",
    "polling_interval",
    "cooldown_period",
    "pull_secret",
    "service_type",
    "http_scaling",
    "topology",
    "prometheus_server_address",
    "prometheus_query",
    "http_target_rps",
    "http_target_concurrency",
    "http_hosts",
    "http_path_prefixes",
    "ingress_host",
    "ingress_class_name",
    "ingress_tls_secret",
    "probe_path",
    "probe_port",
    "keda_namespace",
    "http_add_on_scaler_address",
    "termination_grace_period",
    "host_command",
)
"""Flags that map one to one to FunctionAppArgs."""


def to_function_app_args(options: argparse.Namespace) -> dict[str, Any]:
    """The FunctionAppArgs the command line describes (over the stack's, with ``--stack``)."""
    args: dict[str, Any] = {}
    if options.stack is not None:
        args = stack_arguments(options.stack)
    if options.app_path is not None:
        args["app_path"] = options.app_path
    if "app_path" not in args:
        raise FunctionsKedaError(
            "render", "has no app folder", "Give APP_PATH, or --stack with functions-keda:appPath."
        )
    for key in _ARG_FLAGS:
        value = getattr(options, key)
        if value is not None:
            args[key] = value
    settings = {}
    for item in options.settings:
        key, sep, value = item.partition("=")
        if not sep:
            raise FunctionsKedaError(f"--set {item!r}", "has no '='", "Write --set NAME=VALUE.")
        settings[key] = value
    if settings:
        args["settings"] = {**args.get("settings", {}), **settings}
    return args


def stack_arguments(stack: str) -> dict[str, Any]:
    """The app's arguments from ``stacks/Pulumi.<stack>.yaml``, as ``__main__.py`` would build them."""
    path = PROJECT / "stacks" / f"Pulumi.{stack}.yaml"
    if not path.is_file():
        raise FunctionsKedaError(f"--stack {stack!r}", f"there is no {path}", "Name a stack that has a stack file.")
    config = StackFileConfig(path)
    for key in config.skipped:
        print(f"warning: functions-keda:{key} is encrypted in {path.name} and left out", file=sys.stderr)
    return read_stack_config(config, project_dir=PROJECT).app_args()


def image_reference(plan: AppPlan) -> str:
    """The image as render shows it: the prebuilt one, or ``<registry>/<name>:<content tag>``."""
    if plan.options.image is not None:
        return plan.options.image
    tag = build_spec(plan.project, hardened=plan.options.security.hardened, options=plan.options.build).tag
    return f"{plan.options.registry}/{plan.name}:{tag}"


def render_yaml(args: dict[str, Any], *, show_secrets: bool = False) -> tuple[str, AppPlan]:
    """The YAML documents for ``args``, and the plan behind them."""
    plan = plan_app(args)
    documents = render(plan, image_reference(plan), redact=not show_secrets)
    return yaml.safe_dump_all(documents, sort_keys=False, default_flow_style=False), plan


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code (2 for a user error)."""
    options = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        text, plan = render_yaml(to_function_app_args(options), show_secrets=options.show_secrets)
    except FunctionsKedaError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for warning in plan.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
