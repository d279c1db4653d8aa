"""Webhook deliveries to a real receiver on loopback: signed, in order per account, retried
after 500s and time-outs, dead-lettered and replayed, never lost when a worker dies, and
harmless when the receiver sees an event twice."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.core.client import ConnectionOptions, GraphClient
from graph.ingest.imports import load_bundle
from graph.ingest.lifecycle import EntityKind, delete_entity
from graph.signals.deliveries import (
    Backoff,
    DeliveryState,
    claim_deliveries,
    list_deliveries,
    replay_delivery,
)
from graph.signals.model import SignalType
from graph.signals.outbox import events_after
from graph.signals.scan import scan_until_clean
from graph.signals.signing import sign, verify_signature
from graph.signals.webhooks import register_webhook
from graph.signals.worker import SignalWorker, WorkerOptions
from tests.graph.signals.receiver import Receiver, serve
from tests.graph.signals.story import DAY, load_story

SECRET = "a-receiver-secret-of-some-length"
REPO = Path(__file__).resolve().parents[3]


def _options(workspace: str, **overrides: Any) -> WorkerOptions:
    values: dict[str, Any] = {
        "poll_s": 0.02,
        "lease_s": 1.0,
        "timeout_s": 0.3,
        "max_attempts": 5,
        "backoff": Backoff(base_s=0.02, max_s=0.05),
        "sweep": False,
        "workspaces": frozenset({workspace}),
    }
    values.update(overrides)
    return WorkerOptions(**values)


async def _events_on_two_accounts(graph: GraphClient, workspace: str) -> int:
    """Harbor loses Maya (several events); Quarry gains a partner (one event). Returns how many
    events were written."""
    await load_story(graph, workspace)
    await scan_until_clean(graph, workspace, DAY)
    await delete_entity(graph, workspace, EntityKind.PERSON, "p-maya")
    await load_bundle(
        graph,
        workspace,
        {
            "partners": [{"id": "par-x", "name": "Stratus"}],
            "partnerAccounts": [
                {
                    "partnerId": "par-x",
                    "externalId": "q",
                    "name": "Quarry",
                    "domain": "quarry.example",
                    "status": "CUSTOMER",
                }
            ],
        },
    )
    return len(await scan_until_clean(graph, workspace, DAY))


async def _until(worker: SignalWorker, done: Callable[[], bool], ticks: int = 300) -> None:
    for _ in range(ticks):
        if done():
            return
        await worker.run_once()
        await asyncio.sleep(0.01)
    log = await list_deliveries(
        worker.graph, next(iter(worker.options.workspaces or [])), first=50, after=None
    )
    raise AssertionError(f"the deliveries did not finish: {[d for _, d in log.items]}")


def test_signature_round_trip() -> None:
    """A signature verifies with its secret and body only, and not once too old."""
    now = int(time.time())
    header = sign(SECRET, now, b'{"a":1}')
    assert verify_signature(SECRET, header, b'{"a":1}', now)
    assert not verify_signature(SECRET, header, b'{"a":2}', now)
    assert not verify_signature("another-secret-entirely", header, b'{"a":1}', now)
    assert not verify_signature(SECRET, header, b'{"a":1}', now + 301)
    assert not verify_signature(SECRET, "v1=abc", b'{"a":1}', now)


async def test_signed_and_in_order_per_account(graph: GraphClient, workspace: str) -> None:
    """Every event reaches the receiver once, signed, each account's in sequence order, and the
    delivery log says DELIVERED for each."""
    async with serve(Receiver(SECRET)) as receiver, httpx.AsyncClient() as http:
        await register_webhook(graph, workspace, receiver.url, list(SignalType), SECRET)
        written = await _events_on_two_accounts(graph, workspace)
        assert written >= 3
        worker = SignalWorker(graph, http, _options(workspace))
        await _until(worker, lambda: len(receiver.effects) == written)
    assert all(r.signed for r in receiver.received)
    assert len(receiver.received) == written
    for account in ("a-harbor", "a-quarry"):
        seqs = [
            receiver.effects[e]["seq"]
            for e, _ in receiver.answered
            if receiver.effects[e]["account"]["id"] == account
        ]
        assert seqs
        assert seqs == sorted(seqs)
    log = await list_deliveries(graph, workspace, first=50, after=None)
    assert log.total_count == written
    assert {d.state for _, d in log.items} == {DeliveryState.DELIVERED}


async def test_retries_after_500_and_timeouts(graph: GraphClient, workspace: str) -> None:
    """The receiver answers the first event 500, then lets it time out, then 200: three
    attempts, the same event id each time, one effect; later events of the account wait."""

    seen: list[str] = []

    async def script(call: int, body: dict[str, Any]) -> int:
        seen.append(body["id"])
        if body["id"] != seen[0]:
            return 200
        if seen.count(seen[0]) == 1:
            return 500
        if seen.count(seen[0]) == 2:
            await asyncio.sleep(1.0)  # longer than the worker's 0.3 s time-out
        return 200

    async with serve(Receiver(SECRET, script)) as receiver, httpx.AsyncClient() as http:
        await register_webhook(graph, workspace, receiver.url, list(SignalType), SECRET)
        written = await _events_on_two_accounts(graph, workspace)
        worker = SignalWorker(graph, http, _options(workspace, batch=1))
        await _until(worker, lambda: len(receiver.effects) == written)
    first = receiver.received[0].event_id
    assert [r.event_id for r in receiver.received].count(first) == 3
    assert len(receiver.effects) == written
    account = receiver.effects[first]["account"]["id"]
    # The timed-out attempt was still processed by the receiver, late: a duplicate it ignores.
    firsts = list(dict.fromkeys(e for e, _ in receiver.answered))
    seqs = [
        receiver.effects[e]["seq"]
        for e in firsts
        if receiver.effects[e]["account"]["id"] == account
    ]
    assert seqs == sorted(seqs)
    assert seqs[0] == receiver.effects[first]["seq"]
    log = await list_deliveries(graph, workspace, first=50, after=None)
    retried = next(d for _, d in log.items if d.event_id == first)
    assert (retried.attempts, retried.last_status_code) == (3, 200)


async def test_dead_letter_then_replay(graph: GraphClient, workspace: str) -> None:
    """A receiver that always fails dead-letters the delivery after max attempts (the next
    event of the account then goes on); a replay sends it again, with the same event id."""
    failing = True

    async def script(call: int, body: dict[str, Any]) -> int:
        return 500 if failing else 200

    async with serve(Receiver(SECRET, script)) as receiver, httpx.AsyncClient() as http:
        await register_webhook(graph, workspace, receiver.url, [SignalType.CHAMPION_LEFT], SECRET)
        await _events_on_two_accounts(graph, workspace)
        worker = SignalWorker(graph, http, _options(workspace, max_attempts=2))

        async def dead() -> list[Any]:
            page = await list_deliveries(
                graph, workspace, first=5, after=None, state=DeliveryState.DEAD
            )
            return [d for _, d in page.items]

        for _ in range(200):
            if await dead():
                break
            await worker.run_once()
            await asyncio.sleep(0.01)
        (gone,) = await dead()
        assert (gone.attempts, gone.last_error) == (2, "HTTP 500")
        failing = False
        replayed = await replay_delivery(graph, workspace, gone.id)
        assert (replayed.state, replayed.replays) == (DeliveryState.PENDING, 1)
        await _until(worker, lambda: len(receiver.effects) == 1)
    assert len(receiver.received) == 3
    assert len({r.event_id for r in receiver.received}) == 1


async def test_a_killed_worker_loses_nothing(graph: GraphClient, workspace: str) -> None:
    """Events committed while no worker runs wait in the outbox; a worker cancelled while its
    request is in flight (the receiver never answers it) loses its lease when it passes, and a
    new worker delivers everything. The receiver sees the held event twice, its effect once."""
    hold = asyncio.Event()
    release = asyncio.Event()

    async def script(call: int, body: dict[str, Any]) -> int:
        if call == 0:
            hold.set()
            await release.wait()
        return 200

    async with serve(Receiver(SECRET, script)) as receiver, httpx.AsyncClient() as http:
        await register_webhook(graph, workspace, receiver.url, list(SignalType), SECRET)
        written = await _events_on_two_accounts(graph, workspace)
        first = SignalWorker(graph, http, _options(workspace, lease_s=0.5, timeout_s=30.0, batch=1))
        task = asyncio.create_task(first.run_forever())
        await asyncio.wait_for(hold.wait(), 10)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        release.set()
        second = SignalWorker(graph, http, _options(workspace))
        await _until(second, lambda: len(receiver.effects) == written)
    ids = [r.event_id for r in receiver.received]
    assert len(ids) == written + 1
    assert ids.count(ids[0]) == 2
    assert len(receiver.effects) == written


async def test_a_killed_worker_process_loses_nothing(
    graph: GraphClient, workspace: str, neo4j_connection: ConnectionOptions
) -> None:
    """A worker process killed (SIGKILL) while its request is in flight: after its lease passes
    a worker elsewhere delivers everything; the held event arrives twice, takes effect once."""
    hold = asyncio.Event()
    release = asyncio.Event()

    async def script(call: int, body: dict[str, Any]) -> int:
        if call == 0:
            hold.set()
            await release.wait()
        return 200

    env = {
        **os.environ,
        "NEO4J_URI": neo4j_connection.uri,
        "NEO4J_PASSWORD": neo4j_connection.password,
        "PYTHONPATH": str(REPO),
    }
    async with serve(Receiver(SECRET, script)) as receiver, httpx.AsyncClient() as http:
        await register_webhook(graph, workspace, receiver.url, list(SignalType), SECRET)
        written = await _events_on_two_accounts(graph, workspace)
        process = subprocess.Popen(  # noqa: ASYNC220, S603 - our own module
            [
                sys.executable,
                "-m",
                "tests.bench_webhooks",
                "worker",
                workspace,
                "0.05",
                DAY.isoformat(),
                "1.0",
            ],
            cwd=REPO,
            env=env,
        )
        try:
            await asyncio.wait_for(hold.wait(), 30)
        finally:
            process.kill()
            process.wait(10)
        release.set()
        survivor = SignalWorker(graph, http, _options(workspace))
        await _until(survivor, lambda: len(receiver.effects) == written, ticks=1000)
    held = receiver.received[0].event_id
    assert [r.event_id for r in receiver.received].count(held) >= 2
    assert len(receiver.effects) == written


async def test_leases_are_exclusive(graph: GraphClient, workspace: str) -> None:
    """Workers claiming at the same moment never share a delivery, and a held lease is not
    claimed again until it passes."""
    await register_webhook(graph, workspace, "http://127.0.0.1:9/unused", list(SignalType))
    await _events_on_two_accounts(graph, workspace)
    claims = await asyncio.gather(
        *(
            claim_deliveries(graph, f"w{i}", lease_s=30, limit=50, workspaces=[workspace])
            for i in range(4)
        )
    )
    ids = [c.id for claim in claims for c in claim]
    assert len(ids) == len(set(ids)) == 2  # the head of each account's line
    assert await claim_deliveries(graph, "w9", lease_s=30, limit=50, workspaces=[workspace]) == []
    events = await events_after(graph, workspace, 0)
    heads = {min(e.seq for e in events if e.account_id == a) for a in ("a-harbor", "a-quarry")}
    assert {c.event.seq for claim in claims for c in claim} == heads
