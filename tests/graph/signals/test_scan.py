"""The change scan: write paths mark accounts, the scan turns differences into events."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all
from graph.ingest.imports import load_bundle
from graph.ingest.lifecycle import EntityKind, delete_entity, end_buying_role, end_employment
from graph.signals.marks import MARK_ALL_ABOVE
from graph.signals.model import SignalDraft, SignalType
from graph.signals.outbox import events_after, record_event
from graph.signals.scan import scan_until_clean, scan_workspace, set_signal_max_hops
from tests.graph.signals.story import DAY, RECENT, START, dirty_accounts, load_story


async def _types(graph: GraphClient, workspace: str) -> list[tuple[str, str]]:
    return [(e.type.value, e.account_id) for e in await events_after(graph, workspace, 0)]


async def test_first_evaluation_is_a_silent_baseline(graph: GraphClient, workspace: str) -> None:
    """An import marks its accounts; the first scan records their state and emits nothing."""
    await load_story(graph, workspace)
    assert await dirty_accounts(graph, workspace) == {"a-harbor", "a-quarry"}
    assert await scan_until_clean(graph, workspace, DAY) == []
    assert await dirty_accounts(graph, workspace) == set()
    assert await scan_until_clean(graph, workspace, DAY) == []


async def test_champion_leaves(graph: GraphClient, workspace: str) -> None:
    """Maya leaving Harbor for Quarry: CHAMPION_LEFT naming where she works now and the risk
    flags that follow, in one scan; the route through her stays (a former employee may still
    introduce, as in graph/reach/paths.py)."""
    await load_story(graph, workspace)
    await scan_until_clean(graph, workspace, DAY)
    await end_employment(graph, workspace, "p-maya", "a-harbor", DAY - timedelta(days=1))
    await load_bundle(
        graph,
        workspace,
        {
            "employments": [
                {
                    "personId": "p-maya",
                    "organizationId": "a-quarry",
                    "startDate": (DAY - timedelta(days=1)).isoformat(),
                }
            ]
        },
    )
    assert "a-harbor" in await dirty_accounts(graph, workspace)
    await scan_until_clean(graph, workspace, DAY)
    events = await events_after(graph, workspace, 0)
    harbor = [e for e in events if e.account_id == "a-harbor"]
    kinds = [e.type for e in harbor]
    assert kinds[0] == SignalType.CHAMPION_LEFT
    assert SignalType.ROUTE_TO_ECONOMIC_BUYER_LOST not in kinds
    assert harbor[0].people[0].id == "p-maya"
    assert harbor[0].sentence == "Maya, a champion at Harbor, left and now works at Quarry."
    raised = {e.detail["flag"] for e in harbor if e.type is SignalType.RISK_FLAG_RAISED}
    assert {"NO_CHAMPION", "NO_ENGAGED_CONTACT"} <= raised
    assert [e.seq for e in events] == sorted(e.seq for e in events)
    # Scanning again finds nothing new.
    await load_bundle(graph, workspace, {"accounts": [{"id": "a-harbor", "name": "Harbor"}]})
    assert await scan_until_clean(graph, workspace, DAY) == []


async def test_new_route_and_economic_buyer_left(graph: GraphClient, workspace: str) -> None:
    """Sam meeting Elena directly is no new route (one existed); Elena leaving is
    ECONOMIC_BUYER_LEFT; a role that only ends is a flag, not a departure."""
    await load_story(graph, workspace)
    await scan_until_clean(graph, workspace, DAY)
    await end_buying_role(graph, workspace, "p-maya", "a-harbor", "CHAMPION", DAY)
    await end_employment(graph, workspace, "p-elena", "a-harbor", DAY)
    await scan_until_clean(graph, workspace, DAY)
    kinds = [t for t, _ in await _types(graph, workspace)]
    assert SignalType.CHAMPION_LEFT.value not in kinds
    assert kinds[0] == SignalType.ECONOMIC_BUYER_LEFT.value
    assert SignalType.RISK_FLAG_RAISED.value in kinds


async def test_new_warm_route_after_a_relationship(graph: GraphClient, workspace: str) -> None:
    """A KNOWS written between two people far from the account still marks it (the radius),
    and the route it opens is NEW_WARM_ROUTE."""
    await load_story(graph, workspace)
    await load_bundle(
        graph,
        workspace,
        {
            "accounts": [{"id": "a-cove", "name": "Cove"}],
            "people": [{"id": "p-zoe", "name": "Zoe"}, {"id": "p-ian", "name": "Ian"}],
            "employments": [
                {"personId": "p-zoe", "organizationId": "a-cove"},
                {"personId": "p-ian", "organizationId": "a-quarry"},
            ],
            "buyingRoles": [{"personId": "p-zoe", "accountId": "a-cove", "role": "ECONOMIC_BUYER"}],
            "relationships": [
                {"kind": "KNOWS", "fromId": "p-ian", "toId": "p-zoe", "strength": 0.9}
            ],
        },
    )
    await scan_until_clean(graph, workspace, DAY)
    await load_bundle(
        graph,
        workspace,
        {
            "relationships": [
                {
                    "kind": "KNOWS",
                    "fromId": "s-sam",
                    "fromKind": "SELLER",
                    "toId": "p-ian",
                    "strength": 0.5,
                    "lastInteractionAt": RECENT,
                }
            ]
        },
    )
    assert "a-cove" in await dirty_accounts(graph, workspace)
    await scan_until_clean(graph, workspace, DAY)
    cove = [e for e in await events_after(graph, workspace, 0) if e.account_id == "a-cove"]
    assert cove[0].type is SignalType.NEW_WARM_ROUTE
    assert [p.id for p in cove[0].people] == ["s-sam", "p-ian", "p-zoe"]
    assert cove[0].detail["warmth"] == 0.45


async def test_partner_overlap_and_hop_bound(graph: GraphClient, workspace: str) -> None:
    """A partner's shared record matching Harbor's domain is NEW_PARTNER_OVERLAP; lowering the
    workspace's hop bound to 1 loses the 2-hop route, raising it to 5 finds it again (and from
    then on every change marks the whole workspace)."""
    await load_story(graph, workspace)
    await scan_until_clean(graph, workspace, DAY)
    await load_bundle(
        graph,
        workspace,
        {
            "partners": [{"id": "par-x", "name": "Stratus"}],
            "partnerAccounts": [
                {
                    "partnerId": "par-x",
                    "externalId": "1",
                    "name": "Harbor Inc",
                    "domain": "harbor.example",
                    "status": "CUSTOMER",
                }
            ],
        },
    )
    await scan_until_clean(graph, workspace, DAY)
    await set_signal_max_hops(graph, workspace, 1)
    await scan_until_clean(graph, workspace, DAY)
    await set_signal_max_hops(graph, workspace, 5)
    await scan_until_clean(graph, workspace, DAY)
    await load_bundle(graph, workspace, {"accounts": [{"id": "a-quarry", "name": "Quarry"}]})
    assert (
        await dirty_accounts(graph, workspace) == set()
    )  # above 3 hops: one flag for the workspace
    assert await scan_until_clean(graph, workspace, DAY) == []
    found = await events_after(graph, workspace, 0)
    assert [(e.type, e.sentence) for e in found[:1]] == [
        (SignalType.NEW_PARTNER_OVERLAP, "Stratus now shares Harbor with us.")
    ]
    kinds = [e.type for e in found]
    lost = kinds.index(SignalType.ROUTE_TO_ECONOMIC_BUYER_LOST)
    assert SignalType.NEW_WARM_ROUTE in kinds[lost:]  # back within 5 hops


async def test_delete_marks_the_neighbourhood(graph: GraphClient, workspace: str) -> None:
    """Deleting Maya (the only thread) marks Harbor before she is gone: she left, and the last
    warm route to the economic buyer (through her) is lost."""
    await load_story(graph, workspace)
    await scan_until_clean(graph, workspace, DAY)
    await delete_entity(graph, workspace, EntityKind.PERSON, "p-maya")
    assert await dirty_accounts(graph, workspace) == {"a-harbor"}
    await scan_until_clean(graph, workspace, DAY)
    events = await events_after(graph, workspace, 0)
    assert [e.type for e in events][:2] == [
        SignalType.CHAMPION_LEFT,
        SignalType.ROUTE_TO_ECONOMIC_BUYER_LOST,
    ]
    assert events[0].sentence == "Maya, a champion at Harbor, left."
    assert [p.id for p in events[1].people] == ["s-dana", "p-maya", "p-elena"]


async def test_concurrent_scans_emit_once(graph: GraphClient, workspace: str) -> None:
    """Three scans racing over the same dirty account store its events once."""
    await load_story(graph, workspace)
    await scan_until_clean(graph, workspace, DAY)
    await end_employment(graph, workspace, "p-maya", "a-harbor", DAY)
    await asyncio.gather(*(scan_workspace(graph, workspace, DAY) for _ in range(3)))
    await scan_until_clean(graph, workspace, DAY)
    kinds = [t for t, _ in await _types(graph, workspace)]
    assert kinds.count("CHAMPION_LEFT") == 1


async def test_record_event_in_the_writers_transaction(graph: GraphClient, workspace: str) -> None:
    """Another writer's event is stored only if its transaction commits."""

    async def committed(tx: AsyncManagedTransaction) -> str:
        draft = SignalDraft(
            SignalType.INTRO_REQUEST_CHANGED,
            "a-harbor",
            "Harbor",
            "Intro requested.",
            detail={"introRequestId": "ir-1", "state": "REQUESTED"},
        )
        return await record_event(tx, workspace, draft)

    event_id = await graph.write(committed)

    class Rollback(Exception):
        pass

    async def failed(tx: AsyncManagedTransaction) -> None:
        await record_event(
            tx, workspace, SignalDraft(SignalType.INTRO_REQUEST_CHANGED, "a", None, "x")
        )
        raise Rollback

    with contextlib.suppress(Rollback):
        await graph.write(failed)
    found = await events_after(graph, workspace, 0)
    assert [(e.id, e.seq, e.detail["state"]) for e in found] == [(event_id, 1, "REQUESTED")]


async def test_a_deleted_account_leaves_no_mark_or_state(
    graph: GraphClient, workspace: str
) -> None:
    """Deleting an account drops its mark and stored state; its events stay as history."""
    await load_story(graph, workspace)
    await scan_until_clean(graph, workspace, DAY)
    await delete_entity(graph, workspace, EntityKind.PERSON, "p-maya")
    await scan_until_clean(graph, workspace, DAY)
    events = await events_after(graph, workspace, 0)
    await delete_entity(graph, workspace, EntityKind.ACCOUNT, "a-harbor")

    async def left(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx,
            "MATCH (n) WHERE (n:SignalMark OR n:SignalState) AND n.workspace = $w "
            "RETURN n.accountId AS id",
            {"w": workspace},
        )

    assert {r["id"] for r in await graph.read(left)} == {"a-quarry"}
    assert await scan_until_clean(graph, workspace, DAY) == []
    assert await events_after(graph, workspace, 0) == events


async def test_a_bulk_batch_marks_the_whole_workspace(graph: GraphClient, workspace: str) -> None:
    """A batch naming more ids than MARK_ALL_ABOVE marks the workspace as a whole (one flag);
    the scan spreads it to every account and finds the change in the batch."""
    await load_story(graph, workspace)
    await scan_until_clean(graph, workspace, DAY)
    crowd = [f"p-{i}" for i in range(MARK_ALL_ABOVE)]
    await load_bundle(graph, workspace, {"people": [{"id": p, "name": p} for p in crowd]})
    await scan_until_clean(graph, workspace, DAY)
    # One section, one transaction: more than MARK_ALL_ABOVE ids (the crowd, Maya, two accounts).
    await load_bundle(
        graph,
        workspace,
        {
            "employments": [{"personId": p, "organizationId": "a-quarry"} for p in crowd]
            + [
                {
                    "personId": "p-maya",
                    "organizationId": "a-harbor",
                    "startDate": START,
                    "endDate": DAY.isoformat(),
                }
            ]
        },
    )
    assert await dirty_accounts(graph, workspace) == set()
    await scan_until_clean(graph, workspace, DAY)
    assert ("CHAMPION_LEFT", "a-harbor") in await _types(graph, workspace)
    assert await dirty_accounts(graph, workspace) == set()


async def test_a_batch_that_changes_nothing_marks_nothing(
    graph: GraphClient, workspace: str
) -> None:
    """An idempotent re-send (every row found as given) changes no signal, so it marks no
    account; the same rows with one value changed mark again."""
    await load_story(graph, workspace)
    await scan_until_clean(graph, workspace, DAY)
    row = {"kind": "KNOWS", "fromId": "s-sam", "fromKind": "SELLER", "toId": "p-ian-x"}
    people = {"people": [{"id": "p-ian-x", "name": "Ian"}]}
    await load_bundle(graph, workspace, {**people, "relationships": [{**row, "strength": 0.5}]})
    await scan_until_clean(graph, workspace, DAY)
    await load_bundle(graph, workspace, {**people, "relationships": [{**row, "strength": 0.5}]})
    assert await dirty_accounts(graph, workspace) == set()
    await load_bundle(
        graph,
        workspace,
        {
            "employments": [{"personId": "p-ian-x", "organizationId": "a-quarry"}],
            "relationships": [{**row, "strength": 0.7}],
        },
    )
    assert "a-quarry" in await dirty_accounts(graph, workspace)
