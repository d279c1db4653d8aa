"""The warmest-path search: exact, hop-bounded, never enumerating paths in Cypher.

Warmth is the product of the strengths along a path; the best path has the highest warmth, ties
going to fewer hops. The search runs backwards from the targets as a hop-bounded
label-correcting search (Bellman-Ford in rounds, one round per hop), pulling the predecessors of
a whole round with one statement (``graph.reach.walks``). A round only expands nodes whose
warmth improved in the previous one, and never a node already colder than the k-th best answer
found (strengths are at most 1, so a path only cools as it grows): the search stops as soon as
nothing can beat what it has. Alternatives differ in their *first contact* (the node right after
the seller); a path starts at one of the sellers, passes through none of them and ends at the
first target it reaches.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import NamedTuple

from graph.core.model import RelType
from graph.reach.walks import Neighbourhoods, Pull, Walk, walk_together

_EPSILON = 1e-12  # products taken in another order may differ in the last bits


class _Label(NamedTuple):
    """The best warmth from a node to a target in exactly ``hops`` hops, and the next step
    (a tuple: a search makes thousands)."""

    warmth: float
    following: str | None
    relationship: RelType | None
    strength: float


@dataclass(frozen=True)
class _Candidate:
    """The best path found so far for one first contact."""

    warmth: float
    hops: int
    seller: str
    seller_id: str
    relationship: RelType
    strength: float
    contact: str


@dataclass(frozen=True)
class FoundPath:
    """A path as element ids, before it is described: seller first, target last."""

    warmth: float
    nodes: tuple[str, ...]
    relationships: tuple[RelType, ...]
    strengths: tuple[float, ...]


def _warmer(a: float, b: float) -> bool:
    return a > b * (1.0 + _EPSILON) + 1e-300


def _beats(candidate: _Candidate, incumbent: _Candidate | None) -> bool:
    if incumbent is None:
        return True
    if _warmer(candidate.warmth, incumbent.warmth):
        return True
    if _warmer(incumbent.warmth, candidate.warmth):
        return False
    return (candidate.hops, candidate.seller_id) < (incumbent.hops, incumbent.seller_id)


def _ranked(candidates: dict[str, _Candidate]) -> list[_Candidate]:
    """Warmest first; near-equal warmth goes to fewer hops, then a stable order."""
    ordered = sorted(candidates.values(), key=lambda c: (-c.warmth, c.hops, c.contact))
    # Re-sort runs of near-equal warmth by hops, so float noise cannot outrank a shorter path.
    result: list[_Candidate] = []
    for candidate in ordered:
        result.append(candidate)
        i = len(result) - 1
        while (
            i > 0
            and not _warmer(result[i - 1].warmth, result[i].warmth)
            and (result[i].hops < result[i - 1].hops)
        ):
            result[i - 1], result[i] = result[i], result[i - 1]
            i -= 1
    return result


async def search_warmest(
    hoods: Neighbourhoods,
    targets: Collection[str],
    sellers: dict[str, str],
    max_hops: int,
    k: int,
    from_people: bool = False,
) -> list[FoundPath]:
    """The k warmest paths (distinct first contacts) from ``sellers`` (element id -> seller id)
    to any of ``targets`` (element ids) within ``max_hops``; warmest first. With
    ``from_people`` the sources are people (a path onward from a former contact), so the last
    level fetches every predecessor, not only the sellers."""
    (found,) = await walk_together(
        hoods, [warmest_walk(hoods, targets, sellers, max_hops, k, from_people)]
    )
    return found


def warmest_walk(
    hoods: Neighbourhoods,
    targets: Collection[str],
    sellers: dict[str, str],
    max_hops: int,
    k: int,
    from_people: bool = False,
) -> Walk[list[FoundPath]]:
    """``search_warmest`` as a walk, to run beside others with ``walk_together``."""
    target_set = frozenset(targets)
    labels: dict[tuple[str, int], _Label] = {}
    best: dict[str, float] = {}
    for target in target_set:
        labels[(target, 0)] = _Label(1.0, None, None, 1.0)
        best[target] = 1.0
    frontier = sorted(target_set)
    candidates: dict[str, _Candidate] = {}
    for hop in range(1, max_hops + 1):
        if not frontier:
            break
        ranked = _ranked(candidates)
        threshold = ranked[k - 1].warmth if len(ranked) >= k else 0.0
        expand = [n for n in frontier if not _warmer(threshold, labels[(n, hop - 1)].warmth)]
        last_level = hop == max_hops and not from_people
        nodes, exempt = frozenset(expand), target_set.intersection(expand)
        yield Pull(sellers_only=nodes, exempt=exempt) if last_level else Pull(nodes, exempt=exempt)
        # The hot loop of every search: plain comparisons stand in for ``_warmer`` here.
        improved: dict[str, _Label] = {}
        for node in expand:
            base = labels[(node, hop - 1)].warmth
            for step in hoods.predecessors(node, node in target_set, last_level):
                neighbour = step.neighbour
                warmth = base * step.strength
                if neighbour in sellers:
                    found = _Candidate(
                        warmth,
                        hop,
                        neighbour,
                        sellers[neighbour],
                        step.relationship,
                        step.strength,
                        node,
                    )
                    if _beats(found, candidates.get(node)):
                        candidates[node] = found
                    continue
                if hop == max_hops or neighbour in target_set:
                    continue
                if threshold > warmth * (1.0 + _EPSILON) + 1e-300:
                    continue
                known = best.get(neighbour)
                if known is not None and not warmth > known * (1.0 + _EPSILON) + 1e-300:
                    continue
                current = improved.get(neighbour)
                if current is None or warmth > current.warmth * (1.0 + _EPSILON) + 1e-300:
                    improved[neighbour] = _Label(warmth, node, step.relationship, step.strength)
        for node, label in improved.items():
            labels[(node, hop)] = label
            best[node] = label.warmth
        frontier = sorted(improved)
    return [_trace(c, labels) for c in _ranked(candidates)[:k]]


def _trace(candidate: _Candidate, labels: dict[tuple[str, int], _Label]) -> FoundPath:
    nodes = [candidate.seller, candidate.contact]
    relationships = [candidate.relationship]
    strengths = [candidate.strength]
    node, hops = candidate.contact, candidate.hops - 1
    while hops > 0:
        label = labels[(node, hops)]
        assert label.following is not None
        assert label.relationship is not None
        nodes.append(label.following)
        relationships.append(label.relationship)
        strengths.append(label.strength)
        node, hops = label.following, hops - 1
    return FoundPath(candidate.warmth, tuple(nodes), tuple(relationships), tuple(strengths))
