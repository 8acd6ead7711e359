"""Static evaluation of the few Python expressions discovery accepts as decorator arguments.

Discovery never runs the user's code, so an argument must be computable from the source alone: a literal, a
module-level constant assigned a literal, an f-string or ``+`` of those, an item of a constant dict or list,
or an attribute of the ``azure.functions`` / ``azure.durable_functions`` libraries (``func.AuthLevel.ANONYMOUS``).
Everything else raises :class:`NotStatic`, which the caller turns into a message naming the file and line.
"""

from __future__ import annotations

import ast
import enum
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

LIBRARY_PACKAGES = ("azure.functions", "azure.durable_functions")
"""Libraries whose modules, classes and enum members arguments may refer to; importing them runs only library
code, never the user's."""


class NotStatic(Exception):
    """An expression whose value can't be known without running the user's code."""

    def __init__(self, node: ast.AST, reason: str) -> None:
        """``node`` is the culprit sub-expression (for its line), ``reason`` says why in a few words."""
        super().__init__(reason)
        self.node = node
        self.reason = reason


@dataclass(frozen=True)
class Opaque:
    """What a module-level name is bound to when discovery does not evaluate its value.

    That is a call, a third-party import, a class... Using it as an argument is an error quoting ``what``.
    """

    what: str


@dataclass(eq=False)
class Namespace:
    """A module-like object discovery builds itself.

    It is a module of the user's app, the ``azure`` namespace package or the stand-in for
    ``azure.durable_functions``; ``members`` are its module-level names.
    """

    name: str
    members: dict[str, object] = field(default_factory=dict)


def is_library_name(name: str) -> bool:
    """True for ``azure.functions``, ``azure.durable_functions`` and their sub-modules."""
    return any(name == package or name.startswith(package + ".") for package in LIBRARY_PACKAGES)


def evaluate(node: ast.expr, scope: Mapping[str, object]) -> object:
    """The value of ``node`` given the module-level names in ``scope``; raises :class:`NotStatic`."""
    try:
        return _evaluate(node, scope)
    except RecursionError:
        raise NotStatic(node, "is nested too deeply to read") from None


def _evaluate(node: ast.expr, scope: Mapping[str, object]) -> object:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return _name(node, scope)
    if isinstance(node, ast.Attribute):
        return member(evaluate(node.value, scope), node.attr, node)
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        items = _sequence(node.elts, scope)
        return tuple(items) if isinstance(node, ast.Tuple) else set(items) if isinstance(node, ast.Set) else items
    if isinstance(node, ast.Dict):
        return _dict(node, scope)
    if isinstance(node, ast.JoinedStr):
        return "".join(str(evaluate(value, scope)) for value in node.values)
    if isinstance(node, ast.FormattedValue):
        return _formatted(node, scope)
    if isinstance(node, ast.BinOp):
        return _binary(node, scope)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        operand = evaluate(node.operand, scope)
        if isinstance(operand, int | float) and not isinstance(operand, bool):
            return -operand if isinstance(node.op, ast.USub) else operand
        raise NotStatic(node, f"a sign is only evaluated on a number, not on {type(operand).__name__}")
    if isinstance(node, ast.Subscript):
        return _subscript(node, scope)
    if isinstance(node, ast.Call):
        raise NotStatic(node, f"it calls {ast.unparse(node.func)}(), and discovery does not run code")
    raise NotStatic(node, f"{type(node).__name__} expressions are not evaluated")


def member(base: object, attr: str, node: ast.AST) -> object:
    """``base.attr`` when ``base`` is a module discovery read or a library module, class or enum member."""
    if attr.startswith("_"):
        raise NotStatic(node, f"private attribute {attr!r} is not evaluated")
    if isinstance(base, Namespace):
        if attr not in base.members:
            raise NotStatic(node, f"module {base.name!r} has no top-level name {attr!r}")
        return _bound(base.members[attr], f"{base.name}.{attr}", node)
    if _is_library_object(base):
        try:
            return getattr(base, attr)
        except AttributeError:
            raise NotStatic(node, f"the library has no attribute {attr!r} there") from None
    raise NotStatic(node, f"attribute {attr!r} of a {type(base).__name__} value is not evaluated")


def _is_library_object(value: object) -> bool:
    # Reading attributes of library modules, classes and enum members runs no user code: that is how
    # `func.AuthLevel.ANONYMOUS` or `func.Cardinality.MANY` get their real values.
    if isinstance(value, ModuleType):
        return is_library_name(value.__name__)
    if isinstance(value, type):
        return is_library_name(value.__module__)
    return isinstance(value, enum.Enum) and is_library_name(type(value).__module__)


def _name(node: ast.Name, scope: Mapping[str, object]) -> object:
    if node.id not in scope:
        raise NotStatic(node, f"name {node.id!r} is not assigned by a top-level statement of the module")
    return _bound(scope[node.id], node.id, node)


def _bound(value: object, name: str, node: ast.AST) -> object:
    if isinstance(value, Opaque):
        raise NotStatic(node, f"{name!r} is {value.what}")
    return value


def _sequence(elements: list[ast.expr], scope: Mapping[str, object]) -> list[object]:
    items: list[object] = []
    for element in elements:
        if isinstance(element, ast.Starred):
            items.extend(_iterable(evaluate(element.value, scope), element))
        else:
            items.append(evaluate(element, scope))
    return items


def _iterable(value: object, node: ast.AST) -> list[object] | tuple[object, ...]:
    if isinstance(value, list | tuple):
        return value
    raise NotStatic(node, f"only a list or tuple can be unpacked, not {type(value).__name__}")


def _dict(node: ast.Dict, scope: Mapping[str, object]) -> dict[Any, object]:
    result: dict[Any, object] = {}
    for key, value in zip(node.keys, node.values, strict=True):
        if key is None:  # {**OTHER}
            spread = evaluate(value, scope)
            if not isinstance(spread, dict):
                raise NotStatic(value, f"only a dict can be unpacked with **, not {type(spread).__name__}")
            result.update(spread)
        else:
            result[evaluate(key, scope)] = evaluate(value, scope)
    return result


def _formatted(node: ast.FormattedValue, scope: Mapping[str, object]) -> str:
    value = evaluate(node.value, scope)
    converters: dict[int, Callable[[object], str]] = {ord("s"): str, ord("r"): repr, ord("a"): ascii}
    spec = str(evaluate(node.format_spec, scope)) if node.format_spec is not None else ""
    try:
        if node.conversion in converters:
            value = converters[node.conversion](value)
        return format(value, spec)
    except (TypeError, ValueError) as error:
        raise NotStatic(node, f"the format spec fails ({error})") from None


_BINARY: dict[type[ast.operator], Callable[[Any, Any], object]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
}


def _binary(node: ast.BinOp, scope: Mapping[str, object]) -> object:
    apply = _BINARY.get(type(node.op))
    if apply is None:
        raise NotStatic(node, f"operator {type(node.op).__name__} is not evaluated (only +, - and *)")
    left, right = evaluate(node.left, scope), evaluate(node.right, scope)
    numbers = all(isinstance(side, int | float) and not isinstance(side, bool) for side in (left, right))
    # + also joins two strings, lists or tuples; - and * only take numbers, so `"x" * 10**9` can't blow up.
    joins = isinstance(node.op, ast.Add) and type(left) is type(right) and isinstance(left, str | list | tuple)
    if not (numbers or joins):
        raise NotStatic(node, f"{type(left).__name__} {type(node.op).__name__} {type(right).__name__} is not evaluated")
    # Bounded before computing: `N = N * N` or `S = S + S`, repeated, would otherwise grow without end.
    if numbers and _bits(left) + _bits(right) > MAX_INT_BITS:
        raise NotStatic(node, f"the result would exceed {MAX_INT_BITS}-bit numbers")
    if joins and len(left) + len(right) > MAX_LENGTH:  # type: ignore[arg-type]
        raise NotStatic(node, f"the result would be longer than {MAX_LENGTH} items")
    return apply(left, right)


MAX_INT_BITS = 64
MAX_LENGTH = 65536
"""Limits of what static evaluation computes: far beyond any real binding value."""


def _bits(value: object) -> int:
    return value.bit_length() if isinstance(value, int) else 0


def _subscript(node: ast.Subscript, scope: Mapping[str, object]) -> object:
    container = evaluate(node.value, scope)
    if not isinstance(container, dict | list | tuple | str):
        raise NotStatic(node, f"indexing a {type(container).__name__} is not evaluated")
    key = evaluate(node.slice, scope)
    indexable: Any = container
    try:
        return indexable[key]
    except (KeyError, IndexError, TypeError) as error:
        raise NotStatic(node, f"{ast.unparse(node)} fails ({type(error).__name__}: {error})") from None
