"""Java sources read statically with tree-sitter-java: types, compile-time constants and annotations.

Annotation values in Java must be compile-time constants: literals, ``static final`` fields initialised with
constants, ``+`` and other operators over those, enum constants and ``{...}`` arrays of them. So they can be
computed from the source alone, without compiling or running anything; this module does that for the
project's own files and leaves names of library types (``HttpMethod.POST``) as :class:`ExternalName` for the
caller to interpret.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias

import tree_sitter_java
from tree_sitter import Language, Node, Parser

from components.discovery.jsonfiles import relative

_LANGUAGE = Language(tree_sitter_java.language())

_TYPE_DECLARATIONS = frozenset(
    {
        "class_declaration",
        "interface_declaration",
        "enum_declaration",
        "record_declaration",
        "annotation_type_declaration",
    }
)
_COMMENTS = frozenset({"line_comment", "block_comment"})
_INTEGER_LITERALS = {
    "decimal_integer_literal": 10,
    "hex_integer_literal": 16,
    "octal_integer_literal": 8,
    "binary_integer_literal": 2,
}


@dataclass(frozen=True)
class ExternalName:
    """A name discovery does not turn into a value.

    An enum constant (``HttpMethod.POST``, ``AuthorizationLevel.ANONYMOUS``, ``ANONYMOUS`` imported statically,
    or a project enum's constant), or a constant of a class outside the project, whose value can't be known
    without its library.
    """

    qualifier: tuple[str, ...]
    """What the name is qualified with, as written or as a static import names it (empty when unknown)."""
    name: str

    @property
    def text(self) -> str:
        """The name as written (with what is known of its qualifier)."""
        return ".".join((*self.qualifier, self.name))


Value: TypeAlias = "str | int | float | bool | ExternalName | list[Value]"
"""A constant's value: ``str`` (``char`` too), ``int`` (every integral type), ``float``, ``bool``, a library
name, or a list for an array."""


class NotStatic(Exception):
    """An expression that is not a compile-time constant discovery can compute; ``reason`` says why."""

    def __init__(self, node: Node, reason: str) -> None:
        super().__init__(reason)
        self.node = node
        self.reason = reason


def text_of(node: Node) -> str:
    """The node's source text."""
    raw = node.text
    return raw.decode("utf-8", errors="replace") if raw is not None else ""


def line_of(node: Node) -> int:
    """The node's first line, 1-based."""
    return node.start_point.row + 1


def named_children(node: Node) -> Iterator[Node]:
    """The node's named children, comments left out."""
    for child in node.named_children:
        if child.type not in _COMMENTS:
            yield child


# --- files and types -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Annotation:
    """One annotation as written: ``@Name`` or ``@Name(element = value, ...)``."""

    name: str
    """The name as written, dotted when qualified (``FunctionName``, ``com.example.Custom``)."""
    node: Node
    arguments: tuple[tuple[str, Node], ...]
    """(element, value expression) in source order; a lone value is the element ``value``."""

    @property
    def simple_name(self) -> str:
        """The name without its package or outer types."""
        return self.name.rsplit(".", 1)[-1]

    def argument(self, element: str) -> Node | None:
        """The expression given for ``element``, or None when it is not given."""
        return next((node for name, node in self.arguments if name == element), None)


def annotations_of(node: Node) -> list[Annotation]:
    """The annotations among ``node``'s modifiers (a method, a parameter, a type)."""
    found: list[Annotation] = []
    for child in node.children:
        if child.type != "modifiers":
            continue
        for item in child.children:
            if item.type not in ("annotation", "marker_annotation"):
                continue
            name_node = item.child_by_field_name("name")
            arguments: list[tuple[str, Node]] = []
            argument_list = item.child_by_field_name("arguments")
            if argument_list is not None:
                for argument in named_children(argument_list):
                    if argument.type == "element_value_pair":
                        key = argument.child_by_field_name("key")
                        value = argument.child_by_field_name("value")
                        if key is not None and value is not None:
                            arguments.append((text_of(key), value))
                    else:
                        arguments.append(("value", argument))
            name = re.sub(r"\s+", "", text_of(name_node)) if name_node is not None else ""
            found.append(Annotation(name, item, tuple(arguments)))
    return found


@dataclass(eq=False)
class JavaField:
    """A field (or an interface's constant) with its initialiser."""

    name: str
    owner: JavaType
    node: Node
    value: Node | None
    constant: bool
    """``static final`` in a class, or any field of an interface or annotation type."""


@dataclass(eq=False)
class JavaType:
    """A class, interface, enum, record or annotation type declared in the project."""

    name: str
    qualified: str
    kind: str
    """The tree-sitter declaration type (``class_declaration``, ``annotation_type_declaration``...)."""
    node: Node
    file: JavaFile
    outer: JavaType | None
    members: dict[str, JavaType] = field(default_factory=dict)
    fields: dict[str, JavaField] = field(default_factory=dict)
    enum_constants: set[str] = field(default_factory=set)
    supertypes: list[str] = field(default_factory=list)
    """Superclass and interfaces as written, type arguments removed."""
    methods: list[Node] = field(default_factory=list)
    elements: dict[str, tuple[str, Node | None]] = field(default_factory=dict)
    """For an annotation type: element name → (type as written, default expression or None)."""

    @property
    def annotations(self) -> list[Annotation]:
        """The annotations on the declaration."""
        return annotations_of(self.node)


@dataclass(eq=False)
class JavaFile:
    """One parsed ``.java`` file and what its header declares."""

    path: Path
    rel: str
    root: Node
    package: str = ""
    single_imports: dict[str, str] = field(default_factory=dict)
    """Simple name → qualified name, from ``import a.b.C;``."""
    on_demand_imports: list[str] = field(default_factory=list)
    """``a.b`` from ``import a.b.*;`` (a package or a type)."""
    static_imports: dict[str, str] = field(default_factory=dict)
    """Member name → qualified type, from ``import static a.b.C.NAME;``."""
    static_on_demand_imports: list[str] = field(default_factory=list)
    """``a.b.C`` from ``import static a.b.C.*;``."""
    types: list[JavaType] = field(default_factory=list)
    """Top-level types."""

    def where(self, node: Node) -> str:
        """``<file>:<line>`` for messages."""
        return f"{self.rel}:{line_of(node)}"

    def first_error(self) -> Node | None:
        """The first syntax error tree-sitter found, or None."""
        if not self.root.has_error:
            return None
        stack = [self.root]
        while stack:
            node = stack.pop()
            if node.is_error or node.is_missing:
                return node
            stack.extend(reversed([child for child in node.children if child.has_error or child.is_missing]))
        return self.root


def parse_file(path: Path, app_dir: Path) -> JavaFile:
    """Parse one source file; raises ``OSError`` when it can't be read."""
    parser = Parser(_LANGUAGE)
    tree = parser.parse(path.read_bytes())
    java = JavaFile(path=path, rel=relative(path, app_dir), root=tree.root_node)
    for node in named_children(tree.root_node):
        if node.type == "package_declaration":
            name = next((c for c in node.named_children if c.type in ("scoped_identifier", "identifier")), None)
            java.package = _dotted_text(name) if name is not None else ""
        elif node.type == "import_declaration":
            _read_import(java, node)
        elif node.type in _TYPE_DECLARATIONS:
            java.types.append(_read_type(node, java, None))
    return java


def _dotted_text(node: Node) -> str:
    return re.sub(r"\s+", "", text_of(node))


def _read_import(java: JavaFile, node: Node) -> None:
    is_static = any(child.type == "static" for child in node.children)
    on_demand = any(child.type == "asterisk" for child in node.children)
    name_node = next((c for c in node.named_children if c.type in ("scoped_identifier", "identifier")), None)
    if name_node is None:
        return
    name = _dotted_text(name_node)
    if is_static and on_demand:
        java.static_on_demand_imports.append(name)
    elif is_static:
        owner, _, member = name.rpartition(".")
        java.static_imports[member] = owner
    elif on_demand:
        java.on_demand_imports.append(name)
    else:
        java.single_imports[name.rsplit(".", 1)[-1]] = name


def _read_type(node: Node, java: JavaFile, outer: JavaType | None) -> JavaType:
    name_node = node.child_by_field_name("name")
    name = text_of(name_node) if name_node is not None else ""
    if outer is not None:
        qualified = f"{outer.qualified}.{name}"
    else:
        qualified = f"{java.package}.{name}" if java.package else name
    jtype = JavaType(name=name, qualified=qualified, kind=node.type, node=node, file=java, outer=outer)
    jtype.supertypes = _supertypes(node)
    body = node.child_by_field_name("body")
    if body is not None:
        _read_body(body, jtype)
    return jtype


def _supertypes(node: Node) -> list[str]:
    names: list[str] = []
    for child in node.children:
        if child.type in ("superclass", "super_interfaces", "extends_interfaces"):
            for type_node in _type_nodes(child):
                names.append(re.sub(r"<.*>|\s+", "", text_of(type_node)))
    return names


def _type_nodes(node: Node) -> Iterator[Node]:
    for child in named_children(node):
        if child.type == "type_list":
            yield from _type_nodes(child)
        elif child.type in ("type_identifier", "scoped_type_identifier", "generic_type"):
            yield child


def _read_body(body: Node, jtype: JavaType) -> None:
    interface_like = jtype.kind in ("interface_declaration", "annotation_type_declaration")
    for member in named_children(body):
        if member.type in _TYPE_DECLARATIONS:
            nested = _read_type(member, jtype.file, jtype)
            jtype.members[nested.name] = nested
        elif member.type == "enum_body_declarations":
            _read_body(member, jtype)
        elif member.type == "enum_constant":
            constant_name = member.child_by_field_name("name")
            if constant_name is not None:
                jtype.enum_constants.add(text_of(constant_name))
        elif member.type in ("field_declaration", "constant_declaration"):
            modifiers = {c.type for m in member.children if m.type == "modifiers" for c in m.children}
            constant = interface_like or member.type == "constant_declaration" or {"static", "final"} <= modifiers
            for declarator in member.children_by_field_name("declarator"):
                field_name = declarator.child_by_field_name("name")
                if field_name is not None:
                    name = text_of(field_name)
                    value = declarator.child_by_field_name("value")
                    jtype.fields[name] = JavaField(name, jtype, declarator, value, constant)
        elif member.type == "method_declaration":
            jtype.methods.append(member)
        elif member.type == "annotation_type_element_declaration":
            element = member.child_by_field_name("name")
            element_type = member.child_by_field_name("type")
            if element is not None and element_type is not None:
                dimensions = "[]" if member.child_by_field_name("dimensions") is not None else ""
                type_text = re.sub(r"\s+", "", text_of(element_type)) + dimensions
                jtype.elements[text_of(element)] = (type_text, member.child_by_field_name("value"))


def all_types(types: list[JavaType]) -> Iterator[JavaType]:
    """Every type, nested ones after their outer type, in source order."""
    for jtype in types:
        yield jtype
        yield from all_types(list(jtype.members.values()))


# --- the project and its constants ---------------------------------------------------------------------------


class JavaProject:
    """Every type of the project's sources, with name resolution and constant evaluation as javac does them."""

    def __init__(self, files: list[JavaFile]) -> None:
        self.files = files
        self.types: dict[str, JavaType] = {}
        for java in files:
            for jtype in all_types(java.types):
                self.types.setdefault(jtype.qualified, jtype)
        self._values: dict[tuple[str, str], Value] = {}
        self._evaluating: set[tuple[str, str]] = set()
        self._supertype_cache: dict[str, list[JavaType]] = {}

    # --- types ---------------------------------------------------------------------------------------------

    def resolve_type(self, dotted: str, scope: JavaType) -> JavaType | None:
        """The project type that ``dotted`` names where ``scope`` is declared, or None (a library type)."""
        return self._resolve(dotted, scope, scope.file)

    def _resolve(self, dotted: str, scope: JavaType | None, java: JavaFile) -> JavaType | None:
        parts = dotted.split(".")
        found = self._simple_type(parts[0], scope, java)
        rest = parts[1:]
        if found is None:  # a qualified name: the longest prefix that is a project type
            for index in range(len(parts), 0, -1):
                found = self.types.get(".".join(parts[:index]))
                if found is not None:
                    rest = parts[index:]
                    break
        for part in rest:
            if found is None:
                return None
            found = self._member_type(found, part, set())
        return found

    def _simple_type(self, name: str, scope: JavaType | None, java: JavaFile) -> JavaType | None:
        enclosing = scope
        while enclosing is not None:
            if enclosing.name == name:
                return enclosing
            member = self._member_type(enclosing, name, set())
            if member is not None:
                return member
            enclosing = enclosing.outer
        top = next((t for t in java.types if t.name == name), None)
        if top is not None:
            return top
        if name in java.single_imports:  # a library type when it is not the project's
            return self.types.get(java.single_imports[name])
        same_package = self.types.get(f"{java.package}.{name}" if java.package else name)
        if same_package is not None:
            return same_package
        for on_demand in java.on_demand_imports:
            imported = self.types.get(f"{on_demand}.{name}")
            if imported is not None:
                return imported
        return None

    def _member_type(self, jtype: JavaType, name: str, seen: set[str]) -> JavaType | None:
        """A member type declared in ``jtype`` or inherited from its project supertypes."""
        if name in jtype.members:
            return jtype.members[name]
        seen.add(jtype.qualified)
        for supertype in self._supertypes(jtype):
            if supertype.qualified not in seen:
                member = self._member_type(supertype, name, seen)
                if member is not None:
                    return member
        return None

    def _supertypes(self, jtype: JavaType) -> list[JavaType]:
        """The project types ``jtype`` extends or implements (library ones are left out)."""
        if jtype.qualified in self._supertype_cache:
            return self._supertype_cache[jtype.qualified]
        self._supertype_cache[jtype.qualified] = []  # a type that (wrongly) extends itself ends here
        # Supertype names resolve where the type is declared: in its outer type, or in its file.
        found: list[JavaType] = []
        for name in jtype.supertypes:
            supertype = self._resolve(name, jtype.outer, jtype.file)
            if supertype is not None and supertype is not jtype:
                found.append(supertype)
        self._supertype_cache[jtype.qualified] = found
        return found

    # --- fields --------------------------------------------------------------------------------------------

    def _field_of(self, jtype: JavaType, name: str, seen: set[str]) -> JavaField | ExternalName | None:
        """A field (or enum constant) of ``jtype`` or inherited from its project supertypes."""
        if name in jtype.fields:
            return jtype.fields[name]
        if name in jtype.enum_constants:
            return ExternalName(tuple(jtype.qualified.split(".")), name)
        seen.add(jtype.qualified)
        for supertype in self._supertypes(jtype):
            if supertype.qualified not in seen:
                found = self._field_of(supertype, name, seen)
                if found is not None:
                    return found
        return None

    def _simple_name(self, name: str, node: Node, scope: JavaType) -> JavaField | ExternalName:
        enclosing: JavaType | None = scope
        while enclosing is not None:
            found = self._field_of(enclosing, name, set())
            if found is not None:
                return found
            enclosing = enclosing.outer
        java = scope.file
        if name in java.static_imports:
            owner_name = java.static_imports[name]
            owner = self.types.get(owner_name)
            found = self._field_of(owner, name, set()) if owner is not None else None
            return found if found is not None else ExternalName(tuple(owner_name.split(".")), name)
        for owner_name in java.static_on_demand_imports:
            owner = self.types.get(owner_name)
            found = self._field_of(owner, name, set()) if owner is not None else None
            if found is not None:
                return found
        external = [o for o in java.static_on_demand_imports if o not in self.types]
        if len(external) == 1:
            return ExternalName(tuple(external[0].split(".")), name)
        if external:
            return ExternalName((), name)
        raise NotStatic(node, f"no constant named {name!r} is declared in {scope.name} or imported statically")

    def _field_value(self, found: JavaField, node: Node) -> Value:
        label = f"{found.owner.name}.{found.name}"
        where = found.owner.file.where(found.node)
        key = (found.owner.qualified, found.name)
        if key in self._values:
            return self._values[key]
        if not found.constant:
            raise NotStatic(node, f"{label} ({where}) is not static final, so it is not a constant")
        if found.value is None:
            raise NotStatic(node, f"{label} ({where}) has no initialiser")
        if key in self._evaluating:
            raise NotStatic(node, f"{label} ({where}) is defined in terms of itself")
        self._evaluating.add(key)
        try:
            value = self.evaluate(found.value, found.owner)
        except NotStatic as error:
            raise NotStatic(node, f"{label} ({where}) is set to {text_of(found.value)!r}: {error.reason}") from None
        finally:
            self._evaluating.discard(key)
        self._values[key] = value
        return value

    def _name(self, parts: list[str], node: Node, scope: JavaType) -> Value:
        if len(parts) == 1:
            found = self._simple_name(parts[0], node, scope)
        else:
            owner = self.resolve_type(".".join(parts[:-1]), scope)
            if owner is None:
                return ExternalName(tuple(parts[:-1]), parts[-1])
            member = self._field_of(owner, parts[-1], set())
            if member is None:
                raise NotStatic(
                    node, f"{owner.name} ({owner.file.where(owner.node)}) declares no constant {parts[-1]!r}"
                )
            found = member
        if isinstance(found, ExternalName):
            return found
        return self._field_value(found, node)

    # --- expressions ---------------------------------------------------------------------------------------

    def evaluate(self, node: Node, scope: JavaType) -> Value:
        """The constant value of the expression ``node``, written in the type ``scope``.

        Raises :class:`NotStatic` for anything javac would not accept as a constant, or that needs
        a class outside the project.
        """
        kind = node.type
        if kind == "string_literal":
            return _string_literal(text_of(node))
        if kind == "character_literal":
            return _unescape(text_of(node)[1:-1])
        if kind in _INTEGER_LITERALS:
            return _integer(text_of(node), _INTEGER_LITERALS[kind])
        if kind in ("decimal_floating_point_literal", "hex_floating_point_literal"):
            raw = text_of(node).replace("_", "").rstrip("fFdD")
            return float.fromhex(raw) if kind.startswith("hex") else float(raw)
        if kind in ("true", "false"):
            return kind == "true"
        if kind in ("identifier", "field_access", "scoped_identifier"):
            parts = _name_parts(node)
            if parts is None:
                raise NotStatic(node, f"{text_of(node)!r} is not a constant name")
            return self._name(parts, node, scope)
        if kind == "parenthesized_expression":
            inner = next(named_children(node), None)
            if inner is None:
                raise NotStatic(node, "empty parentheses")
            return self.evaluate(inner, scope)
        if kind == "cast_expression":
            value_node = node.child_by_field_name("value")
            if value_node is None:
                raise NotStatic(node, "a cast without a value")
            return self.evaluate(value_node, scope)
        if kind == "binary_expression":
            return self._binary(node, scope)
        if kind == "unary_expression":
            return self._unary(node, scope)
        if kind == "ternary_expression":
            return self._ternary(node, scope)
        if kind in ("element_value_array_initializer", "array_initializer"):
            return [self.evaluate(child, scope) for child in named_children(node)]
        if kind in ("annotation", "marker_annotation"):
            raise NotStatic(node, "a nested annotation is not a value function.json can hold")
        if kind == "method_invocation":
            raise NotStatic(node, "it is a method call, whose result is only known when the code runs")
        if kind == "null_literal":
            raise NotStatic(node, "null is not a constant")
        raise NotStatic(node, f"{kind.replace('_', ' ')} is not a constant expression discovery evaluates")

    def _operands(self, node: Node, scope: JavaType) -> tuple[Value, str, Value]:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        operator = node.child_by_field_name("operator")
        if left is None or right is None or operator is None:
            raise NotStatic(node, "an incomplete expression")
        return self.evaluate(left, scope), text_of(operator), self.evaluate(right, scope)

    def _binary(self, node: Node, scope: JavaType) -> Value:
        left, operator, right = self._operands(node, scope)
        for operand in (left, right):
            if isinstance(operand, ExternalName):
                raise NotStatic(node, f"{operand.text} is not a constant declared in the project's sources")
            if isinstance(operand, list):
                raise NotStatic(node, "an array can't be an operand")
        if operator == "+" and (isinstance(left, str) or isinstance(right, str)):
            return _java_string(left) + _java_string(right)
        if isinstance(left, bool) and isinstance(right, bool):
            if operator in ("&&", "&"):
                return left and right
            if operator in ("||", "|"):
                return left or right
            if operator in ("==", "!="):
                return (left == right) == (operator == "==")
        elif isinstance(left, (int, float)) and isinstance(right, (int, float)):
            if not isinstance(left, bool) and not isinstance(right, bool):
                return _arithmetic(node, operator, left, right)
        raise NotStatic(node, f"the operator {operator!r} is not evaluated by discovery for these operands")

    def _unary(self, node: Node, scope: JavaType) -> Value:
        operand_node = node.child_by_field_name("operand")
        operator = node.child_by_field_name("operator")
        if operand_node is None or operator is None:
            raise NotStatic(node, "an incomplete expression")
        operand = self.evaluate(operand_node, scope)
        symbol = text_of(operator)
        if symbol == "!" and isinstance(operand, bool):
            return not operand
        if isinstance(operand, (int, float)) and not isinstance(operand, bool):
            if symbol == "-":
                return -operand
            if symbol == "+":
                return operand
            if symbol == "~" and isinstance(operand, int):
                return ~operand
        raise NotStatic(node, f"the operator {symbol!r} is not evaluated by discovery for this operand")

    def _ternary(self, node: Node, scope: JavaType) -> Value:
        condition = node.child_by_field_name("condition")
        consequence = node.child_by_field_name("consequence")
        alternative = node.child_by_field_name("alternative")
        if condition is None or consequence is None or alternative is None:
            raise NotStatic(node, "an incomplete expression")
        test = self.evaluate(condition, scope)
        if not isinstance(test, bool):
            raise NotStatic(node, "the condition is not a boolean constant")
        return self.evaluate(consequence if test else alternative, scope)


def _name_parts(node: Node) -> list[str] | None:
    """``a.b.C.X`` as its identifiers, or None when the expression is not a plain dotted name."""
    if node.type == "identifier":
        return [text_of(node)]
    if node.type == "field_access":
        target = node.child_by_field_name("object")
        member = node.child_by_field_name("field")
        if target is None or member is None or member.type != "identifier":
            return None
        head = _name_parts(target)
        return None if head is None else [*head, text_of(member)]
    if node.type == "scoped_identifier":
        return _dotted_text(node).split(".")
    return None


def _java_string(value: Value) -> str:
    """``String.valueOf`` for the constants javac folds into a concatenation."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _arithmetic(node: Node, operator: str, left: float, right: float) -> Value:
    if operator == "+":
        return left + right
    if operator == "-":
        return left - right
    if operator == "*":
        return left * right
    if operator in ("/", "%") and right == 0:
        raise NotStatic(node, "division by zero")
    if isinstance(left, int) and isinstance(right, int):
        quotient = abs(left) // abs(right) * (1 if (left >= 0) == (right >= 0) else -1)  # Java truncates
        if operator == "/":
            return quotient
        if operator == "%":
            return left - quotient * right
    elif operator == "/":
        return left / right
    raise NotStatic(node, f"the operator {operator!r} is not evaluated by discovery")


def _integer(raw: str, base: int) -> int:
    digits = raw.replace("_", "").rstrip("lL")
    if base == 16:
        return int(digits[2:], 16)
    if base == 2:
        return int(digits[2:], 2)
    if base == 8:
        return int(digits, 8)
    return int(digits)


_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "s": " ", '"': '"', "'": "'", "\\": "\\"}
_UNICODE_ESCAPE = re.compile(r"\\u+([0-9a-fA-F]{4})")


def _unescape(body: str) -> str:
    r"""Java's escape sequences (``\n``, ``\u0041``, octal ``\101``, ``\s``, and line continuations)."""
    # Unicode escapes are translated before anything else, as javac does (a backslash before them escapes them).
    body = _UNICODE_ESCAPE.sub(
        lambda m: m.group(0) if _escaped(body, m.start()) else chr(int(m.group(1), 16)),
        body,
    )
    out: list[str] = []
    index = 0
    while index < len(body):
        char = body[index]
        if char != "\\" or index + 1 >= len(body):
            out.append(char)
            index += 1
            continue
        following = body[index + 1]
        if following in _ESCAPES:
            out.append(_ESCAPES[following])
            index += 2
        elif following == "\n":  # a text block's line continuation
            index += 2
        elif following in "01234567":
            end = index + 2
            limit = index + (4 if following in "0123" else 3)
            while end < min(limit, len(body)) and body[end] in "01234567":
                end += 1
            out.append(chr(int(body[index + 1 : end], 8)))
            index = end
        else:
            out.append(following)
            index += 2
    return "".join(out)


def _escaped(text: str, position: int) -> bool:
    """True when the backslash at ``position`` is preceded by an odd number of backslashes."""
    count = 0
    while position - count - 1 >= 0 and text[position - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _string_literal(raw: str) -> str:
    if raw.startswith('"""'):
        return _text_block(raw[3:-3])
    return _unescape(raw[1:-1])


def _text_block(body: str) -> str:
    """A text block's value: incidental indentation and trailing spaces stripped, then escapes translated."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    _, _, content = body.partition("\n")  # the opening delimiter's line holds nothing
    lines = content.split("\n")
    closing_alone = lines[-1].strip(" \t\f") == ""
    significant = [line for line in lines[:-1] if line.strip(" \t\f")]
    if closing_alone or lines[-1]:
        significant.append(lines[-1])
    indent = min((len(line) - len(line.lstrip(" \t\f")) for line in significant), default=0)
    if closing_alone:
        lines[-1] = ""
    stripped = [line[indent:].rstrip(" \t\f") for line in lines]
    return _unescape("\n".join(stripped))
