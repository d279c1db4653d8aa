"""Relay-style connections: edges with cursors, pageInfo, totalCount."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

import strawberry

from graph.core.pagination import Page

N = TypeVar("N")
S = TypeVar("S")


@strawberry.type(description="Where a page ends and whether another follows.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="True when 'after: endCursor' gives more.")
    end_cursor: str | None = strawberry.field(description="Pass as 'after' for the next page.")


@strawberry.type(description="One item of a list with its cursor.")
class Edge(Generic[N]):
    cursor: str
    node: N


@strawberry.type(description="A page of a list.")
class Connection(Generic[N]):
    edges: list[Edge[N]]
    page_info: PageInfo
    total_count: int = strawberry.field(description="Items matching the filter, on all pages.")


def connection_from_page(page: Page[S], convert: Callable[[S], N]) -> Connection[N]:
    """Wrap a graph-layer page in GraphQL types."""
    return Connection(
        edges=[Edge(cursor=cursor, node=convert(item)) for cursor, item in page.items],
        page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
        total_count=page.total_count,
    )
