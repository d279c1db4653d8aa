"""Tags every transaction of a request with the GraphQL operation that caused it.

The name travels as transaction metadata (``graphqlOperation``), so a slow statement in Neo4j's
query log or in ``SHOW TRANSACTIONS`` names the operation to look at, as @neo4j/graphql does.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import FieldNode, OperationDefinitionNode, get_operation_ast
from strawberry.extensions import SchemaExtension

from graph.core.errors import preview
from schema.core.context import OperationSummary, RequestContext


class OperationMetadata(SchemaExtension):
    """Before execution, bind the request's graph client to the operation's name."""

    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        context = execution.context
        if isinstance(context, RequestContext):
            operation = preview(execution.operation_name or "", 100) or _anonymous_name(
                execution.query
            )
            context.graph = context.graph.with_metadata(graphqlOperation=operation)
            context.operation = OperationSummary(operation, _root_fields(execution))
        yield


def _anonymous_name(query: str | None) -> str:
    # An unnamed operation is still worth telling apart in a log: its kind and first field.
    text = " ".join((query or "").split())[:80]
    return f"anonymous: {text}" if text else "anonymous"


def _root_fields(execution: object) -> tuple[str, ...]:
    """The root fields the operation selects, in order (fragments at the root are skipped:
    they are rare there, and the fields they hold are still checked and run)."""
    document = getattr(execution, "graphql_document", None)
    if document is None:
        return ()
    operation = get_operation_ast(document, getattr(execution, "operation_name", None))
    if not isinstance(operation, OperationDefinitionNode):
        return ()
    return tuple(
        dict.fromkeys(
            selection.name.value
            for selection in operation.selection_set.selections
            if isinstance(selection, FieldNode)
        )
    )
