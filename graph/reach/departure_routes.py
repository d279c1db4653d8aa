"""The routes behind a departure's knock-on: per account left, the warmest route with the
leaver on the map and without them (blocked from the walk, nothing written); and the warmest
path to an account they joined *through them* (ours to them, then theirs onward)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from neo4j import AsyncManagedTransaction

from graph.reach.search import FoundPath, search_warmest
from graph.reach.walks import Neighbourhoods, WalkRules

if TYPE_CHECKING:
    from graph.reach.departures import DepartureSettings


def _joined(first: FoundPath, onward: FoundPath) -> FoundPath:
    """Our path to them followed by theirs onward (they are the last node of the first)."""
    return FoundPath(
        warmth=first.warmth * onward.warmth,
        nodes=first.nodes + onward.nodes[1:],
        relationships=first.relationships + onward.relationships,
        strengths=first.strengths + onward.strengths,
    )


@dataclass(frozen=True)
class Route:
    """One account's routes with and without the leaver (element-id paths)."""

    buyers: tuple[str, ...]
    with_them: FoundPath | None
    without_them: FoundPath | None
    new_route: FoundPath | None


async def routes_with_and_without(
    tx: AsyncManagedTransaction,
    workspace: str,
    rules: WalkRules,
    leaver: str,
    sellers: dict[str, str],
    buyers: Mapping[str, dict[str, str]],
    settings: DepartureSettings,
) -> dict[str, Route]:
    """Per account left, the warmest route with them and without them within ``max_hops``,
    and the warmest without them within ``search_hops``."""
    on_map = Neighbourhoods(tx, workspace, rules)
    gone = Neighbourhoods(tx, workspace, rules, blocked=frozenset({leaver}))
    answer: dict[str, Route] = {}
    for account_id, holders in buyers.items():
        targets = sorted(holders)
        if not targets or not sellers:
            answer[account_id] = Route(tuple(sorted(holders.values())), None, None, None)
            continue
        with_them = await search_warmest(on_map, targets, sellers, settings.max_hops, 1)
        without = await search_warmest(gone, targets, sellers, settings.max_hops, 1)
        wider = without
        if settings.search_hops != settings.max_hops:
            wider = await search_warmest(gone, targets, sellers, settings.search_hops, 1)
        answer[account_id] = Route(
            tuple(sorted(holders.values())),
            with_them[0] if with_them else None,
            without[0] if without else None,
            wider[0] if wider else None,
        )
    return answer


async def path_through(
    tx: AsyncManagedTransaction,
    workspace: str,
    rules: WalkRules,
    leaver: str,
    leaver_id: str,
    sellers: dict[str, str],
    targets: Collection[str],
    hops: int,
) -> FoundPath | None:
    """Our warmest path to the leaver, then theirs onward to one of ``targets`` (which our
    sellers never carry); just the first when they are a target themselves."""
    to_them = await search_warmest(Neighbourhoods(tx, workspace, rules), [leaver], sellers, hops, 1)
    if not to_them:
        return None
    if leaver in targets:
        return to_them[0]
    onward_walk = Neighbourhoods(tx, workspace, rules, blocked=frozenset(sellers))
    onward = await search_warmest(
        onward_walk, targets, {leaver: leaver_id}, hops, 1, from_people=True
    )
    return _joined(to_them[0], onward[0]) if onward else None
