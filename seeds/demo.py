"""The hand-made demo workspace: loads ``seeds/demo/bundle.json`` into a workspace, idempotently.

The bundle is built by ``seeds/demo_build.py`` from the tables in ``seeds/demo/tables``, and its
stories are told in ``seeds/demo/STORIES.md``. Loading goes through the same validation and
upserts as any import, so a second load changes nothing and says so.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from graph.core.client import GraphClient
from graph.ingest.imports import load_bundle


def read_demo_bundle() -> dict[str, Any]:
    """The demo bundle as shipped with the package."""
    text = resources.files("seeds").joinpath("demo", "bundle.json").read_text(encoding="utf-8")
    bundle: dict[str, Any] = json.loads(text)
    return bundle


async def load_demo(graph: GraphClient, workspace: str = "demo") -> str:
    """Load the demo bundle into ``workspace``; returns what the load did, in one line."""
    summary = await load_bundle(graph, workspace, read_demo_bundle())
    total = summary.total
    return (
        f"{total.rows} rows: {total.created} created, {total.updated} updated, "
        f"{total.unchanged} unchanged"
    )
