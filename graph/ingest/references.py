"""References of a bundle checked against the graph: ids a row points at that neither the bundle
nor the workspace holds, looked up in batches, one statement per referenced label."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.batching import batched
from graph.core.client import GraphClient, fetch_one
from graph.core.model import Label
from graph.ingest.bundle import ParsedBundle, PendingReference, RowError
from graph.ingest.rows import SECTIONS


def _missing_ids(label: LiteralString) -> LiteralString:
    """The ids of ``$ids`` that no node of ``label`` in the workspace carries (one index seek
    per id)."""
    return (
        "UNWIND $ids AS id\nWITH id WHERE NOT EXISTS { (:"
        + label
        + " {workspace: $workspace, id: id}) }\nRETURN collect(id) AS missing"
    )


_MISSING_IDS: dict[Label, LiteralString] = {
    Label.SELLER: _missing_ids("Seller"),
    Label.ACCOUNT: _missing_ids("Account"),
    Label.PARTNER: _missing_ids("Partner"),
    Label.PERSON: _missing_ids("Person"),
    Label.OPPORTUNITY: _missing_ids("Opportunity"),
}

_LOOKUP_CHUNK = 10_000


async def find_unknown_references(
    tx: AsyncManagedTransaction, workspace: str, pending: Iterable[PendingReference]
) -> list[RowError]:
    """Row errors for references found neither in the bundle nor in the workspace."""
    by_label: dict[Label, list[PendingReference]] = defaultdict(list)
    for reference in pending:
        by_label[reference.reference.label].append(reference)
    errors: list[RowError] = []
    for label, references in by_label.items():
        ids = sorted({r.reference.id for r in references})
        missing: set[str] = set()
        for chunk in batched(ids, _LOOKUP_CHUNK):
            found = await fetch_one(
                tx, _MISSING_IDS[label], {"workspace": workspace, "ids": list(chunk)}
            )
            missing.update(found["missing"] if found else [])
        errors.extend(r.error() for r in references if r.reference.id in missing)
    errors.sort(key=lambda e: (list(SECTIONS).index(e.section or ""), e.row or 0))
    return errors


async def check_references(
    graph: GraphClient, workspace: str, parsed: ParsedBundle
) -> list[RowError]:
    """Unknown references of a bundle, in a read transaction (for dry runs)."""
    pending = parsed.pending_references()
    if not pending:
        return []

    async def work(tx: AsyncManagedTransaction) -> list[RowError]:
        return await find_unknown_references(tx, workspace, pending)

    return await graph.read(work)
