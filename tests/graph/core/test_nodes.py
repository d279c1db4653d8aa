"""An id alone says which kind of thing it names, within the caller's workspace only."""

from __future__ import annotations

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient
from graph.core.model import Label
from graph.core.nodes import NODE_LABELS, find_node_kinds


async def test_each_kind_is_found_by_id_and_other_workspaces_are_not(
    graph: GraphClient, workspace: str
) -> None:
    """Every fetchable kind is named by its id; another workspace's ids and unknown ids are absent."""

    # Labels cannot be parameters: each kind is created with its own fixed text.
    statements = {
        Label.ACCOUNT: "CREATE (:Account {workspace: $ws, id: $id})",
        Label.PERSON: "CREATE (:Person {workspace: $ws, id: $id})",
        Label.OPPORTUNITY: "CREATE (:Opportunity {workspace: $ws, id: $id})",
        Label.SELLER: "CREATE (:Seller {workspace: $ws, id: $id})",
        Label.PARTNER: "CREATE (:Partner {workspace: $ws, id: $id})",
    }

    async def write(tx: AsyncManagedTransaction) -> None:
        for label, statement in statements.items():
            await tx.run(statement, {"ws": workspace, "id": f"id-{label.value}"})
        await tx.run("CREATE (:Account {workspace: $ws, id: 'elsewhere'})", {"ws": workspace + "x"})

    await graph.write(write)
    ids = [f"id-{label.value}" for label in NODE_LABELS] + ["elsewhere", "missing"]
    found = await find_node_kinds(graph, workspace, ids)
    assert found == {f"id-{label.value}": (label,) for label in NODE_LABELS}
    assert set(statements) == set(NODE_LABELS)
