"""Opportunities: the deal list and batched look-ups of an account's open deals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all
from graph.core.model import OpportunityState
from graph.core.pagination import Page, decode_cursor, encode_cursor


@dataclass(frozen=True)
class Opportunity:
    """A deal at an account, with its BANT fields and the people on it."""

    id: str
    account_id: str
    name: str
    stage: str | None
    amount: float | None
    currency: str | None
    close_date: date | None
    state: OpportunityState
    budget: str | None
    authority: str | None
    need: str | None
    timeline: str | None
    owner_seller_id: str | None
    person_ids: tuple[str, ...]


def opportunity_from_row(row: dict[str, Any], person_ids: Sequence[str] = ()) -> Opportunity:
    """Build an ``Opportunity`` from a node's property map and its people."""
    close = row.get("closeDate")
    amount = row.get("amount")
    return Opportunity(
        id=row["id"],
        account_id=row.get("accountId") or "",
        name=row.get("name") or row["id"],
        stage=row.get("stage"),
        amount=None if amount is None else float(amount),
        currency=row.get("currency"),
        close_date=None
        if close is None
        else (close.to_native() if hasattr(close, "to_native") else close),
        state=OpportunityState(row.get("state") or OpportunityState.OPEN),
        budget=row.get("budget"),
        authority=row.get("authority"),
        need=row.get("need"),
        timeline=row.get("timeline"),
        owner_seller_id=row.get("ownerSellerId"),
        person_ids=tuple(sorted(person_ids)),
    )


@dataclass(frozen=True)
class OpportunityFilter:
    """Filters of the deal list; None means "any"."""

    account_id: str | None = None
    state: OpportunityState | None = None
    stage: str | None = None
    owner_seller_id: str | None = None


_FILTERED: LiteralString = """
MATCH (o:Opportunity {workspace: $workspace})
WHERE ($accountId IS NULL OR o.accountId = $accountId)
  AND ($state IS NULL OR o.state = $state)
  AND ($stage IS NULL OR o.stage = $stage)
  AND ($owner IS NULL OR o.ownerSellerId = $owner)
"""

_PAGE: LiteralString = (
    _FILTERED
    + """
WITH o, coalesce(toString(o.closeDate), '') AS sortValue
WHERE $afterId IS NULL OR sortValue > $afterValue
   OR (sortValue = $afterValue AND o.id > $afterId)
RETURN o {.*} AS opportunity, sortValue,
       [(p:Person)-[:ON_OPPORTUNITY]->(o) | p.id] AS personIds
ORDER BY sortValue, o.id
LIMIT $limit
"""
)

_COUNT: LiteralString = _FILTERED + "RETURN count(o) AS total"


async def list_opportunities(
    client: GraphClient,
    workspace: str,
    *,
    first: int,
    after: str | None = None,
    opportunity_filter: OpportunityFilter | None = None,
) -> Page[Opportunity]:
    """One page of deals, by close date then id."""
    f = opportunity_filter or OpportunityFilter()
    sort_key = "opportunity:closeDate"
    after_value, after_id = decode_cursor(after, sort_key) if after else (None, None)
    parameters = {
        "workspace": workspace,
        "accountId": f.account_id,
        "state": None if f.state is None else f.state.value,
        "stage": f.stage,
        "owner": f.owner_seller_id,
        "afterValue": after_value,
        "afterId": after_id,
        "limit": first + 1,
    }

    async def work(tx: AsyncManagedTransaction) -> tuple[list[dict[str, Any]], int]:
        rows = await fetch_all(tx, _PAGE, parameters)
        counted = await fetch_all(tx, _COUNT, parameters)
        return rows, int(counted[0]["total"])

    rows, total = await client.read(work)
    items = tuple(
        (
            encode_cursor(sort_key, row["sortValue"], row["opportunity"]["id"]),
            opportunity_from_row(row["opportunity"], row["personIds"]),
        )
        for row in rows[:first]
    )
    return Page(
        items=items,
        has_next_page=len(rows) > first,
        total_count=total,
        has_previous_page=after is not None,
    )


_OPEN_BY_ACCOUNT: LiteralString = """
UNWIND $ids AS accountId
MATCH (o:Opportunity {workspace: $workspace, accountId: accountId})
WHERE o.state = 'OPEN'
RETURN accountId, o {.*} AS opportunity,
       [(p:Person)-[:ON_OPPORTUNITY]->(o) | p.id] AS personIds
ORDER BY o.closeDate, o.id
"""


async def find_open_opportunities_by_account(
    client: GraphClient, workspace: str, account_ids: Sequence[str]
) -> dict[str, list[Opportunity]]:
    """Open deals of each account, in one statement."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx, _OPEN_BY_ACCOUNT, {"workspace": workspace, "ids": list(account_ids)}
        )

    found: dict[str, list[Opportunity]] = {account_id: [] for account_id in account_ids}
    for row in await client.read(work):
        found[row["accountId"]].append(opportunity_from_row(row["opportunity"], row["personIds"]))
    return found
