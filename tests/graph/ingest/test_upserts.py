"""Batch upserts, endings and deletes on a real Neo4j: counts, idempotency, all-or-nothing
batches, references, tenancy and deletes that leave nothing dangling."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta
from typing import Any, LiteralString

import pytest
from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ConstraintError

from graph.core.client import GraphClient, fetch_all
from graph.core.errors import NotFound
from graph.ingest.bundle import InvalidRows, parse_bundle
from graph.ingest.lifecycle import EntityKind, delete_entity, end_buying_role, end_employment
from graph.ingest.upserts import UpsertSummary, upsert_bundle


def bundle() -> dict[str, list[dict[str, Any]]]:
    """A small bundle touching every section."""
    return {
        "sellers": [{"id": "s1", "name": "Sam Seller", "email": "sam@ours.io", "role": "AE"}],
        "accounts": [
            {
                "id": "a1",
                "name": "Acme, Inc.",
                "website": "https://www.Acme.com/about",
                "ownerSellerId": "s1",
                "technologies": ["aws", "snowflake"],
                "employees": 120,
            },
            {"id": "a2", "name": "Globex"},
        ],
        "partners": [{"id": "pt", "name": "Partner Co", "domain": "partner.io"}],
        "partnerAccounts": [
            {"partnerId": "pt", "externalId": "X1", "name": "ACME Corp", "status": "CUSTOMER"}
        ],
        "people": [
            {"id": "p1", "name": "Pat Champion", "email": "pat@acme.com", "title": "VP Ops"},
            {"id": "p2", "name": "Cass CFO", "seniority": "C_LEVEL"},
            {"id": "p3", "name": "Paula Partner"},
        ],
        "employments": [
            {"personId": "p1", "organizationId": "a1", "startDate": "2022-01-01"},
            {"personId": "p2", "organizationId": "a1"},
            {"personId": "p3", "organizationId": "pt", "organizationKind": "PARTNER"},
        ],
        "reportingLines": [{"personId": "p1", "managerId": "p2", "fromDate": "2022-01-01"}],
        "opportunities": [
            {
                "id": "o1",
                "accountId": "a1",
                "name": "Acme platform",
                "amount": 50000,
                "currency": "eur",
                "ownerSellerId": "s1",
                "personIds": ["p1", "p2"],
            }
        ],
        "buyingRoles": [
            {"personId": "p1", "accountId": "a1", "role": "CHAMPION", "stance": "SUPPORTER"},
            {
                "personId": "p2",
                "accountId": "a1",
                "role": "ECONOMIC_BUYER",
                "opportunityId": "o1",
                "fromDate": "2023-01-01",
            },
            {"personId": "p2", "accountId": "a1", "role": "EXECUTIVE_SPONSOR"},
        ],
        "relationships": [
            {
                "kind": "KNOWS",
                "fromKind": "SELLER",
                "fromId": "s1",
                "toId": "p1",
                "strength": 0.9,
                "source": "meetings",
                "lastInteractionAt": "2024-03-01T09:30:00+01:00",
            },
            {"kind": "KNOWS", "fromId": "p3", "toId": "p2", "strength": 0.6},
            {"kind": "INFLUENCES", "fromId": "p1", "toId": "p2", "strength": 0.4},
        ],
        "contextItems": [{"id": "c1", "accountId": "a1", "kind": "GOAL", "text": "Cut costs"}],
        "painPoints": [
            {"id": "pp1", "text": "Manual reporting", "personId": "p2", "severity": 4},
            {"id": "pp2", "text": "Churn", "accountId": "a1"},
        ],
    }


async def load(graph: GraphClient, workspace: str, raw: Any) -> UpsertSummary:
    """Validate and upsert a bundle as the API does."""
    return await upsert_bundle(graph, workspace, parse_bundle(raw))


async def read(graph: GraphClient, query: LiteralString, **params: Any) -> list[dict[str, Any]]:
    """Run a read query and return plain dicts."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(tx, query, params)

    return await graph.read(work)


async def census(graph: GraphClient, workspace: str) -> tuple[int, int]:
    """Nodes of the workspace and relationships touching them."""
    rows = await read(
        graph,
        "MATCH (n {workspace: $ws}) OPTIONAL MATCH (n)-[r]-() "
        "RETURN count(DISTINCT n) AS nodes, count(DISTINCT r) AS rels",
        ws=workspace,
    )
    return rows[0]["nodes"], rows[0]["rels"]


def counts(summary: UpsertSummary) -> dict[str, tuple[int, int, int]]:
    return {c.section: (c.created, c.updated, c.unchanged) for c in summary.sections}


async def test_first_load_creates_and_second_changes_nothing(
    graph: GraphClient, workspace: str
) -> None:
    """The same batch twice: everything created, then everything reported unchanged."""
    first = await load(graph, workspace, bundle())
    sizes = {name: len(rows) for name, rows in bundle().items()}
    assert counts(first) == {name: (n, 0, 0) for name, n in sizes.items()}
    before = await census(graph, workspace)
    second = await load(graph, workspace, bundle())
    assert counts(second) == {name: (0, 0, n) for name, n in sizes.items()}
    assert await census(graph, workspace) == before


async def test_graph_holds_what_the_bundle_says(graph: GraphClient, workspace: str) -> None:
    """Nodes carry normalized values and the relationships the model describes."""
    await load(graph, workspace, bundle())
    [account] = await read(
        graph,
        "MATCH (a:Account {workspace: $ws, id: 'a1'})-[:OWNED_BY]->(s:Seller) "
        "RETURN a.domain AS domain, a.nameKey AS key, a.status AS status, s.id AS owner",
        ws=workspace,
    )
    assert account == {"domain": "acme.com", "key": "acme", "status": "TARGET", "owner": "s1"}
    shared = await read(
        graph,
        "MATCH (:Partner {workspace: $ws, id: 'pt'})-[:SHARES]->(x:PartnerAccount) "
        "RETURN x.id AS id, x.nameKey AS key",
        ws=workspace,
    )
    assert shared == [{"id": "pt/X1", "key": "acme"}]
    deal = await read(
        graph,
        "MATCH (p:Person)-[:ON_OPPORTUNITY]->(o:Opportunity {workspace: $ws, id: 'o1'})"
        "-[:FOR_ACCOUNT]->(a:Account) RETURN a.id AS account, o.currency AS currency, "
        "collect(p.id) AS people",
        ws=workspace,
    )
    assert deal[0]["account"] == "a1"
    assert deal[0]["currency"] == "EUR"
    assert sorted(deal[0]["people"]) == ["p1", "p2"]
    [employment] = await read(
        graph,
        "MATCH (:Person {workspace: $ws, id: 'p3'})-[e:EMPLOYED_AT]->(o:Partner) "
        "RETURN e.id AS id, o.id AS org",
        ws=workspace,
    )
    assert employment == {"id": "p3@pt#", "org": "pt"}
    [workspace_node] = await read(
        graph, "MATCH (w:Workspace {id: $ws}) RETURN w.customRoles AS roles", ws=workspace
    )
    assert workspace_node["roles"] == ["EXECUTIVE_SPONSOR"]
    pains = await read(
        graph,
        "MATCH (o)-[:HAS_PAIN]->(pp:PainPoint {workspace: $ws}) RETURN pp.id AS id, o.id AS owner "
        "ORDER BY id",
        ws=workspace,
    )
    assert pains == [{"id": "pp1", "owner": "p2"}, {"id": "pp2", "owner": "a1"}]


async def test_update_writes_given_fields_and_null_clears(
    graph: GraphClient, workspace: str
) -> None:
    """A later row changes what it gives, clears what it sets to null, keeps the rest."""
    await load(graph, workspace, bundle())
    summary = await load(
        graph,
        workspace,
        {
            "people": [
                {"id": "p1", "name": "Pat Champion", "title": "COO", "email": None},
                {"id": "p2", "name": "Cass CFO"},
            ]
        },
    )
    assert counts(summary) == {"people": (0, 1, 1)}
    [person] = await read(
        graph,
        "MATCH (p:Person {workspace: $ws, id: 'p1'}) RETURN p.title AS title, p.email AS email, "
        "p.name AS name",
        ws=workspace,
    )
    assert person == {"title": "COO", "email": None, "name": "Pat Champion"}


async def test_reference_changes_move_relationships(graph: GraphClient, workspace: str) -> None:
    """Changing an owner, a deal's people or a pain point's owner moves the relationships."""
    await load(graph, workspace, bundle())
    changed = {
        "sellers": [{"id": "s2", "name": "Sue"}],
        "accounts": [{"id": "a1", "name": "Acme, Inc.", "ownerSellerId": "s2"}],
        "opportunities": [
            {"id": "o1", "accountId": "a2", "name": "Acme platform", "personIds": ["p1"]}
        ],
        "painPoints": [{"id": "pp2", "text": "Churn", "personId": "p1"}],
    }
    summary = await load(graph, workspace, changed)
    assert counts(summary) == {
        "sellers": (1, 0, 0),
        "accounts": (0, 1, 0),
        "opportunities": (0, 1, 0),
        "painPoints": (0, 1, 0),
    }
    rows = await read(
        graph,
        "MATCH (a:Account {workspace: $ws, id: 'a1'}) "
        "RETURN [(a)-[:OWNED_BY]->(s) | s.id] AS owners, "
        "[(o:Opportunity {workspace: $ws, id: 'o1'})-[:FOR_ACCOUNT]->(x) | x.id] AS dealAccounts, "
        "[(p)-[:ON_OPPORTUNITY]->(:Opportunity {workspace: $ws, id: 'o1'}) | p.id] AS dealPeople, "
        "[(o)-[:HAS_PAIN]->(:PainPoint {workspace: $ws, id: 'pp2'}) | o.id] AS painOwners",
        ws=workspace,
    )
    assert rows == [
        {"owners": ["s2"], "dealAccounts": ["a2"], "dealPeople": ["p1"], "painOwners": ["p1"]}
    ]
    assert counts(await load(graph, workspace, changed))["opportunities"] == (0, 0, 1)


async def test_knows_is_one_relationship_whichever_way_it_is_given(
    graph: GraphClient, workspace: str
) -> None:
    """KNOWS given b->a after a->b updates the stored relationship instead of adding one."""
    await load(graph, workspace, bundle())
    summary = await load(
        graph,
        workspace,
        {"relationships": [{"kind": "KNOWS", "fromId": "p2", "toId": "p3", "strength": 0.8}]},
    )
    assert counts(summary) == {"relationships": (0, 1, 0)}
    rows = await read(
        graph,
        "MATCH (:Person {workspace: $ws, id: 'p2'})-[k:KNOWS]-(:Person {id: 'p3'}) "
        "RETURN k.strength AS strength",
        ws=workspace,
    )
    assert rows == [{"strength": 0.8}]


async def test_last_interaction_is_a_datetime_that_updates_and_clears(
    graph: GraphClient, workspace: str
) -> None:
    """lastInteractionAt is stored as a zoned datetime; a new instant updates it, null clears."""
    await load(graph, workspace, bundle())
    query: LiteralString = (
        "MATCH (:Seller {workspace: $ws, id: 's1'})-[k:KNOWS]-(:Person {id: 'p1'}) "
        "RETURN k.lastInteractionAt AS at, k.source AS source"
    )
    [stored] = await read(graph, query, ws=workspace)
    assert stored["at"].to_native() == datetime(2024, 3, 1, 8, 30, tzinfo=UTC)
    assert stored["at"].utcoffset() == timedelta(hours=1)

    def knows(at: str | None) -> dict[str, Any]:
        row = {"kind": "KNOWS", "fromKind": "SELLER", "fromId": "s1", "toId": "p1"}
        return {"relationships": [{**row, "strength": 0.9, "lastInteractionAt": at}]}

    same_instant_elsewhere = knows("2024-03-01T09:30:00+01:00")
    assert counts(await load(graph, workspace, same_instant_elsewhere)) == {
        "relationships": (0, 0, 1)
    }
    later = knows("2024-04-02T10:00:00.250000Z")
    assert counts(await load(graph, workspace, later)) == {"relationships": (0, 1, 0)}
    [stored] = await read(graph, query, ws=workspace)
    assert stored["at"].to_native() == datetime(2024, 4, 2, 10, 0, 0, 250000, tzinfo=UTC)
    assert counts(await load(graph, workspace, later)) == {"relationships": (0, 0, 1)}
    assert counts(await load(graph, workspace, knows(None))) == {"relationships": (0, 1, 0)}
    assert await read(graph, query, ws=workspace) == [{"at": None, "source": "meetings"}]


async def test_one_invalid_row_writes_nothing(graph: GraphClient, workspace: str) -> None:
    """A batch with one bad row is refused whole: the graph holds nothing of it afterwards."""
    raw = bundle()
    raw["people"][2]["email"] = "not-an-email"
    with pytest.raises(InvalidRows) as caught:
        await load(graph, workspace, raw)
    assert [(e.section, e.row, e.field, e.code) for e in caught.value.errors] == [
        ("people", 2, "email", "INVALID_EMAIL")
    ]
    assert await census(graph, workspace) == (0, 0)
    assert await read(graph, "MATCH (w:Workspace {id: $ws}) RETURN w", ws=workspace) == []


async def test_unknown_reference_rejects_the_whole_batch(
    graph: GraphClient, workspace: str
) -> None:
    """An employment at an account neither stored nor in the batch fails every row's batch."""
    raw = bundle()
    raw["employments"].append({"personId": "p1", "organizationId": "nowhere"})
    raw["buyingRoles"].append({"personId": "ghost", "accountId": "a1", "role": "BLOCKER"})
    with pytest.raises(InvalidRows) as caught:
        await load(graph, workspace, raw)
    assert [(e.section, e.row, e.field, e.code) for e in caught.value.errors] == [
        ("employments", 3, "organizationId", "UNKNOWN_REFERENCE"),
        ("buyingRoles", 3, "personId", "UNKNOWN_REFERENCE"),
    ]
    assert "no Account with id 'nowhere'" in caught.value.errors[0].reason
    assert await census(graph, workspace) == (0, 0)


async def test_references_to_stored_entities_are_accepted(
    graph: GraphClient, workspace: str
) -> None:
    """A later batch may point at ids an earlier batch stored."""
    raw = bundle()
    await load(graph, workspace, {"sellers": raw["sellers"], "accounts": raw["accounts"]})
    await load(graph, workspace, {"people": raw["people"][:1]})
    summary = await load(
        graph, workspace, {"employments": [{"personId": "p1", "organizationId": "a2"}]}
    )
    assert counts(summary) == {"employments": (1, 0, 0)}


async def test_ids_are_scoped_to_the_workspace(graph: GraphClient, workspace: str) -> None:
    """Writing id X in workspace A leaves X in B untouched, and A cannot point at B's ids."""
    other = workspace + "-b"
    await load(graph, other, {"accounts": [{"id": "a1", "name": "B's Acme", "tier": "1"}]})
    await load(graph, workspace, {"accounts": [{"id": "a1", "name": "A's Acme"}]})
    names = await read(
        graph,
        "MATCH (a:Account {id: 'a1'}) WHERE a.workspace IN [$a, $b] "
        "RETURN a.workspace AS ws, a.name AS name, a.tier AS tier ORDER BY ws",
        a=workspace,
        b=other,
    )
    assert names == [
        {"ws": workspace, "name": "A's Acme", "tier": None},
        {"ws": other, "name": "B's Acme", "tier": "1"},
    ]
    await load(graph, other, {"people": [{"id": "pb", "name": "Only in B"}]})
    with pytest.raises(InvalidRows) as caught:
        await load(graph, workspace, {"employments": [{"personId": "pb", "organizationId": "a1"}]})
    assert [e.code for e in caught.value.errors] == ["UNKNOWN_REFERENCE"]


async def test_constraint_refuses_a_second_node_with_the_same_id(
    graph: GraphClient, workspace: str
) -> None:
    """(workspace, id) is unique per label: a raw CREATE of a duplicate fails."""
    await load(graph, workspace, {"people": [{"id": "p1", "name": "Pat"}]})

    async def work(tx: AsyncManagedTransaction) -> None:
        await (await tx.run("CREATE (:Person {workspace: $ws, id: 'p1'})", ws=workspace)).consume()

    with pytest.raises(ConstraintError):
        await graph.write(work)


async def test_delete_account_takes_owned_children_and_leaves_nothing_dangling(
    graph: GraphClient, workspace: str
) -> None:
    """Deleting an account removes its deals, context and pain points; people stay, unlinked."""
    await load(graph, workspace, bundle())
    done = await delete_entity(graph, workspace, EntityKind.ACCOUNT, "a1")
    assert done.deleted
    assert done.nodes_deleted == 4
    leftovers = await read(
        graph,
        "MATCH (n {workspace: $ws}) WHERE n.accountId = 'a1' OR n.id IN ['a1', 'o1', 'c1', 'pp2'] "
        "RETURN n.id AS id",
        ws=workspace,
    )
    assert leftovers == []
    roles = await read(
        graph, "MATCH (:Person {workspace: $ws})-[h:HOLDS_ROLE]->() RETURN count(h) AS n",
        ws=workspace,
    )  # fmt: skip
    assert roles == [{"n": 0}]
    people = await read(
        graph, "MATCH (p:Person {workspace: $ws}) RETURN count(p) AS n", ws=workspace
    )
    assert people == [{"n": 3}]
    again = await delete_entity(graph, workspace, EntityKind.ACCOUNT, "a1")
    assert not again.deleted
    assert again.relationships_deleted == 0


async def test_delete_partner_seller_person_and_deal(graph: GraphClient, workspace: str) -> None:
    """Each delete removes what the entity owns and clears references to it."""
    await load(graph, workspace, bundle())
    await delete_entity(graph, workspace, EntityKind.PARTNER, "pt")
    assert (
        await read(
            graph, "MATCH (x:PartnerAccount {workspace: $ws}) RETURN x.id AS id", ws=workspace
        )
        == []
    )
    await delete_entity(graph, workspace, EntityKind.SELLER, "s1")
    owners = await read(
        graph,
        "MATCH (n {workspace: $ws}) WHERE n:Account OR n:Opportunity "
        "RETURN collect(n.ownerSellerId) AS owners",
        ws=workspace,
    )
    assert owners == [{"owners": []}]
    await delete_entity(graph, workspace, EntityKind.OPPORTUNITY, "o1")
    roles = await read(
        graph,
        "MATCH (:Person {workspace: $ws})-[h:HOLDS_ROLE]->() RETURN h.role AS role ORDER BY role",
        ws=workspace,
    )
    assert roles == [{"role": "CHAMPION"}, {"role": "EXECUTIVE_SPONSOR"}]  # the deal's role went
    done = await delete_entity(graph, workspace, EntityKind.PERSON, "p2")
    assert done.nodes_deleted == 2  # the person and their pain point
    assert (
        await read(graph, "MATCH (x:PainPoint {workspace: $ws, id: 'pp1'}) RETURN x", ws=workspace)
        == []
    )


async def test_end_employment(graph: GraphClient, workspace: str) -> None:
    """Ending sets endDate on the current employment; an end before the start is refused."""
    await load(graph, workspace, bundle())
    with pytest.raises(InvalidRows) as caught:
        await end_employment(graph, workspace, "p1", "a1", date(2021, 12, 31))
    assert caught.value.errors[0].code == "END_BEFORE_START"
    ended = await end_employment(graph, workspace, "p1", "a1", date(2024, 6, 30))
    assert ended.employment_ids == ("p1@a1#2022-01-01",)
    rows = await read(
        graph,
        "MATCH (:Person {workspace: $ws, id: 'p1'})-[e:EMPLOYED_AT]->() RETURN e.endDate AS d",
        ws=workspace,
    )
    assert rows[0]["d"].to_native() == date(2024, 6, 30)
    with pytest.raises(NotFound):  # no current employment any more
        await end_employment(graph, workspace, "p1", "a1", date(2024, 7, 1))


async def test_end_buying_role(graph: GraphClient, workspace: str) -> None:
    """Ending a role sets toDate; unknown roles are NOT_FOUND, early ends END_BEFORE_START."""
    await load(graph, workspace, bundle())
    with pytest.raises(InvalidRows):
        await end_buying_role(
            graph, workspace, "p2", "a1", "ECONOMIC_BUYER", date(2022, 1, 1), "o1"
        )
    ended = await end_buying_role(
        graph, workspace, "p2", "a1", "ECONOMIC_BUYER", date(2024, 1, 1), "o1"
    )
    assert ended.to_date == date(2024, 1, 1)
    with pytest.raises(NotFound):
        await end_buying_role(graph, workspace, "p2", "a1", "ECONOMIC_BUYER", date(2024, 1, 1))


async def test_rerun_after_partial_load_finishes_the_job(
    graph: GraphClient, workspace: str
) -> None:
    """Loading half a bundle, then all of it, ends in the same graph as one full load."""
    raw = bundle()
    half = {k: v for k, v in raw.items() if k in ("sellers", "accounts", "people")}
    await load(graph, workspace, half)
    summary = await load(graph, workspace, copy.deepcopy(raw))
    assert summary.section("people").unchanged == 3
    assert summary.section("employments").created == 3


async def test_an_id_names_one_kind_of_thing(graph: GraphClient, workspace: str) -> None:
    """An id another kind uses, in the same batch or already stored, is ID_TAKEN and nothing
    of the batch is written (node(id:) never has to guess)."""
    await load(graph, workspace, {"accounts": [{"id": "x-1", "name": "Acme"}]})
    with pytest.raises(InvalidRows) as caught:
        await load(
            graph,
            workspace,
            {
                "sellers": [{"id": "dup", "name": "Dana"}],
                "partners": [{"id": "dup", "name": "Stratus"}],
                "people": [{"id": "x-1", "name": "Lena"}, {"id": "p-ok", "name": "Ok"}],
            },
        )
    assert sorted((e.section, e.row, e.field, e.code) for e in caught.value.errors) == [
        ("partners", 0, "id", "ID_TAKEN"),
        ("people", 0, "id", "ID_TAKEN"),
        ("sellers", 0, "id", "ID_TAKEN"),
    ]
    assert "already the id of an account" in caught.value.errors[-1].reason
    assert await read(graph, "MATCH (p:Person {workspace: $ws}) RETURN p", ws=workspace) == []


async def test_a_role_on_a_deal_is_held_at_the_deals_account(
    graph: GraphClient, workspace: str
) -> None:
    """A buying role naming another account's opportunity is WRONG_ACCOUNT, whether the deal
    is in the same batch or already stored, and nothing of the batch is written."""
    await load(
        graph,
        workspace,
        {
            "accounts": [{"id": "a-1", "name": "Acme"}, {"id": "a-2", "name": "Globex"}],
            "people": [{"id": "p-1", "name": "Lena"}],
            "opportunities": [{"id": "o-1", "accountId": "a-1", "name": "Acme renewal"}],
        },
    )
    with pytest.raises(InvalidRows) as caught:
        await load(
            graph,
            workspace,
            {
                "opportunities": [{"id": "o-2", "accountId": "a-2", "name": "Globex pilot"}],
                "buyingRoles": [
                    {
                        "personId": "p-1",
                        "accountId": "a-1",
                        "role": "CHAMPION",
                        "opportunityId": "o-1",
                    },
                    {
                        "personId": "p-1",
                        "accountId": "a-2",
                        "role": "CHAMPION",
                        "opportunityId": "o-1",
                    },
                    {
                        "personId": "p-1",
                        "accountId": "a-1",
                        "role": "BLOCKER",
                        "opportunityId": "o-2",
                    },
                ],
            },
        )
    assert [(e.section, e.row, e.field, e.code) for e in caught.value.errors] == [
        ("buyingRoles", 1, "opportunityId", "WRONG_ACCOUNT"),
        ("buyingRoles", 2, "opportunityId", "WRONG_ACCOUNT"),
    ]
    assert "deal of account 'a-1'" in caught.value.errors[0].reason
    assert (
        await read(
            graph, "MATCH ()-[h:HOLDS_ROLE]->(:Account {workspace: $ws}) RETURN h", ws=workspace
        )
        == []
    )
    assert (
        await read(
            graph, "MATCH (o:Opportunity {workspace: $ws, id: 'o-2'}) RETURN o", ws=workspace
        )
        == []
    )
