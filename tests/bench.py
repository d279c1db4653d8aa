"""`make bench`: import throughput and query latency on a generated workspace, against a real Neo4j,
side by side with @neo4j/graphql on the same Neo4j and data.

Figures, not assertions: it prints a table, then every aim of issue 13 with its figure and
whether it is met, and writes `.bench/results.json`:
  import:  rows, rows/s through the project's importer, rows/s of raw UNWIND statements on the
           same rows, and their ratio;
  queries: p50/p95 through the GraphQL API over HTTP (uvicorn, one worker, its own process on
           loopback) and through the graph layer called directly, per query and graph size; the
           per-account queries rotate over 40 accounts and the systems take turns (interleaved);
  compare: the account map through @neo4j/graphql (bench/neo4j-graphql, installed from npm by
           `npm ci` on first use): p50s and their ratio, answers compared account by account,
           and requests per second with BENCH_CLIENTS (8) clients at once;
  aims:    each aim, its figure and met / not met; load_average: the machine's load.
Sizes: BENCH_PEOPLE (default 100000) scales accounts, sellers and relationships with it
(5,000 accounts, 500 sellers, 20 partners, ~1,000,000 relationship rows at the default);
BENCH_SMALL_PEOPLE (default 10000) is the second size that shows how cost grows;
BENCH_ITERATIONS (default 40) requests per query; BENCH_WORKSPACE (default bench) names the
workspaces; BENCH_REUSE=1 measures again on the data loaded before. Uses NEO4J_URI when set,
else its own local server in .neo4j/bench (wiped first). It stops by itself: every loop is
bounded.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, LiteralString

import httpx
from neo4j import AsyncManagedTransaction

from graph.accounts.account_map import AccountPeopleQuery, find_account_people
from graph.core.client import ConnectionOptions, GraphClient, fetch_all, open_driver
from graph.core.credentials import Role, create_api_key
from graph.core.migrations import apply_migrations
from graph.ingest.imports import load_bundle
from tests.bench_aims import aims, print_aims
from tests.bench_compare import (
    OUR_ACCOUNT_MAP,
    THEIR_ACCOUNT_MAP,
    api_process,
    install_harness,
    load_average,
    neo4j_graphql_process,
    our_answer,
    same_answer,
    their_answer,
    their_variables,
    throughput,
)
from tests.bench_server import bench_neo4j, scaled_bundle

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / ".bench" / "results.json"
BATCH = 5000
ROTATION = 40
"""Accounts each per-account query rotates over."""


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


async def _sample_accounts(graph: GraphClient, workspace: str) -> list[str]:
    """Up to ``ROTATION`` accounts with an economic buyer and an open deal, by id."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx,
            "MATCH (a:Account {workspace: $ws}) "
            "WHERE EXISTS { (a)<-[:HOLDS_ROLE {role: 'ECONOMIC_BUYER'}]-(:Person) } "
            "AND EXISTS { (a)<-[:FOR_ACCOUNT]-(:Opportunity {state: 'OPEN'}) } "
            "RETURN a.id AS id ORDER BY a.id LIMIT $count",
            {"ws": workspace, "count": ROTATION},
        )

    rows = await graph.read(work)
    return [str(r["id"]) for r in rows] or ["acc-00001"]


@dataclass(frozen=True)
class _Case:
    """One query: its GraphQL document and variables for an account, the same question asked
    of the graph layer directly, and whether it rotates over the sample accounts."""

    name: str
    document: str
    variables: Callable[[str], dict[str, Any]]
    direct: Callable[[GraphClient, str, str], Awaitable[object]]
    whole_workspace: bool = False


def _cases(day: date) -> list[_Case]:
    from graph.partners import introductions, overlap
    from graph.reach import paths, risk
    from graph.selling.coverage import find_portfolio_coverage
    from graph.selling.scoring import list_account_scores

    partner = "par-000"
    cases = [
        _Case(
            "account_map",
            OUR_ACCOUNT_MAP,
            lambda a: {"id": a, "day": day.isoformat()},
            lambda g, ws, a: find_account_people(g, ws, [a], AccountPeopleQuery(day=day, first=50)),
        ),
    ]
    for hops in (4, 6):
        cases.append(
            _Case(
                f"warmest_path_max_hops_{hops}",
                "query($id: ID!, $h: Int!) { warmestPaths(accountId: $id, maxHops: $h) "
                "{ reason best { warmth hopCount hops { from { id } to { id } strength } } } }",
                lambda a, hops=hops: {"id": a, "h": hops},  # type: ignore[misc]
                lambda g, ws, a, hops=hops: paths.find_warmest_paths(g, ws, a, max_hops=hops),  # type: ignore[misc]
            )
        )
    cases += [
        _Case(
            "account_risk",
            "query($id: ID!) { accountRisk(accountId: $id) { score flags { flag detail } "
            "suggestions { person { name } reasons } } }",
            lambda a: {"id": a},
            lambda g, ws, a: risk.assess_account_risk(g, ws, a),
        ),
        # The scan scores every customer or open-deal account to sort them by risk, so its
        # first page costs the whole scan; so do coverage and the scores of the workspace.
        _Case(
            "portfolio_scan_total",
            "{ portfolioRisk(first: 50) { totalCount edges { node { account { id } score } } } }",
            lambda a: {},
            lambda g, ws, a: risk.scan_portfolio_risk(g, ws, first=50),
            whole_workspace=True,
        ),
        _Case(
            "portfolio_coverage",
            "{ portfolioCoverage { accounts averageCommitteeMembers weakest { accountName } } }",
            lambda a: {},
            lambda g, ws, a: find_portfolio_coverage(g, ws, day=day),
            whole_workspace=True,
        ),
        _Case(
            "account_scores_whole_workspace",
            "{ accountScores(first: 50) { totalCount edges { node { score } } } }",
            lambda a: {},
            lambda g, ws, a: list_account_scores(g, ws, first=50),
            whole_workspace=True,
        ),
        _Case(
            "partner_overlap",
            "query($p: ID!) { partnerOverlap(partnerId: $p, first: 50) { totalCount "
            "matrix { ourStatus partnerStatus count } accounts { edges { node { accountId "
            "uncoveredPeopleCount } } } } }",
            lambda a: {"p": partner},
            lambda g, ws, a: overlap.partner_overlap(g, ws, partner, first=50),
        ),
        _Case(
            "warm_introductions",
            "query($p: ID!) { warmIntroductions(partnerId: $p, first: 50) { totalCount "
            "edges { node { accountId warmth } } } }",
            lambda a: {"p": partner},
            lambda g, ws, a: introductions.warm_introductions(g, ws, partner, first=50),
        ),
    ]
    return cases


System = Callable[[str], Awaitable[object]]


async def _interleaved(
    systems: dict[str, System], accounts: list[str], count: int
) -> dict[str, list[float]]:
    """``count`` rounds; round i asks every system about account i (in rotation), the systems
    taking turns to go first."""
    names = list(systems)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for i in range(count):
        account = accounts[i % len(accounts)]
        for name in names[i % len(names) :] + names[: i % len(names)]:
            started = time.perf_counter()
            await systems[name](account)
            samples[name].append((time.perf_counter() - started) * 1000)
    return samples


async def _ensure_scoring_model(graph: GraphClient, workspace: str) -> None:
    from graph.selling.scoring_model import TierThreshold, load_scoring_model, save_scoring_model
    from tests.bench_selling import MODEL

    async def work(tx: AsyncManagedTransaction) -> int:
        model = await load_scoring_model(tx, workspace, None)
        return 0 if model is None else model.version

    if await graph.read(work) == 0:
        await save_scoring_model(graph, workspace, MODEL, [TierThreshold("Tier 1", 70)])


async def _measure_queries(
    connection: ConnectionOptions,
    graph: GraphClient,
    workspace: str,
    people: int,
    iterations: int,
    compare: bool,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    accounts = await _sample_accounts(graph, workspace)
    await _ensure_scoring_model(graph, workspace)
    key = (await create_api_key(graph, workspace, "bench", Role.ADMIN)).secret
    headers = {"Authorization": f"Bearer {key}"}
    day = date.today()
    results: list[dict[str, Any]] = []
    comparison: dict[str, Any] = {}
    harness = install_harness() if compare else "not asked at this size"
    with ExitStack() as stack:
        base_url = stack.enter_context(api_process(connection))
        theirs_url = None if harness else stack.enter_context(neo4j_graphql_process(connection))
        async with httpx.AsyncClient(timeout=600) as http:
            for case in _cases(day):

                async def via_api(account: str, case: _Case = case) -> dict[str, Any]:
                    response = await http.post(
                        f"{base_url}/graphql",
                        json={"query": case.document, "variables": case.variables(account)},
                        headers=headers,
                    )
                    body: dict[str, Any] = response.json()
                    if body.get("errors"):
                        raise RuntimeError(f"{case.name}: {body['errors']}")
                    return body

                async def via_graph(account: str, case: _Case = case) -> object:
                    return await case.direct(graph, workspace, account)

                systems: dict[str, System] = {"api": via_api, "direct": via_graph}
                if case.name == "account_map" and theirs_url is not None:

                    async def via_theirs(account: str, url: str = theirs_url) -> dict[str, Any]:
                        response = await http.post(
                            url,
                            json={
                                "query": THEIR_ACCOUNT_MAP,
                                "variables": their_variables(account, workspace, day),
                            },
                        )
                        body: dict[str, Any] = response.json()
                        if body.get("errors"):
                            raise RuntimeError(f"@neo4j/graphql: {body['errors']}"[:500])
                        return body

                    systems["neo4j_graphql"] = via_theirs
                rotation = accounts[:1] if case.whole_workspace else accounts
                count = 1 if case.whole_workspace else iterations
                try:
                    # Warm-up: plans cached, pages in the page cache (a whole-workspace
                    # question once, through the graph layer).
                    warm = {"direct": via_graph} if case.whole_workspace else systems
                    for account in rotation[:count]:
                        for system in warm.values():
                            await system(account)
                    samples = await _interleaved(systems, rotation, count)
                except Exception as error:
                    print(f"  {case.name}: failed ({type(error).__name__}: {error})"[:400])
                    results.append(
                        {"name": case.name, "people": people, "error": type(error).__name__}
                    )
                    continue
                api_p50, api_p95 = _percentiles(samples["api"])
                direct_p50, direct_p95 = _percentiles(samples["direct"])
                row: dict[str, Any] = {
                    "name": case.name,
                    "people": people,
                    "api_p50_ms": api_p50,
                    "api_p95_ms": api_p95,
                    "direct_p50_ms": direct_p50,
                    "direct_p95_ms": direct_p95,
                    "api_direct_ratio_p50": round(api_p50 / direct_p50, 2) if direct_p50 else None,
                    "iterations": count,
                    "accounts": len(rotation),
                }
                results.append(row)
                print(
                    f"  {case.name:<31} people={people:>7}  api p50 {api_p50:8.1f} ms  "
                    f"p95 {api_p95:8.1f} ms  direct p50 {direct_p50:8.1f} ms  "
                    f"p95 {direct_p95:8.1f} ms",
                    flush=True,
                )
                if "neo4j_graphql" in samples:
                    comparison["account_map"] = await _compare_account_map(
                        http,
                        samples,
                        via_api,
                        systems["neo4j_graphql"],
                        accounts,
                        (f"{base_url}/graphql", theirs_url or "", headers),
                        (workspace, day),
                    )
    if harness:
        comparison["account_map"] = {"skipped": harness}
    return results, comparison


async def _compare_account_map(
    http: httpx.AsyncClient,
    samples: dict[str, list[float]],
    ours: System,
    theirs: System,
    accounts: list[str],
    urls: tuple[str, str, dict[str, str]],
    asked: tuple[str, date],
) -> dict[str, Any]:
    """Latency ratio, same answers on every account of the rotation, and throughput."""
    api_p50, _ = _percentiles(samples["api"])
    their_p50, their_p95 = _percentiles(samples["neo4j_graphql"])
    same = 0
    for account in accounts:
        a = our_answer(await ours(account))  # type: ignore[arg-type]
        b = their_answer(await theirs(account))  # type: ignore[arg-type]
        if same_answer(a, b):
            same += 1
        elif same == 0:
            print(f"    answers differ on {account}: ours {a!r:.300} theirs {b!r:.300}")
    our_url, their_url, headers = urls
    workspace, day = asked
    clients = _env_int("BENCH_CLIENTS", 8)
    requests = _env_int("BENCH_THROUGHPUT_REQUESTS", 400)
    our_rps = await throughput(
        http,
        our_url,
        [
            {"query": OUR_ACCOUNT_MAP, "variables": {"id": a, "day": day.isoformat()}}
            for a in accounts
        ],
        headers,
        clients,
        requests,
    )
    their_rps = await throughput(
        http,
        their_url,
        [
            {"query": THEIR_ACCOUNT_MAP, "variables": their_variables(a, workspace, day)}
            for a in accounts
        ],
        {},
        clients,
        requests,
    )
    row = {
        "api_p50_ms": api_p50,
        "neo4j_graphql_p50_ms": their_p50,
        "neo4j_graphql_p95_ms": their_p95,
        "ratio": round(api_p50 / their_p50, 2) if their_p50 else None,
        "same_answers": f"{same}/{len(accounts)}",
        "throughput_clients": clients,
        "api_rps_one_worker": round(our_rps, 1),
        "neo4j_graphql_rps_one_process": round(their_rps, 1),
        "throughput_ratio": round(our_rps / their_rps, 2) if their_rps else None,
    }
    print(
        f"  account_map vs @neo4j/graphql: p50 {api_p50:.1f} vs {their_p50:.1f} ms "
        f"(ratio {row['ratio']}), same answers {row['same_answers']}, "
        f"{clients} clients: {our_rps:.0f} vs {their_rps:.0f} req/s",
        flush=True,
    )
    return row


async def _run(connection: ConnectionOptions) -> dict[str, Any]:
    driver = open_driver(connection)
    graph = GraphClient(driver, connection.database)
    await apply_migrations(graph)
    people = _env_int("BENCH_PEOPLE", 100_000)
    small = _env_int("BENCH_SMALL_PEOPLE", 10_000)
    iterations = _env_int("BENCH_ITERATIONS", 40)
    previous = json.loads(RESULTS.read_text()) if _reuse() and RESULTS.exists() else {}
    results: dict[str, Any] = {
        "import": previous.get("import"),
        "queries": [],
        "compare": {},
        "load_average": {"start": load_average()},
    }
    print(f"machine load (1, 5, 15 min): {load_average()}", flush=True)
    try:
        if not (_reuse() and await _has_people(graph, _workspace())):
            print(f"generating a workspace of {people} people ...", flush=True)
            bundle = scaled_bundle(people)
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
                "load_average": load_average(),
            }
            print(
                f"import: {rows} rows, {ours:,.0f} rows/s "
                f"(raw {raw:,.0f} rows/s, ratio {ours / raw:.2f})"
            )
            _save(results)
        print(f"queries (load {load_average()}):", flush=True)
        rows_big, results["compare"] = await _measure_queries(
            connection, graph, _workspace(), people, iterations, compare=True
        )
        results["queries"] += rows_big
        _save(results)
        if small and small < people:
            if not (_reuse() and await _has_people(graph, _workspace("-small"))):
                await _import_with_project(graph, _workspace("-small"), scaled_bundle(small))
            print(f"queries (load {load_average()}):", flush=True)
            rows_small, _ = await _measure_queries(
                connection, graph, _workspace("-small"), small, iterations, compare=False
            )
            results["queries"] += rows_small
        results["load_average"]["end"] = load_average()
        results["aims"] = aims(results, people, small)
        _save(results)
    finally:
        await driver.close()
    return results


def main() -> None:
    """Run the benchmark, print the aims table and write .bench/results.json."""
    with bench_neo4j("bench", fresh=not _reuse(), remove_after=False) as connection:
        results = asyncio.run(_run(connection))
    _save(results)
    print_aims(results)
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
