"""Static evaluation of the JavaScript and TypeScript expressions Node.js v4 discovery accepts as options.

Discovery never runs the user's code: sources are parsed with tree-sitter's JavaScript and TypeScript grammars
and only expressions whose value is plain data are evaluated: literals, template literals, ``+`` of those,
object and array literals (spreads included), module-level constants and their properties, and TypeScript
wrappers such as ``as const`` or ``!``. Everything else (a call, ``process.env.X``, a ``new`` object...)
evaluates to an :class:`Unknown` that remembers the file, the line and what it is, so that the caller can
report it only if a binding really needs that value.

The values mirror JavaScript's: ``str``, ``int``/``float`` (numbers, integral ones as ``int``), ``bool``,
``None`` (``null``), :data:`UNDEFINED`, ``list`` (arrays) and ``dict`` (objects, insertion-ordered like
JavaScript's). :func:`json_stringify` serializes them exactly as ``JSON.stringify`` does, because the
``@azure/functions`` library names bindings after a hash of that text.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import tree_sitter_javascript
import tree_sitter_typescript
from tree_sitter import Language, Node, Parser

_LANGUAGES = {
    "javascript": Language(tree_sitter_javascript.language()),
    "typescript": Language(tree_sitter_typescript.language_typescript()),
    "tsx": Language(tree_sitter_typescript.language_tsx()),
}
_GRAMMAR_BY_SUFFIX = {".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx"}

MAX_DEPTH = 200
"""How deeply nested an expression may be before discovery gives up on it (a guard against recursion errors)."""


def grammar_for(suffix: str) -> str:
    """``typescript``, ``tsx`` or ``javascript``: the grammar that parses a file with this suffix."""
    return _GRAMMAR_BY_SUFFIX.get(suffix.lower(), "javascript")


def parse(source: bytes, grammar: str) -> Node:
    """The syntax tree's root node of ``source`` (tree-sitter never fails; check :func:`first_error`)."""
    return Parser(_LANGUAGES[grammar]).parse(source).root_node


def first_error(root: Node) -> Node | None:
    """The first ``ERROR`` or missing node of the tree, in source order; None when the source parsed cleanly."""
    if not root.has_error:
        return None
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            return node
        stack.extend(child for child in reversed(node.children) if child.has_error or child.is_missing)
    return root


def line_of(node: Node) -> int:
    """The 1-based line a node starts on."""
    return node.start_point.row + 1


def text_of(node: Node) -> str:
    """The node's source text."""
    return (node.text or b"").decode("utf-8", "replace")


def snippet(node: Node, limit: int = 60) -> str:
    """The node's source on one line, shortened for messages."""
    text = " ".join(text_of(node).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def walk(node: Node) -> Iterator[Node]:
    """Every node under ``node`` (itself included), in source order."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


# --- values ----------------------------------------------------------------------------------------------------


class _Undefined:
    """JavaScript's ``undefined``."""

    _instance: _Undefined | None = None

    def __new__(cls) -> _Undefined:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "undefined"


UNDEFINED = _Undefined()
"""JavaScript's ``undefined``: JSON.stringify leaves such properties out."""


@dataclass(frozen=True)
class Unknown:
    """A value that can't be known without running the code; ``what`` describes it for messages."""

    rel: str
    line: int
    what: str

    @property
    def where(self) -> str:
        """``<file>:<line>`` of the expression that made the value unknown."""
        return f"{self.rel}:{self.line}"


@dataclass(eq=False)
class Scope:
    """Names bound by declarations discovery read: a module's top level, or a block or function it replays."""

    parent: Scope | None = None
    names: dict[str, object] = field(default_factory=dict)

    def lookup(self, name: str) -> tuple[bool, object]:
        """``(True, value)`` for a bound name, ``(False, UNDEFINED)`` otherwise."""
        scope: Scope | None = self
        while scope is not None:
            if name in scope.names:
                return True, scope.names[name]
            scope = scope.parent
        return False, UNDEFINED

    def assign(self, name: str, value: object) -> bool:
        """Rebind ``name`` where it is declared; False when no scope declares it."""
        scope: Scope | None = self
        while scope is not None:
            if name in scope.names:
                scope.names[name] = value
                return True
            scope = scope.parent
        return False


@dataclass(eq=False)
class JsFunction:
    """A function of the user's code (a handler, usually).

    Discovery never runs it, except to replay a body that registers functions (a ``forEach`` callback, a helper
    called at the top level), and then only its declarations and registration calls.
    """

    node: Node
    scope: Scope
    owner: object
    """Whatever the caller needs to replay the body in the right file (the module that defines it)."""

    @property
    def name(self) -> str:
        """The function's name, or ``<anonymous>``."""
        name = self.node.child_by_field_name("name")
        return text_of(name) if name is not None else "<anonymous>"


class NotStatic(Exception):
    """Raised by :func:`json_stringify` for an :class:`Unknown` (or a non-data value) inside the value."""

    def __init__(self, path: str, value: object) -> None:
        """``path`` is where in the value it sits (``queueName``, ``extraOutputs[0].queueName``)."""
        super().__init__(path)
        self.path = path
        self.value = value


# --- literals --------------------------------------------------------------------------------------------------

_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v"}
_LINE_CONTINUATIONS = ("\r\n", "\n", "\r", "\u2028", "\u2029")


def _escape(sequence: str) -> str:
    r"""The cooked value of one escape sequence (``\n``, ``\x41``, ``\u{1F600}``...)."""
    body = sequence[1:]
    if body in _LINE_CONTINUATIONS:
        return ""
    head = body[:1]
    if head in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[head]
    if head == "x" and len(body) == 3:
        return chr(int(body[1:], 16))
    if head == "u":
        digits = body[2:-1] if body.startswith("u{") else body[1:5]
        return chr(int(digits, 16))
    if body.isdigit():  # \0 and legacy octal escapes
        return chr(int(body, 8)) if all(c in "01234567" for c in body) else body
    return body


def _join_surrogates(text: str) -> str:
    # JavaScript strings are UTF-16: "\ud83d\ude00" is one character written as two escapes.
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def string_value(node: Node) -> str:
    """The value of a ``string`` literal node."""
    parts: list[str] = []
    for child in node.children[1:-1]:
        parts.append(_escape(text_of(child)) if child.type == "escape_sequence" else text_of(child))
    return _join_surrogates("".join(parts))


_NUMBER_PREFIXES = {"0x": 16, "0o": 8, "0b": 2}


def number_value(text: str) -> int | float | None:
    """The value of a numeric literal; None for a BigInt (``10n``)."""
    text = text.replace("_", "")
    if text.endswith("n"):
        return None
    base = _NUMBER_PREFIXES.get(text[:2].lower())
    if base is not None:
        return normalize_number(int(text[2:], base))
    if len(text) > 1 and text[0] == "0" and text.isdigit():
        return normalize_number(int(text, 8) if all(c in "01234567" for c in text) else int(text))
    return normalize_number(float(text))


def normalize_number(value: float) -> int | float:
    """A JavaScript number: integral values that a double holds exactly become ``int``."""
    if isinstance(value, int):
        return int(value) if abs(value) <= 2**53 else float(value)
    if math.isfinite(value) and value.is_integer() and abs(value) <= 2**53:
        return int(value)
    return value


def number_to_string(value: float) -> str:
    """``Number.prototype.toString()`` for a number (the shortest round-tripping digits, JavaScript's layout)."""
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    digits_tuple = Decimal(repr(abs(value))).normalize().as_tuple()
    digits = "".join(str(d) for d in digits_tuple.digits)
    exponent = int(digits_tuple.exponent)
    k, n = len(digits), len(digits) + exponent  # value = 0.<digits> times 10**n
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * -n + digits
    else:
        e = n - 1
        mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
        text = f"{mantissa}e{'+' if e >= 0 else '-'}{abs(e)}"
    return sign + text


def is_number(value: object) -> bool:
    """True for a JavaScript number (``bool`` is not one)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def truthy(value: object) -> bool:
    """JavaScript truthiness of a known value."""
    if value is None or value is UNDEFINED:
        return False
    if isinstance(value, bool):
        return value
    if is_number(value):
        return value == value and value != 0
    if isinstance(value, str):
        return value != ""
    return True


def to_js_string(value: object) -> str | None:
    """``String(value)`` for plain data; None for values that have no static string form."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return number_to_string(value)  # type: ignore[arg-type]
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, list):
        parts = [to_js_string(item) if item is not None and item is not UNDEFINED else "" for item in value]
        return None if any(part is None for part in parts) else ",".join(p for p in parts if p is not None)
    if isinstance(value, dict):
        return "[object Object]"
    return None


def property_key(value: object) -> str | None:
    """The property key a value converts to (``obj[1]`` is ``obj["1"]``); None when it has none."""
    if isinstance(value, dict | list):
        return None
    return to_js_string(value)


_ARRAY_INDEX = re.compile(r"0|[1-9][0-9]*")


def ordered_keys(obj: dict[str, Any]) -> list[str]:
    """An object's keys in JavaScript's order: array indexes ascending first, then the rest as inserted."""
    indexes = [k for k in obj if _ARRAY_INDEX.fullmatch(k) and int(k) < 2**32 - 1]
    if not indexes:
        return list(obj)
    return sorted(indexes, key=int) + [k for k in obj if k not in set(indexes)]


def _quote(text: str) -> str:
    out = ['"']
    for char in text:
        code = ord(char)
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char in "\b\f\n\r\t":
            out.append({"\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}[char])
        elif code < 0x20 or 0xD800 <= code <= 0xDFFF:  # controls and lone surrogates, as well-formed JSON.stringify
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def json_stringify(value: object, path: str = "") -> str | None:
    """``JSON.stringify(value)``, byte for byte; None where JavaScript returns ``undefined``.

    Raises :class:`NotStatic` at the first :class:`Unknown` (or value that is not plain data) it must print.
    """
    if value is UNDEFINED or isinstance(value, JsFunction):
        return None
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return number_to_string(value) if math.isfinite(value) else "null"  # type: ignore[arg-type]
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, list):
        items = [json_stringify(item, f"{path}[{index}]") for index, item in enumerate(value)]
        return "[" + ",".join("null" if item is None else item for item in items) + "]"
    if isinstance(value, dict):
        members: list[str] = []
        for key in ordered_keys(value):
            text = json_stringify(value[key], f"{path}.{key}" if path else key)
            if text is not None:
                members.append(f"{_quote(key)}:{text}")
        return "{" + ",".join(members) + "}"
    raise NotStatic(path, value)


def string_hash(text: str, length: int = 10) -> str:
    """``getStringHash`` of ``@azure/functions``: the first hex digits of the text's SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


# --- expressions -----------------------------------------------------------------------------------------------

_TS_WRAPPERS = {"as_expression", "satisfies_expression", "non_null_expression"}
_FUNCTIONS = {"arrow_function", "function_expression", "function", "generator_function"}


class Evaluator:
    """Evaluates expressions of one file; subclasses give meaning to calls and to non-plain values.

    **parameters**

    * **rel** - the file, relative to the app folder, for :class:`Unknown` values and messages.
    """

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self._depth = 0

    # --- hooks -----------------------------------------------------------------------------------------------

    def call(self, callee: object, args: list[object], node: Node, scope: Scope) -> object:
        """The value of a call whose callee evaluated to ``callee``; by default, unknown."""
        return self.unknown(node, f"{snippet(node)}, a call discovery does not run")

    def special_member(self, base: object, key: str, node: Node) -> object:
        """``base[key]`` for a value that is not plain data (a module, a library object); unknown by default."""
        return self.unknown(node, f"{snippet(node)}, which discovery does not evaluate")

    def make_function(self, node: Node, scope: Scope) -> object:
        """The value of a function expression (kept so its body can be replayed when needed)."""
        return JsFunction(node, scope, None)

    def plain_object(self, value: object) -> dict[str, object] | None:
        """The properties of a value that is not plain data, for spreads (``{...ns}``); None when unknown."""
        return None

    def assignment(self, node: Node, scope: Scope) -> object:
        """The value of ``a = b`` (subclasses also perform the assignment); unknown by default."""
        return self.unknown(node, f"{snippet(node)}, an assignment discovery does not evaluate")

    # --- helpers ---------------------------------------------------------------------------------------------

    def unknown(self, node: Node, what: str) -> Unknown:
        """An :class:`Unknown` located at ``node`` in this file."""
        return Unknown(self.rel, line_of(node), what)

    def evaluate(self, node: Node, scope: Scope) -> object:
        """The value of expression ``node``; never raises for code it can't evaluate (it returns an Unknown)."""
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                return self.unknown(node, f"{snippet(node)}, an expression nested too deeply to evaluate")
            return self._evaluate(node, scope)
        finally:
            self._depth -= 1

    def _evaluate(self, node: Node, scope: Scope) -> object:
        kind = node.type
        handler = _HANDLERS.get(kind)
        if handler is not None:
            return handler(self, node, scope)
        if kind in _TS_WRAPPERS or kind == "parenthesized_expression":
            inner = node.named_children[0] if node.named_children else None
            return self.evaluate(inner, scope) if inner is not None else UNDEFINED
        if kind == "type_assertion":  # <T>expr
            return self.evaluate(node.named_children[-1], scope)
        if kind in _FUNCTIONS:
            return self.make_function(node, scope)
        return self.unknown(node, f"{snippet(node)}, a {kind.replace('_', ' ')} discovery does not evaluate")

    def _identifier(self, node: Node, scope: Scope) -> object:
        name = text_of(node)
        found, value = scope.lookup(name)
        if not found:
            builtin = _GLOBAL_CONSTANTS.get(name, None)
            if builtin is not None:
                return builtin()
            return self.unknown(node, f"{name}, which is not a const, import or function of {self.rel}")
        if isinstance(value, Unknown):
            return self.unknown(node, f"{name}, which is {value.what}")
        return value

    def _template(self, node: Node, scope: Scope) -> object:
        parts: list[str] = []
        for child in node.children[1:-1]:
            if child.type == "template_substitution":
                value = self.evaluate(child.named_children[0], scope)
                if isinstance(value, Unknown):
                    return value
                text = to_js_string(value)
                if text is None:
                    return self.unknown(child, f"{snippet(child)}, which has no fixed text")
                parts.append(text)
            elif child.type == "escape_sequence":
                parts.append(_escape(text_of(child)))
            else:  # template literals read CR LF as LF
                parts.append(text_of(child).replace("\r\n", "\n").replace("\r", "\n"))
        return _join_surrogates("".join(parts))

    def _number(self, node: Node, scope: Scope) -> object:
        value = number_value(text_of(node))
        return self.unknown(node, f"{text_of(node)}, a BigInt") if value is None else value

    def _array(self, node: Node, scope: Scope) -> object:
        items: list[object] = []
        for child in node.named_children:
            if child.type == "comment":
                continue
            if child.type == "spread_element":
                spread = self.evaluate(child.named_children[0], scope)
                if isinstance(spread, Unknown):
                    return spread
                if isinstance(spread, str):
                    items.extend(spread)
                elif isinstance(spread, list):
                    items.extend(spread)
                else:
                    return self.unknown(child, f"{snippet(child)}, a spread of something that is not an array")
            else:
                items.append(self.evaluate(child, scope))
        return items

    def _object(self, node: Node, scope: Scope) -> object:
        result: dict[str, object] = {}
        for child in node.named_children:
            kind = child.type
            if kind == "pair":
                key = self.key_of(child.child_by_field_name("key"), scope)
                if isinstance(key, Unknown):
                    return key
                value_node = child.child_by_field_name("value")
                result[key] = self.evaluate(value_node, scope) if value_node is not None else UNDEFINED
            elif kind == "shorthand_property_identifier":
                result[text_of(child)] = self._identifier(child, scope)
            elif kind == "spread_element":
                spread = self.evaluate(child.named_children[0], scope)
                if isinstance(spread, Unknown):
                    return spread
                copied = _spread_into_object(spread)
                if copied is None:
                    copied = self.plain_object(spread)
                if copied is None:
                    return self.unknown(child, f"{snippet(child)}, a spread of something that is not plain data")
                result.update(copied)
            elif kind == "method_definition":
                key = self.key_of(child.child_by_field_name("name"), scope)
                if isinstance(key, Unknown):
                    return key
                accessor = any(c.type in ("get", "set") for c in child.children)
                result[key] = (
                    self.unknown(child, f"{key}, a getter or setter") if accessor else self.make_function(child, scope)
                )
        return result

    def key_of(self, node: Node | None, scope: Scope) -> str | Unknown:
        """The property key an object literal's key node stands for."""
        if node is None:
            return Unknown(self.rel, 0, "a property without a key")
        if node.type == "string":
            return string_value(node)
        if node.type == "number":
            number = number_value(text_of(node))
            return number_to_string(number) if number is not None else text_of(node)[:-1]
        if node.type == "computed_property_name":
            value = self.evaluate(node.named_children[0], scope)
            if isinstance(value, Unknown):
                return value
            key = property_key(value)
            return key if key is not None else self.unknown(node, f"{snippet(node)}, a key that is not a string")
        return text_of(node)

    def _member(self, node: Node, scope: Scope) -> object:
        obj_node = node.child_by_field_name("object")
        assert obj_node is not None
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            assert prop is not None
            key: object = text_of(prop)
        else:
            index = node.child_by_field_name("index")
            key = self.evaluate(index, scope) if index is not None else UNDEFINED
            if isinstance(key, Unknown):
                return key
        environment = self._environment(obj_node, key, node, scope)
        if environment is not None:
            return environment
        base = self.evaluate(obj_node, scope)
        if isinstance(base, Unknown):
            return base
        optional = any(child.type == "optional_chain" for child in node.children)
        if optional and (base is None or base is UNDEFINED):
            return UNDEFINED
        name = property_key(key)
        if name is None:
            return self.unknown(node, f"{snippet(node)}, a property that is not a string")
        return self.member(base, name, node)

    def _environment(self, obj_node: Node, key: object, node: Node, scope: Scope) -> Unknown | None:
        """``process.env.X`` (unless the module declares its own ``process``): an app setting read at run time."""
        is_env = (
            obj_node.type == "member_expression"
            and text_of(obj_node).replace(" ", "") == "process.env"
            and not scope.lookup("process")[0]
        )
        if is_env and isinstance(key, str):
            return self.unknown(
                node,
                f"process.env.{key}, an environment variable only known when the app runs "
                f"(write '%{key}%' to have the host read the app setting {key})",
            )
        if is_env or (text_of(node) == "process.env" and not scope.lookup("process")[0]):
            return self.unknown(node, f"{snippet(node)}, the environment, only known when the app runs")
        return None

    def member(self, base: object, key: str, node: Node) -> object:
        """``base[key]`` with JavaScript's answers for plain data; missing properties are ``undefined``."""
        if isinstance(base, dict):
            return base.get(key, UNDEFINED)
        if isinstance(base, list | str):
            if key == "length":
                return len(base)
            if _ARRAY_INDEX.fullmatch(key):
                return base[int(key)] if int(key) < len(base) else UNDEFINED
            if isinstance(base, list):
                return self.special_member(base, key, node)
            return self.unknown(node, f"{snippet(node)}, a string method discovery does not run")
        if base is None or base is UNDEFINED:
            return self.unknown(node, f"{snippet(node)}, a property of {base!r} (a TypeError when the app runs)")
        if isinstance(base, bool) or is_number(base):
            return UNDEFINED
        return self.special_member(base, key, node)

    def _call(self, node: Node, scope: Scope) -> object:
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        assert function is not None
        callee = self.evaluate(function, scope)
        args: list[object] = []
        if arguments is not None and arguments.type == "arguments":
            for child in arguments.named_children:
                if child.type == "comment":
                    continue
                if child.type == "spread_element":
                    spread = self.evaluate(child.named_children[0], scope)
                    if not isinstance(spread, list):
                        return self.unknown(child, f"{snippet(child)}, a spread of something that is not an array")
                    args.extend(spread)
                else:
                    args.append(self.evaluate(child, scope))
        elif arguments is not None:  # a tagged template
            return self.unknown(node, f"{snippet(node)}, a tagged template discovery does not run")
        if function.type == "import":
            return self.dynamic_import(args, node)
        return self.call(callee, args, node, scope)

    def dynamic_import(self, args: list[object], node: Node) -> object:
        """``import(specifier)``: a promise; subclasses load the module it names."""
        return self.unknown(node, f"{snippet(node)}, a dynamic import")

    def _binary(self, node: Node, scope: Scope) -> object:
        operator_node = node.child_by_field_name("operator")
        operator = text_of(operator_node) if operator_node is not None else ""
        left_node, right_node = node.child_by_field_name("left"), node.child_by_field_name("right")
        assert left_node is not None and right_node is not None
        left = self.evaluate(left_node, scope)
        if isinstance(left, Unknown):
            return left
        if operator in ("||", "&&", "??"):
            short = {
                "||": truthy(left),
                "&&": not truthy(left),
                "??": left is not None and left is not UNDEFINED,
            }[operator]
            return left if short else self.evaluate(right_node, scope)
        right = self.evaluate(right_node, scope)
        if isinstance(right, Unknown):
            return right
        if operator == "+":
            if isinstance(left, str | list | dict) or isinstance(right, str | list | dict):
                left_text, right_text = to_js_string(left), to_js_string(right)
                if left_text is not None and right_text is not None:
                    return left_text + right_text
            elif _numeric(left) is not None and _numeric(right) is not None:
                return normalize_number(_numeric(left) + _numeric(right))  # type: ignore[operator]
        elif operator in ("-", "*") and is_number(left) and is_number(right):
            result = left - right if operator == "-" else left * right  # type: ignore[operator]
            return normalize_number(result)
        return self.unknown(node, f"{snippet(node)}, an operation discovery does not evaluate")

    def _unary(self, node: Node, scope: Scope) -> object:
        operator_node = node.child_by_field_name("operator")
        operator = text_of(operator_node) if operator_node is not None else ""
        argument_node = node.child_by_field_name("argument")
        assert argument_node is not None
        argument = self.evaluate(argument_node, scope)
        if operator == "void":
            return UNDEFINED
        if isinstance(argument, Unknown):
            return argument
        if operator in ("-", "+") and is_number(argument):
            number: float = argument  # type: ignore[assignment]
            return normalize_number(-number if operator == "-" else number)
        if operator == "!":
            return not truthy(argument)
        return self.unknown(node, f"{snippet(node)}, an operation discovery does not evaluate")

    def _ternary(self, node: Node, scope: Scope) -> object:
        condition_node = node.child_by_field_name("condition")
        assert condition_node is not None
        condition = self.evaluate(condition_node, scope)
        if isinstance(condition, Unknown):
            return condition
        branch = node.child_by_field_name("consequence" if truthy(condition) else "alternative")
        return self.evaluate(branch, scope) if branch is not None else UNDEFINED

    def _await(self, node: Node, scope: Scope) -> object:
        for child in node.named_children:  # evaluated for what it loads (`await import('./functions/x.js')`)
            self.evaluate(child, scope)
        return self.unknown(node, f"{snippet(node)}, a value awaited when the app runs")

    def _sequence(self, node: Node, scope: Scope) -> object:
        value: object = UNDEFINED
        for child in node.named_children:
            value = self.evaluate(child, scope)
        return value


def _numeric(value: object) -> int | float | None:
    if isinstance(value, bool):
        return int(value)
    if is_number(value):
        return value  # type: ignore[return-value]
    if value is None:
        return 0
    return None


def _spread_into_object(value: object) -> dict[str, object] | None:
    """The own properties ``{...value}`` copies; None for values that are not plain data."""
    if isinstance(value, dict):
        return value
    if isinstance(value, list | str):
        return {str(index): item for index, item in enumerate(value)}
    if value is None or value is UNDEFINED or isinstance(value, bool | JsFunction) or is_number(value):
        return {}
    return None


_GLOBAL_CONSTANTS: dict[str, Callable[[], object]] = {
    "undefined": lambda: UNDEFINED,
    "NaN": lambda: math.nan,
    "Infinity": lambda: math.inf,
}

_HANDLERS: dict[str, Callable[[Evaluator, Node, Scope], object]] = {
    "string": lambda self, node, scope: string_value(node),
    "template_string": Evaluator._template,
    "number": Evaluator._number,
    "true": lambda self, node, scope: True,
    "false": lambda self, node, scope: False,
    "null": lambda self, node, scope: None,
    "undefined": lambda self, node, scope: UNDEFINED,
    "identifier": Evaluator._identifier,
    "array": Evaluator._array,
    "object": Evaluator._object,
    "member_expression": Evaluator._member,
    "subscript_expression": Evaluator._member,
    "call_expression": Evaluator._call,
    "binary_expression": Evaluator._binary,
    "unary_expression": Evaluator._unary,
    "ternary_expression": Evaluator._ternary,
    "sequence_expression": Evaluator._sequence,
    "new_expression": lambda self, node, scope: self.unknown(
        node, f"{snippet(node)}, an object created when the app runs"
    ),
    "await_expression": Evaluator._await,
    "class": lambda self, node, scope: self.unknown(node, "a class"),
    "assignment_expression": lambda self, node, scope: self.assignment(node, scope),
}
