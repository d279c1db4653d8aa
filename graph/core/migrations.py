"""Schema migrations: ordered ``.cypher`` files under ``graph/migrations/``, each applied once.

Every statement in a file is idempotent (``IF NOT EXISTS``), so two replicas starting together, or
a run cut off half-way, do no harm: the next run applies what is missing and records it as a
``:Migration`` node.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


@dataclass(frozen=True)
class Migration:
    """One migration file: its id (the file stem), its statements and their checksum."""

    id: str
    statements: tuple[str, ...]
    checksum: str


def load_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """The migration files in name order, split into statements, comments dropped."""
    migrations = []
    for path in sorted(directory.glob("*.cypher")):
        text = path.read_text()
        lines = [line for line in text.splitlines() if not line.strip().startswith("//")]
        statements = tuple(s.strip() for s in "\n".join(lines).split(";") if s.strip())
        checksum = hashlib.sha256(text.encode()).hexdigest()[:16]
        migrations.append(Migration(path.stem, statements, checksum))
    return migrations


async def _applied_ids(tx: AsyncManagedTransaction) -> set[str]:
    rows = await fetch_all(tx, "MATCH (m:Migration) RETURN m.id AS id", {})
    return {row["id"] for row in rows}


async def applied_migrations(client: GraphClient) -> set[str]:
    """Ids of the migrations recorded in the graph."""
    return await client.read(_applied_ids)


async def pending_migrations(client: GraphClient) -> list[Migration]:
    """Migrations in the folder that the graph has not recorded yet."""
    applied = await applied_migrations(client)
    return [m for m in load_migrations() if m.id not in applied]


async def apply_migrations(client: GraphClient) -> list[str]:
    """Apply every pending migration in order; return the ids applied by this call."""
    done = []
    for migration in await pending_migrations(client):
        for statement in migration.statements:
            # The statements come from files in this repository, never from user input.
            await client.run_schema(statement)

        async def record(tx: AsyncManagedTransaction, m: Migration = migration) -> None:
            await tx.run(
                "MERGE (r:Migration {id: $id}) "
                "ON CREATE SET r.appliedAt = datetime(), r.checksum = $checksum",
                id=m.id,
                checksum=m.checksum,
            )

        await client.write(record)
        done.append(migration.id)
    return done
