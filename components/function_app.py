"""The :class:`FunctionApp` component: one Functions project on Kubernetes, scaled by KEDA."""

# No `from __future__ import annotations`: the package schema is inferred from the real annotations.
import functools
import gc
import os
from pathlib import Path
from typing import Any

import pulumi
import pulumi_random as random

from components import manifests
from components.args import FunctionAppArgs
from components.build_options import CACHE_TAG, BuildOptions
from components.http_routes import MASTER_KEY, invoke_url
from components.image import build_spec, registry_server, write_generated
from components.kubernetes_objects import KubernetesObject
from components.plan import AppPlan, Workload, plan_app

KEY_LENGTH = 48
"""Random letters and digits: URL-safe, since keys travel in ``?code=``."""


class FunctionApp(pulumi.ComponentResource):
    """An Azure Functions app running on Kubernetes, with KEDA scaling its event-driven functions.

    The constructor discovers the app and validates every argument before it registers anything, then
    declares: the image (built from the app's Dockerfile and pushed, or a prebuilt one), a Secret with the app
    settings, a Deployment per workload (HTTP, event-driven, always-on), a Service for HTTP functions and a
    KEDA ScaledObject for each scaled Deployment.
    """

    image: pulumi.Output[str]
    """The image every pod runs, pinned to its digest when the component built it."""

    namespace: pulumi.Output[str]
    """The namespace of the app's objects (empty when the provider's default namespace is used)."""

    settings_secret_name: pulumi.Output[str]
    """Name of the Secret that holds the app settings."""

    deployment_names: pulumi.Output[list[str]]
    """Names of the app's Deployments."""

    service_name: pulumi.Output[str]
    """Name of the Service in front of the HTTP functions (empty when the app has none)."""

    scaled_object_names: pulumi.Output[list[str]]
    """Names of the app's KEDA ScaledObjects."""

    functions: pulumi.Output[dict[str, str]]
    """Each function that runs, mapped to the Deployment that runs it."""

    scalers: pulumi.Output[dict[str, str]]
    """Each function that runs, mapped to the KEDA scaler type that scales it (``none`` when nothing scales it,
    ``http`` for HTTP functions on fixed replicas)."""

    service_address: pulumi.Output[str]
    """In-cluster address of the HTTP Service (empty when the app has no HTTP functions)."""

    urls: pulumi.Output[dict[str, str]]
    """Each HTTP function mapped to its URL, without a key (through the Ingress or the HTTP add-on when used)."""

    invoke_urls: pulumi.Output[dict[str, str]]
    """Each HTTP function mapped to its URL with ``?code=<key>`` where its auth level needs one (a secret)."""

    master_key: pulumi.Output[str]
    """The host's master key (a secret; empty when the app has no HTTP functions)."""

    def __init__(self, name: str, args: FunctionAppArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        """Deploy a Functions app.

        **parameters**

        * **name** - the component's Pulumi name; children are named ``<name>-...``.
        * **args** - the app folder, image source, scaling knobs and settings (see :class:`FunctionAppArgs`).
        * **opts** - resource options; providers, protect and the like reach every child.

        Raises :class:`FunctionsKedaError` before registering anything when the app or an argument is wrong.
        """
        _settle_imports()
        plan = plan_app(args)
        build = _build_source(plan)
        super().__init__("functions-keda:index:FunctionApp", name, None, opts)
        # KEDA-side objects wait for KEDA (and the HTTP add-on), and are deleted before them.
        after_keda: list[pulumi.Resource] = list(args.get("keda_releases") or [])

        self._namespace: list[pulumi.Resource] = []
        if plan.options.create_namespace:
            manifest = manifests.namespace(plan)
            # Everything else depends on it, so destroy removes it last.
            self._namespace.append(KubernetesObject(f"{name}-namespace", manifest, self._child()))
        image = self._image(name, plan, build)
        for warning in plan.warnings:
            pulumi.log.warn(warning, resource=self)
        identity = self._identity_and_network(name, plan)

        settings = manifests.settings_secret(plan, redact=False)
        # What the pods need to start: the Secrets they read and the identity they run as (not KEDA, not RBAC).
        mounted: list[pulumi.Resource] = [
            *identity,
            KubernetesObject(f"{name}-settings", settings, self._child()),
        ]
        keys = self._keys(name, plan)
        if keys:
            keys_manifest = manifests.keys_secret(plan, keys)
            mounted.append(KubernetesObject(f"{name}-keys", keys_manifest, self._child()))

        http = plan.http_workload
        route: list[pulumi.Resource] = []
        if http is not None:
            self._http_exposure(name, plan, http)
            if plan.options.http.scaling == "http-add-on":
                manifest = manifests.interceptor_route(plan)
                route.append(self._custom(f"{name}-http-route", manifest, after_keda))

        authentications = {}
        for authentication in plan.trigger_authentications:
            manifest = manifests.trigger_authentication(plan, authentication)
            authentications[authentication.name] = self._custom(f"{name}-{authentication.name}", manifest, after_keda)
        scaled_names = []
        for workload in plan.workloads:
            manifest = manifests.deployment(plan, workload, image)
            KubernetesObject(f"{name}-{workload.role}", manifest, self._child(depends_on=mounted))
            if workload.scaled_object is not None:
                scaled = manifests.scaled_object(plan, workload, workload.scaled_object)
                scaled_names.append(scaled["metadata"]["name"])
                # Not on the Deployment: KEDA finds its target by name, and need not wait for a rollout. An
                # external-push trigger names the InterceptorRoute, which must exist first.
                serves_route = workload.serves_http and bool(route)
                uses = {t.authentication for t in workload.scaled_object.triggers if t.authentication is not None}
                needs = after_keda + (route if serves_route else []) + [authentications[a] for a in sorted(uses)]
                self._custom(f"{name}-{workload.role}-scaledobject", scaled, needs)

        self.image = pulumi.Output.from_input(image)
        self.namespace = pulumi.Output.from_input(plan.namespace or "")
        self.settings_secret_name = pulumi.Output.from_input(plan.settings_secret_name)
        self.deployment_names = pulumi.Output.from_input([w.name for w in plan.workloads])
        self.service_name = pulumi.Output.from_input(plan.http_service_name if http is not None else "")
        self.scaled_object_names = pulumi.Output.from_input(scaled_names)
        self.functions = pulumi.Output.from_input({fn: w.name for w in plan.workloads for fn in w.functions})
        self.scalers = pulumi.Output.from_input(function_scalers(plan))
        base = base_url(plan)
        self.service_address = pulumi.Output.from_input(service_address(plan) if http is not None else "")
        self.urls = pulumi.Output.from_input({r.function: base + r.path for r in plan.http_routes})
        self.invoke_urls = pulumi.Output.secret(
            pulumi.Output.all(**keys).apply(
                lambda values: {r.function: invoke_url(base, r, values) for r in plan.http_routes}
            )
            if keys
            else {}
        )
        self.master_key = pulumi.Output.secret(keys[MASTER_KEY] if keys else "")
        self.register_outputs(
            {
                "image": self.image,
                "namespace": self.namespace,
                "settings_secret_name": self.settings_secret_name,
                "deployment_names": self.deployment_names,
                "service_name": self.service_name,
                "service_address": self.service_address,
                "scaled_object_names": self.scaled_object_names,
                "functions": self.functions,
                "scalers": self.scalers,
                "urls": self.urls,
                "invoke_urls": self.invoke_urls,
                "master_key": self.master_key,
            }
        )

    def _identity_and_network(self, name: str, plan: AppPlan) -> list[pulumi.Resource]:
        """The Azure Workload Identity service account and the NetworkPolicy, when configured.

        Returns the service account, which the pods need before they can start.
        """
        identity: list[pulumi.Resource] = []
        if plan.options.security.workload_identity_client_id is not None:
            manifest = manifests.service_account(plan)
            identity.append(KubernetesObject(f"{name}-identity", manifest, self._child()))
        if plan.options.security.network_policy:
            manifest = manifests.network_policy(plan)
            KubernetesObject(f"{name}-network-policy", manifest, self._child())
        return identity

    def _keys(self, name: str, plan: AppPlan) -> dict[str, pulumi.Output[str]]:
        """One random key per key file, generated once and kept in the state (as secrets)."""
        rotation = plan.options.http.keys_rotation
        keys = {}
        for key_file in plan.key_files:
            password = random.RandomPassword(
                f"{name}-key-{key_file.replace('.', '-').lower()}",
                length=KEY_LENGTH,
                special=False,
                keepers={"rotation": rotation} if rotation is not None else None,
                opts=pulumi.ResourceOptions(parent=self),
            )
            keys[key_file] = password.result
        return keys

    def _http_exposure(self, name: str, plan: AppPlan, http: Workload) -> None:
        """The Service, PodDisruptionBudget, and when asked the Ingress and the HTTP add-on's proxy Service."""
        manifest = manifests.http_service(plan, http)
        KubernetesObject(f"{name}-http-service", manifest, self._child())
        manifest = manifests.disruption_budget(plan, http)
        KubernetesObject(f"{name}-http-disruption-budget", manifest, self._child())
        if plan.options.http.scaling == "http-add-on":
            manifest = manifests.proxy_service(plan)
            KubernetesObject(f"{name}-http-proxy", manifest, self._child())
        if plan.options.http.ingress_host is not None:
            manifest = manifests.ingress(plan)
            KubernetesObject(f"{name}-http-ingress", manifest, self._child())

    def _custom(self, name: str, manifest: dict[str, Any], depends_on: list[pulumi.Resource]) -> pulumi.Resource:
        return KubernetesObject(name, manifest, self._child(depends_on=depends_on))

    def _child(self, depends_on: list[pulumi.Resource] | None = None) -> pulumi.ResourceOptions:
        # Names are fixed (KEDA and the Service find objects by name), so a replacement must delete first.
        # Everything in a namespace the component creates waits for it, and is deleted before it.
        dependencies = [*getattr(self, "_namespace", []), *(depends_on or [])]
        return pulumi.ResourceOptions(parent=self, delete_before_replace=True, depends_on=dependencies)

    def _image(self, name: str, plan: AppPlan, build: "_Build | None") -> pulumi.Input[str]:
        if build is None:
            return plan.options.image or ""
        # Imported here: programs that run a prebuilt image never load the Docker provider's SDK.
        import pulumi_docker as docker

        registry = plan.options.registry or ""
        repository = f"{registry}/{plan.name}"
        options = build.options
        # Without credentials the provider uses the Docker config (~/.docker/config.json, credential helpers).
        credentials = None
        if plan.options.registry_username is not None or plan.options.registry_password is not None:
            credentials = docker.RegistryArgs(
                server=registry_server(registry),
                username=plan.options.registry_username,
                password=pulumi.Output.secret(plan.options.registry_password)
                if plan.options.registry_password is not None
                else None,
            )
        args = dict(options.args)
        cache_from = None
        if options.cache:
            # Every pushed image carries BuildKit's cache metadata, and the next build starts from the last one.
            args["BUILDKIT_INLINE_CACHE"] = "1"
            cache_from = docker.CacheFromArgs(images=[f"{repository}:{CACHE_TAG}"])
        build_args = docker.DockerBuildArgs(
            context=build.context,
            dockerfile=build.dockerfile,
            platform=options.platform,
            args=args or None,
            target=options.target,
            cache_from=cache_from,
            builder_version=docker.BuilderVersion.BUILDER_BUILD_KIT,
        )
        image = docker.Image(
            f"{name}-image",
            image_name=f"{repository}:{build.tag}",
            build=build_args,
            registry=credentials,
            skip_push=False,
            build_on_preview=options.on_preview,
            opts=pulumi.ResourceOptions(parent=self),
        )
        if options.cache:
            # The same build again (entirely from the local cache, so only a manifest is pushed) under the cache
            # tag, moved after every push. Pods never run it.
            docker.Image(
                f"{name}-image-cache",
                image_name=f"{repository}:{CACHE_TAG}",
                build=build_args,
                registry=credentials,
                skip_push=False,
                build_on_preview=False,
                opts=pulumi.ResourceOptions(parent=self, depends_on=[image]),
            )
        return image.repo_digest


class _Build:
    """Where and how to build the app's image.

    Paths are relative to the program, so the state does not depend on where the repository is checked out.
    """

    def __init__(self, context: str, dockerfile: str, tag: str, options: BuildOptions | None = None) -> None:
        self.context = context
        self.dockerfile = dockerfile
        self.tag = tag
        self.options = options or BuildOptions()


def _build_source(plan: AppPlan) -> _Build | None:
    if plan.options.registry is None:
        image = plan.options.image or ""
        if "@sha256:" not in image:
            pulumi.log.warn(
                f"Image {image!r} is not pinned to a digest: pods started later may run different code. "
                "Use repository@sha256:<digest>."
            )
        return None
    app_dir = plan.project.path
    options = _build_options(plan)
    spec = build_spec(plan.project, hardened=plan.options.security.hardened, options=options)
    if spec.generated:
        dockerfile = write_generated(spec)
        pulumi.log.info(
            f"{app_dir} has no Dockerfile: building it from a generated one for {spec.description} "
            f"({_program_relative(dockerfile)}). Run `python -m components.dockerfiles {_program_relative(app_dir)}` "
            "to write it into the app and own it."
        )
    else:
        dockerfile = app_dir / "Dockerfile"
    return _Build(_program_relative(app_dir), _program_relative(dockerfile), spec.tag, options)


def _build_options(plan: AppPlan) -> BuildOptions:
    """The validated build options (``AppOptions.build``; the defaults until the options carry them)."""
    options = getattr(plan.options, "build", None)
    return options if isinstance(options, BuildOptions) else BuildOptions()


def _program_relative(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


@functools.cache
def _settle_imports() -> None:
    """Move everything the imports created out of the garbage collector's sight, once.

    A deployment's program allocates little that lives long, but every full collection would walk the hundreds of
    thousands of objects the Pulumi SDKs leave behind at import: at 1,000 functions that was 30% of the program's
    own time (see benchmarks/README.md).
    """
    gc.freeze()


def service_address(plan: AppPlan) -> str:
    """The HTTP Service's in-cluster URL (the provider's default namespace is assumed to be ``default``)."""
    return f"http://{plan.http_service_name}.{plan.namespace or 'default'}.svc.cluster.local"


def base_url(plan: AppPlan) -> str:
    """Where clients send requests: the Ingress host, the HTTP add-on's first host, or the Service."""
    http = plan.options.http
    if http.ingress_host is not None:
        return f"{'https' if http.ingress_tls_secret else 'http'}://{http.ingress_host}"
    if http.scaling == "http-add-on":
        return f"http://{http.route_hosts[0]}"
    return service_address(plan)


def function_scalers(plan: AppPlan) -> dict[str, str]:
    """Each running function → the KEDA scaler type that scales it (``http``, or ``none`` without one)."""
    result = {fn: "http" for w in plan.workloads if w.serves_http for fn in w.functions}
    for workload in plan.workloads:
        if workload.scaled_object is not None:
            for trigger in workload.scaled_object.triggers:
                result.update({fn: trigger.type for fn in trigger.functions})
    result.update({u.function: "none" for u in plan.unscaled})
    return result
