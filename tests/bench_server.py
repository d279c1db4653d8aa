"""The Neo4j a benchmark script measures against: NEO4J_URI when set, else a local server of its
own on a home under .neo4j/ (removed afterwards unless the script reuses loaded data)."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from graph.core.client import ConnectionOptions
from graph.core.local_server import LocalNeo4j, LocalServerOptions
from seeds.generator import generate_sections
from tests.conftest import REPO

PASSWORD = "accountmap-bench-password"


@contextmanager
def bench_neo4j(
    name: str,
    *,
    memory: str = "4g",
    fresh: bool = True,
    remove_after: bool = True,
    pool_size: int = 20,
) -> Iterator[ConnectionOptions]:
    """Connection options for the benchmark ``name``. ``fresh`` starts from an empty home,
    ``remove_after`` deletes it at the end (keep it to re-measure on loaded data), ``memory``
    sizes both heap and page cache."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield ConnectionOptions(
            uri=uri,
            username=os.environ.get("NEO4J_USERNAME", "neo4j"),
            password=os.environ["NEO4J_PASSWORD"],
            pool_size=pool_size,
        )
        return
    home = REPO / ".neo4j" / name
    if fresh:
        shutil.rmtree(home, ignore_errors=True)
    server = LocalNeo4j(
        LocalServerOptions(home=home, password=PASSWORD, heap=memory, pagecache=memory)
    )
    started = time.monotonic()
    local_uri = server.start(attached=True)
    print(f"local Neo4j ready in {time.monotonic() - started:.1f} s at {local_uri}")
    try:
        yield ConnectionOptions(
            uri=local_uri, username="neo4j", password=PASSWORD, pool_size=pool_size
        )
    finally:
        server.stop()
        if remove_after:
            shutil.rmtree(home, ignore_errors=True)


def scaled_bundle(people: int, seed: int = 7) -> dict[str, list[dict[str, Any]]]:
    """The benchmark workspace for ``people`` people: accounts, sellers and relationships scaled
    with it (5,000 accounts, 500 sellers, 20 partners, ~1,000,000 relationships at 100,000)."""
    scale = people / 100_000
    return {
        section: list(rows)
        for section, rows in generate_sections(
            seed=seed,
            accounts=max(50, int(5000 * scale)),
            people=people,
            sellers=max(10, int(500 * scale)),
            partners=20,
            relationships=int(1_000_000 * scale),
        )
    }
