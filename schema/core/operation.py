"""Tags every transaction of a request with the GraphQL operation that caused it.

The name travels as transaction metadata (``graphqlOperation``), so a slow statement in Neo4j's
query log or in ``SHOW TRANSACTIONS`` names the operation to look at, as @neo4j/graphql does.
"""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from graph.core.errors import preview
from schema.core.context import RequestContext


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
        yield


def _anonymous_name(query: str | None) -> str:
    # An unnamed operation is still worth telling apart in a log: its kind and first field.
    text = " ".join((query or "").split())[:80]
    return f"anonymous: {text}" if text else "anonymous"
