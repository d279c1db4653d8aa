"""The GraphQL operation's name travels with every transaction of the request."""

from __future__ import annotations

import strawberry

from graph.core.client import GraphClient
from schema.core.context import Info, RequestContext
from schema.core.operation import OperationMetadata


@strawberry.type
class _Query:
    @strawberry.field
    def tagged(self, info: Info) -> str:
        return info.context.graph.metadata.get("graphqlOperation", "")


async def test_named_and_anonymous_operations_are_tagged(graph: GraphClient) -> None:
    """A named operation is tagged by its name, an anonymous one by its text."""
    schema = strawberry.Schema(query=_Query, extensions=[OperationMetadata])
    named = await schema.execute(
        "query AccountsForReview { tagged }", context_value=RequestContext(graph, None)
    )
    assert named.data == {"tagged": "AccountsForReview"}
    anonymous = await schema.execute("{ tagged }", context_value=RequestContext(graph, None))
    assert anonymous.data == {"tagged": "anonymous: { tagged }"}


async def test_a_huge_operation_name_is_cut_in_the_metadata(graph: GraphClient) -> None:
    """The metadata repeats at most 100 characters of a client's operation name."""
    schema = strawberry.Schema(query=_Query, extensions=[OperationMetadata])
    name = "Op" + "x" * 10_000
    result = await schema.execute(
        f"query {name} {{ tagged }}",
        context_value=RequestContext(graph, None),
        operation_name=name,
    )
    assert result.data is not None
    assert result.data["tagged"] == name[:100] + "\u2026"
