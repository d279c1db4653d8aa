"""Batch upserts of the account graph: one ``UNWIND $rows`` statement per section
(``graph.ingest.upsert_statements``), all sections of a batch in one managed write transaction
(all or nothing), with what each section's rows did.

Running a batch twice reports the second run as all unchanged. References that the batch does
not carry itself are looked up in the same transaction, before anything is written
(``graph.ingest.references``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_one
from graph.core.errors import GraphError
from graph.core.model import HumanKind
from graph.ingest.bundle import InvalidRows, ParsedBundle, RowError
from graph.ingest.references import check_references, find_reference_errors
from graph.ingest.rows import SECTIONS, BuyingRoleRow, RelationshipKind, RelationshipRow, Row
from graph.ingest.upsert_statements import (
    ADD_CUSTOM_ROLES,
    MERGE_WORKSPACE,
    UPSERT_INFLUENCES,
    UPSERT_KNOWS,
    UPSERTS,
)
from graph.signals.marks import mark_touched, touched_ids

__all__ = [
    "ReferenceVanished",
    "SectionCounts",
    "UpsertSummary",
    "check_references",
    "find_reference_errors",
    "upsert_bundle",
    "upsert_section",
]


@dataclass(frozen=True)
class SectionCounts:
    """What one section's rows did: created, updated, or found already as given."""

    section: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def rows(self) -> int:
        """Rows upserted."""
        return self.created + self.updated + self.unchanged

    def __add__(self, other: SectionCounts) -> SectionCounts:
        return SectionCounts(
            self.section,
            self.created + other.created,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
        )


@dataclass(frozen=True)
class UpsertSummary:
    """Counts per section, in load order (only the sections that had rows)."""

    sections: tuple[SectionCounts, ...] = ()

    def section(self, name: str) -> SectionCounts:
        """One section's counts (zeros when it had no rows)."""
        for counts in self.sections:
            if counts.section == name:
                return counts
        return SectionCounts(name)

    @property
    def total(self) -> SectionCounts:
        """All sections added up."""
        total = SectionCounts("total")
        for counts in self.sections:
            total = total + SectionCounts("total", counts.created, counts.updated, counts.unchanged)
        return total

    def __add__(self, other: UpsertSummary) -> UpsertSummary:
        merged: dict[str, SectionCounts] = {c.section: c for c in self.sections}
        for counts in other.sections:
            merged[counts.section] = (
                merged[counts.section] + counts if (counts.section in merged) else counts
            )
        order = list(SECTIONS)
        return UpsertSummary(tuple(sorted(merged.values(), key=lambda c: order.index(c.section))))


class ReferenceVanished(GraphError):
    """A referenced entity disappeared between the reference check and the write (a delete
    running beside an import); the transaction is rolled back and may simply be re-run."""

    code = "CONFLICT"


def _counts(section: str, row: Mapping[str, Any] | None, expected: int) -> SectionCounts:
    written = 0 if row is None else int(row["rows"])
    if written != expected:
        # A row whose reference MATCH found nothing would otherwise vanish from the batch.
        raise ReferenceVanished(
            f"{expected - written} {section} rows point at entities deleted meanwhile; "
            "nothing of this batch was written. Re-run it."
        )
    assert row is not None
    created, unchanged = int(row["created"] or 0), int(row["unchanged"] or 0)
    return SectionCounts(section, created, written - created - unchanged, unchanged)


async def _upsert_relationships(
    tx: AsyncManagedTransaction, workspace: str, rows: Sequence[Row]
) -> SectionCounts:
    counts = SectionCounts("relationships")
    groups: dict[LiteralString, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if not isinstance(row, RelationshipRow):
            continue
        if row.kind == RelationshipKind.INFLUENCES:
            query = UPSERT_INFLUENCES
        else:
            query = UPSERT_KNOWS[(HumanKind(row.from_kind), HumanKind(row.to_kind))]
        groups[query].append(row.record())
    for query, records in groups.items():
        found = await fetch_one(tx, query, {"workspace": workspace, "rows": records})
        counts = counts + _counts("relationships", found, len(records))
    return counts


async def upsert_section(
    tx: AsyncManagedTransaction, workspace: str, section: str, rows: Sequence[Row]
) -> SectionCounts:
    """Upsert one section's validated rows inside the caller's transaction.

    The caller has checked references (see ``find_unknown_references``): a row pointing at a
    missing id would be skipped by the statement's MATCH and go uncounted.
    """
    if not rows:
        return SectionCounts(section)
    if section == "relationships":
        return await _upsert_relationships(tx, workspace, rows)
    records = [row.record() for row in rows]
    row = await fetch_one(tx, UPSERTS[section], {"workspace": workspace, "rows": records})
    if section == "buyingRoles":
        custom = sorted({r.role for r in rows if isinstance(r, BuyingRoleRow) and r.is_custom})
        if custom:
            await (await tx.run(ADD_CUSTOM_ROLES, workspace=workspace, roles=custom)).consume()
    return _counts(section, row, len(records))


async def upsert_bundle(
    graph: GraphClient, workspace: str, parsed: ParsedBundle, *, references_checked: bool = False
) -> UpsertSummary:
    """Write a validated bundle in one transaction: every section, or nothing.

    Raises ``InvalidRows`` when the bundle has errors or points at ids the workspace lacks;
    in both cases nothing is written. The workspace node is created on first write.
    ``references_checked`` skips the lookup for a caller that checked the whole input first
    (the batched importer); a reference gone meanwhile still fails the batch as a whole.
    """
    if parsed.errors:
        raise InvalidRows(parsed.errors)
    pending = [] if references_checked else parsed.pending_references()

    async def work(tx: AsyncManagedTransaction) -> UpsertSummary | list[RowError]:
        problems = await find_reference_errors(tx, workspace, parsed, pending)
        if problems:
            return problems
        await (await tx.run(MERGE_WORKSPACE, workspace=workspace)).consume()
        sections = []
        for section in SECTIONS:
            rows = parsed.rows(section)
            if rows:
                sections.append(await upsert_section(tx, workspace, section, rows))
        summary = UpsertSummary(tuple(sections))
        # The accounts this batch may change are marked for the signal scan in the same
        # transaction (graph/signals/marks.py): a committed batch is never missed. A batch that
        # found every row as given changed nothing, so no signal can change: an idempotent
        # re-send costs no scan.
        if summary.total.created or summary.total.updated:
            records = (row.record() for section in SECTIONS for row in parsed.rows(section))
            await mark_touched(tx, workspace, touched_ids(records))
        return summary

    outcome = await graph.write(work)
    if isinstance(outcome, list):
        raise InvalidRows(outcome)
    return outcome
