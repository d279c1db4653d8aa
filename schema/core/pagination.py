"""Relay-style connections: edges with cursors, pageInfo, totalCount."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Annotated, Generic, TypeVar

import strawberry

from graph.core.pagination import Page

N = TypeVar("N")
S = TypeVar("S")


DEFAULT_PAGE_SIZE = 20
"""The one default page size; the maximum is the setting ACCOUNTMAP_MAX_PAGE_SIZE."""

First = Annotated[
    int,
    strawberry.argument(
        description="How many items per page (default 20, at most the server's maximum page size)."
    ),
]
After = Annotated[
    str | None,
    strawberry.argument(description="Start after this cursor (a previous page's endCursor)."),
]


@strawberry.enum(description="Which way a list is sorted by a field.")
class SortDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.type(description="Where a page starts and ends, and whether more lie either side.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="True when 'after: endCursor' gives more.")
    has_previous_page: bool = strawberry.field(
        description="True when items come before this page (the page was asked for 'after' one)."
    )
    start_cursor: str | None = strawberry.field(description="Cursor of the page's first item.")
    end_cursor: str | None = strawberry.field(description="Pass as 'after' for the next page.")


@strawberry.type(description="One item of a list with its cursor.")
class Edge(Generic[N]):
    cursor: str = strawberry.field(description="Pass as 'after' to continue after this item.")
    node: N = strawberry.field(description="The item.")


@strawberry.type(
    description="A page of a list (Relay connection): `first` items `after` a cursor, with the "
    "total on all pages."
)
class Connection(Generic[N]):
    edges: list[Edge[N]] = strawberry.field(description="The page's items with their cursors.")
    page_info: PageInfo = strawberry.field(description="Cursors and whether more pages exist.")
    total_count: int = strawberry.field(description="Items matching the filter, on all pages.")


def connection_from_page(page: Page[S], convert: Callable[[S], N]) -> Connection[N]:
    """Wrap a graph-layer page in GraphQL types."""
    return Connection(
        edges=[Edge(cursor=cursor, node=convert(item)) for cursor, item in page.items],
        page_info=page_info_of(page),
        total_count=page.total_count,
    )


def page_info_of(page: Page[S]) -> PageInfo:
    """A graph-layer page's cursors and neighbours as ``PageInfo``."""
    return PageInfo(
        has_next_page=page.has_next_page,
        has_previous_page=page.has_previous_page,
        start_cursor=page.start_cursor,
        end_cursor=page.end_cursor,
    )
