"""By hand: the importer's throughput beside raw UNWIND statements, with a time split per phase.

``python -m tests.import_speed [--repeat N] [--profile FILE]`` starts its own local Neo4j (heap
2g, page cache 2g, home under .neo4j/, deleted afterwards), generates a workspace (seed 7: 1,000
accounts, 20,000 people, 100 sellers, 20 partners, 200,000 relationship rows), then per round
loads it with ``load_bundle(batch_size=5000)`` into a fresh workspace and the same rows with
``tests.bench._import_raw`` into another. It prints rows/s, the ratio, and where the importer's
time went: validation (parse_bundle), reference checks, and the writes of each section.
``--profile`` writes a cProfile of the first importer run. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import shutil
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from graph.core.client import ConnectionOptions, GraphClient, open_driver
from graph.core.local_server import LocalNeo4j, LocalServerOptions
from graph.core.migrations import apply_migrations
from graph.ingest.bundle import parse_bundle
from graph.ingest.imports import load_bundle
from graph.ingest.upserts import check_references
from seeds.generator import generate_bundle
from tests.bench import _import_raw

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "accountmap-import-speed"
BATCH = 5000


async def _round(
    graph: GraphClient, bundle: dict[str, Any], rows: int, tag: str, profile: str | None
) -> tuple[float, float]:
    # The phases alone, on the bundle as load_bundle sees it (nothing written).
    started = time.perf_counter()
    parsed = parse_bundle(bundle)
    parse_s = time.perf_counter() - started
    started = time.perf_counter()
    await check_references(graph, f"imp-{tag}-probe", parsed)
    refs_s = time.perf_counter() - started
    del parsed

    per_section: dict[str, float] = defaultdict(float)
    last = [0.0]

    def on_batch(section: str, _count: int) -> None:
        now = time.perf_counter()
        per_section[section] += now - last[0]
        last[0] = now

    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    last[0] = started
    if profiler:
        profiler.enable()
    await load_bundle(graph, f"imp-{tag}", bundle, batch_size=BATCH, on_batch=on_batch)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)  # type: ignore[arg-type]
    ours_s = time.perf_counter() - started

    started = time.perf_counter()
    await _import_raw(graph, f"raw-{tag}", bundle)
    raw_s = time.perf_counter() - started

    ours, raw = rows / ours_s, rows / raw_s
    print(
        f"round {tag}: importer {ours:,.0f} rows/s ({ours_s:.1f} s), raw {raw:,.0f} rows/s "
        f"({raw_s:.1f} s), ratio {ours / raw:.3f}"
    )
    print(f"  alone: parse_bundle {parse_s:.1f} s, check_references {refs_s:.1f} s")
    first = min(per_section, key=lambda s: list(bundle).index(s))
    print(
        f"  in load_bundle: checks + {first} {per_section[first]:.1f} s; "
        + ", ".join(f"{s} {t:.1f} s" for s, t in per_section.items() if s != first)
    )
    return ours, raw


async def _run(connection: ConnectionOptions, repeat: int, profile: str | None) -> None:
    driver = open_driver(connection)
    graph = GraphClient(driver, connection.database)
    try:
        await apply_migrations(graph)
        bundle: dict[str, Any] = dict(
            generate_bundle(
                seed=7,
                accounts=1000,
                people=20_000,
                sellers=100,
                partners=20,
                relationships=200_000,
            )
        )
        rows = sum(len(r) for r in bundle.values())
        print(f"{rows} rows: " + ", ".join(f"{s} {len(r)}" for s, r in bundle.items()))
        results = [
            await _round(graph, bundle, rows, f"{os.getpid()}-{i}", profile if i == 0 else None)
            for i in range(repeat)
        ]
        ours = [o for o, _ in results]
        raws = [r for _, r in results]
        ratios = [o / r for o, r in results]
        print(
            f"importer {min(ours):,.0f}-{max(ours):,.0f} rows/s, raw {min(raws):,.0f}-"
            f"{max(raws):,.0f} rows/s, ratio {min(ratios):.3f}-{max(ratios):.3f}"
        )
    finally:
        await driver.close()


def main() -> None:
    """Start a throwaway server, measure, stop it and delete its home."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--profile", default=None)
    args = parser.parse_args()
    home = REPO / ".neo4j" / f"import-speed-{os.getpid()}"
    shutil.rmtree(home, ignore_errors=True)
    server = LocalNeo4j(LocalServerOptions(home=home, password=PASSWORD, heap="2g", pagecache="2g"))
    try:
        uri = server.start(attached=True)
        connection = ConnectionOptions(uri=uri, username="neo4j", password=PASSWORD)
        asyncio.run(_run(connection, args.repeat, args.profile))
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
