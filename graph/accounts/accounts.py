"""Accounts: the filtered, sorted account list and batched look-ups by id."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.accounts.listing import SortKey, after_parameters, keyset, page_of
from graph.core.client import GraphClient, fetch_all
from graph.core.model import AccountStatus
from graph.core.pagination import Page
from graph.core.roles import check_buying_role
from graph.core.temporal import employed_on, role_held_on


@dataclass(frozen=True)
class Account:
    """A target company or customer as stored."""

    id: str
    name: str
    domain: str | None
    industry: str | None
    employees: int | None
    annual_revenue: float | None
    country: str | None
    region: str | None
    technologies: tuple[str, ...]
    competitor_products: tuple[str, ...]
    tier: str | None
    status: AccountStatus
    owner_seller_id: str | None


def account_from_row(row: dict[str, Any]) -> Account:
    """Build an ``Account`` from a node's property map."""
    revenue = row.get("annualRevenue")
    return Account(
        id=row["id"],
        name=row.get("name") or row["id"],
        domain=row.get("domain"),
        industry=row.get("industry"),
        employees=row.get("employees"),
        annual_revenue=None if revenue is None else float(revenue),
        country=row.get("country"),
        region=row.get("region"),
        technologies=tuple(row.get("technologies") or ()),
        competitor_products=tuple(row.get("competitorProducts") or ()),
        tier=row.get("tier"),
        status=AccountStatus(row.get("status") or AccountStatus.TARGET),
        owner_seller_id=row.get("ownerSellerId"),
    )


class AccountSortField(StrEnum):
    """Fields the account list sorts by."""

    NAME = "NAME"
    EMPLOYEES = "EMPLOYEES"
    ANNUAL_REVENUE = "ANNUAL_REVENUE"
    TIER = "TIER"


# Never null: a missing number sorts as -1 (below every stored value), a missing text as ''.
_SORTS: dict[AccountSortField, LiteralString] = {
    AccountSortField.NAME: "coalesce(a.name, '')",
    AccountSortField.EMPLOYEES: "coalesce(a.employees, -1)",
    AccountSortField.ANNUAL_REVENUE: "coalesce(a.annualRevenue, -1)",
    AccountSortField.TIER: "coalesce(a.tier, '')",
}


@dataclass(frozen=True)
class AccountWhere:
    """Filters of the account list; None means "any"."""

    industry: str | None = None
    region: str | None = None
    country: str | None = None
    tier: str | None = None
    status: AccountStatus | None = None
    owner_seller_id: str | None = None
    role: str | None = None

    def parameters(self) -> dict[str, Any]:
        """The filter as query parameters."""
        return {
            "industry": self.industry,
            "region": self.region,
            "country": self.country,
            "tier": self.tier,
            "status": None if self.status is None else self.status.value,
            "owner": self.owner_seller_id,
            "role": self.role,
        }


@dataclass(frozen=True)
class AccountQuery:
    """One page request of the account list: filter, sort, day, page."""

    where: AccountWhere = field(default_factory=AccountWhere)
    sort: tuple[SortKey[AccountSortField], ...] = ()
    day: date = field(default_factory=date.today)
    first: int = 20
    after: str | None = None


# The role filter: someone holds the role at the account on $day and works there on $day.
_FILTERED: LiteralString = (
    """
MATCH (a:Account {workspace: $workspace})
WHERE ($industry IS NULL OR a.industry = $industry)
  AND ($region IS NULL OR a.region = $region)
  AND ($country IS NULL OR a.country = $country)
  AND ($tier IS NULL OR a.tier = $tier)
  AND ($status IS NULL OR a.status = $status)
  AND ($owner IS NULL OR a.ownerSellerId = $owner)
  AND ($role IS NULL OR EXISTS {
        MATCH (p:Person)-[r:HOLDS_ROLE {role: $role}]->(a)
        WHERE """
    + role_held_on("r")
    + """ AND EXISTS { MATCH (p)-[e:EMPLOYED_AT]->(a) WHERE """
    + employed_on("e")
    + """ } })
"""
)

_COUNT: LiteralString = _FILTERED + "RETURN count(a) AS total"


async def list_accounts(client: GraphClient, workspace: str, query: AccountQuery) -> Page[Account]:
    """One page of the workspace's accounts, filtered and sorted (ties broken by id); the role
    filter judges role holders on ``query.day`` (a role the workspace does not know is
    ``InvalidInput`` naming the nearest)."""
    keys = keyset("account", query.sort, _SORTS, AccountSortField.NAME)
    statement = (
        _FILTERED
        + "WITH a, "
        + keys.values
        + " AS sortValues\nWHERE "
        + keys.after("sortValues", "a.id")
        + "\nRETURN a {.*} AS account, sortValues\nORDER BY "
        + keys.order("sortValues", "a.id")
        + "\nLIMIT $limit"
    )
    parameters = {
        "workspace": workspace,
        **query.where.parameters(),
        **after_parameters(keys, query.after),
        "day": query.day,
        "limit": query.first + 1,
    }

    async def work(tx: AsyncManagedTransaction) -> tuple[list[dict[str, Any]], int]:
        if query.where.role is not None:
            await check_buying_role(tx, workspace, query.where.role, "where.role")
        rows = await fetch_all(tx, statement, parameters)
        counted = await fetch_all(tx, _COUNT, parameters)
        return rows, int(counted[0]["total"])

    rows, total = await client.read(work)
    return page_of(
        keys,
        rows,
        first=query.first,
        total=total,
        after=query.after,
        node_id=lambda row: str(row["account"]["id"]),
        item=lambda row: account_from_row(row["account"]),
    )


async def find_accounts(
    client: GraphClient, workspace: str, account_ids: Sequence[str]
) -> dict[str, Account]:
    """Accounts of this workspace by id, in one statement (ids that do not exist are absent)."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx,
            "UNWIND $ids AS id MATCH (a:Account {workspace: $workspace, id: id}) "
            "RETURN a {.*} AS account",
            {"workspace": workspace, "ids": list(account_ids)},
        )

    return {
        row["account"]["id"]: account_from_row(row["account"]) for row in await client.read(work)
    }
