"""Reading C# source without compiling it: type declarations, constants and attribute arguments.

The files are parsed with tree-sitter's C# grammar. Only what attribute arguments can hold is evaluated, which
is what the C# compiler calls a constant expression: literals, ``const`` fields (of the same type, enclosing
types, ``using static`` types or any type named by its qualifier), ``nameof(...)``, ``+`` on strings and
integers, interpolated strings whose holes are constant strings, enum members and arrays of those. Anything
else raises :class:`NotConstant` with the node to blame, so the caller can say where and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import tree_sitter_c_sharp
from tree_sitter import Language, Node, Parser

CSHARP = Language(tree_sitter_c_sharp.language())

TYPE_DECLARATIONS = frozenset(
    {"class_declaration", "struct_declaration", "record_declaration", "record_struct_declaration"}
)
"""Declarations that can hold constants and functions (interfaces and enums hold neither for us)."""

_PREPROCESSOR_BLOCKS = frozenset({"preproc_if", "preproc_else", "preproc_elif", "preproc_region"})
ARRAY_NODES = frozenset({"implicit_array_creation_expression", "array_creation_expression", "collection_expression"})
"""Array expressions: ``new[] { ... }``, ``new string[] { ... }`` and ``[ ... ]``."""
_SIMPLE_ESCAPES = {
    "'": "'",
    '"': '"',
    "\\": "\\",
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
}

Value = str | int | bool | None | tuple[str | int | bool | None, ...]
"""What a constant expression evaluates to: a string, a whole number, a boolean, ``null`` or an array."""


class NotConstant(Exception):
    """An expression discovery cannot evaluate without compiling the code."""

    def __init__(self, node: Node, file: SourceFile, reason: str) -> None:
        super().__init__(reason)
        self.node = node
        self.file = file
        self.reason = reason


def text(node: Node | None) -> str:
    """The source text of ``node`` (empty for ``None``)."""
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", errors="replace")


def line(node: Node) -> int:
    """The 1-based line ``node`` starts on."""
    return node.start_point.row + 1


@dataclass(frozen=True)
class SourceFile:
    """One parsed ``.cs`` file."""

    rel: str
    """Path relative to the project folder, for messages."""
    root: Node
    using_static: tuple[tuple[str, ...], ...]
    """Types imported with ``using static A.B.C;`` (their constants are in scope), as name segments."""

    def where(self, node: Node) -> str:
        """``<file>:<line>`` of ``node``."""
        return f"{self.rel}:{line(node)}"


@dataclass(frozen=True)
class TypeDeclaration:
    """A class, struct or record declaration."""

    path: tuple[str, ...]
    """Namespace segments, then the names of the enclosing types, then the type's own name."""
    node: Node
    file: SourceFile

    @property
    def body(self) -> Node | None:
        """The ``{ ... }`` member list (None for ``record R(int X);``)."""
        return self.node.child_by_field_name("body")

    def members(self, kind: str) -> Iterator[Node]:
        """Direct members of the given node type, including those inside ``#if``/``#region`` blocks."""
        body = self.body
        if body is not None:
            yield from _members(body, kind)


@dataclass(frozen=True)
class _Const:
    """A field with an initializer; only ``const`` ones can be evaluated, the others make better messages."""

    value: Node
    owner: tuple[str, ...]
    file: SourceFile
    is_const: bool


@dataclass
class CSharpProject:
    """Every type and constant of a set of C# files, and an evaluator for constant expressions."""

    files: Sequence[SourceFile]
    types: list[TypeDeclaration] = field(default_factory=list)
    consts: dict[tuple[str, ...], dict[str, list[_Const]]] = field(default_factory=dict)
    _cache: dict[tuple[tuple[str, ...], str, str | None], Value] = field(default_factory=dict)
    _evaluating: set[tuple[tuple[str, ...], str]] = field(default_factory=set)

    def __post_init__(self) -> None:
        for file in self.files:
            for declaration in _type_declarations(file.root, (), file):
                self.types.append(declaration)
                owned = self.consts.setdefault(declaration.path, {})
                for field_node in declaration.members("field_declaration"):
                    is_const = any(text(m) == "const" for m in field_node.children if m.type == "modifier")
                    variables = next((c for c in field_node.children if c.type == "variable_declaration"), None)
                    for declarator in _children(variables, "variable_declarator"):
                        name = text(declarator.child_by_field_name("name"))
                        value = declarator.children[-1] if declarator.child_count >= 3 else None
                        if name and value is not None:
                            owned.setdefault(name, []).append(_Const(value, declaration.path, file, is_const))

    @classmethod
    def parse(cls, paths: Sequence[Path], root: Path) -> CSharpProject:
        """Parse ``paths`` (files under ``root``); unreadable bytes are replaced, never fatal."""
        parser = Parser(CSHARP)
        files: list[SourceFile] = []
        for path in paths:
            tree = parser.parse(path.read_bytes())
            rel = path.relative_to(root).as_posix()
            using_static = tuple(
                tuple(_segments(directive.named_children[-1]))
                for directive in _descendants(tree.root_node, "using_directive")
                if any(child.type == "static" for child in directive.children) and directive.named_children
            )
            files.append(SourceFile(rel, tree.root_node, using_static))
        return cls(files)

    def find_types(self, name: str) -> list[TypeDeclaration]:
        """Types whose own name is ``name`` (all parts of a partial type)."""
        return [t for t in self.types if t.path[-1] == name]

    # --- evaluation --------------------------------------------------------------------------------------------

    def evaluate(self, node: Node, file: SourceFile, owner: tuple[str, ...], enum: str | None = None) -> Value:
        """The value of the constant expression ``node``, read in type ``owner`` of ``file``.

        With ``enum`` set, the expression is expected to be a member of that enum type (``AuthorizationLevel``)
        and evaluates to the member's name, as the Functions metadata generators write enum values.
        """
        kind = node.type
        if kind == "parenthesized_expression" and node.named_children:
            return self.evaluate(node.named_children[0], file, owner, enum)
        if enum is not None and kind in ("member_access_expression", "qualified_name", "identifier"):
            return self._enum_member(node, file, owner, enum)
        if kind == "string_literal":
            return _regular_string(node)
        if kind == "verbatim_string_literal":
            return text(node)[2:-1].replace('""', '"')
        if kind == "raw_string_literal":
            content = "".join(text(c) for c in node.children if c.type == "raw_string_content")
            return _raw_string(content)
        if kind == "interpolated_string_expression":
            return self._interpolated(node, file, owner)
        if kind == "integer_literal":
            return _integer(node, file)
        if kind == "boolean_literal":
            return text(node) == "true"
        if kind == "null_literal":
            return None
        if kind in ("identifier", "member_access_expression", "qualified_name"):
            return self._constant(node, file, owner)
        if kind == "invocation_expression":
            return self._nameof(node, file)
        if kind == "binary_expression":
            return self._binary(node, file, owner)
        if kind == "prefix_unary_expression":
            return self._unary(node, file, owner)
        if kind in ARRAY_NODES:
            return tuple(self._element(e, file, owner, enum) for e in _array_elements(node, file))
        raise NotConstant(node, file, f"{_describe(node)} is not a constant")

    def _element(
        self, node: Node, file: SourceFile, owner: tuple[str, ...], enum: str | None
    ) -> str | int | bool | None:
        value = self.evaluate(node, file, owner, enum)
        if isinstance(value, tuple):
            raise NotConstant(node, file, "nested arrays are not supported")
        return value

    def enum_type(self, node: Node, file: SourceFile, owner: tuple[str, ...], enums: frozenset[str]) -> str | None:
        """Which of ``enums`` the expression is a member of, or None.

        ``AuthorizationLevel.Admin`` and a constant set to it are both members of ``AuthorizationLevel``; this
        picks between constructors that differ in one parameter's type.
        """
        while node.type == "parenthesized_expression" and node.named_children:
            node = node.named_children[0]
        segments = _segments(node)
        if len(segments) >= 2 and segments[-2] in enums:
            return segments[-2]
        if not segments:
            return None
        fields = [f for f in self._lookup(segments[-1], segments[:-1], file, owner) if f.is_const]
        if not fields or (fields[0].owner, segments[-1]) in self._evaluating:
            return None
        const = fields[0]
        self._evaluating.add((const.owner, segments[-1]))
        try:
            return self.enum_type(const.value, const.file, const.owner, enums)
        finally:
            self._evaluating.discard((const.owner, segments[-1]))

    def _enum_member(self, node: Node, file: SourceFile, owner: tuple[str, ...], enum: str) -> Value:
        segments = _segments(node)
        if len(segments) >= 2 and segments[-2] == enum:
            return segments[-1]
        try:  # a constant of the enum type: const AuthorizationLevel Level = AuthorizationLevel.Admin;
            return self._constant(node, file, owner, enum)
        except NotConstant as error:
            raise NotConstant(
                node, file, f"{text(node)!r} is neither {enum}.<member> nor a constant of type {enum}"
            ) from error

    def _constant(self, node: Node, file: SourceFile, owner: tuple[str, ...], enum: str | None = None) -> Value:
        segments = _segments(node)
        if not segments:
            raise NotConstant(node, file, f"{_describe(node)} is not a constant")
        name, qualifier = segments[-1], segments[:-1]
        if qualifier and qualifier[-1] in ("string", "String") and name == "Empty":
            return ""
        fields = self._lookup(name, qualifier, file, owner)
        found = [f for f in fields if f.is_const]
        if fields and not found:
            raise NotConstant(
                node,
                file,
                f"{text(node)!r} is a field without the const modifier ({fields[0].file.where(fields[0].value)}), "
                "and attribute arguments must be constants",
            )
        if not found:
            if qualifier:
                where = f"a type named {'.'.join(qualifier)!r}"
            else:
                where = f"{owner[-1]!r} or the types around it" if owner else "the enclosing type"
                if file.using_static:
                    where += " or the `using static` types"
            raise NotConstant(node, file, f"there is no const field {name!r} in {where} in the project's sources")
        const = found[0]
        key = (const.owner, name, enum)
        if key in self._cache:
            return self._cache[key]
        if (const.owner, name) in self._evaluating:
            raise NotConstant(node, file, f"the constant {name!r} is defined in terms of itself")
        self._evaluating.add((const.owner, name))
        try:
            value = self.evaluate(const.value, const.file, const.owner, enum)
        finally:
            self._evaluating.discard((const.owner, name))
        for other in found[1:]:
            if self.evaluate(other.value, other.file, other.owner, enum) != value:
                places = ", ".join(c.file.where(c.value) for c in found)
                raise NotConstant(node, file, f"{text(node)!r} is ambiguous: several constants match ({places})")
        self._cache[key] = value
        return value

    def _lookup(self, name: str, qualifier: Sequence[str], file: SourceFile, owner: tuple[str, ...]) -> list[_Const]:
        if not qualifier:
            for depth in range(len(owner), 0, -1):
                found = self.consts.get(owner[:depth], {}).get(name)
                if found:
                    return found[:1]
            found = []
            for imported in file.using_static:
                found.extend(self._in_types(name, imported, owner))
            return found
        return self._in_types(name, qualifier, owner)

    def _in_types(self, name: str, qualifier: Sequence[str], owner: tuple[str, ...]) -> list[_Const]:
        """``name`` in the types ``qualifier`` can mean, nearest to ``owner`` first.

        The qualifier may start with namespaces (``Orders.Names.Queue``) or not (``Names.Queue``): the longest tail
        of it that ends some type's path wins. Of several such types, those sharing the most enclosing namespaces
        and types with ``owner`` come first, as C# looks in the current namespace before the outer ones.
        """
        for size in range(len(qualifier), 0, -1):
            tail = tuple(qualifier[-size:])
            found = [
                const
                for path, consts in self.consts.items()
                if path[-size:] == tail
                for const in consts.get(name, [])[:1]
            ]
            if found:
                closeness = [_common_prefix(const.owner, owner) for const in found]
                return [const for const, near in zip(found, closeness, strict=True) if near == max(closeness)]
        return []

    def _nameof(self, node: Node, file: SourceFile) -> str:
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        argument_nodes = [a for a in _children(arguments, "argument")]
        if text(function) != "nameof" or len(argument_nodes) != 1 or not argument_nodes[0].named_children:
            raise NotConstant(node, file, f"the call {text(node)!r} is not a constant (only nameof(...) is)")
        target = argument_nodes[0].named_children[-1]
        segments = _segments(target)
        if not segments:
            raise NotConstant(node, file, f"discovery can't read {text(node)!r}")
        return segments[-1]

    def _binary(self, node: Node, file: SourceFile, owner: tuple[str, ...]) -> Value:
        left_node, right_node = node.child_by_field_name("left"), node.child_by_field_name("right")
        operator = text(node.child_by_field_name("operator"))
        if left_node is None or right_node is None:
            raise NotConstant(node, file, f"discovery can't read {text(node)!r}")
        left = self.evaluate(left_node, file, owner)
        right = self.evaluate(right_node, file, owner)
        if operator == "+" and (isinstance(left, str) or isinstance(right, str)):
            if all(isinstance(v, str) or v is None for v in (left, right)):
                return f"{left or ''}{right or ''}"
        elif _is_int(left) and _is_int(right):
            assert isinstance(left, int) and isinstance(right, int)
            if operator == "+":
                return left + right
            if operator == "-":
                return left - right
            if operator == "*":
                return left * right
            if operator in ("/", "%") and right != 0:
                quotient = abs(left) // abs(right) * (1 if (left >= 0) == (right >= 0) else -1)  # C# truncates
                return quotient if operator == "/" else left - quotient * right
        raise NotConstant(node, file, f"discovery does not evaluate {text(node)!r} (only + on strings and integers)")

    def _unary(self, node: Node, file: SourceFile, owner: tuple[str, ...]) -> Value:
        operand = node.named_children[-1] if node.named_children else None
        operator = text(node.children[0]) if node.children else ""
        value = self.evaluate(operand, file, owner) if operand is not None else None
        if operator in ("-", "+") and _is_int(value):
            assert isinstance(value, int)
            return -value if operator == "-" else value
        if operator == "!" and isinstance(value, bool):
            return not value
        raise NotConstant(node, file, f"discovery does not evaluate {text(node)!r}")

    def _interpolated(self, node: Node, file: SourceFile, owner: tuple[str, ...]) -> str:
        start = text(next((c for c in node.children if c.type == "interpolation_start"), None))
        raw = any(c.type == "interpolation_quote" and text(c).startswith('"""') for c in node.children)
        verbatim = "@" in start
        pieces: list[str] = []
        holes: list[str] = []
        for child in node.children:
            if child.type == "string_content":
                piece = text(child)
                if not raw:
                    piece = piece.replace("{{", "{").replace("}}", "}")
                    if verbatim:
                        piece = piece.replace('""', '"')
                pieces.append(piece)
            elif child.type == "escape_sequence":
                pieces.append(_unescape(text(child)))
            elif child.type == "interpolation":
                if any(
                    c.type in ("interpolation_alignment_clause", "interpolation_format_clause") for c in child.children
                ):
                    raise NotConstant(child, file, "an interpolation with an alignment or a format is not a constant")
                inner = [c for c in child.named_children if c.type != "interpolation_brace"]
                value = self.evaluate(inner[0], file, owner) if inner else None
                if not isinstance(value, str):
                    raise NotConstant(child, file, f"the interpolation {text(child)!r} is not a constant string")
                # A placeholder keeps a raw string's indentation rules away from the hole's own text.
                pieces.append(f"\x00{len(holes)}\x00")
                holes.append(value)
        joined = "".join(pieces)
        if raw:
            joined = _raw_string(joined)
        return re.sub("\x00(\\d+)\x00", lambda m: holes[int(m.group(1))], joined)


# --- helpers -------------------------------------------------------------------------------------------------


def _children(node: Node | None, kind: str) -> list[Node]:
    return [] if node is None else [c for c in node.children if c.type == kind]


def _descendants(node: Node, kind: str) -> Iterator[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == kind:
            yield current
        stack.extend(reversed(current.children))


def _members(body: Node, kind: str) -> Iterator[Node]:
    for child in body.children:
        if child.type == kind:
            yield child
        elif child.type in _PREPROCESSOR_BLOCKS:
            yield from _members(child, kind)


def _type_declarations(node: Node, path: tuple[str, ...], file: SourceFile) -> Iterator[TypeDeclaration]:
    """Every type declared under ``node``; ``path`` holds the namespace and type names around it."""
    for child in node.children:
        if child.type in TYPE_DECLARATIONS:
            inner = (*path, text(child.child_by_field_name("name")))
            declaration = TypeDeclaration(inner, child, file)
            yield declaration
            body = declaration.body
            if body is not None:
                yield from _type_declarations(body, inner, file)
        elif child.type == "namespace_declaration":
            name = child.child_by_field_name("name")
            body = child.child_by_field_name("body")
            if body is not None:
                yield from _type_declarations(body, (*path, *(_segments(name) if name else [])), file)
        elif child.type == "file_scoped_namespace_declaration":
            # `namespace A.B;` applies to the declarations that follow it (the grammar makes them siblings).
            name = child.child_by_field_name("name")
            path = (*path, *(_segments(name) if name else []))
            yield from _type_declarations(child, path, file)
        elif child.type in _PREPROCESSOR_BLOCKS:
            yield from _type_declarations(child, path, file)


def _segments(node: Node) -> list[str]:
    """``A.B.C`` → ``["A", "B", "C"]`` (generic arguments and ``global::`` dropped); [] for other expressions."""
    kind = node.type
    if kind == "identifier":
        return [text(node).lstrip("@")]
    if kind == "predefined_type":
        return [text(node)]
    if kind == "generic_name":
        return [text(node.named_children[0]).lstrip("@")] if node.named_children else []
    if kind == "alias_qualified_name":
        return _segments(node.named_children[-1]) if node.named_children else []
    if kind in ("member_access_expression", "qualified_name"):
        parts: list[str] = []
        for child in node.named_children:
            inner = _segments(child)
            if not inner:
                return []
            parts.extend(inner)
        return parts
    return []


def _array_elements(node: Node, file: SourceFile) -> list[Node]:
    if node.type == "collection_expression":
        elements = []
        for element in _children(node, "collection_element"):
            inner = element.named_children[0] if element.named_children else None
            if inner is None or inner.type != "expression_element" or not inner.named_children:
                raise NotConstant(element, file, "only plain elements are supported in a collection expression")
            elements.append(inner.named_children[0])
        return elements
    initializer = next((c for c in node.children if c.type == "initializer_expression"), None)
    return [] if initializer is None else list(initializer.named_children)


def _regular_string(node: Node) -> str:
    pieces = []
    for child in node.children:
        if child.type == "string_literal_content":
            pieces.append(text(child))
        elif child.type == "escape_sequence":
            pieces.append(_unescape(text(child)))
    return "".join(pieces)


def _unescape(sequence: str) -> str:
    body = sequence[1:]
    if body in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[body]
    if body[:1] in ("u", "U", "x") and len(body) > 1:
        try:
            return chr(int(body[1:], 16))
        except ValueError:
            pass
    return sequence


def _raw_string(content: str) -> str:
    """A raw string literal's value (C# 11 rules).

    A single-line one is taken as is; a multi-line one loses its first and last line and, on every line, the
    indentation of the closing quotes.
    """
    if "\n" not in content:
        return content
    lines = content.split("\n")
    indentation = lines[-1]
    if indentation.strip():  # not valid C#; keep the text rather than guess
        return content
    body = lines[1:-1]
    return "\n".join(
        (entry[len(indentation) :] if entry.startswith(indentation) else entry.lstrip()).rstrip("\r") for entry in body
    )


def _integer(node: Node, file: SourceFile) -> int:
    literal = text(node).replace("_", "").rstrip("uUlL")
    try:
        if literal[:2].lower() == "0x":
            return int(literal[2:], 16)
        if literal[:2].lower() == "0b":
            return int(literal[2:], 2)
        return int(literal)
    except ValueError:
        raise NotConstant(node, file, f"discovery can't read the number {text(node)!r}") from None


def _common_prefix(a: Sequence[str], b: Sequence[str]) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _describe(node: Node) -> str:
    return f"{text(node)!r} (a {node.type.replace('_', ' ')})"
