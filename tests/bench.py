"""`make bench`: import throughput and query latency on a generated workspace, against a real Neo4j.

Figures, not assertions: it prints a table and writes `.bench/results.json`:
  import:  rows, rows/s through the project's importer, rows/s of raw UNWIND statements on the
           same rows, and their ratio;
  queries: p50/p95 through the GraphQL API over HTTP (uvicorn on loopback) and through the graph
           layer called directly, per query and graph size.
Sizes: BENCH_PEOPLE (default 100000) scales accounts, sellers and relationships with it
(5,000 accounts, 500 sellers, 20 partners, ~1,000,000 relationship rows at the default);
BENCH_SMALL_PEOPLE (default 10000) is the second size that shows how cost grows;
BENCH_ITERATIONS (default 40) requests per query. Uses NEO4J_URI when set, else its own local
server in .neo4j/bench (wiped first). It stops by itself: every loop is bounded.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, LiteralString

import httpx
import uvicorn
from neo4j import AsyncManagedTransaction

from api.app import create_app
from api.settings import Settings
from graph.accounts.account_map import AccountPeopleQuery, find_account_people
from graph.core.client import ConnectionOptions, GraphClient, fetch_all, open_driver
from graph.core.credentials import Role, create_api_key
from graph.core.local_server import free_port
from graph.core.migrations import apply_migrations
from graph.ingest.imports import load_bundle
from seeds.generator import generate_sections
from tests.bench_server import PASSWORD, bench_neo4j

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / ".bench" / "results.json"
BATCH = 5000


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _reuse() -> bool:
    """BENCH_REUSE=1 keeps the data a previous run loaded and measures the queries again
    (the import figures of that run stay in results.json)."""
    return os.environ.get("BENCH_REUSE") == "1"


def _workspace(suffix: str = "") -> str:
    """BENCH_WORKSPACE (default ``bench``) names the workspaces, so runs on a shared server do
    not meet."""
    return os.environ.get("BENCH_WORKSPACE", "bench") + suffix


def _save(results: dict[str, Any]) -> None:
    """Written after each step, so a run cut short still leaves what it measured."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


async def _has_people(graph: GraphClient, workspace: str) -> bool:
    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx, "MATCH (p:Person {workspace: $ws}) RETURN p.id AS id LIMIT 1", {"ws": workspace}
        )

    return bool(await graph.read(work))


def _sections(people: int) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    scale = people / 100_000
    for section, rows in generate_sections(
        seed=7,
        accounts=max(50, int(5000 * scale)),
        people=people,
        sellers=max(10, int(500 * scale)),
        partners=20,
        relationships=int(1_000_000 * scale),
    ):
        yield section, list(rows)


def _bundle(people: int) -> dict[str, list[dict[str, Any]]]:
    return dict(_sections(people))


async def _import_with_project(graph: GraphClient, workspace: str, bundle: dict[str, Any]) -> int:
    """The importer's own entry point: validate everything, check references, load in batches."""
    await load_bundle(graph, workspace, bundle, batch_size=BATCH)
    return sum(len(rows) for rows in bundle.values())


# The raw baseline: one UNWIND statement per entity kind (in bounded batches), no validation,
# no change detection. The same rows as the importer gets.
_RAW: dict[str, LiteralString] = {
    "sellers": "UNWIND $rows AS r MERGE (n:Seller {workspace: $ws, id: r.id}) SET n += r",
    "accounts": "UNWIND $rows AS r MERGE (n:Account {workspace: $ws, id: r.id}) "
    "SET n += r {.id, .name, .domain, .industry, .employees, .status}",
    "partners": "UNWIND $rows AS r MERGE (n:Partner {workspace: $ws, id: r.id}) "
    "SET n += r {.id, .name, .domain, .sharingLevel}",
    "partnerAccounts": "UNWIND $rows AS r MERGE (n:PartnerAccount {workspace: $ws, "
    "id: r.partnerId + '/' + r.externalId}) SET n += r {.partnerId, .externalId, .name, .status}",
    "people": "UNWIND $rows AS r MERGE (n:Person {workspace: $ws, id: r.id}) "
    "SET n += r {.id, .name, .email, .title, .department, .seniority}",
    "employments": "UNWIND $rows AS r MATCH (p:Person {workspace: $ws, id: r.personId}) "
    "OPTIONAL MATCH (a:Account {workspace: $ws, id: r.organizationId}) "
    "OPTIONAL MATCH (q:Partner {workspace: $ws, id: r.organizationId}) "
    "WITH p, r, coalesce(a, q) AS o WHERE o IS NOT NULL "
    "MERGE (p)-[e:EMPLOYED_AT]->(o) SET e.title = r.title",
    "reportingLines": "UNWIND $rows AS r MATCH (p:Person {workspace: $ws, id: r.personId}) "
    "MATCH (m:Person {workspace: $ws, id: r.managerId}) MERGE (p)-[:REPORTS_TO]->(m)",
    "opportunities": "UNWIND $rows AS r MERGE (n:Opportunity {workspace: $ws, id: r.id}) "
    "SET n += r {.id, .accountId, .name, .stage, .state}",
    "buyingRoles": "UNWIND $rows AS r MATCH (p:Person {workspace: $ws, id: r.personId}) "
    "MATCH (a:Account {workspace: $ws, id: r.accountId}) MERGE (p)-[h:HOLDS_ROLE {role: r.role}]->(a)",
    "relationships": "UNWIND $rows AS r "
    "MATCH (x {workspace: $ws, id: r.fromId}) WHERE x:Person OR x:Seller "
    "MATCH (y {workspace: $ws, id: r.toId}) WHERE y:Person OR y:Seller "
    "MERGE (x)-[k:KNOWS]->(y) SET k.strength = r.strength",
    "contextItems": "UNWIND $rows AS r MERGE (n:ContextItem {workspace: $ws, id: r.id}) SET n.text = r.text",
    "painPoints": "UNWIND $rows AS r MERGE (n:PainPoint {workspace: $ws, id: r.id}) SET n.text = r.text",
}


async def _import_raw(graph: GraphClient, workspace: str, bundle: dict[str, Any]) -> int:
    rows = 0
    for section, section_rows in bundle.items():
        query = _RAW[section]
        for start in range(0, len(section_rows), BATCH):
            chunk = section_rows[start : start + BATCH]

            async def work(
                tx: AsyncManagedTransaction,
                chunk: list[dict[str, Any]] = chunk,
                query: LiteralString = query,
            ) -> None:
                await (await tx.run(query, rows=chunk, ws=workspace)).consume()

            await graph.write(work)
            rows += len(chunk)
    return rows


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return round(statistics.median(ordered), 2), round(p95, 2)


async def _time(work: Callable[[], Awaitable[object]], iterations: int) -> list[float]:
    samples = []
    for _ in range(iterations):
        started = time.perf_counter()
        await work()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


class _Server:
    """The real app under uvicorn on a loopback port, in a thread, for HTTP measurements."""

    def __init__(self, connection: ConnectionOptions) -> None:
        self.port = free_port()
        app = create_app(Settings(neo4j_password=PASSWORD), connection)
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


async def _sample_account(graph: GraphClient, workspace: str) -> str:
    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx,
            "MATCH (p:Person)-[:HOLDS_ROLE {role: 'ECONOMIC_BUYER'}]->(a:Account {workspace: $ws}) "
            "WHERE EXISTS { (a)<-[:FOR_ACCOUNT]-(:Opportunity {state: 'OPEN'}) } "
            "RETURN a.id AS id ORDER BY a.id LIMIT 1",
            {"ws": workspace},
        )

    rows = await graph.read(work)
    return str(rows[0]["id"]) if rows else "acc-00001"


QueryCase = tuple[str, str, dict[str, Any], Callable[[GraphClient, str], Awaitable[object]]]


def _cases(account_id: str) -> list[QueryCase]:
    from graph.partners import introductions, overlap
    from graph.reach import paths, risk

    partner = "par-000"
    cases: list[QueryCase] = [
        (
            "account_map",
            "query($id: ID!) { account(id: $id) { name people(first: 50) { edges { node { "
            "person { name } roles { role } knownBy { name strength } } } } "
            "coverage { stakeholdersMapped } } }",
            {"id": account_id},
            lambda g, ws: find_account_people(
                g, ws, [account_id], AccountPeopleQuery(day=date.today(), first=50)
            ),
        ),
    ]
    for hops in (4, 6):
        cases.append(
            (
                f"warmest_path_max_hops_{hops}",
                "query($id: ID!, $h: Int!) { warmestPaths(accountId: $id, maxHops: $h) "
                "{ reason best { warmth hopCount hops { from { id } to { id } strength } } } }",
                {"id": account_id, "h": hops},
                lambda g, ws, hops=hops: paths.find_warmest_paths(g, ws, account_id, max_hops=hops),  # type: ignore[misc]
            )
        )
    cases += [
        (
            "account_risk",
            "query($id: ID!) { accountRisk(accountId: $id) { score flags { flag detail } "
            "suggestions { person { name } reasons } } }",
            {"id": account_id},
            lambda g, ws: risk.assess_account_risk(g, ws, account_id),
        ),
        (
            # The scan scores every customer or open-deal account to sort them by risk, so its
            # first page costs the whole scan.
            "portfolio_scan_total",
            "{ portfolioRisk(first: 50) { totalCount edges { node { account { id } score } } } }",
            {},
            lambda g, ws: risk.scan_portfolio_risk(g, ws, first=50),
        ),
        (
            "partner_overlap",
            "query($p: ID!) { partnerOverlap(partnerId: $p, first: 50) { totalCount "
            "matrix { ourStatus partnerStatus count } accounts { edges { node { accountId "
            "uncoveredPeopleCount } } } } }",
            {"p": partner},
            lambda g, ws: overlap.partner_overlap(g, ws, partner, first=50),
        ),
        (
            "warm_introductions",
            "query($p: ID!) { warmIntroductions(partnerId: $p, first: 50) { totalCount "
            "edges { node { accountId warmth } } } }",
            {"p": partner},
            lambda g, ws: introductions.warm_introductions(g, ws, partner, first=50),
        ),
    ]
    return cases


async def _measure_queries(
    connection: ConnectionOptions, graph: GraphClient, workspace: str, people: int, iterations: int
) -> list[dict[str, Any]]:
    account_id = await _sample_account(graph, workspace)
    key = (await create_api_key(graph, workspace, "bench", Role.ADMIN)).secret
    results = []
    with _Server(connection) as base_url:
        async with httpx.AsyncClient(base_url=base_url, timeout=600) as http:
            headers = {"Authorization": f"Bearer {key}"}
            for name, document, variables, direct in _cases(account_id):

                async def via_api(
                    document: str = document,
                    variables: dict[str, Any] = variables,
                    name: str = name,
                ) -> None:
                    response = await http.post(
                        "/graphql",
                        json={"query": document, "variables": variables},
                        headers=headers,
                    )
                    body = response.json()
                    if body.get("errors"):
                        raise RuntimeError(f"{name}: {body['errors']}")

                async def via_graph(
                    direct: Callable[[GraphClient, str], Awaitable[object]] = direct,
                ) -> None:
                    await direct(graph, workspace)

                # The whole-portfolio scan takes long: one timed round, no warm-up.
                whole_scan = name.startswith("portfolio")
                try:
                    if not whole_scan:
                        await via_api()  # warm-up: plans cached, pages in the page cache
                        await via_graph()
                except Exception as error:
                    print(f"  {name}: skipped ({error})")
                    continue
                count = 1 if whole_scan else iterations
                try:
                    api_p50, api_p95 = _percentiles(await _time(via_api, count))
                    direct_p50, direct_p95 = _percentiles(await _time(via_graph, count))
                except Exception as error:
                    print(f"  {name}: failed during measurement ({type(error).__name__}: {error})")
                    results.append({"name": name, "people": people, "error": type(error).__name__})
                    continue
                row = {
                    "name": name,
                    "people": people,
                    "api_p50_ms": api_p50,
                    "api_p95_ms": api_p95,
                    "direct_p50_ms": direct_p50,
                    "direct_p95_ms": direct_p95,
                    "api_direct_ratio_p50": round(api_p50 / direct_p50, 2) if direct_p50 else None,
                    "iterations": count,
                }
                results.append(row)
                print(
                    f"  {name:<28} people={people:>7}  api p50 {api_p50:8.1f} ms  p95 {api_p95:8.1f} ms"
                    f"  direct p50 {direct_p50:8.1f} ms  p95 {direct_p95:8.1f} ms"
                )
    return results


async def _run(connection: ConnectionOptions) -> dict[str, Any]:
    driver = open_driver(connection)
    graph = GraphClient(driver, connection.database)
    await apply_migrations(graph)
    people = _env_int("BENCH_PEOPLE", 100_000)
    small = _env_int("BENCH_SMALL_PEOPLE", 10_000)
    iterations = _env_int("BENCH_ITERATIONS", 40)
    previous = json.loads(RESULTS.read_text()) if _reuse() and RESULTS.exists() else {}
    results: dict[str, Any] = {"import": previous.get("import"), "queries": []}
    try:
        if not (_reuse() and await _has_people(graph, _workspace())):
            print(f"generating a workspace of {people} people ...", flush=True)
            bundle = _bundle(people)
            print(f"import: {people} people through the importer ...", flush=True)
            started = time.perf_counter()
            rows = await _import_with_project(graph, _workspace(), bundle)
            ours = rows / (time.perf_counter() - started)
            print("import: the same rows as raw UNWIND statements ...", flush=True)
            started = time.perf_counter()
            await _import_raw(graph, _workspace("-raw"), bundle)
            raw = rows / (time.perf_counter() - started)
            del bundle
            results["import"] = {
                "rows": rows,
                "rows_per_s": round(ours),
                "raw_rows_per_s": round(raw),
                "ratio": round(ours / raw, 3),
            }
            print(
                f"import: {rows} rows, {ours:,.0f} rows/s "
                f"(raw {raw:,.0f} rows/s, ratio {ours / raw:.2f})"
            )
            _save(results)
        print("queries:", flush=True)
        results["queries"] += await _measure_queries(
            connection, graph, _workspace(), people, iterations
        )
        _save(results)
        if small and small < people:
            if not (_reuse() and await _has_people(graph, _workspace("-small"))):
                await _import_with_project(graph, _workspace("-small"), _bundle(small))
            results["queries"] += await _measure_queries(
                connection, graph, _workspace("-small"), small, iterations
            )
            _save(results)
    finally:
        await driver.close()
    return results


def main() -> None:
    """Run the benchmark and write .bench/results.json."""
    with bench_neo4j("bench", fresh=not _reuse(), remove_after=False) as connection:
        results = asyncio.run(_run(connection))
    _save(results)
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
