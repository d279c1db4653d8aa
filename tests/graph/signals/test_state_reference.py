"""An account's signal state against independent answers on generated workspaces: champions and
economic buyers by plain-Python role holding, the warm route by brute-force enumeration of
simple paths within the hop bound; and the marks' promise: whatever KNOWS a write adds, every
account whose state it changes was marked in that write."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all
from graph.core.model import BuyingRole
from graph.ingest.imports import load_bundle
from graph.signals.model import AccountSignalState
from graph.signals.state import compute_states
from tests.conftest import new_workspace
from tests.reference.graphs import (
    DAY,
    OTHER,
    TARGET,
    Sample,
    eligible,
    role_holders,
    samples,
    simple_paths,
    walk_edges,
    write_sample,
)

EXAMPLES = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


async def _states(graph: GraphClient, workspace: str, max_hops: int) -> dict[str, Any]:
    async def work(tx: AsyncManagedTransaction) -> dict[str, AccountSignalState]:
        return await compute_states(tx, workspace, [TARGET, OTHER], DAY, max_hops)

    return await graph.read(work)


def _best_route(sample: Sample, max_hops: int) -> float | None:
    may_pass = {n for n in sample.sellers + sample.people if eligible(sample, n, DAY, False, False)}
    warmths = [
        warmth
        for _, warmth in simple_paths(
            walk_edges(sample),
            set(sample.sellers),
            role_holders(sample, BuyingRole.ECONOMIC_BUYER.value, DAY),
            may_pass,
            max_hops,
        )
    ]
    return max(warmths) if warmths else None


@EXAMPLES
@given(sample=samples(), max_hops=st.integers(1, 4))
async def test_state_matches_the_reference(
    graph: GraphClient, sample: Sample, max_hops: int
) -> None:
    """Champions, economic buyers and the route's existence and warmth as independently
    computed."""
    workspace = new_workspace("sig")
    await write_sample(graph, workspace, sample)
    state = (await _states(graph, workspace, max_hops))[TARGET]
    assert set(state.champions) == role_holders(sample, BuyingRole.CHAMPION.value, DAY)
    assert set(state.economic_buyers) == role_holders(sample, BuyingRole.ECONOMIC_BUYER.value, DAY)
    expected = _best_route(sample, max_hops)
    event("a route" if expected is not None else "no route")
    if expected is None:
        assert state.route is None
    else:
        assert state.route is not None
        assert state.route_warmth is not None
        assert math.isclose(state.route_warmth, expected, rel_tol=1e-5)
        assert state.route[0].id in sample.sellers


async def _marked(graph: GraphClient, workspace: str) -> set[str]:
    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx,
            "MATCH (m:SignalMark {workspace: $w}) WHERE m.dirty RETURN m.accountId AS id",
            {"w": workspace},
        )

    return {r["id"] for r in await graph.read(work)}


async def _clear(graph: GraphClient, workspace: str) -> None:
    async def work(tx: AsyncManagedTransaction) -> None:
        await (
            await tx.run("MATCH (m:SignalMark {workspace: $w}) SET m.dirty = false", w=workspace)
        ).consume()

    await graph.write(work)


@EXAMPLES
@given(sample=samples(), data=st.data())
async def test_a_new_relationship_marks_every_account_it_changes(
    graph: GraphClient, sample: Sample, data: st.DataObject
) -> None:
    """Adding a KNOWS between any two humans (strength and recency drawn) marks at least every
    account whose state (route, flags, roles) changes, with the risk model's bound of 3."""
    workspace = new_workspace("sig")
    await write_sample(graph, workspace, sample)
    before = await _states(graph, workspace, 3)
    await _clear(graph, workspace)
    humans = sample.sellers + sample.people
    joined = {frozenset((e.source, e.target)) for e in sample.edges}
    # A new relationship only (samples may hold parallel ones already), never seller to seller.
    pairs = [
        (a, b)
        for a in humans
        for b in humans
        if a < b and {a, b} not in joined and not (a in sample.sellers and b in sample.sellers)
    ]
    if not pairs:
        return
    source, target = data.draw(st.sampled_from(pairs))
    row: dict[str, Any] = {
        "kind": "KNOWS",
        "fromId": source,
        "toId": target,
        "fromKind": "SELLER" if source in sample.sellers else "PERSON",
        "toKind": "SELLER" if target in sample.sellers else "PERSON",
        "strength": data.draw(st.sampled_from([0.3, 0.6, 0.95])),
        "lastInteractionAt": (DAY.isoformat() + "T09:00:00Z"),
    }
    await load_bundle(graph, workspace, {"relationships": [row]})
    after = await _states(graph, workspace, 3)
    changed = {
        a for a in after if before.get(a) is None or before[a].to_json() != after[a].to_json()
    }
    event(f"accounts changed: {len(changed)}")
    assert changed <= await _marked(graph, workspace)
