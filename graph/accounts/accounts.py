"""Accounts: the filtered, sorted account list and batched look-ups by id."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.accounts.listing import SortKey, fetch_by_ids, fetch_page, keyset
from graph.core.client import GraphClient
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
    name_contains: str | None = None

    def parameters(self) -> dict[str, Any]:
        """The filter as query parameters."""
        return {
            "nameContains": self.name_contains,
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
  AND ($nameContains IS NULL OR toLower(a.name) CONTAINS toLower($nameContains))
  AND ($role IS NULL OR EXISTS {
        MATCH (p:Person)-[r:HOLDS_ROLE {role: $role}]->(a)
        WHERE """
    + role_held_on("r")
    + """ AND EXISTS { MATCH (p)-[e:EMPLOYED_AT]->(a) WHERE """
    + employed_on("e")
    + """ } })
"""
)


async def list_accounts(client: GraphClient, workspace: str, query: AccountQuery) -> Page[Account]:
    """One page of the workspace's accounts, filtered and sorted (ties broken by id); the role
    filter judges role holders on ``query.day`` (a role the workspace does not know is
    ``InvalidInput`` naming the nearest)."""
    role = query.where.role

    async def check(tx: AsyncManagedTransaction) -> None:
        if role is not None:
            await check_buying_role(tx, workspace, role, "where.role")

    return await fetch_page(
        client,
        keyset("account", query.sort, _SORTS, AccountSortField.NAME),
        filtered=_FILTERED,
        node="a",
        projection="a {.*} AS account, a.id AS id",
        parameters={"workspace": workspace, **query.where.parameters(), "day": query.day},
        first=query.first,
        after=query.after,
        item=lambda row: account_from_row(row["account"]),
        check=check,
    )


async def find_accounts(
    client: GraphClient, workspace: str, account_ids: Sequence[str]
) -> dict[str, Account]:
    """Accounts of this workspace by id, in one statement (ids that do not exist are absent)."""
    return await fetch_by_ids(
        client,
        workspace,
        account_ids,
        match="MATCH (a:Account {workspace: $workspace, id: id})",
        projection="a {.*} AS account",
        item=lambda row: account_from_row(row["account"]),
    )
