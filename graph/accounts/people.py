"""People and sellers: the people and seller lists, and batched look-ups for nested fields
(people by id, a person's manager, reports and buying roles on a day)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.accounts.listing import SortKey, after_parameters, keyset, page_of
from graph.core.client import GraphClient, fetch_all
from graph.core.dates import to_date
from graph.core.model import SellerRole, Seniority
from graph.core.pagination import Page
from graph.core.roles import check_buying_role
from graph.core.temporal import employed_on, reports_on, role_held_on


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
    seniority: Seniority | None
    role_summary: str | None
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Seller:
    """A member of our own team."""

    id: str
    name: str
    email: str | None
    title: str | None
    role: SellerRole | None


@dataclass(frozen=True)
class HeldRole:
    """A buying role a person holds at an account (optionally for one deal)."""

    role: str
    stance: str
    account_id: str
    opportunity_id: str | None
    from_date: date | None
    to_date: date | None


def _closed(kind: type[StrEnum], value: Any) -> Any:
    """A stored value of a closed set, or None when it is absent or not one of the set."""
    return kind(value) if value in kind.__members__ else None


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
        seniority=_closed(Seniority, row.get("seniority")),
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
        role=_closed(SellerRole, row.get("role")),
    )


def held_role_from_row(row: Mapping[str, Any]) -> HeldRole:
    """Build a ``HeldRole`` from a HOLDS_ROLE's properties plus ``accountId``."""
    return HeldRole(
        role=row["role"],
        stance=row.get("stance") or "NEUTRAL",
        account_id=row["accountId"],
        opportunity_id=row.get("opportunityId") or None,
        from_date=to_date(row.get("fromDate")),
        to_date=to_date(row.get("toDate")),
    )


class PersonSortField(StrEnum):
    """Fields the people lists sort by."""

    NAME = "NAME"
    TITLE = "TITLE"
    DEPARTMENT = "DEPARTMENT"
    SENIORITY = "SENIORITY"


#: Never-null sort expressions over a person ``p`` (shared with an account's people).
PERSON_SORTS: dict[PersonSortField, LiteralString] = {
    PersonSortField.NAME: "coalesce(p.name, '')",
    PersonSortField.TITLE: "coalesce(p.title, '')",
    PersonSortField.DEPARTMENT: "coalesce(p.department, '')",
    PersonSortField.SENIORITY: "coalesce(p.seniority, '')",
}


@dataclass(frozen=True)
class PersonWhere:
    """Filters of the people list; None means "any"."""

    account_id: str | None = None
    department: str | None = None
    seniority: Seniority | None = None
    role: str | None = None
    include_former: bool = False


@dataclass(frozen=True)
class PersonQuery:
    """One page request of the people list."""

    where: PersonWhere = field(default_factory=PersonWhere)
    sort: tuple[SortKey[PersonSortField], ...] = ()
    day: date = field(default_factory=date.today)
    first: int = 20
    after: str | None = None


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

_PEOPLE_COUNT: LiteralString = _FILTERED_PEOPLE + "RETURN count(p) AS total"


async def list_people(client: GraphClient, workspace: str, query: PersonQuery) -> Page[Person]:
    """One page of people, sorted (ties by id); employment and roles judged on ``query.day``."""
    keys = keyset("person", query.sort, PERSON_SORTS, PersonSortField.NAME)
    statement = (
        _FILTERED_PEOPLE
        + "WITH p, "
        + keys.values
        + " AS sortValues\nWHERE "
        + keys.after("sortValues", "p.id")
        + "\nRETURN p {.*} AS person, sortValues\nORDER BY "
        + keys.order("sortValues", "p.id")
        + "\nLIMIT $limit"
    )
    where = query.where
    parameters = {
        "workspace": workspace,
        "department": where.department,
        "seniority": None if where.seniority is None else where.seniority.value,
        "accountId": where.account_id,
        "includeFormer": where.include_former,
        "role": where.role,
        "day": query.day,
        **after_parameters(keys, query.after),
        "limit": query.first + 1,
    }

    async def work(tx: AsyncManagedTransaction) -> tuple[list[dict[str, Any]], int]:
        if where.role is not None:
            await check_buying_role(tx, workspace, where.role, "where.role")
        rows = await fetch_all(tx, statement, parameters)
        counted = await fetch_all(tx, _PEOPLE_COUNT, parameters)
        return rows, int(counted[0]["total"])

    rows, total = await client.read(work)
    return page_of(
        keys,
        rows,
        first=query.first,
        total=total,
        after=query.after,
        node_id=lambda row: str(row["person"]["id"]),
        item=lambda row: person_from_row(row["person"]),
    )


async def find_people(
    client: GraphClient, workspace: str, person_ids: Sequence[str]
) -> dict[str, Person]:
    """People of this workspace by id, in one statement (unknown ids are absent)."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx,
            "UNWIND $ids AS id MATCH (p:Person {workspace: $workspace, id: id}) "
            "RETURN p {.*} AS person",
            {"workspace": workspace, "ids": list(person_ids)},
        )

    return {row["person"]["id"]: person_from_row(row["person"]) for row in await client.read(work)}


_MANAGERS: LiteralString = (
    """
UNWIND $ids AS personId
MATCH (p:Person {workspace: $workspace, id: personId})-[r:REPORTS_TO]->(m:Person)
WHERE """
    + reports_on("r")
    + """
WITH personId, m ORDER BY m.id
RETURN personId, collect(m.id)[0] AS managerId
"""
)


async def find_managers(
    client: GraphClient, workspace: str, person_ids: Sequence[str], day: date
) -> dict[str, str]:
    """Whom each person reports to on ``day`` (absent when nobody), in one statement."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx, _MANAGERS, {"workspace": workspace, "ids": list(person_ids), "day": day}
        )

    return {row["personId"]: row["managerId"] for row in await client.read(work)}


#: The reports of a person sort by name, then id.
_REPORTS_KEYS = keyset("reports", (), PERSON_SORTS, PersonSortField.NAME)

_REPORTS: LiteralString = (
    """
UNWIND $ids AS managerId
MATCH (m:Person {workspace: $workspace, id: managerId})
CALL (m) {
  MATCH (p:Person)-[r:REPORTS_TO]->(m)
  WHERE """
    + reports_on("r")
    + """
  WITH DISTINCT p
  WITH p, """
    + _REPORTS_KEYS.values
    + """ AS sortValues
  ORDER BY """
    + _REPORTS_KEYS.order("sortValues", "p.id")
    + """
  WITH collect({person: p {.*}, sortValues: sortValues, id: p.id}) AS matched
  RETURN size(matched) AS total, [x IN matched WHERE """
    + _REPORTS_KEYS.after("x.sortValues", "x.id")
    + """][..$limit] AS page
}
RETURN managerId, total, page
"""
)


async def find_reports(
    client: GraphClient,
    workspace: str,
    manager_ids: Sequence[str],
    day: date,
    *,
    first: int,
    after: str | None = None,
) -> dict[str, Page[Person]]:
    """One page of each manager's direct reports on ``day``, by name, in one statement."""
    parameters = {
        "workspace": workspace,
        "ids": list(manager_ids),
        "day": day,
        "limit": first + 1,
        **after_parameters(_REPORTS_KEYS, after),
    }

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(tx, _REPORTS, parameters)

    return {
        row["managerId"]: page_of(
            _REPORTS_KEYS,
            row["page"],
            first=first,
            total=int(row["total"]),
            after=after,
            node_id=lambda item: str(item["id"]),
            item=lambda item: person_from_row(item["person"]),
        )
        for row in await client.read(work)
    }


_ROLES_OF_PEOPLE: LiteralString = (
    """
UNWIND $ids AS personId
MATCH (p:Person {workspace: $workspace, id: personId})-[h:HOLDS_ROLE]->(a:Account)
WHERE """
    + role_held_on("h")
    + """
RETURN personId, h {.role, .stance, .opportunityId, .fromDate, .toDate, accountId: a.id} AS role
ORDER BY a.id, h.role, h.opportunityId
"""
)


async def find_roles_of_people(
    client: GraphClient, workspace: str, person_ids: Sequence[str], day: date
) -> dict[str, list[HeldRole]]:
    """The buying roles each person holds on ``day``, at any account, in one statement."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx, _ROLES_OF_PEOPLE, {"workspace": workspace, "ids": list(person_ids), "day": day}
        )

    found: dict[str, list[HeldRole]] = {person_id: [] for person_id in person_ids}
    for row in await client.read(work):
        found[row["personId"]].append(held_role_from_row(row["role"]))
    return found


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


class SellerSortField(StrEnum):
    """Fields the seller list sorts by."""

    NAME = "NAME"
    ROLE = "ROLE"


_SELLER_SORTS: dict[SellerSortField, LiteralString] = {
    SellerSortField.NAME: "coalesce(s.name, '')",
    SellerSortField.ROLE: "coalesce(s.role, '')",
}


@dataclass(frozen=True)
class SellerQuery:
    """One page request of the seller list."""

    role: SellerRole | None = None
    sort: tuple[SortKey[SellerSortField], ...] = ()
    first: int = 20
    after: str | None = None


_FILTERED_SELLERS: LiteralString = """
MATCH (s:Seller {workspace: $workspace})
WHERE $role IS NULL OR s.role = $role
"""


async def list_sellers(client: GraphClient, workspace: str, query: SellerQuery) -> Page[Seller]:
    """One page of our team, filtered by role and sorted (ties by id)."""
    keys = keyset("seller", query.sort, _SELLER_SORTS, SellerSortField.NAME)
    statement = (
        _FILTERED_SELLERS
        + "WITH s, "
        + keys.values
        + " AS sortValues\nWHERE "
        + keys.after("sortValues", "s.id")
        + "\nRETURN s {.*} AS seller, sortValues\nORDER BY "
        + keys.order("sortValues", "s.id")
        + "\nLIMIT $limit"
    )
    parameters = {
        "workspace": workspace,
        "role": None if query.role is None else query.role.value,
        **after_parameters(keys, query.after),
        "limit": query.first + 1,
    }

    async def work(tx: AsyncManagedTransaction) -> tuple[list[dict[str, Any]], int]:
        rows = await fetch_all(tx, statement, parameters)
        counted = await fetch_all(tx, _FILTERED_SELLERS + "RETURN count(s) AS total", parameters)
        return rows, int(counted[0]["total"])

    rows, total = await client.read(work)
    return page_of(
        keys,
        rows,
        first=query.first,
        total=total,
        after=query.after,
        node_id=lambda row: str(row["seller"]["id"]),
        item=lambda row: seller_from_row(row["seller"]),
    )
