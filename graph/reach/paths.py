"""Warmest paths from our team to the people who hold a buying role at an account.

Warmth is the product of the strengths along a path; the best path has the highest warmth, ties
going to fewer hops. The search is exact and never enumerates paths in Cypher: it runs backwards
from the role holders as a hop-bounded label-correcting search (Bellman-Ford in rounds, one round
per hop), pulling the predecessors of a whole round with one ``UNWIND`` statement, all inside one
read transaction. A round only expands nodes whose warmth improved in the previous one, and never
a node already colder than the k-th best answer found (strengths are at most 1, so a path only
cools as it grows): the search stops as soon as nothing can beat what it has.

Alternatives differ in their *first contact* (the node right after the seller). A path starts at
one of the chosen sellers, passes through none of them and ends at the first role holder it
reaches. People who left an organisation may be intermediates; partner contacts only with
``via_partners`` and a partner sharing level above NONE, and the path shows who is on it only at
CONTACTS (below, it says that a partner path exists and how warm it is); ``avoid`` keeps
blockers and detractors (on the day) off the path as intermediates.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, LiteralString, NamedTuple

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all, fetch_values
from graph.core.errors import InvalidInput, NotFound
from graph.core.model import BuyingRole, HumanKind, OrganizationKind, RelType, SharingLevel
from graph.core.roles import check_buying_role
from graph.core.temporal import employed_on, role_held_on
from graph.reach.walks import (
    DEFAULT_PARTNER_LEVEL,
    DEFAULT_REPORTS_TO_STRENGTH,
    Neighbourhoods,
    Pull,
    Walk,
    WalkRules,
    walk_together,
)

MAX_HOPS_LIMIT = 6
MAX_ALTERNATIVES = 10
_EPSILON = 1e-12  # products taken in another order may differ in the last bits


class PathReason(StrEnum):
    """Why a warmest-path answer holds no path."""

    NO_SELLERS = "NO_SELLERS"
    NO_ROLE_HOLDER_MAPPED = "NO_ROLE_HOLDER_MAPPED"
    NO_PATH_WITHIN_MAX_HOPS = "NO_PATH_WITHIN_MAX_HOPS"


@dataclass(frozen=True)
class PathNode:
    """One person or seller on a path; for people, where they work on the day, as what, and
    the buying roles they hold there."""

    id: str
    kind: HumanKind
    name: str | None
    title: str | None
    organisation_id: str | None
    organisation_name: str | None
    organisation_kind: OrganizationKind | None
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


# The start of a search in one statement: whether the account exists, its role holders on the
# day who are employed there on the day, and the chosen sellers (lists in one row: the driver
# pays a network round per record).
_SEARCH_ENDS: LiteralString = (
    """
OPTIONAL MATCH (a:Account {workspace: $workspace, id: $accountId})
RETURN a IS NOT NULL AS found,
  COLLECT {
    MATCH (a)<-[h:HOLDS_ROLE]-(p:Person)
    WHERE h.role = $role AND p.workspace = $workspace AND """
    + role_held_on("h")
    + """
      AND EXISTS { MATCH (p)-[e:EMPLOYED_AT]->(a) WHERE """
    + employed_on("e")
    + """ }
    WITH DISTINCT p
    RETURN [elementId(p), p.id] AS holder ORDER BY p.id
  } AS holders,
  COLLECT {
    MATCH (s:Seller {workspace: $workspace})
    WHERE a IS NOT NULL AND ($sellerIds IS NULL OR s.id IN $sellerIds)
    RETURN [elementId(s), s.id] AS seller
  } AS sellers
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

# Who each node on a path is on the day: the organisation (a partner first, so a partner
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
                organisation_id=None,
                organisation_name=None,
                organisation_kind=None,
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
    partners = tuple((str(j["id"]), _level(j["level"])) for j in jobs if j["partner"])
    return _Described(
        PathNode(
            id=str(row["id"]),
            kind=HumanKind.PERSON,
            name=row["name"],
            title=(job or {}).get("title") or row["title"],
            organisation_id=org_id,
            organisation_name=None if job is None else job["name"],
            organisation_kind=None
            if job is None
            else (OrganizationKind.PARTNER if job["partner"] else OrganizationKind.ACCOUNT),
            buying_roles=roles,
        ),
        partners,
    )


def _level(value: object) -> SharingLevel:
    try:
        return SharingLevel(str(value))
    except ValueError:
        return SharingLevel.NONE


def build_path(
    found: FoundPath,
    described: dict[str, _Described],
    partner_sharing: SharingLevel | None,
) -> WarmPath:
    """A found path in the caller's words; hidden when a partner on it, or the caller's own
    sharing level, does not show contacts."""
    partners: dict[str, SharingLevel] = {}
    for node in found.nodes[1:-1]:
        for partner_id, level in described[node].partners:
            partners[partner_id] = level
    hidden = (partner_sharing is not None and partner_sharing is not SharingLevel.CONTACTS) or any(
        level is not SharingLevel.CONTACTS for level in partners.values()
    )
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
    partner_sharing: SharingLevel | None,
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
    return tuple(build_path(path, described, partner_sharing) for path in found)


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
    partner_sharing: SharingLevel | None = None,
    reports_to_strength: float = DEFAULT_REPORTS_TO_STRENGTH,
) -> WarmestPaths:
    """The k warmest paths (distinct first contacts) from our sellers (``from_seller_ids``,
    default all) to anyone holding ``role`` at the account and employed there on ``as_of``
    (default today). ``partner_sharing`` is the sharing level of a partner caller (None for our
    own team): below CONTACTS every path is hidden to warmth and length. ``InvalidInput`` when
    ``max_hops`` is outside 1..6, ``k`` outside 1..10 or ``role`` is no role of the workspace
    (naming the nearest); ``NotFound`` for an unknown account."""
    check_search_bounds(max_hops, k)
    day = as_of or date.today()
    rules = WalkRules(
        day=day, via_partners=via_partners, avoid=avoid, reports_to_strength=reports_to_strength
    )

    def answer(
        holders: tuple[str, ...], paths: tuple[WarmPath, ...], reason: PathReason | None
    ) -> WarmestPaths:
        return WarmestPaths(account_id, str(role), day, max_hops, holders, paths, reason)

    async def work(tx: AsyncManagedTransaction) -> WarmestPaths:
        await check_buying_role(tx, workspace, str(role))
        (ends,) = await fetch_values(
            tx,
            _SEARCH_ENDS,
            {
                "workspace": workspace,
                "accountId": account_id,
                "role": str(role),
                "day": day,
                "sellerIds": None if from_seller_ids is None else list(from_seller_ids),
            },
        )
        if not ends["found"]:
            raise NotFound.of("Account", account_id, argument="accountId")
        holders = tuple(str(person_id) for _, person_id in ends["holders"])
        if not holders:
            return answer((), (), PathReason.NO_ROLE_HOLDER_MAPPED)
        sellers = {str(node): str(seller_id) for node, seller_id in ends["sellers"]}
        if not sellers:
            return answer(holders, (), PathReason.NO_SELLERS)
        targets = [str(node) for node, _ in ends["holders"]]
        paths = await paths_in(tx, workspace, targets, sellers, rules, max_hops, k, partner_sharing)
        return answer(holders, paths, None if paths else PathReason.NO_PATH_WITHIN_MAX_HOPS)

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
    partner_sharing: SharingLevel | None = None,
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
        return await paths_in(tx, workspace, targets, sellers, rules, max_hops, k, partner_sharing)

    return await client.read(work)


_PARTNER_LEVEL: LiteralString = """
MATCH (p:Partner {workspace: $workspace, id: $partnerId})
RETURN coalesce(p.sharingLevel, $defaultLevel) AS level
"""


async def find_partner_sharing_level(
    client: GraphClient, workspace: str, partner_id: str
) -> SharingLevel | None:
    """A partner's sharing level (what its own callers may see), or None if it is unknown."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx,
            _PARTNER_LEVEL,
            {
                "workspace": workspace,
                "partnerId": partner_id,
                "defaultLevel": DEFAULT_PARTNER_LEVEL.value,
            },
        )

    rows = await client.read(work)
    return _level(rows[0]["level"]) if rows else None
