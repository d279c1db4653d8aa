"""A bundle checked against the graph before anything is written: ids a row points at that
neither the bundle nor the workspace holds (one statement per referenced label), ids another
kind of thing already uses (ids are unique across the kinds ``node(id:)`` fetches), and buying
roles whose opportunity is another account's deal."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.batching import batched
from graph.core.client import GraphClient, fetch_one
from graph.core.model import Label
from graph.core.nodes import NODE_LABELS, fetch_node_kinds
from graph.ingest.bundle import ErrorCode, ParsedBundle, PendingReference, RowError
from graph.ingest.entity_rows import OpportunityRow
from graph.ingest.link_rows import BuyingRoleRow
from graph.ingest.rows import SECTION_OF_LABEL, SECTIONS


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
    return _in_order(errors)


async def find_ids_taken(
    tx: AsyncManagedTransaction, workspace: str, parsed: ParsedBundle
) -> list[RowError]:
    """Rows whose id another kind already uses, in this bundle or in the workspace: an id
    names one thing, so ``node(id:)`` never has to guess."""
    claims: list[tuple[str, int, Label, str]] = []
    for label in NODE_LABELS:
        section = SECTION_OF_LABEL[label]
        for index, row in enumerate(parsed.rows(section)):
            claims.append((section, parsed.position(section, index), label, str(row.id)))  # type: ignore[attr-defined]
    kinds: dict[str, set[Label]] = defaultdict(set)
    for _, _, label, node_id in claims:
        kinds[node_id].add(label)
    for chunk in batched(sorted(kinds), _LOOKUP_CHUNK):
        for node_id, stored in (await fetch_node_kinds(tx, workspace, chunk)).items():
            kinds[node_id].update(stored)
    return [
        RowError(
            section,
            position,
            "id",
            f"'{node_id}' is already the id of {_a(sorted(kinds[node_id] - {label})[0])} in this "
            "workspace; ids are unique across accounts, people, deals, sellers and partners",
            ErrorCode.ID_TAKEN,
        )
        for section, position, label, node_id in claims
        if kinds[node_id] - {label}
    ]


_DEAL_ACCOUNTS: LiteralString = """
UNWIND $ids AS id
MATCH (:Opportunity {workspace: $workspace, id: id})-[:FOR_ACCOUNT]->(a:Account)
RETURN collect([id, a.id]) AS pairs
"""


async def find_wrong_deal_accounts(
    tx: AsyncManagedTransaction, workspace: str, parsed: ParsedBundle
) -> list[RowError]:
    """Buying roles for an opportunity at another account than the role's: the deal's account
    is the bundle's row when it has one (it may move the deal), else the stored one."""
    roles = [
        (index, row)
        for index, row in enumerate(parsed.rows("buyingRoles"))
        if isinstance(row, BuyingRoleRow) and row.opportunity_id is not None
    ]
    if not roles:
        return []
    deal_account = {
        str(row.id): str(row.account_id)
        for row in parsed.rows("opportunities")
        if isinstance(row, OpportunityRow)
    }
    stored = sorted({str(row.opportunity_id) for _, row in roles} - deal_account.keys())
    for chunk in batched(stored, _LOOKUP_CHUNK):
        found = await fetch_one(tx, _DEAL_ACCOUNTS, {"workspace": workspace, "ids": list(chunk)})
        deal_account.update(dict((found or {}).get("pairs", [])))
    errors = []
    for index, row in roles:
        account = deal_account.get(str(row.opportunity_id))
        if account is not None and account != str(row.account_id):
            errors.append(
                RowError(
                    "buyingRoles",
                    parsed.position("buyingRoles", index),
                    "opportunityId",
                    f"opportunity '{row.opportunity_id}' is a deal of account '{account}', not "
                    f"of '{row.account_id}'; a role on a deal is held at the deal's account",
                    ErrorCode.WRONG_ACCOUNT,
                )
            )
    return errors


def _a(label: Label) -> str:
    names = {Label.OPPORTUNITY: "an opportunity", Label.ACCOUNT: "an account"}
    return names.get(label, f"a {label.value.lower()}")


async def check_references(
    graph: GraphClient, workspace: str, parsed: ParsedBundle
) -> list[RowError]:
    """Unknown references and ids taken by another kind, in a read transaction (dry runs and
    the batched importer's check of the whole input)."""

    async def work(tx: AsyncManagedTransaction) -> list[RowError]:
        return await find_reference_errors(tx, workspace, parsed, parsed.pending_references())

    return await graph.read(work)


async def find_reference_errors(
    tx: AsyncManagedTransaction,
    workspace: str,
    parsed: ParsedBundle,
    pending: Iterable[PendingReference],
) -> list[RowError]:
    """Every problem the graph finds with a bundle (unknown references among ``pending``, ids
    taken by another kind), in the order of the input."""
    unknown = await find_unknown_references(tx, workspace, pending)
    taken = await find_ids_taken(tx, workspace, parsed)
    return _in_order(unknown + taken + await find_wrong_deal_accounts(tx, workspace, parsed))


def _in_order(errors: list[RowError]) -> list[RowError]:
    return sorted(errors, key=lambda e: (list(SECTIONS).index(e.section or ""), e.row or 0))
