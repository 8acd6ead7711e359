"""Functions of Node.js v4 programming model apps (``app.http(...)``, ``app.storageQueue(...)``), read, never run.

``func kubernetes deploy`` finds no function in these apps: they have no ``function.json``; the Node.js worker
learns the functions when the files that ``package.json`` ``main`` names call the ``@azure/functions`` library.
Discovery reads those files (and the app files they import) with tree-sitter's JavaScript and TypeScript
grammars, interprets only their top-level declarations and registration calls, and rebuilds the binding
dictionaries exactly as ``@azure/functions`` 4.x and the worker would send them to the host: the same
``type``, ``direction``, properties and generated binding ``name``. No code of the app runs, and no Node.js
is needed.

TypeScript apps point ``main`` at compiled files (``dist/src/functions/*.js``); when those are absent, the
``.ts`` sources are read instead, mapped back through ``tsconfig.json`` (``outDir``/``rootDir``).

Verified against ``@azure/functions`` 4.16.5 (``src/app.ts``, ``src/trigger.ts``, ``src/input.ts``,
``src/output.ts``, ``src/addBindingName.ts``, ``src/converters/toCoreFunctionMetadata.ts``), the Node.js worker's
``registerFunction`` (``rawBindings``) and ``durable-functions`` 3.5.0 (``app``, ``trigger``, ``input``, ``client``).
"""

from __future__ import annotations

import fnmatch
import json
import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tree_sitter import Node

from components.discovery.js_ast import (
    UNDEFINED,
    Evaluator,
    JsFunction,
    NotStatic,
    Scope,
    Unknown,
    first_error,
    grammar_for,
    is_number,
    json_stringify,
    line_of,
    normalize_number,
    number_to_string,
    ordered_keys,
    parse,
    property_key,
    snippet,
    string_hash,
    string_value,
    text_of,
    truthy,
    walk,
)
from components.discovery.jsonfiles import read_json_object, relative
from components.errors import FunctionsKedaError
from components.model import FunctionSpec

LIBRARY = "@azure/functions"
DURABLE = "durable-functions"
LIBRARY_VERSION = "4.16.5"
"""The ``@azure/functions`` release whose behaviour this module reproduces."""

_ARGUMENT_FIX = "Use a literal or a module-level const, or an app setting with %Name% syntax."
_SYNTAX_FIX = "Fix the syntax error; discovery reads the source without running it."
_SOURCE_SUFFIXES = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
_TS_SUFFIXES = (".ts", ".tsx", ".mts", ".cts")
_SKIPPED_DIRS = frozenset({"node_modules", ".git"})
_MAX_REPLAY_DEPTH = 16

# --- what the library does with each registration ------------------------------------------------------------

_HTTP_METHODS = {"get": "GET", "put": "PUT", "post": "POST", "patch": "PATCH", "deleteRequest": "DELETE"}
"""``app.get(...)`` and friends: ``app.http`` with ``methods`` set to the one method (src/app.ts)."""

_TRIGGER_TYPES = {
    "http": "httpTrigger",
    "timer": "timerTrigger",
    "storageBlob": "blobTrigger",
    "storageQueue": "queueTrigger",
    "serviceBusQueue": "serviceBusTrigger",
    "serviceBusTopic": "serviceBusTrigger",
    "eventHub": "eventHubTrigger",
    "eventGrid": "eventGridTrigger",
    "cosmosDB": "cosmosDBTrigger",
    "warmup": "warmupTrigger",
    "sql": "sqlTrigger",
    "mySql": "mysqlTrigger",
    "webPubSub": "webPubSubTrigger",
    "connectorTrigger": "connectorTrigger",
    "mcpTool": "mcpToolTrigger",
    "mcpResource": "mcpResourceTrigger",
    "mcpPrompt": "mcpPromptTrigger",
}
"""``app.<kind>`` / ``trigger.<kind>`` → the trigger binding type (src/trigger.ts); ``generic`` takes the user's."""

_INPUT_TYPES = {
    "storageBlob": "blob",
    "table": "table",
    "cosmosDB": "cosmosDB",
    "sql": "sql",
    "mySql": "mysql",
    "webPubSubConnection": "webPubSubConnection",
    "webPubSubContext": "webPubSubContext",
}
"""``input.<kind>`` → binding type (src/input.ts)."""

_OUTPUT_TYPES = {
    "http": "http",
    "storageBlob": "blob",
    "table": "table",
    "storageQueue": "queue",
    "serviceBusQueue": "serviceBus",
    "serviceBusTopic": "serviceBus",
    "eventHub": "eventHub",
    "eventGrid": "eventGrid",
    "cosmosDB": "cosmosDB",
    "sql": "sql",
    "mySql": "mysql",
    "webPubSub": "webPubSub",
}
"""``output.<kind>`` → binding type (src/output.ts)."""

_NOT_TRIGGER_OPTIONS = ("handler", "return", "trigger", "extraInputs", "extraOutputs", "retry")
"""What ``convertToGenericOptions`` takes out of the options before the rest becomes the trigger."""

_LIBRARY_ENUMS: dict[str, dict[str, object]] = {
    "CosmosDBChangeFeedMode": {"LatestVersion": "LatestVersion", "AllVersionsAndDeletes": "AllVersionsAndDeletes"},
    "CosmosDBv4ChangeFeedMode": {"LatestVersion": "LatestVersion", "AllVersionsAndDeletes": "AllVersionsAndDeletes"},
    "SqlChangeOperation": {"Insert": 0, "Update": 1, "Delete": 2, "0": "Insert", "1": "Update", "2": "Delete"},
    "MySqlChangeOperation": {"Update": 0, "0": "Update"},
}

_DURABLE_TRIGGERS = {"orchestration": "orchestrationTrigger", "activity": "activityTrigger", "entity": "entityTrigger"}
_DURABLE_CLIENT_KINDS = frozenset(
    {"http", "timer", "storageBlob", "storageQueue", "serviceBusQueue", "serviceBusTopic", "eventHub", "eventGrid"}
    | {"cosmosDB", "generic"}
)
_DURABLE_CLIENT_TYPES = ("durableClient", "orchestrationClient")

_INTEROP_HELPERS = frozenset(
    {"__importStar", "__importDefault", "__toESM", "__toCommonJS", "_interopRequireDefault", "_interopRequireWildcard"}
)


def discover_node_v4(app_dir: Path) -> tuple[FunctionSpec, ...]:
    """Every function the Node.js worker would index from a v4 programming model app, in registration order.

    **parameters**

    * **app_dir** - the app folder (the one holding ``host.json`` and ``package.json``).

    Returns an empty tuple when the app is not a Node.js v4 app: no ``package.json``, or an ``@azure/functions``
    dependency below 4, or (with no such dependency) ``function.json`` files or no registration call in the
    entry files. Raises :class:`FunctionsKedaError` for a syntax error, a registration option that can't be
    known without running the code (naming the file and line), an entry point the worker would not load, and
    anything ``@azure/functions`` itself rejects.
    """
    app_dir = app_dir.resolve()
    package_path = app_dir / "package.json"
    if not package_path.is_file():
        return ()
    package = read_json_object(package_path, app_dir)
    declared = _declares_v4(package)
    if declared is False or (declared is None and _has_function_json(app_dir)):
        return ()
    main = package.get("main") if isinstance(package.get("main"), str) else None
    entries = _entry_files(app_dir, main)
    if not entries:
        if declared and main:
            raise FunctionsKedaError(
                "package.json",
                f"'main' is {main!r}, which matches no file, so the Node.js worker would load no function",
                'Point main at the files that register functions (e.g. "src/functions/*.js"); for TypeScript, '
                "run the build or keep the sources where tsconfig.json's rootDir maps them.",
            )
        return ()
    runner = _Runner(app_dir)
    try:
        for entry in entries:
            runner.load(entry)
        runner.check_unreached()
    except RecursionError:
        raise FunctionsKedaError(
            "package.json",
            f"the files that 'main' loads ({main or 'the usual src/ layout'}) import each other too deeply for "
            "discovery to follow",
            "Flatten the import chain of the files that register functions.",
        ) from None
    except FunctionsKedaError:
        if declared is None and not runner.saw_library:
            return ()  # not a v4 app after all: an unrelated package.json main
        raise
    functions = tuple(runner.functions)
    if declared is None and not functions:
        return ()
    if main is None and functions:
        files = ", ".join(sorted({relative(entry, app_dir) for entry in entries}))
        raise FunctionsKedaError(
            "package.json",
            f"has no 'main', so the Node.js worker loads no file and none of the {len(functions)} functions "
            f"registered in {files} would run",
            'Set "main" to the files that register functions, e.g. "main": "src/functions/*.js" '
            '(TypeScript: "dist/src/functions/*.js").',
        )
    return functions


# --- is it a v4 app, and which files does the worker load? --------------------------------------------------


def _declares_v4(package: dict[str, Any]) -> bool | None:
    """True/False when package.json's @azure/functions range says v4+/v3-; None when it has no usable range."""
    for section in ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies"):
        dependencies = package.get(section)
        if isinstance(dependencies, dict) and LIBRARY in dependencies:
            major = _range_major(dependencies[LIBRARY])
            return None if major is None else major >= 4
    return None


def _range_major(spec: object) -> float | None:
    """The highest major version an npm range allows (``inf`` when unbounded); None for git/file/tag specs."""
    if not isinstance(spec, str):
        return None
    text = spec.strip()
    if text.startswith("npm:"):
        text = text.rpartition("@")[2]
    if text.startswith("workspace:"):
        text = text.removeprefix("workspace:")
    if text in ("", "*", "x", "X", "latest"):
        return math.inf
    if ":" in text or "/" in text:
        return None
    best: float | None = None
    for alternative in text.split("||"):
        alternative = alternative.strip()
        if alternative in ("", "*", "x", "X") or (alternative.startswith(">") and "<" not in alternative):
            major: float | None = math.inf
        else:
            digits = re.search(r"\d+", alternative)
            major = int(digits.group()) if digits else None
        if major is not None and (best is None or major > best):
            best = major
    return best


def _has_function_json(app_dir: Path) -> bool:
    return any(path.parent.name not in _SKIPPED_DIRS and path.is_file() for path in app_dir.glob("*/function.json"))


def _entry_files(app_dir: Path, main: str | None) -> list[Path]:
    """The files the worker loads (``main`` as a glob); for TypeScript sources when the build output is absent."""
    if main:
        files = _sources(glob_files(app_dir, main))
        if files:
            return files
        typescript = _typescript_sources(app_dir, main)
        if typescript:
            return typescript
        if not (app_dir / "tsconfig.json").is_file():
            return []
    return _conventional_entries(app_dir)


def _sources(paths: list[Path]) -> list[Path]:
    return [p for p in paths if p.suffix.lower() in _SOURCE_SUFFIXES and not p.name.lower().endswith(".d.ts")]


def _conventional_entries(app_dir: Path) -> list[Path]:
    """``src/functions/*`` and ``src/index.*`` (TypeScript sources when there are any, else JavaScript)."""
    found = _sources(glob_files(app_dir, "src/{index,functions/*}.{ts,mts,cts,tsx,js,mjs,cjs,jsx}"))
    typescript = [p for p in found if p.suffix.lower() in _TS_SUFFIXES]
    return typescript or found


def _typescript_sources(app_dir: Path, main: str) -> list[Path]:
    """The ``.ts`` files whose compiled output ``main`` names: ``outDir`` → ``rootDir``, ``.js`` → ``.ts``."""
    tsconfig = _tsconfig_dirs(app_dir)
    pattern = _normalize_pattern(main)
    if tsconfig is not None:
        out_dir, root_dir = tsconfig
    else:
        out_dir, root_dir = None, None
        first = pattern.split("/", 1)[0]
        if first in ("dist", "build", "out", "lib") and "/" in pattern:
            out_dir = first
    if out_dir:
        if not pattern.startswith(out_dir + "/"):
            return []
        pattern = pattern[len(out_dir) + 1 :]
    swapped = _swap_extension(pattern)
    if swapped is None:
        return []
    for root in [root_dir] if root_dir is not None else ["", "src"]:
        files = _sources(glob_files(app_dir, f"{root}/{swapped}" if root else swapped))
        files = [f for f in files if f.suffix.lower() in _TS_SUFFIXES]
        if files:
            return files
    return []


def _swap_extension(pattern: str) -> str | None:
    for js, ts in ((".mjs", ".mts"), (".cjs", ".cts"), (".jsx", ".tsx"), (".js", ".{ts,tsx}")):
        if pattern.endswith(js):
            return pattern[: -len(js)] + ts
    return None


def _tsconfig_dirs(app_dir: Path) -> tuple[str | None, str | None] | None:
    """``compilerOptions.outDir`` and ``rootDir``, app-relative, following relative ``extends``.

    None when the app has no tsconfig.json.
    """
    path = app_dir / "tsconfig.json"
    if not path.is_file():
        return None
    found: dict[str, str | None] = {"outDir": None, "rootDir": None}
    for _ in range(8):  # a short chain of relative `extends`
        config = read_json_object(path, app_dir)
        options = config.get("compilerOptions")
        if isinstance(options, dict):
            for key in found:
                value = options.get(key)
                if found[key] is None and isinstance(value, str):
                    found[key] = _app_relative(path.parent / value, app_dir)
        parent = config.get("extends")
        if not (isinstance(parent, str) and parent.startswith(".")):
            break
        path = (path.parent / parent).resolve()
        if path.suffix != ".json":
            path = path.with_name(path.name + ".json")
        if not path.is_file():
            break
    return found["outDir"], found["rootDir"]


def _app_relative(path: Path, app_dir: Path) -> str | None:
    try:
        rel = Path(os.path.normpath(path)).relative_to(app_dir).as_posix()
    except ValueError:
        return None
    return "" if rel == "." else rel


def _normalize_pattern(pattern: str) -> str:
    pattern = pattern.strip().replace("\\", "/")
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return pattern


def glob_files(app_dir: Path, pattern: str) -> list[Path]:
    """The files a globby pattern (``*``, ``**``, ``?``, ``[...]``, ``{a,b}``) matches under ``app_dir``, sorted.

    Like globby, ``*`` does not match dot files; unlike it, ``**`` never descends into ``node_modules``.
    """
    pattern = _normalize_pattern(pattern)
    if not pattern or pattern.startswith(("/", "!")):
        return []
    found: set[Path] = set()
    for expanded in _expand_braces(pattern):
        segments = [s for s in expanded.split("/") if s not in ("", ".")]
        if ".." not in segments:
            _glob_walk(app_dir, segments, found)
    return sorted(found, key=lambda p: relative(p, app_dir))


def _expand_braces(pattern: str) -> list[str]:
    depth, start = 0, -1
    for index, char in enumerate(pattern):
        if char == "{":
            if depth == 0:
                start = index
            depth += 1
        elif char == "}" and depth:
            depth -= 1
            if depth == 0:
                options = _split_top_level(pattern[start + 1 : index])
                if len(options) > 1:
                    head, tail = pattern[:start], pattern[index + 1 :]
                    return [expanded for option in options for expanded in _expand_braces(head + option + tail)]
    return [pattern]


def _split_top_level(text: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        current.append(char)
    parts.append("".join(current))
    return parts


def _glob_walk(base: Path, segments: list[str], found: set[Path]) -> None:
    if not segments:
        if base.is_file():
            found.add(base)
        return
    head, rest = segments[0], segments[1:]
    if head == "**":
        _glob_walk(base, rest, found)
        for child in _children(base):
            if child.is_dir() and not child.is_symlink() and not child.name.startswith("."):
                if child.name not in _SKIPPED_DIRS:
                    _glob_walk(child, segments, found)
    elif not any(char in head for char in "*?["):
        _glob_walk(base / head, rest, found)
    else:
        for child in _children(base):
            if child.name.startswith(".") and not head.startswith("."):
                continue
            if fnmatch.fnmatchcase(child.name, head):
                _glob_walk(child, rest, found)


def _children(path: Path) -> list[Path]:
    try:
        return sorted(path.iterdir()) if path.is_dir() else []
    except OSError:
        return []


# --- values besides plain data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lib:
    """An object of ``@azure/functions`` or ``durable-functions``: the package root or a member path."""

    package: str
    path: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Builtin:
    """``require``, ``Object`` or one of the ``Object.*`` helpers discovery evaluates."""

    name: str


@dataclass(frozen=True)
class _ListMethod:
    items: list[object]
    name: str


@dataclass(frozen=True)
class _Getter:
    """A compiled re-export: ``Object.defineProperty(exports, "x", { get: function () { return m.x; } })``."""

    function: JsFunction


@dataclass(frozen=True)
class _Site:
    """Where a library call is, and how to name it in messages."""

    rel: str
    line: int
    label: str

    @property
    def where(self) -> str:
        return f"{self.rel}:{self.line}"


class _Return(Exception):
    """A ``return`` in a replayed function body."""


@dataclass(eq=False)
class _Module:
    """One file of the app, as far as discovery has interpreted it."""

    path: Path
    rel: str
    root: Node
    esm: bool
    scope: Scope
    export_values: dict[str, object] = field(default_factory=dict)
    export_locals: dict[str, str] = field(default_factory=dict)
    reexports: dict[str, tuple[object, str]] = field(default_factory=dict)
    stars: list[object] = field(default_factory=list)
    cjs: object = None
    cjs_set: bool = False
    reassigned: dict[str, int] = field(default_factory=dict)
    """Names assigned inside functions (``let`` or ``var`` bound to them may change at any time), with a line."""
    evaluator: _ModuleEvaluator | None = None


# --- the interpreter -------------------------------------------------------------------------------------------


class _Runner:
    """Loads the app's files, interprets their top level and replays registrations through the library model."""

    def __init__(self, app_dir: Path) -> None:
        self.app_dir = app_dir
        self.modules: dict[Path, _Module | object] = {}
        self.functions: list[FunctionSpec] = []
        self.saw_library = False
        self.covered: dict[str, list[tuple[int, int]]] = {}
        self.globals = Scope(names={"require": _Builtin("require"), "Object": _Builtin("Object")})
        self.replay_depth = 0

    # --- modules ---------------------------------------------------------------------------------------------

    def load(self, path: Path) -> object:
        """The module value of an app file (its exports), interpreting it on first use."""
        path = path.resolve()
        if path in self.modules:
            module = self.modules[path]
            return module.cjs if isinstance(module, _Module) and module.cjs_set else module
        rel = relative(path, self.app_dir)
        try:
            source = path.read_bytes()
        except OSError as error:
            raise FunctionsKedaError(
                rel, f"cannot be read ({error.strerror})", "Check the file's permissions."
            ) from None
        if path.suffix.lower() == ".json":
            try:
                value: object = json.loads(source.decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise FunctionsKedaError(rel, f"is not valid JSON ({error})", "Fix the JSON syntax.") from None
            self.modules[path] = value
            return value
        grammar = grammar_for(path.suffix)
        root = parse(source, grammar)
        error_node = first_error(root)
        if error_node is not None:
            language = "JavaScript" if grammar == "javascript" else "TypeScript"
            found = (
                f"expects {error_node.type!r} there"
                if error_node.is_missing
                else f"stops at {snippet(error_node, 40)!r}"
            )
            raise FunctionsKedaError(
                f"{rel}:{line_of(error_node)}", f"is not valid {language}: discovery's parser {found}", _SYNTAX_FIX
            )
        esm = any(child.type in ("import_statement", "export_statement") for child in root.named_children)
        module = _Module(path, rel, root, esm, Scope(parent=self.globals))
        module.scope.names["module"] = _Builtin("module")
        module.scope.names["exports"] = _Builtin("exports")
        module.reassigned = _reassigned_in_functions(root)
        module.evaluator = _ModuleEvaluator(self, module)
        self.modules[path] = module
        self.run_module(module)
        return module.cjs if module.cjs_set else module

    def import_target(self, spec: str, module: _Module, node: Node) -> object:
        """What ``import ... from spec`` / ``require(spec)`` gives: a library, an app module or an Unknown."""
        if spec in (LIBRARY, DURABLE):
            self.saw_library = True
            return _Lib(spec)
        where = module.evaluator
        assert where is not None
        if not spec.startswith((".", "/")):
            return where.unknown(node, f"the package {spec!r}, which discovery does not read")
        resolved = self._resolve(spec, module)
        if isinstance(resolved, str):
            return where.unknown(node, f"{spec!r}, {resolved}")
        return self.load(resolved)

    def _resolve(self, spec: str, module: _Module) -> Path | str:
        base = Path(os.path.normpath(module.path.parent / spec))
        rel = _app_relative(base, self.app_dir)
        if rel is None:
            return "which is outside the app folder"
        if "node_modules" in Path(rel).parts:
            return "which is in node_modules, where discovery does not read"
        typescript = module.path.suffix.lower() in _TS_SUFFIXES
        order = (
            (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".json")
            if typescript
            else (".js", ".json", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts")
        )
        candidates: list[Path] = [base]
        swaps = {".js": (".ts", ".tsx"), ".mjs": (".mts",), ".cjs": (".cts",), ".jsx": (".tsx",)}
        for replacement in swaps.get(base.suffix.lower(), ()):  # TypeScript ESM imports name the compiled .js
            candidates.append(base.with_suffix(replacement))
        candidates.extend(base.with_name(base.name + suffix) for suffix in order)
        candidates.extend(base / f"index{suffix}" for suffix in order)
        for candidate in candidates:
            if candidate.is_file():
                return candidate
        return "which is no file of the app"

    def run_module(self, module: _Module) -> None:
        statements = [child for child in module.root.named_children]
        self.hoist(statements, module.scope, module)
        if module.esm:  # imports run before the module body
            for statement in statements:
                if statement.type == "import_statement" or (
                    statement.type == "export_statement" and statement.child_by_field_name("source") is not None
                ):
                    self.statement(statement, module.scope, module)
            statements = [
                s
                for s in statements
                if not (
                    s.type == "import_statement"
                    or (s.type == "export_statement" and s.child_by_field_name("source") is not None)
                )
            ]
        for statement in statements:
            self.statement(statement, module.scope, module)

    # --- statements ------------------------------------------------------------------------------------------

    def hoist(self, statements: list[Node], scope: Scope, module: _Module) -> None:
        """Function declarations are usable before they appear, as in JavaScript."""
        for statement in statements:
            declaration = statement
            if statement.type == "export_statement":
                declaration = statement.child_by_field_name("declaration") or statement
            if declaration.type in ("function_declaration", "generator_function_declaration"):
                name = declaration.child_by_field_name("name")
                if name is not None:
                    scope.names[text_of(name)] = JsFunction(declaration, scope, module)

    def block(self, statements: list[Node], scope: Scope, module: _Module) -> None:
        self.hoist(statements, scope, module)
        for statement in statements:
            self.statement(statement, scope, module)

    def statement(self, node: Node, scope: Scope, module: _Module) -> None:
        kind = node.type
        evaluator = module.evaluator
        assert evaluator is not None
        if kind == "import_statement":
            self.import_statement(node, scope, module)
        elif kind == "export_statement":
            self.export_statement(node, scope, module)
        elif kind in ("lexical_declaration", "variable_declaration"):
            self.declaration(node, scope, module)
        elif kind == "expression_statement":
            expression = node.named_children[0] if node.named_children else None
            if expression is not None:
                self.expression_statement(expression, scope, module)
        elif kind in ("class_declaration", "abstract_class_declaration"):
            name = node.child_by_field_name("name")
            if name is not None:
                scope.names[text_of(name)] = evaluator.unknown(node, f"the class {text_of(name)}")
        elif kind == "enum_declaration":
            self.enum(node, scope, module)
        elif kind == "statement_block":
            self.block(list(node.named_children), Scope(scope), module)
        elif kind == "try_statement":  # the try block normally runs to its end; so does finally
            for part in ("body", "finalizer"):
                child = node.child_by_field_name(part)
                if child is not None:
                    body = child.child_by_field_name("body") if child.type == "finally_clause" else child
                    if body is not None:
                        self.statement(body, scope, module)
        elif kind == "if_statement":
            self.if_statement(node, scope, module)
        elif kind == "for_in_statement":
            self.for_in(node, scope, module)
        elif kind == "return_statement":
            raise _Return()

    def expression_statement(self, expression: Node, scope: Scope, module: _Module) -> None:
        evaluator = module.evaluator
        assert evaluator is not None
        kind = expression.type
        if kind in ("augmented_assignment_expression", "update_expression"):
            target = expression.child_by_field_name("left") or expression.child_by_field_name("argument")
            if target is not None and target.type == "identifier":
                scope.assign(text_of(target), evaluator.unknown(expression, f"changed by {snippet(expression)}"))
        elif kind == "await_expression" and expression.named_children:  # `await main();` runs main like `main();`
            self.expression_statement(expression.named_children[0], scope, module)
        elif kind == "call_expression":
            evaluator.statement_calls.append((expression.start_byte, expression.end_byte))
            try:
                evaluator.evaluate(expression, scope)
            finally:
                evaluator.statement_calls.pop()
        else:
            evaluator.evaluate(expression, scope)

    def assign(self, left: Node, value: object, scope: Scope, module: _Module) -> None:
        evaluator = module.evaluator
        assert evaluator is not None
        if left.type == "identifier":
            scope.assign(text_of(left), _located(value, evaluator, left))
            return
        if left.type not in ("member_expression", "subscript_expression"):
            return
        target = left.child_by_field_name("object")
        if target is None:
            return
        if left.type == "member_expression":
            prop = left.child_by_field_name("property")
            key: object = text_of(prop) if prop is not None else UNDEFINED
        else:
            index = left.child_by_field_name("index")
            key = evaluator.evaluate(index, scope) if index is not None else UNDEFINED
        name = property_key(key)
        if name is None:
            return
        if text_of(left).replace(" ", "") == "module.exports" and scope.lookup("module")[0]:
            module.cjs, module.cjs_set = value, True
            return
        base = evaluator.evaluate(target, scope)
        if base == _Builtin("exports") or (base == _Builtin("module.exports") and not module.cjs_set):
            module.export_values[name] = value
        elif isinstance(base, dict):
            base[name] = value
        elif isinstance(base, list) and name.isdigit() and int(name) < len(base):
            base[int(name)] = value

    def declaration(self, node: Node, scope: Scope, module: _Module) -> None:
        evaluator = module.evaluator
        assert evaluator is not None
        constant = any(child.type == "const" for child in node.children)
        for declarator in node.named_children:
            if declarator.type != "variable_declarator":
                continue
            name_node, value_node = declarator.child_by_field_name("name"), declarator.child_by_field_name("value")
            if name_node is None:
                continue
            value = evaluator.evaluate(value_node, scope) if value_node is not None else UNDEFINED
            if not constant and name_node.type == "identifier" and text_of(name_node) in module.reassigned:
                line = module.reassigned[text_of(name_node)]
                value = evaluator.unknown(
                    declarator,
                    f"a variable that a function reassigns ({module.rel}:{line}), so it is known only "
                    "when the app runs",
                )
            self.bind(name_node, value, scope, module)

    def bind(self, pattern: Node, value: object, scope: Scope, module: _Module) -> None:
        """Bind the names of a declaration or parameter pattern (``{ app, trigger }``, ``[a, b]``, ``x = 1``)."""
        evaluator = module.evaluator
        assert evaluator is not None
        kind = pattern.type
        if kind in ("identifier", "shorthand_property_identifier_pattern"):
            scope.names[text_of(pattern)] = _located(value, evaluator, pattern)
        elif kind in ("required_parameter", "optional_parameter"):
            inner = pattern.child_by_field_name("pattern")
            default = pattern.child_by_field_name("value")
            if default is not None and value is UNDEFINED:
                value = evaluator.evaluate(default, scope)
            if inner is not None:
                self.bind(inner, value, scope, module)
        elif kind in ("assignment_pattern", "object_assignment_pattern"):
            left, right = pattern.child_by_field_name("left"), pattern.child_by_field_name("right")
            if value is UNDEFINED and right is not None:
                value = evaluator.evaluate(right, scope)
            if left is not None:
                self.bind(left, value, scope, module)
        elif kind == "object_pattern":
            used: list[str] = []
            for child in pattern.named_children:
                if child.type == "rest_pattern":
                    rest = {k: v for k, v in value.items() if k not in used} if isinstance(value, dict) else value
                    if child.named_children:
                        self.bind(child.named_children[0], rest, scope, module)
                    continue
                if child.type == "pair_pattern":
                    key = evaluator.key_of(child.child_by_field_name("key"), scope)
                    target = child.child_by_field_name("value")
                elif child.type == "object_assignment_pattern":
                    left = child.child_by_field_name("left")
                    key = text_of(left) if left is not None else ""
                    target = child
                elif child.type == "shorthand_property_identifier_pattern":
                    key, target = text_of(child), child
                else:
                    continue
                if target is None:
                    continue
                if isinstance(key, Unknown):
                    self.bind(target, key, scope, module)
                    continue
                used.append(key)
                member = value if isinstance(value, Unknown) else evaluator.member(value, key, child)
                self.bind(target, member, scope, module)
        elif kind == "array_pattern":
            for index, child in enumerate(pattern.named_children):
                if child.type == "rest_pattern":
                    rest = value[index:] if isinstance(value, list) else value
                    if child.named_children:
                        self.bind(child.named_children[0], rest, scope, module)
                    break
                item = value if isinstance(value, Unknown) else evaluator.member(value, str(index), child)
                self.bind(child, item, scope, module)

    def enum(self, node: Node, scope: Scope, module: _Module) -> None:
        """A TypeScript enum: an object of its members (numeric members map back to their names too)."""
        evaluator = module.evaluator
        assert evaluator is not None
        name = node.child_by_field_name("name")
        body = node.child_by_field_name("body")
        if name is None or body is None:
            return
        members: dict[str, object] = {}
        inner = Scope(scope)
        next_number: int | float | None = 0
        for child in body.named_children:
            value_node = None
            if child.type == "enum_assignment":
                key = evaluator.key_of(child.child_by_field_name("name"), scope)
                value_node = child.child_by_field_name("value")
            elif child.type in ("property_identifier", "string"):
                key = evaluator.key_of(child, scope)
            else:
                continue
            if isinstance(key, Unknown):
                continue
            value: object
            if value_node is not None:
                value = evaluator.evaluate(value_node, inner)
            elif next_number is not None:
                value = next_number
            else:
                value = evaluator.unknown(child, f"{key}, an enum member after a non-numeric one")
            if is_number(value):
                members[number_to_string(value)] = key  # type: ignore[arg-type]
                next_number = normalize_number(value + 1)  # type: ignore[operator]
            else:
                next_number = None
            members[key] = value
            inner.names[key] = value
        scope.names[text_of(name)] = members

    def if_statement(self, node: Node, scope: Scope, module: _Module) -> None:
        evaluator = module.evaluator
        assert evaluator is not None
        condition_node = node.child_by_field_name("condition")
        if condition_node is None:
            return
        condition = evaluator.evaluate(condition_node, scope)
        if isinstance(condition, Unknown):
            first = self.first_registration(node, module, scope)
            if first is not None:
                raise FunctionsKedaError(
                    condition.where,
                    f"{snippet(first)} runs only if {snippet(condition_node)}, and the condition is {condition.what}",
                    "Register functions unconditionally; to switch one off per environment, set the app setting "
                    "AzureWebJobs.<FunctionName>.Disabled to true.",
                )
            return
        self.cover(module, node)
        branch = node.child_by_field_name("consequence")
        if not truthy(condition):
            alternative = node.child_by_field_name("alternative")
            branch = alternative.named_children[0] if alternative is not None and alternative.named_children else None
        if branch is not None:
            self.statement(branch, Scope(scope), module)

    def for_in(self, node: Node, scope: Scope, module: _Module) -> None:
        """``for (const x of CONSTANT)`` (and ``for ... in``) over a known array or object: replay each round."""
        evaluator = module.evaluator
        assert evaluator is not None
        left, right, body = (node.child_by_field_name(n) for n in ("left", "right", "body"))
        if left is None or right is None or body is None:
            return
        of = any(child.type == "of" for child in node.children)
        iterable = evaluator.evaluate(right, scope)
        items: list[object] | None = None
        if of and isinstance(iterable, list):
            items = list(iterable)
        elif of and isinstance(iterable, str):
            items = list(iterable)
        elif not of and isinstance(iterable, dict):
            items = list(ordered_keys(iterable))
        if items is None:
            self.unknown_loop(node, right, iterable, module, scope)
            return
        self.cover(module, node)
        for item in items:
            inner = Scope(scope)
            self.bind(left, item, inner, module)
            self.statement(body, inner, module)

    def unknown_loop(self, node: Node, items_node: Node, items: object, module: _Module, scope: Scope) -> None:
        """A loop discovery can't replay is an error if it registers functions or loads modules."""
        first = self.first_registration(node, module, scope) or _computed_load(node)
        if first is None:
            return
        evaluator = module.evaluator
        assert evaluator is not None
        if isinstance(items, Unknown):
            where, what = items.where, items.what
        else:
            where, what = f"{module.rel}:{line_of(items_node)}", f"{snippet(items_node)}, which is not an array"
        raise FunctionsKedaError(
            where,
            f"{snippet(first)} runs once for each item of {what}",
            "Loop over an array literal or a module-level const array, or register each function (or import "
            "each file) with its own top-level statement.",
        )

    def import_statement(self, node: Node, scope: Scope, module: _Module) -> None:
        evaluator = module.evaluator
        assert evaluator is not None
        if any(child.type == "type" for child in node.children):  # `import type`: erased by TypeScript
            return
        source = node.child_by_field_name("source")
        clause = next((c for c in node.named_children if c.type in ("import_clause", "import_require_clause")), None)
        if clause is not None and clause.type == "import_require_clause":
            source = next((c for c in clause.named_children if c.type == "string"), None)
            name = next((c for c in clause.named_children if c.type == "identifier"), None)
            if source is not None and name is not None:
                scope.names[text_of(name)] = self.import_target(string_value(source), module, node)
            return
        if source is None:
            return
        target = self.import_target(string_value(source), module, node)
        if clause is None:
            return
        for part in clause.named_children:
            if part.type == "identifier":  # default import
                scope.names[text_of(part)] = _default_export(target)
            elif part.type == "namespace_import":
                names = [c for c in part.named_children if c.type == "identifier"]
                if names:
                    scope.names[text_of(names[-1])] = target
            elif part.type == "named_imports":
                for specifier in part.named_children:
                    if specifier.type != "import_specifier" or any(c.type == "type" for c in specifier.children):
                        continue
                    imported = specifier.child_by_field_name("name")
                    alias = specifier.child_by_field_name("alias") or imported
                    if imported is None or alias is None:
                        continue
                    key = string_value(imported) if imported.type == "string" else text_of(imported)
                    scope.names[text_of(alias)] = self.export_of(target, key, specifier, module)

    def export_of(self, target: object, name: str, node: Node, module: _Module) -> object:
        evaluator = module.evaluator
        assert evaluator is not None
        if isinstance(target, Unknown):
            return target
        return evaluator.member(target, name, node)

    def export_statement(self, node: Node, scope: Scope, module: _Module) -> None:
        evaluator = module.evaluator
        assert evaluator is not None
        if any(child.type == "type" for child in node.children):  # `export type { ... }`
            return
        declaration = node.child_by_field_name("declaration")
        value = node.child_by_field_name("value")
        source = node.child_by_field_name("source")
        is_default = any(child.type == "default" for child in node.children)
        if any(child.type == "=" for child in node.children):  # TypeScript `export = value`
            expression = value or next((c for c in node.named_children if c.type != "comment"), None)
            if expression is not None:
                module.cjs, module.cjs_set = evaluator.evaluate(expression, scope), True
            return
        if declaration is not None:
            self.statement(declaration, scope, module)
            if is_default:
                name = declaration.child_by_field_name("name")
                module.export_values["default"] = (
                    scope.lookup(text_of(name))[1] if name is not None else evaluator.make_function(declaration, scope)
                )
                return
            for exported in _declared_names(declaration):
                module.export_locals[exported] = exported
            return
        if is_default and value is not None:
            module.export_values["default"] = evaluator.evaluate(value, scope)
            return
        target = self.import_target(string_value(source), module, node) if source is not None else None
        for child in node.named_children:
            if child.type == "export_clause":
                for specifier in child.named_children:
                    if specifier.type != "export_specifier" or any(c.type == "type" for c in specifier.children):
                        continue
                    local = specifier.child_by_field_name("name")
                    alias = specifier.child_by_field_name("alias") or local
                    if local is None or alias is None:
                        continue
                    local_name = string_value(local) if local.type == "string" else text_of(local)
                    alias_name = string_value(alias) if alias.type == "string" else text_of(alias)
                    if target is None:
                        module.export_locals[alias_name] = local_name
                    else:
                        module.reexports[alias_name] = (target, local_name)
            elif child.type == "namespace_export" and target is not None:
                names = [c for c in child.named_children if c.type in ("identifier", "string")]
                if names:
                    module.export_values[text_of(names[-1])] = target
        if target is not None and not any(c.type in ("export_clause", "namespace_export") for c in node.named_children):
            module.stars.append(target)  # export * from '...'

    # --- replaying user functions ----------------------------------------------------------------------------

    def replay(self, function: JsFunction, args: list[object]) -> None:
        """Run a function's body with known arguments: only its declarations and registration calls matter."""
        module = function.owner
        if not isinstance(module, _Module) or self.replay_depth >= _MAX_REPLAY_DEPTH:
            return
        self.cover(module, function.node)
        scope = Scope(function.scope)
        parameters = function.node.child_by_field_name("parameters") or function.node.child_by_field_name("parameter")
        if parameters is not None:
            patterns = parameters.named_children if parameters.type == "formal_parameters" else [parameters]
            patterns = [p for p in patterns if p.type != "comment"]
            for index, pattern in enumerate(patterns):
                if pattern.type == "rest_pattern":
                    if pattern.named_children:
                        self.bind(pattern.named_children[0], list(args[index:]), scope, module)
                    break
                self.bind(pattern, args[index] if index < len(args) else UNDEFINED, scope, module)
        body = function.node.child_by_field_name("body")
        if body is None:
            return
        self.replay_depth += 1
        try:
            if body.type == "statement_block":
                self.block(list(body.named_children), scope, module)
            else:  # an arrow function's expression body
                self.expression_statement(body, scope, module)
        except _Return:
            pass
        finally:
            self.replay_depth -= 1

    # --- registrations that were not reached -----------------------------------------------------------------

    def cover(self, module: _Module, node: Node) -> None:
        self.covered.setdefault(module.rel, []).append((node.start_byte, node.end_byte))

    def registration_callee(self, call: Node, module: _Module, scope: Scope) -> bool:
        """True when ``call`` is ``<app>.<kind>(...)`` of one of the libraries (judged from the module scope)."""
        function = call.child_by_field_name("function")
        if function is None or function.type != "member_expression":
            return False
        if any(n.type in ("call_expression", "new_expression") for n in walk(function)):
            return False
        evaluator = module.evaluator
        assert evaluator is not None
        callee = evaluator.evaluate(function, scope)
        return isinstance(callee, _Lib) and _is_registration(callee)

    def first_registration(self, node: Node, module: _Module, scope: Scope) -> Node | None:
        for inner in walk(node):
            if inner.type == "call_expression" and self.registration_callee(inner, module, scope):
                return inner
        return None

    def check_unreached(self) -> None:
        """Fail on registration calls discovery did not reach.

        They sit in a function never called at the top level, or a loop or branch discovery can't replay, so
        they would register functions discovery can't describe: errors, not silent omissions.
        """
        for module in self.modules.values():
            if not isinstance(module, _Module):
                continue
            covered = self.covered.get(module.rel, [])
            for node in walk(module.root):
                if node.type != "call_expression":
                    continue
                if any(start <= node.start_byte and node.end_byte <= end for start, end in covered):
                    continue
                if self.registration_callee(node, module, module.scope):
                    raise FunctionsKedaError(
                        f"{module.rel}:{line_of(node)}",
                        f"{snippet(node)} is not run at the top level of the module (it is in a function, loop or "
                        "branch discovery does not replay), so discovery can't tell whether or how often it runs",
                        "Register each function with a top-level call (or in a for...of / forEach over a const "
                        "array, or in a helper function called at the top level with literal arguments).",
                    )

    # --- the library -----------------------------------------------------------------------------------------

    def library_call(self, callee: _Lib, args: list[object], site: _Site) -> object:
        path = callee.path
        if callee.package == DURABLE:
            return self.durable_call(path, args, site)
        if len(path) == 2 and path[0] == "app":
            kind = path[1]
            if kind == "setup":
                return UNDEFINED
            if kind in _HTTP_METHODS or kind in _TRIGGER_TYPES or kind == "generic":
                self.register(kind, args, site)
                return UNDEFINED
            raise FunctionsKedaError(
                site.where,
                f"{site.label}() is not a registration of {LIBRARY} {LIBRARY_VERSION}",
                "Check the spelling; for a trigger without a helper, use app.generic('Name', { trigger: "
                "trigger.generic({ type: '<type>Trigger', ... }), handler }).",
            )
        if len(path) >= 2 and path[0] == "app" and path[1] == "hook":
            return UNDEFINED
        if len(path) == 2 and path[0] in ("trigger", "input", "output"):
            return self.binding_helper(path[0], path[1], args, site)
        return Unknown(site.rel, site.line, f"{site.label}(), a call of {LIBRARY} discovery does not evaluate")

    def durable_call(self, path: tuple[str, ...], args: list[object], site: _Site) -> object:
        if len(path) == 2 and path[0] == "app" and path[1] in _DURABLE_TRIGGERS:
            name = self.function_name(args, site)
            label = f"{site.label}({name!r})"
            handler_or_options = args[1] if len(args) > 1 else UNDEFINED
            options = (
                handler_or_options
                if isinstance(handler_or_options, dict)
                else {"handler": self.handler(handler_or_options, label, site)}
            )
            trigger = self.named({"type": _DURABLE_TRIGGERS[path[1]]}, "Trigger", label, site)
            merged: dict[str, object] = {"trigger": trigger}
            merged.update(options)
            self.functions.append(self.build_function(name, merged, label, site))
            return Unknown(site.rel, site.line, f"the task that {site.label}() returns")
        if len(path) == 3 and path[:2] == ("app", "client") and path[2] in _DURABLE_CLIENT_KINDS:
            name = self.function_name(args, site)
            label = f"{site.label}({name!r})"
            options = self.options(args[1] if len(args) > 1 else UNDEFINED, label, site)
            extra = options.get("extraInputs", UNDEFINED)
            if extra is None or extra is UNDEFINED:
                extra = options["extraInputs"] = []
            if isinstance(extra, list) and not any(
                isinstance(item, dict) and item.get("type") in _DURABLE_CLIENT_TYPES for item in extra
            ):
                extra.append(self.named({"type": "durableClient"}, "Input", label, site))
            self.register(path[2], [name, dict(options)], site)
            return UNDEFINED
        if len(path) == 2 and path[0] == "trigger" and path[1] in _DURABLE_TRIGGERS:
            return self.named({"type": _DURABLE_TRIGGERS[path[1]]}, "Trigger", f"{site.label}()", site)
        if path == ("input", "durableClient"):
            return self.named({"type": "durableClient"}, "Input", f"{site.label}()", site)
        return Unknown(site.rel, site.line, f"{site.label}(), a call of {DURABLE} discovery does not evaluate")

    def register(self, kind: str, args: list[object], site: _Site) -> None:
        """``app.<kind>(name, options)`` as src/app.ts does it, down to ``toCoreFunctionMetadata``."""
        name = self.function_name(args, site)
        label = f"{site.label}({name!r})"
        options = args[1] if len(args) > 1 else UNDEFINED
        method = _HTTP_METHODS.get(kind)
        if method is not None:
            if not isinstance(options, dict):
                options = {"handler": self.handler(options, label, site)}
            options["methods"] = [method]
            kind = "http"
        options = self.options(options, label, site)
        if kind == "http" and not (isinstance(options.get("return"), Unknown) or truthy(options.get("return"))):
            options["return"] = self.named({"type": "http"}, "Output", label, site)  # options.return ||= output.http
        if kind == "generic":
            generic = options
        else:
            trigger = options.get("trigger", UNDEFINED)
            if trigger is None or trigger is UNDEFINED:
                rest = {k: v for k, v in options.items() if k not in _NOT_TRIGGER_OPTIONS}
                trigger = self.trigger(kind, rest, label, site)
            generic = {key: options.get(key, UNDEFINED) for key in ("return", "extraInputs", "extraOutputs")}
            generic["trigger"] = trigger
        self.functions.append(self.build_function(name, generic, label, site))

    def function_name(self, args: list[object], site: _Site) -> str:
        name = args[0] if args else UNDEFINED
        if isinstance(name, Unknown):
            raise FunctionsKedaError(
                name.where, f"the function name passed to {site.label}() is {name.what}", _ARGUMENT_FIX
            )
        if not isinstance(name, str) or not name:
            raise FunctionsKedaError(
                site.where,
                f"{site.label}() needs the function name as its first argument, found {_describe(name)}",
                f"Pass the name as a string, e.g. {site.label}('ProcessOrder', {{ ... }}).",
            )
        return name

    def handler(self, value: object, label: str, site: _Site) -> object:
        if isinstance(value, JsFunction | Unknown):  # an unknown value here is taken for a (wrapped) handler
            return value
        raise FunctionsKedaError(
            site.where,
            f"{label} takes a handler function or an options object, found {_describe(value)}",
            "Pass the handler (a function) or { handler, ... } options.",
        )

    def options(self, value: object, label: str, site: _Site) -> dict[str, object]:
        if isinstance(value, Unknown):
            raise FunctionsKedaError(value.where, f"the options of {label} are {value.what}", _ARGUMENT_FIX)
        if not isinstance(value, dict):
            raise FunctionsKedaError(
                site.where,
                f"{label} takes an options object as its second argument, found {_describe(value)}",
                "Pass an object literal: { handler, ...trigger options }.",
            )
        return value

    def trigger(self, kind: str, options: dict[str, object], label: str, site: _Site) -> dict[str, object]:
        """``trigger.<kind>(options)`` (src/trigger.ts)."""
        if kind == "generic":
            return self.named(options, "Trigger", label, site)
        binding = dict(options)
        if kind == "http":
            binding["authLevel"] = _or(options.get("authLevel", UNDEFINED), "anonymous")
            binding["methods"] = _or(options.get("methods", UNDEFINED), ["GET", "POST"])
        elif kind == "webPubSub":
            binding = _web_pub_sub_connections(options)
        binding["type"] = _TRIGGER_TYPES[kind]
        return self.named(binding, "Trigger", label, site)

    def binding_helper(self, family: str, kind: str, args: list[object], site: _Site) -> object:
        label = f"{site.label}()"
        types = {"trigger": _TRIGGER_TYPES, "input": _INPUT_TYPES, "output": _OUTPUT_TYPES}[family]
        if kind != "generic" and kind not in types:
            raise FunctionsKedaError(
                site.where,
                f"{label} is not a helper of {LIBRARY} {LIBRARY_VERSION}",
                f"Check the spelling, or use {family}.generic({{ type: '...', ... }}).",
            )
        options = self.options(args[0] if args else UNDEFINED, label, site)
        if family == "trigger":
            return self.trigger(kind, options, label, site)
        suffix = "Input" if family == "input" else "Output"
        if kind == "generic":
            return self.named(options, suffix, label, site)
        binding = _web_pub_sub_connections(options) if kind == "webPubSubContext" else dict(options)
        binding["type"] = types[kind]
        return self.named(binding, suffix, label, site)

    def named(self, binding: dict[str, object], suffix: str, label: str, site: _Site) -> dict[str, object]:
        """``addBindingName``: a binding without a name gets one from its type and a hash of its JSON.

        The library names it ``<type><suffix><first 10 hex digits of the SHA-256 of JSON.stringify(binding)>``
        so that every worker process names it the same way; discovery does the same, byte for byte.
        """
        name = binding.get("name", UNDEFINED)
        if isinstance(name, Unknown):
            raise _option_error(name, "name", label)
        if truthy(name):
            return binding
        kind = binding.get("type", UNDEFINED)
        if isinstance(kind, Unknown):
            raise _option_error(kind, "type", label)
        if not isinstance(kind, str):
            raise FunctionsKedaError(
                site.where,
                f"{label} declares a binding without a 'type' (found {_describe(kind)})",
                "Give every generic trigger and binding its extension's type, e.g. { type: 'kafkaTrigger', ... }.",
            )
        prefix = kind if kind.lower().endswith(suffix.lower()) else kind + suffix
        binding["name"] = prefix + string_hash(self.stringify(binding, "", label, site))
        return binding

    def stringify(self, value: object, prefix: str, label: str, site: _Site) -> str:
        try:
            text = json_stringify(value)
        except NotStatic as error:
            path = prefix + error.path if error.path else prefix.rstrip(".")
            if isinstance(error.value, Unknown):
                raise _option_error(error.value, path, label) from None
            raise FunctionsKedaError(
                site.where,
                f"option {path!r} of {label} is {_describe(error.value)}, not plain data",
                _ARGUMENT_FIX,
            ) from None
        return text or "null"

    def build_function(self, name: str, options: dict[str, object], label: str, site: _Site) -> FunctionSpec:
        """``toCoreFunctionMetadata`` and the worker's ``rawBindings``: the bindings the host indexes."""
        bindings: dict[str, tuple[dict[str, object], str]] = {}

        def add(key_value: object, binding: dict[str, object], prefix: str) -> None:
            if isinstance(key_value, Unknown):
                raise _option_error(key_value, prefix + "name", label)
            key = property_key(key_value)
            if key is None:
                raise FunctionsKedaError(
                    site.where, f"option {prefix + 'name'!r} of {label} is not a string", _ARGUMENT_FIX
                )
            if key in bindings:
                raise FunctionsKedaError(
                    site.where,
                    f"{label} declares two bindings named {key!r}, and {LIBRARY} rejects duplicate bindings",
                    "Remove the duplicate binding, or give it its own 'name'.",
                )
            bindings[key] = (binding, prefix)

        trigger = self.binding_object(options.get("trigger", UNDEFINED), "trigger", label, site)
        trigger_type = trigger.get("type", UNDEFINED)
        if isinstance(trigger_type, Unknown):
            raise _option_error(trigger_type, "trigger.type", label)
        type_text = trigger_type if isinstance(trigger_type, str) else str(trigger_type)
        core = dict(trigger)
        core["direction"] = "in"
        core["type"] = type_text if type_text.lower().endswith("trigger") else type_text + "Trigger"
        core["properties"] = _deferred_binding_flag(trigger)
        add(trigger.get("name", UNDEFINED), core, "trigger.")
        for key, direction in (("extraInputs", "in"), ("return", "out"), ("extraOutputs", "out")):
            value = options.get(key, UNDEFINED)
            if isinstance(value, Unknown):
                raise _option_error(value, key, label)
            if key == "return":
                if truthy(value):
                    binding = dict(self.binding_object(value, key, label, site))
                    binding["direction"] = direction
                    add("$return", binding, "return.")
                continue
            if not truthy(value):
                continue
            if not isinstance(value, list):
                raise FunctionsKedaError(
                    site.where, f"option {key!r} of {label} must be an array, found {_describe(value)}", _ARGUMENT_FIX
                )
            for index, item in enumerate(value):
                binding = dict(self.binding_object(item, f"{key}[{index}]", label, site))
                binding["direction"] = direction
                if direction == "in":
                    binding["properties"] = _deferred_binding_flag(binding)
                add(binding.get("name", UNDEFINED), binding, f"{key}[{index}].")
        raw: list[dict[str, Any]] = []
        for key in ordered_keys({k: None for k in bindings}):
            binding, prefix = bindings[key]
            final = dict(binding)
            final["name"] = key
            raw.append(json.loads(self.stringify(final, prefix, label, site)))
        return FunctionSpec(name=name, bindings=tuple(raw), source=site.where, script_file=site.rel)

    def binding_object(self, value: object, path: str, label: str, site: _Site) -> dict[str, object]:
        if isinstance(value, Unknown):
            raise _option_error(value, path, label)
        if not isinstance(value, dict):
            raise FunctionsKedaError(
                site.where,
                f"option {path!r} of {label} must be a binding object, found {_describe(value)}",
                "Build bindings with the library's helpers (trigger.*, input.*, output.*) or object literals "
                "with type and name.",
            )
        return value


class _ModuleEvaluator(Evaluator):
    """Evaluates one module's expressions; knows the libraries, ``require``, modules and helper calls."""

    def __init__(self, runner: _Runner, module: _Module) -> None:
        super().__init__(module.rel)
        self.runner = runner
        self.module = module
        self.statement_calls: list[tuple[int, int]] = []

    def make_function(self, node: Node, scope: Scope) -> object:
        return JsFunction(node, scope, self.module)

    def assignment(self, node: Node, scope: Scope) -> object:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None:
            return UNDEFINED
        value = self.evaluate(right, scope)
        self.runner.assign(left, value, scope, self.module)
        return value

    def plain_object(self, value: object) -> dict[str, object] | None:
        if isinstance(value, _Module):
            return _module_namespace(value, self)
        return None

    def dynamic_import(self, args: list[object], node: Node) -> object:
        if args and isinstance(args[0], str):
            self.runner.import_target(args[0], self.module, node)
            return self.unknown(node, f"{snippet(node)}, a promise of a module")
        return super().dynamic_import(args, node)

    def special_member(self, base: object, key: str, node: Node) -> object:
        if isinstance(base, _Lib):
            if not base.path and key == "default" and base.package == LIBRARY:
                return base
            if base.package == LIBRARY and base.path == () and key in _LIBRARY_ENUMS:
                return dict(_LIBRARY_ENUMS[key])
            return _Lib(base.package, (*base.path, key))
        if isinstance(base, _Module):
            return _module_export(base, key, self, node)
        if isinstance(base, _Builtin):
            if base.name == "module" and key == "exports":
                return self.module.cjs if self.module.cjs_set else _Builtin("module.exports")
            if base.name in ("exports", "module.exports"):
                return _module_export(self.module, key, self, node)
            return _Builtin(f"{base.name}.{key}")
        if isinstance(base, list) and key == "forEach":
            return _ListMethod(base, key)
        return super().special_member(base, key, node)

    def call(self, callee: object, args: list[object], node: Node, scope: Scope) -> object:
        function = node.child_by_field_name("function")
        assert function is not None
        text = text_of(function)
        helper = text.rsplit(".", 1)[-1]
        if helper in _INTEROP_HELPERS and args:  # TypeScript/Babel/esbuild module interop
            return args[0]
        if helper == "__exportStar" and args:
            self.module.stars.append(args[0])
            return UNDEFINED
        if isinstance(callee, _Lib):
            self.runner.cover(self.module, node)
            return self.runner.library_call(callee, args, _Site(self.rel, line_of(node), snippet(function)))
        if isinstance(callee, _Builtin):
            return self.builtin(callee.name, args, node)
        if isinstance(callee, _ListMethod):
            return self.for_each(callee, args, node, function, scope)
        if isinstance(callee, Unknown) and function.type == "member_expression" and text.endswith("forEach"):
            callback = next((a for a in args if isinstance(a, JsFunction)), None)
            items = function.child_by_field_name("object")
            if callback is not None and items is not None:
                self.runner.unknown_loop(callback.node, items, callee, self.module, scope)
        if isinstance(callee, JsFunction) and (node.start_byte, node.end_byte) in self.statement_calls:
            self.runner.replay(callee, args)  # a top-level helper call, e.g. registerQueue('orders')
            return UNDEFINED
        return super().call(callee, args, node, scope)

    def for_each(self, method: _ListMethod, args: list[object], node: Node, function: Node, scope: Scope) -> object:
        callback = args[0] if args else UNDEFINED
        if isinstance(callback, JsFunction):
            self.runner.cover(self.module, node)
            for index, item in enumerate(list(method.items)):
                self.runner.replay(callback, [item, index, method.items])
            return UNDEFINED
        return self.unknown(node, f"{snippet(node)}, a call discovery does not run")

    def builtin(self, name: str, args: list[object], node: Node) -> object:
        first = args[0] if args else UNDEFINED
        if name == "require":
            if isinstance(first, str):
                return self.runner.import_target(first, self.module, node)
            return self.unknown(node, f"{snippet(node)}, a require of a computed path")
        if name == "Object.freeze":
            return first
        if name == "Object.assign" and isinstance(first, dict):
            for source in args[1:]:
                if isinstance(source, Unknown):
                    return source
                if isinstance(source, dict):
                    first.update(source)
            return first
        if name in ("Object.keys", "Object.values", "Object.entries") and isinstance(first, _Module):
            first = self.plain_object(first) or first
        if name in ("Object.keys", "Object.values", "Object.entries") and isinstance(first, dict):
            keys = ordered_keys(first)
            if name == "Object.keys":
                return list(keys)
            if name == "Object.values":
                return [first[k] for k in keys]
            return [[k, first[k]] for k in keys]
        if name == "Object.defineProperty" and len(args) >= 3 and isinstance(args[2], dict):
            return self.define_property(args[0], args[1], args[2])
        return self.unknown(node, f"{snippet(node)}, a call discovery does not run")

    def define_property(self, target: object, key: object, descriptor: dict[str, object]) -> object:
        if target == _Builtin("exports") and isinstance(key, str):
            getter = descriptor.get("get")
            if isinstance(getter, JsFunction):
                self.module.export_values[key] = _Getter(getter)
            elif "value" in descriptor:
                self.module.export_values[key] = descriptor["value"]
        return target


def _module_export(module: _Module, name: str, evaluator: Evaluator, node: Node) -> object:
    """``module.name`` for an app module: CommonJS ``exports``/``module.exports`` or ES exports."""
    if module.cjs_set:
        if isinstance(module.cjs, Unknown):
            return module.cjs
        return evaluator.member(module.cjs, name, node)
    if name in module.export_values:
        value = module.export_values[name]
        return _getter_value(value, module) if isinstance(value, _Getter) else value
    if name in module.export_locals:
        found, value = module.scope.lookup(module.export_locals[name])
        if found:
            return value
        return evaluator.unknown(node, f"{name}, which {module.rel} exports but has not set yet (an import cycle)")
    if name in module.reexports:
        target, key = module.reexports[name]
        if isinstance(target, Unknown):
            return target
        return evaluator.member(target, key, node)
    for star in module.stars:
        if isinstance(star, _Module) and _exports_name(star, name):
            return _module_export(star, name, evaluator, node)
        if isinstance(star, _Lib):
            return evaluator.member(star, name, node)
    return evaluator.unknown(node, f"the missing export {name} of {module.rel}")


def _module_namespace(module: _Module, evaluator: Evaluator) -> dict[str, object] | None:
    """An app module's exports as an object (for ``{ ...require('./config') }``); None when they can't be listed."""
    if module.cjs_set:
        return module.cjs if isinstance(module.cjs, dict) else None
    names = [*module.export_values, *module.export_locals, *module.reexports]
    for star in module.stars:
        if not isinstance(star, _Module):
            return None
        inner = _module_namespace(star, evaluator)
        if inner is None:
            return None
        names.extend(name for name in inner if name != "default")
    return {
        name: _module_export(module, name, evaluator, module.root)
        for name in dict.fromkeys(names)
        if name != "__esModule"
    }


def _exports_name(module: _Module, name: str) -> bool:
    if module.cjs_set:
        return isinstance(module.cjs, dict) and name in module.cjs
    return (
        name in module.export_values
        or name in module.export_locals
        or name in module.reexports
        or any(isinstance(s, _Module) and _exports_name(s, name) for s in module.stars)
    )


def _getter_value(getter: _Getter, module: _Module) -> object:
    body = getter.function.node.child_by_field_name("body")
    statements = [c for c in body.named_children if c.type != "comment"] if body is not None else []
    if len(statements) == 1 and statements[0].type == "return_statement" and statements[0].named_children:
        owner = getter.function.owner
        evaluator = owner.evaluator if isinstance(owner, _Module) else None
        if evaluator is not None:
            return evaluator.evaluate(statements[0].named_children[0], getter.function.scope)
    return Unknown(module.rel, line_of(getter.function.node), "an export computed by a getter")


def _default_export(target: object) -> object:
    """``import x from ...``: the ES default export, or the whole module for CommonJS (Node's interop)."""
    if isinstance(target, _Lib):
        return target
    if isinstance(target, _Module):
        if target.cjs_set:
            return target.cjs
        if not target.esm:
            if "default" in target.export_values:
                return target.export_values["default"]
            return target
        return target.export_values.get("default", Unknown(target.rel, 1, f"the default export of {target.rel}"))
    if isinstance(target, Unknown):
        return target
    return target  # a JSON module's value


def _is_registration(callee: _Lib) -> bool:
    path = callee.path
    if callee.package == LIBRARY:
        return len(path) == 2 and path[0] == "app" and path[1] not in ("setup", "hook")
    return (len(path) == 2 and path[0] == "app" and path[1] in _DURABLE_TRIGGERS) or (
        len(path) == 3 and path[:2] == ("app", "client")
    )


def _computed_load(node: Node) -> Node | None:
    """The first ``require(...)`` or ``import(...)`` under ``node`` whose path is not a string literal."""
    for inner in walk(node):
        if inner.type != "call_expression":
            continue
        function, arguments = inner.child_by_field_name("function"), inner.child_by_field_name("arguments")
        if function is None or arguments is None or text_of(function) not in ("require", "import"):
            continue
        first = next((a for a in arguments.named_children if a.type != "comment"), None)
        if first is not None and first.type != "string":
            return inner
    return None


def _declared_names(declaration: Node) -> Iterator[str]:
    """The names an exported declaration binds (``export const a = 1, { b } = c``, ``export function f``...)."""
    if declaration.type in ("lexical_declaration", "variable_declaration"):
        for declarator in declaration.named_children:
            name = declarator.child_by_field_name("name") if declarator.type == "variable_declarator" else None
            if name is not None:
                yield from _pattern_names(name)
    else:
        name = declaration.child_by_field_name("name")
        if name is not None:
            yield text_of(name)


def _pattern_names(pattern: Node) -> Iterator[str]:
    if pattern.type in ("identifier", "shorthand_property_identifier_pattern"):
        yield text_of(pattern)
        return
    for child in pattern.named_children:
        if child.type == "pair_pattern":
            value = child.child_by_field_name("value")
            if value is not None:
                yield from _pattern_names(value)
        elif child.type in ("object_assignment_pattern", "assignment_pattern"):
            left = child.child_by_field_name("left")
            if left is not None:
                yield from _pattern_names(left)
        else:
            yield from _pattern_names(child)


def _reassigned_in_functions(root: Node) -> dict[str, int]:
    """Identifiers assigned inside function bodies (``let`` bindings they change are unknown), with a line."""
    found: dict[str, int] = {}
    functions = ("function_declaration", "function_expression", "arrow_function", "method_definition", "function")
    for node in walk(root):
        if node.type not in ("assignment_expression", "augmented_assignment_expression", "update_expression"):
            continue
        target = node.child_by_field_name("left") or node.child_by_field_name("argument")
        if target is None or target.type != "identifier":
            continue
        parent = node.parent
        while parent is not None and parent.type not in functions:
            parent = parent.parent
        if parent is not None:
            found.setdefault(text_of(target), line_of(node))
    return found


def _located(value: object, evaluator: Evaluator, node: Node) -> object:
    """An unknown value being bound to a name remembers where: "set at src/config.ts:3 to ..."."""
    if isinstance(value, Unknown) and not value.what.startswith("set at "):
        return Unknown(value.rel, value.line, f"set at {value.where} to {value.what}")
    return value


def _or(value: object, default: object) -> object:
    """``value || default``, keeping an Unknown (it is reported when the binding is printed)."""
    return value if isinstance(value, Unknown) or truthy(value) else default


def _web_pub_sub_connections(options: dict[str, object]) -> dict[str, object]:
    """``const { connection, ...rest } = options; { ...rest, connections: rest.connections ?? [connection] }``."""
    connection = options.get("connection", UNDEFINED)
    binding = {k: v for k, v in options.items() if k != "connection"}
    connections = binding.get("connections", UNDEFINED)
    if connections is None or connections is UNDEFINED:
        connections = [connection] if isinstance(connection, Unknown) or truthy(connection) else UNDEFINED
    binding["connections"] = connections
    return binding


def _deferred_binding_flag(binding: dict[str, object]) -> dict[str, object]:
    """``addSdkBindingsFlag``: ``supportsDeferredBinding`` is "true" only for ``sdkBinding: true``."""
    return {"supportsDeferredBinding": "true" if binding.get("sdkBinding") is True else "false"}


def _option_error(unknown: Unknown, path: str, label: str) -> FunctionsKedaError:
    return FunctionsKedaError(unknown.where, f"option {path!r} of {label} is {unknown.what}", _ARGUMENT_FIX)


def _describe(value: object) -> str:
    if value is UNDEFINED:
        return "nothing"
    if value is None:
        return "null"
    if isinstance(value, JsFunction):
        return f"the function {value.name}"
    if isinstance(value, _Lib):
        return f"{value.package} {'.'.join(value.path) or 'module'}"
    if isinstance(value, _Module):
        return f"the module {value.rel}"
    if isinstance(value, _Builtin | _ListMethod | _Getter):
        return "a built-in object"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, Unknown):
        return value.what
    if isinstance(value, str | bool | int | float):
        return f"{type(value).__name__} {json_stringify(value)}"
    return repr(value)
