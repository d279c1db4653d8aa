"""Partner-sourced and partner-influenced pipeline: deals opened after an introduction made
through a partner's contact at that account.

Definitions (docs/INTRO_REQUESTS.md says the same):

- An *intro through partner P at account A on day t*: an intro request at A whose introducer
  worked for P when it was requested (its ``partnerId``), that became INTRODUCED with a change
  dated t (the UTC day of its time).
- A deal (an Opportunity at A with an ``openDate`` d) *counts* an intro at A when
  ``t <= d <= t + ATTRIBUTION_WINDOW_DAYS``: the deal opened on the day of the intro or within
  the window after it. Intros through no partner (a colleague, our own contact) count too.
- The deal is *partner-influenced* by P when it counts at least one intro through P.
- The deal is *partner-sourced* by P when the earliest intro it counts (by time, then request
  id) went through P: P opened the door first. A deal is sourced by at most one partner, and
  every deal P sourced it also influenced.

The pipeline is the number of such deals and the sum of their ``amount`` (a deal without an
amount counts as a deal, adding nothing to the sum; amounts are added as stored, whatever their
currency). Nothing here depends on the day asked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_values
from graph.core.dates import to_date, to_datetime
from graph.intros.listing import utc_day
from graph.intros.states import IntroState
from graph.partners.boundary import Disclosure, load_partners

ATTRIBUTION_WINDOW_DAYS = 180
"""How long after an introduction a deal opened there still counts it."""


@dataclass(frozen=True)
class MadeIntro:
    """An introduction made: which request, at which account, through which partner, when."""

    request_id: str
    account_id: str
    partner_id: str | None
    at: datetime


@dataclass(frozen=True)
class OpenedDeal:
    """A deal with the day it was opened."""

    opportunity_id: str
    account_id: str
    open_date: date
    amount: float | None


@dataclass(frozen=True)
class IntroPipeline:
    """One partner's sourced and influenced pipeline."""

    partner_id: str
    sourced_opportunity_ids: tuple[str, ...]
    sourced_amount: float
    influenced_opportunity_ids: tuple[str, ...]
    influenced_amount: float


def counts(intro: MadeIntro, deal: OpenedDeal) -> bool:
    """Whether the deal counts the intro: same account, opened on the intro's day or within the
    window after it."""
    if intro.account_id != deal.account_id:
        return False
    gap = (deal.open_date - utc_day(intro.at)).days
    return 0 <= gap <= ATTRIBUTION_WINDOW_DAYS


def attribute(
    partner_id: str, intros: Iterable[MadeIntro], deals: Iterable[OpenedDeal]
) -> IntroPipeline:
    """The partner's sourced and influenced deals among ``deals``, by the module's rule."""
    made = sorted(intros, key=lambda i: (i.at, i.request_id))
    sourced: list[OpenedDeal] = []
    influenced: list[OpenedDeal] = []
    for deal in sorted(deals, key=lambda d: d.opportunity_id):
        counted = [i for i in made if counts(i, deal)]
        if any(i.partner_id == partner_id for i in counted):
            influenced.append(deal)
            if counted[0].partner_id == partner_id:
                sourced.append(deal)
    return IntroPipeline(
        partner_id=partner_id,
        sourced_opportunity_ids=tuple(d.opportunity_id for d in sourced),
        sourced_amount=sum(d.amount or 0.0 for d in sourced),
        influenced_opportunity_ids=tuple(d.opportunity_id for d in influenced),
        influenced_amount=sum(d.amount or 0.0 for d in influenced),
    )


# The accounts where an intro through the partner was made, every intro made there (through
# anyone) and every deal opened there.
_MATERIAL: LiteralString = """
OPTIONAL MATCH (r:IntroRequest {workspace: $workspace, partnerId: $partnerId})
  -[:HAS_CHANGE]->(:IntroRequestChange {toState: $introduced})
WITH collect(DISTINCT r.accountId) AS accountIds
RETURN
  COLLECT {
    UNWIND accountIds AS accountId
    MATCH (x:IntroRequest {workspace: $workspace, accountId: accountId})
      -[:HAS_CHANGE]->(c:IntroRequestChange {toState: $introduced})
    RETURN [x.id, x.accountId, x.partnerId, c.at]
  } AS intros,
  COLLECT {
    UNWIND accountIds AS accountId
    MATCH (o:Opportunity {workspace: $workspace, accountId: accountId})
    WHERE o.openDate IS NOT NULL
    RETURN [o.id, o.accountId, o.openDate, o.amount]
  } AS deals
"""


async def intro_pipeline(
    client: GraphClient,
    workspace: str,
    partner_id: str,
    *,
    viewer_partner_id: str | None = None,
) -> IntroPipeline:
    """The partner's sourced and influenced pipeline (a partner caller: its own, at COUNTS)."""

    async def work(tx: AsyncManagedTransaction) -> tuple[list[MadeIntro], list[OpenedDeal]]:
        await load_partners(tx, workspace, [partner_id], viewer_partner_id, Disclosure.COUNTS)
        rows = await fetch_values(
            tx,
            _MATERIAL,
            {
                "workspace": workspace,
                "partnerId": partner_id,
                "introduced": IntroState.INTRODUCED.value,
            },
        )
        intros = []
        for request_id, account_id, partner, at in rows[0]["intros"]:
            moment = to_datetime(at)
            assert moment is not None
            intros.append(MadeIntro(str(request_id), str(account_id), partner, moment))
        deals = []
        for deal_id, account_id, opened, amount in rows[0]["deals"]:
            day = to_date(opened)
            assert day is not None
            deals.append(
                OpenedDeal(str(deal_id), str(account_id), day, None if amount is None else amount)
            )
        return intros, deals

    intros, deals = await client.read(work)
    return attribute(partner_id, intros, deals)
