"""Functions of Python v2 programming model apps (decorators on ``func.FunctionApp``), found without running them.

Discovery parses the script (``function_app.py``) and the modules of the app folder it imports with :mod:`ast`,
and interprets only their top-level imports, assignments, ``register_functions`` calls and decorated
functions.
Each decorated function is replaced by a stub with the same name and parameter names and a ``pass`` body, and
its decorators are replayed on the stub through real ``azure.functions`` app objects, so the bindings are
exactly those the worker would index, library defaults included. The user's modules are never imported: no
function body, module-level call or import side effect of theirs runs.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import importlib
import json
import logging
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import CodeType, FunctionType, ModuleType
from typing import Any

import azure.functions as func
from azure.functions.decorators.function_app import (
    DecoratorApi,
    ExternalHttpFunctionApp,
    Function,
    FunctionBuilder,
    FunctionRegister,
)

from components.discovery.jsonfiles import is_dir, is_file, relative
from components.discovery.python_ast import Namespace, NotStatic, Opaque, evaluate, is_library_name
from components.errors import FunctionsKedaError
from components.model import FunctionSpec

_ARGUMENT_FIX = "Use a literal or a module-level constant, or use an app setting with %Name% syntax."
_SYNTAX_FIX = "Fix the syntax error; discovery reads the source without running it."
_REGISTER_METHODS = frozenset({"register_functions", "register_blueprint"})


def discover_python_v2(app_dir: Path, script_file: str = "function_app.py") -> tuple[FunctionSpec, ...]:
    """Every function the Python worker would index from ``script_file``, in the worker's order.

    **parameters**

    * **app_dir** - the app folder; imports of the app's own modules are resolved from it, as the worker's
      ``sys.path`` does.
    * **script_file** - the script the worker loads (``PYTHON_SCRIPT_FILE_NAME``), relative to ``app_dir``.

    Returns an empty tuple when the script does not exist or defines no function app. Raises
    :class:`FunctionsKedaError` for a syntax error, a decorator argument that can't be known without running
    the code, or anything the ``azure-functions`` library itself rejects (a function without a trigger, two
    functions with one name...).
    """
    script = app_dir / script_file
    if not is_file(script):
        return ()
    with _quiet_library_logs():
        reader = _Reader(app_dir)
        module = reader.run_script(script)
        app = reader.function_app(module, relative(script, app_dir))
        return () if app is None else reader.functions_of(app, relative(script, app_dir))


@dataclass
class _Module:
    """A module of the app being read: its names, its file (for messages) and its package (for relative imports)."""

    namespace: Namespace
    rel: str
    package: str

    def where(self, node: ast.AST) -> str:
        return f"{self.rel}:{getattr(node, 'lineno', 1)}"


class _Reader:
    """Interprets the top-level statements of the app's modules, replaying app decorators as it goes."""

    def __init__(self, app_dir: Path) -> None:
        self.app_dir = app_dir
        # Each module is read once; an import cycle sees the partly read module, as it would in Python.
        self.modules: dict[str, Namespace] = {}
        self.azure = Namespace("azure")
        self.sources: dict[Function, str] = {}
        self.created: list[tuple[DecoratorApi, str]] = []

    # --- modules ---------------------------------------------------------------------------------------------

    def run_script(self, script: Path) -> Namespace:
        """Read the script the worker imports; it is a top-level module named after the file."""
        name = script.stem
        module = self.modules[name] = Namespace(name, {"__name__": name})
        self._run(module, script, package="")
        return module

    def _local(self, dotted: str) -> Namespace | None:
        """The app-folder module ``dotted`` (read on first use), or None when the app folder has no such module."""
        if dotted in self.modules:
            return self.modules[dotted]
        parent_name, _, leaf = dotted.rpartition(".")
        parent = self._local(parent_name) if parent_name else None
        if parent_name and parent is None:
            return None
        location = self.app_dir.joinpath(*dotted.split("."))
        # Python's order: a package, then a module file, then a folder without __init__.py (namespace package).
        candidates = ((location / "__init__.py", dotted), (location.parent / f"{leaf}.py", parent_name))
        found = next(((file, package) for file, package in candidates if is_file(file)), None)
        if found is None and not is_dir(location):
            return None
        module = self.modules[dotted] = Namespace(dotted, {"__name__": dotted})
        if found is not None:
            self._run(module, *found)
        if parent is not None:
            parent.members[leaf] = module
        return module

    def _library(self, dotted: str) -> object | None:
        """``azure``, ``azure.functions[...]`` or ``azure.durable_functions[...]``; None for other modules."""
        parts = dotted.split(".")
        if parts == ["azure"]:
            return self.azure
        if not is_library_name(dotted):
            return None
        package = ".".join(parts[:2])
        value: object
        try:
            with warnings.catch_warnings():
                # azure.durable_functions warns about host.json in the *current* folder, which is not the app's.
                warnings.simplefilter("ignore")
                value = importlib.import_module(dotted)
        except ImportError:
            return None
        # `import azure.functions` binds `azure`, whose attribute is the package.
        self.azure.members[parts[1]] = value if dotted == package else self._library(package)
        return value

    def _module_value(self, dotted: str) -> object:
        library = self._library(dotted)
        if library is not None:
            return library
        local = self._local(dotted)
        if local is not None:
            return local
        return Opaque(f"the module {dotted!r}, which is not in the app folder, so discovery does not read it")

    def _run(self, namespace: Namespace, path: Path, package: str) -> None:
        module = _Module(namespace, relative(path, self.app_dir), package)
        for statement in _top_level(_parse(path, module.rel).body):
            self._statement(statement, module)

    # --- statements ------------------------------------------------------------------------------------------

    def _statement(self, node: ast.stmt, module: _Module) -> None:
        scope = module.namespace.members
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    scope[alias.asname] = self._module_value(alias.name)
                else:  # `import a.b` runs a and a.b but binds only `a`
                    self._module_value(alias.name)
                    scope[alias.name.split(".")[0]] = self._module_value(alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            self._import_from(node, module)
        elif isinstance(node, ast.Assign):
            value = self._assigned(node.value, module)
            for target in node.targets:
                _bind(target, value, scope, module.where(node))
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            _bind(node.target, self._assigned(node.value, module), scope, module.where(node))
        elif isinstance(node, ast.AugAssign):
            _bind(node.target, Opaque(f"changed in place at {module.where(node)}"), scope, module.where(node))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            self._function(node, module)
        elif isinstance(node, ast.ClassDef):
            scope[node.name] = Opaque(f"a class defined at {module.where(node)}")
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            self._register(node.value, module)
        elif isinstance(node, ast.For):
            self._loop(node, module)

    def _loop(self, node: ast.For, module: _Module) -> None:
        """Replay ``for bp in (orders, billing): app.register_functions(bp)``, a common way to register blueprints.

        The loop runs only when its items can be read; otherwise it is skipped like any other block, unless it
        registers blueprints: then it is an error rather than silently missing functions.
        """
        try:
            items = evaluate(node.iter, module.namespace.members)
        except NotStatic as error:
            if any(self._registering_app(inner, module) is not None for inner in ast.walk(node)):
                raise FunctionsKedaError(
                    module.where(node),
                    f"the loop registers blueprints from {ast.unparse(node.iter)}, which discovery can't evaluate "
                    f"({error.reason})",
                    "Loop over a list of blueprints imported or assigned at the top level, or register each one "
                    "with its own app.register_functions(bp) call.",
                ) from None
            return
        simple = isinstance(node.target, ast.Name) and not node.orelse
        jumps = any(isinstance(inner, ast.Break | ast.Continue) for inner in ast.walk(node))
        if not simple or jumps or not isinstance(items, list | tuple):
            return
        for item in items:
            _bind(node.target, item, module.namespace.members, module.where(node))
            for statement in _top_level(node.body):
                self._statement(statement, module)

    def _registering_app(self, node: ast.AST, module: _Module) -> FunctionRegister | None:
        """The app when ``node`` is ``<app>.register_functions(...)`` (or ``register_blueprint``), else None."""
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            return None
        if node.func.attr not in _REGISTER_METHODS:
            return None
        app = self._soft(node.func.value, module)
        return app if isinstance(app, FunctionRegister) else None

    def _import_from(self, node: ast.ImportFrom, module: _Module) -> None:
        base = _absolute(node, module.package)
        # `from . import x` in a top-level module (the script): the app folder plays the package.
        source = self._module_value(base) if base else Namespace("")
        scope = module.namespace.members
        for alias in node.names:
            if alias.name == "*":
                if isinstance(source, Namespace):
                    scope.update((k, v) for k, v in source.members.items() if not k.startswith("_"))
                continue
            value: object
            if isinstance(source, Opaque):
                value = Opaque(f"imported from {base!r}, which is not in the app folder, so discovery does not read it")
            elif isinstance(source, Namespace) and alias.name in source.members:
                value = source.members[alias.name]
            elif isinstance(source, ModuleType) and hasattr(source, alias.name):
                value = getattr(source, alias.name)
            else:  # `from package import module` imports the sub-module
                value = self._module_value(f"{base}.{alias.name}" if base else alias.name)
                if isinstance(value, Opaque):
                    value = Opaque(f"imported from {base!r}, which has no top-level statement assigning it")
            scope[alias.asname or alias.name] = value

    def _assigned(self, value: ast.expr, module: _Module) -> object:
        """What a top-level assignment binds: an app object, a constant, or an :class:`Opaque` placeholder."""
        if isinstance(value, ast.Call):
            cls = self._soft(value.func, module)
            if isinstance(cls, type) and issubclass(cls, DecoratorApi):
                return self._construct(cls, value, module)
        try:
            return evaluate(value, module.namespace.members)
        except NotStatic as error:
            return Opaque(f"set at {module.where(value)} to a value discovery does not evaluate ({error.reason})")

    def _construct(self, cls: type[DecoratorApi], call: ast.Call, module: _Module) -> DecoratorApi:
        """Create the app or blueprint with the same arguments, so app-level settings (auth level) apply."""
        where = module.where(call)
        label = f"{ast.unparse(call.func)}()"
        if cls is func.Blueprint:
            # The library ignores Blueprint's arguments, so they need not be literals (e.g. Blueprint(__name__)).
            args: list[object] = []
            kwargs: dict[str, object] = {}
        else:
            # An ASGI/WSGI app is the user's (FastAPI, Flask...): pass a stand-in, the library only stores it.
            placeholder = "app" if issubclass(cls, ExternalHttpFunctionApp) else None
            args, kwargs = _arguments(call, label, module, placeholder)
        try:
            instance = cls(*args, **kwargs)
        except Exception as error:
            raise FunctionsKedaError(
                where, f"{label} fails: {error}", "Pass the arguments azure-functions documents."
            ) from error
        self.created.append((instance, where))
        for builder in _builders(instance):  # ASGI/WSGI apps declare their HTTP function in the constructor
            self.sources[_function_of(builder)] = where
        return instance

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, module: _Module) -> None:
        # Python evaluates decorator expressions top-down, then applies them bottom-up; so do we.
        decorators: list[tuple[Callable[[Any], Any], ast.expr]] = []
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if not isinstance(target, ast.Attribute):
                continue
            receiver = self._soft(target.value, module)
            if isinstance(receiver, DecoratorApi):  # decorators of anything but an app or blueprint are ignored
                decorators.append((self._decorator(receiver, target, decorator, node, module), target))
        if not decorators:
            module.namespace.members[node.name] = Opaque(f"a function defined at {module.where(node)}")
            return
        source = module.where(node)
        result: object = _stub(node, module.namespace.name)
        for apply, target in reversed(decorators):
            try:
                result = apply(result)
            except Exception as error:
                raise _function_error(node.name, source, f"@{ast.unparse(target)} fails: {error}") from error
        if isinstance(result, FunctionBuilder):
            self.sources[_function_of(result)] = source
        module.namespace.members[node.name] = result

    def _decorator(
        self,
        receiver: DecoratorApi,
        target: ast.Attribute,
        decorator: ast.expr,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        module: _Module,
    ) -> Callable[[Any], Any]:
        label = f"@{ast.unparse(target)}"
        factory = None if target.attr.startswith("_") else getattr(receiver, target.attr, None)
        if not callable(factory):
            raise FunctionsKedaError(
                module.where(decorator),
                f"{label} is not a decorator of azure-functions {_library_version()}",
                "Check the spelling; for an extension without a decorator, use @app.generic_trigger, "
                "@app.generic_input_binding or @app.generic_output_binding with type=...",
            )
        if not isinstance(decorator, ast.Call):  # used bare: the attribute is the decorator itself
            return factory  # type: ignore[no-any-return]
        args, kwargs = _arguments(decorator, label, module)
        try:
            return factory(*args, **kwargs)  # type: ignore[no-any-return]
        except Exception as error:
            raise _function_error(node.name, module.where(node), f"{label}(...) fails: {error}") from error

    def _register(self, call: ast.Call, module: _Module) -> None:
        """Replay ``app.register_functions(bp)``; the app gets the blueprint's functions declared so far."""
        app = self._registering_app(call, module)
        if app is None:
            return
        where, label = module.where(call), f"{ast.unparse(call.func)}()"
        nodes = [*call.args, *(keyword.value for keyword in call.keywords)]
        if len(nodes) != 1:
            raise FunctionsKedaError(where, f"{label} takes exactly one blueprint", "Register one Blueprint per call.")
        try:
            blueprint = evaluate(nodes[0], module.namespace.members)
        except NotStatic as error:
            raise FunctionsKedaError(
                where,
                f"{label} registers {ast.unparse(nodes[0])}, which discovery can't identify ({error.reason})",
                "Register a Blueprint assigned at the top level of the script or of a module in the app folder "
                "(e.g. `from blueprints.orders import bp`), so it can be read without running the code.",
            ) from None
        if not isinstance(blueprint, DecoratorApi) or isinstance(blueprint, FunctionRegister):
            kind = "function app" if isinstance(blueprint, FunctionRegister) else type(blueprint).__name__
            raise FunctionsKedaError(
                where,
                f"{label} registers {ast.unparse(nodes[0])}, which is a {kind}, not a Blueprint",
                "Register a func.Blueprint (or df.Blueprint); an app can't be registered in another app.",
            )
        app.register_functions(blueprint)

    def _soft(self, node: ast.expr, module: _Module) -> object:
        """``node``'s value when discovery can evaluate it, else None (for deciding what a statement is)."""
        try:
            return evaluate(node, module.namespace.members)
        except NotStatic:
            return None

    # --- results ---------------------------------------------------------------------------------------------

    def function_app(self, script: Namespace, rel: str) -> FunctionRegister | None:
        """The one app object at the script's top level, as the worker looks for it; None when there is none."""
        apps: list[FunctionRegister] = []
        for value in script.members.values():
            if isinstance(value, FunctionRegister) and all(value is not app for app in apps):
                apps.append(value)
        if len(apps) > 1:
            places = ", ".join(where for app in apps for created, where in self.created if created is app)
            raise FunctionsKedaError(
                rel,
                f"defines {len(apps)} function apps at the top level ({places}); the worker accepts only one",
                "Keep one FunctionApp and declare the other functions on Blueprints registered with "
                "app.register_functions(bp).",
            )
        return apps[0] if apps else None

    def functions_of(self, app: FunctionRegister, rel: str) -> tuple[FunctionSpec, ...]:
        """Build the app's functions as the worker does, blaming the right ``def`` for what the library rejects."""
        names: dict[str, str] = {}
        for builder in _builders(app):
            function = _function_of(builder)
            source = self.sources.get(function, rel)
            name = str(function.get_function_name())
            try:
                builder.build(app.auth_level)
            except Exception as error:
                raise _function_error(name, source, str(error).rstrip(".")) from error
            if name in names:
                raise FunctionsKedaError(
                    f"function {name!r} ({source})",
                    f"has the same name as the function at {names[name]}",
                    "Give each function a unique name: rename the Python function or set @app.function_name(name=...).",
                )
            names[name] = source
        try:
            functions = app.get_functions()
        except Exception as error:
            raise FunctionsKedaError(
                rel, f"azure-functions rejects the app: {error}", "Fix the app as the message says."
            ) from error
        specs = []
        for function in functions:
            source = self.sources.get(function, rel)
            try:
                bindings = json.loads(function.get_function_json())["bindings"]
            except ValueError as error:  # e.g. an integer too long for JSON
                raise FunctionsKedaError(
                    source, f"has a decorator argument the Python worker cannot index ({error})", _ARGUMENT_FIX
                ) from None
            specs.append(FunctionSpec(name=str(function.get_function_name()), bindings=tuple(bindings), source=source))
        return tuple(specs)


# --- helpers -------------------------------------------------------------------------------------------------


MAX_NESTING = 100
"""Deeper expressions (e.g. ``'a' + 'a' + ...`` hundreds of times) are refused before anything recurses on them."""


def _parse(path: Path, rel: str) -> ast.Module:
    try:
        # Bytes, so a PEP 263 coding line is honoured as Python would.
        tree = ast.parse(path.read_bytes(), filename=rel)
    except SyntaxError as error:
        raise FunctionsKedaError(
            f"{rel}:{error.lineno or 1}", f"has a syntax error ({error.msg})", _SYNTAX_FIX
        ) from None
    except ValueError as error:  # e.g. a NUL byte
        raise FunctionsKedaError(rel, f"is not Python source ({error})", _SYNTAX_FIX) from None
    except (RecursionError, MemoryError):  # CPython's parser reports its nesting limit so
        raise FunctionsKedaError(
            rel, "nests expressions too deeply to be parsed", "Simplify the deeply nested expression."
        ) from None
    except OSError as error:
        raise FunctionsKedaError(rel, f"cannot be read ({error.strerror})", "Check the file's permissions.") from None
    deep = _too_deep(tree)
    if deep is not None:
        raise FunctionsKedaError(
            f"{rel}:{getattr(deep, 'lineno', 1)}",
            f"nests an expression more than {MAX_NESTING} levels deep",
            "Simplify the expression (discovery reads it without running it).",
        )
    return tree


def _too_deep(tree: ast.AST) -> ast.AST | None:
    """The first node nested deeper than :data:`MAX_NESTING`, found without recursion."""
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            return node
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return None


def _top_level(body: Iterable[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements an import runs unconditionally.

    A ``try`` body normally runs to its end, so it counts; ``except`` handlers and ``if`` branches are skipped
    (which one runs can't be known statically), and loops are left to :meth:`_Reader._loop`.
    """
    for statement in body:
        if isinstance(statement, ast.Try | ast.TryStar):
            yield from _top_level([*statement.body, *statement.orelse, *statement.finalbody])
        else:
            yield statement


def _absolute(node: ast.ImportFrom, package: str) -> str:
    """The module a ``from ... import`` names; relative imports in top-level modules resolve from the app folder."""
    if not node.level:
        return node.module or ""
    parts = package.split(".") if package else []
    base = parts[: max(len(parts) - (node.level - 1), 0)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _bind(target: ast.expr, value: object, scope: dict[str, object], where: str) -> None:
    if isinstance(target, ast.Name):
        scope[target.id] = value
    elif isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            _bind(element, Opaque(f"unpacked at {where}, which discovery does not evaluate"), scope, where)
    elif isinstance(target, ast.Starred):
        _bind(target.value, value, scope, where)


def _arguments(
    call: ast.Call, label: str, module: _Module, placeholder: str | None = None
) -> tuple[list[object], dict[str, object]]:
    """Evaluate a call's arguments statically; ``placeholder`` names an argument to replace by a stand-in."""
    args: list[object] = []
    kwargs: dict[str, object] = {}
    for index, node in enumerate(call.args):
        if placeholder is not None and index == 0:
            args.append(_placeholder_http_app)
        elif isinstance(node, ast.Starred):
            value = _argument(node.value, f"*{ast.unparse(node.value)}", label, module)
            if not isinstance(value, list | tuple):
                raise FunctionsKedaError(module.where(node), f"{label} unpacks a {type(value).__name__}", _ARGUMENT_FIX)
            args.extend(value)
        else:
            args.append(_argument(node, f"{index + 1}", label, module))
    for keyword in call.keywords:
        if keyword.arg is None:
            value = _argument(keyword.value, f"**{ast.unparse(keyword.value)}", label, module)
            if not isinstance(value, dict):
                raise FunctionsKedaError(
                    module.where(keyword), f"{label} unpacks a {type(value).__name__}", _ARGUMENT_FIX
                )
            kwargs.update(value)
        elif keyword.arg == placeholder:
            kwargs[keyword.arg] = _placeholder_http_app
        else:
            kwargs[keyword.arg] = _argument(keyword.value, keyword.arg, label, module)
    return args, kwargs


def _argument(node: ast.expr, name: str, label: str, module: _Module) -> object:
    try:
        return evaluate(node, module.namespace.members)
    except NotStatic as error:
        raise FunctionsKedaError(
            module.where(error.node),
            f"argument {name} of {label} is {ast.unparse(node)!r}, which discovery can't evaluate without running "
            f"the code: {error.reason}",
            _ARGUMENT_FIX,
        ) from None


def _stub(node: ast.FunctionDef | ast.AsyncFunctionDef, module_name: str) -> FunctionType:
    """A function with the user's name and parameter names whose body is ``pass``.

    The library reads only the name and the parameters. The ``def`` is rebuilt from the parameter names alone
    and compiled, and the function object is made from its code without running any module code; defaults
    become ``None`` and annotations are dropped, because evaluating them would run the user's code.
    """
    arguments = node.args

    def plain(argument: ast.arg) -> ast.arg:
        return ast.arg(arg=argument.arg)

    signature = ast.arguments(
        posonlyargs=[plain(a) for a in arguments.posonlyargs],
        args=[plain(a) for a in arguments.args],
        vararg=plain(arguments.vararg) if arguments.vararg else None,
        kwonlyargs=[plain(a) for a in arguments.kwonlyargs],
        kw_defaults=[None for _ in arguments.kwonlyargs],
        kwarg=plain(arguments.kwarg) if arguments.kwarg else None,
        defaults=[],
    )
    kind = ast.AsyncFunctionDef if isinstance(node, ast.AsyncFunctionDef) else ast.FunctionDef
    fields: dict[str, Any] = {"name": node.name, "args": signature, "body": [ast.Pass()], "decorator_list": []}
    if "type_params" in kind._fields:  # Python 3.12+
        fields["type_params"] = []
    tree = ast.fix_missing_locations(ast.Module(body=[kind(**fields)], type_ignores=[]))
    module_code = compile(tree, f"<stub of {node.name}>", "exec")
    code = next(const for const in module_code.co_consts if isinstance(const, CodeType))
    stub = FunctionType(code, {"__name__": module_name}, node.name, (None,) * len(arguments.defaults) or None)
    keyword_defaults = {
        argument.arg: None
        for argument, default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)
        if default is not None
    }
    stub.__kwdefaults__ = keyword_defaults or None
    return stub


def _placeholder_http_app(*_args: object) -> None:
    """Stands in for the user's ASGI/WSGI app, which discovery never imports."""


def _function_error(name: str, source: str, problem: str) -> FunctionsKedaError:
    return FunctionsKedaError(
        f"function {name!r} ({source})",
        problem,
        "Fix the decorators as the azure-functions library expects: exactly one trigger per function, "
        "and the arguments each decorator documents.",
    )


def _builders(app: DecoratorApi) -> list[FunctionBuilder]:
    # The library keeps an app's or blueprint's functions (registered blueprints' included) in this list.
    builders: list[FunctionBuilder] = app._function_builders
    return builders


def _function_of(builder: FunctionBuilder) -> Function:
    function: Function = builder._function
    return function


@functools.cache
def _library_version() -> str:
    try:
        return metadata.version("azure-functions")
    except metadata.PackageNotFoundError:
        return "(unknown version)"


@contextlib.contextmanager
def _quiet_library_logs() -> Iterator[None]:
    """Silence the library's warnings about running the app while replaying.

    They go to the root logger (e.g. "Auth level is not applied to non http function app") and mean nothing
    at deploy time.
    """
    root = logging.getLogger()
    level = root.level
    # With a handler present, logging.warning() does not call basicConfig() and leave a handler behind.
    guard = logging.NullHandler()
    root.addHandler(guard)
    root.setLevel(logging.ERROR)
    try:
        yield
    finally:
        root.setLevel(level)
        root.removeHandler(guard)
