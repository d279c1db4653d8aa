"""The hand-made demo workspace: loads ``seeds/demo/`` into a workspace, idempotently."""

from __future__ import annotations

from neo4j import AsyncManagedTransaction

from graph.client import GraphClient


async def load_demo(graph: GraphClient, workspace: str = "demo") -> str:
    """Create the demo workspace; the account data arrives with the model."""

    async def work(tx: AsyncManagedTransaction) -> None:
        await tx.run(
            "MERGE (w:Workspace {id: $id}) ON CREATE SET w.name = $name, w.createdAt = datetime()",
            id=workspace,
            name="Demo workspace",
        )

    await graph.write(work)
    return "workspace ready"
