"""Single-threaded risk against flags computed independently in plain Python and networkx
(bounded reachability after removing each node for single points of failure)."""

from __future__ import annotations

from datetime import date, timedelta

import networkx as nx
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from graph.core.client import GraphClient
from graph.core.errors import InvalidInput, NotFound
from graph.core.model import BuyingRole, HumanKind, OrganizationKind, SharingLevel, Stance
from graph.reach import walks
from graph.reach.risk import (
    DEFAULT_WEIGHTS,
    PortfolioRiskWhere,
    RiskFlag,
    RiskSettings,
    SuggestionReason,
    assess_account_risk,
    risk_weights,
    scan_portfolio_risk,
    what_if_leaves,
)
from tests.conftest import new_workspace
from tests.reference.graphs import (
    DAY,
    OTHER,
    TARGET,
    Edge,
    Employment,
    Role,
    Sample,
    eligible,
    employed_at,
    role_holders,
    samples,
    walk_edges,
    write_sample,
)

EB = BuyingRole.ECONOMIC_BUYER.value
CHAMPION = BuyingRole.CHAMPION.value
EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _fresh() -> str:
    return new_workspace("ws")


def _qualifies(edge: Edge, on: date) -> bool:
    return (edge.strength or 0) >= 0.5 and (
        edge.last_interaction is None or edge.last_interaction >= on - timedelta(days=90)
    )


def _seller_ties(sample: Sample, person: str) -> list[tuple[str, Edge]]:
    ties = []
    for e in sample.edges:
        if e.kind != "KNOWS":
            continue
        if e.source == person and sample.is_seller(e.target):
            ties.append((e.target, e))
        elif e.target == person and sample.is_seller(e.source):
            ties.append((e.source, e))
    return ties


def _department(sample: Sample, person: str) -> str | None:
    jobs = sorted(
        (e for e in sample.employments if e.person == person and e.org == TARGET and e.covers(DAY)),
        key=lambda e: e.start or date.min,
        reverse=True,
    )
    return jobs[0].department or sample.departments.get(person)


def _spof(sample: Sample, max_hops: int) -> set[str]:
    """Nodes (not economic buyers) whose removal leaves no walk of <= max_hops hops from a seller
    to an economic buyer, by networkx shortest path lengths."""
    sellers = set(sample.sellers)
    buyers = role_holders(sample, EB, DAY)
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_node("SOURCE")
    for seller in sellers:
        graph.add_edge("SOURCE", seller)
    for a, b in walk_edges(sample):
        opens = a in sellers or (a not in buyers and eligible(sample, a, DAY, False, False))
        if opens and b not in sellers:
            graph.add_edge(a, b)

    def reaches(g: nx.DiGraph[str]) -> bool:
        lengths = nx.single_source_shortest_path_length(g, "SOURCE", cutoff=max_hops + 1)
        return any(b in lengths for b in buyers)

    if not buyers or not reaches(graph):
        return set()
    cut = set()
    for node in list(graph.nodes):
        if node == "SOURCE" or node in buyers:
            continue
        smaller = graph.copy()
        smaller.remove_node(node)
        if not reaches(smaller):
            cut.add(node)
    return cut


def _champion_access(sample: Sample, champions: set[str], buyers: set[str]) -> bool:
    """Some champion is an economic buyer, knows or reports with one, or shares a person with one
    (an eligible person, within two hops)."""
    adjacent: dict[str, set[str]] = {}
    for e in sample.edges:
        if e.kind in ("KNOWS", "REPORTS_TO") and not (
            sample.is_seller(e.source) or sample.is_seller(e.target)
        ):
            if e.kind == "KNOWS" and (e.strength or 0) <= 0:
                continue
            adjacent.setdefault(e.source, set()).add(e.target)
            adjacent.setdefault(e.target, set()).add(e.source)
    for champion in champions:
        if champion in buyers or adjacent.get(champion, set()) & buyers:
            return True
        for middle in adjacent.get(champion, set()):
            if eligible(sample, middle, DAY, False, False) and adjacent.get(middle, set()) & buyers:
                return True
    return False


def _departed(sample: Sample) -> set[str]:
    staff_now = {e.person for e in sample.employments if e.org == TARGET and e.covers(DAY)}
    left = set()
    for e in sample.employments:
        if e.org != TARGET or e.end is None or e.person in staff_now:
            continue
        if not (DAY - timedelta(days=180) <= e.end <= DAY):
            continue
        # Roles held on their last day there (the day before the employment's end).
        last_day = e.end - timedelta(days=1)
        held = any(
            r.person == e.person and r.account == TARGET and r.covers(last_day)
            for r in sample.roles
        )
        engaged = any(_qualifies(edge, e.end) for _, edge in _seller_ties(sample, e.person))
        if held or engaged:
            left.add(e.person)
    return left


def reference_flags(sample: Sample, max_hops: int = 3) -> tuple[set[RiskFlag], set[str]]:
    """Every flag of the issue computed from the sample, and the single points of failure."""
    staff = {p for p in sample.people if employed_at(sample, p, TARGET, DAY)}
    engaged: dict[str, set[str]] = {}
    for person in staff:
        for seller, edge in _seller_ties(sample, person):
            if _qualifies(edge, DAY):
                engaged.setdefault(person, set()).add(seller)
    flags: set[RiskFlag] = set()
    if not engaged:
        flags.add(RiskFlag.NO_ENGAGED_CONTACT)
    if len(engaged) == 1:
        flags.add(RiskFlag.SINGLE_THREADED)
    if len(set().union(*engaged.values()) if engaged else set()) == 1:
        flags.add(RiskFlag.SINGLE_SELLER)
    departments = {_department(sample, p) for p in engaged}
    if len(engaged) >= 2 and len(departments) == 1 and None not in departments:
        flags.add(RiskFlag.SINGLE_DEPARTMENT)
    buyers = role_holders(sample, EB, DAY)
    if not buyers:
        flags.add(RiskFlag.ECONOMIC_BUYER_UNKNOWN)
    elif not buyers & engaged.keys():
        flags.add(RiskFlag.ECONOMIC_BUYER_UNENGAGED)
    champions = role_holders(sample, CHAMPION, DAY)
    if not champions:
        flags.add(RiskFlag.NO_CHAMPION)
    elif buyers and not _champion_access(sample, champions, buyers):
        flags.add(RiskFlag.CHAMPION_WITHOUT_ACCESS)
    cut = _spof(sample, max_hops)
    if cut:
        flags.add(RiskFlag.SINGLE_POINT_OF_FAILURE)
    if _departed(sample):
        flags.add(RiskFlag.CONTACT_LEFT)
    return flags, cut


@given(sample=samples(), max_hops=st.integers(1, 4))
@EXAMPLES
async def test_every_flag_matches_the_reference(
    graph: GraphClient, sample: Sample, max_hops: int
) -> None:
    """Each flag, the named single points of failure, departures and the score equal the
    independent computation on generated workspaces."""
    await _check_flags(graph, sample, max_hops)


@given(sample=samples(), max_hops=st.integers(1, 4))
@EXAMPLES
async def test_every_flag_matches_the_reference_with_seller_ties_read_at_once(
    graph: GraphClient, sample: Sample, max_hops: int
) -> None:
    """The same, with the walks' seller predecessors read from the sellers' side in one
    statement (what a portfolio-sized last level does) instead of node by node."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(walks, "SELLER_TIES_FROM", 0)
        await _check_flags(graph, sample, max_hops)


async def _check_flags(graph: GraphClient, sample: Sample, max_hops: int) -> None:
    workspace = _fresh()
    await write_sample(graph, workspace, sample)
    risk = await assess_account_risk(
        graph, workspace, TARGET, RiskSettings(max_hops=max_hops), as_of=DAY
    )
    flags, cut = reference_flags(sample, max_hops)
    for flag in sorted(flags):
        event(flag.value)
    assert risk.flag_names == flags
    raised = {f.flag: f for f in risk.flags}
    if cut:
        assert {p.id for p in raised[RiskFlag.SINGLE_POINT_OF_FAILURE].people} == cut
    if RiskFlag.CONTACT_LEFT in flags:
        assert {d.id for d in raised[RiskFlag.CONTACT_LEFT].departures} == _departed(sample)
    assert risk.score == min(100, sum(DEFAULT_WEIGHTS[f] for f in flags))
    # The portfolio scan (its facts without the suggestions' parts) scores it the same.
    scanned = await scan_portfolio_risk(
        graph, workspace, first=50, settings=RiskSettings(max_hops=max_hops), as_of=DAY
    )
    (row,) = [r for _, r in scanned.items if r.account_id == TARGET]
    assert (set(row.flag_names), row.score) == (flags, risk.score)


# ---- Hand-built cases ---------------------------------------------------------------------------


def _job(
    person: str, org: str = TARGET, partner: bool = False, end_days: int | None = None
) -> Employment:
    end = None if end_days is None else DAY + timedelta(days=end_days)
    return Employment(person, org, partner, DAY - timedelta(days=300), end, "Finance")


def _role(person: str, role: str) -> Role:
    return Role(person, TARGET, role, Stance.SUPPORTER.value, None, None)


def _sample(
    people: list[str],
    edges: list[Edge],
    jobs: list[Employment],
    roles: list[Role],
    sellers: tuple[str, ...] = ("s0",),
) -> Sample:
    return Sample(
        list(sellers),
        people,
        {"partner-a": SharingLevel.CONTACTS},
        jobs,
        roles,
        edges,
        owners={TARGET: sellers[0]},
        open_deals={TARGET: sellers[0]},
    )


async def _written(graph: GraphClient, sample: Sample) -> str:
    workspace = _fresh()
    await write_sample(graph, workspace, sample)
    return workspace


async def test_single_thread_names_the_single_point_and_suggests_the_manager(
    graph: GraphClient,
) -> None:
    """One engaged contact who alone reaches the economic buyer is named, and their manager
    (the economic buyer) is the first suggestion, with the warmest path to them."""
    sample = _sample(
        ["thread", "boss", "peer"],
        [
            Edge("KNOWS", "s0", "thread", 0.9, DAY - timedelta(days=5)),
            Edge("REPORTS_TO", "thread", "boss", 0.8),
            Edge("REPORTS_TO", "peer", "boss", 0.8),
        ],
        [_job("thread"), _job("boss"), _job("peer")],
        [_role("boss", EB), _role("thread", CHAMPION)],
    )
    workspace = await _written(graph, sample)
    risk = await assess_account_risk(graph, workspace, TARGET, as_of=DAY)
    assert risk.flag_names == {
        RiskFlag.SINGLE_THREADED,
        RiskFlag.SINGLE_SELLER,
        RiskFlag.ECONOMIC_BUYER_UNENGAGED,
        RiskFlag.SINGLE_POINT_OF_FAILURE,
    }
    spof = next(f for f in risk.flags if f.flag is RiskFlag.SINGLE_POINT_OF_FAILURE)
    assert {(p.id, p.kind) for p in spof.people} == {
        ("s0", HumanKind.SELLER),
        ("thread", HumanKind.PERSON),
    }
    first = risk.suggestions[0]
    assert first.person.id == "boss"
    assert SuggestionReason.IS_ECONOMIC_BUYER in first.reasons
    assert SuggestionReason.MANAGER_OF_SINGLE_THREAD in first.reasons
    assert first.path is not None
    assert first.path.hop_count == 2
    peer = next(s for s in risk.suggestions if s.person.id == "peer")
    assert SuggestionReason.PEER_OF_SINGLE_THREAD in peer.reasons


async def test_contact_left_says_where_they_went(graph: GraphClient) -> None:
    """A departed engaged contact is named with the account they work for now."""
    sample = _sample(
        ["gone", "eb"],
        [Edge("KNOWS", "s0", "gone", 0.9), Edge("KNOWS", "s0", "eb", 0.9)],
        [_job("gone", end_days=-20), _job("gone", OTHER), _job("eb")],
        [_role("eb", EB)],
    )
    workspace = await _written(graph, sample)
    risk = await assess_account_risk(graph, workspace, TARGET, as_of=DAY)
    left = next(f for f in risk.flags if f.flag is RiskFlag.CONTACT_LEFT)
    (departure,) = left.departures
    assert departure.id == "gone"
    assert departure.was_engaged
    assert departure.new_organization_id == OTHER
    assert departure.new_organization_kind is OrganizationKind.ACCOUNT
    assert departure.left_on == DAY - timedelta(days=20)


async def test_what_if_computes_without_writing(graph: GraphClient) -> None:
    """If the only engaged contact left, the account has none; the stored map is unchanged."""
    sample = _sample(
        ["thread", "eb"],
        [Edge("KNOWS", "s0", "thread", 0.9), Edge("KNOWS", "thread", "eb", 0.9)],
        [_job("thread"), _job("eb")],
        [_role("eb", EB)],
    )
    workspace = await _written(graph, sample)
    person = await what_if_leaves(graph, workspace, TARGET, person_id="thread", as_of=DAY)
    assert RiskFlag.SINGLE_THREADED in person.before.flag_names
    assert RiskFlag.NO_ENGAGED_CONTACT in person.after.flag_names
    assert RiskFlag.CONTACT_LEFT in person.after.flag_names
    assert person.after.score > person.before.score
    seller = await what_if_leaves(graph, workspace, TARGET, seller_id="s0", as_of=DAY)
    assert RiskFlag.NO_ENGAGED_CONTACT in seller.after.flag_names
    again = await assess_account_risk(graph, workspace, TARGET, as_of=DAY)
    assert again.flag_names == person.before.flag_names
    with pytest.raises(NotFound):
        await what_if_leaves(graph, workspace, TARGET, person_id="nobody", as_of=DAY)


async def test_champion_without_access(graph: GraphClient) -> None:
    """A champion three hops from the economic buyer has no access; two hops is enough."""
    far = _sample(
        ["champ", "a", "b", "eb"],
        [
            Edge("KNOWS", "s0", "champ", 0.9),
            Edge("KNOWS", "champ", "a", 0.9),
            Edge("KNOWS", "a", "b", 0.9),
            Edge("KNOWS", "b", "eb", 0.9),
        ],
        [_job(p) for p in ("champ", "a", "b", "eb")],
        [_role("eb", EB), _role("champ", CHAMPION)],
    )
    risk = await assess_account_risk(graph, await _written(graph, far), TARGET, as_of=DAY)
    assert RiskFlag.CHAMPION_WITHOUT_ACCESS in risk.flag_names
    near = _sample(
        ["champ", "a", "eb"],
        [
            Edge("KNOWS", "s0", "champ", 0.9),
            Edge("KNOWS", "champ", "a", 0.9),
            Edge("REPORTS_TO", "a", "eb", None),
        ],
        [_job(p) for p in ("champ", "a", "eb")],
        [_role("eb", EB), _role("champ", CHAMPION)],
    )
    risk = await assess_account_risk(graph, await _written(graph, near), TARGET, as_of=DAY)
    assert RiskFlag.CHAMPION_WITHOUT_ACCESS not in risk.flag_names


async def test_weights_are_configurable(graph: GraphClient) -> None:
    """The score is the sum of the configured weights of the raised flags, capped at 100."""
    sample = _sample(["x"], [], [_job("x")], [])
    workspace = await _written(graph, sample)
    default = await assess_account_risk(graph, workspace, TARGET, as_of=DAY)
    assert default.flag_names == {
        RiskFlag.NO_ENGAGED_CONTACT,
        RiskFlag.ECONOMIC_BUYER_UNKNOWN,
        RiskFlag.NO_CHAMPION,
    }
    assert default.score == 40 + 20 + 10
    tuned = await assess_account_risk(
        graph,
        workspace,
        TARGET,
        RiskSettings(weights=risk_weights({"NO_ENGAGED_CONTACT": 90, "NO_CHAMPION": 50})),
        as_of=DAY,
    )
    assert tuned.score == 100
    with pytest.raises(InvalidInput, match="weight"):
        risk_weights({"NO_CHAMPION": 101})


async def test_portfolio_pages_filters_and_sorts(graph: GraphClient) -> None:
    """Customers and accounts with open deals, riskiest first, filtered by seller, flag and
    score, paged with cursors that add up to the total."""
    sample = _sample(
        ["eb", "x"],
        [Edge("KNOWS", "s0", "eb", 0.9)],
        [_job("eb"), _job("x", OTHER)],
        [_role("eb", EB)],
        sellers=("s0", "s1"),
    )
    sample.open_deals = {TARGET: "s1"}
    workspace = await _written(graph, sample)
    everything = await scan_portfolio_risk(graph, workspace, first=1, as_of=DAY)
    assert everything.total_count == 2
    assert everything.has_next_page
    ((first_cursor, first),) = everything.items
    rest = await scan_portfolio_risk(graph, workspace, first=5, after=first_cursor, as_of=DAY)
    assert [r.account_id for _, r in rest.items] == [TARGET]
    assert first.account_id == OTHER
    assert first.score >= rest.items[0][1].score
    mine = await scan_portfolio_risk(
        graph, workspace, where=PortfolioRiskWhere(seller_id="s1"), as_of=DAY
    )
    assert [r.account_id for _, r in mine.items] == [TARGET]
    flagged = await scan_portfolio_risk(
        graph,
        workspace,
        where=PortfolioRiskWhere(flag=RiskFlag.ECONOMIC_BUYER_UNKNOWN),
        as_of=DAY,
    )
    assert [r.account_id for _, r in flagged.items] == [OTHER]
    high = await scan_portfolio_risk(
        graph, workspace, where=PortfolioRiskWhere(min_score=101), as_of=DAY
    )
    assert high.total_count == 0


async def test_unknown_account_is_not_found(graph: GraphClient) -> None:
    """An account of another workspace is simply not found."""
    sample = _sample(["eb"], [], [_job("eb")], [_role("eb", EB)])
    await _written(graph, sample)
    with pytest.raises(NotFound):
        await assess_account_risk(graph, _fresh(), TARGET, as_of=DAY)


async def test_single_department(graph: GraphClient) -> None:
    """Two engaged contacts in one department raise SINGLE_DEPARTMENT; another department
    clears it."""
    jobs = [_job("a"), _job("b"), _job("eb")]
    edges = [Edge("KNOWS", "s0", "a", 0.9), Edge("KNOWS", "s1", "b", 0.9)]
    same = _sample(["a", "b", "eb"], edges, jobs, [_role("eb", EB)], sellers=("s0", "s1"))
    risk = await assess_account_risk(graph, await _written(graph, same), TARGET, as_of=DAY)
    assert RiskFlag.SINGLE_DEPARTMENT in risk.flag_names
    assert RiskFlag.SINGLE_SELLER not in risk.flag_names
    jobs[1] = Employment("b", TARGET, False, DAY - timedelta(days=300), None, "IT")
    mixed = _sample(["a", "b", "eb"], edges, jobs, [_role("eb", EB)], sellers=("s0", "s1"))
    risk = await assess_account_risk(graph, await _written(graph, mixed), TARGET, as_of=DAY)
    assert RiskFlag.SINGLE_DEPARTMENT not in risk.flag_names
