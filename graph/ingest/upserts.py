"""Batch upserts of the account graph: one ``UNWIND $rows`` statement per section, all sections
of a batch in one managed write transaction (all or nothing).

Each statement compares the stored properties with the row's before it writes, so it can say
how many rows created, updated or left unchanged an entity; running a batch twice reports the
second run as all unchanged. References that the batch does not carry itself are looked up in
the same transaction, before anything is written: one query per referenced label.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_one
from graph.core.errors import GraphError
from graph.core.model import HumanKind, Label
from graph.ingest.bundle import InvalidRows, ParsedBundle, PendingReference, RowError
from graph.ingest.rows import SECTIONS, BuyingRoleRow, RelationshipKind, RelationshipRow, Row

# A row is unchanged when every property it gives equals the stored one (null equals null).
_SAME: LiteralString = (
    "all(k IN keys(row.props) WHERE "
    "coalesce(old[k] = row.props[k], old[k] IS NULL AND row.props[k] IS NULL))"
)
_COUNTS: LiteralString = """
RETURN count(*) AS rows,
       sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN same THEN 1 ELSE 0 END) AS unchanged
"""


def _node_merge(label: LiteralString) -> LiteralString:
    """The opening every node section shares: compare, then MERGE by (workspace, id)."""
    return (
        "UNWIND $rows AS row\n"
        "OPTIONAL MATCH (old:" + label + " {workspace: $workspace, id: row.id})\n"
        "WITH row, old IS NULL AS created, old IS NOT NULL AND " + _SAME + " AS same\n"
        "MERGE (n:" + label + " {workspace: $workspace, id: row.id})\n"
        "ON CREATE SET n += row.defaults\n"
        "SET n += row.props\n"
        "WITH n, row, created, same\n"
    )


# Keeps (n)-[:OWNED_BY]->(:Seller) in step with n.ownerSellerId.
_SYNC_OWNER: LiteralString = """
CALL (n) {
  OPTIONAL MATCH (n)-[o:OWNED_BY]->(s:Seller)
  WHERE n.ownerSellerId IS NULL OR s.id <> n.ownerSellerId
  DELETE o
}
CALL (n) {
  MATCH (s:Seller {workspace: $workspace, id: n.ownerSellerId})
  MERGE (n)-[:OWNED_BY]->(s)
}
"""

_UPSERT_SELLERS: LiteralString = _node_merge("Seller") + _COUNTS
_UPSERT_ACCOUNTS: LiteralString = _node_merge("Account") + _SYNC_OWNER + _COUNTS
_UPSERT_PARTNERS: LiteralString = _node_merge("Partner") + _COUNTS
_UPSERT_PEOPLE: LiteralString = _node_merge("Person") + _COUNTS

_UPSERT_PARTNER_ACCOUNTS: LiteralString = (
    _node_merge("PartnerAccount")
    + """
CALL (n) {
  MATCH (p:Partner {workspace: $workspace, id: n.partnerId})
  MERGE (p)-[:SHARES]->(n)
}
"""
    + _COUNTS
)

_UPSERT_EMPLOYMENTS: LiteralString = (
    """
UNWIND $rows AS row
MATCH (p:Person {workspace: $workspace, id: row.personId})
CALL (row) {
  MATCH (o:Account {workspace: $workspace, id: row.organizationId}) WHERE NOT row.atPartner
  RETURN o
  UNION
  MATCH (o:Partner {workspace: $workspace, id: row.organizationId}) WHERE row.atPartner
  RETURN o
}
OPTIONAL MATCH (p)-[old:EMPLOYED_AT {id: row.id}]->(o)
WITH row, p, o, old IS NULL AS created, old IS NOT NULL AND """
    + _SAME
    + """ AS same
MERGE (p)-[e:EMPLOYED_AT {id: row.id}]->(o)
SET e += row.props
WITH row, p, o, created, same
CALL (row, p, o) {
  // an employment id that moved to another organisation leaves no copy behind
  MATCH (p)-[moved:EMPLOYED_AT {id: row.id}]->(other) WHERE other <> o
  DELETE moved
}
"""
    + _COUNTS
)

_UPSERT_REPORTING_LINES: LiteralString = (
    """
UNWIND $rows AS row
MATCH (p:Person {workspace: $workspace, id: row.personId})
MATCH (m:Person {workspace: $workspace, id: row.managerId})
OPTIONAL MATCH (p)-[old:REPORTS_TO]->(m)
WITH row, p, m, old IS NULL AS created, old IS NOT NULL AND """
    + _SAME
    + """ AS same
MERGE (p)-[r:REPORTS_TO]->(m)
SET r += row.props
"""
    + _COUNTS
)

_UPSERT_OPPORTUNITIES: LiteralString = (
    """
UNWIND $rows AS row
OPTIONAL MATCH (old:Opportunity {workspace: $workspace, id: row.id})
WITH row, old IS NULL AS created,
     old IS NOT NULL AND """
    + _SAME
    + """ AND (row.personIds IS NULL OR (
       COUNT { (:Person)-[:ON_OPPORTUNITY]->(old) } = size(row.personIds)
       AND all(pid IN row.personIds WHERE EXISTS {
         (:Person {workspace: $workspace, id: pid})-[:ON_OPPORTUNITY]->(old) }))) AS same
MERGE (n:Opportunity {workspace: $workspace, id: row.id})
ON CREATE SET n += row.defaults
SET n += row.props
WITH n, row, created, same
CALL (n) {
  OPTIONAL MATCH (n)-[f:FOR_ACCOUNT]->(a:Account) WHERE a.id <> n.accountId
  DELETE f
}
CALL (n) {
  MATCH (a:Account {workspace: $workspace, id: n.accountId})
  MERGE (n)-[:FOR_ACCOUNT]->(a)
}
"""
    + _SYNC_OWNER
    + """
CALL (n, row) {
  OPTIONAL MATCH (x:Person)-[r:ON_OPPORTUNITY]->(n)
  WHERE row.personIds IS NOT NULL AND NOT x.id IN row.personIds
  DELETE r
}
CALL (n, row) {
  UNWIND coalesce(row.personIds, []) AS pid
  MATCH (x:Person {workspace: $workspace, id: pid})
  MERGE (x)-[:ON_OPPORTUNITY]->(n)
}
"""
    + _COUNTS
)

_UPSERT_BUYING_ROLES: LiteralString = (
    """
UNWIND $rows AS row
MATCH (p:Person {workspace: $workspace, id: row.personId})
MATCH (a:Account {workspace: $workspace, id: row.accountId})
OPTIONAL MATCH (p)-[old:HOLDS_ROLE {role: row.role, opportunityId: row.opportunityId}]->(a)
WITH row, p, a, old IS NULL AS created, old IS NOT NULL AND """
    + _SAME
    + """ AS same
MERGE (p)-[h:HOLDS_ROLE {role: row.role, opportunityId: row.opportunityId}]->(a)
ON CREATE SET h += row.defaults
SET h += row.props
"""
    + _COUNTS
)

_ADD_CUSTOM_ROLES: LiteralString = """
MATCH (w:Workspace {id: $workspace})
WITH w, [r IN $roles WHERE NOT r IN coalesce(w.customRoles, [])] AS added
WHERE size(added) > 0
SET w.customRoles = coalesce(w.customRoles, []) + added
"""

# Relationship rows carry a given lastInteractionAt as ISO text (see RelationshipRow.record);
# it joins the props here, as the datetime the comparison and the write expect.
_WITH_TIMESTAMP: LiteralString = """
UNWIND $rows AS input
WITH input, input.props AS given
WITH CASE WHEN input.lastInteractionAt IS NULL THEN input
     ELSE input {.*, props: given {.*, lastInteractionAt: datetime(input.lastInteractionAt)}}
     END AS row
"""


def _upsert_knows(from_label: LiteralString, to_label: LiteralString) -> LiteralString:
    """KNOWS between two ends of fixed labels (one statement per combination of kinds, so
    each end is one index seek). KNOWS is symmetric: the undirected MATCH and MERGE find it
    whichever way it was stored."""
    return (
        _WITH_TIMESTAMP
        + "MATCH (a:"
        + from_label
        + " {workspace: $workspace, id: row.fromId})\n"
        + "MATCH (b:"
        + to_label
        + " {workspace: $workspace, id: row.toId})\n"
        + "OPTIONAL MATCH (a)-[old:KNOWS]-(b)\n"
        + "WITH row, a, b, old IS NULL AS created, old IS NOT NULL AND "
        + _SAME
        + " AS same\n"
        + "MERGE (a)-[k:KNOWS]-(b)\n"
        + "SET k += row.props\n"
        + _COUNTS
    )


_UPSERT_KNOWS: dict[tuple[HumanKind, HumanKind], LiteralString] = {
    (HumanKind.PERSON, HumanKind.PERSON): _upsert_knows("Person", "Person"),
    (HumanKind.PERSON, HumanKind.SELLER): _upsert_knows("Person", "Seller"),
    (HumanKind.SELLER, HumanKind.PERSON): _upsert_knows("Seller", "Person"),
    (HumanKind.SELLER, HumanKind.SELLER): _upsert_knows("Seller", "Seller"),
}

_UPSERT_INFLUENCES: LiteralString = (
    _WITH_TIMESTAMP
    + """
MATCH (a:Person {workspace: $workspace, id: row.fromId})
MATCH (b:Person {workspace: $workspace, id: row.toId})
OPTIONAL MATCH (a)-[old:INFLUENCES]->(b)
WITH row, a, b, old IS NULL AS created, old IS NOT NULL AND """
    + _SAME
    + """ AS same
MERGE (a)-[i:INFLUENCES]->(b)
SET i += row.props
"""
    + _COUNTS
)

_UPSERT_CONTEXT_ITEMS: LiteralString = (
    _node_merge("ContextItem")
    + """
CALL (n) {
  OPTIONAL MATCH (a:Account)-[c:HAS_CONTEXT]->(n) WHERE a.id <> n.accountId
  DELETE c
}
CALL (n) {
  MATCH (a:Account {workspace: $workspace, id: n.accountId})
  MERGE (a)-[:HAS_CONTEXT]->(n)
}
"""
    + _COUNTS
)

_UPSERT_PAIN_POINTS: LiteralString = (
    _node_merge("PainPoint")
    + """
CALL (n) {
  OPTIONAL MATCH (o)-[h:HAS_PAIN]->(n)
  WHERE NOT (coalesce(o:Account AND o.id = n.accountId, false)
             OR coalesce(o:Person AND o.id = n.personId, false))
  DELETE h
}
CALL (n) {
  MATCH (a:Account {workspace: $workspace, id: n.accountId})
  MERGE (a)-[:HAS_PAIN]->(n)
}
CALL (n) {
  MATCH (p:Person {workspace: $workspace, id: n.personId})
  MERGE (p)-[:HAS_PAIN]->(n)
}
"""
    + _COUNTS
)

_UPSERTS: dict[str, LiteralString] = {
    "sellers": _UPSERT_SELLERS,
    "accounts": _UPSERT_ACCOUNTS,
    "partners": _UPSERT_PARTNERS,
    "partnerAccounts": _UPSERT_PARTNER_ACCOUNTS,
    "people": _UPSERT_PEOPLE,
    "employments": _UPSERT_EMPLOYMENTS,
    "reportingLines": _UPSERT_REPORTING_LINES,
    "opportunities": _UPSERT_OPPORTUNITIES,
    "buyingRoles": _UPSERT_BUYING_ROLES,
    "contextItems": _UPSERT_CONTEXT_ITEMS,
    "painPoints": _UPSERT_PAIN_POINTS,
}

_MISSING_IDS: dict[Label, LiteralString] = {
    Label.SELLER: """
        UNWIND $ids AS id
        WITH id WHERE NOT EXISTS { (:Seller {workspace: $workspace, id: id}) }
        RETURN collect(id) AS missing""",
    Label.ACCOUNT: """
        UNWIND $ids AS id
        WITH id WHERE NOT EXISTS { (:Account {workspace: $workspace, id: id}) }
        RETURN collect(id) AS missing""",
    Label.PARTNER: """
        UNWIND $ids AS id
        WITH id WHERE NOT EXISTS { (:Partner {workspace: $workspace, id: id}) }
        RETURN collect(id) AS missing""",
    Label.PERSON: """
        UNWIND $ids AS id
        WITH id WHERE NOT EXISTS { (:Person {workspace: $workspace, id: id}) }
        RETURN collect(id) AS missing""",
    Label.OPPORTUNITY: """
        UNWIND $ids AS id
        WITH id WHERE NOT EXISTS { (:Opportunity {workspace: $workspace, id: id}) }
        RETURN collect(id) AS missing""",
}

_MERGE_WORKSPACE: LiteralString = """
MERGE (w:Workspace {id: $workspace})
  ON CREATE SET w.name = $workspace, w.createdAt = datetime()
"""

_LOOKUP_CHUNK = 10_000


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
            query = _UPSERT_INFLUENCES
        else:
            query = _UPSERT_KNOWS[(HumanKind(row.from_kind), HumanKind(row.to_kind))]
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
    row = await fetch_one(tx, _UPSERTS[section], {"workspace": workspace, "rows": records})
    if section == "buyingRoles":
        custom = sorted({r.role for r in rows if isinstance(r, BuyingRoleRow) and r.is_custom})
        if custom:
            await (await tx.run(_ADD_CUSTOM_ROLES, workspace=workspace, roles=custom)).consume()
    return _counts(section, row, len(records))


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
        for start in range(0, len(ids), _LOOKUP_CHUNK):
            chunk = ids[start : start + _LOOKUP_CHUNK]
            found = await fetch_one(tx, _MISSING_IDS[label], {"workspace": workspace, "ids": chunk})
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
        unknown = await find_unknown_references(tx, workspace, pending)
        if unknown:
            return unknown
        await (await tx.run(_MERGE_WORKSPACE, workspace=workspace)).consume()
        sections = []
        for section in SECTIONS:
            rows = parsed.rows(section)
            if rows:
                sections.append(await upsert_section(tx, workspace, section, rows))
        return UpsertSummary(tuple(sections))

    outcome = await graph.write(work)
    if isinstance(outcome, list):
        raise InvalidRows(outcome)
    return outcome
