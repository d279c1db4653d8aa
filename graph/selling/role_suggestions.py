"""Suggested buying roles: who probably plays which part in the purchase, read from title,
seniority, department and reporting position, each with a confidence and the reason.

In real CRMs the buying-role field is almost never filled in, so the map would show an empty
committee where the org chart already tells most of the story. Suggestions are computed on read
and never written: ``accept_suggested_role`` writes one as a HOLDS_ROLE through the same upsert
as any import (``graph.ingest.upserts``), once a person (or an integration) accepts it.

Seniority is the person's seniority field or, when it is empty (or UNKNOWN), the level their title
names with the usual abbreviations (VP, SVP, EVP, Director, Head of, CEO, CFO, COO, CTO, CIO,
CMO, CRO, CISO ...: ``graph.selling.title_seniority``); a suggestion resting on a seniority read
from the title says so in its reason ("Vice president (seniority VP read from the title)").

The rules (``RULES``; a person may get several roles, each role once at its best confidence):

- ECONOMIC_BUYER: C-level in Finance (or a CFO title) at the top of the account's reporting tree
  (0.9), or anywhere in the tree (0.75); a C-level person at the top of the tree when nobody at
  C-level is in Finance (0.6).
  Not suggested when the account already has an economic buyer mapped.
- DECISION_MAKER: other C-level people (0.7), VPs (0.6).
- BUDGET_HOLDER: VPs and directors in the Finance department (0.6).
- PROCUREMENT: the Procurement or Purchasing department, or a procurement/purchasing/sourcing
  title (0.8). ("Buyer" alone is not read: a media buyer buys advertising, not for the company.)
- LEGAL: the Legal or Compliance department, or a counsel/legal/compliance/attorney title (0.8).
- TECHNICAL_EVALUATOR: directors, managers and architects (an architect title) in IT, Engineering
  or Security (0.6); an individual-contributor engineer is not one (END_USER instead).
- INFLUENCER: directors and VPs with three or more direct reports (0.5).
- END_USER: individual contributors outside Finance, Legal and Procurement (0.4).
- Persona: someone matching a persona of the workspace's latest set (``graph.selling.personas``) that
  names a ``buyingRole`` gets that role (``PERSONA_CONFIDENCE``, 0.65), the persona named.

A role the person already holds at the account is never suggested to them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_one
from graph.core.errors import InvalidInput, NotFound
from graph.core.model import BuyingRole, Seniority
from graph.core.pagination import Page, paginate
from graph.core.roles import check_buying_role
from graph.ingest.bundle import parse_bundle
from graph.ingest.upserts import upsert_bundle
from graph.selling.committee import AccountStaff, StaffMember, load_account_staff
from graph.selling.persona_matching import persona_matches
from graph.selling.personas import Persona, load_persona_set
from graph.selling.title_seniority import seniority_from_title


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


class NotEmployedThere(InvalidInput):
    """A role can only be accepted for someone who works at the account on the day."""

    def __init__(self, person_id: str, account_id: str, day: date) -> None:
        super().__init__(
            f"Person '{person_id}' does not work at account '{account_id}' on {day.isoformat()}; "
            "a buying role is accepted only for someone working there.",
            field="personId",
        )


_OPPORTUNITY: LiteralString = """
MATCH (o:Opportunity {workspace: $workspace, id: $id}) RETURN o.id AS id
"""


# ---- The rules -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def _words(text: str | None, *patterns: str) -> bool:
    # Kept per title: a portfolio asks the same few titles hundreds of thousands of times.
    folded = (text or "").casefold()
    return any(re.search(rf"\b{p}\b", folded) for p in patterns)


def _in(member: StaffMember, *departments: str) -> bool:
    return (member.department or "").strip().casefold() in departments


def _finance(member: StaffMember) -> bool:
    return _in(member, "finance") or _words(member.title, "cfo", "chief financial officer")


def _c_level(member: StaffMember) -> bool:
    return member.seniority is Seniority.C_LEVEL


@dataclass(frozen=True)
class Rule:
    """One suggestion rule: the role, the confidence, the reason, who it fits, and whether it
    rests on the person's seniority."""

    role: BuyingRole
    confidence: float
    reason: str
    fits: Callable[[StaffMember, AccountStaff], bool]
    reads_seniority: bool = True


def read_seniority(account: AccountStaff) -> tuple[AccountStaff, dict[str, Seniority]]:
    """The account's people as the rules see them: an empty (or UNKNOWN) seniority replaced by
    the one the title names; and who got theirs from the title (person id -> level)."""
    from_title: dict[str, Seniority] = {}
    staff = []
    for member in account.staff:
        level = (
            seniority_from_title(member.title) if member.seniority is Seniority.UNKNOWN else None
        )
        if level is not None:
            from_title[member.id] = level
            member = replace(member, seniority=level)
        staff.append(member)
    return AccountStaff(account.account, tuple(staff)), from_title


def _top_c_level_without_finance_chief(member: StaffMember, account: AccountStaff) -> bool:
    # The member first: the scan of the whole account runs for the few at the top only.
    if not (_c_level(member) and member.at_top):
        return False
    return not any(_c_level(s) and _finance(s) for s in account.staff)


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
            or _words(m.title, "procurement", "purchasing", "sourcing")
        ),
        reads_seniority=False,
    ),
    Rule(
        BuyingRole.LEGAL,
        0.8,
        "Works in legal or compliance",
        lambda m, _: (
            _in(m, "legal", "compliance")
            or _words(m.title, "counsel", "legal", "compliance", "attorney")
        ),
        reads_seniority=False,
    ),
    Rule(
        BuyingRole.TECHNICAL_EVALUATOR,
        0.6,
        "Director, manager or architect in IT, Engineering or Security",
        lambda m, _: (
            _in(m, "it", "engineering", "security")
            and (
                m.seniority in (Seniority.DIRECTOR, Seniority.MANAGER)
                or _words(m.title, "architect")
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


PERSONA_CONFIDENCE = 0.65


def suggest_roles(
    account: AccountStaff, min_confidence: float = 0.0, personas: Sequence[Persona] = ()
) -> list[RoleSuggestion]:
    """The suggestions for one account, most confident first (then name, role); each person
    gets a role once, at the best confidence any rule or persona gives. Pure."""
    has_economic_buyer = BuyingRole.ECONOMIC_BUYER.value in account.roles_held
    members = {m.id: m for m in account.staff}
    read, from_title = read_seniority(account)
    candidates: list[tuple[StaffMember, str, float, str]] = [
        (member, rule.role.value, rule.confidence, _reason(rule, from_title.get(member.id)))
        for member in read.staff
        for rule in RULES
        if rule.fits(member, read)
    ]
    named = {p.key: p for p in personas if p.buying_role}
    for match in persona_matches(list(named.values()), account):
        for key in match.persona_keys:
            persona = named[key]
            role = str(persona.buying_role)
            reason = f"Matches the {persona.name} persona"
            candidates.append((members[match.person_id], role, PERSONA_CONFIDENCE, reason))
    found: dict[tuple[str, str], RoleSuggestion] = {}
    for member, role, confidence, reason in candidates:
        if role in member.roles or confidence < min_confidence:
            continue
        if role == BuyingRole.ECONOMIC_BUYER.value and has_economic_buyer:
            continue
        best = found.get((member.id, role))
        if best is not None and best.confidence >= confidence:
            continue  # the first of equally confident reasons is kept
        found[(member.id, role)] = RoleSuggestion(
            account.account_id, member.id, member.name, member.title, role, confidence, reason
        )
    return sorted(found.values(), key=most_confident_first)


def _reason(rule: Rule, from_title: Seniority | None) -> str:
    if from_title is None or not rule.reads_seniority:
        return rule.reason
    return f"{rule.reason} (seniority {from_title.value} read from the title)"


def most_confident_first(suggestion: RoleSuggestion) -> tuple[float, str, str, str]:
    """A suggestion's position: most confident first, then the person's name, the role, and
    the person's id."""
    s = suggestion
    return (-s.confidence, s.person_name or "", s.role, s.person_id)


async def load_suggestions(
    tx: AsyncManagedTransaction,
    workspace: str,
    account_ids: Sequence[str],
    day: date,
    min_confidence: float = 0.0,
) -> tuple[dict[str, AccountStaff], dict[str, list[RoleSuggestion]]]:
    """The staff of each account and its suggestions under the latest personas."""
    staff = await load_account_staff(tx, workspace, account_ids, day)
    chosen = await load_persona_set(tx, workspace)
    personas = () if chosen is None else chosen.personas
    return staff, {a: suggest_roles(s, min_confidence, personas) for a, s in staff.items()}


async def find_role_suggestions(
    client: GraphClient,
    workspace: str,
    account_id: str,
    min_confidence: float = 0.0,
    *,
    day: date,
    first: int,
    after: str | None = None,
) -> Page[RoleSuggestion]:
    """Suggested buying roles at the account on ``day``, most confident first, a page at a
    time; ``NotFound`` for an unknown account. Nothing is written."""

    async def work(
        tx: AsyncManagedTransaction,
    ) -> tuple[dict[str, AccountStaff], dict[str, list[RoleSuggestion]]]:
        return await load_suggestions(tx, workspace, [account_id], day, min_confidence)

    _, suggestions = await client.read(work)
    if account_id not in suggestions:
        raise NotFound.of("Account", account_id, argument="accountId")
    return paginate(
        suggestions[account_id],
        first=first,
        after=after,
        sort_key="suggestedRoles",
        position=most_confident_first,
    )


async def accept_suggested_role(
    client: GraphClient,
    workspace: str,
    person_id: str,
    account_id: str,
    role: str,
    opportunity_id: str | None = None,
    *,
    day: date,
) -> AcceptedRole:
    """Write a (suggested) role as a HOLDS_ROLE from ``day``, through the same validated
    upsert as an import. ``NotFound`` for an unknown account or deal; ``NotEmployedThere`` when
    the person does not work there on ``day``; ``InvalidInput`` (``role``) for a role that is
    neither standard, known to the workspace (``graph.core.roles``) nor named by a persona of the
    latest set, with the nearest roles."""

    async def work(tx: AsyncManagedTransaction) -> tuple[dict[str, AccountStaff], bool]:
        staff = await load_account_staff(tx, workspace, [account_id], day)
        deal = opportunity_id is None or bool(
            await fetch_one(tx, _OPPORTUNITY, {"workspace": workspace, "id": opportunity_id})
        )
        personas = await load_persona_set(tx, workspace)
        suggested_by_personas = {p.buying_role for p in personas.personas} if personas else set()
        if staff and deal and role not in suggested_by_personas:
            await check_buying_role(tx, workspace, role)  # a typo is not a new custom role
        return staff, deal

    staff, deal_found = await client.read(work)
    if account_id not in staff:
        raise NotFound.of("Account", account_id, argument="accountId")
    if not deal_found:
        raise NotFound.of("Opportunity", str(opportunity_id), argument="opportunityId")
    member = next((s for s in staff[account_id].staff if s.id == person_id), None)
    if member is None:
        raise NotEmployedThere(person_id, account_id, day)
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
            first_error = parsed.errors[0]
            raise InvalidInput(
                f"{first_error.field or 'role'}: {first_error.reason}",
                field=first_error.field or "role",
                extensions={"errors": [e.as_dict() for e in parsed.errors]},
            )
        summary = await upsert_bundle(client, workspace, parsed)
        created = summary.total.created > 0
    return AcceptedRole(person_id, account_id, role, opportunity_id, day, created)
