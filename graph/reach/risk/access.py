"""The walks behind two flags: single points of failure and champion access.

``reach_walk`` collects, per account, every edge of every walk of at most ``max_hops`` from a
seller to one of its economic buyers (walked as ``graph.reach.paths`` walks: same eligibility,
same day); ``single_points`` finds the nodes on all of them. ``champion_walk`` finds the people
within ``champion_hops`` of KNOWS/REPORTS_TO of an economic buyer. Both are walks
(``graph.reach.walks``), so they run beside the paths to the suggested people on one statement
per level.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field

from graph.core.model import RelType
from graph.reach.walks import Neighbourhoods, Pull, Walk


@dataclass
class Reach:
    """The hop-bounded subgraph between our team and one account's economic buyers."""

    targets: frozenset[str]
    frontier: set[str]
    seen: set[str]
    edges: dict[str, set[str]] = field(default_factory=dict)  # node -> successors (walk order)
    sources: set[str] = field(default_factory=set)


def reach_walk(
    hoods: Neighbourhoods,
    sellers: Mapping[str, str],
    targets: Mapping[str, frozenset[str]],
    max_hops: int,
) -> Walk[dict[str, Reach]]:
    """Per account, every edge of every walk of at most ``max_hops`` from a seller to one of
    its economic buyers (a backward search from all accounts at once, one level at a time)."""
    reach = {
        account: Reach(nodes, set(nodes), set(nodes)) for account, nodes in targets.items() if nodes
    }
    all_targets = frozenset().union(*targets.values()) if targets else frozenset()
    for level in range(1, max_hops + 1):
        union = frozenset().union(*(r.frontier for r in reach.values()))
        if not union:
            break
        last = level == max_hops
        exempt = all_targets & union if level == 1 else frozenset()
        yield Pull(sellers_only=union, exempt=exempt) if last else Pull(union, exempt=exempt)
        for r in reach.values():
            following: set[str] = set()
            for node in r.frontier:
                for step in hoods.predecessors(node, node in exempt, last):
                    m = step.neighbour
                    if m in r.targets:
                        continue  # a walk ends at the first economic buyer it meets
                    if m in sellers:
                        r.sources.add(m)
                    elif last:
                        continue
                    elif m not in r.seen:
                        r.seen.add(m)
                        following.add(m)
                    r.edges.setdefault(m, set()).add(node)
            r.frontier = following
    return reach


def _walk(r: Reach, max_hops: int, removed: str | None) -> list[str] | None:
    """One shortest walk (seller first) to an economic buyer within ``max_hops`` without
    ``removed``, or None."""
    parent: dict[str, str | None] = {s: None for s in sorted(r.sources) if s != removed}
    queue = deque((s, 0) for s in parent)
    while queue:
        node, depth = queue.popleft()
        if node in r.targets:
            path = [node]
            while (up := parent[path[-1]]) is not None:
                path.append(up)
            return path[::-1]
        if depth == max_hops:
            continue
        for nxt in sorted(r.edges.get(node, ())):
            if nxt != removed and nxt not in parent:
                parent[nxt] = node
                queue.append((nxt, depth + 1))
    return None


def single_points(r: Reach, max_hops: int) -> list[str]:
    """Nodes other than the economic buyers on every walk within the bound (only the nodes of
    one walk can be on all of them)."""
    walk = _walk(r, max_hops, None)
    if walk is None:
        return []
    return [n for n in walk if n not in r.targets and _walk(r, max_hops, n) is None]


_NEAR: frozenset[RelType] = frozenset({RelType.KNOWS, RelType.REPORTS_TO})


def champion_walk(
    hoods: Neighbourhoods, targets: Mapping[str, frozenset[str]], hops: int
) -> Walk[dict[str, set[str]]]:
    """Per account, the people within ``hops`` of KNOWS/REPORTS_TO of an economic buyer
    (the economic buyers included), through people only."""
    near = {account: set(nodes) for account, nodes in targets.items()}
    frontier = {account: set(nodes) for account, nodes in targets.items()}
    all_targets = frozenset().union(*targets.values()) if targets else frozenset()
    for level in range(1, hops + 1):
        union = frozenset().union(*frontier.values())
        if not union:
            break
        yield Pull(union, exempt=all_targets & union if level == 1 else frozenset())
        for account, nodes in frontier.items():
            following = set()
            for node in nodes:
                for step in hoods.predecessors(node, level == 1 and node in all_targets):
                    if (
                        step.relationship in _NEAR
                        and not step.is_seller
                        and step.neighbour not in near[account]
                    ):
                        near[account].add(step.neighbour)
                        following.add(step.neighbour)
            frontier[account] = following
    return near
