"""Per-request DataLoaders: one Cypher statement per GraphQL level, never one per row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import cast

from strawberry.dataloader import DataLoader

from graph.accounts import opportunities as graph_opportunities
from graph.accounts import people as graph_people
from schema.core.context import Info


def sellers(info: Info) -> DataLoader[str, graph_people.Seller | None]:
    """Sellers by id."""
    context = info.context

    async def load(ids: Sequence[str]) -> list[graph_people.Seller | None]:
        found = await graph_people.find_sellers(context.graph, context.workspace, ids)
        return [found.get(i) for i in ids]

    if "sellers" not in context.loaders:
        context.loaders["sellers"] = DataLoader(load_fn=load)
    return cast(DataLoader[str, graph_people.Seller | None], context.loaders["sellers"])


def current_people(info: Info) -> DataLoader[tuple[str, int], list[graph_people.Person]]:
    """Current people of accounts, keyed by (account id, how many)."""
    context = info.context

    async def load(keys: Sequence[tuple[str, int]]) -> list[list[graph_people.Person]]:
        by_limit: dict[int, list[str]] = defaultdict(list)
        for account_id, limit in keys:
            by_limit[limit].append(account_id)
        results: dict[tuple[str, int], list[graph_people.Person]] = {}
        for limit, account_ids in by_limit.items():
            found = await graph_people.find_current_people_by_account(
                context.graph, context.workspace, account_ids, limit
            )
            for account_id in account_ids:
                results[(account_id, limit)] = found.get(account_id, [])
        return [results[key] for key in keys]

    if "current_people" not in context.loaders:
        context.loaders["current_people"] = DataLoader(load_fn=load)
    return cast(
        DataLoader[tuple[str, int], list[graph_people.Person]], context.loaders["current_people"]
    )


def open_deals(info: Info) -> DataLoader[str, list[graph_opportunities.Opportunity]]:
    """Open deals of accounts by account id."""
    context = info.context

    async def load(ids: Sequence[str]) -> list[list[graph_opportunities.Opportunity]]:
        found = await graph_opportunities.find_open_opportunities_by_account(
            context.graph, context.workspace, ids
        )
        return [found.get(i, []) for i in ids]

    if "open_deals" not in context.loaders:
        context.loaders["open_deals"] = DataLoader(load_fn=load)
    return cast(
        DataLoader[str, list[graph_opportunities.Opportunity]], context.loaders["open_deals"]
    )
