"""`make load`: the API under concurrent clients, on 1 and 2 workers, against a real Neo4j.

A generated workspace (LOAD_PEOPLE people, default 5000; accounts, sellers and relationships
scaled as in `make bench`) is served by `accountmap serve --workers W` on loopback; N clients
(LOAD_CLIENTS, default 1,8,32,64) each send requests back to back for LOAD_SECONDS (default 15)
from a realistic mix:

  40%  the account map (an account, 50 people with roles and who knows them, coverage)
  20%  the warmest paths to the economic buyer (maxHops 4)
  20%  the account's single-threaded risk
  20%  an idempotent upsert (a relationship row already stored: nothing changes)

over 40 rotating accounts. Reported per (workers, clients): requests per second, errors (any
non-200 or GraphQL error), p50/p95/p99 latency, the RSS of the serving processes at the end, and
the p95 of /healthz probed every 200 ms meanwhile (a liveness probe must not stall under load).
LOAD_SOAK_SECONDS (default 0) adds a soak at 8 clients on the largest worker count, sampling RSS
every 30 s, to show whether memory stays flat. Figures go to `.bench/results.json` under "load"
(other entries kept). The load generator runs on the same machine (and cores) as the server:
its own CPU use is part of what limits the figures, and the machine load is printed.

Loopback only; every loop is bounded by time, so it stops by itself. Uses NEO4J_URI when set,
else a local server of its own under .neo4j/load.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil
from neo4j import AsyncManagedTransaction

from graph.core.client import ConnectionOptions, GraphClient, fetch_all, open_driver
from graph.core.credentials import Role, create_api_key
from graph.core.host import free_port
from graph.core.migrations import apply_migrations
from graph.ingest.imports import load_bundle
from tests.bench_server import bench_neo4j, scaled_bundle

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / ".bench" / "results.json"
WORKSPACE = "load"

ACCOUNT_MAP = (
    "query AccountMap($id: ID!) { account(id: $id) { name people(first: 50) { edges { node { "
    "person { name title } roles { role } knownBy { name strength } } } } "
    "coverage { stakeholdersMapped } } }"
)
WARMEST = (
    "query Warmest($id: ID!) { warmestPaths(accountId: $id, maxHops: 4) "
    "{ reason best { warmth hopCount } } }"
)
RISK = "query Risk($id: ID!) { accountRisk(accountId: $id) { score flags { flag } } }"
UPSERT = (
    "mutation Touch($rows: [RelationshipInput!]!) { upsertRelationships(rows: $rows) "
    "{ created updated unchanged } }"
)


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _env_list(name: str, default: str) -> list[int]:
    return [int(part) for part in os.environ.get(name, default).split(",") if part.strip()]


async def _prepare(graph: GraphClient, people: int) -> tuple[list[str], dict[str, Any]]:
    """Load the workspace unless it holds people already; 40 accounts and one stored
    relationship row (for the idempotent upsert)."""

    async def accounts(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx,
            "MATCH (:Person)-[:HOLDS_ROLE {role: 'ECONOMIC_BUYER'}]->(a:Account {workspace: $ws}) "
            "RETURN DISTINCT a.id AS id ORDER BY id LIMIT 40",
            {"ws": WORKSPACE},
        )

    found = await graph.read(accounts)
    if not found:
        print(f"loading a workspace of {people} people ...", flush=True)
        bundle = scaled_bundle(people, seed=11)
        await load_bundle(graph, WORKSPACE, bundle)
        found = await graph.read(accounts)

    async def relationship(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx,
            "MATCH (s:Seller {workspace: $ws})-[k:KNOWS]->(p:Person) "
            "RETURN s.id AS fromId, p.id AS toId, k.strength AS strength LIMIT 1",
            {"ws": WORKSPACE},
        )

    [row] = await graph.read(relationship)
    return [str(r["id"]) for r in found], {
        "kind": "KNOWS",
        "fromId": row["fromId"],
        "toId": row["toId"],
        "strength": row["strength"],
        "fromKind": "SELLER",
    }


@dataclass
class Level:
    """What one (workers, clients) run saw; ``probes``: /healthz latencies meanwhile (a
    liveness probe must not wait behind the load)."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    probes: list[float] = field(default_factory=list)


async def _probe(http: httpx.AsyncClient, until: float, level: Level) -> None:
    while time.monotonic() < until:
        started = time.perf_counter()
        await http.get("/healthz")
        level.probes.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(0.2)


async def _client(
    http: httpx.AsyncClient,
    key: str,
    accounts: list[str],
    touch: dict[str, Any],
    until: float,
    level: Level,
    seed: int,
) -> None:
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {key}"}
    while time.monotonic() < until:
        account = rng.choice(accounts)
        pick = rng.random()
        if pick < 0.4:
            body: dict[str, Any] = {"query": ACCOUNT_MAP, "variables": {"id": account}}
        elif pick < 0.6:
            body = {"query": WARMEST, "variables": {"id": account}}
        elif pick < 0.8:
            body = {"query": RISK, "variables": {"id": account}}
        else:
            body = {"query": UPSERT, "variables": {"rows": [touch]}}
        started = time.perf_counter()
        try:
            response = await http.post("/graphql", json=body, headers=headers)
            ok = response.status_code == 200 and "errors" not in response.json()
        except httpx.HTTPError:
            ok = False
        level.latencies.append((time.perf_counter() - started) * 1000)
        level.errors += 0 if ok else 1


def _rss_mb(process: psutil.Process) -> float:
    """Resident memory of the serving command and its workers."""
    members = [process, *process.children(recursive=True)]
    total = 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total / 1_048_576


def _percentile(samples: list[float], q: float) -> float:
    if len(samples) < 2:
        return samples[0] if samples else 0.0
    cuts: list[float] = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[int(q) - 1]


class Server:
    """`accountmap serve --workers N` on a free loopback port."""

    def __init__(self, connection: ConnectionOptions, workers: int) -> None:
        self.port = free_port()
        env = {
            **os.environ,
            "NEO4J_URI": connection.uri,
            "NEO4J_PASSWORD": connection.password,
            "ACCOUNTMAP_HOST": "127.0.0.1",
            "ACCOUNTMAP_PORT": str(self.port),
            "ACCOUNTMAP_LOG_FORMAT": "text",
        }
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        self.process = subprocess.Popen(  # noqa: S603 - our own command
            [str(Path(sys.executable).parent / "accountmap"), "serve", "--workers", str(workers)],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{self.port}"

    async def ready(self) -> None:
        async with httpx.AsyncClient(base_url=self.url) as http:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and self.process.poll() is None:
                try:
                    if (await http.get("/readyz")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.5)
        raise RuntimeError("the API did not become ready within 120 s")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()


async def _level(
    server: Server, key: str, accounts: list[str], touch: dict[str, Any], clients: int, seconds: int
) -> Level:
    level = Level()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with (
        httpx.AsyncClient(base_url=server.url, limits=limits, timeout=60) as http,
        httpx.AsyncClient(base_url=server.url, timeout=60) as prober,
    ):
        until = time.monotonic() + seconds
        await asyncio.gather(
            _probe(prober, until, level),
            *(_client(http, key, accounts, touch, until, level, seed) for seed in range(clients)),
        )
    return level


async def _run(connection: ConnectionOptions) -> dict[str, Any]:
    driver = open_driver(connection)
    graph = GraphClient(driver, connection.database)
    try:
        await apply_migrations(graph)
        accounts, touch = await _prepare(graph, _env_int("LOAD_PEOPLE", 5000))
        key = (await create_api_key(graph, WORKSPACE, "load test", Role.MEMBER)).secret
    finally:
        await driver.close()
    seconds = _env_int("LOAD_SECONDS", 15)
    soak = _env_int("LOAD_SOAK_SECONDS", 0)
    worker_counts = _env_list("LOAD_WORKERS", "1,2")
    rows: list[dict[str, Any]] = []
    soak_samples: list[dict[str, float]] = []
    print(
        f"{'workers':>7} {'clients':>7} {'req/s':>8} {'errors':>6} {'p50':>8} {'p95':>8} "
        f"{'p99':>8} {'RSS MB':>7}  load"
    )
    for workers in worker_counts:
        server = Server(connection, workers)
        try:
            await server.ready()
            watched = psutil.Process(server.process.pid)
            await _level(server, key, accounts, touch, 4, 3)  # warm-up, not reported
            for clients in _env_list("LOAD_CLIENTS", "1,8,32,64"):
                level = await _level(server, key, accounts, touch, clients, seconds)
                row = {
                    "workers": workers,
                    "clients": clients,
                    "seconds": seconds,
                    "requests": len(level.latencies),
                    "req_per_s": round(len(level.latencies) / seconds, 1),
                    "errors": level.errors,
                    "p50_ms": round(_percentile(level.latencies, 50), 1),
                    "p95_ms": round(_percentile(level.latencies, 95), 1),
                    "p99_ms": round(_percentile(level.latencies, 99), 1),
                    "rss_mb": round(_rss_mb(watched), 1),
                    "healthz_p95_ms": round(_percentile(level.probes, 95), 1),
                    "load_average": round(os.getloadavg()[0], 2),
                }
                rows.append(row)
                print(
                    f"{workers:>7} {clients:>7} {row['req_per_s']:>8} {row['errors']:>6} "
                    f"{row['p50_ms']:>8} {row['p95_ms']:>8} {row['p99_ms']:>8} "
                    f"{row['rss_mb']:>7} {row['healthz_p95_ms']:>11}  {row['load_average']}",
                    flush=True,
                )
            if soak and workers == max(worker_counts):
                print(f"soak: 8 clients for {soak} s, RSS every 30 s", flush=True)
                started = time.monotonic()
                while time.monotonic() - started < soak:
                    level = await _level(server, key, accounts, touch, 8, min(30, soak))
                    sample = {
                        "at_s": round(time.monotonic() - started),
                        "rss_mb": round(_rss_mb(watched), 1),
                        "req_per_s": round(len(level.latencies) / min(30, soak), 1),
                        "errors": level.errors,
                    }
                    soak_samples.append(sample)
                    print(f"  {sample}", flush=True)
        finally:
            server.stop()
    return {"levels": rows, "soak": soak_samples, "cores": os.cpu_count()}


def main() -> None:
    """Run the load test and add its figures to .bench/results.json."""
    with bench_neo4j("load", fresh=False, remove_after=False) as connection:
        figures = asyncio.run(_run(connection))
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["load"] = figures
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
