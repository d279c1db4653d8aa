"""Departure knock-on against an independent answer: generated workspaces loaded through the
importer (``graph.ingest.imports.load_bundle``), routes found by brute-force enumeration of simple paths
in plain Python, with and without the leaver."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from graph.core.client import GraphClient
from graph.core.errors import InvalidInput, NotFound
from graph.core.model import BuyingRole, OpportunityState
from graph.ingest.imports import load_bundle
from graph.reach.departures import (
    DepartureSettings,
    KnockOnReason,
    find_departure_knock_on,
)
from graph.reach.paths import PathReason, WarmPath
from tests.conftest import new_workspace
from tests.reference.graphs import STRENGTHS, Edge, Sample, simple_paths, walk_edges
from tests.reference.temporal import in_force

DAY = date(2026, 3, 1)
LEFT = "acc-left"
NEW = "acc-new"
ELSEWHERE = "acc-elsewhere"
ACCOUNTS = (LEFT, NEW, ELSEWHERE)
LEAVER = "leaver"
EB = BuyingRole.ECONOMIC_BUYER.value
EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass(frozen=True)
class Job:
    person: str
    account: str
    start: date
    end: date | None

    def covers(self, day: date) -> bool:
        """Employed on the day (the model's rule)."""
        return in_force(self.start, self.end, day)


@dataclass(frozen=True)
class Held:
    person: str
    account: str
    role: str
    end: date | None


@dataclass
class World:
    """A generated workspace as Python data; ``bundle`` is the same as an import bundle."""

    sellers: list[str]
    people: list[str]
    jobs: list[Job]
    roles: list[Held]
    edges: list[Edge]
    deals: list[tuple[str, str, str]] = field(default_factory=list)  # id, account, state

    def bundle(self) -> dict[str, list[dict[str, Any]]]:
        """The import bundle of the world."""

        def day(value: date | None) -> str | None:
            return None if value is None else value.isoformat()

        return {
            "sellers": [{"id": s, "name": f"Seller {s}", "role": "AE"} for s in self.sellers],
            "accounts": [{"id": a, "name": f"Account {a}", "status": "PROSPECT"} for a in ACCOUNTS],
            "people": [{"id": p, "name": f"Person {p}"} for p in self.people],
            "employments": [
                {
                    "id": f"job-{i}",
                    "personId": j.person,
                    "organizationId": j.account,
                    "title": "Title",
                    "startDate": day(j.start),
                    "endDate": day(j.end),
                }
                for i, j in enumerate(self.jobs)
            ],
            "reportingLines": [
                {"personId": e.source, "managerId": e.target, "strength": e.strength}
                for e in self.edges
                if e.kind == "REPORTS_TO"
            ],
            "opportunities": [
                {"id": d, "accountId": a, "name": f"Deal {d}", "state": state, "amount": 1000}
                for d, a, state in self.deals
            ],
            "buyingRoles": [
                {"personId": r.person, "accountId": r.account, "role": r.role, "toDate": day(r.end)}
                for r in self.roles
            ],
            "relationships": [
                {
                    "kind": e.kind,
                    "fromId": e.source,
                    "fromKind": "SELLER" if e.source in self.sellers else "PERSON",
                    "toId": e.target,
                    "toKind": "SELLER" if e.target in self.sellers else "PERSON",
                    "strength": e.strength,
                }
                for e in self.edges
                if e.kind != "REPORTS_TO"
            ],
        }


def _edge_key(edge: Edge) -> tuple[str, ...]:
    """The importer's identity of a row: KNOWS is stored once whatever its direction."""
    if edge.kind == "KNOWS":
        return (edge.kind, *sorted((edge.source, edge.target)))
    return (edge.kind, edge.source, edge.target)


@st.composite
def worlds(draw: st.DrawFn) -> World:
    """A leaver who left one account (recently or not) and may work at another, with people at
    three accounts, economic buyers, open and closed deals, and edges of every walkable kind
    (the leaver on many of them)."""
    sellers = [f"s{i}" for i in range(draw(st.integers(1, 2)))]
    people = [LEAVER, *(f"p{i}" for i in range(draw(st.integers(2, 7))))]  # p0, p1 at least
    start = DAY - timedelta(days=900)
    left_on = DAY - timedelta(days=draw(st.sampled_from([0, 10, 120, 179, 181, 400])))
    jobs = [Job(LEAVER, LEFT, start, left_on)]
    later = left_on + timedelta(days=5)
    for account in (NEW, ELSEWHERE):
        status = draw(st.sampled_from(["current", "current", "ended", "none", "none"]))
        if status == "current":
            jobs.append(Job(LEAVER, account, min(later, DAY), None))
        elif status == "ended":
            jobs.append(Job(LEAVER, account, start, DAY - timedelta(days=30)))
    # p0 works at the account left and p1 at the new one: most often their economic buyers.
    homes = {people[1]: LEFT, people[2]: NEW}
    for person in people[1:]:
        account = homes.get(person) or draw(st.sampled_from(ACCOUNTS))
        ended = (
            None
            if person in homes
            else draw(st.sampled_from([None, None, DAY - timedelta(days=20)]))
        )
        jobs.append(Job(person, account, start, ended))
    roles = [
        Held(person, account, EB, None)
        for person, account in homes.items()
        if draw(st.sampled_from([True, True, True, False]))
    ]
    for account in (LEFT, NEW):
        for person in draw(st.lists(st.sampled_from(people), max_size=2, unique=True)):
            end = draw(st.sampled_from([None, DAY - timedelta(days=3)]))
            if (person, account) not in {(r.person, r.account) for r in roles}:
                roles.append(Held(person, account, EB, end))
    deals = [
        (f"deal-{i}", draw(st.sampled_from([LEFT, LEFT, NEW])), state)
        for i, state in enumerate(
            draw(
                st.lists(
                    st.sampled_from([OpportunityState.OPEN.value, OpportunityState.WON.value]),
                    min_size=1,
                    max_size=3,
                )
            )
        )
    ]
    humans = st.sampled_from(sellers + people)
    edges: dict[tuple[str, ...], Edge] = {}
    # The leaver is often the bridge: a seller knows them, and they know both buyers.
    favoured = [(sellers[0], LEAVER), (LEAVER, people[1]), (LEAVER, people[2])]
    pairs = [pair for pair in favoured if draw(st.sampled_from([True, True, True, False]))]
    pairs += draw(st.lists(st.tuples(humans, humans), min_size=2, max_size=16))
    for source, target in pairs:
        if source == target or (source in sellers and target in sellers):
            continue
        kind = draw(st.sampled_from(["KNOWS", "KNOWS", "REPORTS_TO", "INFLUENCES"]))
        if source in sellers or target in sellers:
            kind = "KNOWS"
        strength: float | None = draw(st.sampled_from(STRENGTHS))
        if kind == "REPORTS_TO" and draw(st.booleans()):
            strength = None
        edge = Edge(kind, source, target, strength)
        edges.setdefault(_edge_key(edge), edge)
    return World(sellers, people, jobs, roles, list(edges.values()), deals)


# ---- The independent answer ----------------------------------------------------------------


@dataclass(frozen=True)
class Best:
    warmth: float
    hops: int


def _employed(world: World, person: str, account: str) -> bool:
    return any(j.person == person and j.account == account and j.covers(DAY) for j in world.jobs)


def _buyers(world: World, account: str) -> set[str]:
    return {
        r.person
        for r in world.roles
        if r.account == account
        and r.role == EB
        and (r.end is None or r.end > DAY)
        and _employed(world, r.person, account)
    }


def _best(
    world: World, starts: set[str], targets: set[str], passable: set[str], hops: int
) -> Best | None:
    """The warmest simple path (fewest hops among the warmest), by enumeration."""
    edges = walk_edges(Sample(world.sellers, world.people, {}, [], [], world.edges))
    best: Best | None = None
    for path, warmth in simple_paths(edges, starts, targets, passable, hops):
        length = len(path) - 1
        if (
            best is None
            or warmth > best.warmth * (1 + 1e-9)
            or (math.isclose(warmth, best.warmth, rel_tol=1e-9) and length < best.hops)
        ):
            best = Best(warmth, length)
    return best


@dataclass(frozen=True)
class ReferenceDeal:
    with_them: Best | None
    lost: bool
    new_route: Best | None


def reference(
    world: World, max_hops: int, search_hops: int
) -> tuple[dict[str, date], dict[str, ReferenceDeal], dict[str, Best | None]]:
    """Accounts left (with the day), each open deal at them, and each opening's path warmth."""
    lookback = DAY - timedelta(days=180)
    left = {
        j.account: j.end
        for j in world.jobs
        if j.person == LEAVER
        and j.end is not None
        and lookback <= j.end <= DAY
        and not _employed(world, LEAVER, j.account)
    }
    sellers = set(world.sellers)
    everyone = set(world.people)
    without = everyone - {LEAVER}
    deals = {}
    for deal, account, state in world.deals:
        if account not in left or state != OpportunityState.OPEN.value:
            continue
        buyers = _buyers(world, account)
        with_them = _best(world, sellers, buyers, everyone, max_hops)
        still = _best(world, sellers, buyers, without, max_hops)
        new_route = _best(world, sellers, buyers, without, search_hops)
        deals[deal] = ReferenceDeal(with_them, with_them is not None and still is None, new_route)
    openings: dict[str, Best | None] = {}
    for account in ACCOUNTS:
        if not _employed(world, LEAVER, account):
            continue
        buyers = _buyers(world, account)
        to_them = _best(world, sellers, {LEAVER}, everyone, search_hops) if buyers else None
        if to_them is None or LEAVER in buyers:
            openings[account] = to_them
            continue
        onward = _best(world, {LEAVER}, buyers, everyone, search_hops)
        openings[account] = (
            None
            if onward is None
            else Best(to_them.warmth * onward.warmth, to_them.hops + onward.hops)
        )
    return {a: d for a, d in left.items() if d is not None}, deals, openings


def _same(path: WarmPath | None, expected: Best | None) -> bool:
    if path is None or expected is None:
        return path is None and expected is None
    return math.isclose(path.warmth, expected.warmth, rel_tol=1e-9) and (
        path.hop_count == expected.hops
    )


async def _loaded(graph: GraphClient, world: World) -> str:
    workspace = new_workspace("ws")
    await load_bundle(graph, workspace, world.bundle())
    return workspace


@given(world=worlds(), max_hops=st.integers(1, 3), extra=st.integers(0, 2))
@EXAMPLES
async def test_knock_on_matches_the_reference(
    graph: GraphClient, world: World, max_hops: int, extra: int
) -> None:
    """Accounts left, deal routes with/without the leaver and openings equal enumeration."""
    workspace = await _loaded(graph, world)
    chosen = DepartureSettings(max_hops=max_hops, search_hops=max_hops + extra)
    answer = await find_departure_knock_on(graph, workspace, LEAVER, chosen, as_of=DAY)
    left, deals, openings = reference(world, max_hops, max_hops + extra)
    assert {a.account_id: a.left_on for a in answer.left} == left
    if not left:
        event("not a recent leaver")
        assert answer.reason is KnockOnReason.NOT_A_RECENT_LEAVER
        assert answer.deals == ()
        assert answer.openings == ()
        return
    assert {d.opportunity_id for d in answer.deals} == set(deals)
    for deal in answer.deals:
        expected = deals[deal.opportunity_id]
        event(f"lost only route: {expected.lost}")
        assert deal.lost_only_route is expected.lost
        assert _same(deal.route_with_them, expected.with_them)
        assert _same(deal.new_route, expected.new_route)
    assert {o.account_id for o in answer.openings} == set(openings)
    for opening in answer.openings:
        event(f"opening path: {openings[opening.account_id] is not None}")
        assert _same(opening.path, openings[opening.account_id])
        if opening.path is not None:
            assert opening.path.hops[0].source.id in world.sellers
            assert LEAVER in {h.target.id for h in opening.path.hops}


# ---- Hand-built cases ---------------------------------------------------------------------------


def _world(edges: list[Edge], jobs: list[Job], roles: list[Held]) -> World:
    people = sorted({j.person for j in jobs} | {LEAVER})
    return World(["s0"], people, jobs, roles, edges, [("deal-1", LEFT, "OPEN")])


def _job(person: str, account: str, end_days: int | None = None) -> Job:
    end = None if end_days is None else DAY - timedelta(days=end_days)
    return Job(person, account, DAY - timedelta(days=700), end)


async def test_the_only_route_through_the_leaver_is_lost_and_a_colder_one_found(
    graph: GraphClient,
) -> None:
    """The only 2-hop route runs through the leaver; a colder 3-hop one replaces it."""
    world = _world(
        [
            Edge("KNOWS", "s0", LEAVER, 0.9),
            Edge("KNOWS", LEAVER, "eb", 0.8),
            Edge("KNOWS", "s0", "weak", 0.3),
            Edge("REPORTS_TO", "weak", "mid", None),
            Edge("REPORTS_TO", "eb", "mid", 0.5),
            Edge("KNOWS", LEAVER, "new-eb", 0.5),
        ],
        [
            _job(LEAVER, LEFT, end_days=30),
            Job(LEAVER, NEW, DAY - timedelta(days=20), None),
            _job("eb", LEFT),
            _job("weak", LEFT),
            _job("mid", LEFT),
            _job("new-eb", NEW),
        ],
        [Held("eb", LEFT, EB, None), Held("new-eb", NEW, EB, None)],
    )
    workspace = await _loaded(graph, world)
    answer = await find_departure_knock_on(
        graph, workspace, LEAVER, DepartureSettings(max_hops=2, search_hops=3), as_of=DAY
    )
    (deal,) = answer.stranded_deals
    assert deal.opportunity_id == "deal-1"
    assert deal.route_with_them is not None
    assert [h.target.id for h in deal.route_with_them.hops] == [LEAVER, "eb"]
    assert deal.new_route is not None
    assert [h.target.id for h in deal.new_route.hops] == ["weak", "mid", "eb"]
    assert math.isclose(deal.new_route.warmth, 0.3 * 0.6 * 0.5)
    (opening,) = answer.openings
    assert opening.account_id == NEW
    assert opening.path is not None
    assert [h.target.id for h in opening.path.hops] == [LEAVER, "new-eb"]
    assert math.isclose(opening.path.warmth, 0.45)


async def test_leaver_who_is_the_new_economic_buyer_and_an_unstranded_deal(
    graph: GraphClient,
) -> None:
    """A surviving route is not lost; a leaver who is the new buyer is the opening's end."""
    world = _world(
        [
            Edge("KNOWS", "s0", LEAVER, 0.9),
            Edge("KNOWS", LEAVER, "eb", 0.9),
            Edge("KNOWS", "s0", "eb", 0.4),
        ],
        [_job(LEAVER, LEFT, end_days=30), _job(LEAVER, NEW), _job("eb", LEFT)],
        [Held("eb", LEFT, EB, None), Held(LEAVER, NEW, EB, None), Held(LEAVER, LEFT, EB, None)],
    )
    workspace = await _loaded(graph, world)
    answer = await find_departure_knock_on(graph, workspace, LEAVER, as_of=DAY)
    (left,) = answer.left
    assert left.roles == (EB,)
    (deal,) = answer.deals
    assert not deal.lost_only_route
    assert deal.route_with_them is not None
    assert math.isclose(deal.route_with_them.warmth, 0.81)
    assert deal.new_route is not None
    assert math.isclose(deal.new_route.warmth, 0.4)
    (opening,) = answer.openings
    assert opening.path is not None
    assert [h.target.id for h in opening.path.hops] == [LEAVER]


async def test_no_recent_departure_no_buyer_and_unknown_person(graph: GraphClient) -> None:
    """Old departures, missing buyers, unknown people and bad bounds are answered plainly."""
    world = _world(
        [Edge("KNOWS", "s0", LEAVER, 0.9)],
        [_job(LEAVER, LEFT, end_days=30), _job(LEAVER, NEW)],
        [],
    )
    workspace = await _loaded(graph, world)
    recent = await find_departure_knock_on(graph, workspace, LEAVER, as_of=DAY)
    (deal,) = recent.deals
    assert deal.reason is PathReason.NO_ROLE_HOLDER_MAPPED
    assert not deal.lost_only_route
    (opening,) = recent.openings
    assert opening.reason is PathReason.NO_ROLE_HOLDER_MAPPED
    old = await find_departure_knock_on(
        graph, workspace, LEAVER, DepartureSettings(lookback_days=10), as_of=DAY
    )
    assert old.reason is KnockOnReason.NOT_A_RECENT_LEAVER
    with pytest.raises(NotFound):
        await find_departure_knock_on(graph, workspace, "nobody", as_of=DAY)
    with pytest.raises(InvalidInput, match="maxHops"):
        await find_departure_knock_on(graph, workspace, LEAVER, DepartureSettings(max_hops=7))
