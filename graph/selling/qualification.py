"""BANT qualification of an opportunity, with Authority read from the graph.

- Budget: what the seller entered (``budget``) and the deal's amount.
- Authority: what the seller entered (``authority``) beside what the graph knows: who holds the
  ECONOMIC_BUYER or DECISION_MAKER role at the account today (for the account as a whole or for
  this deal) and works there, whether our team engages them (the engaged contacts of
  ``graph.reach.risk``), and otherwise the warmest path to them (``graph.reach.paths``): through whom.
- Need: what the seller entered (``need``) and the pain points of the account and of the people
  working there today, worst first.
- Timeline: what the seller entered (``timeline``) and the close date.

The answer lists every gap to qualify (a code a program can switch on and a sentence); an
opportunity with no gap is qualified. Nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.accounts.opportunities import Opportunity, opportunity_from_row
from graph.core.client import GraphClient, fetch_one
from graph.core.errors import NotFound
from graph.core.model import BuyingRole, OpportunityState, Stance
from graph.core.temporal import employed_on, role_held_on
from graph.reach.engagement import find_engaged_contacts
from graph.reach.paths import WarmPath, find_warmest_paths_to_people
from graph.reach.risk import RiskSettings

AUTHORITY_ROLES = (BuyingRole.ECONOMIC_BUYER, BuyingRole.DECISION_MAKER)


class AuthorityStatus(StrEnum):
    """What the graph says about Authority, best first."""

    ENGAGED = "ENGAGED"  # an economic buyer or decision maker is an engaged contact
    REACHABLE = "REACHABLE"  # none is engaged, but a warm path leads to one
    UNREACHED = "UNREACHED"  # mapped, but no path within the hop bound
    NOT_MAPPED = "NOT_MAPPED"  # nobody working there holds either role


class BantGap(StrEnum):
    """What is missing to qualify."""

    BUDGET_NOT_ENTERED = "BUDGET_NOT_ENTERED"
    AMOUNT_MISSING = "AMOUNT_MISSING"
    AUTHORITY_NOT_MAPPED = "AUTHORITY_NOT_MAPPED"
    AUTHORITY_NOT_ENGAGED = "AUTHORITY_NOT_ENGAGED"
    AUTHORITY_DETRACTOR = "AUTHORITY_DETRACTOR"
    NEED_NOT_DOCUMENTED = "NEED_NOT_DOCUMENTED"
    TIMELINE_NOT_ENTERED = "TIMELINE_NOT_ENTERED"
    CLOSE_DATE_MISSING = "CLOSE_DATE_MISSING"
    CLOSE_DATE_PASSED = "CLOSE_DATE_PASSED"
    DEAL_CLOSED = "DEAL_CLOSED"


@dataclass(frozen=True)
class Gap:
    """One thing missing to qualify."""

    code: BantGap
    detail: str


@dataclass(frozen=True)
class AuthorityHolder:
    """An economic buyer or decision maker at the account, and how we reach them."""

    id: str
    name: str | None
    title: str | None
    roles: tuple[str, ...]
    stance: Stance
    engaged: bool
    engaged_by: tuple[str, ...]  # our sellers who engage them
    path: WarmPath | None  # the warmest path, when they are not engaged


@dataclass(frozen=True)
class Authority:
    """Who can buy: the seller's note and the graph's answer."""

    entered: str | None
    status: AuthorityStatus
    holders: tuple[AuthorityHolder, ...]


@dataclass(frozen=True)
class NeedPain:
    """A pain point of the account or of someone working there."""

    id: str
    text: str
    severity: int | None
    person_id: str | None
    person_name: str | None


@dataclass(frozen=True)
class Need:
    """The problem: the seller's note and the pains the map holds."""

    entered: str | None
    pain_points: tuple[NeedPain, ...]


@dataclass(frozen=True)
class Budget:
    """Can they fund it: the seller's note and the deal's amount."""

    entered: str | None
    amount: float | None
    currency: str | None


@dataclass(frozen=True)
class Timeline:
    """How soon: the seller's note and the close date."""

    entered: str | None
    close_date: date | None
    days_to_close: int | None


@dataclass(frozen=True)
class Qualification:
    """BANT for one opportunity on one day, with what is missing."""

    opportunity: Opportunity
    as_of: date
    budget: Budget
    authority: Authority
    need: Need
    timeline: Timeline
    gaps: tuple[Gap, ...]

    @property
    def qualified(self) -> bool:
        """True when nothing is missing."""
        return not self.gaps


# Role holders who hold the role and work there on $day; pains of the account and of the people
# working there on $day.
_FACTS: LiteralString = (
    """
MATCH (o:Opportunity {workspace: $workspace, id: $opportunityId})
OPTIONAL MATCH (a:Account {workspace: $workspace, id: o.accountId})
RETURN o {.*} AS opportunity, [(p:Person)-[:ON_OPPORTUNITY]->(o) | p.id] AS personIds,
  COLLECT {
    MATCH (a)<-[h:HOLDS_ROLE]-(p:Person)
    WHERE p.workspace = $workspace AND h.role IN $roles
      AND coalesce(h.opportunityId, '') IN ['', o.id]
      AND """
    + role_held_on("h")
    + """
      AND EXISTS { MATCH (p)-[e:EMPLOYED_AT]->(a) WHERE """
    + employed_on("e")
    + """ }
    RETURN {id: p.id, name: p.name, title: p.title, role: h.role, stance: h.stance} AS holder
  } AS holders,
  COLLECT {
    MATCH (a)-[:HAS_PAIN]->(pp:PainPoint)
    RETURN {id: pp.id, text: pp.text, severity: pp.severity, personId: null, personName: null}
  } + COLLECT {
    MATCH (a)<-[e:EMPLOYED_AT]-(p:Person)-[:HAS_PAIN]->(pp:PainPoint)
    WHERE p.workspace = $workspace AND """
    + employed_on("e")
    + """
    RETURN DISTINCT {id: pp.id, text: pp.text, severity: pp.severity, personId: p.id,
      personName: p.name}
  } AS pains
"""
)

_STANCE_ORDER = {Stance.DETRACTOR: 0, Stance.NEUTRAL: 1, Stance.SUPPORTER: 2}


def _entered(text: str | None) -> str | None:
    return text.strip() if text and text.strip() else None


def _holders(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Role rows folded per person: their roles, and their least favourable stance."""
    people: dict[str, dict[str, Any]] = {}
    for row in rows:
        person = people.setdefault(
            row["id"],
            {
                "name": row["name"],
                "title": row["title"],
                "roles": set(),
                "stance": Stance.SUPPORTER,
            },
        )
        person["roles"].add(row["role"])
        stance = Stance(row["stance"] or Stance.NEUTRAL)
        if _STANCE_ORDER[stance] < _STANCE_ORDER[person["stance"]]:
            person["stance"] = stance
    return people


def _gaps(
    opportunity: Opportunity,
    day: date,
    authority: Authority,
    need: Need,
) -> list[Gap]:
    gaps = []
    if opportunity.state is not OpportunityState.OPEN:
        gaps.append(Gap(BantGap.DEAL_CLOSED, f"The deal is {opportunity.state.value}."))
    if _entered(opportunity.budget) is None:
        gaps.append(Gap(BantGap.BUDGET_NOT_ENTERED, "Nobody has recorded how the deal is funded."))
    if not opportunity.amount:
        gaps.append(Gap(BantGap.AMOUNT_MISSING, "The deal has no amount."))
    if authority.status is AuthorityStatus.NOT_MAPPED:
        gaps.append(
            Gap(
                BantGap.AUTHORITY_NOT_MAPPED,
                "No economic buyer or decision maker working there is mapped.",
            )
        )
    elif authority.status is not AuthorityStatus.ENGAGED:
        names = ", ".join(h.name or h.id for h in authority.holders)
        gaps.append(Gap(BantGap.AUTHORITY_NOT_ENGAGED, f"Nobody on our team engages {names} yet."))
    detractors = [h.name or h.id for h in authority.holders if h.stance is Stance.DETRACTOR]
    if detractors:
        gaps.append(
            Gap(BantGap.AUTHORITY_DETRACTOR, f"{', '.join(detractors)} stands against the deal.")
        )
    if need.entered is None and not need.pain_points:
        gaps.append(
            Gap(BantGap.NEED_NOT_DOCUMENTED, "No need is recorded and the map holds no pain point.")
        )
    if _entered(opportunity.timeline) is None:
        gaps.append(Gap(BantGap.TIMELINE_NOT_ENTERED, "Nobody has recorded the buying timeline."))
    if opportunity.close_date is None:
        gaps.append(Gap(BantGap.CLOSE_DATE_MISSING, "The deal has no close date."))
    elif opportunity.close_date < day and opportunity.state is OpportunityState.OPEN:
        gaps.append(
            Gap(BantGap.CLOSE_DATE_PASSED, f"The close date {opportunity.close_date} has passed.")
        )
    return gaps


async def qualify_opportunity(
    client: GraphClient,
    workspace: str,
    opportunity_id: str,
    day: date,
    settings: RiskSettings | None = None,
    max_hops: int = 4,
) -> Qualification:
    """BANT for the opportunity on ``day``: Authority from the
    graph (engagement as ``graph.reach.risk`` defines it, with ``settings``; else the warmest path
    within ``max_hops``). ``NotFound`` when the workspace has no such opportunity."""
    chosen = settings or RiskSettings()

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        return await fetch_one(
            tx,
            _FACTS,
            {
                "workspace": workspace,
                "opportunityId": opportunity_id,
                "day": day,
                "roles": [r.value for r in AUTHORITY_ROLES],
            },
        )

    row = await client.read(work)
    if row is None:
        raise NotFound.of("Opportunity", opportunity_id, argument="opportunityId")
    opportunity = opportunity_from_row(row["opportunity"], row["personIds"])
    people = _holders(list(row["holders"]))
    engaged_by: dict[str, tuple[str, ...]] = {}
    if people:
        account_id = opportunity.account_id
        engaged = await find_engaged_contacts(client, workspace, [account_id], day, chosen)
        engaged_by = {e.id: e.seller_ids for e in engaged.get(account_id, ())}
    holders = []
    for person_id in sorted(people, key=lambda p: (people[p]["name"] or "", p)):
        person = people[person_id]
        path = None
        if person_id not in engaged_by:
            found = await find_warmest_paths_to_people(
                client, workspace, [person_id], max_hops=max_hops, as_of=day
            )
            path = found[0] if found else None
        holders.append(
            AuthorityHolder(
                id=person_id,
                name=person["name"],
                title=person["title"],
                roles=tuple(sorted(person["roles"])),
                stance=person["stance"],
                engaged=person_id in engaged_by,
                engaged_by=engaged_by.get(person_id, ()),
                path=path,
            )
        )
    if not holders:
        status = AuthorityStatus.NOT_MAPPED
    elif any(h.engaged for h in holders):
        status = AuthorityStatus.ENGAGED
    elif any(h.path is not None for h in holders):
        status = AuthorityStatus.REACHABLE
    else:
        status = AuthorityStatus.UNREACHED
    authority = Authority(_entered(opportunity.authority), status, tuple(holders))
    pains = sorted(
        {p["id"]: p for p in row["pains"]}.values(),
        key=lambda p: (-(p["severity"] or 0), p["id"]),
    )
    need = Need(
        _entered(opportunity.need),
        tuple(
            NeedPain(p["id"], p["text"], p["severity"], p["personId"], p["personName"])
            for p in pains
        ),
    )
    return Qualification(
        opportunity=opportunity,
        as_of=day,
        budget=Budget(_entered(opportunity.budget), opportunity.amount, opportunity.currency),
        authority=authority,
        need=need,
        timeline=Timeline(
            _entered(opportunity.timeline),
            opportunity.close_date,
            None if opportunity.close_date is None else (opportunity.close_date - day).days,
        ),
        gaps=tuple(_gaps(opportunity, day, authority, need)),
    )
