"""Paths in the caller's words: who each node on a path is on the day, and the path as hops.

A path is *hidden* (warmth and length only) when a partner whose contacts it walks does not share
contacts with us (below CONTACTS). What a partner caller sees is the partner boundary's to decide.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import fetch_values
from graph.core.model import HumanKind, OrganizationKind, RelType, SharingLevel
from graph.core.temporal import employed_on, role_held_on
from graph.reach.search import FoundPath
from graph.reach.walks import DEFAULT_PARTNER_LEVEL


@dataclass(frozen=True)
class PathNode:
    """One person or seller on a path; for people, where they work on the day, as what, and
    the buying roles they hold there."""

    id: str
    kind: HumanKind
    name: str | None
    title: str | None
    organization_id: str | None
    organization_name: str | None
    organization_kind: OrganizationKind | None
    buying_roles: tuple[str, ...]


@dataclass(frozen=True)
class PathHop:
    """One introduction: ``source`` knows, manages, reports to or influences ``target``."""

    source: PathNode
    target: PathNode
    relationship: RelType
    strength: float


@dataclass(frozen=True)
class WarmPath:
    """A path from one of our sellers to a role holder. ``hidden`` paths run through a partner
    whose sharing level does not show contacts: warmth and length only."""

    warmth: float
    hop_count: int
    seller_id: str | None
    first_contact_id: str | None
    target_id: str | None
    hops: tuple[PathHop, ...]
    via_partner_ids: tuple[str, ...]
    hidden: bool


# Who each node on a path is on the day: the organization (a partner first, so a partner
# contact always shows as one), the title there and the buying roles held at it.
_DESCRIBE: LiteralString = (
    """
UNWIND $nodes AS nodeId
MATCH (n) WHERE elementId(n) = nodeId AND n.workspace = $workspace
RETURN collect({nodeId: nodeId, id: n.id, seller: n:Seller, name: n.name, title: n.title,
  jobs: COLLECT {
    MATCH (n)-[e:EMPLOYED_AT]->(o)
    WHERE o.workspace = $workspace AND """
    + employed_on("e")
    + """
    RETURN {id: o.id, name: o.name, partner: o:Partner,
            level: coalesce(o.sharingLevel, $defaultLevel), title: e.title}
    ORDER BY o:Partner DESC, e.startDate DESC, o.id
  },
  roles: COLLECT {
    MATCH (n)-[h:HOLDS_ROLE]->(a:Account)
    WHERE """
    + role_held_on("h")
    + """
    RETURN DISTINCT {account: a.id, role: h.role}
  }}) AS described
"""
)


@dataclass(frozen=True)
class _Described:
    node: PathNode
    partners: tuple[tuple[str, SharingLevel], ...]


async def describe_nodes(
    tx: AsyncManagedTransaction, workspace: str, nodes: Collection[str], day: date
) -> dict[str, _Described]:
    """Who each element id is on the day (one statement for all of them)."""
    rows = await fetch_values(
        tx,
        _DESCRIBE,
        {
            "nodes": sorted(nodes),
            "workspace": workspace,
            "day": day,
            "defaultLevel": DEFAULT_PARTNER_LEVEL.value,
        },
    )
    return {str(row["nodeId"]): _describe_row(row) for row in rows[0]["described"]}


def _describe_row(row: dict[str, Any]) -> _Described:
    if row["seller"]:
        return _Described(
            PathNode(
                id=str(row["id"]),
                kind=HumanKind.SELLER,
                name=row["name"],
                title=row["title"],
                organization_id=None,
                organization_name=None,
                organization_kind=None,
                buying_roles=(),
            ),
            (),
        )
    jobs: list[dict[str, Any]] = row["jobs"]
    job = jobs[0] if jobs else None
    org_id = None if job is None else str(job["id"])
    roles = tuple(
        sorted(
            {
                str(r["role"])
                for r in row["roles"]
                if job and not job["partner"] and r["account"] == org_id
            }
        )
    )
    partners = tuple((str(j["id"]), sharing_level(j["level"])) for j in jobs if j["partner"])
    return _Described(
        PathNode(
            id=str(row["id"]),
            kind=HumanKind.PERSON,
            name=row["name"],
            title=(job or {}).get("title") or row["title"],
            organization_id=org_id,
            organization_name=None if job is None else job["name"],
            organization_kind=None
            if job is None
            else (OrganizationKind.PARTNER if job["partner"] else OrganizationKind.ACCOUNT),
            buying_roles=roles,
        ),
        partners,
    )


def sharing_level(value: object) -> SharingLevel:
    """A stored sharing level; an unknown value reads as NONE."""
    try:
        return SharingLevel(str(value))
    except ValueError:
        return SharingLevel.NONE


def build_path(found: FoundPath, described: dict[str, _Described]) -> WarmPath:
    """A found path in the caller's words; hidden when a partner whose contacts it walks does
    not share contacts with us. (What a partner caller may see of it is decided apart, by the
    partner boundary: graph/partners/boundary.py.)"""
    partners: dict[str, SharingLevel] = {}
    for node in found.nodes[1:-1]:
        for partner_id, level in described[node].partners:
            partners[partner_id] = level
    hidden = any(level is not SharingLevel.CONTACTS for level in partners.values())
    hop_count = len(found.relationships)
    if hidden:
        return WarmPath(
            warmth=found.warmth,
            hop_count=hop_count,
            seller_id=None,
            first_contact_id=None,
            target_id=None,
            hops=(),
            via_partner_ids=tuple(sorted(partners)),
            hidden=True,
        )
    people = [described[n].node for n in found.nodes]
    hops = tuple(
        PathHop(people[i], people[i + 1], found.relationships[i], found.strengths[i])
        for i in range(hop_count)
    )
    return WarmPath(
        warmth=found.warmth,
        hop_count=hop_count,
        seller_id=people[0].id,
        first_contact_id=people[1].id,
        target_id=people[-1].id,
        hops=hops,
        via_partner_ids=tuple(sorted(partners)),
        hidden=False,
    )
