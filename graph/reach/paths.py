"""Warmest paths from our team to the people who hold a buying role at an account (or to named
people): the search's ends, its bounds, and the answer with its reason.

The search itself is ``graph.reach.search`` (exact, hop-bounded, alternatives with distinct first
contacts); who may be walked through is ``graph.reach.walks``; how a path is described is
``graph.reach.describe``. People who left an organization may be intermediates but are never
targets; partner contacts only with ``via_partners`` and a partner sharing level above NONE,
and the path shows who is on it only at CONTACTS (below, it says that a partner path exists and
how warm it is); ``avoid`` keeps blockers and detractors (on the day) off the path as
intermediates.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_values
from graph.core.errors import InvalidInput, NotFound
from graph.core.model import BuyingRole
from graph.core.roles import check_buying_role
from graph.core.temporal import employed_on, role_held_on
from graph.reach.describe import (
    PathHop,
    PathNode,
    WarmPath,
    build_path,
    describe_nodes,
)
from graph.reach.search import search_warmest, warmest_walk
from graph.reach.walks import (
    DEFAULT_REPORTS_TO_STRENGTH,
    Neighbourhoods,
    WalkRules,
    walk_together,
)

__all__ = [
    "MAX_ALTERNATIVES",
    "MAX_HOPS_LIMIT",
    "PathHop",
    "PathNode",
    "PathReason",
    "PathSearch",
    "WarmPath",
    "WarmestPaths",
    "check_hops",
    "check_search_bounds",
    "find_warmest_paths",
    "find_warmest_paths_at",
    "find_warmest_paths_to_people",
    "load_people",
    "load_sellers",
    "paths_in",
]

MAX_HOPS_LIMIT = 6
MAX_ALTERNATIVES = 10


class PathReason(StrEnum):
    """Why a warmest-path answer holds no path."""

    NO_SELLERS = "NO_SELLERS"
    NO_ROLE_HOLDER_MAPPED = "NO_ROLE_HOLDER_MAPPED"
    NO_PATH_WITHIN_MAX_HOPS = "NO_PATH_WITHIN_MAX_HOPS"


@dataclass(frozen=True)
class WarmestPaths:
    """The answer: up to k paths, warmest first, or none with the reason."""

    account_id: str
    role: str
    as_of: date
    max_hops: int
    role_holder_ids: tuple[str, ...]
    paths: tuple[WarmPath, ...]
    reason: PathReason | None

    @property
    def best(self) -> WarmPath | None:
        """The warmest path, if any."""
        return self.paths[0] if self.paths else None


# The start of a search for several accounts in one statement: the accounts that exist, each with
# its role holders on the day who are employed there on the day (lists in one row: the driver
# pays a network round per record).
_SEARCH_ENDS: LiteralString = (
    """
UNWIND $accountIds AS accountId
MATCH (a:Account {workspace: $workspace, id: accountId})
WITH a, COLLECT {
    MATCH (a)<-[h:HOLDS_ROLE]-(p:Person)
    WHERE h.role = $role AND p.workspace = $workspace AND """
    + role_held_on("h")
    + """
      AND EXISTS { MATCH (p)-[e:EMPLOYED_AT]->(a) WHERE """
    + employed_on("e")
    + """ }
    WITH DISTINCT p
    RETURN [elementId(p), p.id] AS holder ORDER BY p.id
  } AS holders
RETURN collect([a.id, holders]) AS accounts
"""
)

_PEOPLE_BY_ID: LiteralString = """
UNWIND $ids AS personId
MATCH (p:Person {workspace: $workspace, id: personId})
RETURN collect([elementId(p), p.id]) AS people
"""

_SELLERS: LiteralString = """
MATCH (s:Seller {workspace: $workspace})
WHERE $sellerIds IS NULL OR s.id IN $sellerIds
RETURN collect([elementId(s), s.id]) AS sellers
"""


def check_hops(value: int, field: str) -> None:
    """``InvalidInput`` naming the GraphQL argument ``field`` unless 1 <= value <= 6."""
    if not 1 <= value <= MAX_HOPS_LIMIT:
        raise InvalidInput(f"{field} must be between 1 and {MAX_HOPS_LIMIT}.", field=field)


def check_search_bounds(max_hops: int, k: int) -> None:
    """``InvalidInput`` (field ``maxHops`` or ``k``) unless 1 <= max_hops <= 6 and
    1 <= k <= 10."""
    check_hops(max_hops, "maxHops")
    if not 1 <= k <= MAX_ALTERNATIVES:
        raise InvalidInput(f"k must be between 1 and {MAX_ALTERNATIVES}.", field="k")


async def load_sellers(
    tx: AsyncManagedTransaction, workspace: str, seller_ids: Sequence[str] | None
) -> dict[str, str]:
    """Element id -> seller id of the given sellers (every seller when None)."""
    rows = await fetch_values(
        tx,
        _SELLERS,
        {"workspace": workspace, "sellerIds": None if seller_ids is None else list(seller_ids)},
    )
    return {str(node): str(seller_id) for node, seller_id in rows[0]["sellers"]}


async def load_people(
    tx: AsyncManagedTransaction, workspace: str, person_ids: Sequence[str]
) -> dict[str, str]:
    """Element id -> person id of the given people that exist."""
    rows = await fetch_values(tx, _PEOPLE_BY_ID, {"workspace": workspace, "ids": list(person_ids)})
    return {str(node): str(person_id) for node, person_id in rows[0]["people"]}


async def paths_in(
    tx: AsyncManagedTransaction,
    workspace: str,
    targets: Collection[str],
    sellers: dict[str, str],
    rules: WalkRules,
    max_hops: int,
    k: int,
) -> tuple[WarmPath, ...]:
    """The k warmest paths to element ids ``targets``, described, inside one transaction."""
    if not targets or not sellers:
        return ()
    hoods = Neighbourhoods(tx, workspace, rules)
    found = await search_warmest(hoods, targets, sellers, max_hops, k)
    if not found:
        return ()
    described = await describe_nodes(
        tx, workspace, {n for path in found for n in path.nodes}, rules.day
    )
    return tuple(build_path(path, described) for path in found)


async def find_warmest_paths(
    client: GraphClient,
    workspace: str,
    account_id: str,
    role: str = BuyingRole.ECONOMIC_BUYER,
    from_seller_ids: Sequence[str] | None = None,
    via_partners: bool = False,
    avoid: bool = False,
    max_hops: int = 4,
    k: int = 1,
    as_of: date | None = None,
    reports_to_strength: float = DEFAULT_REPORTS_TO_STRENGTH,
) -> WarmestPaths:
    """The k warmest paths (distinct first contacts) from our sellers (``from_seller_ids``,
    default all) to anyone holding ``role`` at the account and employed there on ``as_of``
    (default today), as our own team sees them (a partner caller's view is cut by the partner
    boundary, graph/partners/boundary.py). ``InvalidInput`` when
    ``max_hops`` is outside 1..6, ``k`` outside 1..10 or ``role`` is no role of the workspace
    (naming the nearest); ``NotFound`` for an unknown account."""
    search = PathSearch(
        role=str(role),
        from_seller_ids=None if from_seller_ids is None else tuple(from_seller_ids),
        via_partners=via_partners,
        avoid=avoid,
        max_hops=max_hops,
        k=k,
        day=as_of or date.today(),
        reports_to_strength=reports_to_strength,
    )
    answers = await find_warmest_paths_at(client, workspace, [account_id], search)
    if account_id not in answers:
        raise NotFound.of("Account", account_id, argument="accountId")
    return answers[account_id]


@dataclass(frozen=True)
class PathSearch:
    """What a warmest-paths search asks, whatever the account (hashable: a loader's key)."""

    role: str
    from_seller_ids: tuple[str, ...] | None
    via_partners: bool
    avoid: bool
    max_hops: int
    k: int
    day: date
    reports_to_strength: float = DEFAULT_REPORTS_TO_STRENGTH


async def find_warmest_paths_at(
    client: GraphClient,
    workspace: str,
    account_ids: Sequence[str],
    search: PathSearch,
) -> dict[str, WarmestPaths]:
    """``find_warmest_paths`` for several accounts in one read: their searches walk side by
    side (one statement per level for all), so the cost does not grow with the accounts.
    Unknown account ids are absent."""
    check_search_bounds(search.max_hops, search.k)
    rules = WalkRules(
        day=search.day,
        via_partners=search.via_partners,
        avoid=search.avoid,
        reports_to_strength=search.reports_to_strength,
    )

    def answer(
        account_id: str,
        holders: tuple[str, ...],
        paths: tuple[WarmPath, ...],
        reason: PathReason | None,
    ) -> WarmestPaths:
        return WarmestPaths(
            account_id, search.role, search.day, search.max_hops, holders, paths, reason
        )

    async def work(tx: AsyncManagedTransaction) -> dict[str, WarmestPaths]:
        await check_buying_role(tx, workspace, search.role)
        (ends,) = await fetch_values(
            tx,
            _SEARCH_ENDS,
            {
                "workspace": workspace,
                "accountIds": list(dict.fromkeys(account_ids)),
                "role": search.role,
                "day": search.day,
            },
        )
        holders = {str(a): [(str(n), str(p)) for n, p in found] for a, found in ends["accounts"]}
        answers = {
            a: answer(a, (), (), PathReason.NO_ROLE_HOLDER_MAPPED)
            for a, found in holders.items()
            if not found
        }
        searched = [a for a, found in holders.items() if found]
        sellers = await load_sellers(tx, workspace, search.from_seller_ids) if searched else {}
        if not sellers:
            ids = {a: tuple(p for _, p in holders[a]) for a in searched}
            return answers | {a: answer(a, ids[a], (), PathReason.NO_SELLERS) for a in searched}
        hoods = Neighbourhoods(tx, workspace, rules)
        found = await walk_together(
            hoods,
            [
                warmest_walk(hoods, [n for n, _ in holders[a]], sellers, search.max_hops, search.k)
                for a in searched
            ],
        )
        nodes = {n for paths in found for path in paths for n in path.nodes}
        described = await describe_nodes(tx, workspace, nodes, search.day) if nodes else {}
        for account_id, paths in zip(searched, found, strict=True):
            shown = tuple(build_path(p, described) for p in paths)
            answers[account_id] = answer(
                account_id,
                tuple(p for _, p in holders[account_id]),
                shown,
                None if shown else PathReason.NO_PATH_WITHIN_MAX_HOPS,
            )
        return answers

    return await client.read(work)


async def find_warmest_paths_to_people(
    client: GraphClient,
    workspace: str,
    person_ids: Sequence[str],
    from_seller_ids: Sequence[str] | None = None,
    via_partners: bool = False,
    avoid: bool = False,
    max_hops: int = 4,
    k: int = 1,
    as_of: date | None = None,
    reports_to_strength: float = DEFAULT_REPORTS_TO_STRENGTH,
) -> tuple[WarmPath, ...]:
    """The k warmest paths to any of the named people (whatever their roles or employment)."""
    check_search_bounds(max_hops, k)
    rules = WalkRules(
        day=as_of or date.today(),
        via_partners=via_partners,
        avoid=avoid,
        reports_to_strength=reports_to_strength,
    )

    async def work(tx: AsyncManagedTransaction) -> tuple[WarmPath, ...]:
        targets = await load_people(tx, workspace, person_ids)
        sellers = await load_sellers(tx, workspace, from_seller_ids)
        return await paths_in(tx, workspace, targets, sellers, rules, max_hops, k)

    return await client.read(work)
