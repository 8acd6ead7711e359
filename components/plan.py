"""Combine a discovered project with validated options into a deployment plan.

The plan says which Deployments exist, which functions each one runs, and how KEDA scales each of them. It
is plain data: the manifest builders render it, the components register it, the tests inspect it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any

from components.arg_names import where
from components.args import FunctionAppArgs
from components.catalogue import (
    CATALOGUE,
    DURABLE_TRIGGERS,
    NO_SCALER_REASONS,
    KedaTrigger,
    NoScaler,
    TriggerContext,
    Unscalable,
    build_trigger,
    host_extension_value,
)
from components.discovery import discover
from components.discovery.project import check_worker_runtime
from components.errors import FunctionsKedaError
from components.http_routes import HttpRoute, http_routes, key_files
from components.image import check_build
from components.model import FunctionSpec, FunctionsProject
from components.names import SUFFIXES, check_name, default_name
from components.options import AppOptions, validate_args
from components.settings import (
    EXTERNAL,
    check_setting_names,
    connection_setting,
    identity_settings,
    merge_settings,
    reject_dev_only_values,
    resolve_expressions,
)


@dataclass(frozen=True)
class ScaledObjectPlan:
    """A KEDA ScaledObject for one Deployment."""

    name: str
    triggers: tuple[KedaTrigger, ...]
    min_replicas: int
    max_replicas: int
    polling_interval: int
    cooldown_period: int


@dataclass(frozen=True)
class Workload:
    """One Deployment and the functions it runs."""

    role: str
    """``http``, ``events`` (scaled by KEDA), ``fixed`` (no scaler: always-on replicas) or ``app`` (single)."""
    name: str
    functions: tuple[str, ...]
    replicas: int | None
    """Replicas the Deployment asks for; ``None`` when a ScaledObject owns the count."""
    serves_http: bool
    scaled_object: ScaledObjectPlan | None


@dataclass(frozen=True)
class TriggerAuthenticationPlan:
    """How KEDA authenticates for some triggers: Azure Workload Identity, and/or Secret keys."""

    name: str
    pod_identity: bool
    identity_id: str | None
    """The client ID KEDA assumes (the app's identity); ``None`` uses KEDA's own."""
    secret_refs: tuple[tuple[str, str, str], ...]
    """``(parameter, Secret name, key)`` entries."""


@dataclass(frozen=True)
class AppPlan:
    """Everything the manifests need, validated."""

    name: str
    namespace: str | None
    project: FunctionsProject
    options: AppOptions
    settings: Mapping[str, str]
    """Final app settings (local Values, stack settings, FUNCTIONS_WORKER_RUNTIME): the settings Secret."""
    settings_checksum: str
    """Changes whenever a setting does, so pods roll on a settings change."""
    workloads: tuple[Workload, ...]
    unscaled: tuple[NoScaler, ...]
    warnings: tuple[str, ...]
    http_routes: tuple[HttpRoute, ...] = ()
    """How clients reach each HTTP function."""
    trigger_authentications: tuple[TriggerAuthenticationPlan, ...] = ()
    """KEDA TriggerAuthentications the triggers refer to."""
    termination_grace_seconds: int = 30
    """How long a pod may take to finish its executions once it is told to stop."""

    @property
    def key_files(self) -> tuple[str, ...]:
        """Function keys the keys Secret holds (none when the app serves no HTTP)."""
        return key_files(self.http_routes) if self.http_routes else ()

    @property
    def keys_secret_name(self) -> str:
        """Name of the Secret holding the function keys."""
        return self.name + SUFFIXES["keys"]

    @property
    def http_service_name(self) -> str:
        """Name of the Service in front of the HTTP functions."""
        return self.name + SUFFIXES["http"]

    @property
    def proxy_service_name(self) -> str:
        """Name of the ExternalName Service that leads to the HTTP add-on's interceptor."""
        return self.name + SUFFIXES["proxy"]

    @property
    def settings_secret_name(self) -> str:
        """Name of the Secret that holds the app settings."""
        return self.name + SUFFIXES["settings"]

    @property
    def http_workload(self) -> Workload | None:
        """The Deployment that serves HTTP functions, if any."""
        return next((w for w in self.workloads if w.serves_http), None)


def plan_app(args: FunctionAppArgs | Mapping[str, Any]) -> AppPlan:
    """Validate ``args``, discover the app and plan its deployment. Raises :class:`FunctionsKedaError`.

    Inside :func:`reusing`, a plan made for the same options is returned instead of reading the app again.
    """
    options = validate_args(args)
    prepared = _PREPARED.get()
    if prepared is not None and prepared.options == options:
        return prepared
    project = discover(options.app_path)
    return plan_project(project, options)


_PREPARED: ContextVar[AppPlan | None] = ContextVar("prepared_plan", default=None)


@contextmanager
def reusing(plan: AppPlan) -> Iterator[None]:
    """Let :func:`plan_app` return ``plan`` for the same options while the block runs.

    A program that validates the app before it registers anything (so a bad input fails before KEDA is
    installed) then hands the same arguments to :class:`FunctionApp`; the app is read once.
    """
    token = _PREPARED.set(plan)
    try:
        yield
    finally:
        _PREPARED.reset(token)


def plan_project(project: FunctionsProject, options: AppOptions) -> AppPlan:
    """Plan ``project`` with already validated ``options``."""
    if options.registry is not None:
        # An image that cannot be built as asked fails here, before anything is registered (an app without a
        # Dockerfile is built from a generated one).
        check_build(project, hardened=options.security.hardened, options=options.build)
    name = options.name or default_name(project.path.name)
    if options.name is None:
        check_name(name, f"the app folder name {project.path.name!r} (used because functions-keda:name is unset)")
    settings = _final_settings(project, options)
    # What the container will see: generated settings, plus names whose values live in existing Secrets.
    visible = {**settings, **dict.fromkeys(options.security.external_settings, EXTERNAL)}
    warnings: list[str] = []
    functions = _active_functions(project, visible, warnings)
    resolved = {f.name: _resolve(f, visible) for f in functions}
    _check_overrides(options, functions)

    http = [f for f in functions if f.is_http]
    events = [f for f in functions if not f.is_http]
    triggers, unscaled = _scale(events, resolved, project, visible, options)
    if events:
        _require_host_storage(visible, events)
    triggers, authentications = authenticate(name, triggers, options, {f.name: f.source for f in functions})
    workloads = _workloads(name, options, http, triggers, unscaled, functions)

    if options.http.scaling != "none" and not http:
        warnings.append(
            f"functions-keda:httpScaling is {options.http.scaling!r} but the app has no HTTP functions; it is ignored."
        )
    if unscaled:
        fixed = next(w for w in workloads if w.role in ("fixed", "app"))
        warnings.append(
            "These functions have no KEDA scaler, so Deployment "
            f"{fixed.name!r} keeps {fixed.replicas or options.min_replicas or 1} replica(s) running for them: "
            + "; ".join(f"{u.function!r} ({u.reason})" for u in unscaled)
            + ". Give one a scaler with functions-keda:triggerOverrides (e.g. type 'cron')."
        )
    checksum = hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()
    return AppPlan(
        name=name,
        namespace=options.namespace,
        project=project,
        options=options,
        settings=settings,
        settings_checksum=checksum,
        workloads=tuple(workloads),
        unscaled=tuple(unscaled),
        warnings=tuple(warnings),
        http_routes=http_routes(http, project.host),
        trigger_authentications=tuple(authentications),
        termination_grace_seconds=_termination_grace(project, options),
    )


PRE_STOP_SECONDS = 5
"""Time for Services, Ingresses and the HTTP add-on to stop sending traffic before the host is told to stop."""
GRACE_CAP_SECONDS = 600
DEFAULT_FUNCTION_TIMEOUT_SECONDS = 30 * 60
"""The host's functionTimeout when host.json sets none (outside the Consumption plan)."""


def _termination_grace(project: FunctionsProject, options: AppOptions) -> int:
    """Long enough for the longest execution host.json allows to finish, within a cap (or the override)."""
    if options.termination_grace_period is not None:
        return options.termination_grace_period
    value = project.host.get("functionTimeout")
    timeout = DEFAULT_FUNCTION_TIMEOUT_SECONDS if value is None else _timespan_seconds(value)
    if timeout is None:  # "-1": unbounded
        return GRACE_CAP_SECONDS
    return max(30, min(timeout + PRE_STOP_SECONDS + 5, GRACE_CAP_SECONDS))


def _timespan_seconds(value: Any) -> int | None:
    """``functionTimeout`` (``[d.]hh:mm:ss``, or ``-1`` for unbounded) in seconds."""
    text = str(value).strip()
    if text == "-1":
        return None
    days, _, clock = text.rpartition(".") if text.count(":") == 2 and "." in text.split(":")[0] else ("", "", text)
    parts = clock.split(":")
    if (
        len(parts) == 3
        and all(p.isascii() and p.isdigit() for p in parts)
        and (not days or (days.isascii() and days.isdigit()))
    ):
        hours, minutes, seconds = (int(p) for p in parts)
        return int(days or 0) * 86400 + hours * 3600 + minutes * 60 + seconds
    raise FunctionsKedaError(
        "host.json",
        f"functionTimeout {value!r} is not a time span",
        'Write it as "hh:mm:ss" (e.g. "00:10:00"), or "-1" for no limit.',
    )


FROM_ENV_PARAMETERS = {
    "connectionFromEnv": "connection",
    "storageConnectionFromEnv": "storageConnection",
    "hostFromEnv": "host",
    "connectionStringFromEnv": "connectionString",
    "addressFromEnv": "address",
}
"""KEDA metadata that names an env var holding a secret → the TriggerAuthentication parameter for it."""


def authenticate(
    name: str, triggers: list[KedaTrigger], options: AppOptions, sources: Mapping[str, str]
) -> tuple[list[KedaTrigger], list[TriggerAuthenticationPlan]]:
    """Give triggers that need one a TriggerAuthentication: workload identity, or secrets when asked.

    With ``scaler_auth: secret`` KEDA reads connection strings from the Secret that holds them instead of
    from the container's environment.
    """
    security = options.security
    secret_of = security.external_settings
    plans: dict[tuple[bool, tuple[tuple[str, str, str], ...]], TriggerAuthenticationPlan] = {}
    result = []
    for trigger in triggers:
        if trigger.identity and security.workload_identity_client_id is None:
            function = trigger.functions[0]
            raise FunctionsKedaError(
                f"function {function!r} ({sources.get(function, 'durable functions')})",
                "uses an identity-based connection, which needs an Azure identity for the pods and for KEDA",
                "Set functions-keda:workloadIdentityClientId to the client ID of a managed identity federated "
                "with the app's service account (and KEDA's).",
            )
        metadata = dict(trigger.metadata)
        refs: list[tuple[str, str, str]] = []
        if security.scaler_auth == "secret":
            for from_env, parameter in FROM_ENV_PARAMETERS.items():
                if from_env in metadata:
                    setting = metadata.pop(from_env)
                    refs.append((parameter, secret_of.get(setting, name + SUFFIXES["settings"]), setting))
        if not trigger.identity and not refs:
            result.append(trigger)
            continue
        key = (trigger.identity, tuple(sorted(refs)))
        if key not in plans:
            suffix = "-azure-identity" if not refs else "-auth-" + hashlib.sha256(repr(key).encode()).hexdigest()[:8]
            plans[key] = TriggerAuthenticationPlan(
                name=name + suffix,
                pod_identity=trigger.identity,
                identity_id=security.workload_identity_client_id if trigger.identity else None,
                secret_refs=key[1],
            )
        result.append(
            replace(
                trigger,
                metadata=metadata,
                authentication=plans[key].name,
                secret_refs=tuple((parameter, setting) for parameter, _, setting in refs),
            )
        )
    return result, list(plans.values())


def _final_settings(project: FunctionsProject, options: AppOptions) -> dict[str, str]:
    external = options.security.external_settings
    for key in options.settings:
        if key in external:
            raise FunctionsKedaError(
                f"functions-keda:settings.{key}",
                f"is set here and also listed as coming from existing Secret {external[key]!r}",
                "Keep one: remove it from settings, or from existingSecrets.",
            )
    # A setting an existing Secret provides is left out of the generated one, even if local.settings.json has it.
    local = {key: value for key, value in project.local_settings.items() if key not in external}
    settings = merge_settings(local, options.settings)
    stack_runtime = options.settings.get("FUNCTIONS_WORKER_RUNTIME")
    if stack_runtime is not None:
        check_worker_runtime(stack_runtime, "functions-keda:settings.FUNCTIONS_WORKER_RUNTIME", project.worker_runtime)
    # The host refuses to start functions whose language does not match, so this is never left to chance.
    settings.setdefault("FUNCTIONS_WORKER_RUNTIME", project.worker_runtime)
    check_setting_names(settings)
    reject_dev_only_values(settings)
    return settings


def _active_functions(
    project: FunctionsProject, settings: Mapping[str, str], warnings: list[str]
) -> list[FunctionSpec]:
    """Functions the host would run: not disabled, and on host.json's allow-list when it has one."""
    allow_list = project.host.get("functions")
    allowed = {name.lower() for name in allow_list} if isinstance(allow_list, list) else None
    if allowed is not None:
        unknown = sorted(allowed - {f.name.lower() for f in project.functions})
        if unknown:
            warnings.append(f"host.json 'functions' lists {', '.join(unknown)}, which the app does not define.")
    active = [
        f
        for f in project.functions
        if not f.disabled
        and not _disabled_by_setting(f.name, settings)
        and (allowed is None or f.name.lower() in allowed)
    ]
    if not active:
        reasons = "; ".join(f"{f.name!r} {_why_inactive(f, settings, allowed)}" for f in project.functions)
        raise FunctionsKedaError(
            str(project.path),
            f"has no function left to run: {reasons}",
            'Enable at least one function ("disabled": false, AzureWebJobs.<name>.Disabled=false, or host.json).',
        )
    return active


def _why_inactive(function: FunctionSpec, settings: Mapping[str, str], allowed: set[str] | None) -> str:
    if function.disabled:
        return f'is "disabled": true in {function.source}'
    if _disabled_by_setting(function.name, settings):
        return f"is disabled by setting AzureWebJobs.{function.name}.Disabled"
    return "is not in host.json 'functions'"


def _disabled_by_setting(function: str, settings: Mapping[str, str]) -> bool:
    value = settings.get(f"AzureWebJobs.{function}.Disabled", "")
    return value.strip().lower() in ("true", "1")


def _resolve(function: FunctionSpec, settings: Mapping[str, str]) -> tuple[dict[str, Any], ...]:
    where_ = f"function {function.name!r} ({function.source})"
    return tuple(resolve_expressions(dict(b), settings, where_) for b in function.bindings)


def _check_overrides(options: AppOptions, functions: list[FunctionSpec]) -> None:
    names = {f.name: f for f in functions}
    for function, override in options.trigger_overrides.items():
        if function not in names:
            raise FunctionsKedaError(
                where("trigger_overrides"),
                f"names function {function!r}, which the app does not run",
                f"Use one of {', '.join(sorted(names))}.",
            )
        if names[function].is_http:
            raise FunctionsKedaError(
                where("trigger_overrides"),
                f"function {function!r} is an HTTP function, which is not scaled by a KEDA event trigger",
                "Remove the entry; HTTP scaling is chosen with functions-keda:httpScaling.",
            )
        if "type" in override and not override["type"]:
            raise FunctionsKedaError(
                where("trigger_overrides"), f"{function}.type is empty", "Name a KEDA scaler type, e.g. 'cron'."
            )


def _scale(
    events: list[FunctionSpec],
    resolved: Mapping[str, tuple[dict[str, Any], ...]],
    project: FunctionsProject,
    settings: Mapping[str, str],
    options: AppOptions,
) -> tuple[list[KedaTrigger], list[NoScaler]]:
    """One KEDA trigger per scalable function (identical ones merged), and the functions with none."""
    triggers: list[KedaTrigger] = []
    unscaled: list[NoScaler] = []
    durable: list[FunctionSpec] = []
    for function in events:
        override = options.trigger_overrides.get(function.name, {})
        if override.get("type"):
            metadata = {k: v for k, v in override.items() if k != "type" and v is not None}
            triggers.append(KedaTrigger(type=str(override["type"]), metadata=metadata, functions=(function.name,)))
            continue
        kind = function.trigger_type
        if kind in DURABLE_TRIGGERS:
            durable.append(function)
            continue
        rule = CATALOGUE.get(kind)
        if rule is None:
            reason = NO_SCALER_REASONS.get(kind, f"KEDA has no scaler for {kind} triggers")
            unscaled.append(_unscalable(function, reason, override))
            continue
        trigger_index = next(i for i, b in enumerate(function.bindings) if b is function.trigger)
        context = TriggerContext(
            function=function,
            binding=resolved[function.name][trigger_index],
            raw_binding=function.bindings[trigger_index],
            settings=settings,
            host=project.host,
        )
        try:
            trigger = build_trigger(rule, context)
        except Unscalable as why:
            unscaled.append(_unscalable(function, str(why), override))
            continue
        triggers.append(_apply_override(trigger, override))
    if durable:
        mssql = _durable_mssql(durable, project, settings)
        if mssql is None:
            durable_reason = "Durable Functions scale on KEDA only with the MSSQL storage provider"
            unscaled.extend(_unscalable(f, durable_reason, options.trigger_overrides.get(f.name, {})) for f in durable)
        else:
            triggers.append(_apply_durable_overrides(mssql, durable, options))
    return _merge_identical(triggers), unscaled


def _unscalable(function: FunctionSpec, reason: str, override: Mapping[str, str | None]) -> NoScaler:
    if override:
        raise FunctionsKedaError(
            where("trigger_overrides"),
            f"function {function.name!r} has no KEDA trigger to adjust: {reason}",
            "Add a 'type' key to give it a scaler of your choice (e.g. 'cron'), or remove the entry.",
        )
    return NoScaler(function=function.name, reason=reason)


def _apply_override(trigger: KedaTrigger, override: Mapping[str, str | None]) -> KedaTrigger:
    if not override:
        return trigger
    metadata = dict(trigger.metadata)
    for key, value in override.items():
        if value is None:
            metadata.pop(key, None)
        else:
            metadata[key] = value
    return KedaTrigger(type=trigger.type, metadata=metadata, functions=trigger.functions, env=trigger.env)


def _apply_durable_overrides(trigger: KedaTrigger, durable: list[FunctionSpec], options: AppOptions) -> KedaTrigger:
    """Durable functions share one trigger, so their overrides are merged into it; they must not disagree."""
    merged: dict[str, str | None] = {}
    for function in durable:
        for key, value in options.trigger_overrides.get(function.name, {}).items():
            if key in merged and merged[key] != value:
                raise FunctionsKedaError(
                    where("trigger_overrides"),
                    f"Durable functions share one mssql trigger, and the overrides of {function.name!r} set "
                    f"{key!r} to {value!r} while another one sets {merged[key]!r}",
                    "Give the key one value (or set it on one Durable function only).",
                )
            merged[key] = value
    return _apply_override(trigger, merged)


def _durable_mssql(
    durable: list[FunctionSpec], project: FunctionsProject, settings: Mapping[str, str]
) -> KedaTrigger | None:
    provider = host_extension_value(project.host, ("durableTask", "storageProvider"))
    if not isinstance(provider, Mapping) or str(provider.get("type", "")).lower() not in ("mssql", "microsoftsql"):
        return None
    name = str(provider.get("connectionStringName") or "SQLDB_Connection")
    setting = connection_setting(name, settings)
    if setting is None:
        raise FunctionsKedaError(
            "host.json extensions.durableTask.storageProvider",
            f"connectionStringName is {name!r}, but no app setting {name!r} exists",
            f"Set it with pulumi config set --secret --path 'functions-keda:settings.{name}' "
            "'<SQL connection string>'.",
        )
    limits = []
    for key, default in (("maxConcurrentOrchestratorFunctions", 10), ("maxConcurrentActivityFunctions", 1)):
        value = host_extension_value(project.host, ("durableTask", key))
        value = default if value is None else value
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise FunctionsKedaError(
                "host.json",
                f"extensions.durableTask.{key} must be a positive whole number, found {value!r}",
                "Fix the value; the SQL scaler asks the task hub for a recommendation based on it.",
            )
        limits.append(value)
    return KedaTrigger(
        type="mssql",
        metadata={
            "query": f"SELECT dt.GetScaleRecommendation({limits[0]}, {limits[1]})",
            "targetValue": "1",
            "connectionStringFromEnv": setting,
        },
        functions=tuple(f.name for f in durable),
        env=(setting,),
    )


def _merge_identical(triggers: Iterable[KedaTrigger]) -> list[KedaTrigger]:
    """Two functions on the same queue need one metric, not two equal ones."""
    merged: dict[tuple[str, str], KedaTrigger] = {}
    for trigger in triggers:
        key = (trigger.type, json.dumps(dict(trigger.metadata), sort_keys=True))
        if key in merged:
            first = merged[key]
            trigger = KedaTrigger(
                type=first.type,
                metadata=first.metadata,
                functions=first.functions + trigger.functions,
                env=first.env,
            )
        merged[key] = trigger
    return list(merged.values())


def _require_host_storage(settings: Mapping[str, str], events: list[FunctionSpec]) -> None:
    if "AzureWebJobsStorage" in settings or identity_settings("AzureWebJobsStorage", settings):
        return
    raise FunctionsKedaError(
        f"function {events[0].name!r} ({events[0].source})",
        "is not an HTTP function, and the host needs AzureWebJobsStorage to run those (leases, checkpoints, "
        "timers), but no such setting exists",
        "Set it with pulumi config set --secret --path 'functions-keda:settings.AzureWebJobsStorage' "
        "'<storage connection string>'.",
    )


ADD_ON_SCALER = "keda-add-ons-http-external-scaler"
"""The HTTP add-on's external scaler Service (chart ``keda-add-ons-http``; the name does not depend on the
release), gRPC port 9090."""


def default_prometheus_query(name: str, namespace: str | None) -> str:
    """Requests per second through the app's Ingress, as the NGINX ingress controller counts them."""
    labels = ([f'namespace="{namespace}"'] if namespace else []) + [f'ingress="{name}{SUFFIXES["http"]}"']
    return f"sum(rate(nginx_ingress_controller_requests{{{','.join(labels)}}}[1m]))"


def _http_trigger(name: str, options: AppOptions, http: list[FunctionSpec]) -> KedaTrigger | None:
    mode = options.http.scaling
    if not http or mode == "none":
        return None
    functions = tuple(f.name for f in http)
    if mode == "prometheus":
        metadata = {
            "serverAddress": options.http.prometheus_server_address or "",
            "query": options.http.prometheus_query or default_prometheus_query(name, options.namespace),
            "threshold": str(options.http.target_rps),
        }
        return KedaTrigger(type="prometheus", metadata=metadata, functions=functions)
    metadata = {
        "scalerAddress": options.http.scaler_address or f"{ADD_ON_SCALER}.{options.http.keda_namespace}:9090",
        "interceptorRoute": name + SUFFIXES["http"],
    }
    return KedaTrigger(type="external-push", metadata=metadata, functions=functions)


def _workloads(
    name: str,
    options: AppOptions,
    http: list[FunctionSpec],
    triggers: list[KedaTrigger],
    unscaled: list[NoScaler],
    functions: list[FunctionSpec],
) -> list[Workload]:
    def scaled_object(object_name: str, scale_on: list[KedaTrigger], min_replicas: int) -> ScaledObjectPlan:
        return ScaledObjectPlan(
            name=object_name,
            triggers=tuple(scale_on),
            min_replicas=min_replicas,
            max_replicas=options.max_replicas,
            polling_interval=options.polling_interval,
            cooldown_period=options.cooldown_period,
        )

    always_on = max(options.min_replicas, 1)
    http_trigger = _http_trigger(name, options, http)
    # Only the HTTP add-on holds requests while a Deployment scales from zero; without it HTTP needs a replica.
    http_floor = options.min_replicas if options.http.scaling == "http-add-on" else always_on
    if options.topology == "single":
        scale_on = triggers + ([http_trigger] if http_trigger else [])
        floor = always_on if unscaled or (http and http_floor > options.min_replicas) else options.min_replicas
        return [
            Workload(
                role="app",
                name=name,
                functions=tuple(f.name for f in functions),
                replicas=None if scale_on else always_on,
                serves_http=bool(http),
                scaled_object=scaled_object(name, scale_on, floor) if scale_on else None,
            )
        ]
    workloads = []
    if http:
        http_name = name + SUFFIXES["http"]
        http_scaled = scaled_object(http_name, [http_trigger], http_floor) if http_trigger else None
        workloads.append(
            Workload(
                "http", http_name, tuple(f.name for f in http), None if http_scaled else always_on, True, http_scaled
            )
        )
    if triggers:
        scaled = tuple(dict.fromkeys(fn for t in triggers for fn in t.functions))
        workloads.append(
            Workload("events", name, scaled, None, False, scaled_object(name, triggers, options.min_replicas))
        )
    if unscaled:
        workloads.append(
            Workload("fixed", name + SUFFIXES["fixed"], tuple(u.function for u in unscaled), always_on, False, None)
        )
    return workloads
