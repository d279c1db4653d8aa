"""What-if: an account's risk now and as if a person or one of our sellers left (nothing is
written: the person is blocked from the walks and removed from the facts)."""

from __future__ import annotations

from datetime import date

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient
from graph.core.errors import InvalidInput, NotFound
from graph.core.model import HumanKind
from graph.reach.paths import load_people, load_sellers
from graph.reach.risk.assessment import assess
from graph.reach.risk.model import AccountRisk, RiskSettings, Someone, WhatIf


async def what_if_leaves(
    client: GraphClient,
    workspace: str,
    account_id: str,
    person_id: str | None = None,
    seller_id: str | None = None,
    settings: RiskSettings | None = None,
    as_of: date | None = None,
) -> WhatIf:
    """The account's risk now and as if the person left (no longer employed, holding no role,
    on no path) or the seller left our team; nothing is written. Exactly one of ``person_id``
    and ``seller_id``; ``NotFound`` for an unknown account, person or seller."""
    if (person_id is None) == (seller_id is None):
        raise InvalidInput("Name exactly one of personId and sellerId.", field="personId")
    chosen = settings or RiskSettings()
    chosen.check()
    day = as_of or date.today()
    gone_people = frozenset({person_id}) if person_id else frozenset()
    gone_sellers = frozenset({seller_id}) if seller_id else frozenset()

    async def work(tx: AsyncManagedTransaction) -> tuple[dict[str, AccountRisk], ...]:
        if person_id and not await load_people(tx, workspace, [person_id]):
            raise NotFound.of("Person", person_id, argument="personId")
        if seller_id and not await load_sellers(tx, workspace, [seller_id]):
            raise NotFound.of("Seller", seller_id, argument="sellerId")
        before = await assess(tx, workspace, [account_id], day, chosen, True)
        after = await assess(
            tx, workspace, [account_id], day, chosen, True, gone_people, gone_sellers
        )
        return before, after

    before, after = await client.read(work)
    if account_id not in before:
        raise NotFound.of("Account", account_id, argument="accountId")
    gone = (
        Someone(person_id, None, HumanKind.PERSON)
        if person_id
        else Someone(str(seller_id), None, HumanKind.SELLER)
    )
    return WhatIf(before[account_id], after[account_id], gone)
