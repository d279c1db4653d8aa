"""Opportunities: the deal list, deals by id, and one page of deals per account in one statement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.accounts.listing import (
    SortKey,
    after_parameters,
    fetch_by_ids,
    fetch_page,
    keyset,
    nested_page,
    pages_by,
)
from graph.core.client import GraphClient, fetch_all
from graph.core.dates import to_date
from graph.core.model import OpportunityState
from graph.core.pagination import Page


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
    amount = row.get("amount")
    return Opportunity(
        id=row["id"],
        account_id=row.get("accountId") or "",
        name=row.get("name") or row["id"],
        stage=row.get("stage"),
        amount=None if amount is None else float(amount),
        currency=row.get("currency"),
        close_date=to_date(row.get("closeDate")),
        state=OpportunityState(row.get("state") or OpportunityState.OPEN),
        budget=row.get("budget"),
        authority=row.get("authority"),
        need=row.get("need"),
        timeline=row.get("timeline"),
        owner_seller_id=row.get("ownerSellerId"),
        person_ids=tuple(sorted(person_ids)),
    )


class OpportunitySortField(StrEnum):
    """Fields the deal lists sort by."""

    CLOSE_DATE = "CLOSE_DATE"
    AMOUNT = "AMOUNT"
    NAME = "NAME"
    STAGE = "STAGE"


# Never null; dates sort as their ISO text.
_SORTS: dict[OpportunitySortField, LiteralString] = {
    OpportunitySortField.CLOSE_DATE: "coalesce(toString(o.closeDate), '')",
    OpportunitySortField.AMOUNT: "coalesce(o.amount, -1)",
    OpportunitySortField.NAME: "coalesce(o.name, '')",
    OpportunitySortField.STAGE: "coalesce(o.stage, '')",
}


@dataclass(frozen=True)
class OpportunityWhere:
    """Filters of the deal lists; None means "any" (``account_id`` only on the root list)."""

    account_id: str | None = None
    state: OpportunityState | None = None
    stage: str | None = None
    owner_seller_id: str | None = None

    def parameters(self) -> dict[str, Any]:
        """The filter as query parameters."""
        return {
            "accountId": self.account_id,
            "state": None if self.state is None else self.state.value,
            "stage": self.stage,
            "owner": self.owner_seller_id,
        }


@dataclass(frozen=True)
class OpportunityQuery:
    """One page request of a deal list."""

    where: OpportunityWhere = field(default_factory=OpportunityWhere)
    sort: tuple[SortKey[OpportunitySortField], ...] = ()
    first: int = 20
    after: str | None = None


_MATCHES: LiteralString = """($accountId IS NULL OR o.accountId = $accountId)
  AND ($state IS NULL OR o.state = $state)
  AND ($stage IS NULL OR o.stage = $stage)
  AND ($owner IS NULL OR o.ownerSellerId = $owner)
"""

_FILTERED: LiteralString = "MATCH (o:Opportunity {workspace: $workspace})\nWHERE " + _MATCHES

_PEOPLE_ON: LiteralString = "[(p:Person)-[:ON_OPPORTUNITY]->(o) | p.id]"


async def list_opportunities(
    client: GraphClient, workspace: str, query: OpportunityQuery
) -> Page[Opportunity]:
    """One page of deals, filtered and sorted (by close date, then id, unless told)."""
    return await fetch_page(
        client,
        keyset("opportunity", query.sort, _SORTS, OpportunitySortField.CLOSE_DATE),
        filtered=_FILTERED,
        node="o",
        projection="o {.*} AS opportunity, o.id AS id, " + _PEOPLE_ON + " AS personIds",
        parameters={"workspace": workspace, **query.where.parameters()},
        first=query.first,
        after=query.after,
        item=lambda row: opportunity_from_row(row["opportunity"], row["personIds"]),
    )


async def find_opportunities(
    client: GraphClient, workspace: str, opportunity_ids: Sequence[str]
) -> dict[str, Opportunity]:
    """Deals of this workspace by id, in one statement (unknown ids are absent)."""
    return await fetch_by_ids(
        client,
        workspace,
        opportunity_ids,
        match="MATCH (o:Opportunity {workspace: $workspace, id: id})",
        projection="o {.*} AS opportunity, " + _PEOPLE_ON + " AS personIds",
        item=lambda row: opportunity_from_row(row["opportunity"], row["personIds"]),
    )


async def find_opportunities_by_account(
    client: GraphClient, workspace: str, account_ids: Sequence[str], query: OpportunityQuery
) -> dict[str, Page[Opportunity]]:
    """One page of each account's deals (``query.where.account_id`` is ignored), in one
    statement."""
    keys = keyset("opportunity", query.sort, _SORTS, OpportunitySortField.CLOSE_DATE)
    statement = (
        """
UNWIND $ids AS accountId
CALL (accountId) {
  MATCH (o:Opportunity {workspace: $workspace, accountId: accountId})
  WHERE """
        + _MATCHES
        + "  WITH o, {opportunity: o {.*}, personIds: "
        + _PEOPLE_ON
        + "} AS entry\n"
        + nested_page(keys, "o")
        + "}\nRETURN accountId, total, page\n"
    )
    parameters = {
        "workspace": workspace,
        "ids": list(account_ids),
        **query.where.parameters(),
        "accountId": None,
        **after_parameters(keys, query.after),
        "limit": query.first + 1,
    }

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(tx, statement, parameters)

    return pages_by(
        keys,
        await client.read(work),
        parent="accountId",
        items="page",
        first=query.first,
        after=query.after,
        item=lambda entry: opportunity_from_row(entry["opportunity"], entry["personIds"]),
    )
