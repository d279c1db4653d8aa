"""Ageing, acceptance and time to intro, and partner-sourced and partner-influenced pipeline, on
generated request histories, against the plain-Python answers of tests/intro_fixture.py."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from graph.core.client import GraphClient
from graph.intros.attribution import intro_pipeline
from graph.intros.listing import IntroFilter, IntroSort, IntroSortField, list_intro_requests
from graph.intros.states import IntroState
from graph.intros.stats import IntroGroup, intro_figures
from tests.conftest import new_workspace
from tests.intro_fixture import (
    DAY0,
    Story,
    generate_deals,
    generate_stories,
    load_world,
    reference_figures,
    reference_pipeline,
    write_stories,
)

SEEDS = (3, 11, 29)
DAYS = tuple(DAY0.date() + timedelta(days=n) for n in (-1, 20, 45, 120))


@pytest.fixture(scope="module", params=SEEDS)
async def generated(request: pytest.FixtureRequest, graph: GraphClient) -> dict[str, Any]:
    """A workspace with 30 generated requests and 20 generated deals (one per seed)."""
    seed = request.param
    workspace = new_workspace("intros")
    deals = generate_deals(seed, 20)
    await load_world(
        graph,
        workspace,
        {
            "opportunities": [
                {"id": d.id, "accountId": d.account, "name": d.id, "openDate": d.opened.isoformat(),
                 "amount": d.amount}
                for d in deals
            ]
        },
    )  # fmt: skip
    stories = generate_stories(seed, 30)
    ids = await write_stories(graph, workspace, stories)
    return {"workspace": workspace, "stories": stories, "deals": deals, "ids": ids}


def _state_on(story: Story, day: date) -> tuple[str, date] | None:
    seen = story.on(day)
    return None if not seen else (seen[-1][0], seen[-1][1].date())


@pytest.mark.parametrize("day", DAYS)
async def test_the_list_gives_each_request_its_state_and_age_on_the_day(
    graph: GraphClient, generated: dict[str, Any], day: date
) -> None:
    """Requests made by the day, each in the state of its last change by then, with days in
    state and since requested; a state filter keeps exactly the requests in those states."""
    stories: list[Story] = generated["stories"]
    ids: dict[str, str] = generated["ids"]
    page = await list_intro_requests(graph, generated["workspace"], IntroFilter(), day, first=200)
    got = {
        aged.request.id: (aged.state.value, aged.days_in_state, aged.days_since_requested)
        for _, aged in page.items
    }
    expected = {}
    for story in stories:
        found = _state_on(story, day)
        if found is not None:
            state, since = found
            expected[ids[story.key]] = (
                state,
                (day - since).days,
                (day - story.changes[0][1].date()).days,
            )
    assert got == expected
    waiting = await list_intro_requests(
        graph,
        generated["workspace"],
        IntroFilter(states=frozenset({IntroState.REQUESTED, IntroState.ACCEPTED})),
        day,
        sort=(IntroSort(IntroSortField.DAYS_IN_STATE, descending=True),),
        first=200,
    )
    ages = [aged.days_in_state for _, aged in waiting.items]
    assert ages == sorted(ages, reverse=True)
    assert {a.request.id for _, a in waiting.items} == {
        i for i, (state, _, _) in expected.items() if state in ("REQUESTED", "ACCEPTED")
    }


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("group", list(IntroGroup))
async def test_figures_match_the_reference(
    graph: GraphClient, generated: dict[str, Any], day: date, group: IntroGroup
) -> None:
    """Requested, accepted, declined, introduced, open, acceptance rate and mean and median
    days to intro per introducer (or partner) equal the plain-Python answer."""
    page = await intro_figures(graph, generated["workspace"], group, IntroFilter(), day, first=200)
    got = {
        f.id: {
            "requested": f.requested,
            "accepted": f.accepted,
            "declined": f.declined,
            "introduced": f.introduced,
            "open": f.open,
            "acceptanceRate": f.acceptance_rate,
            "meanDaysToIntro": f.mean_days_to_intro,
            "medianDaysToIntro": f.median_days_to_intro,
        }
        for _, f in page.items
    }
    expected = reference_figures(generated["stories"], day, group is IntroGroup.PARTNER)
    assert got.keys() == expected.keys()
    for key, figures in expected.items():
        assert got[key] == pytest.approx(figures), key


@pytest.mark.parametrize("partner_id", ["par-p", "par-q"])
async def test_sourced_and_influenced_pipeline_match_the_reference(
    graph: GraphClient, generated: dict[str, Any], partner_id: str
) -> None:
    """The partner's sourced and influenced deals (and their summed amounts) equal the
    plain-Python answer; sourced deals are influenced too."""
    found = await intro_pipeline(graph, generated["workspace"], partner_id)
    sourced, influenced = reference_pipeline(generated["stories"], generated["deals"], partner_id)
    assert set(found.sourced_opportunity_ids) == sourced
    assert set(found.influenced_opportunity_ids) == influenced
    assert sourced <= influenced
    amounts = {d.id: d.amount or 0.0 for d in generated["deals"]}
    assert found.sourced_amount == pytest.approx(sum(amounts[d] for d in sourced))
    assert found.influenced_amount == pytest.approx(sum(amounts[d] for d in influenced))
