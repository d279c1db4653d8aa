"""Single-threaded risk: which deals hang on one thread, why, and whom to engage next.

An *engaged contact* of an account is a person employed there today with a KNOWS relationship to
one of our sellers of strength >= ``min_strength`` whose last interaction, where known, is no
older than ``stale_after_days``. The flags (each exact):

- NO_ENGAGED_CONTACT: nobody is engaged. SINGLE_THREADED: exactly one engaged contact.
- SINGLE_SELLER: every engaged relationship is held by the same seller.
- SINGLE_DEPARTMENT: two or more engaged contacts, all in the same (known) department.
- ECONOMIC_BUYER_UNKNOWN: nobody employed there holds the economic buyer role today.
- ECONOMIC_BUYER_UNENGAGED: an economic buyer is mapped but none of them is engaged.
- NO_CHAMPION: nobody employed there holds the champion role today.
- CHAMPION_WITHOUT_ACCESS: no champion reaches an economic buyer within ``champion_hops`` (2)
  hops of KNOWS or REPORTS_TO through people (a champion who is the economic buyer has access).
- SINGLE_POINT_OF_FAILURE: someone (theirs or ours) lies on every path of at most ``max_hops``
  from our team to the economic buyers (paths walked as in ``graph.reach.paths``; their removal leaves
  no such path). Named.
- CONTACT_LEFT: someone who was an engaged contact or held a buying role there left within
  ``lookback_days``; named, with the organisation they work for now when we track it.

The score is the sum of the weights of the raised flags, capped at 100; the weights are
configurable (``RiskSettings.weights``) and default to ``DEFAULT_WEIGHTS``. Nothing here writes:
the what-if functions compute the same answer as if a person or seller were gone from the map.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Any, LiteralString, TypeVar

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_values
from graph.core.errors import InvalidInput, NotFound
from graph.core.model import (
    AccountStatus,
    BuyingRole,
    HumanKind,
    OpportunityState,
    OrganizationKind,
    RelType,
)
from graph.core.pagination import Page, decode_cursor, encode_cursor
from graph.core.temporal import employed_on, ended_between, last_day_of, reports_on, role_held_on
from graph.reach.paths import (
    FoundPath,
    WarmPath,
    check_hops,
    describe_nodes,
    load_people,
    load_sellers,
    warmest_walk,
)
from graph.reach.paths import build_path as _build_path
from graph.reach.walks import (
    DEFAULT_PARTNER_LEVEL,
    DEFAULT_REPORTS_TO_STRENGTH,
    PARTNER_WALK_LEVELS,
    Neighbourhoods,
    Pull,
    Walk,
    WalkRules,
    walk_together,
)


class RiskFlag(StrEnum):
    """Why a deal may go dark."""

    NO_ENGAGED_CONTACT = "NO_ENGAGED_CONTACT"
    SINGLE_THREADED = "SINGLE_THREADED"
    SINGLE_SELLER = "SINGLE_SELLER"
    SINGLE_DEPARTMENT = "SINGLE_DEPARTMENT"
    ECONOMIC_BUYER_UNKNOWN = "ECONOMIC_BUYER_UNKNOWN"
    ECONOMIC_BUYER_UNENGAGED = "ECONOMIC_BUYER_UNENGAGED"
    NO_CHAMPION = "NO_CHAMPION"
    CHAMPION_WITHOUT_ACCESS = "CHAMPION_WITHOUT_ACCESS"
    SINGLE_POINT_OF_FAILURE = "SINGLE_POINT_OF_FAILURE"
    CONTACT_LEFT = "CONTACT_LEFT"


DEFAULT_WEIGHTS: Mapping[RiskFlag, int] = MappingProxyType(
    {
        # Nobody to call is the worst case; one thread is next; a missing or unreached
        # economic buyer follows, then the flags that make a thread fragile.
        RiskFlag.NO_ENGAGED_CONTACT: 40,
        RiskFlag.SINGLE_THREADED: 25,
        RiskFlag.ECONOMIC_BUYER_UNKNOWN: 20,
        RiskFlag.ECONOMIC_BUYER_UNENGAGED: 15,
        RiskFlag.SINGLE_POINT_OF_FAILURE: 15,
        RiskFlag.CONTACT_LEFT: 15,
        RiskFlag.NO_CHAMPION: 10,
        RiskFlag.CHAMPION_WITHOUT_ACCESS: 10,
        RiskFlag.SINGLE_SELLER: 10,
        RiskFlag.SINGLE_DEPARTMENT: 5,
    }
)
"""Score points per raised flag; the score is their sum, capped at 100."""


class SuggestionReason(StrEnum):
    """Why a person is worth engaging next."""

    IS_ECONOMIC_BUYER = "IS_ECONOMIC_BUYER"
    HOLDS_ROLE = "HOLDS_ROLE"
    MANAGER_OF_SINGLE_THREAD = "MANAGER_OF_SINGLE_THREAD"
    PEER_OF_SINGLE_THREAD = "PEER_OF_SINGLE_THREAD"
    KNOWN_BY_PARTNER = "KNOWN_BY_PARTNER"
    SUCCESSOR_OF_FORMER_CONTACT = "SUCCESSOR_OF_FORMER_CONTACT"


SUGGESTION_WEIGHTS: Mapping[SuggestionReason, int] = MappingProxyType(
    {
        SuggestionReason.IS_ECONOMIC_BUYER: 5,
        SuggestionReason.MANAGER_OF_SINGLE_THREAD: 3,
        SuggestionReason.SUCCESSOR_OF_FORMER_CONTACT: 3,
        SuggestionReason.HOLDS_ROLE: 2,
        SuggestionReason.PEER_OF_SINGLE_THREAD: 1,
        SuggestionReason.KNOWN_BY_PARTNER: 1,
    }
)
"""How suggestions rank: the sum of their reasons' weights, then name."""


@dataclass(frozen=True)
class RiskSettings:
    """The thresholds and weights of the risk model (the issue's defaults)."""

    min_strength: float = 0.5
    stale_after_days: int = 90
    lookback_days: int = 180
    max_hops: int = 3
    champion_hops: int = 2
    reports_to_strength: float = DEFAULT_REPORTS_TO_STRENGTH
    weights: Mapping[RiskFlag, int] = field(default_factory=lambda: DEFAULT_WEIGHTS)
    max_suggestions: int = 5
    suggestion_path_hops: int = 4

    def check(self) -> None:
        """``InvalidInput`` naming the GraphQL field unless the thresholds make sense."""
        if not 0.0 < self.min_strength <= 1.0:
            raise InvalidInput("minStrength must be in (0, 1].", field="minStrength")
        if self.stale_after_days < 0:
            raise InvalidInput("staleAfterDays must not be negative.", field="staleAfterDays")
        if self.lookback_days < 0:
            raise InvalidInput("lookbackDays must not be negative.", field="lookbackDays")
        check_hops(self.max_hops, "maxHops")


@dataclass(frozen=True)
class Someone:
    """A person or seller named by a flag or a suggestion."""

    id: str
    name: str | None
    kind: HumanKind


@dataclass(frozen=True)
class EngagedContact:
    """A person employed at the account whom our team engages."""

    id: str
    name: str | None
    title: str | None
    department: str | None
    seller_ids: tuple[str, ...]
    strength: float


@dataclass(frozen=True)
class Departure:
    """Someone who left the account within the lookback, and where they work now."""

    id: str
    name: str | None
    left_on: date
    was_engaged: bool
    roles: tuple[str, ...]
    new_organisation_id: str | None
    new_organisation_name: str | None
    new_organisation_kind: OrganizationKind | None


@dataclass(frozen=True)
class RaisedFlag:
    """One flag with its weight, a sentence, and the people or departures behind it."""

    flag: RiskFlag
    weight: int
    detail: str
    people: tuple[Someone, ...] = ()
    departures: tuple[Departure, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    """A person to engage next, why, and the warmest path to them."""

    person: Someone
    title: str | None
    reasons: tuple[SuggestionReason, ...]
    roles: tuple[str, ...]
    score: int
    path: WarmPath | None


@dataclass(frozen=True)
class AccountRisk:
    """One account's single-threaded risk on a day."""

    account_id: str
    account_name: str | None
    status: str | None
    as_of: date
    score: int
    flags: tuple[RaisedFlag, ...]
    engaged_contacts: tuple[EngagedContact, ...]
    economic_buyers: tuple[Someone, ...]
    champions: tuple[Someone, ...]
    suggestions: tuple[Suggestion, ...]

    @property
    def flag_names(self) -> frozenset[RiskFlag]:
        """The raised flags as a set."""
        return frozenset(f.flag for f in self.flags)


@dataclass(frozen=True)
class WhatIf:
    """An account's risk now and as if someone left."""

    before: AccountRisk
    after: AccountRisk
    gone: Someone


T = TypeVar("T")

# ---- Facts ----------------------------------------------------------------------------------

# Everything the flags need of a batch of accounts, in one statement: the people employed there
# on the day (with their managers, their ties to our sellers and whether a partner knows them),
# the roles held on the day, and who left within the lookback (with the roles they held when
# they left, their ties to us and where they work now).
_FACTS_OF_ACCOUNTS: LiteralString = (
    """
UNWIND $accountIds AS accountId
MATCH (a:Account {workspace: $workspace, id: accountId})
WITH collect({id: a.id, name: a.name, status: a.status,
  staff: COLLECT {
    MATCH (a)<-[e:EMPLOYED_AT]-(p:Person)
    WHERE p.workspace = $workspace AND """
    + employed_on("e")
    + """
    RETURN {node: elementId(p), id: p.id, name: p.name, title: coalesce(e.title, p.title),
      department: coalesce(e.department, p.department),
      managers: [(p)-[r:REPORTS_TO]->(m:Person) WHERE m.workspace = $workspace AND """
    + reports_on("r")
    + """ | m.id],
      ties: [(p)-[k:KNOWS]-(s:Seller) WHERE s.workspace = $workspace
        | {seller: s.id, sellerName: s.name, strength: k.strength, last: k.lastInteractionAt}],
      partnerKnown: EXISTS {
        MATCH (p)-[:KNOWS]-(c:Person)-[ce:EMPLOYED_AT]->(pt:Partner)
        WHERE c.workspace = $workspace AND coalesce(pt.sharingLevel, $defaultLevel) IN $walkLevels
          AND """
    + employed_on("ce")
    + """
      }} AS person
    ORDER BY e.startDate DESC
  },
  roles: COLLECT {
    MATCH (a)<-[h:HOLDS_ROLE]-(p:Person)
    WHERE p.workspace = $workspace AND """
    + role_held_on("h")
    + """
    RETURN {id: p.id, role: h.role, stance: h.stance}
  },
  departures: COLLECT {
    MATCH (a)<-[e:EMPLOYED_AT]-(p:Person)
    WHERE p.workspace = $workspace AND """
    + ended_between("e", "$lookbackStart")
    + """
      AND NOT EXISTS { MATCH (p)-[c:EMPLOYED_AT]->(a) WHERE """
    + employed_on("c")
    + """ }
    RETURN {node: elementId(p), id: p.id, name: p.name, left: e.endDate,
      roles: [(p)-[h:HOLDS_ROLE]->(a) WHERE """
    + role_held_on("h", last_day_of("e"))
    + """ | h.role],
      ties: [(p)-[k:KNOWS]-(s:Seller) WHERE s.workspace = $workspace
        | {seller: s.id, sellerName: s.name, strength: k.strength, last: k.lastInteractionAt}],
      next: [(p)-[n:EMPLOYED_AT]->(o) WHERE o <> a AND o.workspace = $workspace AND """
    + employed_on("n")
    + """
        | {id: o.id, name: o.name, partner: o:Partner}]}
  }}) AS accounts
"""
)
_FACTS: LiteralString = _FACTS_OF_ACCOUNTS + "RETURN accounts"
# The same with every seller of the workspace (the sources of the walks), saving a statement.
_FACTS_AND_SELLERS: LiteralString = (
    _FACTS_OF_ACCOUNTS
    + """CALL {
  MATCH (s:Seller {workspace: $workspace}) RETURN collect([elementId(s), s.id]) AS sellers
}
RETURN accounts, sellers
"""
)


@dataclass(frozen=True)
class _Tie:
    seller: str
    seller_name: str | None
    strength: float
    last: date | None


@dataclass(frozen=True)
class _Staff:
    node: str
    id: str
    name: str | None
    title: str | None
    department: str | None
    managers: tuple[str, ...]
    ties: tuple[_Tie, ...]
    partner_known: bool


@dataclass(frozen=True)
class _Facts:
    id: str
    name: str | None
    status: str | None
    staff: dict[str, _Staff]
    roles: dict[str, set[str]]  # person id -> roles held today (employed or not)
    departures: tuple[Departure, ...]


def _as_date(value: Any) -> date | None:
    if value is None:
        return None
    if hasattr(value, "to_native"):
        value = value.to_native()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return datetime.fromisoformat(str(value)).date()
    except ValueError:
        return None


def _ties(rows: Iterable[dict[str, Any]]) -> tuple[_Tie, ...]:
    return tuple(
        _Tie(str(t["seller"]), t["sellerName"], float(t["strength"] or 0.0), _as_date(t["last"]))
        for t in rows
    )


def _engaging(tie: _Tie, on: date, settings: RiskSettings) -> bool:
    stale = on - timedelta(days=settings.stale_after_days)
    return tie.strength >= settings.min_strength and (tie.last is None or tie.last >= stale)


def _facts_from_row(row: dict[str, Any], day: date, settings: RiskSettings) -> _Facts:
    staff: dict[str, _Staff] = {}
    for s in row["staff"]:
        if s["id"] in staff:
            continue  # two current jobs at one account: the first describes them
        staff[str(s["id"])] = _Staff(
            node=str(s["node"]),
            id=str(s["id"]),
            name=s["name"],
            title=s["title"],
            department=s["department"],
            managers=tuple(sorted(set(s["managers"]))),
            ties=_ties(s["ties"]),
            partner_known=bool(s["partnerKnown"]),
        )
    roles: dict[str, set[str]] = {}
    for r in row["roles"]:
        roles.setdefault(str(r["id"]), set()).add(str(r["role"]))
    latest: dict[str, dict[str, Any]] = {}
    for d in row["departures"]:
        left = _as_date(d["left"])
        previous = latest.get(d["id"])
        if previous is None or (left and left > _as_date(previous["left"])):  # type: ignore[operator]
            latest[str(d["id"])] = d
    departures = []
    for person_id, d in sorted(latest.items()):
        left = _as_date(d["left"])
        assert left is not None
        engaged = any(_engaging(t, left, settings) for t in _ties(d["ties"]))
        held = tuple(sorted(set(d["roles"])))
        if not engaged and not held:
            continue
        nxt = sorted(d["next"], key=lambda o: (o["partner"], str(o["id"])))
        org = nxt[0] if nxt else None
        departures.append(
            Departure(
                id=person_id,
                name=d["name"],
                left_on=left,
                was_engaged=engaged,
                roles=held,
                new_organisation_id=None if org is None else str(org["id"]),
                new_organisation_name=None if org is None else org["name"],
                new_organisation_kind=None
                if org is None
                else (OrganizationKind.PARTNER if org["partner"] else OrganizationKind.ACCOUNT),
            )
        )
    return _Facts(str(row["id"]), row["name"], row["status"], staff, roles, tuple(departures))


async def _load_facts(
    tx: AsyncManagedTransaction,
    workspace: str,
    account_ids: Sequence[str],
    day: date,
    settings: RiskSettings,
) -> dict[str, _Facts]:
    facts, _ = await _load_facts_and_sellers(tx, workspace, account_ids, day, settings, False)
    return facts


async def _load_facts_and_sellers(
    tx: AsyncManagedTransaction,
    workspace: str,
    account_ids: Sequence[str],
    day: date,
    settings: RiskSettings,
    with_sellers: bool = True,
) -> tuple[dict[str, _Facts], dict[str, str]]:
    """The accounts' facts and (``with_sellers``) every seller: element id -> seller id."""
    rows = await fetch_values(
        tx,
        _FACTS_AND_SELLERS if with_sellers else _FACTS,
        {
            "workspace": workspace,
            "accountIds": list(account_ids),
            "day": day,
            "lookbackStart": day - timedelta(days=settings.lookback_days),
            "defaultLevel": DEFAULT_PARTNER_LEVEL.value,
            "walkLevels": sorted(level.value for level in PARTNER_WALK_LEVELS),
        },
    )
    facts = {str(r["id"]): _facts_from_row(r, day, settings) for r in rows[0]["accounts"]}
    sellers = {str(node): str(sid) for node, sid in rows[0].get("sellers", ())}
    return facts, sellers


def _without(
    facts: _Facts,
    gone_people: frozenset[str],
    gone_sellers: frozenset[str],
    day: date,
    settings: RiskSettings,
) -> _Facts:
    """The facts as if the people had left today and the sellers had left our team."""
    staff = {
        pid: replace(s, ties=tuple(t for t in s.ties if t.seller not in gone_sellers))
        for pid, s in facts.staff.items()
        if pid not in gone_people
    }
    departures = list(facts.departures)
    for pid in sorted(gone_people & facts.staff.keys()):
        person = facts.staff[pid]
        held = tuple(sorted(facts.roles.get(pid, set())))
        engaged = any(_engaging(t, day, settings) for t in person.ties)
        if engaged or held:
            departures.append(Departure(pid, person.name, day, engaged, held, None, None, None))
    roles = {pid: r for pid, r in facts.roles.items() if pid not in gone_people}
    return replace(facts, staff=staff, roles=roles, departures=tuple(departures))


# ---- Reach: single points of failure and champion access --------------------------------------


@dataclass
class _Reach:
    """The hop-bounded subgraph between our team and one account's economic buyers."""

    targets: frozenset[str]
    frontier: set[str]
    seen: set[str]
    edges: dict[str, set[str]] = field(default_factory=dict)  # node -> successors (walk order)
    sources: set[str] = field(default_factory=set)


def _reach_walk(
    hoods: Neighbourhoods,
    sellers: Mapping[str, str],
    targets: Mapping[str, frozenset[str]],
    max_hops: int,
) -> Walk[dict[str, _Reach]]:
    """Per account, every edge of every walk of at most ``max_hops`` from a seller to one of
    its economic buyers (a backward search from all accounts at once, one level at a time)."""
    reach = {
        account: _Reach(nodes, set(nodes), set(nodes))
        for account, nodes in targets.items()
        if nodes
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


def _walk(r: _Reach, max_hops: int, removed: str | None) -> list[str] | None:
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


def _single_points(r: _Reach, max_hops: int) -> list[str]:
    """Nodes other than the economic buyers on every walk within the bound (only the nodes of
    one walk can be on all of them)."""
    walk = _walk(r, max_hops, None)
    if walk is None:
        return []
    return [n for n in walk if n not in r.targets and _walk(r, max_hops, n) is None]


_NEAR: frozenset[RelType] = frozenset({RelType.KNOWS, RelType.REPORTS_TO})


def _champion_walk(
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


# ---- Flags, score, suggestions -----------------------------------------------------------------


def _someone(facts: _Facts, person_id: str) -> Someone:
    person = facts.staff.get(person_id)
    return Someone(person_id, None if person is None else person.name, HumanKind.PERSON)


def _engaged(facts: _Facts, day: date, settings: RiskSettings) -> tuple[EngagedContact, ...]:
    engaged = []
    for person in facts.staff.values():
        ties = [t for t in person.ties if _engaging(t, day, settings)]
        if ties:
            engaged.append(
                EngagedContact(
                    person.id,
                    person.name,
                    person.title,
                    person.department,
                    tuple(sorted({t.seller for t in ties})),
                    max(t.strength for t in ties),
                )
            )
    return tuple(sorted(engaged, key=lambda e: (-e.strength, e.id)))


def _holders(facts: _Facts, role: str) -> list[str]:
    return sorted(p for p, roles in facts.roles.items() if role in roles and p in facts.staff)


@dataclass(frozen=True)
class _Graphwise:
    single_points: tuple[Someone, ...]
    champion_access: bool | None


def _flags(
    facts: _Facts,
    engaged: tuple[EngagedContact, ...],
    graphwise: _Graphwise,
    settings: RiskSettings,
) -> list[RaisedFlag]:
    weights = settings.weights
    raised: list[RaisedFlag] = []

    def flag(
        which: RiskFlag,
        detail: str,
        people: Iterable[Someone] = (),
        departures: Iterable[Departure] = (),
    ) -> None:
        raised.append(
            RaisedFlag(which, weights.get(which, 0), detail, tuple(people), tuple(departures))
        )

    contacts = [Someone(e.id, e.name, HumanKind.PERSON) for e in engaged]
    if not engaged:
        flag(RiskFlag.NO_ENGAGED_CONTACT, "Nobody at the account is engaged by our team.")
    if len(engaged) == 1:
        flag(RiskFlag.SINGLE_THREADED, "The deal rests on one engaged contact.", contacts)
    sellers = {s for e in engaged for s in e.seller_ids}
    if len(sellers) == 1:
        (seller,) = sellers
        flag(
            RiskFlag.SINGLE_SELLER,
            "Every engaged relationship is held by one seller.",
            [Someone(seller, _seller_name(facts, seller), HumanKind.SELLER)],
        )
    departments = {e.department for e in engaged}
    if len(engaged) >= 2 and len(departments) == 1 and None not in departments:
        flag(
            RiskFlag.SINGLE_DEPARTMENT,
            f"Every engaged contact works in {departments.pop()}.",
            contacts,
        )
    buyers = _holders(facts, BuyingRole.ECONOMIC_BUYER)
    engaged_ids = {e.id for e in engaged}
    if not buyers:
        flag(RiskFlag.ECONOMIC_BUYER_UNKNOWN, "No economic buyer is mapped at the account.")
    elif not engaged_ids & set(buyers):
        flag(
            RiskFlag.ECONOMIC_BUYER_UNENGAGED,
            "The economic buyer is mapped but nobody on our team engages them.",
            [_someone(facts, b) for b in buyers],
        )
    champions = _holders(facts, BuyingRole.CHAMPION)
    if not champions:
        flag(RiskFlag.NO_CHAMPION, "Nobody at the account champions us.")
    elif graphwise.champion_access is False:
        flag(
            RiskFlag.CHAMPION_WITHOUT_ACCESS,
            f"No champion reaches the economic buyer within {settings.champion_hops} hops.",
            [_someone(facts, c) for c in champions],
        )
    if graphwise.single_points:
        names = ", ".join(p.name or p.id for p in graphwise.single_points)
        flag(
            RiskFlag.SINGLE_POINT_OF_FAILURE,
            f"Every path within {settings.max_hops} hops to the economic buyer goes through "
            f"{names}.",
            graphwise.single_points,
        )
    if facts.departures:
        flag(
            RiskFlag.CONTACT_LEFT,
            f"{len(facts.departures)} engaged contact(s) or role holder(s) left within "
            f"{settings.lookback_days} days.",
            [Someone(d.id, d.name, HumanKind.PERSON) for d in facts.departures],
            facts.departures,
        )
    return raised


def _seller_name(facts: _Facts, seller: str) -> str | None:
    for person in facts.staff.values():
        for tie in person.ties:
            if tie.seller == seller:
                return tie.seller_name
    return None


def _suggest(
    facts: _Facts, engaged: tuple[EngagedContact, ...]
) -> list[tuple[_Staff, tuple[SuggestionReason, ...], int]]:
    engaged_ids = {e.id for e in engaged}
    thread = facts.staff[engaged[0].id] if len(engaged) == 1 else None
    left_roles = {role for d in facts.departures for role in d.roles}
    ranked = []
    for person in facts.staff.values():
        if person.id in engaged_ids:
            continue
        roles = facts.roles.get(person.id, set())
        reasons: list[SuggestionReason] = []
        if BuyingRole.ECONOMIC_BUYER.value in roles:
            reasons.append(SuggestionReason.IS_ECONOMIC_BUYER)
        if roles - {BuyingRole.ECONOMIC_BUYER.value}:
            reasons.append(SuggestionReason.HOLDS_ROLE)
        if thread is not None and person.id in thread.managers:
            reasons.append(SuggestionReason.MANAGER_OF_SINGLE_THREAD)
        if thread is not None and set(thread.managers) & set(person.managers):
            reasons.append(SuggestionReason.PEER_OF_SINGLE_THREAD)
        if person.partner_known:
            reasons.append(SuggestionReason.KNOWN_BY_PARTNER)
        if roles & left_roles:
            reasons.append(SuggestionReason.SUCCESSOR_OF_FORMER_CONTACT)
        if reasons:
            score = sum(SUGGESTION_WEIGHTS[r] for r in reasons)
            ranked.append((person, tuple(reasons), score))
    ranked.sort(key=lambda item: (-item[2], item[0].name or "", item[0].id))
    return ranked


# ---- Assembly ---------------------------------------------------------------------------------


async def _assess(
    tx: AsyncManagedTransaction,
    workspace: str,
    account_ids: Sequence[str],
    day: date,
    settings: RiskSettings,
    suggestions: bool,
    gone_people: frozenset[str] = frozenset(),
    gone_sellers: frozenset[str] = frozenset(),
) -> dict[str, AccountRisk]:
    facts, sellers = await _load_facts_and_sellers(tx, workspace, account_ids, day, settings)
    blocked_people = await load_people(tx, workspace, sorted(gone_people)) if gone_people else {}
    blocked = frozenset(blocked_people) | frozenset(
        node for node, sid in sellers.items() if sid in gone_sellers
    )
    sellers = {node: sid for node, sid in sellers.items() if node not in blocked}
    if gone_people or gone_sellers:
        facts = {a: _without(f, gone_people, gone_sellers, day, settings) for a, f in facts.items()}
    targets = {
        a: frozenset(f.staff[p].node for p in _holders(f, BuyingRole.ECONOMIC_BUYER))
        for a, f in facts.items()
    }
    hoods = Neighbourhoods(
        tx,
        workspace,
        WalkRules(day=day, reports_to_strength=settings.reports_to_strength),
        blocked=blocked,
    )
    engaged = {a: _engaged(f, day, settings) for a, f in facts.items()}
    chosen = {
        a: _suggest(f, engaged[a])[: settings.max_suggestions] if suggestions else []
        for a, f in facts.items()
    }
    wanted = [(a, person) for a in facts for person, _, _ in chosen[a]]
    # Reach, champion access and the paths to every suggested person walk side by side: one
    # statement per level for all of them, each neighbourhood fetched once.
    reach: dict[str, _Reach] = {}
    near: dict[str, set[str]] = {}
    found: list[list[FoundPath]] = []
    await walk_together(
        hoods,
        [
            _keeping(_reach_walk(hoods, sellers, targets, settings.max_hops), reach.update),
            _keeping(_champion_walk(hoods, targets, settings.champion_hops), near.update),
            *(
                _keeping(
                    warmest_walk(hoods, [person.node], sellers, settings.suggestion_path_hops, 1),
                    found.append,
                )
                for _, person in wanted
            ),
        ],
    )
    paths = {(a, person.id): p[0] for (a, person), p in zip(wanted, found, strict=True) if p}
    points = {a: _single_points(reach[a], settings.max_hops) if a in reach else [] for a in facts}
    on_show = {n for nodes in points.values() for n in nodes} | {
        n for path in paths.values() for n in path.nodes
    }
    described = await describe_nodes(tx, workspace, on_show, day) if on_show else {}
    answers: dict[str, AccountRisk] = {}
    for account_id, f in facts.items():
        champions = _holders(f, BuyingRole.CHAMPION)
        access = None
        if champions and targets[account_id]:
            access = any(f.staff[c].node in near[account_id] for c in champions)
        named = tuple(
            Someone(described[n].node.id, described[n].node.name, described[n].node.kind)
            for n in points[account_id]
        )
        flags = _flags(f, engaged[account_id], _Graphwise(named, access), settings)
        answers[account_id] = AccountRisk(
            account_id=account_id,
            account_name=f.name,
            status=f.status,
            as_of=day,
            score=min(100, sum(flag.weight for flag in flags)),
            flags=tuple(flags),
            engaged_contacts=engaged[account_id],
            economic_buyers=tuple(_someone(f, b) for b in _holders(f, BuyingRole.ECONOMIC_BUYER)),
            champions=tuple(_someone(f, c) for c in champions),
            suggestions=tuple(
                Suggestion(
                    person=Someone(person.id, person.name, HumanKind.PERSON),
                    title=person.title,
                    reasons=reasons,
                    roles=tuple(sorted(f.roles.get(person.id, set()))),
                    score=score,
                    path=_build_path(path, described, None)
                    if (path := paths.get((account_id, person.id)))
                    else None,
                )
                for person, reasons, score in chosen[account_id]
            ),
        )
    return answers


def _keeping(walk: Walk[T], keep: Callable[[T], object]) -> Walk[None]:
    """A walk that hands its answer to ``keep``, so walks of different answers run together."""
    keep((yield from walk))


async def assess_account_risk(
    client: GraphClient,
    workspace: str,
    account_id: str,
    settings: RiskSettings | None = None,
    as_of: date | None = None,
) -> AccountRisk:
    """One account's flags, score and suggestions (with the warmest path to each).
    ``NotFound`` when the workspace has no such account."""
    chosen = settings or RiskSettings()
    chosen.check()
    day = as_of or date.today()

    async def work(tx: AsyncManagedTransaction) -> dict[str, AccountRisk]:
        return await _assess(tx, workspace, [account_id], day, chosen, True)

    answers = await client.read(work)
    if account_id not in answers:
        raise NotFound.of("Account", account_id, argument="accountId")
    return answers[account_id]


async def what_if_leaves(
    client: GraphClient,
    workspace: str,
    account_id: str,
    person_id: str | None = None,
    seller_id: str | None = None,
    settings: RiskSettings | None = None,
    as_of: date | None = None,
) -> WhatIf:
    """The account's risk now and as if the person left (no longer employed, holding no role,
    on no path) or the seller left our team; nothing is written. Exactly one of ``person_id``
    and ``seller_id``; ``NotFound`` for an unknown account, person or seller."""
    if (person_id is None) == (seller_id is None):
        raise InvalidInput("Name exactly one of personId and sellerId.", field="personId")
    chosen = settings or RiskSettings()
    chosen.check()
    day = as_of or date.today()
    gone_people = frozenset({person_id}) if person_id else frozenset()
    gone_sellers = frozenset({seller_id}) if seller_id else frozenset()

    async def work(tx: AsyncManagedTransaction) -> tuple[dict[str, AccountRisk], ...]:
        if person_id and not await load_people(tx, workspace, [person_id]):
            raise NotFound.of("Person", person_id, argument="personId")
        if seller_id and not await load_sellers(tx, workspace, [seller_id]):
            raise NotFound.of("Seller", seller_id, argument="sellerId")
        before = await _assess(tx, workspace, [account_id], day, chosen, True)
        after = await _assess(
            tx, workspace, [account_id], day, chosen, True, gone_people, gone_sellers
        )
        return before, after

    before, after = await client.read(work)
    if account_id not in before:
        raise NotFound.of("Account", account_id, argument="accountId")
    gone = (
        Someone(person_id, None, HumanKind.PERSON)
        if person_id
        else Someone(str(seller_id), None, HumanKind.SELLER)
    )
    return WhatIf(before[account_id], after[account_id], gone)


# ---- Portfolio --------------------------------------------------------------------------------

_PORTFOLIO: LiteralString = """
MATCH (a:Account {workspace: $workspace})
WHERE (a.status = $customer OR EXISTS {
    MATCH (o:Opportunity {workspace: $workspace, accountId: a.id}) WHERE o.state = $open
  })
  AND ($sellerId IS NULL OR a.ownerSellerId = $sellerId
    OR EXISTS { MATCH (a)-[:OWNED_BY]->(:Seller {workspace: $workspace, id: $sellerId}) }
    OR EXISTS {
      MATCH (o:Opportunity {workspace: $workspace, accountId: a.id})
      WHERE o.state = $open AND o.ownerSellerId = $sellerId
    })
WITH a.id AS id ORDER BY id
RETURN collect(id) AS ids
"""

_SORT = "risk"
_BATCH = 500


async def scan_portfolio_risk(
    client: GraphClient,
    workspace: str,
    first: int = 50,
    after: str | None = None,
    seller_id: str | None = None,
    flag: RiskFlag | None = None,
    min_score: int = 0,
    settings: RiskSettings | None = None,
    as_of: date | None = None,
) -> Page[AccountRisk]:
    """Accounts that are customers or have an open deal (owned by ``seller_id`` when given, as
    account owner or deal owner), scored, riskiest first (then by id), filtered by flag and
    minimum score, a page at a time. Suggestions are left out (ask ``assess_account_risk``)."""
    chosen = settings or RiskSettings()
    chosen.check()
    day = as_of or date.today()
    position = None if after is None else decode_cursor(after, _SORT)

    async def work(tx: AsyncManagedTransaction) -> list[AccountRisk]:
        rows = await fetch_values(
            tx,
            _PORTFOLIO,
            {
                "workspace": workspace,
                "sellerId": seller_id,
                "customer": AccountStatus.CUSTOMER.value,
                "open": OpportunityState.OPEN.value,
            },
        )
        ids = [str(account_id) for account_id in rows[0]["ids"]]
        scored: list[AccountRisk] = []
        for start in range(0, len(ids), _BATCH):
            batch = await _assess(tx, workspace, ids[start : start + _BATCH], day, chosen, False)
            scored.extend(batch.values())
        return scored

    scored = [
        r
        for r in await client.read(work)
        if r.score >= min_score and (flag is None or flag in r.flag_names)
    ]
    scored.sort(key=lambda r: (-r.score, r.account_id))
    total = len(scored)
    if position is not None:
        score, account = position
        key = (-int(str(score)), account)
        scored = [r for r in scored if (-r.score, r.account_id) > key]
    page = scored[:first]
    return Page(
        items=tuple((encode_cursor(_SORT, r.score, r.account_id), r) for r in page),
        has_next_page=len(scored) > first,
        total_count=total,
    )


def risk_weights(overrides: Mapping[str, int] | None = None) -> Mapping[RiskFlag, int]:
    """The default weights with some replaced (flag name -> points); ``InvalidInput`` on an
    unknown flag or a weight outside 0..100."""
    weights = dict(DEFAULT_WEIGHTS)
    for name, points in (overrides or {}).items():
        if name not in RiskFlag.__members__:
            raise InvalidInput(f"{name} is not a risk flag.", field="weights")
        if not 0 <= points <= 100:
            raise InvalidInput(f"The weight of {name} must be between 0 and 100.", field="weights")
        weights[RiskFlag(name)] = points
    return MappingProxyType(weights)
