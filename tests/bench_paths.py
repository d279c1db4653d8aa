"""By hand, not a test: latency of the graph-layer path and risk functions on a generated workspace.

    .venv/bin/python -m tests.bench_paths [PEOPLE] [WS]
    NEO4J_URI=bolt://... NEO4J_PASSWORD=... .venv/bin/python -m tests.bench_paths [PEOPLE] [WS]

Generates a workspace scaled from PEOPLE (default 10,000: 500 accounts, 50 sellers, 20 partners,
about 100,000 relationship rows), loads it with ``graph.ingest.imports.load_bundle`` (or reuses the
already loaded workspace WS), then prints p50/p95 of ``find_warmest_paths`` (maxHops 4 and 6)
and ``assess_account_risk`` over accounts that have an economic buyer, on the generator's day.
Without NEO4J_URI it runs its own local server (heap and page cache 2g) in .neo4j/bench-paths,
wiped before and after. BENCH_ROUNDS (default 2) passes over the accounts per query.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import ConnectionOptions, GraphClient, fetch_all, open_driver
from graph.core.migrations import apply_migrations
from graph.ingest.imports import load_bundle
from graph.reach.paths import find_warmest_paths
from graph.reach.risk import assess_account_risk
from seeds.generator import DEFAULT_TODAY, generate_bundle
from tests.bench_server import bench_neo4j

ACCOUNTS = 40
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))

_WITH_ECONOMIC_BUYER: LiteralString = """
MATCH (a:Account {workspace: $workspace})<-[:HOLDS_ROLE {role: 'ECONOMIC_BUYER'}]-(:Person)
RETURN DISTINCT a.id AS id ORDER BY id LIMIT $limit
"""


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[round(0.95 * (len(ordered) - 1))]


async def _load(graph: GraphClient, people: int) -> str:
    scale = people / 100_000
    bundle = generate_bundle(
        7,
        accounts=max(50, int(5000 * scale)),
        people=people,
        sellers=max(5, int(500 * scale)),
        partners=20,
        relationships=int(1_000_000 * scale),
    )
    workspace = f"bench-{uuid.uuid4().hex[:6]}"
    started = time.perf_counter()
    await load_bundle(graph, workspace, bundle, batch_size=5000)
    rows = sum(len(rows) for rows in bundle.values())
    print(f"loaded {rows} rows into {workspace} in {time.perf_counter() - started:.1f} s")
    return workspace


async def _main(connection: ConnectionOptions, people: int, workspace: str | None) -> None:
    driver = open_driver(connection)
    graph = GraphClient(driver, connection.database)
    try:
        await apply_migrations(graph)
        workspace = workspace or await _load(graph, people)

        async def pick(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
            return await fetch_all(
                tx, _WITH_ECONOMIC_BUYER, {"workspace": workspace, "limit": ACCOUNTS}
            )

        account_ids = [str(row["id"]) for row in await graph.read(pick)]
        day = DEFAULT_TODAY
        cases: dict[str, Callable[[str], Awaitable[object]]] = {
            "warmest_path_h4": lambda a: find_warmest_paths(
                graph, workspace, a, max_hops=4, as_of=day
            ),
            "warmest_path_h6": lambda a: find_warmest_paths(
                graph, workspace, a, max_hops=6, as_of=day
            ),
            "account_risk": lambda a: assess_account_risk(graph, workspace, a, as_of=day),
        }
        print(f"{len(account_ids)} accounts x {ROUNDS} rounds, after a warm-up")
        for name, call in cases.items():
            for account_id in account_ids[:5]:
                await call(account_id)
            samples = []
            for _ in range(ROUNDS):
                for account_id in account_ids:
                    started = time.perf_counter()
                    await call(account_id)
                    samples.append((time.perf_counter() - started) * 1000)
            p50, p95 = _percentiles(samples)
            print(f"{name:16s} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   max {max(samples):7.1f} ms")
    finally:
        await driver.close()


if __name__ == "__main__":
    with bench_neo4j("bench-paths", memory="2g", pool_size=50) as connection:
        asyncio.run(
            _main(
                connection,
                int(sys.argv[1]) if len(sys.argv) > 1 else 10_000,
                sys.argv[2] if len(sys.argv) > 2 else None,
            )
        )
