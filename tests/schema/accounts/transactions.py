"""Shared by the accounts' API tests: a workspace of generated accounts, and a client that counts
the transactions one GraphQL request costs (the DataLoader tests compare them at two page
sizes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, T, Work
from graph.core.credentials import Principal, Role
from schema.core.context import RequestContext
from schema.root import build_schema

_ACCOUNTS: LiteralString = """
UNWIND range(1, $n) AS i
CREATE (a:Account {workspace: $ws, id: 'acc-' + right('000' + toString(i), 3),
                   name: 'Account ' + right('000' + toString(i), 3),
                   industry: CASE WHEN i % 2 = 0 THEN 'Retail' ELSE 'Software' END,
                   employees: i * 10, status: CASE WHEN i % 3 = 0 THEN 'CUSTOMER' ELSE 'TARGET' END,
                   ownerSellerId: 's' + toString(i % 3)})
MERGE (s:Seller {workspace: $ws, id: 's' + toString(i % 3)}) ON CREATE SET s.name = 'Seller ' + toString(i % 3)
CREATE (a)-[:OWNED_BY]->(s)
WITH a, i
UNWIND range(1, 3) AS j
CREATE (p:Person {workspace: $ws, id: a.id + '-p' + toString(j), name: a.name + ' person ' + toString(j),
                  department: CASE WHEN j = 1 THEN 'Finance' ELSE 'IT' END})
CREATE (p)-[:EMPLOYED_AT {startDate: date('2020-01-01')}]->(a)
CREATE (o:Opportunity {workspace: $ws, id: a.id + '-o' + toString(j), accountId: a.id,
                       name: 'Deal ' + toString(j), state: CASE WHEN j = 1 THEN 'OPEN' ELSE 'WON' END})
CREATE (o)-[:FOR_ACCOUNT]->(a)
"""


async def create_accounts(graph: GraphClient, workspace: str, n: int) -> None:
    """``n`` accounts acc-001.. with 3 people and 3 deals each, owned by sellers s0..s2."""

    async def work(tx: AsyncManagedTransaction) -> None:
        await tx.run(_ACCOUNTS, ws=workspace, n=n)

    await graph.write(work)


@dataclass(frozen=True)
class CountingGraph(GraphClient):
    """The real client, counting transactions (each is one round-trip's worth of statements);
    the count survives ``with_metadata`` copies, as the request tags its client."""

    calls: list[str] = field(default_factory=list)

    async def read(self, work: Work[T]) -> T:
        self.calls.append("read")
        return await super().read(work)


async def count_transactions(
    graph: GraphClient, workspace: str, query: str, first: int, root: str = "accounts"
) -> int:
    """How many transactions one request of ``query`` (with ``$first``) costs; ``root`` is the
    connection that must hold ``first`` items."""
    counting = CountingGraph(graph.driver, graph.database)
    result = await build_schema().execute(
        query,
        variable_values={"first": first},
        context_value=RequestContext(counting, Principal(workspace, Role.ADMIN, "test")),
    )
    assert result.errors is None, result.errors
    assert len(result.data[root]["edges"]) == first  # type: ignore[index]
    return len(counting.calls)
