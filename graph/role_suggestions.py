"""Suggested buying roles: who probably plays which part in the purchase, read from title,
seniority, department and reporting position, each with a confidence and the reason.

In real CRMs the buying-role field is almost never filled in, so the map would show an empty
committee where the org chart already tells most of the story. Suggestions are computed on read
and never written: ``accept_suggested_role`` writes one as a HOLDS_ROLE through the same upsert
as any import (``graph.upserts``), once a person (or an integration) accepts it.

The rules (``RULES``; a person may get several roles, each role once at its best confidence):

- ECONOMIC_BUYER: C-level in Finance (or a CFO title) at the top of the account's reporting tree
  (0.9), or anywhere in the tree (0.75); the top C-level person when nobody in Finance is (0.6).
  Not suggested when the account already has an economic buyer mapped.
- DECISION_MAKER: other C-level people (0.7), VPs (0.6).
- BUDGET_HOLDER: VPs and directors in Finance (0.6).
- PROCUREMENT: the Procurement department or a purchasing/procurement/sourcing title (0.8).
- LEGAL: the Legal department or a counsel/legal/compliance title (0.8).
- TECHNICAL_EVALUATOR: directors, managers and architects in IT, Engineering or Security (0.6).
- INFLUENCER: directors and VPs with three or more direct reports (0.5).
- END_USER: individual contributors outside Finance, Legal and Procurement (0.4).

A role the person already holds at the account is never suggested to them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.bundle import InvalidRows, parse_bundle
from graph.client import GraphClient, fetch_all
from graph.errors import GraphError, NotFound
from graph.model import BuyingRole, Seniority
from graph.upserts import upsert_bundle


@dataclass(frozen=True)
class StaffMember:
    """Someone employed at the account on the day, as the suggestion rules see them."""

    id: str
    name: str | None
    title: str | None
    department: str | None
    seniority: Seniority
    manager_ids: tuple[str, ...]  # their managers who also work at the account
    direct_reports: int  # people at the account who report to them
    roles: frozenset[str]  # buying roles they hold there on the day

    @property
    def at_top(self) -> bool:
        """Nobody at the account above them: the top of (a branch of) the reporting tree."""
        return not self.manager_ids


@dataclass(frozen=True)
class AccountStaff:
    """An account's people on the day, with who reports to whom and the roles held."""

    account_id: str
    account_name: str | None
    staff: tuple[StaffMember, ...]

    @property
    def roles_held(self) -> frozenset[str]:
        """Every buying role held there by someone employed there."""
        return frozenset(r for s in self.staff for r in s.roles)


@dataclass(frozen=True)
class RoleSuggestion:
    """A role a person probably holds, how sure we are (0..1) and why."""

    account_id: str
    person_id: str
    person_name: str | None
    title: str | None
    role: str
    confidence: float
    reason: str


@dataclass(frozen=True)
class AcceptedRole:
    """A suggestion written as a buying role."""

    person_id: str
    account_id: str
    role: str
    opportunity_id: str | None
    from_date: date
    created: bool  # False when the person already held it (nothing changed)


class NotEmployedThere(GraphError):
    """A role can only be accepted for someone who works at the account."""

    code = "INVALID_INPUT"


_STAFF: LiteralString = """
UNWIND $accountIds AS accountId
MATCH (a:Account {workspace: $workspace, id: accountId})
RETURN a.id AS id, a.name AS name,
  COLLECT {
    MATCH (a)<-[e:EMPLOYED_AT]-(p:Person)
    WHERE p.workspace = $workspace
      AND (e.startDate IS NULL OR e.startDate <= $day) AND (e.endDate IS NULL OR e.endDate > $day)
    WITH p, e ORDER BY e.startDate DESC
    WITH p, collect(e)[0] AS e
    RETURN {id: p.id, name: p.name, title: coalesce(e.title, p.title),
      department: coalesce(e.department, p.department), seniority: p.seniority,
      managers: [(p)-[r:REPORTS_TO]->(m:Person)
        WHERE m.workspace = $workspace AND (r.fromDate IS NULL OR r.fromDate <= $day)
          AND (r.toDate IS NULL OR r.toDate > $day) | m.id],
      roles: [(p)-[h:HOLDS_ROLE]->(a)
        WHERE (h.fromDate IS NULL OR h.fromDate <= $day) AND (h.toDate IS NULL OR h.toDate > $day)
        | h.role]} AS person
  } AS staff
"""


def _staff_of(row: dict[str, Any]) -> AccountStaff:
    people = list(row["staff"])
    here = {str(p["id"]) for p in people}
    managers = {str(p["id"]): sorted({m for m in p["managers"] if m in here}) for p in people}
    reports: dict[str, int] = {}
    for ups in managers.values():
        for m in ups:
            reports[m] = reports.get(m, 0) + 1
    staff = tuple(
        StaffMember(
            id=str(p["id"]),
            name=p["name"],
            title=p["title"],
            department=p["department"],
            seniority=Seniority(p["seniority"] or Seniority.UNKNOWN),
            manager_ids=tuple(managers[str(p["id"])]),
            direct_reports=reports.get(str(p["id"]), 0),
            roles=frozenset(p["roles"]),
        )
        for p in sorted(people, key=lambda p: (p["name"] or "", str(p["id"])))
    )
    return AccountStaff(str(row["id"]), row["name"], staff)


async def load_account_staff(
    tx: AsyncManagedTransaction, workspace: str, account_ids: Sequence[str], day: date
) -> dict[str, AccountStaff]:
    """The people employed at each account on the day (one statement for the batch)."""
    rows = await fetch_all(
        tx, _STAFF, {"workspace": workspace, "accountIds": list(account_ids), "day": day}
    )
    return {str(r["id"]): _staff_of(r) for r in rows}


# ---- The rules -------------------------------------------------------------------------------


def _words(text: str | None, *patterns: str) -> bool:
    folded = (text or "").casefold()
    return any(re.search(rf"\b{p}\b", folded) for p in patterns)


def _in(member: StaffMember, *departments: str) -> bool:
    return (member.department or "").strip().casefold() in departments


def _finance(member: StaffMember) -> bool:
    return _in(member, "finance") or _words(member.title, "cfo", "chief financial officer")


def _c_level(member: StaffMember) -> bool:
    return member.seniority is Seniority.C_LEVEL or _words(member.title, r"c[efoti]o", "chief")


@dataclass(frozen=True)
class Rule:
    """One suggestion rule: the role, the confidence, the reason, and who it fits."""

    role: BuyingRole
    confidence: float
    reason: str
    fits: Callable[[StaffMember, AccountStaff], bool]


def _top_c_level_without_finance_chief(member: StaffMember, account: AccountStaff) -> bool:
    finance_chief = any(_c_level(s) and _finance(s) for s in account.staff)
    return not finance_chief and _c_level(member) and member.at_top


RULES: tuple[Rule, ...] = (
    Rule(
        BuyingRole.ECONOMIC_BUYER,
        0.9,
        "C-level in Finance at the top of the account's reporting tree",
        lambda m, _: _c_level(m) and _finance(m) and m.at_top,
    ),
    Rule(
        BuyingRole.ECONOMIC_BUYER,
        0.75,
        "C-level in Finance",
        lambda m, _: _c_level(m) and _finance(m),
    ),
    Rule(
        BuyingRole.ECONOMIC_BUYER,
        0.6,
        "Top of the reporting tree at C-level, and nobody at C-level in Finance",
        _top_c_level_without_finance_chief,
    ),
    Rule(
        BuyingRole.DECISION_MAKER,
        0.7,
        "C-level outside Finance",
        lambda m, _: _c_level(m) and not _finance(m),
    ),
    Rule(
        BuyingRole.DECISION_MAKER,
        0.6,
        "Vice president",
        lambda m, _: m.seniority is Seniority.VP,
    ),
    Rule(
        BuyingRole.BUDGET_HOLDER,
        0.6,
        "VP or director in Finance",
        lambda m, _: _in(m, "finance") and m.seniority in (Seniority.VP, Seniority.DIRECTOR),
    ),
    Rule(
        BuyingRole.PROCUREMENT,
        0.8,
        "Works in procurement or purchasing",
        lambda m, _: (
            _in(m, "procurement", "purchasing")
            or _words(m.title, "procurement", "purchasing", "sourcing", "buyer")
        ),
    ),
    Rule(
        BuyingRole.LEGAL,
        0.8,
        "Works in legal or compliance",
        lambda m, _: (
            _in(m, "legal", "compliance")
            or _words(m.title, "counsel", "legal", "compliance", "attorney")
        ),
    ),
    Rule(
        BuyingRole.TECHNICAL_EVALUATOR,
        0.6,
        "Director, manager or architect in IT, Engineering or Security",
        lambda m, _: (
            _in(m, "it", "engineering", "security")
            and (
                m.seniority in (Seniority.DIRECTOR, Seniority.MANAGER)
                or _words(m.title, "architect", "engineer")
            )
        ),
    ),
    Rule(
        BuyingRole.INFLUENCER,
        0.5,
        "Director or VP with three or more direct reports",
        lambda m, _: m.seniority in (Seniority.VP, Seniority.DIRECTOR) and m.direct_reports >= 3,
    ),
    Rule(
        BuyingRole.END_USER,
        0.4,
        "Individual contributor in a line department",
        lambda m, _: (
            m.seniority is Seniority.INDIVIDUAL_CONTRIBUTOR
            and not _in(m, "finance", "legal", "procurement", "purchasing")
        ),
    ),
)


def suggest_roles(account: AccountStaff, min_confidence: float = 0.0) -> list[RoleSuggestion]:
    """The suggestions for one account, most confident first (then name, role). Pure."""
    has_economic_buyer = BuyingRole.ECONOMIC_BUYER.value in account.roles_held
    found: dict[tuple[str, str], RoleSuggestion] = {}
    for member in account.staff:
        for rule in RULES:
            role = rule.role.value
            if role in member.roles or rule.confidence < min_confidence:
                continue
            if rule.role is BuyingRole.ECONOMIC_BUYER and has_economic_buyer:
                continue
            if (member.id, role) in found or not rule.fits(member, account):
                continue  # rules of one role run most confident first: the first fit wins
            found[(member.id, role)] = RoleSuggestion(
                account.account_id,
                member.id,
                member.name,
                member.title,
                role,
                rule.confidence,
                rule.reason,
            )
    return sorted(found.values(), key=lambda s: (-s.confidence, s.person_name or "", s.role))


async def find_role_suggestions(
    client: GraphClient,
    workspace: str,
    account_id: str,
    min_confidence: float = 0.0,
    today: date | None = None,
) -> list[RoleSuggestion]:
    """Suggested buying roles at the account on ``today``; ``NotFound`` for an unknown
    account. Nothing is written."""
    day = today or date.today()

    async def work(tx: AsyncManagedTransaction) -> dict[str, AccountStaff]:
        return await load_account_staff(tx, workspace, [account_id], day)

    staff = await client.read(work)
    if account_id not in staff:
        raise NotFound(f"No account {account_id!r} in this workspace.")
    return suggest_roles(staff[account_id], min_confidence)


async def accept_suggested_role(
    client: GraphClient,
    workspace: str,
    person_id: str,
    account_id: str,
    role: str,
    opportunity_id: str | None = None,
    today: date | None = None,
) -> AcceptedRole:
    """Write a (suggested) role as a HOLDS_ROLE from ``today``, through the same validated
    upsert as an import. ``NotFound`` for an unknown account; ``NotEmployedThere`` when the
    person does not work there today; ``InvalidRows`` for a malformed role or unknown deal."""
    day = today or date.today()

    async def work(tx: AsyncManagedTransaction) -> dict[str, AccountStaff]:
        return await load_account_staff(tx, workspace, [account_id], day)

    staff = await client.read(work)
    if account_id not in staff:
        raise NotFound(f"No account {account_id!r} in this workspace.")
    member = next((s for s in staff[account_id].staff if s.id == person_id), None)
    if member is None:
        raise NotEmployedThere(f"{person_id!r} does not work at {account_id!r} today.")
    row: dict[str, Any] = {
        "personId": person_id,
        "accountId": account_id,
        "role": role,
        "fromDate": day.isoformat(),
    }
    if opportunity_id:
        row["opportunityId"] = opportunity_id
    created = role not in member.roles or opportunity_id is not None
    if created:
        parsed = parse_bundle({"buyingRoles": [row]})
        if parsed.errors:
            raise InvalidRows(parsed.errors)
        summary = await upsert_bundle(client, workspace, parsed)
        created = summary.total.created > 0
    return AcceptedRole(person_id, account_id, role, opportunity_id, day, created)
