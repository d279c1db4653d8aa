"""Engaged contacts of a batch of accounts, exactly as ``graph.reach.risk`` defines them.

Scoring, qualification, coverage and personas need only who is engaged, not the whole risk
assessment (whose hop-bounded searches for single points of failure and whose suggestions with
paths cost seconds per account on a large graph). ``graph.reach.risk`` keeps its engagement rule in
private helpers; this module is the one place that reaches into them, so that the rule is reused
rather than re-derived. When ``graph.reach.risk`` exposes a public batch function, switch to it here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient
from graph.reach.risk import EngagedContact, RiskSettings
from graph.reach.risk import _engaged as engaged_in_facts
from graph.reach.risk import _load_facts as load_risk_facts

_BATCH = 500


async def load_engaged_contacts(
    tx: AsyncManagedTransaction,
    workspace: str,
    account_ids: Sequence[str],
    day: date,
    settings: RiskSettings | None = None,
) -> dict[str, tuple[EngagedContact, ...]]:
    """Per account (unknown ids are absent), the people working there on ``day`` whom our
    team engages, strongest first: one statement per batch of accounts."""
    chosen = settings or RiskSettings()
    found: dict[str, tuple[EngagedContact, ...]] = {}
    for start in range(0, len(account_ids), _BATCH):
        chunk = account_ids[start : start + _BATCH]
        facts = await load_risk_facts(tx, workspace, chunk, day, chosen)
        found.update({a: engaged_in_facts(f, day, chosen) for a, f in facts.items()})
    return found


async def find_engaged_contacts(
    client: GraphClient,
    workspace: str,
    account_ids: Sequence[str],
    day: date | None = None,
    settings: RiskSettings | None = None,
) -> dict[str, tuple[EngagedContact, ...]]:
    """``load_engaged_contacts`` in its own read transaction."""
    chosen_day = day or date.today()

    async def work(tx: AsyncManagedTransaction) -> dict[str, tuple[EngagedContact, ...]]:
        return await load_engaged_contacts(tx, workspace, account_ids, chosen_day, settings)

    return await client.read(work)
