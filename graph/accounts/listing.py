"""Keyset pages of the lists read from Neo4j (a sort on several fields, ties broken by id), and
look-ups by id.

Every list of the accounts domain (accounts, people, deals, sellers, and the lists nested under
one account) sorts by the caller's fields, each ascending or descending, then by id. A cursor
remembers the sort values of the last item it stands for, so the next page starts right after it
even when items before it went away. The Cypher is built here from fixed fragments: each list
names its sortable fields as ``LiteralString`` expressions that are never null (``coalesce`` to a
sentinel), and the values travel as parameters (``$afterValues``, ``$afterId``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, LiteralString, TypeVar

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all
from graph.core.errors import InvalidInput
from graph.core.pagination import InvalidCursor, Page, decode_cursor, encode_cursor

F = TypeVar("F", bound=StrEnum)
T = TypeVar("T")

# Positions in the sort-values list (a sort has at most this many fields).
_INDEX: tuple[LiteralString, ...] = ("0", "1", "2", "3", "4", "5")


@dataclass(frozen=True)
class SortKey(Generic[F]):
    """One field of a sort and its direction."""

    field: F
    descending: bool = False


@dataclass(frozen=True)
class Keyset:
    """The Cypher pieces of one sort: the sort-values list, the after-cursor test and the order.

    ``values`` is a list expression to bind (``... AS sortValues``); ``after(values, id)`` tests
    that a row with those values and id comes after the cursor; ``order(values, id)`` is an
    ORDER BY list. ``name`` identifies the sort inside cursors."""

    name: str
    values: LiteralString
    directions: tuple[bool, ...]

    def after(self, values: LiteralString, node_id: LiteralString) -> LiteralString:
        """True for rows after ``$afterValues``/``$afterId`` (or every row without a cursor)."""
        alternatives: LiteralString = ""
        equal: LiteralString = ""
        for index, descending in zip(_INDEX, self.directions, strict=False):
            operator: LiteralString = " < " if descending else " > "
            step = values + "[" + index + "]" + operator + "$afterValues[" + index + "]"
            alternatives += "(" + equal + step + ") OR "
            equal += values + "[" + index + "] = $afterValues[" + index + "] AND "
        alternatives += "(" + equal + node_id + " > $afterId)"
        return "($afterId IS NULL OR " + alternatives + ")"

    def order(self, values: LiteralString, node_id: LiteralString) -> LiteralString:
        """The ORDER BY list: each sort value in its direction, then the id."""
        order: LiteralString = ""
        for index, descending in zip(_INDEX, self.directions, strict=False):
            direction: LiteralString = " DESC, " if descending else " ASC, "
            order += values + "[" + index + "]" + direction
        return order + node_id + " ASC"


def keyset(
    prefix: str,
    sort: Sequence[SortKey[F]],
    expressions: Mapping[F, LiteralString],
    default: F,
    *,
    argument: str = "sort",
) -> Keyset:
    """The keyset of a sort (``default`` ascending when ``sort`` is empty).

    ``expressions`` maps each sortable field to a never-null Cypher expression. A field named
    twice is INVALID_INPUT: the second would never decide anything."""
    keys = list(sort) or [SortKey(default)]
    fields = [key.field for key in keys]
    if len(set(fields)) != len(fields):
        raise InvalidInput("Each sort field may appear once.", field=argument)
    if len(keys) > len(_INDEX):
        raise InvalidInput(f"At most {len(_INDEX)} sort fields.", field=argument)
    values: LiteralString = ""
    for key in keys:
        values += ("" if not values else ", ") + expressions[key.field]
    name = (
        prefix + ":" + ",".join(f"{k.field.name}.{'DESC' if k.descending else 'ASC'}" for k in keys)
    )
    return Keyset(name, "[" + values + "]", tuple(k.descending for k in keys))


def after_parameters(keys: Keyset, after: str | None) -> dict[str, Any]:
    """``$afterValues`` and ``$afterId`` for a cursor of this sort (both null without one)."""
    if after is None:
        return {"afterValues": None, "afterId": None}
    values, node_id = decode_cursor(after, keys.name)
    if len(values) != len(keys.directions):
        raise InvalidCursor(
            "The 'after' cursor belongs to another sort order; start from the first page.",
            extensions={"field": "after"},
        )
    return {"afterValues": values, "afterId": node_id}


def page_of(
    keys: Keyset,
    rows: Sequence[Mapping[str, Any]],
    *,
    first: int,
    total: int,
    after: str | None,
    node_id: Callable[[Mapping[str, Any]], str],
    item: Callable[[Mapping[str, Any]], T],
) -> Page[T]:
    """A page from rows fetched with ``LIMIT first + 1`` (each with its ``sortValues``)."""
    return Page(
        items=tuple(
            (encode_cursor(keys.name, list(row["sortValues"]), node_id(row)), item(row))
            for row in rows[:first]
        ),
        has_next_page=len(rows) > first,
        total_count=total,
        has_previous_page=after is not None,
    )


Check = Callable[[AsyncManagedTransaction], Awaitable[None]]


async def fetch_page(
    client: GraphClient,
    keys: Keyset,
    *,
    filtered: LiteralString,
    node: LiteralString,
    projection: LiteralString,
    parameters: Mapping[str, Any],
    first: int,
    after: str | None,
    item: Callable[[Mapping[str, Any]], T],
    check: Check | None = None,
) -> Page[T]:
    """One page of a root list: ``filtered`` (a MATCH ... WHERE binding ``node``) sorted by
    ``keys``, each row returned as ``projection`` (which must name ``id``) and turned into an
    item; the total counted in the same read transaction, after ``check`` (e.g. a role check)."""
    statement = (
        filtered
        + "WITH "
        + node
        + ", "
        + keys.values
        + " AS sortValues\nWHERE "
        + keys.after("sortValues", node + ".id")
        + "\nRETURN "
        + projection
        + ", sortValues\nORDER BY "
        + keys.order("sortValues", node + ".id")
        + "\nLIMIT $limit"
    )
    count = filtered + "RETURN count(" + node + ") AS total"
    values = {**parameters, **after_parameters(keys, after), "limit": first + 1}

    async def work(tx: AsyncManagedTransaction) -> tuple[list[dict[str, Any]], int]:
        if check is not None:
            await check(tx)
        rows = await fetch_all(tx, statement, values)
        counted = await fetch_all(tx, count, values)
        return rows, int(counted[0]["total"])

    rows, total = await client.read(work)
    return page_of(
        keys, rows, first=first, total=total, after=after, node_id=lambda r: str(r["id"]), item=item
    )


def nested_page(keys: Keyset, node: LiteralString) -> LiteralString:
    """The tail of a per-parent subquery whose rows bind ``node`` and a map ``entry``: sorted,
    counted, and cut to the page after the cursor. Returns ``total`` and ``page`` (the entries,
    each with its ``sortValues`` and ``id``)."""
    return (
        "  WITH "
        + node
        + ", entry, "
        + keys.values
        + " AS sortValues\n  ORDER BY "
        + keys.order("sortValues", node + ".id")
        + "\n  WITH collect(entry {.*, sortValues: sortValues, id: "
        + node
        + ".id}) AS matched\n  RETURN size(matched) AS total, [x IN matched WHERE "
        + keys.after("x.sortValues", "x.id")
        + "][..$limit] AS page\n"
    )


def pages_by(
    keys: Keyset,
    rows: Sequence[Mapping[str, Any]],
    *,
    parent: str,
    items: str,
    first: int,
    after: str | None,
    item: Callable[[Mapping[str, Any]], T],
) -> dict[str, Page[T]]:
    """One page per parent from rows carrying the parent's id, ``total`` and the page's items."""
    return {
        row[parent]: page_of(
            keys,
            row[items],
            first=first,
            total=int(row["total"]),
            after=after,
            node_id=lambda entry: str(entry["id"]),
            item=item,
        )
        for row in rows
    }


async def fetch_by_ids(
    client: GraphClient,
    workspace: str,
    ids: Sequence[str],
    *,
    match: LiteralString,
    projection: LiteralString,
    item: Callable[[Mapping[str, Any]], T],
) -> dict[str, T]:
    """Things of the workspace by id, in one statement: ``match`` binds one node per ``id``
    (e.g. ``MATCH (a:Account {workspace: $workspace, id: id})``); unknown ids are absent."""
    statement = "UNWIND $ids AS id\n" + match + "\nRETURN id, " + projection

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(tx, statement, {"workspace": workspace, "ids": list(ids)})

    return {str(row["id"]): item(row) for row in await client.read(work)}
