"""Intro requests in the graph: creation with its references checked, idempotency by key, the
state table against a plain-Python one, dated history, and the KNOWS an introduction leaves that
warmest paths then walk."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any, LiteralString

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.core.client import GraphClient, fetch_one
from graph.core.credentials import Principal, Role
from graph.core.errors import Forbidden, IdempotencyConflict, InvalidInput, NotFound
from graph.core.model import HumanKind
from graph.intros.requests import (
    NewIntroRequest,
    PathStep,
    change_intro_state,
    request_introduction,
)
from graph.intros.states import IntroState
from graph.reach.paths import find_warmest_paths
from graph.signals.model import SignalType
from graph.signals.outbox import events_after
from tests.conftest import new_workspace
from tests.intro_fixture import DAY0, NEXT, load_world

T0 = DAY0


def member(workspace: str) -> Principal:
    return Principal(workspace, Role.MEMBER, "api-key:member")


def partner(workspace: str, partner_id: str) -> Principal:
    return Principal(workspace, Role.PARTNER, f"api-key:{partner_id}", partner_id)


def ask(key: str = "k1", **changes: Any) -> NewIntroRequest:
    fields: dict[str, Any] = {
        "key": key,
        "account_id": "acc-a",
        "target_id": "t-cfo",
        "introducer_id": "c-champ",
        "introducer_kind": HumanKind.PERSON,
        "requester_id": "s-dana",
        "at": T0,
        **changes,
    }
    return NewIntroRequest(**fields)


async def test_a_request_is_created_with_its_first_change(
    graph: GraphClient, workspace: str
) -> None:
    """A new request is REQUESTED, names its parties and account, and has one dated,
    attributed change; a partner contact as introducer gives the request that partner."""
    await load_world(graph, workspace)
    path = (
        PathStep("s-dana", HumanKind.SELLER, "c-champ", HumanKind.PERSON, "KNOWS", 0.9),
        PathStep("c-champ", HumanKind.PERSON, "t-cfo", HumanKind.PERSON, "KNOWS", 0.4),
    )
    written = await request_introduction(
        graph, workspace, member(workspace), ask(path=path, note="Lunch?")
    )
    request = written.request
    assert not written.replayed
    assert request.state is IntroState.REQUESTED
    assert (request.target_name, request.introducer_name, request.requester_name) == (
        "Cora CFO",
        "Chad Champion",
        "Dana Seller",
    )
    assert (request.account_name, request.partner_id, request.path) == ("Acme", None, path)
    assert [(c.from_state, c.to_state, c.at, c.actor_subject) for c in request.changes] == [
        (None, IntroState.REQUESTED, T0, "api-key:member")
    ]
    via_partner = await request_introduction(
        graph, workspace, member(workspace), ask("k2", introducer_id="pc-lena")
    )
    assert (via_partner.request.partner_id, via_partner.request.partner_name) == (
        "par-p",
        "Stratus",
    )


async def test_a_replay_answers_the_first_write_and_new_content_conflicts(
    graph: GraphClient, workspace: str
) -> None:
    """The same key with the same content returns the same request without writing; the same
    key with other content is IDEMPOTENCY_CONFLICT naming `key`; a change replays likewise."""
    await load_world(graph, workspace)
    first = await request_introduction(graph, workspace, member(workspace), ask())
    again = await request_introduction(graph, workspace, member(workspace), ask())
    assert again.replayed
    assert again.request == first.request
    with pytest.raises(IdempotencyConflict) as raised:
        await request_introduction(graph, workspace, member(workspace), ask(note="other"))
    assert raised.value.extensions["field"] == "key"
    at = T0 + timedelta(days=1)
    moved = await change_intro_state(
        graph, workspace, member(workspace), first.request.id, IntroState.ACCEPTED, "c1", at=at
    )
    replay = await change_intro_state(
        graph, workspace, member(workspace), first.request.id, IntroState.ACCEPTED, "c1", at=at
    )
    assert (replay.replayed, replay.change, replay.request) == (True, moved.change, moved.request)
    with pytest.raises(IdempotencyConflict):
        await change_intro_state(
            graph, workspace, member(workspace), first.request.id, IntroState.DECLINED, "c1", at=at
        )
    assert len(replay.request.changes) == 2


async def test_references_and_inputs_are_checked(graph: GraphClient, workspace: str) -> None:
    """Missing account, target, introducer or requester is NOT_FOUND naming the argument; an
    incoherent path, a self-introduction, a future time or a target who does not work at the
    account is INVALID_INPUT naming the field."""
    await load_world(graph, workspace)
    actor = member(workspace)
    for change, argument in (
        ({"account_id": "nope"}, "accountId"),
        ({"target_id": "nope"}, "targetId"),
        ({"introducer_id": "s-eli"}, "introducerId"),  # a seller named as a person
        ({"requester_id": "c-champ"}, "requesterId"),
    ):
        with pytest.raises(NotFound) as missing:
            await request_introduction(graph, workspace, actor, ask(**change))
        assert missing.value.extensions["field"] == argument
    broken = (PathStep("s-dana", HumanKind.SELLER, "c-champ", HumanKind.PERSON, "KNOWS", 0.9),)
    bad_inputs: list[tuple[dict[str, Any], str]] = [
        ({"path": broken}, "path"),
        ({"introducer_id": "t-cfo"}, "introducerId"),
        ({"introducer_id": "s-dana", "introducer_kind": HumanKind.SELLER}, "introducerId"),
        ({"at": datetime.now(UTC) + timedelta(days=1)}, "at"),
        ({"key": ""}, "key"),
        ({"account_id": "acc-b"}, "targetId"),  # the CFO works at Acme
    ]
    for change, field in bad_inputs:
        with pytest.raises(InvalidInput) as bad:
            await request_introduction(graph, workspace, actor, ask(**change))
        assert bad.value.extensions["field"] == field


@given(wanted=st.lists(st.sampled_from(list(IntroState)), min_size=1, max_size=5))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
async def test_changes_follow_the_state_table(graph: GraphClient, wanted: list[IntroState]) -> None:
    """Any sequence of wanted states: each is accepted exactly when the plain-Python table
    allows it from the current state (else INVALID_INPUT on `state`, nothing written), and
    the history lists the accepted ones with their times."""
    workspace = new_workspace()
    await load_world(graph, workspace)
    actor = member(workspace)
    request = (await request_introduction(graph, workspace, actor, ask())).request
    state, accepted = "REQUESTED", []
    for n, target in enumerate(wanted):
        at = T0 + timedelta(hours=n + 1)
        legal = target.value in NEXT.get(state, [])
        if legal:
            await change_intro_state(graph, workspace, actor, request.id, target, f"c{n}", at=at)
            state = target.value
            accepted.append((target, at))
        else:
            with pytest.raises(InvalidInput) as refused:
                await change_intro_state(
                    graph, workspace, actor, request.id, target, f"c{n}", at=at
                )
            assert refused.value.extensions["field"] == "state"
            assert refused.value.extensions["currentState"] == state
    final = await request_introduction(graph, workspace, actor, ask())
    assert final.request.state.value == state
    assert [(c.to_state, c.at) for c in final.request.changes[1:]] == accepted


async def test_a_change_cannot_be_dated_before_the_last_one(
    graph: GraphClient, workspace: str
) -> None:
    """`at` before the request's last change is INVALID_INPUT on `at`; an unknown request is
    NOT_FOUND naming `requestId`."""
    await load_world(graph, workspace)
    actor = member(workspace)
    request = (await request_introduction(graph, workspace, actor, ask())).request
    with pytest.raises(InvalidInput) as early:
        await change_intro_state(
            graph, workspace, actor, request.id, IntroState.ACCEPTED, "c", at=T0 - timedelta(1)
        )
    assert early.value.extensions["field"] == "at"
    with pytest.raises(NotFound) as missing:
        await change_intro_state(graph, workspace, actor, "ir-nope", IntroState.ACCEPTED, "c")
    assert missing.value.extensions["field"] == "requestId"


async def _knows(graph: GraphClient, workspace: str) -> dict[str, Any] | None:
    async def work(tx: Any) -> dict[str, Any] | None:
        return await fetch_one(
            tx,
            "MATCH (:Seller {workspace: $w, id: 's-dana'})-[k:KNOWS]-(:Person {workspace: $w, "
            "id: 't-cfo'}) RETURN k.strength AS strength, k.source AS source, "
            "k.lastInteractionAt AS at, count(*) AS edges",
            {"w": workspace},
        )

    return await graph.read(work)


async def test_an_introduction_makes_the_warmest_path(graph: GraphClient, workspace: str) -> None:
    """INTRODUCED creates KNOWS (source introduction, strength 0.5, the change's time) between
    the requesting seller and the target, and Dana's warmest path to the CFO becomes that one
    hop; a second introduction strengthens the same edge to 1 - 0.5 * 0.5."""
    await load_world(graph, workspace)
    actor = member(workspace)
    before = await find_warmest_paths(
        graph, workspace, "acc-a", from_seller_ids=["s-dana"], as_of=T0.date()
    )
    assert before.best is not None
    assert before.best.hop_count == 2
    assert before.best.warmth == pytest.approx(0.36)
    assert await _knows(graph, workspace) is None
    for n, key in enumerate(("k1", "k2")):
        request = (await request_introduction(graph, workspace, actor, ask(key))).request
        start = T0 + timedelta(days=n + 1)
        await change_intro_state(
            graph, workspace, actor, request.id, IntroState.ACCEPTED, f"{key}a", at=start
        )
        await change_intro_state(
            graph, workspace, actor, request.id, IntroState.INTRODUCED, f"{key}i",
            at=start + timedelta(hours=3),
        )  # fmt: skip
        knows = await _knows(graph, workspace)
        assert knows is not None
        assert knows["edges"] == 1
        assert knows["source"] == "introduction"
        assert knows["strength"] == pytest.approx([0.5, 0.75][n])
        assert knows["at"].to_native() == start + timedelta(hours=3)
    after = await find_warmest_paths(
        graph, workspace, "acc-a", from_seller_ids=["s-dana"], as_of=T0.date()
    )
    assert after.best is not None
    assert [(h.source.id, h.target.id) for h in after.best.hops] == [("s-dana", "t-cfo")]
    assert after.best.warmth == pytest.approx(0.75)


async def test_a_partner_answers_only_requests_to_its_contacts(
    graph: GraphClient, workspace: str
) -> None:
    """A partner actor may accept a request addressed to its contact; withdrawing is refused;
    another partner's request and a request that does not exist get one and the same denial."""
    await load_world(graph, workspace)
    lena = (
        await request_introduction(
            graph, workspace, member(workspace), ask(introducer_id="pc-lena")
        )
    ).request
    omar = (
        await request_introduction(
            graph, workspace, member(workspace), ask("k2", introducer_id="qc-omar")
        )
    ).request
    stratus = partner(workspace, "par-p")
    accepted = await change_intro_state(
        graph, workspace, stratus, lena.id, IntroState.ACCEPTED, "p1"
    )
    assert accepted.change.actor_partner_id == "par-p"
    with pytest.raises(Forbidden):
        await change_intro_state(graph, workspace, stratus, lena.id, IntroState.WITHDRAWN, "p2")
    denials = []
    for request_id in (omar.id, "ir-does-not-exist"):
        with pytest.raises(Forbidden) as denied:
            await change_intro_state(
                graph, workspace, stratus, request_id, IntroState.ACCEPTED, "p3"
            )
        denials.append(denied.value.message)
    assert denials[0] == denials[1]


async def test_concurrent_writes_with_one_key_make_one_request(
    graph: GraphClient, workspace: str
) -> None:
    """Several identical creations at once write one request and one change: every caller gets
    the same request, all but one as a replay."""
    await load_world(graph, workspace)
    actor = member(workspace)
    written = await asyncio.gather(
        *(request_introduction(graph, workspace, actor, ask()) for _ in range(4))
    )
    assert len({w.request.id for w in written}) == 1
    assert sorted(w.replayed for w in written) == [False, True, True, True]
    assert len(written[0].request.changes) == 1


async def test_concurrent_answers_to_one_request_apply_one_after_the_other(
    graph: GraphClient, workspace: str
) -> None:
    """An accept and a decline sent at once: exactly one applies, the other is refused as a
    change the table forbids from the state the first one left."""
    await load_world(graph, workspace)
    actor = member(workspace)
    request = (await request_introduction(graph, workspace, actor, ask())).request
    outcomes = await asyncio.gather(
        change_intro_state(graph, workspace, actor, request.id, IntroState.ACCEPTED, "a", at=T0),
        change_intro_state(graph, workspace, actor, request.id, IntroState.DECLINED, "d", at=T0),
        return_exceptions=True,
    )
    applied = [o for o in outcomes if not isinstance(o, BaseException)]
    refused = [o for o in outcomes if isinstance(o, InvalidInput)]
    assert (len(applied), len(refused)) == (1, 1)
    final = await request_introduction(graph, workspace, actor, ask())
    assert [c.to_state for c in final.request.changes] == [
        IntroState.REQUESTED,
        applied[0].request.state,
    ]


async def test_each_change_is_one_signal_and_a_replay_none(
    graph: GraphClient, workspace: str
) -> None:
    """Every change of a request is one INTRO_REQUEST_CHANGED event in the outbox, written with
    the change (a replay writes none); an introduction also marks the accounts its KNOWS
    touches, so the next change scan looks at them."""
    await load_world(graph, workspace)
    first = await request_introduction(graph, workspace, member(workspace), ask())
    await request_introduction(graph, workspace, member(workspace), ask())  # a replay
    at = T0 + timedelta(days=1)
    await change_intro_state(
        graph, workspace, member(workspace), first.request.id, IntroState.ACCEPTED, "c1", at=at
    )
    await _cypher(graph, "MATCH (m:SignalMark {workspace: $ws}) SET m.dirty = false", workspace)
    await change_intro_state(
        graph, workspace, member(workspace), first.request.id, IntroState.INTRODUCED, "c2", at=at
    )
    await change_intro_state(
        graph, workspace, member(workspace), first.request.id, IntroState.INTRODUCED, "c2", at=at
    )
    events = await events_after(graph, workspace, 0, types=[SignalType.INTRO_REQUEST_CHANGED])
    assert [(e.account_id, e.detail["fromState"], e.detail["state"]) for e in events] == [
        ("acc-a", None, "REQUESTED"),
        ("acc-a", "REQUESTED", "ACCEPTED"),
        ("acc-a", "ACCEPTED", "INTRODUCED"),
    ]
    assert {e.detail["requestId"] for e in events} == {first.request.id}
    assert events[0].sentence == "Dana Seller asked Chad Champion for an introduction to Cora CFO."
    assert [p.id for p in events[-1].people] == ["t-cfo", "c-champ", "s-dana"]
    marked = await _cypher(
        graph,
        "MATCH (m:SignalMark {workspace: $ws, dirty: true}) RETURN m.accountId AS id",
        workspace,
    )
    assert {"id": "acc-a"} in marked


async def _cypher(graph: GraphClient, query: LiteralString, workspace: str) -> list[dict[str, Any]]:
    async with graph.driver.session(database=graph.database) as session:
        result = await session.run(query, {"ws": workspace})
        return [record.data() async for record in result]
