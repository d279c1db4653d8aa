"""People and sellers: the people list, and batched look-ups for nested fields."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all
from graph.core.pagination import Page, decode_cursor, encode_cursor
from graph.core.temporal import employed_on, role_held_on


@dataclass(frozen=True)
class Person:
    """Someone outside our company, as stored."""

    id: str
    name: str
    photo_url: str | None
    email: str | None
    phone: str | None
    linkedin_url: str | None
    location: str | None
    title: str | None
    department: str | None
    seniority: str | None
    role_summary: str | None
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Seller:
    """A member of our own team."""

    id: str
    name: str
    email: str | None
    title: str | None
    role: str | None


def person_from_row(row: dict[str, Any]) -> Person:
    """Build a ``Person`` from a node's property map."""
    return Person(
        id=row["id"],
        name=row.get("name") or row["id"],
        photo_url=row.get("photoUrl"),
        email=row.get("email"),
        phone=row.get("phone"),
        linkedin_url=row.get("linkedinUrl"),
        location=row.get("location"),
        title=row.get("title"),
        department=row.get("department"),
        seniority=row.get("seniority"),
        role_summary=row.get("roleSummary"),
        labels=tuple(row.get("labels") or ()),
    )


def seller_from_row(row: dict[str, Any]) -> Seller:
    """Build a ``Seller`` from a node's property map."""
    return Seller(
        id=row["id"],
        name=row.get("name") or row["id"],
        email=row.get("email"),
        title=row.get("title"),
        role=row.get("role"),
    )


@dataclass(frozen=True)
class PersonFilter:
    """Filters of the people list; None means "any"."""

    account_id: str | None = None
    department: str | None = None
    seniority: str | None = None
    role: str | None = None
    include_former: bool = False


# A person "works at" an account when an EMPLOYED_AT holds on $day (or, with includeFormer,
# had started by then). The role filter looks at roles held on $day, anywhere (or at the
# account), by someone who works at that account on $day.
_FILTERED_PEOPLE: LiteralString = (
    """
MATCH (p:Person {workspace: $workspace})
WHERE ($department IS NULL OR p.department = $department)
  AND ($seniority IS NULL OR p.seniority = $seniority)
  AND ($accountId IS NULL OR EXISTS {
        MATCH (p)-[e:EMPLOYED_AT]->(:Account {workspace: $workspace, id: $accountId})
        WHERE ($includeFormer AND (e.startDate IS NULL OR e.startDate <= $day)) OR """
    + employed_on("e")
    + """ })
  AND ($role IS NULL OR EXISTS {
        MATCH (p)-[r:HOLDS_ROLE {role: $role}]->(ra:Account)
        WHERE """
    + role_held_on("r")
    + """
          AND ($accountId IS NULL OR ra.id = $accountId)
          AND EXISTS { MATCH (p)-[re:EMPLOYED_AT]->(ra) WHERE """
    + employed_on("re")
    + """ } })
"""
)

_PEOPLE_PAGE: LiteralString = (
    _FILTERED_PEOPLE
    + """
WITH p, coalesce(p.name, '') AS sortValue
WHERE $afterId IS NULL OR sortValue > $afterValue
   OR (sortValue = $afterValue AND p.id > $afterId)
RETURN p {.*} AS person, sortValue
ORDER BY sortValue, p.id
LIMIT $limit
"""
)

_PEOPLE_COUNT: LiteralString = _FILTERED_PEOPLE + "RETURN count(p) AS total"


async def list_people(
    client: GraphClient,
    workspace: str,
    *,
    first: int,
    after: str | None = None,
    person_filter: PersonFilter | None = None,
    as_of: date | None = None,
) -> Page[Person]:
    """One page of people, sorted by name then id; employment and roles judged on ``as_of``
    (default today)."""
    person_filter = person_filter or PersonFilter()
    sort_key = "person:name"
    after_value, after_id = decode_cursor(after, sort_key) if after else (None, None)
    parameters = {
        "workspace": workspace,
        "department": person_filter.department,
        "seniority": person_filter.seniority,
        "accountId": person_filter.account_id,
        "includeFormer": person_filter.include_former,
        "role": person_filter.role,
        "day": as_of or date.today(),
        "afterValue": after_value,
        "afterId": after_id,
        "limit": first + 1,
    }

    async def work(tx: AsyncManagedTransaction) -> tuple[list[dict[str, Any]], int]:
        rows = await fetch_all(tx, _PEOPLE_PAGE, parameters)
        counted = await fetch_all(tx, _PEOPLE_COUNT, parameters)
        return rows, int(counted[0]["total"])

    rows, total = await client.read(work)
    items = tuple(
        (
            encode_cursor(sort_key, row["sortValue"], row["person"]["id"]),
            person_from_row(row["person"]),
        )
        for row in rows[:first]
    )
    return Page(
        items=items,
        has_next_page=len(rows) > first,
        total_count=total,
        has_previous_page=after is not None,
    )


_CURRENT_PEOPLE_BY_ACCOUNT: LiteralString = (
    """
UNWIND $ids AS accountId
MATCH (a:Account {workspace: $workspace, id: accountId})
CALL (a) {
  MATCH (a)<-[e:EMPLOYED_AT]-(p:Person)
  WHERE """
    + employed_on("e")
    + """
  WITH DISTINCT p ORDER BY p.name, p.id LIMIT $perAccount
  RETURN collect(p {.*}) AS people
}
RETURN accountId, people
"""
)


async def find_current_people_by_account(
    client: GraphClient,
    workspace: str,
    account_ids: Sequence[str],
    per_account: int,
    as_of: date | None = None,
) -> dict[str, list[Person]]:
    """People employed at each account on ``as_of`` (default today; by name, at most
    ``per_account``), in one statement."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx,
            _CURRENT_PEOPLE_BY_ACCOUNT,
            {
                "workspace": workspace,
                "ids": list(account_ids),
                "day": as_of or date.today(),
                "perAccount": per_account,
            },
        )

    return {
        row["accountId"]: [person_from_row(p) for p in row["people"]]
        for row in await client.read(work)
    }


async def find_sellers(
    client: GraphClient, workspace: str, seller_ids: Sequence[str]
) -> dict[str, Seller]:
    """Sellers of this workspace by id, in one statement."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx,
            "UNWIND $ids AS id MATCH (s:Seller {workspace: $workspace, id: id}) "
            "RETURN s {.*} AS seller",
            {"workspace": workspace, "ids": list(seller_ids)},
        )

    return {row["seller"]["id"]: seller_from_row(row["seller"]) for row in await client.read(work)}


async def list_sellers(client: GraphClient, workspace: str) -> list[Seller]:
    """Every seller of the workspace, by name."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx,
            "MATCH (s:Seller {workspace: $workspace}) RETURN s {.*} AS seller ORDER BY s.name, s.id",
            {"workspace": workspace},
        )

    return [seller_from_row(row["seller"]) for row in await client.read(work)]
