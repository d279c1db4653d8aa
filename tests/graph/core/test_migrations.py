"""Migrations: ordered, idempotent, recorded once, and the constraints they create hold."""

from __future__ import annotations

import pytest
from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ConstraintError

from graph.core.client import GraphClient, fetch_all
from graph.core.migrations import applied_migrations, apply_migrations, load_migrations


async def test_applying_twice_changes_nothing(graph: GraphClient) -> None:
    """A second run applies nothing and every migration file is recorded exactly once."""
    assert await apply_migrations(graph) == []
    assert await apply_migrations(graph) == []
    assert await applied_migrations(graph) == {m.id for m in load_migrations()}

    async def count(tx: AsyncManagedTransaction) -> list[dict[str, object]]:
        return await fetch_all(tx, "MATCH (m:Migration) RETURN m.id AS id, count(*) AS n", {})

    assert all(row["n"] == 1 for row in await graph.read(count))


async def test_migrations_are_ordered_files_of_statements() -> None:
    """Files load in name order and each holds at least one statement."""
    migrations = load_migrations()
    assert [m.id for m in migrations] == sorted(m.id for m in migrations)
    assert all(m.statements for m in migrations)


async def test_account_id_is_unique_per_workspace(graph: GraphClient, workspace: str) -> None:
    """The same account id may exist in two workspaces but not twice in one."""

    async def create(tx: AsyncManagedTransaction, ws: str) -> None:
        await tx.run("CREATE (:Account {workspace: $ws, id: 'acme'})", ws=ws)

    await graph.write(lambda tx: create(tx, workspace))
    await graph.write(lambda tx: create(tx, workspace + "-other"))
    with pytest.raises(ConstraintError):
        await graph.write(lambda tx: create(tx, workspace))
