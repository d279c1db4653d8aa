"""A resolver sees every field name selected below it, through fragments and inline fragments."""

from __future__ import annotations

import strawberry

from graph.core.client import GraphClient
from schema.core.context import Info, RequestContext
from schema.core.selection import names_selected_below

_seen: list[frozenset[str]] = []


@strawberry.type
class _Leaf:
    name: str = "leaf"
    role: str = "role"


@strawberry.type
class _Node:
    @strawberry.field
    def leaf(self) -> _Leaf:
        return _Leaf()

    title: str = "title"


@strawberry.type
class _Query:
    @strawberry.field
    def node(self, info: Info) -> _Node:
        _seen.append(names_selected_below(info))
        return _Node()


async def test_names_below_include_fragments_and_inline_fragments(graph: GraphClient) -> None:
    """Names in a named fragment, an inline fragment and plain fields are all seen; names that
    are not selected are not."""
    schema = strawberry.Schema(query=_Query)
    _seen.clear()
    result = await schema.execute(
        "query { node { title ...F ... on Node { leaf { role } } } } "
        "fragment F on Node { leaf { name } }",
        context_value=RequestContext(graph, None),
    )
    assert result.errors is None
    assert _seen == [frozenset({"node", "title", "leaf", "name", "role"})]
    _seen.clear()
    await schema.execute("{ node { title } }", context_value=RequestContext(graph, None))
    assert _seen == [frozenset({"node", "title"})]
