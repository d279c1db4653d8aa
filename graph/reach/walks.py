"""Who may be walked through on the way to someone, and the neighbourhoods searches pull.

A walk goes along KNOWS (either direction, its strength), REPORTS_TO (either direction, its
strength or a default) and INFLUENCES (influencer to influenced only). Searches run backwards from
the people they look for, so a neighbourhood here is the set of *predecessors*: the people and
sellers one step further from the target. One ``UNWIND $nodes`` statement fetches the
neighbourhoods of a whole search level; each node's neighbourhood is fetched once per transaction.
Searches are written as generators that yield the ``Pull`` of their next level, so that
``walk_together`` can run several (the risk of an account: reach, champion access and the paths to
the suggested people) on one statement per level.

Nodes are identified by ``elementId`` inside a transaction (an exact seek, scoped again by
workspace); callers translate to the external ids before anything leaves the graph layer.
"""

from __future__ import annotations

from collections.abc import Collection, Generator, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, LiteralString, NamedTuple, TypeVar

from neo4j import AsyncManagedTransaction

from graph.core.client import fetch_values
from graph.core.model import BuyingRole, RelType, SharingLevel, Stance
from graph.core.temporal import employed_on, role_held_on

DEFAULT_REPORTS_TO_STRENGTH = 0.6
"""The strength of a reporting line that carries none (a manager and a report know each other)."""

PARTNER_WALK_LEVELS: frozenset[SharingLevel] = frozenset(
    {SharingLevel.COUNTS, SharingLevel.ACCOUNTS, SharingLevel.CONTACTS}
)
"""Sharing levels at which a partner's contacts may carry a path (only CONTACTS shows who)."""

DEFAULT_PARTNER_LEVEL = SharingLevel.ACCOUNTS
"""A partner stored without a sharing level is read as the import default."""


@dataclass(frozen=True)
class WalkRules:
    """Which relationships and intermediates a search may use, judged on ``day``."""

    day: date
    via_partners: bool = False
    avoid: bool = False
    reports_to_strength: float = DEFAULT_REPORTS_TO_STRENGTH
    relationships: frozenset[RelType] = frozenset(
        {RelType.KNOWS, RelType.REPORTS_TO, RelType.INFLUENCES}
    )


class Step(NamedTuple):
    """A walkable edge from ``neighbour`` into the node that was expanded (a tuple: a level
    builds thousands of them)."""

    neighbour: str
    is_seller: bool
    relationship: RelType
    strength: float


# Eligibility: sellers always; a person unless (with avoid) they hold a blocker role or a
# detractor stance on the day, or they work for a partner whose level does not allow walking.
# Predecessors: KNOWS either way, REPORTS_TO either way, INFLUENCES from the influencer.
# One row for the whole level, each step just [element id, is a seller, type, strength]: the
# driver pays a network round per record and a copy per nested value, which cost more than the
# traversal itself, and the search needs no other property of a neighbour.
_ELIGIBLE: LiteralString = (
    """n:Seller OR (
    NOT ($avoid AND EXISTS {
      MATCH (n)-[h:HOLDS_ROLE]->(:Account)
      WHERE (h.role = $blocker OR h.stance = $detractor) AND """
    + role_held_on("h")
    + """
    })
    AND NOT EXISTS {
      MATCH (n)-[e:EMPLOYED_AT]->(o:Partner)
      WHERE """
    + employed_on("e")
    + """
        AND NOT ($viaPartners AND coalesce(o.sharingLevel, $defaultLevel) IN $walkLevels)
    }
  )"""
)

_NEIGHBOURHOODS: LiteralString = (
    """
UNWIND $nodes AS wanted
WITH wanted[0] AS nodeId, wanted[1] AS sellersOnly, wanted[2] AS exempt
MATCH (n) WHERE elementId(n) = nodeId AND n.workspace = $workspace
WITH n, nodeId, sellersOnly, exempt,
  """
    + _ELIGIBLE
    + """ AS eligible
WITH n, nodeId, sellersOnly, eligible, eligible OR exempt AS open
RETURN collect([nodeId, eligible,
  CASE WHEN open AND $knows THEN
    [(n)-[r:KNOWS]-(m) WHERE (m:Seller OR (m:Person AND NOT sellersOnly))
       AND m.workspace = $workspace AND m <> n AND r.strength > 0
     | [elementId(m), m:Seller, type(r), toFloat(r.strength)]]
  ELSE [] END
  + CASE WHEN open AND $reportsTo AND NOT sellersOnly THEN
    [(n)-[r:REPORTS_TO]-(m:Person) WHERE m.workspace = $workspace AND m <> n
       AND coalesce(r.strength, $reportsToStrength) > 0
     | [elementId(m), false, type(r), toFloat(coalesce(r.strength, $reportsToStrength))]]
  ELSE [] END
  + CASE WHEN open AND $influences AND NOT sellersOnly THEN
    [(n)<-[r:INFLUENCES]-(m:Person) WHERE m.workspace = $workspace AND m <> n
       AND r.strength > 0
     | [elementId(m), false, type(r), toFloat(r.strength)]]
  ELSE [] END]) AS expanded
"""
)

# The seller predecessors of every node that has one, in one statement: the same steps and
# eligibility as the sellers-only rows above, read from the sellers' side. A search's last level
# over thousands of nodes (the portfolio's) costs the workspace's seller ties instead of a
# lookup per node; a node it does not list has no seller predecessor.
_SELLER_TIES: LiteralString = (
    """
MATCH (s:Seller {workspace: $workspace})-[r:KNOWS]-(n)
WHERE $knows AND n.workspace = $workspace AND n <> s AND r.strength > 0
WITH n, collect([elementId(s), true, type(r), toFloat(r.strength)]) AS found
RETURN collect([elementId(n), """
    + _ELIGIBLE
    + """, found]) AS expanded
"""
)

SELLER_TIES_FROM = 2000
"""From how many nodes wanting only their seller predecessors on, these are read from the
sellers' side at once (``_SELLER_TIES``) for the rest of the transaction."""


@dataclass(frozen=True)
class Pull:
    """What a search needs before its next level: the whole predecessor lists of ``full``, and
    only the seller predecessors of ``sellers_only`` (a search's last level)."""

    full: frozenset[str] = frozenset()
    sellers_only: frozenset[str] = frozenset()
    exempt: frozenset[str] = frozenset()
    """The people searched for: expanded whatever their eligibility."""


class _Known(NamedTuple):
    eligible: bool
    opened: bool  # the predecessors were fetched (eligible, or exempt when fetched)
    steps: tuple[Step, ...]  # complete, or only the sellers when not ``complete``
    sellers: tuple[Step, ...]
    complete: bool


_UNKNOWN = _Known(False, True, (), (), True)  # not in the workspace: no neighbourhood at all
_NO_SELLERS = _Known(True, True, (), (), False)  # no seller knows it (whether walkable or not)


@dataclass
class Neighbourhoods:
    """Predecessor lists of nodes, pulled a level at a time inside one transaction and kept for
    the rest of it (a node's neighbourhood is fetched at most once, whoever asks)."""

    tx: AsyncManagedTransaction
    workspace: str
    rules: WalkRules
    blocked: frozenset[str] = frozenset()
    """Nodes treated as gone (what-if): never expanded, never a predecessor."""
    statements: int = 0
    _known: dict[str, _Known] = field(default_factory=dict)
    _seller_ties: dict[str, _Known] | None = None

    async def pull(self, wanted: Pull) -> None:
        """Fetch, in one statement, what ``wanted`` needs and is not known yet."""
        full = [n for n in sorted(wanted.full) if n not in self.blocked]
        exempt = wanted.exempt
        missing = [(n, False) for n in full if not self._is_known(n, False, n in exempt)]
        sellers_only = [
            n
            for n in sorted(wanted.sellers_only - wanted.full)
            if n not in self.blocked and not self._is_known(n, True, n in exempt)
        ]
        if len(sellers_only) >= SELLER_TIES_FROM and self._seller_ties is None:
            self._seller_ties = await self._read_seller_ties()
        if self._seller_ties is not None:
            for node in sellers_only:
                # Not listed from the sellers' side: no seller knows this node.
                self._known[node] = self._seller_ties.get(node, _NO_SELLERS)
            sellers_only = []
        missing += [(n, True) for n in sellers_only]
        if missing:
            await self._fetch(missing, exempt)

    def predecessors(
        self, node: str, exempt: bool = False, sellers_only: bool = False
    ) -> tuple[Step, ...]:
        """A pulled node's predecessors, or none when it may not be walked through (unless
        ``exempt``: the people searched for are expanded whatever their eligibility)."""
        if node in self.blocked:
            return ()
        known = self._known.get(node, _UNKNOWN)
        if not (known.eligible or exempt):
            return ()
        assert known.opened, "pull an ineligible node as exempt first"
        if sellers_only:
            return known.sellers
        assert known.complete, "pull the whole neighbourhood first"
        return known.steps

    async def expand(
        self,
        nodes: Iterable[str],
        exempt: Collection[str] = (),
        sellers_only: bool = False,
    ) -> dict[str, tuple[Step, ...]]:
        """Each node's predecessors, or none when it may not be walked through. ``exempt``
        nodes (the people searched for) are expanded whatever their eligibility;
        ``sellers_only`` fetches only the seller predecessors (a search's last level)."""
        wanted = frozenset(n for n in nodes if n not in self.blocked)
        exempted = wanted & frozenset(exempt)
        await self.pull(
            Pull(sellers_only=wanted, exempt=exempted)
            if sellers_only
            else Pull(full=wanted, exempt=exempted)
        )
        return {node: self.predecessors(node, node in exempt, sellers_only) for node in wanted}

    def _is_known(self, node: str, sellers_only: bool, exempt: bool) -> bool:
        known = self._known.get(node)
        return (
            known is not None and (sellers_only or known.complete) and (known.opened or not exempt)
        )

    async def _read_seller_ties(self) -> dict[str, _Known]:
        """Every node's seller predecessors (and its eligibility), read from the sellers' side
        in one statement."""
        rows = await fetch_values(self.tx, _SELLER_TIES, self._parameters())
        self.statements += 1
        return {
            str(node): _Known(bool(eligible), True, (), tuple(self._steps(found)), False)
            for node, eligible, found in (rows[0]["expanded"] if rows else ())
        }

    def _steps(self, found: list[list[Any]]) -> list[Step]:
        # Edges without warmth were left out by the query (they carry no introduction). A
        # portfolio level builds ~100k steps: tuple.__new__ skips the named tuple's Python-level
        # constructor (a quarter of the time), the same Step either way.
        blocked = self.blocked
        new, types = tuple.__new__, _REL_TYPES
        steps = [
            new(Step, (m, is_seller, types[rel], strength if strength < 1.0 else 1.0))
            for m, is_seller, rel, strength in found
            if not blocked or m not in blocked
        ]
        steps.sort()  # neighbour first: ties resolve the same way on every run
        return steps

    def _parameters(self) -> dict[str, Any]:
        rules = self.rules
        return {
            "workspace": self.workspace,
            "day": rules.day,
            "avoid": rules.avoid,
            "blocker": BuyingRole.BLOCKER.value,
            "detractor": Stance.DETRACTOR.value,
            "viaPartners": rules.via_partners,
            "walkLevels": sorted(level.value for level in PARTNER_WALK_LEVELS),
            "defaultLevel": DEFAULT_PARTNER_LEVEL.value,
            "knows": RelType.KNOWS in rules.relationships,
            "reportsTo": RelType.REPORTS_TO in rules.relationships,
            "influences": RelType.INFLUENCES in rules.relationships,
            "reportsToStrength": rules.reports_to_strength,
        }

    async def _fetch(self, wanted: list[tuple[str, bool]], exempt: frozenset[str]) -> None:
        rows = await fetch_values(
            self.tx,
            _NEIGHBOURHOODS,
            {
                "nodes": [[node, sellers_only, node in exempt] for node, sellers_only in wanted],
                **self._parameters(),
            },
        )
        self.statements += 1
        complete = {node: not sellers_only for node, sellers_only in wanted}
        for node in complete:
            self._known.setdefault(node, _UNKNOWN)
        for node, eligible, found in rows[0]["expanded"] if rows else ():
            steps = self._steps(found)
            sellers = tuple(s for s in steps if s.is_seller)
            self._known[str(node)] = _Known(
                bool(eligible),
                bool(eligible) or str(node) in exempt,
                tuple(steps),
                sellers,
                complete[str(node)],
            )


T = TypeVar("T")
Walk = Generator[Pull, None, T]
"""A search: yields what it needs pulled before each level, returns its answer."""


async def walk_together(hoods: Neighbourhoods, walks: Sequence[Walk[T]]) -> list[T]:
    """Run searches side by side, one statement per level for all of them; their answers in
    order."""
    answers: dict[int, T] = {}
    pending: dict[int, Pull] = {}
    for index, walk in enumerate(walks):
        _advance(index, walk, pending, answers)
    while pending:
        await hoods.pull(
            Pull(
                full=frozenset().union(*(p.full for p in pending.values())),
                sellers_only=frozenset().union(*(p.sellers_only for p in pending.values())),
                exempt=frozenset().union(*(p.exempt for p in pending.values())),
            )
        )
        for index in sorted(pending):
            del pending[index]
            _advance(index, walks[index], pending, answers)
    return [answers[i] for i in range(len(walks))]


def _advance(index: int, walk: Walk[T], pending: dict[int, Pull], answers: dict[int, T]) -> None:
    try:
        pending[index] = next(walk)
    except StopIteration as done:
        answers[index] = done.value


_REL_TYPES: dict[str, RelType] = {t.value: t for t in RelType}
