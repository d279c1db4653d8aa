"""Coverage of the buying committee, per account and across the portfolio, with and without
suggested roles.

Per account: the buying committee is the people who take part in the decision, so it counts the
people working there who hold a buying role there (any role, standard or the workspace's own)
against the typical committee (about 6.8 people sign off a B2B purchase; a full committee is 7
or more), and again counting the people with a suggested role at or above a confidence; the
people mapped there (working there on the day, with or without a role) are shown separately. Then
the standard buying roles someone working there holds and those nobody holds, whether an economic buyer is mapped and whether our team engages one (engagement exactly
as ``graph.reach.risk`` defines it), and the same roles again counting the suggestions of
``graph.selling.role_suggestions`` at or above a confidence.

Across the portfolio: the accounts being worked as ``graph.reach.risk.portfolio`` defines them
(``load_portfolio_account_ids``: customers and accounts with an open deal; one seller's, as
account owner or deal owner), the average number mapped and on the committee, the share of
accounts with a full committee (without and with suggestions), with an economic buyer mapped,
engaged, or suggested, and per role the share of accounts where it is covered. The weakest
accounts: no engaged economic buyer first, then the smallest committee, then the fewest people
mapped (ties by id). Nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from neo4j import AsyncManagedTransaction

from graph.accounts.account_map import TYPICAL_BUYING_COMMITTEE
from graph.core.batching import batched
from graph.core.client import GraphClient
from graph.core.errors import NotFound
from graph.core.model import BuyingRole
from graph.reach.engagement import load_engaged_contacts
from graph.reach.risk import EngagedContact, RiskSettings
from graph.reach.risk.portfolio import load_portfolio_account_ids
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
    stakeholders_mapped: int  # people working there, with or without a buying role
    committee_members: int  # of them, those holding a buying role there
    committee_members_with_suggestions: int  # ... or with a suggested role
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
        """Committee members over the typical committee, capped at 1."""
        return _committee_share(self.committee_members, self.typical_committee_size)

    @property
    def committee_share_with_suggestions(self) -> float:
        """The same, counting people with a suggested role."""
        return _committee_share(
            self.committee_members_with_suggestions, self.typical_committee_size
        )

    @property
    def full_committee(self) -> bool:
        """At least the typical committee holds buying roles there."""
        return self.committee_members >= self.typical_committee_size

    @property
    def full_committee_with_suggestions(self) -> bool:
        """The same, counting people with a suggested role."""
        return self.committee_members_with_suggestions >= self.typical_committee_size

    @property
    def roles_added_by_suggestions(self) -> tuple[str, ...]:
        """Standard roles only the suggestions cover."""
        held = set(self.roles_covered)
        return tuple(r for r in self.roles_covered_with_suggestions if r not in held)


def _committee_share(members: int, typical: float) -> float:
    return round(min(1.0, members / typical), 3)


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
    average_committee_members: float
    share_with_full_committee: float
    share_with_full_committee_with_suggestions: float
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
    members = {s.id for s in staff.staff if s.roles}
    return AccountCoverage(
        account_id=staff.account_id,
        account_name=staff.account_name,
        as_of=day,
        stakeholders_mapped=len(staff.staff),
        committee_members=len(members),
        committee_members_with_suggestions=len(members | {s.person_id for s in suggestions}),
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


def _average(counts: Sequence[int]) -> float:
    return round(sum(counts) / len(counts), 2) if counts else 0.0


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
    no engaged economic buyer first, then the smallest committee, then fewest people mapped."""

    async def work(tx: AsyncManagedTransaction) -> _Facts:
        ids = await load_portfolio_account_ids(tx, workspace, seller_id)
        return await _facts(tx, workspace, ids, day, min_confidence, settings)

    facts = await client.read(work)
    covered = [
        _coverage(facts.staff[i], facts.suggested[i], facts.engaged.get(i, ()), day)
        for i in sorted(facts.staff)
    ]
    total = len(covered)
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
        covered,
        key=lambda c: (
            c.economic_buyer_engaged,
            c.committee_members,
            c.stakeholders_mapped,
            c.account_id,
        ),
    )
    return PortfolioCoverage(
        as_of=day,
        accounts=total,
        average_stakeholders_mapped=_average([c.stakeholders_mapped for c in covered]),
        average_committee_members=_average([c.committee_members for c in covered]),
        share_with_full_committee=_share(sum(c.full_committee for c in covered), total),
        share_with_full_committee_with_suggestions=_share(
            sum(c.full_committee_with_suggestions for c in covered), total
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
