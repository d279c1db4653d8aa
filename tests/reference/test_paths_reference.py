"""Warmest paths against independent answers: networkx Dijkstra on -ln(strength) where the hop
bound does not bind, brute-force enumeration of simple paths where it does, and hand-built
cases for each rule of the issue."""

from __future__ import annotations

import functools
import math
from datetime import timedelta

import networkx as nx
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from graph.core.client import GraphClient
from graph.core.errors import InvalidInput, NotFound
from graph.core.model import BuyingRole, HumanKind, OrganizationKind, RelType, SharingLevel, Stance
from graph.reach import walks
from graph.reach.paths import PathReason, WarmestPaths, find_warmest_paths
from tests.conftest import new_workspace
from tests.reference.graphs import (
    DAY,
    OTHER,
    TARGET,
    Edge,
    Employment,
    Role,
    Sample,
    best_per_first_contact,
    eligible,
    role_holders,
    samples,
    simple_paths,
    walk_edges,
    write_sample,
)

EB = BuyingRole.ECONOMIC_BUYER.value
EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _fresh() -> str:
    return new_workspace("ws")


def _reference_dijkstra(
    sample: Sample, via_partners: bool, avoid: bool
) -> tuple[float, int] | None:
    """(warmth, hops) of the warmest path by Dijkstra on -ln(strength), ignoring the hop bound."""
    starts = set(sample.sellers)
    targets = role_holders(sample, EB, DAY)
    graph: nx.DiGraph[str] = nx.DiGraph()
    for (a, b), strength in walk_edges(sample).items():
        opens = a in starts or (a not in targets and eligible(sample, a, DAY, via_partners, avoid))
        if opens and b not in starts:
            graph.add_edge(a, b, weight=-math.log(strength))
    present = [s for s in starts if s in graph]
    reachable = [t for t in targets if t in graph]
    if not present or not reachable:
        return None
    lengths, routes = nx.multi_source_dijkstra(graph, present)
    assert isinstance(lengths, dict)
    assert isinstance(routes, dict)
    found = [(lengths[t], len(routes[t]) - 1) for t in reachable if t in lengths]
    if not found:
        return None
    cost, hops = min(found)
    return math.exp(-cost), hops


def _reference_alternatives(
    sample: Sample, via_partners: bool, avoid: bool, max_hops: int, k: int
) -> list[tuple[str, float, int]]:
    """The k best (first contact, warmth, hops) by brute force, warmest first."""
    may_pass = {
        n for n in sample.sellers + sample.people if eligible(sample, n, DAY, via_partners, avoid)
    }
    best = best_per_first_contact(
        simple_paths(
            walk_edges(sample),
            set(sample.sellers),
            role_holders(sample, EB, DAY),
            may_pass,
            max_hops,
        )
    )
    ranked = _rank([(contact, warmth, hops) for contact, (warmth, hops) in best.items()])
    return ranked[:k]


def _rank(found: list[tuple[str, float, int]]) -> list[tuple[str, float, int]]:
    """Warmest first, where warmths equal up to float noise (0.5 x 0.9 x 0.8 against
    0.6 x 0.6) count as equal and go to fewer hops, then to the contact's id."""

    def order(a: tuple[str, float, int], b: tuple[str, float, int]) -> int:
        if not math.isclose(a[1], b[1], rel_tol=1e-9):
            return -1 if a[1] > b[1] else 1
        return -1 if (a[2], a[0]) < (b[2], b[0]) else (1 if (a[2], a[0]) > (b[2], b[0]) else 0)

    return sorted(found, key=functools.cmp_to_key(order))


def _check_paths_are_real(
    sample: Sample, answer: WarmestPaths, via_partners: bool, avoid: bool, max_hops: int
) -> None:
    """Every visible path walks real edges, its warmth is the product, it is simple, within the
    bound, starts at a seller, ends at a role holder and only passes eligible people."""
    edges = walk_edges(sample)
    holders = role_holders(sample, EB, DAY)
    contacts = set()
    for path in answer.paths:
        assert 1 <= path.hop_count <= max_hops
        if path.hidden:
            continue
        nodes = [path.hops[0].source.id] + [hop.target.id for hop in path.hops]
        assert len(set(nodes)) == len(nodes)
        assert nodes[0] in sample.sellers
        assert nodes[-1] in holders
        warmth = 1.0
        for hop in path.hops:
            assert math.isclose(edges[(hop.source.id, hop.target.id)], hop.strength)
            warmth *= hop.strength
        assert math.isclose(warmth, path.warmth, rel_tol=1e-9)
        for node in nodes[1:-1]:
            assert node not in sample.sellers or node not in nodes[:1]
            assert eligible(sample, node, DAY, via_partners, avoid)
        contacts.add(nodes[1])
    visible = [p for p in answer.paths if not p.hidden]
    assert len(contacts) == len(visible)


@given(sample=samples(), via_partners=st.booleans(), avoid=st.booleans())
@EXAMPLES
async def test_warmth_matches_dijkstra_when_hops_do_not_bind(
    graph: GraphClient, sample: Sample, via_partners: bool, avoid: bool
) -> None:
    """With max_hops 6 on graphs whose best path is shorter, warmth equals networkx Dijkstra's."""
    await _check_warmth(graph, sample, via_partners, avoid)


@given(sample=samples(), via_partners=st.booleans(), avoid=st.booleans())
@EXAMPLES
async def test_warmth_matches_dijkstra_with_seller_ties_read_at_once(
    graph: GraphClient, sample: Sample, via_partners: bool, avoid: bool
) -> None:
    """The same, with the seller predecessors read from the sellers' side in one statement
    (what a search's last level over thousands of nodes does) instead of node by node."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(walks, "SELLER_TIES_FROM", 0)
        await _check_warmth(graph, sample, via_partners, avoid)


async def _check_warmth(
    graph: GraphClient, sample: Sample, via_partners: bool, avoid: bool
) -> None:
    workspace = _fresh()
    await write_sample(graph, workspace, sample)
    answer = await find_warmest_paths(
        graph, workspace, TARGET, via_partners=via_partners, avoid=avoid, max_hops=6, as_of=DAY
    )
    expected = _reference_dijkstra(sample, via_partners, avoid)
    _check_paths_are_real(sample, answer, via_partners, avoid, 6)
    event(f"reason={answer.reason}, hops={answer.best and answer.best.hop_count}")
    if not role_holders(sample, EB, DAY):
        assert answer.reason is PathReason.NO_ROLE_HOLDER_MAPPED
    elif expected is None:
        assert answer.reason is PathReason.NO_PATH_WITHIN_MAX_HOPS
    elif expected[1] <= 6:
        assert answer.best is not None
        assert math.isclose(answer.best.warmth, expected[0], rel_tol=1e-9)


# Found by Hypothesis: two first contacts at warmth 0.36, one in 2 hops (0.6 x 0.6) and one in
# 3 (0.5 x 0.9 x 0.8, which is 0.36000000000000004 in floats). The product rightly gives the
# 2-hop path; the reference used to rank on exact floats and expected the 3-hop one.
FLOAT_NOISE_TIE = Sample(
    ["s0", "s1"],
    [f"p{i}" for i in range(9)],
    {"partner-a": SharingLevel.NONE},
    [Employment("p0", TARGET, False, DAY - timedelta(days=900), None)],
    [Role("p0", TARGET, EB, Stance.NEUTRAL.value, None, None)],
    [
        Edge("KNOWS", "s0", "p0", 0.2),
        Edge("KNOWS", "s0", "p7", 0.6),
        Edge("KNOWS", "s0", "p3", 0.5),
        Edge("KNOWS", "p5", "p3", 0.9),
        Edge("KNOWS", "p0", "p5", 0.8),
        Edge("KNOWS", "p0", "p7", 0.6),
        *[Edge("KNOWS", "p0", "p1", 0.2)] * 17,
    ],
    owners={TARGET: "s0"},
    open_deals={TARGET: "s0"},
    departments={f"p{i}": "Finance" for i in range(9)},
)


@given(
    sample=samples(),
    via_partners=st.booleans(),
    avoid=st.booleans(),
    max_hops=st.integers(1, 4),
    k=st.integers(1, 3),
)
@example(sample=FLOAT_NOISE_TIE, via_partners=False, avoid=False, max_hops=3, k=1)
@EXAMPLES
async def test_alternatives_match_brute_force_under_a_binding_hop_bound(
    graph: GraphClient, sample: Sample, via_partners: bool, avoid: bool, max_hops: int, k: int
) -> None:
    """Under a hop bound, the k warmths (distinct first contacts) equal brute-force enumeration."""
    workspace = _fresh()
    await write_sample(graph, workspace, sample)
    answer = await find_warmest_paths(
        graph,
        workspace,
        TARGET,
        via_partners=via_partners,
        avoid=avoid,
        max_hops=max_hops,
        k=k,
        as_of=DAY,
    )
    expected = _reference_alternatives(sample, via_partners, avoid, max_hops, k)
    _check_paths_are_real(sample, answer, via_partners, avoid, max_hops)
    event(f"paths={len(answer.paths)}")
    assert [round(p.warmth, 9) for p in answer.paths] == [round(w, 9) for _, w, _ in expected]
    for path, (_, warmth, hops) in zip(answer.paths, expected, strict=True):
        # Among paths of equal warmth the shorter one wins.
        ties = [h for _, w, h in expected if math.isclose(w, warmth, rel_tol=1e-9)]
        assert path.hop_count == hops or len(ties) > 1


# ---- Hand-built cases, one rule each --------------------------------------------------------


def _sample(
    people: list[str],
    edges: list[Edge],
    *,
    sellers: list[str] | None = None,
    employments: list[Employment] | None = None,
    roles: list[Role] | None = None,
    partner_level: SharingLevel = SharingLevel.CONTACTS,
) -> Sample:
    """A sample where, unless told otherwise, everyone works at the target and ``eb`` is its
    economic buyer."""
    jobs = (
        employments
        if employments is not None
        else [Employment(p, TARGET, False, DAY - timedelta(days=100), None) for p in people]
    )
    held = (
        roles if roles is not None else [Role("eb", TARGET, EB, Stance.NEUTRAL.value, None, None)]
    )
    return Sample(sellers or ["s0"], people, {"partner-a": partner_level}, jobs, held, edges)


def _job(
    person: str, org: str = TARGET, partner: bool = False, end_days: int | None = None
) -> Employment:
    end = None if end_days is None else DAY + timedelta(days=end_days)
    return Employment(person, org, partner, DAY - timedelta(days=100), end)


async def _paths(graph: GraphClient, sample: Sample, **options: object) -> WarmestPaths:
    workspace = _fresh()
    await write_sample(graph, workspace, sample)
    options.setdefault("as_of", DAY)
    return await find_warmest_paths(graph, workspace, TARGET, **options)  # type: ignore[arg-type]


async def test_warmer_longer_path_beats_colder_short_one(graph: GraphClient) -> None:
    """A two-hop path of 0.9 x 0.9 beats a direct 0.5 acquaintance, and hops are described."""
    sample = _sample(
        ["a", "eb"],
        [
            Edge("KNOWS", "s0", "eb", 0.5),
            Edge("KNOWS", "s0", "a", 0.9),
            Edge("REPORTS_TO", "a", "eb", 0.9),
        ],
    )
    answer = await _paths(graph, sample)
    best = answer.best
    assert best is not None
    assert math.isclose(best.warmth, 0.81)
    assert best.hop_count == 2
    assert [h.relationship for h in best.hops] == [RelType.KNOWS, RelType.REPORTS_TO]
    assert best.hops[0].source.kind is HumanKind.SELLER
    assert best.hops[1].target.buying_roles == (EB,)
    assert best.hops[1].target.organization_id == TARGET


async def test_float_noise_does_not_outrank_a_shorter_path(graph: GraphClient) -> None:
    """0.6 x 0.6 in 2 hops beats 0.5 x 0.9 x 0.8 in 3 (larger only in the last bit), in the
    product and in the reference ranking alike."""
    answer = await _paths(graph, FLOAT_NOISE_TIE, max_hops=3, k=2)
    assert [(p.first_contact_id, p.hop_count) for p in answer.paths] == [("p7", 2), ("p3", 3)]
    expected = _reference_alternatives(FLOAT_NOISE_TIE, False, False, 3, 2)
    assert [(contact, hops) for contact, _, hops in expected] == [("p7", 2), ("p3", 3)]


async def test_ties_go_to_fewer_hops(graph: GraphClient) -> None:
    """Equal warmth through strength-1 links loses to the shorter path."""
    sample = _sample(
        ["a", "eb"],
        [
            Edge("KNOWS", "s0", "eb", 0.8),
            Edge("KNOWS", "s0", "a", 0.8),
            Edge("KNOWS", "a", "eb", 1.0),
        ],
    )
    best = (await _paths(graph, sample)).best
    assert best is not None
    assert best.hop_count == 1


async def test_influences_is_walked_only_from_influencer(graph: GraphClient) -> None:
    """INFLUENCES from the economic buyer to a contact gives no path; the reverse one does."""
    backwards = _sample(
        ["a", "eb"], [Edge("KNOWS", "s0", "a", 0.9), Edge("INFLUENCES", "eb", "a", 0.9)]
    )
    assert (await _paths(graph, backwards)).reason is PathReason.NO_PATH_WITHIN_MAX_HOPS
    forwards = _sample(
        ["a", "eb"], [Edge("KNOWS", "s0", "a", 0.9), Edge("INFLUENCES", "a", "eb", 0.7)]
    )
    best = (await _paths(graph, forwards)).best
    assert best is not None
    assert math.isclose(best.warmth, 0.63)


async def test_reports_to_without_strength_uses_default(graph: GraphClient) -> None:
    """A reporting line with no strength counts as the configured default, walked both ways."""
    sample = _sample(
        ["a", "eb"], [Edge("KNOWS", "s0", "a", 1.0), Edge("REPORTS_TO", "eb", "a", None)]
    )
    assert math.isclose((await _paths(graph, sample)).best.warmth, 0.6)  # type: ignore[union-attr]
    tuned = await _paths(graph, sample, reports_to_strength=0.4)
    assert math.isclose(tuned.best.warmth, 0.4)  # type: ignore[union-attr]


async def test_people_who_left_are_intermediates_but_never_targets(graph: GraphClient) -> None:
    """A former employee still introduces us; a former economic buyer is no target."""
    sample = _sample(
        ["gone", "eb"],
        [Edge("KNOWS", "s0", "gone", 0.9), Edge("KNOWS", "gone", "eb", 0.9)],
        employments=[_job("gone", end_days=-10), _job("eb")],
    )
    best = (await _paths(graph, sample)).best
    assert best is not None
    assert best.hops[0].target.organization_id is None
    left_eb = _sample(
        ["eb"], [Edge("KNOWS", "s0", "eb", 0.9)], employments=[_job("eb", end_days=-1)]
    )
    assert (await _paths(graph, left_eb)).reason is PathReason.NO_ROLE_HOLDER_MAPPED


async def test_avoid_keeps_blockers_and_detractors_off_the_path(graph: GraphClient) -> None:
    """With avoid, the path goes around a blocker and a detractor, even when colder."""
    roles = [
        Role("eb", TARGET, EB, Stance.NEUTRAL.value, None, None),
        Role("blocker", TARGET, BuyingRole.BLOCKER.value, Stance.NEUTRAL.value, None, None),
        Role("critic", TARGET, BuyingRole.INFLUENCER.value, Stance.DETRACTOR.value, None, None),
    ]
    people = ["blocker", "critic", "friend", "eb"]
    sample = _sample(
        people,
        [
            Edge("KNOWS", "s0", "blocker", 1.0),
            Edge("KNOWS", "blocker", "eb", 1.0),
            Edge("KNOWS", "s0", "critic", 0.9),
            Edge("KNOWS", "critic", "eb", 0.9),
            Edge("KNOWS", "s0", "friend", 0.5),
            Edge("KNOWS", "friend", "eb", 0.5),
        ],
        roles=roles,
    )
    plain = (await _paths(graph, sample)).best
    assert plain is not None
    assert plain.first_contact_id == "blocker"
    avoided = (await _paths(graph, sample, avoid=True)).best
    assert avoided is not None
    assert avoided.first_contact_id == "friend"
    assert math.isclose(avoided.warmth, 0.25)


async def test_partner_contacts_need_via_partners(graph: GraphClient) -> None:
    """A partner's contact carries a path only when viaPartners is asked for."""
    sample = _sample(
        ["pc", "eb"],
        [Edge("KNOWS", "s0", "pc", 0.9), Edge("KNOWS", "pc", "eb", 0.9)],
        employments=[_job("pc", "partner-a", partner=True), _job("eb")],
    )
    assert (await _paths(graph, sample)).reason is PathReason.NO_PATH_WITHIN_MAX_HOPS
    best = (await _paths(graph, sample, via_partners=True)).best
    assert best is not None
    assert not best.hidden
    assert best.via_partner_ids == ("partner-a",)
    assert best.hops[0].target.organization_kind is OrganizationKind.PARTNER


async def test_partner_sharing_levels(graph: GraphClient) -> None:
    """What a partner shares with us decides what we see of paths through its contacts: NONE,
    none; COUNTS, warmth and length but nobody named; CONTACTS, in full."""
    edges = [Edge("KNOWS", "s0", "pc", 0.9), Edge("KNOWS", "pc", "eb", 0.8)]
    jobs = [_job("pc", "partner-a", partner=True), _job("eb")]
    none = _sample(["pc", "eb"], edges, employments=jobs, partner_level=SharingLevel.NONE)
    assert (await _paths(graph, none, via_partners=True)).reason is (
        PathReason.NO_PATH_WITHIN_MAX_HOPS
    )
    counts = _sample(["pc", "eb"], edges, employments=jobs, partner_level=SharingLevel.COUNTS)
    hidden = (await _paths(graph, counts, via_partners=True)).best
    assert hidden is not None
    assert hidden.hidden
    assert hidden.hops == ()
    assert hidden.first_contact_id is None
    assert math.isclose(hidden.warmth, 0.72)
    assert hidden.hop_count == 2
    full = _sample(["pc", "eb"], edges, employments=jobs)
    shown = await _paths(graph, full, via_partners=True)
    assert shown.best is not None
    assert shown.best.first_contact_id == "pc"


async def test_k_alternatives_have_distinct_first_contacts(graph: GraphClient) -> None:
    """k=3 gives the best path per first contact, warmest first, never the same contact twice."""
    sample = _sample(
        ["a", "b", "c", "eb"],
        [
            Edge("KNOWS", "s0", "a", 0.9),
            Edge("KNOWS", "a", "eb", 0.9),
            Edge("KNOWS", "a", "b", 0.9),
            Edge("KNOWS", "b", "eb", 0.9),
            Edge("KNOWS", "s0", "b", 0.5),
            Edge("KNOWS", "s0", "c", 0.3),
            Edge("KNOWS", "c", "eb", 1.0),
        ],
    )
    answer = await _paths(graph, sample, k=3)
    assert [p.first_contact_id for p in answer.paths] == ["a", "b", "c"]
    assert [round(p.warmth, 6) for p in answer.paths] == [0.81, 0.45, 0.3]


async def test_from_sellers_restricts_the_start(graph: GraphClient) -> None:
    """Only the named sellers start paths; another seller can still be an intermediate."""
    sample = _sample(
        ["a", "eb"],
        [
            Edge("KNOWS", "s0", "eb", 0.9),
            Edge("KNOWS", "s1", "a", 0.5),
            Edge("KNOWS", "a", "s0", 0.5),
        ],
        sellers=["s0", "s1"],
    )
    best = (await _paths(graph, sample, from_seller_ids=["s1"])).best
    assert best is not None
    assert best.seller_id == "s1"
    assert [h.target.id for h in best.hops] == ["a", "s0", "eb"]
    assert (await _paths(graph, sample, from_seller_ids=["nobody"])).reason is (
        PathReason.NO_SELLERS
    )


async def test_as_of_uses_roles_and_employment_of_that_day(graph: GraphClient) -> None:
    """On a past day the then economic buyer is the target; today's is not yet one."""
    then = DAY - timedelta(days=60)
    roles = [
        Role("old", TARGET, EB, Stance.NEUTRAL.value, None, DAY - timedelta(days=30)),
        Role("new", TARGET, EB, Stance.NEUTRAL.value, DAY - timedelta(days=30), None),
    ]
    jobs = [
        Employment("old", TARGET, False, DAY - timedelta(days=400), DAY - timedelta(days=30)),
        Employment("new", TARGET, False, DAY - timedelta(days=40), None),
    ]
    sample = _sample(
        ["old", "new"],
        [Edge("KNOWS", "s0", "old", 0.9), Edge("KNOWS", "s0", "new", 0.4)],
        employments=jobs,
        roles=roles,
    )
    now = await _paths(graph, sample)
    assert now.role_holder_ids == ("new",)
    past = await _paths(graph, sample, as_of=then)
    assert past.role_holder_ids == ("old",)
    assert past.best is not None
    assert past.best.target_id == "old"


async def test_reasons_and_workspace_scope(graph: GraphClient) -> None:
    """Unknown accounts and other workspaces' accounts are NotFound, never someone else's path."""
    sample = _sample(["eb"], [Edge("KNOWS", "s0", "eb", 0.9)])
    workspace = _fresh()
    await write_sample(graph, workspace, sample)
    with pytest.raises(NotFound, match="No Account with id 'no-such-account'"):
        await find_warmest_paths(graph, workspace, "no-such-account", as_of=DAY)
    with pytest.raises(NotFound):
        await find_warmest_paths(graph, _fresh(), TARGET, as_of=DAY)
    other_role = await find_warmest_paths(
        graph, workspace, TARGET, role=BuyingRole.CHAMPION, as_of=DAY
    )
    assert other_role.reason is PathReason.NO_ROLE_HOLDER_MAPPED
    with pytest.raises(InvalidInput, match="maxHops") as raised:
        await find_warmest_paths(graph, workspace, TARGET, max_hops=7)
    assert raised.value.extensions["field"] == "maxHops"
    assert OTHER != TARGET
