"""What the flags need of a batch of accounts, read in one statement: the facts.

The people employed there on the day (with their managers, their ties to our sellers and whether
a partner's contact knows them), the roles held on the day, and who left within the lookback
(with the roles they held on their last day, whether we engaged them then, and where they work
now). Every "on the day" is the one rule of ``graph.core.temporal``; ``without`` gives the same
facts as if some people or sellers were gone (what-if, nothing written).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import fetch_values
from graph.core.dates import days_before, to_date
from graph.core.model import OrganizationKind
from graph.core.temporal import employed_on, ended_between, last_day_of, reports_on, role_held_on
from graph.reach.engagement import TIES, Tie, engages, ties_of
from graph.reach.risk.model import Departure, RiskSettings
from graph.reach.walks import DEFAULT_PARTNER_LEVEL, PARTNER_WALK_LEVELS

# Suggestions only: a person's managers on the day and whether a partner's contact knows them.
# They are the dearest parts of the statement (a walk through every neighbour's jobs), so the
# portfolio scan, which shows no suggestions, leaves them out.
_SUGGESTION_FIELDS: LiteralString = (
    """,
      managers: [(p)-[r:REPORTS_TO]->(m:Person) WHERE m.workspace = $workspace AND """
    + reports_on("r")
    + """ | m.id],
      partnerKnown: EXISTS {
        MATCH (p)-[:KNOWS]-(c:Person)-[ce:EMPLOYED_AT]->(pt:Partner)
        WHERE c.workspace = $workspace AND coalesce(pt.sharingLevel, $defaultLevel) IN $walkLevels
          AND """
    + employed_on("ce")
    + """
      }"""
)


def _facts_statement(suggestion_fields: LiteralString) -> LiteralString:
    """Everything the flags need of a batch of accounts, in one statement: the people employed
    there on the day (with their ties to our sellers, and ``suggestion_fields``), the roles held
    on the day, and who left within the lookback (with the roles they held when they left, their
    ties to us and where they work now); with every seller of the workspace (the sources of the
    walks), saving a statement."""
    return (
        """
UNWIND $accountIds AS accountId
MATCH (a:Account {workspace: $workspace, id: accountId})
WITH collect({id: a.id, name: a.name, status: a.status,
  staff: COLLECT {
    MATCH (a)<-[e:EMPLOYED_AT]-(p:Person)
    WHERE p.workspace = $workspace AND """
        + employed_on("e")
        + """
    RETURN {node: elementId(p), id: p.id, name: p.name, title: coalesce(e.title, p.title),
      department: coalesce(e.department, p.department),
      ties: """
        + TIES
        + suggestion_fields
        + """} AS person
    ORDER BY e.startDate DESC
  },
  roles: COLLECT {
    MATCH (a)<-[h:HOLDS_ROLE]-(p:Person)
    WHERE p.workspace = $workspace AND """
        + role_held_on("h")
        + """
    RETURN {id: p.id, role: h.role, stance: h.stance}
  },
  departures: COLLECT {
    MATCH (a)<-[e:EMPLOYED_AT]-(p:Person)
    WHERE p.workspace = $workspace AND """
        + ended_between("e", "$lookbackStart")
        + """
      AND NOT EXISTS { MATCH (p)-[c:EMPLOYED_AT]->(a) WHERE """
        + employed_on("c")
        + """ }
    RETURN {node: elementId(p), id: p.id, name: p.name, left: e.endDate,
      roles: [(p)-[h:HOLDS_ROLE]->(a) WHERE """
        + role_held_on("h", last_day_of("e"))
        + """ | h.role],
      ties: """
        + TIES
        + """,
      next: [(p)-[n:EMPLOYED_AT]->(o) WHERE o <> a AND o.workspace = $workspace AND """
        + employed_on("n")
        + """
        | {id: o.id, name: o.name, partner: o:Partner}]}
  }}) AS accounts
CALL () {
  MATCH (s:Seller {workspace: $workspace}) RETURN collect([elementId(s), s.id]) AS sellers
}
RETURN accounts, sellers
"""
    )


_FACTS_FOR_SUGGESTIONS: LiteralString = _facts_statement(_SUGGESTION_FIELDS)
_FACTS_FOR_FLAGS: LiteralString = _facts_statement("")


@dataclass(frozen=True)
class Staff:
    """A person employed at the account on the day."""

    node: str
    id: str
    name: str | None
    title: str | None
    department: str | None
    managers: tuple[str, ...]  # empty unless loaded for suggestions
    ties: tuple[Tie, ...]
    partner_known: bool  # False unless loaded for suggestions


@dataclass(frozen=True)
class Facts:
    """One account's facts on the day."""

    id: str
    name: str | None
    status: str | None
    staff: dict[str, Staff]
    roles: dict[str, set[str]]  # person id -> roles held on the day (employed or not)
    departures: tuple[Departure, ...]


def _facts_from_row(row: dict[str, Any], settings: RiskSettings) -> Facts:
    staff: dict[str, Staff] = {}
    for s in row["staff"]:
        if s["id"] in staff:
            continue  # two current jobs at one account: the first describes them
        staff[str(s["id"])] = Staff(
            node=str(s["node"]),
            id=str(s["id"]),
            name=s["name"],
            title=s["title"],
            department=s["department"],
            managers=tuple(sorted(set(s.get("managers", ())))),
            ties=ties_of(s["ties"]),
            partner_known=bool(s.get("partnerKnown")),
        )
    roles: dict[str, set[str]] = {}
    for r in row["roles"]:
        roles.setdefault(str(r["id"]), set()).add(str(r["role"]))
    latest: dict[str, dict[str, Any]] = {}
    for d in row["departures"]:
        left = to_date(d["left"])
        previous = latest.get(d["id"])
        if previous is None or (left and left > to_date(previous["left"])):  # type: ignore[operator]
            latest[str(d["id"])] = d
    departures = []
    for person_id, d in sorted(latest.items()):
        left = to_date(d["left"])
        assert left is not None
        engaged = any(engages(t, left, settings) for t in ties_of(d["ties"]))
        held = tuple(sorted(set(d["roles"])))
        if not engaged and not held:
            continue
        nxt = sorted(d["next"], key=lambda o: (o["partner"], str(o["id"])))
        org = nxt[0] if nxt else None
        departures.append(
            Departure(
                id=person_id,
                name=d["name"],
                left_on=left,
                was_engaged=engaged,
                roles=held,
                new_organization_id=None if org is None else str(org["id"]),
                new_organization_name=None if org is None else org["name"],
                new_organization_kind=None
                if org is None
                else (OrganizationKind.PARTNER if org["partner"] else OrganizationKind.ACCOUNT),
            )
        )
    return Facts(str(row["id"]), row["name"], row["status"], staff, roles, tuple(departures))


async def load_facts_and_sellers(
    tx: AsyncManagedTransaction,
    workspace: str,
    account_ids: Sequence[str],
    day: date,
    settings: RiskSettings,
    suggestions: bool = True,
) -> tuple[dict[str, Facts], dict[str, str]]:
    """The accounts' facts (unknown ids are absent) and every seller of the workspace: element
    id -> seller id. One statement. Without ``suggestions`` the staff's managers and partner
    acquaintance (read only by suggestions) are left out."""
    rows = await fetch_values(
        tx,
        _FACTS_FOR_SUGGESTIONS if suggestions else _FACTS_FOR_FLAGS,
        {
            "workspace": workspace,
            "accountIds": list(account_ids),
            "day": day,
            "lookbackStart": days_before(day, settings.lookback_days),
            "defaultLevel": DEFAULT_PARTNER_LEVEL.value,
            "walkLevels": sorted(level.value for level in PARTNER_WALK_LEVELS),
        },
    )
    facts = {str(r["id"]): _facts_from_row(r, settings) for r in rows[0]["accounts"]}
    sellers = {str(node): str(sid) for node, sid in rows[0]["sellers"]}
    return facts, sellers


def without(
    facts: Facts,
    gone_people: frozenset[str],
    gone_sellers: frozenset[str],
    day: date,
    settings: RiskSettings,
) -> Facts:
    """The facts as if the people had left today and the sellers had left our team."""
    staff = {
        pid: replace(s, ties=tuple(t for t in s.ties if t.seller not in gone_sellers))
        for pid, s in facts.staff.items()
        if pid not in gone_people
    }
    departures = list(facts.departures)
    for pid in sorted(gone_people & facts.staff.keys()):
        person = facts.staff[pid]
        held = tuple(sorted(facts.roles.get(pid, set())))
        engaged = any(engages(t, day, settings) for t in person.ties)
        if engaged or held:
            departures.append(Departure(pid, person.name, day, engaged, held, None, None, None))
    roles = {pid: r for pid, r in facts.roles.items() if pid not in gone_people}
    return replace(facts, staff=staff, roles=roles, departures=tuple(departures))
