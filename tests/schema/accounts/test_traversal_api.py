"""Traversal fields that delegate to reach and selling (Account.risk, Account.warmestPaths,
Account.score) and the references in their answers: the same answers as the root fields, at a
cost that does not grow with the number of accounts."""

from __future__ import annotations

from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient
from tests.conftest import GraphQLCaller
from tests.schema.accounts.transactions import count_transactions, create_accounts

# Each account's first person is its economic buyer, known well by the account's owner (an
# engaged contact), and its second reports to them: every traversal field has an answer.
_MAP: LiteralString = """
MATCH (a:Account {workspace: $ws})<-[:EMPLOYED_AT]-(eb:Person)
WHERE eb.id = a.id + '-p1'
MATCH (a)-[:OWNED_BY]->(s:Seller)
MATCH (report:Person {workspace: $ws, id: a.id + '-p2'})
CREATE (eb)-[:HOLDS_ROLE {role: 'ECONOMIC_BUYER', stance: 'SUPPORTER',
                          fromDate: date('2020-01-01')}]->(a)
CREATE (s)-[:KNOWS {strength: 0.8}]->(eb)
CREATE (report)-[:REPORTS_TO {fromDate: date('2020-01-01')}]->(eb)
"""


async def _workspace(graph: GraphClient, workspace: str, n: int) -> None:
    await create_accounts(graph, workspace, n)

    async def work(tx: AsyncManagedTransaction) -> None:
        await tx.run(_MAP, ws=workspace)

    await graph.write(work)


NESTED = """
query($first: Int!) {
  accounts(first: $first) { edges { node { id
    risk { score account { id } engagedContacts { id sellers { id } } economicBuyers { id }
           suggestions { path { seller { id } } } }
    score { score modelVersion account { id } }
    warmestPaths { roleHolderIds best { warmth hopCount seller { id name } } }
    coverage { stakeholdersMapped } } } }
}
"""


async def test_risk_score_and_paths_per_account_cost_the_same_at_2_and_20_accounts(
    graph: GraphClient, workspace: str
) -> None:
    """A page of accounts with their risk, score, warmest paths and the sellers and accounts
    those answers name costs the same number of transactions for 2 accounts as for 20."""
    await _workspace(graph, workspace, 20)
    counts = [await count_transactions(graph, workspace, NESTED, first) for first in (2, 20)]
    # the page; risk, score, paths and coverage; the accounts and the sellers they name
    assert counts[0] == counts[1] == 7, counts


REFERENCES = """
query($first: Int!) {
  portfolioRisk(first: $first) { edges { node {
    account { id owner { id } }
    engagedContacts { sellers { id } }
    economicBuyers { id }
    suggestions { path { seller { id } } } } } }
}
"""


async def test_references_in_computed_answers_cost_the_same_at_2_and_20_accounts(
    graph: GraphClient, workspace: str
) -> None:
    """The accounts and sellers a page of computed answers names are loaded once per level,
    for 2 accounts as for 20."""
    await _workspace(graph, workspace, 20)
    counts = [
        await count_transactions(graph, workspace, REFERENCES, first, root="portfolioRisk")
        for first in (2, 20)
    ]
    # the scan; the accounts; the sellers (engaging ones and owners: the loader caches them)
    assert counts[0] == counts[1] == 3, counts


ONE = """
query($id: ID!) {
  account(id: $id) {
    risk { score flags { flag } account { id name }
           engagedContacts { id sellers { id name } strength } }
    score { score tier account { id } }
    warmestPaths(maxHops: 2) { accountId roleHolderIds reason
                               best { warmth hopCount seller { id name } targetId } }
  }
  accountRisk(accountId: $id) { score flags { flag } engagedContacts { id sellers { id } } }
  accountScore(accountId: $id) { score tier }
  warmestPaths(accountId: $id, maxHops: 2) { roleHolderIds best { warmth seller { id } } }
}
"""


def _data(body: dict[str, Any]) -> Any:
    assert "errors" not in body, body["errors"]
    return body["data"]


async def test_traversal_fields_answer_as_the_root_fields(
    graph: GraphClient, workspace: str, gql: GraphQLCaller
) -> None:
    """Account.risk, .score and .warmestPaths give the root fields' answers, with the seller
    and the account as objects."""
    await _workspace(graph, workspace, 3)
    data = _data(await gql(ONE, {"id": "acc-001"}))
    account = data["account"]
    assert account["risk"]["score"] == data["accountRisk"]["score"]
    assert account["risk"]["flags"] == data["accountRisk"]["flags"]
    assert account["risk"]["account"] == {"id": "acc-001", "name": "Account 001"}
    assert account["risk"]["engagedContacts"] == [
        {"id": "acc-001-p1", "sellers": [{"id": "s1", "name": "Seller 1"}], "strength": 0.8}
    ]
    assert account["score"]["score"] == data["accountScore"]["score"]
    assert account["score"]["account"] == {"id": "acc-001"}
    paths = account["warmestPaths"]
    assert paths["roleHolderIds"] == data["warmestPaths"]["roleHolderIds"] == ["acc-001-p1"]
    assert paths["best"] == {
        "warmth": 0.8,
        "hopCount": 1,
        "seller": {"id": "s1", "name": "Seller 1"},
        "targetId": "acc-001-p1",
    }
    assert data["warmestPaths"]["best"] == {"warmth": 0.8, "seller": {"id": "s1"}}


async def test_a_bad_argument_fails_only_its_field(
    graph: GraphClient, workspace: str, gql: GraphQLCaller
) -> None:
    """An invalid hop bound, role, threshold or scoring model version nulls that field of the
    account (with the error naming the argument), not the account nor the same field asked
    with valid arguments in the same request."""
    await _workspace(graph, workspace, 2)
    body = await gql(
        """{ account(id: "acc-001") { id warmestPaths(maxHops: 9) { reason }
             score(modelVersion: 42) { score } risk { score } } }"""
    )
    assert body["data"]["account"]["id"] == "acc-001"
    assert body["data"]["account"]["warmestPaths"] is None
    assert body["data"]["account"]["score"] is None
    assert body["data"]["account"]["risk"] is not None
    codes = sorted(e["extensions"]["code"] for e in body["errors"])
    assert codes == ["INVALID_INPUT", "NOT_FOUND"]
    page = await gql(
        """{ accounts(first: 2) { edges { node {
             typo: warmestPaths(role: "CFO") { reason } buyer: warmestPaths { reason }
             odd: risk(options: {minStrength: 2}) { score } risk { score } } } } }"""
    )
    for edge in page["data"]["accounts"]["edges"]:
        assert edge["node"]["typo"] is None
        assert edge["node"]["odd"] is None
        assert edge["node"]["buyer"] == {"reason": None}
        assert edge["node"]["risk"] is not None
    fields = sorted((e["path"][-1], e["extensions"]["code"]) for e in page["errors"])
    assert fields == [("odd", "INVALID_INPUT")] * 2 + [("typo", "INVALID_INPUT")] * 2
