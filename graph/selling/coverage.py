"""Coverage of the buying committee, per account and across the portfolio, with and without
suggested roles.

Per account: the people mapped there today against the typical committee (about 6.8 people sign
off a B2B purchase), the standard buying roles someone working there holds and those nobody
holds, whether an economic buyer is mapped and whether our team engages one (engagement exactly
as ``graph.reach.risk`` defines it), and the same roles again counting the suggestions of
``graph.selling.role_suggestions`` at or above a confidence.

Across the portfolio: the accounts being worked, as ``graph.reach.risk``'s portfolio scan picks them
(customers and accounts with an open deal; one seller's: as account owner or deal owner), the average number mapped, the share of accounts with a full
committee mapped, with an economic buyer mapped, engaged, or suggested, and per role the share of
accounts where it is covered. Nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import LiteralString

from neo4j import AsyncManagedTransaction

from graph.accounts.account_map import TYPICAL_BUYING_COMMITTEE
from graph.core.batching import batched
from graph.core.client import GraphClient, fetch_all
from graph.core.errors import NotFound
from graph.core.model import AccountStatus, BuyingRole, OpportunityState
from graph.reach.engagement import load_engaged_contacts
from graph.reach.risk import EngagedContact, RiskSettings
from graph.selling.committee import AccountStaff
from graph.selling.role_suggestions import RoleSuggestion, load_suggestions

DEFAULT_MIN_CONFIDENCE = 0.5
_BATCH = 500
_STANDARD = tuple(r.value for r in BuyingRole)


@dataclass(frozen=True)
class AccountCoverage:
    """How much of one account's buying committee the map holds."""

    account_id: str
    account_name: str | None
    as_of: date
    stakeholders_mapped: int
    typical_committee_size: float
    roles_covered: tuple[str, ...]
    roles_missing: tuple[str, ...]
    economic_buyer_mapped: bool
    economic_buyer_engaged: bool
    engaged_contacts: int
    suggestions: tuple[RoleSuggestion, ...]
    roles_covered_with_suggestions: tuple[str, ...]
    roles_missing_with_suggestions: tuple[str, ...]

    @property
    def committee_share(self) -> float:
        """People mapped over the typical committee, capped at 1."""
        return round(min(1.0, self.stakeholders_mapped / self.typical_committee_size), 3)

    @property
    def roles_added_by_suggestions(self) -> tuple[str, ...]:
        """Standard roles only the suggestions cover."""
        held = set(self.roles_covered)
        return tuple(r for r in self.roles_covered_with_suggestions if r not in held)


@dataclass(frozen=True)
class RoleShare:
    """The share of accounts where a role is covered, without and with suggestions."""

    role: str
    share_covered: float
    share_covered_with_suggestions: float


@dataclass(frozen=True)
class PortfolioCoverage:
    """Coverage across the accounts being worked."""

    as_of: date
    accounts: int
    average_stakeholders_mapped: float
    share_with_full_committee: float
    share_with_economic_buyer_mapped: float
    share_with_economic_buyer_engaged: float
    share_with_economic_buyer_with_suggestions: float
    roles: tuple[RoleShare, ...]
    weakest: tuple[AccountCoverage, ...]


def _coverage(
    staff: AccountStaff,
    suggested: Sequence[RoleSuggestion],
    engaged_contacts: Sequence[EngagedContact],
    day: date,
) -> AccountCoverage:
    held = staff.roles_held
    suggestions = tuple(suggested)
    with_suggestions = held | {s.role for s in suggestions}
    engaged = {e.id for e in engaged_contacts}
    buyers = {s.id for s in staff.staff if BuyingRole.ECONOMIC_BUYER.value in s.roles}
    return AccountCoverage(
        account_id=staff.account_id,
        account_name=staff.account_name,
        as_of=day,
        stakeholders_mapped=len(staff.staff),
        typical_committee_size=TYPICAL_BUYING_COMMITTEE,
        roles_covered=tuple(sorted(held)),
        roles_missing=tuple(r for r in _STANDARD if r not in held),
        economic_buyer_mapped=bool(buyers),
        economic_buyer_engaged=bool(buyers & engaged),
        engaged_contacts=len(engaged),
        suggestions=suggestions,
        roles_covered_with_suggestions=tuple(sorted(with_suggestions)),
        roles_missing_with_suggestions=tuple(r for r in _STANDARD if r not in with_suggestions),
    )


@dataclass(frozen=True)
class _Facts:
    staff: dict[str, AccountStaff]
    suggested: dict[str, list[RoleSuggestion]]
    engaged: dict[str, tuple[EngagedContact, ...]]


# The portfolio as graph.reach.risk's scan picks it (customers and accounts with an open deal).
_PORTFOLIO: LiteralString = """
MATCH (a:Account {workspace: $workspace})
WHERE a.id IS NOT NULL AND (a.status = $customer OR EXISTS {
    MATCH (o:Opportunity {workspace: $workspace, accountId: a.id}) WHERE o.state = $open
  })
  AND ($sellerId IS NULL OR a.ownerSellerId = $sellerId
    OR EXISTS { MATCH (a)-[:OWNED_BY]->(:Seller {workspace: $workspace, id: $sellerId}) }
    OR EXISTS {
      MATCH (o:Opportunity {workspace: $workspace, accountId: a.id})
      WHERE o.state = $open AND o.ownerSellerId = $sellerId
    })
RETURN a.id AS id ORDER BY id
"""


async def _facts(
    tx: AsyncManagedTransaction,
    workspace: str,
    account_ids: Sequence[str],
    day: date,
    minimum: float,
    settings: RiskSettings | None,
) -> _Facts:
    facts = _Facts({}, {}, {})
    for chunk in batched(account_ids, _BATCH):
        staff, suggestions = await load_suggestions(tx, workspace, chunk, day, minimum)
        facts.staff.update(staff)
        facts.suggested.update(suggestions)
        facts.engaged.update(await load_engaged_contacts(tx, workspace, chunk, day, settings))
    return facts


async def find_account_coverage(
    client: GraphClient,
    workspace: str,
    account_id: str,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    *,
    day: date,
    settings: RiskSettings | None = None,
) -> AccountCoverage:
    """One account's coverage on ``day``; ``NotFound`` for an unknown account."""

    async def work(tx: AsyncManagedTransaction) -> _Facts:
        return await _facts(tx, workspace, [account_id], day, min_confidence, settings)

    facts = await client.read(work)
    if account_id not in facts.staff:
        raise NotFound.of("Account", account_id, argument="accountId")
    return _coverage(
        facts.staff[account_id],
        facts.suggested[account_id],
        facts.engaged.get(account_id, ()),
        day,
    )


def _share(count: int, total: int) -> float:
    return round(count / total, 3) if total else 0.0


async def find_portfolio_coverage(
    client: GraphClient,
    workspace: str,
    seller_id: str | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    weakest: int = 10,
    *,
    day: date,
    settings: RiskSettings | None = None,
) -> PortfolioCoverage:
    """Coverage across the accounts being worked (customers and accounts with an open deal,
    ``seller_id``'s when given, as ``graph.reach.risk`` scans them), with the ``weakest`` accounts:
    no engaged economic buyer first, then fewest people mapped."""

    async def work(tx: AsyncManagedTransaction) -> _Facts:
        rows = await fetch_all(
            tx,
            _PORTFOLIO,
            {
                "workspace": workspace,
                "sellerId": seller_id,
                "customer": AccountStatus.CUSTOMER.value,
                "open": OpportunityState.OPEN.value,
            },
        )
        ids = [str(r["id"]) for r in rows]
        return await _facts(tx, workspace, ids, day, min_confidence, settings)

    facts = await client.read(work)
    covered = [
        _coverage(facts.staff[i], facts.suggested[i], facts.engaged.get(i, ()), day)
        for i in sorted(facts.staff)
    ]
    total = len(covered)
    committee = TYPICAL_BUYING_COMMITTEE
    eb = BuyingRole.ECONOMIC_BUYER.value
    roles = tuple(
        RoleShare(
            role,
            _share(sum(role in c.roles_covered for c in covered), total),
            _share(sum(role in c.roles_covered_with_suggestions for c in covered), total),
        )
        for role in _STANDARD
    )
    ranked = sorted(
        covered, key=lambda c: (c.economic_buyer_engaged, c.stakeholders_mapped, c.account_id)
    )
    return PortfolioCoverage(
        as_of=day,
        accounts=total,
        average_stakeholders_mapped=round(sum(c.stakeholders_mapped for c in covered) / total, 2)
        if total
        else 0.0,
        share_with_full_committee=_share(
            sum(c.stakeholders_mapped >= committee for c in covered), total
        ),
        share_with_economic_buyer_mapped=_share(
            sum(c.economic_buyer_mapped for c in covered), total
        ),
        share_with_economic_buyer_engaged=_share(
            sum(c.economic_buyer_engaged for c in covered), total
        ),
        share_with_economic_buyer_with_suggestions=_share(
            sum(eb in c.roles_covered_with_suggestions for c in covered), total
        ),
        roles=roles,
        weakest=tuple(ranked[:weakest]),
    )
