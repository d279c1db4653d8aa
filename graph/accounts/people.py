"""People: the people list, and batched look-ups for nested fields (people by id, a person's
manager, reports, employments and buying roles on a day)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.accounts.listing import (
    SortKey,
    after_parameters,
    fetch_by_ids,
    fetch_page,
    keyset,
    nested_page,
    pages_by,
)
from graph.core.client import GraphClient, fetch_all
from graph.core.dates import to_date
from graph.core.model import OrganizationKind, Seniority
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
class HeldRole:
    """A buying role a person holds at an account (optionally for one deal)."""

    role: str
    stance: str
    account_id: str
    opportunity_id: str | None
    from_date: date | None
    to_date: date | None


def closed_value(kind: type[StrEnum], value: Any) -> Any:
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
        seniority=closed_value(Seniority, row.get("seniority")),
        role_summary=row.get("roleSummary"),
        labels=tuple(row.get("labels") or ()),
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


async def list_people(client: GraphClient, workspace: str, query: PersonQuery) -> Page[Person]:
    """One page of people, sorted (ties by id); employment and roles judged on ``query.day``."""
    where = query.where

    async def check(tx: AsyncManagedTransaction) -> None:
        if where.role is not None:
            await check_buying_role(tx, workspace, where.role, "where.role")

    return await fetch_page(
        client,
        keyset("person", query.sort, PERSON_SORTS, PersonSortField.NAME),
        filtered=_FILTERED_PEOPLE,
        node="p",
        projection="p {.*} AS person, p.id AS id",
        parameters={
            "workspace": workspace,
            "department": where.department,
            "seniority": None if where.seniority is None else where.seniority.value,
            "accountId": where.account_id,
            "includeFormer": where.include_former,
            "role": where.role,
            "day": query.day,
        },
        first=query.first,
        after=query.after,
        item=lambda row: person_from_row(row["person"]),
        check=check,
    )


async def find_people(
    client: GraphClient, workspace: str, person_ids: Sequence[str]
) -> dict[str, Person]:
    """People of this workspace by id, in one statement (unknown ids are absent)."""
    return await fetch_by_ids(
        client,
        workspace,
        person_ids,
        match="MATCH (p:Person {workspace: $workspace, id: id})",
        projection="p {.*} AS person",
        item=lambda row: person_from_row(row["person"]),
    )


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
  WITH p, {person: p {.*}} AS entry
"""
    + nested_page(_REPORTS_KEYS, "p")
    + """}
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

    return pages_by(
        _REPORTS_KEYS,
        await client.read(work),
        parent="managerId",
        items="page",
        first=first,
        after=after,
        item=lambda entry: person_from_row(entry["person"]),
    )


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


@dataclass(frozen=True)
class Employment:
    """A person's employment at an account or a partner, over a period."""

    id: str
    organization_id: str
    organization_kind: OrganizationKind
    title: str | None
    department: str | None
    start_date: date | None
    end_date: date | None


_EMPLOYMENTS: LiteralString = """
UNWIND $ids AS personId
MATCH (p:Person {workspace: $workspace, id: personId})-[e:EMPLOYED_AT]->(o)
RETURN personId, e {.*} AS employment, o.id AS organizationId, o:Partner AS atPartner
ORDER BY coalesce(toString(e.startDate), ''), o.id
"""


async def find_employments(
    client: GraphClient, workspace: str, person_ids: Sequence[str]
) -> dict[str, list[Employment]]:
    """Each person's employments, earliest start first, in one statement."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(tx, _EMPLOYMENTS, {"workspace": workspace, "ids": list(person_ids)})

    found: dict[str, list[Employment]] = {person_id: [] for person_id in person_ids}
    for row in await client.read(work):
        e = row["employment"]
        found[row["personId"]].append(
            Employment(
                id=str(e.get("id") or ""),
                organization_id=row["organizationId"],
                organization_kind=(
                    OrganizationKind.PARTNER if row["atPartner"] else OrganizationKind.ACCOUNT
                ),
                title=e.get("title"),
                department=e.get("department"),
                start_date=to_date(e.get("startDate")),
                end_date=to_date(e.get("endDate")),
            )
        )
    return found
