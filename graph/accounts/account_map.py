"""One account's map, as it is today or as it stood on a date, in one read transaction.

The map is the account; its people employed on the day and those who had left by then, with
titles, departments, managers, buying roles and stance; who on our team and at which partners
knows each of them; open deals; context and pain points; and coverage of the buying committee.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.accounts.accounts import Account, account_from_row
from graph.accounts.opportunities import Opportunity, opportunity_from_row
from graph.accounts.people import Person, Seller, person_from_row, seller_from_row
from graph.core.client import GraphClient, fetch_all, fetch_one
from graph.core.dates import to_date
from graph.core.model import BuyingRole
from graph.core.temporal import employed_on, reports_on, role_held_on

# The average number of people who sign off a B2B purchase (DOMAIN.md).
TYPICAL_BUYING_COMMITTEE = 6.8


@dataclass(frozen=True)
class HeldRole:
    """A buying role a person holds at the account (optionally for one deal)."""

    role: str
    stance: str
    opportunity_id: str | None
    from_date: date | None
    to_date: date | None


@dataclass(frozen=True)
class Acquaintance:
    """Someone who knows a person on the map: one of our sellers or a partner's contact."""

    id: str
    name: str
    kind: str  # SELLER or PARTNER_CONTACT
    partner_id: str | None
    partner_name: str | None
    strength: float
    last_interaction_at: str | None


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
    kind: str
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
    typical_committee_size: float
    roles_covered: tuple[str, ...]
    roles_missing: tuple[str, ...]


@dataclass(frozen=True)
class AccountMap:
    """Everything the map shows of one account on one day."""

    account: Account
    as_of: date
    owner: Seller | None
    current_people: tuple[MappedPerson, ...]
    former_people: tuple[MappedPerson, ...]
    open_opportunities: tuple[Opportunity, ...]
    context: tuple[ContextEntry, ...]
    pain_points: tuple[PainPointEntry, ...]
    coverage: Coverage


_ACCOUNT: LiteralString = """
MATCH (a:Account {workspace: $workspace, id: $accountId})
OPTIONAL MATCH (a)-[:OWNED_BY]->(s:Seller)
RETURN a {.*} AS account, s {.*} AS owner
"""

# Employments that had started by the day; "current" ones hold on it (graph.core.temporal).
_PEOPLE: LiteralString = (
    """
MATCH (a:Account {workspace: $workspace, id: $accountId})<-[e:EMPLOYED_AT]-(p:Person)
WHERE e.startDate IS NULL OR e.startDate <= $day
WITH a, p, e, """
    + employed_on("e")
    + """ AS current
ORDER BY current DESC, e.startDate DESC
WITH a, p, collect({employment: e {.*}, current: current})[0] AS chosen
OPTIONAL MATCH (p)-[rt:REPORTS_TO]->(m:Person)
WHERE """
    + reports_on("rt")
    + """
WITH a, p, chosen, collect(m.id)[0] AS managerId
RETURN p {.*} AS person, chosen.employment AS employment, chosen.current AS current, managerId,
  [(p)-[r:HOLDS_ROLE]->(a) WHERE """
    + role_held_on("r")
    + """
     | r {.role, .stance, .opportunityId, .fromDate, .toDate}] AS roles,
  [(p)-[k:KNOWS]-(s:Seller) | {id: s.id, name: s.name, kind: 'SELLER', partnerId: null,
     partnerName: null, strength: k.strength, lastInteractionAt: toString(k.lastInteractionAt)}]
  + [(p)-[k:KNOWS]-(c:Person)-[ce:EMPLOYED_AT]->(pt:Partner) WHERE """
    + employed_on("ce")
    + """
     | {id: c.id, name: c.name, kind: 'PARTNER_CONTACT', partnerId: pt.id, partnerName: pt.name,
        strength: k.strength, lastInteractionAt: toString(k.lastInteractionAt)}] AS knownBy
ORDER BY p.name, p.id
"""
)

_OPEN_DEALS: LiteralString = """
MATCH (o:Opportunity {workspace: $workspace, accountId: $accountId})
WHERE o.state = 'OPEN'
RETURN o {.*} AS opportunity, [(p:Person)-[:ON_OPPORTUNITY]->(o) | p.id] AS personIds
ORDER BY o.closeDate, o.id
"""

_CONTEXT: LiteralString = """
MATCH (a:Account {workspace: $workspace, id: $accountId})-[:HAS_CONTEXT]->(c:ContextItem)
RETURN c {.*} AS item ORDER BY c.kind, c.dueDate, c.id
"""

_PAINS: LiteralString = """
MATCH (a:Account {workspace: $workspace, id: $accountId})
CALL (a) {
  MATCH (a)-[:HAS_PAIN]->(pp:PainPoint) RETURN pp, null AS personId
  UNION
  MATCH (a)<-[:EMPLOYED_AT]-(p:Person)-[:HAS_PAIN]->(pp:PainPoint) RETURN pp, p.id AS personId
}
RETURN DISTINCT pp {.*} AS pain, personId ORDER BY pain.id
"""


def _mapped_person(row: dict[str, Any]) -> MappedPerson:
    employment = row["employment"] or {}
    roles = tuple(
        HeldRole(
            role=r["role"],
            stance=r.get("stance") or "NEUTRAL",
            opportunity_id=r.get("opportunityId") or None,
            from_date=to_date(r.get("fromDate")),
            to_date=to_date(r.get("toDate")),
        )
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
                    last_interaction_at=k["lastInteractionAt"],
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


def _coverage(current: tuple[MappedPerson, ...]) -> Coverage:
    covered = sorted({role.role for person in current for role in person.roles})
    missing = [role.value for role in BuyingRole if role.value not in covered]
    return Coverage(
        stakeholders_mapped=len(current),
        typical_committee_size=TYPICAL_BUYING_COMMITTEE,
        roles_covered=tuple(covered),
        roles_missing=tuple(missing),
    )


async def find_account_map(
    client: GraphClient, workspace: str, account_id: str, as_of: date | None = None
) -> AccountMap | None:
    """The account's map on ``as_of`` (default today), or None if the workspace has no such
    account. Open deals, context and pain points are as stored now: they carry no history."""
    day = as_of or date.today()
    parameters = {"workspace": workspace, "accountId": account_id, "day": day}

    async def work(tx: AsyncManagedTransaction) -> AccountMap | None:
        head = await fetch_one(tx, _ACCOUNT, parameters)
        if head is None:
            return None
        people = [_mapped_person(row) for row in await fetch_all(tx, _PEOPLE, parameters)]
        deals = [
            opportunity_from_row(row["opportunity"], row["personIds"])
            for row in await fetch_all(tx, _OPEN_DEALS, parameters)
        ]
        context = [
            ContextEntry(
                id=row["item"]["id"],
                kind=row["item"]["kind"],
                text=row["item"]["text"],
                horizon=row["item"].get("horizon"),
                due_date=to_date(row["item"].get("dueDate")),
            )
            for row in await fetch_all(tx, _CONTEXT, parameters)
        ]
        pains = [
            PainPointEntry(
                id=row["pain"]["id"],
                text=row["pain"]["text"],
                severity=row["pain"].get("severity"),
                person_id=row["personId"],
            )
            for row in await fetch_all(tx, _PAINS, parameters)
        ]
        current = tuple(p for p in people if p.current)
        return AccountMap(
            account=account_from_row(head["account"]),
            as_of=day,
            owner=None if head["owner"] is None else seller_from_row(head["owner"]),
            current_people=current,
            former_people=tuple(p for p in people if not p.current),
            open_opportunities=tuple(deals),
            context=tuple(context),
            pain_points=tuple(pains),
            coverage=_coverage(current),
        )

    return await client.read(work)
