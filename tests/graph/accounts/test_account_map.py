"""The account map's parts: current and former people, org tree, roles, who knows them, on a
day; deals, context, pain points and coverage; several accounts per statement."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import LiteralString

import pytest
from neo4j import AsyncManagedTransaction

from graph.accounts.account_map import (
    AccountPeopleQuery,
    AccountPersonWhere,
    MappedParts,
    MappedPerson,
    find_account_people,
    find_context,
    find_coverage,
    find_pain_points,
)
from graph.accounts.opportunities import (
    OpportunityQuery,
    OpportunityWhere,
    find_opportunities_by_account,
)
from graph.core.client import GraphClient
from graph.core.model import OpportunityState

# A small account written straight in Cypher, following graph/core/model.py.
_MAP: LiteralString = """
CREATE (a:Account {workspace: $ws, id: 'acme', name: 'Acme', domain: 'acme.com', status: 'PROSPECT',
                   ownerSellerId: 's1'})
CREATE (b:Account {workspace: $ws, id: 'globex', name: 'Globex', status: 'TARGET'})
CREATE (s1:Seller {workspace: $ws, id: 's1', name: 'Sam Seller'})
CREATE (a)-[:OWNED_BY]->(s1)
CREATE (pt:Partner {workspace: $ws, id: 'p1', name: 'PartnerCo', sharingLevel: 'CONTACTS'})
CREATE (pc:Person {workspace: $ws, id: 'pc', name: 'Pat Partner'})-[:EMPLOYED_AT {startDate: date('2020-01-01')}]->(pt)
CREATE (cfo:Person {workspace: $ws, id: 'cfo', name: 'Carla CFO', title: 'CFO'})
CREATE (cfo)-[:EMPLOYED_AT {title: 'CFO', department: 'Finance', startDate: date('2019-01-01')}]->(a)
CREATE (eng:Person {workspace: $ws, id: 'eng', name: 'Eve Engineer'})
CREATE (eng)-[:EMPLOYED_AT {title: 'Engineer', department: 'IT', startDate: date('2021-01-01')}]->(a)
CREATE (eng)-[:REPORTS_TO {fromDate: date('2021-01-01')}]->(cfo)
CREATE (champ:Person {workspace: $ws, id: 'champ', name: 'Chris Champion'})
CREATE (champ)-[:EMPLOYED_AT {title: 'VP Ops', department: 'Ops', startDate: date('2018-01-01'),
                              endDate: date('2024-03-01')}]->(a)
CREATE (champ)-[:EMPLOYED_AT {title: 'COO', department: 'Ops', startDate: date('2024-04-01')}]->(b)
CREATE (cfo)-[:HOLDS_ROLE {role: 'ECONOMIC_BUYER', stance: 'NEUTRAL', opportunityId: ''}]->(a)
CREATE (champ)-[:HOLDS_ROLE {role: 'CHAMPION', stance: 'SUPPORTER', opportunityId: '',
                             toDate: date('2024-03-01')}]->(a)
CREATE (s1)-[:KNOWS {strength: 0.8, source: 'email',
                  lastInteractionAt: datetime('2025-12-01T10:00:00Z')}]->(eng)
CREATE (cfo)-[:KNOWS {strength: 0.6}]->(pc)
CREATE (o:Opportunity {workspace: $ws, id: 'o1', accountId: 'acme', name: 'Acme platform',
                       state: 'OPEN', stage: 'Discovery', amount: 50000.0})-[:FOR_ACCOUNT]->(a)
CREATE (eng)-[:ON_OPPORTUNITY]->(o)
CREATE (:Opportunity {workspace: $ws, id: 'o0', accountId: 'acme', name: 'Old', state: 'LOST'})
CREATE (a)-[:HAS_CONTEXT]->(:ContextItem {workspace: $ws, id: 'g1', kind: 'GOAL', text: 'Cut cost'})
CREATE (cfo)-[:HAS_PAIN]->(:PainPoint {workspace: $ws, id: 'pp1', text: 'Slow close', severity: 4})
"""


async def _write(graph: GraphClient, workspace: str) -> None:
    async def work(tx: AsyncManagedTransaction) -> None:
        await tx.run(_MAP, ws=workspace)

    await graph.write(work)


TODAY = date(2026, 1, 1)


async def _people(
    graph: GraphClient,
    workspace: str,
    account: str,
    day: date = TODAY,
    current: bool | None = True,
) -> dict[str, MappedPerson]:
    query = AccountPeopleQuery(day=day, where=AccountPersonWhere(current=current), first=50)
    pages = await find_account_people(graph, workspace, [account], query)
    return {person.person.id: person for _, person in pages[account].items}


async def test_map_today(graph: GraphClient, workspace: str) -> None:
    """Today's map holds current people with roles, org tree and who knows them; the champion
    who left is a former person; deals filter by state; coverage counts roles held now."""
    await _write(graph, workspace)
    current = await _people(graph, workspace, "acme")
    assert set(current) == {"cfo", "eng"}
    former = await _people(graph, workspace, "acme", current=False)
    assert list(former) == ["champ"]
    assert former["champ"].end_date == date(2024, 3, 1)
    assert current["eng"].manager_id == "cfo"
    assert [r.role for r in current["cfo"].roles] == ["ECONOMIC_BUYER"]
    assert [(k.id, k.kind) for k in current["eng"].known_by] == [("s1", "SELLER")]
    partner_known = current["cfo"].known_by
    assert [(k.id, k.kind, k.partner_id) for k in partner_known] == [
        ("pc", "PARTNER_CONTACT", "p1")
    ]
    open_deals = OpportunityQuery(where=OpportunityWhere(state=OpportunityState.OPEN))
    deals = (await find_opportunities_by_account(graph, workspace, ["acme"], open_deals))["acme"]
    assert [(o.id, o.person_ids) for _, o in deals.items] == [("o1", ("eng",))]
    assert [c.id for c in (await find_context(graph, workspace, ["acme"]))["acme"]] == ["g1"]
    pains = (await find_pain_points(graph, workspace, ["acme"]))["acme"]
    assert [(p.id, p.person_id) for p in pains] == [("pp1", "cfo")]
    coverage = (await find_coverage(graph, workspace, ["acme"], TODAY))["acme"]
    assert coverage.stakeholders_mapped == 2
    assert coverage.roles_covered == ("ECONOMIC_BUYER",)
    assert "CHAMPION" in coverage.roles_missing


async def test_map_as_of_an_earlier_date(graph: GraphClient, workspace: str) -> None:
    """On 2020-06-01 the champion still worked there and held the role; Eve had not joined."""
    await _write(graph, workspace)
    day = date(2020, 6, 1)
    current = await _people(graph, workspace, "acme", day)
    assert set(current) == {"cfo", "champ"}
    assert [r.role for r in current["champ"].roles] == ["CHAMPION"]
    assert current["champ"].title == "VP Ops"
    assert await _people(graph, workspace, "acme", day, current=False) == {}
    coverage = (await find_coverage(graph, workspace, ["acme"], day))["acme"]
    assert set(coverage.roles_covered) == {"CHAMPION", "ECONOMIC_BUYER"}


async def test_leaver_appears_at_the_new_account(graph: GraphClient, workspace: str) -> None:
    """A person who moved is the same person, current at the new account with the new title."""
    await _write(graph, workspace)
    found = await _people(graph, workspace, "globex")
    assert [(p.person.id, p.title) for p in found.values()] == [("champ", "COO")]


async def test_several_accounts_in_one_call(graph: GraphClient, workspace: str) -> None:
    """One call answers for several accounts, each with its own page and total."""
    await _write(graph, workspace)
    query = AccountPeopleQuery(day=TODAY, first=1)
    pages = await find_account_people(graph, workspace, ["acme", "globex"], query)
    assert (pages["acme"].total_count, pages["acme"].has_next_page) == (2, True)
    assert (pages["globex"].total_count, pages["globex"].has_next_page) == (1, False)
    after = pages["acme"].end_cursor
    rest = await find_account_people(
        graph, workspace, ["acme"], AccountPeopleQuery(day=TODAY, first=5, after=after)
    )
    assert [p.person.id for _, p in rest["acme"].items] == ["eng"]


@pytest.mark.parametrize("account_id", ["acme", "nope"])
async def test_other_workspace_sees_nothing(
    graph: GraphClient, workspace: str, account_id: str
) -> None:
    """An account of workspace A is absent, exactly like a missing one, from workspace B."""
    await _write(graph, workspace)
    query = AccountPeopleQuery(day=TODAY)
    assert await find_account_people(graph, workspace + "-b", [account_id], query) == {}


async def test_parts_left_out_are_not_read_and_the_rest_is_the_same(
    graph: GraphClient, workspace: str
) -> None:
    """Without roles and acquaintances the people, their order and employment are the same;
    with acquaintances but no last interaction, the acquaintances are the same but undated."""
    await _write(graph, workspace)
    whole = await _people(graph, workspace, "acme")

    async def with_parts(parts: MappedParts) -> dict[str, MappedPerson]:
        query = AccountPeopleQuery(day=TODAY, first=50, parts=parts)
        pages = await find_account_people(graph, workspace, ["acme"], query)
        return {person.person.id: person for _, person in pages["acme"].items}

    bare = await with_parts(MappedParts(roles=False, known_by=False, last_interaction=False))
    assert list(bare) == list(whole)
    for person_id, person in bare.items():
        assert (person.roles, person.known_by) == ((), ())
        assert replace(whole[person_id], roles=(), known_by=()) == person
    undated = await with_parts(MappedParts(roles=True, known_by=True, last_interaction=False))
    for person_id, person in undated.items():
        assert person.roles == whole[person_id].roles
        assert person.known_by == tuple(
            replace(k, last_interaction_at=None) for k in whole[person_id].known_by
        )
    assert any(k.last_interaction_at for p in whole.values() for k in p.known_by)
    assert any(p.known_by for p in undated.values())
