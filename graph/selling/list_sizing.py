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
(lost and former customers are the win-back list), counted by stored tier and by owning seller,
each seller against the accounts per rep the calculator gives. When the team size is not given,
it is the workspace's quota-carrying sellers (AEs and reps).
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
class ListGroup:
    """Accounts of the current list in one tier or owned by one seller."""

    key: str  # the tier, or the seller's id ("" for unowned accounts)
    name: str | None  # the seller's name
    accounts: int
    recommended: float | None  # for sellers: the accounts per rep the calculator gives
    difference: float | None  # accounts - recommended (positive: more than they can work)


@dataclass(frozen=True)
class ListComparison:
    """The calculator beside the workspace's current list."""

    sizing: ListSize
    current_list_size: int
    difference: int  # current - recommended list size
    by_tier: tuple[ListGroup, ...]
    by_seller: tuple[ListGroup, ...]


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


_CURRENT_LIST: LiteralString = """
MATCH (a:Account {workspace: $workspace})
WHERE a.id IS NOT NULL AND coalesce(a.status, $defaultStatus) IN $statuses
OPTIONAL MATCH (a)-[:OWNED_BY]->(s:Seller)
RETURN coalesce(a.tier, $untiered) AS tier, s.id AS sellerId, count(a) AS accounts
"""

_SELLERS: LiteralString = """
MATCH (s:Seller {workspace: $workspace})
RETURN s.id AS id, s.name AS name, s.role AS role
"""


async def compare_target_list(
    client: GraphClient, workspace: str, inputs: SizingInputs
) -> ListComparison:
    """The calculator's answer beside the workspace's current list, by tier and by seller.
    ``InvalidSizingInputs`` lists every unusable input."""
    if inputs.problems():
        raise InvalidSizingInputs(inputs.problems())

    async def work(tx: AsyncManagedTransaction) -> tuple[list[dict[str, Any]], ...]:
        rows = await fetch_all(
            tx,
            _CURRENT_LIST,
            {
                "workspace": workspace,
                "statuses": [s.value for s in LIST_STATUSES],
                "defaultStatus": AccountStatus.TARGET.value,
                "untiered": UNTIERED,
            },
        )
        sellers = await fetch_all(tx, _SELLERS, {"workspace": workspace})
        return rows, sellers

    rows, sellers = await client.read(work)
    quota = sorted(s["id"] for s in sellers if s["role"] in {r.value for r in QUOTA_ROLES})
    team = inputs.team_size if inputs.team_size is not None else len(quota)
    sizing = size_target_list(inputs, team)
    tiers: dict[str, int] = {}
    owners: dict[str, int] = dict.fromkeys(quota, 0)
    for row in rows:
        tiers[row["tier"]] = tiers.get(row["tier"], 0) + int(row["accounts"])
        owner = row["sellerId"] or ""
        owners[owner] = owners.get(owner, 0) + int(row["accounts"])
    names = {s["id"]: s["name"] for s in sellers}
    per_rep = sizing.accounts_per_rep
    by_seller = tuple(
        ListGroup(
            key=seller,
            name=names.get(seller),
            accounts=count,
            recommended=per_rep if seller else None,
            difference=round(count - per_rep, 2) if seller else None,
        )
        for seller, count in sorted(owners.items(), key=lambda item: (-item[1], item[0]))
    )
    current = sum(tiers.values())
    return ListComparison(
        sizing=sizing,
        current_list_size=current,
        difference=current - sizing.list_size,
        by_tier=tuple(
            ListGroup(tier, None, count, None, None) for tier, count in sorted(tiers.items())
        ),
        by_seller=by_seller,
    )
