"""Accounts: the filtered, sorted account list and batched look-ups for nested fields."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all
from graph.core.model import AccountStatus
from graph.core.pagination import Page, decode_cursor, encode_cursor
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


class AccountSort(StrEnum):
    """Sort keys of the account list; the value is the stored property."""

    NAME = "name"
    EMPLOYEES = "employees"
    ANNUAL_REVENUE = "annualRevenue"
    TIER = "tier"


_NUMERIC_SORTS = {AccountSort.EMPLOYEES, AccountSort.ANNUAL_REVENUE}


@dataclass(frozen=True)
class AccountFilter:
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


# The role filter: someone holds the role at the account on $day and works there on $day.
_FILTERED_ACCOUNTS: LiteralString = (
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

_PAGE_ASC: LiteralString = (
    _FILTERED_ACCOUNTS
    + """
WITH a, coalesce(a[$sortField], $nullValue) AS sortValue
WHERE $afterId IS NULL OR sortValue > $afterValue
   OR (sortValue = $afterValue AND a.id > $afterId)
RETURN a {.*} AS account, sortValue
ORDER BY sortValue ASC, a.id ASC
LIMIT $limit
"""
)

_PAGE_DESC: LiteralString = (
    _FILTERED_ACCOUNTS
    + """
WITH a, coalesce(a[$sortField], $nullValue) AS sortValue
WHERE $afterId IS NULL OR sortValue < $afterValue
   OR (sortValue = $afterValue AND a.id > $afterId)
RETURN a {.*} AS account, sortValue
ORDER BY sortValue DESC, a.id ASC
LIMIT $limit
"""
)

_COUNT: LiteralString = _FILTERED_ACCOUNTS + "RETURN count(a) AS total"


async def list_accounts(
    client: GraphClient,
    workspace: str,
    *,
    first: int,
    after: str | None = None,
    account_filter: AccountFilter | None = None,
    sort: AccountSort = AccountSort.NAME,
    descending: bool = False,
    as_of: date | None = None,
) -> Page[Account]:
    """One page of the workspace's accounts, filtered and sorted (ties broken by id); the role
    filter judges role holders on ``as_of`` (default today)."""
    account_filter = account_filter or AccountFilter()
    sort_key = f"account:{sort.value}:{'desc' if descending else 'asc'}"
    after_value, after_id = decode_cursor(after, sort_key) if after else (None, None)
    parameters = {
        "workspace": workspace,
        **account_filter.parameters(),
        "sortField": sort.value,
        "nullValue": -1 if sort in _NUMERIC_SORTS else "",
        "afterValue": after_value,
        "afterId": after_id,
        "limit": first + 1,
        "day": as_of or date.today(),
    }

    async def work(tx: AsyncManagedTransaction) -> tuple[list[dict[str, Any]], int]:
        rows = await fetch_all(tx, _PAGE_DESC if descending else _PAGE_ASC, parameters)
        counted = await fetch_all(tx, _COUNT, parameters)
        return rows, int(counted[0]["total"])

    rows, total = await client.read(work)
    items = tuple(
        (
            encode_cursor(sort_key, row["sortValue"], row["account"]["id"]),
            account_from_row(row["account"]),
        )
        for row in rows[:first]
    )
    return Page(
        items=items,
        has_next_page=len(rows) > first,
        total_count=total,
        has_previous_page=after is not None,
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
