"""Account-based selling on the benchmark workspace: how long scoring the whole workspace,
portfolio coverage and the per-account answers take (run: ``python -m tests.bench_selling``).

Figures, not assertions. The workspace is the one ``make bench`` builds (``seeds.generator``,
seed 7; BENCH_PEOPLE, default 100000, scales 5,000 accounts, 500 sellers and ~1,000,000
relationship rows), loaded through the importer; BENCH_SELLING_ITERATIONS (default 5) runs per
figure; results go to ``.bench/selling.json``. Uses NEO4J_URI when set, else its own local server
in .neo4j/bench-selling (wiped first).
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core.client import ConnectionOptions, GraphClient, fetch_all, open_driver
from graph.core.migrations import apply_migrations
from graph.ingest.imports import load_bundle
from graph.selling.coverage import find_account_coverage, find_portfolio_coverage
from graph.selling.list_sizing import SizingInputs, compare_target_list
from graph.selling.qualification import qualify_opportunity
from graph.selling.role_suggestions import find_role_suggestions
from graph.selling.scoring import list_account_scores
from graph.selling.scoring_model import (
    Criterion,
    CriterionKind,
    ScoringRule,
    TierThreshold,
    save_scoring_model,
)
from graph.selling.win_back import list_win_back_candidates
from seeds.generator import DEFAULT_TODAY
from tests.bench_server import bench_neo4j, scaled_bundle

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / ".bench" / "selling.json"
WORKSPACE = "bench-selling"

MODEL = [
    Criterion(
        CriterionKind.INDUSTRY,
        30,
        (ScoringRule(values=("Logistics", "Retail")), ScoringRule(0.5, values=("Insurance",))),
    ),
    Criterion(
        CriterionKind.EMPLOYEES,
        25,
        (ScoringRule(minimum=1000, maximum=5000), ScoringRule(0.5, minimum=200, maximum=999)),
    ),
    Criterion(
        CriterionKind.LOCATION,
        20,
        (ScoringRule(countries=("United States",)), ScoringRule(0.5, regions=("EMEA",))),
    ),
    Criterion(CriterionKind.TECHNOLOGY, 15, (ScoringRule(values=("Salesforce",)),)),
    Criterion(CriterionKind.COMPETITOR_PRODUCT, 10, (ScoringRule(values=("Clari", "Gong")),)),
]


async def _timed(work: Callable[[], Awaitable[object]], iterations: int) -> dict[str, float]:
    samples = []
    for _ in range(iterations):
        started = time.perf_counter()
        await work()
        samples.append((time.perf_counter() - started) * 1000)
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered), 1),
        "max_ms": round(ordered[-1], 1),
        "runs": iterations,
    }


async def _sample(graph: GraphClient) -> tuple[str, str]:
    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx,
            "MATCH (o:Opportunity {workspace: $ws}) WHERE o.state = 'OPEN' "
            "RETURN o.id AS opportunity, o.accountId AS account ORDER BY o.id LIMIT 1",
            {"ws": WORKSPACE},
        )

    rows = await graph.read(work)
    return str(rows[0]["account"]), str(rows[0]["opportunity"])


async def _run(connection: ConnectionOptions) -> dict[str, Any]:
    people = int(os.environ.get("BENCH_PEOPLE", 100_000))
    iterations = int(os.environ.get("BENCH_SELLING_ITERATIONS", 5))
    driver = open_driver(connection)
    graph = GraphClient(driver, connection.database)
    try:
        await apply_migrations(graph)
        bundle = scaled_bundle(people)
        started = time.perf_counter()
        await load_bundle(graph, WORKSPACE, bundle, batch_size=5000)
        loaded = round(time.perf_counter() - started, 1)
        await save_scoring_model(graph, WORKSPACE, MODEL, [TierThreshold("Tier 1", 70)])
        account, opportunity = await _sample(graph)
        day: date = DEFAULT_TODAY
        sizing = SizingInputs(10_000, 0.3, 90, 25, 0.25, 20_000_000, 100_000)
        cases: dict[str, Callable[[], Awaitable[object]]] = {
            "account scores, whole workspace (first page of accountScores)": lambda: (
                list_account_scores(graph, WORKSPACE, first=50)
            ),
            "win-back list": lambda: list_win_back_candidates(graph, WORKSPACE, first=50),
            "portfolio coverage": lambda: find_portfolio_coverage(graph, WORKSPACE, day=day),
            "account coverage": lambda: find_account_coverage(graph, WORKSPACE, account, day=day),
            "suggested roles": lambda: find_role_suggestions(
                graph, WORKSPACE, account, day=day, first=50
            ),
            "BANT qualification": lambda: qualify_opportunity(graph, WORKSPACE, opportunity, day),
            "target list sizing": lambda: compare_target_list(graph, WORKSPACE, sizing),
        }
        figures = {name: await _timed(work, iterations) for name, work in cases.items()}
        return {
            "people": people,
            "accounts": len(bundle["accounts"]),
            "rows": sum(len(r) for r in bundle.values()),
            "load_s": loaded,
            "figures": figures,
        }
    finally:
        await driver.close()


def main() -> None:
    """Build the benchmark workspace, time each figure, print and save the results."""
    with bench_neo4j("bench-selling") as connection:
        results = asyncio.run(_run(connection))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    print(
        f"{results['people']} people, {results['accounts']} accounts, {results['rows']} rows "
        f"loaded in {results['load_s']} s"
    )
    for name, figure in results["figures"].items():
        print(f"  {name:<62} median {figure['median_ms']:>9} ms  max {figure['max_ms']:>9} ms")


if __name__ == "__main__":
    main()
