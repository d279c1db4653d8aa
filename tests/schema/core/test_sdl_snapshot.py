"""The printed schema is a snapshot under tests/: every change to the API shows up in review."""

from __future__ import annotations

import os
from pathlib import Path

from schema.root import build_schema

SNAPSHOT = Path(__file__).resolve().parent / "schema.graphql"


def test_schema_matches_snapshot() -> None:
    """The SDL equals tests/schema/core/schema.graphql (UPDATE_SNAPSHOTS=1 rewrites it on purpose)."""
    printed = build_schema().as_str() + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(printed)
    assert SNAPSHOT.exists(), "no snapshot yet: run with UPDATE_SNAPSHOTS=1 and review the file"
    assert printed == SNAPSHOT.read_text(), (
        "The GraphQL schema changed. If intended, run "
        "`UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/schema/core/test_sdl_snapshot.py` and commit "
        "tests/schema/core/schema.graphql with the change."
    )
