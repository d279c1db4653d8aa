"""Ids have a documented maximum length: ``MAX_ID_CHARS`` characters, checked before execution.

Every value of GraphQL type ``ID`` a request carries (an argument, a field of an input object, an
item of a list; written in the document or sent as a variable) is at most ``MAX_ID_CHARS`` long.
A longer one is INVALID_INPUT naming the argument or input field, before any resolver runs, so a
megabyte id is never sent to Neo4j nor echoed in a message or a log line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLError,
    GraphQLID,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
    ObjectFieldNode,
    OperationDefinitionNode,
    StringValueNode,
    TypeInfo,
    TypeInfoVisitor,
    VariableNode,
    Visitor,
    get_named_type,
    get_operation_ast,
    type_from_ast,
    visit,
)
from graphql.execution import ExecutionResult
from strawberry.extensions import SchemaExtension

from graph.core.errors import InvalidInput
from graph.ingest.values import MAX_ID

MAX_ID_CHARS = MAX_ID
"""The longest id accepted anywhere: the bound every imported or upserted id already has."""


def too_long(field: str, length: int) -> InvalidInput:
    """The one error for an over-long id."""
    return InvalidInput(
        f"'{field}' is {length} characters long; an id is at most {MAX_ID_CHARS}.",
        field=field,
        extensions={"max": MAX_ID_CHARS},
    )


class _LiteralIds(Visitor):
    """Finds over-long ID literals, and the argument or input field each variable fills."""

    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.names: list[str] = []
        self.found: InvalidInput | None = None
        self.variable_fields: dict[str, str] = {}

    def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
        self.names.append(node.name.value)

    def leave_argument(self, *_: Any) -> None:
        self.names.pop()

    def enter_object_field(self, node: ObjectFieldNode, *_: Any) -> None:
        self.names.append(node.name.value)

    def leave_object_field(self, *_: Any) -> None:
        self.names.pop()

    def enter_variable(self, node: VariableNode, *_: Any) -> None:
        if self.names:
            self.variable_fields.setdefault(node.name.value, self.names[-1])

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        expected = self.type_info.get_input_type()
        if (
            self.found is None
            and expected is not None
            and get_named_type(expected) is GraphQLID
            and len(node.value) > MAX_ID_CHARS
        ):
            self.found = too_long(self.names[-1] if self.names else "id", len(node.value))


def _values_of_ids(value: Any, type_: GraphQLInputType, field: str) -> Iterator[tuple[str, str]]:
    """(input field or argument name, id) for every ID inside a variable's value."""
    if isinstance(type_, GraphQLNonNull):
        yield from _values_of_ids(value, type_.of_type, field)
    elif isinstance(type_, GraphQLList):
        for item in value if isinstance(value, list) else [value]:
            yield from _values_of_ids(item, type_.of_type, field)
    elif isinstance(type_, GraphQLInputObjectType) and isinstance(value, Mapping):
        for name, item in value.items():
            if name in type_.fields:
                yield from _values_of_ids(item, type_.fields[name].type, name)
    elif type_ is GraphQLID and isinstance(value, str):
        yield field, value


def find_too_long_id(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
) -> InvalidInput | None:
    """The first over-long id of a request (literals first, then variables), or ``None``."""
    type_info = TypeInfo(schema)
    literals = _LiteralIds(type_info)
    visit(document, TypeInfoVisitor(type_info, literals))
    if literals.found is not None:
        return literals.found
    operation = get_operation_ast(document, operation_name)
    if not isinstance(operation, OperationDefinitionNode) or not variables:
        return None
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        type_ = type_from_ast(schema, definition.type)
        if name not in variables or type_ is None:
            continue
        field = literals.variable_fields.get(name, name)
        for owner, value in _values_of_ids(variables[name], type_, field):  # type: ignore[arg-type]
            if len(value) > MAX_ID_CHARS:
                return too_long(owner, len(value))
    return None


class IdLengthLimit(SchemaExtension):
    """Before execution, refuse a request carrying an id over ``MAX_ID_CHARS`` characters."""

    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        if execution.graphql_document is not None:
            problem = find_too_long_id(
                execution.schema._schema,
                execution.graphql_document,
                execution.operation_name,
                execution.variables,
            )
            if problem is not None:
                execution.result = ExecutionResult(
                    data=None, errors=[GraphQLError(problem.message, original_error=problem)]
                )
        yield
