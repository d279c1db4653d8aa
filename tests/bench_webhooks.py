"""Webhook delivery on loopback: latency from commit to receipt (p50/p95) and throughput with
two worker processes (run: ``python -m tests.bench_webhooks`` with NEO4J_URI and NEO4J_PASSWORD).

Figures, not assertions. Two measurements, each in a throwaway workspace removed at the end:

- *change to receipt*: a write that raises or clears a risk flag (a seller's KNOWS to the only
  engaged contact turned weak or strong again), committed, then the time until the receiver gets
  the first event of it: the dirty mark, the scan, the outbox, the claim and the POST.
  BENCH_CHANGES (default 40) changes, one at a time.
- *outbox throughput*: BENCH_EVENTS (default 1000) events written at once over BENCH_ACCOUNTS
  (default 50) accounts, delivered by the two workers; events per second until the last
  arrives, and the latency of each from its commit.

The workers are separate processes (``python -m tests.bench_webhooks worker WORKSPACE POLL_S
DAY [LEASE_S]``, also what tests/graph/signals/test_delivery.py kills), each a
``SignalWorker`` with its own driver, polling every BENCH_POLL_S (default 0.1) when idle.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from neo4j import AsyncManagedTransaction

from graph.core.client import ConnectionOptions, GraphClient, open_driver
from graph.core.migrations import apply_migrations
from graph.ingest.imports import load_bundle
from graph.signals.deliveries import Backoff
from graph.signals.model import SignalDraft, SignalType
from graph.signals.outbox import record_events
from graph.signals.scan import scan_until_clean
from graph.signals.webhooks import register_webhook
from graph.signals.worker import SignalWorker, WorkerOptions
from tests.graph.signals.receiver import Receiver, serve
from tests.graph.signals.story import DAY, RECENT, story

REPO = Path(__file__).resolve().parent.parent
SECRET = "bench-secret-of-some-length"


def _connection() -> ConnectionOptions:
    return ConnectionOptions(
        uri=os.environ["NEO4J_URI"],
        username=os.environ.get("NEO4J_USERNAME", "neo4j"),
        password=os.environ["NEO4J_PASSWORD"],
    )


async def _worker(workspace: str, poll_s: float, day: str, lease_s: float = 30.0) -> None:
    driver = open_driver(_connection())
    graph = GraphClient(driver)
    options = WorkerOptions(
        poll_s=poll_s,
        lease_s=lease_s,
        timeout_s=5,
        backoff=Backoff(0.05, 1.0),
        sweep=False,
        workspaces=frozenset({workspace}),
    )
    async with httpx.AsyncClient() as http:
        worker = SignalWorker(graph, http, options, today=lambda: date.fromisoformat(day))
        try:
            await worker.run_forever()
        finally:
            await driver.close()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _figures(latencies: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(_percentile(latencies, 0.5) * 1000, 1),
        "p95_ms": round(_percentile(latencies, 0.95) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1),
    }


async def _remove(graph: GraphClient, workspace: str) -> None:
    async with graph.driver.session(database=graph.database) as session:
        result = await session.run(
            "MATCH (n) WHERE n.workspace = $w OR (n:Workspace AND n.id = $w) "
            "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS",
            {"w": workspace},
        )
        await result.consume()


async def _toggle(graph: GraphClient, workspace: str, strength: float) -> None:
    rows = [
        {
            "kind": "KNOWS",
            "fromId": "s-dana",
            "fromKind": "SELLER",
            "toId": "p-maya",
            "strength": strength,
            "lastInteractionAt": RECENT,
        }
    ]
    await load_bundle(graph, workspace, {"relationships": rows})


async def _quiet(receiver: Receiver, poll_s: float) -> None:
    """Until nothing has arrived for a while (the previous change's events are all in)."""
    count = -1
    while count != len(receiver.received):
        count = len(receiver.received)
        await asyncio.sleep(max(0.3, 4 * poll_s))


async def _changes(
    graph: GraphClient, workspace: str, receiver: Receiver, count: int, poll_s: float
) -> list[float]:
    """Commit-to-receipt of the first event of each change, one change at a time."""
    await load_bundle(graph, workspace, story())
    await scan_until_clean(graph, workspace, DAY)
    latencies = []
    for i in range(count):
        await _quiet(receiver, poll_s)
        last = max((r.body["seq"] for r in receiver.received), default=0)
        await _toggle(graph, workspace, 0.2 if i % 2 == 0 else 0.8)
        committed = time.perf_counter()
        while not any(r.body["seq"] > last for r in receiver.received):  # noqa: ASYNC110
            await asyncio.sleep(0.001)
        latencies.append(min(r.at for r in receiver.received if r.body["seq"] > last) - committed)
    await _quiet(receiver, poll_s)
    return latencies


async def _outbox(
    graph: GraphClient, workspace: str, receiver: Receiver, events: int, accounts: int
) -> tuple[float, list[float]]:
    """Events written in batches of 100 (one transaction each); events per second until the
    last is received, and each event's commit-to-receipt."""
    committed: dict[str, float] = {}
    started = time.perf_counter()
    for offset in range(0, events, 100):
        drafts = [
            SignalDraft(
                SignalType.INTRO_REQUEST_CHANGED,
                f"acc-{i % accounts}",
                None,
                f"bench event {i}",
                detail={"n": i},
            )
            for i in range(offset, min(events, offset + 100))
        ]

        async def work(
            tx: AsyncManagedTransaction, drafts: list[SignalDraft] = drafts
        ) -> list[str]:
            return await record_events(tx, workspace, drafts)

        ids = await graph.write(work)
        now = time.perf_counter()
        committed.update(dict.fromkeys(ids, now))
    while not all(e in receiver.effects for e in committed):  # noqa: ASYNC110 - a plain dict
        await asyncio.sleep(0.005)
    elapsed = time.perf_counter() - started
    arrival: dict[str, float] = {}
    for r in receiver.received:
        arrival.setdefault(r.event_id, r.at)
    return events / elapsed, [arrival[e] - committed[e] for e in committed]


def _load() -> str:
    uptime = subprocess.run(
        ["uptime"],  # noqa: S607 - the system's own uptime, from PATH
        capture_output=True,
        text=True,
        check=False,
    )
    return uptime.stdout.strip()


async def main() -> None:
    changes = int(os.environ.get("BENCH_CHANGES", "40"))
    events = int(os.environ.get("BENCH_EVENTS", "1000"))
    accounts = int(os.environ.get("BENCH_ACCOUNTS", "50"))
    poll_s = float(os.environ.get("BENCH_POLL_S", "0.1"))
    driver = open_driver(_connection())
    graph = GraphClient(driver)
    await apply_migrations(graph)
    workspace = f"pytest-{int(time.time())}-bench-webhooks-{uuid.uuid4().hex[:8]}"
    print("load before:", _load())
    results: dict[str, Any] = {"poll_s": poll_s, "workers": 2}
    workers: list[subprocess.Popen[bytes]] = []
    try:
        async with serve(Receiver(SECRET)) as receiver:
            await register_webhook(graph, workspace, receiver.url, list(SignalType), SECRET)
            for _ in range(2):
                workers.append(
                    subprocess.Popen(  # noqa: ASYNC220, S603 - our own module, started once
                        [
                            sys.executable,
                            "-m",
                            "tests.bench_webhooks",
                            "worker",
                            workspace,
                            str(poll_s),
                            DAY.isoformat(),
                        ],
                        cwd=REPO,
                    )
                )
            await asyncio.sleep(2.0)  # both workers connected
            latencies = await _changes(graph, workspace, receiver, changes, poll_s)
            results["change_to_receipt"] = {"changes": changes, **_figures(latencies)}
            rate, outbox = await _outbox(graph, workspace, receiver, events, accounts)
            results["outbox"] = {
                "events": events,
                "accounts": accounts,
                "events_per_s": round(rate, 1),
                **_figures(outbox),
            }
            results["all_signed"] = all(r.signed for r in receiver.received)
            results["duplicates"] = len(receiver.received) - len(receiver.effects)
    finally:
        for process in workers:
            process.terminate()
            process.wait(10)
        await _remove(graph, workspace)
        await driver.close()
    results["load_after"] = _load()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:
        lease = float(sys.argv[5]) if len(sys.argv) > 5 else 30.0
        asyncio.run(_worker(sys.argv[2], float(sys.argv[3]), sys.argv[4], lease))
    else:
        asyncio.run(main())
