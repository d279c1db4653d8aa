"""Bulk import: CRM exports mapped onto bundle rows, whole-input checks before any write,
batched loading, and re-runs that finish an interrupted import."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, LiteralString

import pytest
from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all
from graph.ingest.bundle import InvalidRows
from graph.ingest.crm import map_role, salesforce_id18
from graph.ingest.imports import (
    ImportFormat,
    ImportSourceError,
    check_import,
    describe_mappings,
    load_bundle,
    read_source,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


async def read(graph: GraphClient, query: LiteralString, **params: Any) -> list[dict[str, Any]]:
    """Run a read query and return plain dicts."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(tx, query, params)

    return await graph.read(work)


@pytest.mark.parametrize(
    ("external", "ours"),
    [
        ("Economic Buyer", "ECONOMIC_BUYER"),
        ("Economic Decision Maker", "ECONOMIC_BUYER"),
        ("Decision Maker", "DECISION_MAKER"),
        ("Evaluator", "TECHNICAL_EVALUATOR"),
        ("Technical Buyer", "TECHNICAL_EVALUATOR"),
        ("Influencer", "INFLUENCER"),
        ("Business User", "END_USER"),
        ("End User", "END_USER"),
        ("Budget Holder", "BUDGET_HOLDER"),
        ("Blocker", "BLOCKER"),
        ("Champion", "CHAMPION"),
        ("Legal and Compliance", "LEGAL"),
        ("Executive Sponsor", "EXECUTIVE_SPONSOR"),
        ("Other", "OTHER"),
        ("  decision   maker ", "DECISION_MAKER"),
        ("3rd-party Advisor", "ROLE_3RD_PARTY_ADVISOR"),
    ],
)
def test_external_roles_map_onto_buying_roles(external: str, ours: str) -> None:
    """CRM role values become standard roles, or custom roles in upper snake case."""
    assert map_role(external) == ours


def test_salesforce_15_character_ids_get_their_18_character_form() -> None:
    """The case-encoding suffix makes both forms of one record id equal."""
    assert salesforce_id18("001A0000006Vm9r") == "001A0000006Vm9rIAC"
    assert salesforce_id18("001A0000006Vm9rIAC") == "001A0000006Vm9rIAC"


def test_salesforce_export_maps_onto_sections_and_says_how() -> None:
    """Accounts, partners, contacts, reporting lines, deals and roles come out of the export."""
    source = read_source([FIXTURES / "salesforce"], ImportFormat.SALESFORCE)
    assert source.errors == ()
    assert {k: len(v) for k, v in source.bundle.items()} == {
        "sellers": 2,
        "accounts": 2,
        "partners": 1,
        "people": 5,
        "employments": 5,
        "reportingLines": 2,
        "opportunities": 2,
        "buyingRoles": 5,
    }
    lines = describe_mappings(source.mappings)
    assert "OpportunityContactRole.Role: 'Executive Sponsor' -> EXECUTIVE_SPONSOR (1 row)" in lines
    assert "OpportunityContactRole.Role: 'Evaluator' -> TECHNICAL_EVALUATOR (1 row)" in lines
    assert "Account.Type: 'Technology Partner' -> partner (1 row)" in lines
    [deal] = [d for d in source.bundle["opportunities"] if d["id"] == "006Ab00000DEAL2IAA"]
    assert deal["state"] == "LOST"


async def test_salesforce_import_loads_and_reruns_unchanged(
    graph: GraphClient, workspace: str
) -> None:
    """The Salesforce sample loads; 15- and 18-character ids meet; a re-run changes nothing."""
    source = read_source([FIXTURES / "salesforce"], ImportFormat.SALESFORCE)
    first = await load_bundle(graph, workspace, source.bundle, batch_size=2)
    assert first.total.created == source.rows
    rows = await read(
        graph,
        "MATCH (p:Person {workspace: $ws, id: '003Ab00000OPS01IAA'})-[h:HOLDS_ROLE]->(a:Account) "
        "MATCH (p)-[:REPORTS_TO]->(m:Person) MATCH (a)-[:OWNED_BY]->(s:Seller) "
        "RETURN a.domain AS domain, m.name AS manager, s.name AS owner, "
        "collect(h.role) AS roles",
        ws=workspace,
    )
    assert len(rows) == 1
    assert rows[0]["domain"] == "acme.example"
    assert rows[0]["manager"] == "Carla Finance"
    assert rows[0]["owner"] == "Sam Seller"
    assert sorted(rows[0]["roles"]) == ["END_USER", "EXECUTIVE_SPONSOR"]
    partner_contact = await read(
        graph,
        "MATCH (:Person {workspace: $ws, id: '003Ab00000PRT01IAA'})-[:EMPLOYED_AT]->(o:Partner) "
        "RETURN o.name AS name",
        ws=workspace,
    )
    assert partner_contact == [{"name": "Partner Integrations GmbH"}]
    [workspace_node] = await read(
        graph, "MATCH (w:Workspace {id: $ws}) RETURN w.customRoles AS roles", ws=workspace
    )
    assert sorted(workspace_node["roles"]) == ["EXECUTIVE_SPONSOR", "OTHER"]
    again = await load_bundle(graph, workspace, source.bundle, batch_size=3)
    assert again.total.unchanged == source.rows
    assert again.total.created == again.total.updated == 0


async def test_hubspot_import_loads(graph: GraphClient, workspace: str) -> None:
    """HubSpot companies, contacts (company found by name) and deals load with their roles."""
    source = read_source([FIXTURES / "hubspot"], ImportFormat.HUBSPOT)
    assert source.errors == ()
    summary = await load_bundle(graph, workspace, source.bundle)
    assert summary.section("buyingRoles").created == 5
    rows = await read(
        graph,
        "MATCH (p:Person {workspace: $ws})-[:ON_OPPORTUNITY]->(o:Opportunity {id: '7001'}) "
        "RETURN o.state AS state, o.closeDate AS close, count(p) AS people",
        ws=workspace,
    )
    assert rows[0]["state"] == "WON"
    assert str(rows[0]["close"]) == "2024-12-01"
    assert rows[0]["people"] == 2


async def test_section_csv_folder_loads(graph: GraphClient, workspace: str) -> None:
    """A folder of <section>.csv files is a bundle; list cells split on ';'."""
    source = read_source([FIXTURES / "bundle_csv"])
    summary = await load_bundle(graph, workspace, source.bundle)
    assert summary.total.created == 7
    [account] = await read(
        graph,
        "MATCH (a:Account {workspace: $ws, id: 'acc-1'}) "
        "RETURN a.technologies AS tech, a.domain AS domain, a.employees AS employees",
        ws=workspace,
    )
    assert account == {"tech": ["kubernetes", "bigquery"], "domain": "hooli.example",
                       "employees": 2000}  # fmt: skip


async def test_dirty_export_is_rejected_row_by_row_and_nothing_is_written(
    graph: GraphClient, workspace: str, tmp_path: Path
) -> None:
    """A manager outside the export, a bad email and a duplicate contact: all listed, no writes."""
    folder = tmp_path / "sf"
    shutil.copytree(FIXTURES / "salesforce", folder)
    original = (folder / "Contact.csv").read_text()
    extra = "003Ab00000NEW01IAA,001Ab00000AcmE1IAJ,Nina,New,,,,,003Ab00000GONE1IAA,,\n"
    duplicate = original.splitlines()[2] + "\n"
    dirty = original.replace("carla@acme.example", "carla(at)acme") + extra + duplicate
    (folder / "Contact.csv").write_text(dirty)
    source = read_source([folder], ImportFormat.SALESFORCE)
    parsed = await check_import(graph, workspace, source.bundle)
    assert {(e.section, e.field, e.code) for e in parsed.errors} == {
        ("people", "email", "INVALID_EMAIL"),
        ("people", "id", "DUPLICATE_ID"),
        ("employments", "id", "DUPLICATE_ID"),
        ("reportingLines", "managerId", "DUPLICATE_ID"),
    }
    with pytest.raises(InvalidRows):
        await load_bundle(graph, workspace, source.bundle)
    # once the rows are valid, the manager who is not in the export is reported
    (folder / "Contact.csv").write_text(original + extra)
    parsed = await check_import(
        graph, workspace, read_source([folder], ImportFormat.SALESFORCE).bundle
    )
    assert [(e.section, e.row, e.field, e.code) for e in parsed.errors] == [
        ("reportingLines", 2, "managerId", "UNKNOWN_REFERENCE")
    ]
    assert await read(graph, "MATCH (n {workspace: $ws}) RETURN n", ws=workspace) == []


async def test_interrupted_import_is_finished_by_a_rerun(
    graph: GraphClient, workspace: str
) -> None:
    """Batches are separate transactions: after a partial load, a re-run completes the rest."""
    source = read_source([FIXTURES / "salesforce"], ImportFormat.SALESFORCE)
    partial = {k: v for k, v in source.bundle.items() if k in ("sellers", "accounts", "partners")}
    partial["people"] = source.bundle["people"][:2]
    await load_bundle(graph, workspace, partial)
    summary = await load_bundle(graph, workspace, source.bundle, batch_size=4)
    assert summary.section("people").unchanged == 2
    assert summary.section("people").created == 3
    assert summary.total.created + summary.total.unchanged == source.rows


def test_missing_input_is_a_clear_error(tmp_path: Path) -> None:
    """A path that does not exist, or a JSON file that is not JSON, is refused by name."""
    with pytest.raises(ImportSourceError, match="no such file"):
        read_source([tmp_path / "nope.json"])
    broken = tmp_path / "bundle.json"
    broken.write_text("{not json")
    with pytest.raises(ImportSourceError, match="cannot read it as JSON"):
        read_source([broken])
