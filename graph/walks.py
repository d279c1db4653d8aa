"""Who may be walked through on the way to someone, and the neighbourhoods searches pull.

A walk goes along KNOWS (either direction, its strength), REPORTS_TO (either direction, its
strength or a default) and INFLUENCES (influencer to influenced only). Searches run backwards from
the people they look for, so a neighbourhood here is the set of *predecessors*: the people and
sellers one step further from the target. One ``UNWIND $nodes`` statement fetches the
neighbourhoods of a whole search level; each node's neighbourhood is fetched once per transaction.

Nodes are identified by ``elementId`` inside a transaction (an exact seek, scoped again by
workspace); callers translate to the external ids before anything leaves the graph layer.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import LiteralString, NamedTuple

from neo4j import AsyncManagedTransaction

from graph.client import fetch_values
from graph.model import BuyingRole, RelType, SharingLevel, Stance

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
_NEIGHBOURHOODS: LiteralString = """
UNWIND $nodes AS nodeId
MATCH (n) WHERE elementId(n) = nodeId AND n.workspace = $workspace
WITH n, nodeId,
  n:Seller OR (
    NOT ($avoid AND EXISTS {
      MATCH (n)-[h:HOLDS_ROLE]->(:Account)
      WHERE (h.role = $blocker OR h.stance = $detractor)
        AND (h.fromDate IS NULL OR h.fromDate <= $day) AND (h.toDate IS NULL OR h.toDate > $day)
    })
    AND NOT EXISTS {
      MATCH (n)-[e:EMPLOYED_AT]->(o:Partner)
      WHERE (e.startDate IS NULL OR e.startDate <= $day) AND (e.endDate IS NULL OR e.endDate > $day)
        AND NOT ($viaPartners AND coalesce(o.sharingLevel, $defaultLevel) IN $walkLevels)
    }
  ) AS eligible
WITH n, nodeId, eligible, (eligible OR nodeId IN $exempt) AS open
RETURN collect([nodeId, eligible,
  CASE WHEN open AND $knows THEN
    [(n)-[r:KNOWS]-(m) WHERE (m:Seller OR (m:Person AND NOT $sellersOnly))
       AND m.workspace = $workspace AND m <> n
     | [elementId(m), m:Seller, type(r), r.strength]]
  ELSE [] END
  + CASE WHEN open AND $reportsTo AND NOT $sellersOnly THEN
    [(n)-[r:REPORTS_TO]-(m:Person) WHERE m.workspace = $workspace AND m <> n
     | [elementId(m), false, type(r), coalesce(r.strength, $reportsToStrength)]]
  ELSE [] END
  + CASE WHEN open AND $influences AND NOT $sellersOnly THEN
    [(n)<-[r:INFLUENCES]-(m:Person) WHERE m.workspace = $workspace AND m <> n
     | [elementId(m), false, type(r), r.strength]]
  ELSE [] END]) AS expanded
"""


@dataclass
class Neighbourhoods:
    """Predecessor lists of nodes, pulled a level at a time inside one transaction."""

    tx: AsyncManagedTransaction
    workspace: str
    rules: WalkRules
    blocked: frozenset[str] = frozenset()
    """Nodes treated as gone (what-if): never expanded, never a predecessor."""
    statements: int = 0
    _full: dict[str, tuple[bool, tuple[Step, ...]]] = field(default_factory=dict)

    async def expand(
        self,
        nodes: Iterable[str],
        exempt: Collection[str] = (),
        sellers_only: bool = False,
    ) -> dict[str, tuple[Step, ...]]:
        """Each node's predecessors, or none when it may not be walked through. ``exempt``
        nodes (the people searched for) are expanded whatever their eligibility;
        ``sellers_only`` fetches only the seller predecessors (a search's last level)."""
        wanted = [n for n in dict.fromkeys(nodes) if n not in self.blocked]
        answer: dict[str, tuple[Step, ...]] = {}
        missing: list[str] = []
        for node in wanted:
            cached = self._full.get(node)
            if cached is None:
                missing.append(node)
                continue
            eligible, steps = cached
            if eligible or node in exempt:
                answer[node] = tuple(s for s in steps if s.is_seller) if sellers_only else steps
            else:
                answer[node] = ()
        if missing:
            fetched = await self._fetch(missing, exempt, sellers_only)
            for node, (eligible, steps) in fetched.items():
                if not sellers_only and (eligible or node in exempt):  # steps are complete
                    self._full[node] = (eligible, steps)
                answer[node] = steps if (eligible or node in exempt) else ()
        if self.blocked:
            answer = {
                node: tuple(s for s in steps if s.neighbour not in self.blocked)
                for node, steps in answer.items()
            }
        return answer

    async def _fetch(
        self, nodes: list[str], exempt: Collection[str], sellers_only: bool
    ) -> dict[str, tuple[bool, tuple[Step, ...]]]:
        rules = self.rules
        rows = await fetch_values(
            self.tx,
            _NEIGHBOURHOODS,
            {
                "nodes": nodes,
                "workspace": self.workspace,
                "exempt": [n for n in nodes if n in exempt],
                "day": rules.day,
                "avoid": rules.avoid,
                "blocker": BuyingRole.BLOCKER.value,
                "detractor": Stance.DETRACTOR.value,
                "viaPartners": rules.via_partners,
                "walkLevels": sorted(level.value for level in PARTNER_WALK_LEVELS),
                "defaultLevel": DEFAULT_PARTNER_LEVEL.value,
                "sellersOnly": sellers_only,
                "knows": RelType.KNOWS in rules.relationships,
                "reportsTo": RelType.REPORTS_TO in rules.relationships,
                "influences": RelType.INFLUENCES in rules.relationships,
                "reportsToStrength": rules.reports_to_strength,
            },
        )
        self.statements += 1
        fetched: dict[str, tuple[bool, tuple[Step, ...]]] = dict.fromkeys(nodes, (False, ()))
        for node, eligible, found in rows[0]["expanded"] if rows else ():
            steps = [
                Step(str(neighbour), bool(is_seller), _REL_TYPES[rel], min(float(strength), 1.0))
                for neighbour, is_seller, rel, strength in found
                # an edge without warmth carries no introduction
                if strength is not None and float(strength) > 0.0
            ]
            steps.sort(key=lambda s: (s.neighbour, s.relationship.value))
            fetched[str(node)] = (bool(eligible), tuple(steps))
        return fetched


_REL_TYPES: dict[str, RelType] = {t.value: t for t in RelType}
