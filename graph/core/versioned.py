"""One store for versioned definitions: a workspace's scoring model, its persona set.

A definition is never overwritten: saving creates ``(:<Label> {workspace, version, note,
createdAt, <fields>})`` with the next version number, so a review can read or apply any version.
Each field of the definition is stored as JSON text in its own property (the caller names them,
e.g. ``criteria`` and ``tierThresholds``); ``workspace``, ``version``, ``note`` and ``createdAt``
belong to the store. The version counter lives on the ``(:Workspace)`` node, whose write lock
serialises concurrent saves; ``(workspace, version)`` is unique per label (migration 0004).

A workspace that saved nothing has version 0 with no fields; asking for a version that does not
exist is ``NotFound``. The label comes from the closed ``Label`` enum and the Cypher text from
fixed fragments below, so every statement stays fully parameterized.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all, fetch_one
from graph.core.dates import to_datetime
from graph.core.errors import NotFound
from graph.core.model import Label

_OWN = frozenset({"workspace", "version", "note", "createdAt"})


@dataclass(frozen=True)
class _Kind:
    label: LiteralString  # the node label, fixed text
    counter: LiteralString  # the Workspace property holding the last version number


_KINDS: dict[Label, _Kind] = {
    Label.SCORING_MODEL: _Kind("ScoringModel", "scoringModelVersion"),
    Label.PERSONA_SET: _Kind("PersonaSet", "personaSetVersion"),
}


@dataclass(frozen=True)
class StoredVersion:
    """One version of a definition: its number, its fields (decoded from JSON), why and when it
    was saved. Version 0 (no fields) stands for "nothing saved yet"."""

    version: int
    fields: Mapping[str, Any] = field(default_factory=dict)
    note: str | None = None
    created_at: datetime | None = None


def _save(kind: _Kind) -> LiteralString:
    return (
        "MERGE (w:Workspace {id: $workspace})\n"
        "SET w." + kind.counter + " = coalesce(w." + kind.counter + ", 0) + 1\n"
        "CREATE (d:" + kind.label + " {workspace: $workspace, version: w." + kind.counter + ","
        " note: $note, createdAt: $createdAt})\n"
        "SET d += $fields\n"
        "RETURN d {.*} AS definition"
    )


def _load(kind: _Kind) -> LiteralString:
    return (
        "MATCH (d:" + kind.label + " {workspace: $workspace})\n"
        "WHERE $version IS NULL OR d.version = $version\n"
        "RETURN d {.*} AS definition ORDER BY d.version DESC LIMIT 1"
    )


def _versions(kind: _Kind) -> LiteralString:
    return (
        "MATCH (d:" + kind.label + " {workspace: $workspace})\n"
        "RETURN d {.*} AS definition ORDER BY d.version DESC"
    )


def _stored(row: Mapping[str, Any]) -> StoredVersion:
    return StoredVersion(
        version=int(row["version"]),
        fields={k: json.loads(v) for k, v in row.items() if k not in _OWN and v is not None},
        note=row.get("note"),
        created_at=to_datetime(row.get("createdAt")),
    )


async def save_version(
    client: GraphClient,
    label: Label,
    workspace: str,
    fields: Mapping[str, Any],
    note: str | None = None,
) -> StoredVersion:
    """Save ``fields`` (JSON-serialisable values) as the next version of the workspace's
    definition of ``label``; older versions stay."""
    kind = _KINDS[label]
    parameters = {
        "workspace": workspace,
        "fields": {name: json.dumps(value) for name, value in fields.items()},
        "note": note,
        "createdAt": datetime.now(UTC),
    }

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        return await fetch_one(tx, _save(kind), parameters)

    row = await client.write(work)
    assert row is not None  # CREATE always returns its node
    return _stored(row["definition"])


async def load_version(
    tx: AsyncManagedTransaction, label: Label, workspace: str, version: int | None = None
) -> StoredVersion | None:
    """The latest version (or ``version``) inside a transaction: version 0 when nothing was
    saved (or 0 is asked for), None when the version asked for does not exist."""
    if version == 0:
        return StoredVersion(0)
    row = await fetch_one(tx, _load(_KINDS[label]), {"workspace": workspace, "version": version})
    if row is None:
        return None if version else StoredVersion(0)
    return _stored(row["definition"])


def version_not_found(label: Label, version: int | None, argument: str) -> NotFound:
    """The one NOT_FOUND for a version that does not exist, naming the GraphQL argument."""
    return NotFound.of(label.value, str(version), argument=argument)


async def find_version(
    client: GraphClient,
    label: Label,
    workspace: str,
    version: int | None = None,
    *,
    argument: str = "version",
) -> StoredVersion:
    """``load_version`` in its own read transaction; ``NotFound`` (naming ``argument``) for a
    version that does not exist."""

    async def work(tx: AsyncManagedTransaction) -> StoredVersion | None:
        return await load_version(tx, label, workspace, version)

    found = await client.read(work)
    if found is None:
        raise version_not_found(label, version, argument)
    return found


async def list_versions(client: GraphClient, label: Label, workspace: str) -> list[StoredVersion]:
    """Every saved version, newest first (empty when nothing was saved)."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(tx, _versions(_KINDS[label]), {"workspace": workspace})

    return [_stored(row["definition"]) for row in await client.read(work)]
