"""The parts of an account's map, each fetched for many accounts in one statement.

The map is the account; its people employed on a day and those who had left by then, with
titles, departments, managers, buying roles and stance; who on our team and at which partners
knows each of them; context and pain points; and coverage of the buying committee. The schema
layer asks for each part through a per-request DataLoader, so a page of accounts with their
people costs one statement per part, whatever the page size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.accounts.listing import SortKey, after_parameters, keyset, nested_page, pages_by
from graph.accounts.people import (
    PERSON_SORTS,
    HeldRole,
    Person,
    PersonSortField,
    held_role_from_row,
    person_from_row,
)
from graph.core.client import GraphClient, fetch_all
from graph.core.dates import to_date, to_datetime
from graph.core.model import BuyingRole, ContextKind, Seniority
from graph.core.pagination import Page
from graph.core.roles import check_buying_role
from graph.core.temporal import employed_on, reports_on, role_held_on

# The average number of people who sign off a B2B purchase (DOMAIN.md).
TYPICAL_BUYING_COMMITTEE = 6.8


@dataclass(frozen=True)
class Acquaintance:
    """Someone who knows a person on the map: one of our sellers or a partner's contact."""

    id: str
    name: str
    kind: str  # SELLER or PARTNER_CONTACT
    partner_id: str | None
    partner_name: str | None
    strength: float
    last_interaction_at: datetime | None


@dataclass(frozen=True)
class MappedPerson:
    """A person on the map with their employment at this account."""

    person: Person
    title: str | None
    department: str | None
    start_date: date | None
    end_date: date | None
    current: bool
    manager_id: str | None
    roles: tuple[HeldRole, ...]
    known_by: tuple[Acquaintance, ...]


@dataclass(frozen=True)
class ContextEntry:
    """A goal, plan, challenge, stake or milestone of the account."""

    id: str
    kind: ContextKind
    text: str
    horizon: str | None
    due_date: date | None


@dataclass(frozen=True)
class PainPointEntry:
    """A pain point of the account or of one of its people."""

    id: str
    text: str
    severity: int | None
    person_id: str | None


@dataclass(frozen=True)
class Coverage:
    """How much of the buying committee the map holds."""

    stakeholders_mapped: int
    committee_members: int
    typical_committee_size: float
    roles_covered: tuple[str, ...]
    roles_missing: tuple[str, ...]


@dataclass(frozen=True)
class AccountPersonWhere:
    """Filters of an account's people. ``current``: True for people employed there on the day,
    False for those who had left by then, None for both."""

    current: bool | None = True
    department: str | None = None
    seniority: Seniority | None = None
    role: str | None = None


@dataclass(frozen=True)
class MappedParts:
    """Which dearer parts of each mapped person to read (the rest always comes): a caller that
    shows no roles or acquaintances does not pay for them."""

    roles: bool = True
    known_by: bool = True
    last_interaction: bool = True
    """The acquaintances' last interaction (a zoned datetime, the dearest value to decode)."""


@dataclass(frozen=True)
class AccountPeopleQuery:
    """One page request of an account's people on a day."""

    day: date
    where: AccountPersonWhere = field(default_factory=AccountPersonWhere)
    sort: tuple[SortKey[PersonSortField], ...] = ()
    first: int = 20
    after: str | None = None
    parts: MappedParts = field(default_factory=MappedParts)


def _roles_part(parts: MappedParts) -> LiteralString:
    if not parts.roles:
        return "[]"
    return (
        """[(p)-[r:HOLDS_ROLE]->(a) WHERE """
        + role_held_on("r")
        + """
      | r {.role, .stance, .opportunityId, .fromDate, .toDate, accountId: a.id}]"""
    )


def _known_by_part(parts: MappedParts) -> LiteralString:
    if not parts.known_by:
        return "[]"
    last: LiteralString = "k.lastInteractionAt" if parts.last_interaction else "null"
    return (
        """[(p)-[k:KNOWS]-(s:Seller) | {id: s.id, name: s.name, kind: 'SELLER',
        partnerId: null, partnerName: null, strength: k.strength,
        lastInteractionAt: """
        + last
        + """}]
      + [(p)-[k:KNOWS]-(c:Person)-[ce:EMPLOYED_AT]->(pt:Partner) WHERE """
        + employed_on("ce")
        + """
        | {id: c.id, name: c.name, kind: 'PARTNER_CONTACT', partnerId: pt.id,
           partnerName: pt.name, strength: k.strength, lastInteractionAt: """
        + last
        + """}]"""
    )


def _people_statement(paged: LiteralString, parts: MappedParts) -> LiteralString:
    # Employments that had started by the day; of a person's, the one holding on the day first,
    # else the latest. The page's people then get manager, roles and acquaintances.
    return (
        """
UNWIND $ids AS accountId
MATCH (a:Account {workspace: $workspace, id: accountId})
CALL (a) {
  MATCH (a)<-[e:EMPLOYED_AT]-(p:Person)
  WHERE e.startDate IS NULL OR e.startDate <= $day
  WITH p, e, """
        + employed_on("e")
        + """ AS current
  ORDER BY current DESC, e.startDate DESC
  WITH p, collect({employment: e {.*}, current: current})[0] AS chosen
  WHERE ($current IS NULL OR chosen.current = $current)
    AND ($department IS NULL OR coalesce(chosen.employment.department, p.department) = $department)
    AND ($seniority IS NULL OR p.seniority = $seniority)
    AND ($role IS NULL OR EXISTS {
          MATCH (p)-[r:HOLDS_ROLE {role: $role}]->(a) WHERE """
        + role_held_on("r")
        + """ })
  WITH p, {p: p, chosen: chosen} AS entry
"""
        + paged
        + """}
CALL (a, page) {
  UNWIND page AS x
  WITH x, x.p AS p
  RETURN collect({
    person: p {.*}, employment: x.chosen.employment, current: x.chosen.current,
    sortValues: x.sortValues, id: x.id,
    managerId: [(p)-[rt:REPORTS_TO]->(m:Person) WHERE """
        + reports_on("rt")
        + """ | m.id][0],
    roles: """
        + _roles_part(parts)
        + """,
    knownBy: """
        + _known_by_part(parts)
        + """
  }) AS people
}
RETURN accountId, total, people
"""
    )


def _mapped_person(row: Mapping[str, Any]) -> MappedPerson:
    employment = row["employment"] or {}
    roles = tuple(
        held_role_from_row(r)
        for r in sorted(row["roles"], key=lambda r: (r["role"], r.get("opportunityId") or ""))
    )
    known_by = tuple(
        sorted(
            (
                Acquaintance(
                    id=k["id"],
                    name=k["name"] or k["id"],
                    kind=k["kind"],
                    partner_id=k["partnerId"],
                    partner_name=k["partnerName"],
                    strength=float(k["strength"] or 0.0),
                    last_interaction_at=to_datetime(k["lastInteractionAt"]),
                )
                for k in row["knownBy"]
            ),
            key=lambda a: (-a.strength, a.kind, a.id),
        )
    )
    person = person_from_row(row["person"])
    return MappedPerson(
        person=person,
        title=employment.get("title") or person.title,
        department=employment.get("department") or person.department,
        start_date=to_date(employment.get("startDate")),
        end_date=to_date(employment.get("endDate")),
        current=bool(row["current"]),
        manager_id=row["managerId"],
        roles=roles,
        known_by=known_by,
    )


async def find_account_people(
    client: GraphClient, workspace: str, account_ids: Sequence[str], query: AccountPeopleQuery
) -> dict[str, Page[MappedPerson]]:
    """One page of each account's people on ``query.day``, in one statement (accounts that do
    not exist are absent); roles and acquaintances as ``query.parts`` asks."""
    keys = keyset("accountPerson", query.sort, PERSON_SORTS, PersonSortField.NAME)
    statement = _people_statement(nested_page(keys, "p"), query.parts)
    where = query.where
    parameters = {
        "workspace": workspace,
        "ids": list(account_ids),
        "day": query.day,
        "current": where.current,
        "department": where.department,
        "seniority": None if where.seniority is None else where.seniority.value,
        "role": where.role,
        **after_parameters(keys, query.after),
        "limit": query.first + 1,
    }

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        if where.role is not None:
            await check_buying_role(tx, workspace, where.role, "where.role")
        return await fetch_all(tx, statement, parameters)

    return pages_by(
        keys,
        await client.read(work),
        parent="accountId",
        items="people",
        first=query.first,
        after=query.after,
        item=_mapped_person,
    )


_CONTEXT: LiteralString = """
UNWIND $ids AS accountId
MATCH (:Account {workspace: $workspace, id: accountId})-[:HAS_CONTEXT]->(c:ContextItem)
RETURN accountId, c {.*} AS item ORDER BY c.kind, c.dueDate, c.id
"""


async def find_context(
    client: GraphClient, workspace: str, account_ids: Sequence[str]
) -> dict[str, list[ContextEntry]]:
    """Each account's goals, plans, challenges, stakes and milestones (by kind, due date, id),
    in one statement. Context carries no history: it is as stored now."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(tx, _CONTEXT, {"workspace": workspace, "ids": list(account_ids)})

    found: dict[str, list[ContextEntry]] = {account_id: [] for account_id in account_ids}
    for row in await client.read(work):
        item = row["item"]
        found[row["accountId"]].append(
            ContextEntry(
                id=item["id"],
                kind=ContextKind(item["kind"]),
                text=item["text"],
                horizon=item.get("horizon"),
                due_date=to_date(item.get("dueDate")),
            )
        )
    return found


_PAINS: LiteralString = """
UNWIND $ids AS accountId
MATCH (a:Account {workspace: $workspace, id: accountId})
CALL (a) {
  MATCH (a)-[:HAS_PAIN]->(pp:PainPoint) RETURN pp, null AS personId
  UNION
  MATCH (a)<-[:EMPLOYED_AT]-(p:Person)-[:HAS_PAIN]->(pp:PainPoint) RETURN pp, p.id AS personId
}
WITH DISTINCT accountId, pp, personId
RETURN accountId, pp {.*} AS pain, personId ORDER BY pp.id
"""


async def find_pain_points(
    client: GraphClient, workspace: str, account_ids: Sequence[str]
) -> dict[str, list[PainPointEntry]]:
    """Each account's pain points and its people's (anyone ever employed there), by id, in one
    statement."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(tx, _PAINS, {"workspace": workspace, "ids": list(account_ids)})

    found: dict[str, list[PainPointEntry]] = {account_id: [] for account_id in account_ids}
    for row in await client.read(work):
        pain = row["pain"]
        found[row["accountId"]].append(
            PainPointEntry(
                id=pain["id"],
                text=pain["text"],
                severity=pain.get("severity"),
                person_id=row["personId"],
            )
        )
    return found


_COVERAGE: LiteralString = (
    """
UNWIND $ids AS accountId
MATCH (a:Account {workspace: $workspace, id: accountId})
CALL (a) {
  MATCH (a)<-[e:EMPLOYED_AT]-(p:Person) WHERE """
    + employed_on("e")
    + """
  WITH DISTINCT p
  RETURN collect(p) AS people
}
CALL (a, people) {
  UNWIND people AS p
  MATCH (p)-[r:HOLDS_ROLE]->(a) WHERE """
    + role_held_on("r")
    + """
  RETURN collect(DISTINCT r.role) AS roles, count(DISTINCT p) AS members
}
RETURN accountId, size(people) AS mapped, roles, members
"""
)


async def find_coverage(
    client: GraphClient, workspace: str, account_ids: Sequence[str], day: date
) -> dict[str, Coverage]:
    """How much of each account's buying committee is mapped on ``day``: people employed there,
    the committee (those of them holding a buying role then: the rule of
    ``graph.selling.coverage``) and the roles held, in one statement."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx, _COVERAGE, {"workspace": workspace, "ids": list(account_ids), "day": day}
        )

    found: dict[str, Coverage] = {}
    for row in await client.read(work):
        covered = sorted(row["roles"])
        found[row["accountId"]] = Coverage(
            stakeholders_mapped=int(row["mapped"]),
            committee_members=int(row["members"]),
            typical_committee_size=TYPICAL_BUYING_COMMITTEE,
            roles_covered=tuple(covered),
            roles_missing=tuple(r.value for r in BuyingRole if r.value not in covered),
        )
    return found
