"""Sizing the target account list, and comparing it with the list the workspace holds.

The calculator (pure):

- accounts that can buy now = addressable market x share that can buy now (rounded down);
- deals needed = sales target / average deal size, and accounts needed = deals needed / close
  rate (both rounded up): a higher close rate needs fewer accounts;
- team capacity = reps x accounts a rep works at once x sales cycles in the period (period days /
  sales-cycle days): a longer cycle means fewer accounts per rep, and the team bounds the list;
- the list size is the smallest of the three, and ``limited_by`` names which one binds (TARGET
  when the target needs fewer accounts than the market and the team allow); the expected revenue
  is list size x close rate x average deal size, so a list bounded by MARKET or CAPACITY shows the
  shortfall against the target.

The comparison reads the current list: accounts whose status is TARGET, PROSPECT or CUSTOMER
(lost and former customers are the win-back list).

- By tier: scores produce tiers, so each account counts in the tier the scoring model gives it
  (the latest model or a chosen version, ``graph.selling.scoring``; "Untiered" below every
  threshold), the model's tiers highest first, each listed even when empty, "Untiered" last when
  any account is. Beside each tier, the accounts whose tier stored in the CRM is another one
  (compared ignoring case; "Untiered" when none is stored), by stored tier.
- By seller: reps' capacity bounds the list, so only quota-carrying sellers (AEs and reps) get
  the accounts per rep the calculator gives as their recommendation, each listed even without
  accounts, most accounts first (ties by id). Accounts owned by anyone else (an SDR, a CSM, an
  executive, a partner manager) or by nobody are reported together, last, as having no quota
  owner, with no recommendation. When the team size is not given, it is the number of
  quota-carrying sellers, so the recommendations add up to the list size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all
from graph.core.errors import InvalidInput
from graph.core.model import AccountStatus, SellerRole
from graph.selling.scoring import AccountScore, scored_accounts

LIST_STATUSES = (AccountStatus.TARGET, AccountStatus.PROSPECT, AccountStatus.CUSTOMER)
QUOTA_ROLES = (SellerRole.AE, SellerRole.REP)
UNTIERED = "Untiered"


class SizingLimit(StrEnum):
    """What bounds the list."""

    TARGET = "TARGET"  # the target needs fewer accounts than the market and the team allow
    MARKET = "MARKET"  # not enough accounts can buy now
    CAPACITY = "CAPACITY"  # the team cannot work more in the period


@dataclass(frozen=True)
class SizingInputs:
    """The calculator's inputs (money in one currency; days for durations)."""

    addressable_market: int
    share_can_buy_now: float
    sales_cycle_days: float
    rep_capacity: int  # accounts a rep works at once
    close_rate: float
    sales_target: float
    average_deal_size: float
    team_size: int | None = None  # None: the workspace's AEs and reps
    period_days: float = 365.0

    def problems(self) -> list[str]:
        """Every input out of range (empty when the inputs are usable)."""
        found = []
        if self.addressable_market < 0:
            found.append("addressableMarket must be 0 or more")
        if not 0 < self.share_can_buy_now <= 1:
            found.append("shareCanBuyNow must be above 0 and at most 1")
        if not 0 < self.close_rate <= 1:
            found.append("closeRate must be above 0 and at most 1")
        for name, value in (
            ("salesCycleDays", self.sales_cycle_days),
            ("repCapacity", self.rep_capacity),
            ("salesTarget", self.sales_target),
            ("averageDealSize", self.average_deal_size),
            ("periodDays", self.period_days),
        ):
            if not 1e-3 <= value <= 1e12:
                found.append(f"{name} must be between 0.001 and 1e12")
        if self.team_size is not None and self.team_size <= 0:
            found.append("teamSize must be above 0")
        return found


@dataclass(frozen=True)
class ListSize:
    """The calculator's answer."""

    team_size: int
    accounts_can_buy_now: int
    deals_needed: int
    accounts_needed: int
    cycles_per_period: float
    accounts_per_rep_capacity: int
    team_capacity: int
    list_size: int
    accounts_per_rep: float
    limited_by: SizingLimit
    expected_revenue: float
    target_reachable: bool


@dataclass(frozen=True)
class TierGroup:
    """Accounts of the current list in one tier of the scoring model."""

    tier: str  # the model's tier, or UNTIERED
    accounts: int
    other_stored_tiers: tuple[tuple[str, int], ...]  # (stored tier, accounts) where it differs


@dataclass(frozen=True)
class SellerGroup:
    """Accounts of the current list owned by one quota-carrying seller, or without one."""

    seller_id: str | None  # None: the accounts without a quota owner
    name: str | None
    accounts: int
    recommended: float | None  # the accounts per rep the calculator gives (quota sellers only)
    difference: float | None  # accounts - recommended (positive: more than they can work)


@dataclass(frozen=True)
class ListComparison:
    """The calculator beside the workspace's current list."""

    sizing: ListSize
    model_version: int  # the scoring model whose tiers group the list
    current_list_size: int
    difference: int  # current - recommended list size
    accounts_without_quota_owner: int
    by_tier: tuple[TierGroup, ...]
    by_seller: tuple[SellerGroup, ...]


class InvalidSizingInputs(InvalidInput):
    """Inputs the calculator cannot use; ``problems`` lists each (also in ``extensions.errors``,
    each naming the field of ``inputs`` at fault)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            "The sizing inputs are invalid: " + "; ".join(problems),
            field="inputs",
            extensions={"errors": list(problems)},
        )
        self.problems = tuple(problems)


def size_target_list(inputs: SizingInputs, team_size: int) -> ListSize:
    """The list size and accounts per rep for a team of ``team_size`` (pure)."""
    problems = inputs.problems()
    if team_size <= 0:
        problems.append("the team has no quota-carrying sellers; pass teamSize")
    if problems:
        raise InvalidSizingInputs(problems)
    can_buy = math.floor(inputs.addressable_market * inputs.share_can_buy_now + 1e-9)
    deals = math.ceil(inputs.sales_target / inputs.average_deal_size - 1e-9)
    needed = math.ceil(deals / inputs.close_rate - 1e-9)
    cycles = inputs.period_days / inputs.sales_cycle_days
    per_rep = math.floor(inputs.rep_capacity * cycles + 1e-9)
    capacity = team_size * per_rep
    size, limit = min(
        (needed, SizingLimit.TARGET),
        (can_buy, SizingLimit.MARKET),
        (capacity, SizingLimit.CAPACITY),
        key=lambda option: (option[0], list(SizingLimit).index(option[1])),
    )
    expected = size * inputs.close_rate * inputs.average_deal_size
    return ListSize(
        team_size=team_size,
        accounts_can_buy_now=can_buy,
        deals_needed=deals,
        accounts_needed=needed,
        cycles_per_period=round(cycles, 3),
        accounts_per_rep_capacity=per_rep,
        team_capacity=capacity,
        list_size=size,
        accounts_per_rep=round(size / team_size, 2),
        limited_by=limit,
        expected_revenue=round(expected, 2),
        target_reachable=expected + 1e-6 >= inputs.sales_target,
    )


_SELLERS: LiteralString = """
MATCH (s:Seller {workspace: $workspace})
RETURN s.id AS id, s.name AS name, s.role AS role
"""


def _fold(tier: str) -> str:
    return tier.strip().casefold()


def _by_tier(listed: list[AccountScore], model_tiers: list[str]) -> tuple[TierGroup, ...]:
    """The list by the model's tier (highest first, Untiered last when any), with the stored
    tiers that differ beside each."""
    counts: dict[str, int] = dict.fromkeys(model_tiers, 0)
    stored: dict[str, dict[str, int]] = {}
    for scored in listed:
        tier = scored.tier or UNTIERED
        counts[tier] = counts.get(tier, 0) + 1
        kept = scored.account.tier or UNTIERED
        if _fold(kept) != _fold(tier):
            other = stored.setdefault(tier, {})
            other[kept] = other.get(kept, 0) + 1
    return tuple(
        TierGroup(
            tier,
            count,
            tuple(sorted(stored.get(tier, {}).items(), key=lambda item: (-item[1], item[0]))),
        )
        for tier, count in counts.items()
    )


def _by_seller(
    listed: list[AccountScore], sellers: list[dict[str, Any]], per_rep: float
) -> tuple[SellerGroup, ...]:
    """Quota sellers against the accounts per rep, most accounts first (ties by id); then the
    accounts without a quota owner."""
    quota = {s["id"]: s["name"] for s in sellers if s["role"] in {r.value for r in QUOTA_ROLES}}
    owned: dict[str, int] = dict.fromkeys(quota, 0)
    without = 0
    for scored in listed:
        owner = scored.account.owner_seller_id
        if owner is not None and owner in quota:
            owned[owner] += 1
        else:
            without += 1
    groups = [
        SellerGroup(seller, quota[seller], count, per_rep, round(count - per_rep, 2))
        for seller, count in sorted(owned.items(), key=lambda item: (-item[1], item[0]))
    ]
    if without:
        groups.append(SellerGroup(None, None, without, None, None))
    return tuple(groups)


async def compare_target_list(
    client: GraphClient, workspace: str, inputs: SizingInputs, version: int | None = None
) -> ListComparison:
    """The calculator's answer beside the workspace's current list, by the scoring model's tier
    (latest or ``version``) and by quota-carrying seller. ``InvalidSizingInputs`` lists every
    unusable input; ``NotFound`` (``modelVersion``) for a model version that does not exist."""
    if inputs.problems():
        raise InvalidSizingInputs(inputs.problems())

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(tx, _SELLERS, {"workspace": workspace})

    model, scores = await scored_accounts(client, workspace, version)
    sellers = await client.read(work)
    listed = [s for s in scores if s.account.status in LIST_STATUSES]
    quota_team = sum(1 for s in sellers if s["role"] in {r.value for r in QUOTA_ROLES})
    team = inputs.team_size if inputs.team_size is not None else quota_team
    sizing = size_target_list(inputs, team)
    by_seller = _by_seller(listed, sellers, sizing.accounts_per_rep)
    return ListComparison(
        sizing=sizing,
        model_version=model.version,
        current_list_size=len(listed),
        difference=len(listed) - sizing.list_size,
        accounts_without_quota_owner=sum(g.accounts for g in by_seller if g.seller_id is None),
        by_tier=_by_tier(listed, [t.tier for t in model.tiers]),
        by_seller=by_seller,
    )
