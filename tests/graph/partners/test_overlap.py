"""Partner overlap in the graph layer on a small hand-made workspace."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from graph.core.client import GraphClient
from graph.core.errors import NotFound
from graph.core.model import PartnerAccountStatus
from graph.partners.boundary import Disclosure, SharingForbidden
from graph.partners.introductions import RouteGap, best_partner_for_account, warm_introductions
from graph.partners.matching import OurStatus, UnmatchedReason
from graph.partners.overlap import CellFilter, partner_overlap
from graph.partners.program import program_figures, shared_by_all_partners
from tests.overlap_fixture import OverlapData, load_overlap_data, small_world_data


@pytest.fixture
async def small_world(graph: GraphClient, workspace: str) -> str:
    """The small world loaded into a fresh workspace."""
    await load_overlap_data(graph, workspace, small_world_data())
    return workspace


async def test_matching_explains_every_record(graph: GraphClient, small_world: str) -> None:
    """Domain beats name, ambiguous names and unknown domains are listed, duplicates reported."""
    overlap = await partner_overlap(graph, small_world, "p1")
    report = overlap.matching
    assert report is not None
    assert report.records == 7
    assert {u.record.id: u.reason for u in report.unmatched} == {
        "p1/6": UnmatchedReason.NO_ACCOUNT_WITH_DOMAIN
    }
    assert [(a.record.id, a.reason, a.candidate_account_ids) for a in report.ambiguous] == [
        ("p1/5", UnmatchedReason.SEVERAL_ACCOUNTS_WITH_NAME, ("hooli-1", "hooli-2"))
    ]
    assert [(d.account_id, d.record_ids) for d in report.duplicates] == [("acme", ("p1/1", "p1/2"))]
    assert (report.matched_by_domain, report.matched_by_name) == (3, 2)
    assert overlap.total_count == 4
    assert overlap.accounts is not None
    statuses = {a.account_id: (a.our_status, a.partner_status) for _, a in overlap.accounts.items}
    assert statuses == {
        "acme": (OurStatus.PROSPECT_TARGET, PartnerAccountStatus.CUSTOMER),
        "globex": (OurStatus.CUSTOMER, PartnerAccountStatus.OPPORTUNITY),
        "initech": (OurStatus.OPEN_OPPORTUNITY, PartnerAccountStatus.CUSTOMER),
        "umbrella": (OurStatus.PROSPECT_TARGET, PartnerAccountStatus.CUSTOMER),
    }
    assert sum(cell.count for cell in overlap.matrix) == 4
    assert len(overlap.matrix) == 9


async def test_uncovered_people_exclude_those_our_sellers_know(
    graph: GraphClient, small_world: str
) -> None:
    """Only people a current partner contact knows and no seller knows are counted."""
    overlap = await partner_overlap(graph, small_world, "p1")
    assert overlap.accounts is not None
    acme = next(a for _, a in overlap.accounts.items if a.account_id == "acme")
    assert acme.uncovered_people_count == 1
    assert acme.uncovered_people is not None
    assert [(p.id, p.known_by[0].contact_id) for p in acme.uncovered_people] == [("x", "c1")]


async def test_cell_filter_and_pages(graph: GraphClient, small_world: str) -> None:
    """The cell filter narrows the page, not the matrix; cursors walk the whole list."""
    filtered = await partner_overlap(
        graph, small_world, "p1", CellFilter(partner_status=PartnerAccountStatus.CUSTOMER)
    )
    assert filtered.accounts is not None
    assert filtered.accounts.total_count == 3
    assert filtered.total_count == 4
    seen: list[str] = []
    after = None
    while True:
        page = await partner_overlap(graph, small_world, "p1", first=1, after=after)
        assert page.accounts is not None
        seen += [a.account_id for _, a in page.accounts.items]
        if not page.accounts.has_next_page:
            break
        after = page.accounts.end_cursor
    assert seen == ["acme", "globex", "initech", "umbrella"]


async def test_warm_introductions_rank_by_warmth(graph: GraphClient, small_world: str) -> None:
    """Our prospects and open deals that the partner has as customers, warmest first."""
    page = await warm_introductions(graph, small_world, "p1")
    ranked = [(i.account_id, i.warmth) for _, i in page.items]
    assert ranked == [("acme", 0.9), ("initech", 0.2), ("umbrella", None)]
    first = page.items[0][1]
    assert first.route is not None
    assert (first.route.contact_id, first.route.buyer_id) == ("c1", "eb")


async def test_best_partner_against_our_route(graph: GraphClient, small_world: str) -> None:
    """Partner One's contact knows Acme's economic buyer better than our seller does."""
    best = await best_partner_for_account(graph, small_world, "acme")
    assert best.our_route is not None
    assert best.our_route.strength == 0.6
    assert best.best_partner is not None
    assert best.best_partner.partner_id == "p1"
    assert best.partner_is_warmer
    none = await best_partner_for_account(graph, small_world, "globex")
    assert none.gap is RouteGap.NO_ECONOMIC_BUYER
    with pytest.raises(NotFound):
        await best_partner_for_account(graph, small_world, "missing")


async def test_shared_by_all_and_program(graph: GraphClient, small_world: str) -> None:
    """Accounts shared with both partners, and the pipeline/closed shares of one overlap."""
    shared = await shared_by_all_partners(graph, small_world, ["p1", "p2"])
    assert [s.account_id for _, s in shared.items] == ["acme", "globex"]
    acme = shared.items[0][1]
    assert [(s.partner_id, s.status) for s in acme.partner_statuses] == [
        ("p1", PartnerAccountStatus.CUSTOMER),
        ("p2", PartnerAccountStatus.OPPORTUNITY),
    ]
    figures = await program_figures(graph, small_world, "p1")
    assert (figures.overlapping_accounts, figures.in_pipeline, figures.closed_won) == (4, 3, 1)
    assert figures.pipeline_share == 0.75


async def test_partner_viewer_is_bounded(graph: GraphClient, small_world: str) -> None:
    """A partner viewer sees its level only; another partner is the same denial as a missing one."""
    as_p2 = await partner_overlap(graph, small_world, "p2", viewer_partner_id="p2")
    assert as_p2.disclosure is Disclosure.ACCOUNTS
    assert as_p2.matching is None
    assert as_p2.accounts is not None
    assert all(a.uncovered_people is None for _, a in as_p2.accounts.items)
    assert all(a.account_status is None for _, a in as_p2.accounts.items)
    with pytest.raises(SharingForbidden) as other:
        await partner_overlap(graph, small_world, "p1", viewer_partner_id="p2")
    with pytest.raises(SharingForbidden) as missing:
        await partner_overlap(graph, small_world, "nope", viewer_partner_id="p2")
    assert str(other.value) == str(missing.value)
    with pytest.raises(SharingForbidden):
        await best_partner_for_account(graph, small_world, "acme", viewer_partner_id="p1")


DAY = date(2026, 3, 1)


def _changing_world() -> OverlapData:
    """The small world plus a decision maker who left Initech on DAY and an economic buyer of
    Acme whose role starts 30 days after DAY, both known better than anyone current."""
    data = small_world_data()
    data.person("gone", "Gina Gone")
    data.employ("gone", "initech", start=DAY - timedelta(days=400), end=DAY)
    data.role("gone", "initech", "DECISION_MAKER")
    data.know("c1", "gone", 0.95)
    data.person("soon", "Sol Soon")
    data.employ("soon", "acme", start=DAY - timedelta(days=100))
    data.role("soon", "acme", "ECONOMIC_BUYER", start=DAY + timedelta(days=30))
    data.know("c1", "soon", 0.99)
    data.person("c2", "Cy Two")
    data.employ("c2", "p2")
    data.know("c2", "soon", 0.97)
    return data


async def test_leavers_and_future_roles_are_no_buyers(graph: GraphClient, workspace: str) -> None:
    """On DAY a leaver and a role that starts next month count for nothing; on other days they
    do, exactly as the one temporal rule says."""
    await load_overlap_data(graph, workspace, _changing_world())

    async def warmth_on(day: date) -> dict[str, float | None]:
        page = await warm_introductions(graph, workspace, "p1", as_of=day)
        return {i.account_id: i.warmth for _, i in page.items}

    assert await warmth_on(DAY) == {"acme": 0.9, "initech": 0.2, "umbrella": None}
    assert (await warmth_on(DAY - timedelta(days=1)))["initech"] == 0.95
    assert (await warmth_on(DAY + timedelta(days=30)))["acme"] == 0.99

    today = await best_partner_for_account(graph, workspace, "acme", as_of=DAY)
    assert today.economic_buyer_ids == ("eb",)
    assert today.best_partner is not None
    assert (today.best_partner.partner_id, today.best_partner.route.strength) == ("p1", 0.9)
    later = await best_partner_for_account(graph, workspace, "acme", as_of=DAY + timedelta(days=30))
    assert later.economic_buyer_ids == ("eb", "soon")
    assert [(o.partner_id, o.route.strength) for o in later.partners] == [
        ("p1", 0.99),
        ("p2", 0.97),
    ]


async def test_former_partner_contacts_and_leavers_are_not_uncovered(
    graph: GraphClient, workspace: str
) -> None:
    """Uncovered people are judged on the day: a contact who joins later knows nobody yet."""
    data = small_world_data()
    data.person("late", "Lee Late")
    data.employ("late", "p1", start=DAY + timedelta(days=10))
    data.person("y", "Yara")
    data.employ("y", "acme", start=DAY - timedelta(days=10), end=DAY + timedelta(days=20))
    data.know("late", "y", 0.7)
    await load_overlap_data(graph, workspace, data)

    async def uncovered_on(day: date) -> list[str]:
        overlap = await partner_overlap(graph, workspace, "p1", as_of=day)
        assert overlap.accounts is not None
        acme = next(a for _, a in overlap.accounts.items if a.account_id == "acme")
        assert acme.uncovered_people is not None
        return [p.id for p in acme.uncovered_people]

    assert await uncovered_on(DAY) == ["x"]
    assert await uncovered_on(DAY + timedelta(days=10)) == ["x", "y"]
    assert await uncovered_on(DAY + timedelta(days=20)) == ["x"]
