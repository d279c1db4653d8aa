"""Loading seeds through the importer: the demo via load_demo, and a generated bundle."""

from __future__ import annotations

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient
from graph.ingest.imports import load_bundle
from seeds.demo import load_demo, read_demo_bundle
from seeds.generator import generate_bundle


async def _count_people(graph: GraphClient, workspace: str) -> int:
    async def work(tx: AsyncManagedTransaction) -> int:
        result = await tx.run(
            "MATCH (p:Person {workspace: $workspace}) RETURN count(p) AS n", workspace=workspace
        )
        record = await result.single()
        return int(record["n"]) if record else 0

    return await graph.read(work)


async def _employers(graph: GraphClient, workspace: str, person: str) -> list[tuple[str, bool]]:
    async def work(tx: AsyncManagedTransaction) -> list[tuple[str, bool]]:
        result = await tx.run(
            "MATCH (:Person {workspace: $workspace, id: $person})-[e:EMPLOYED_AT]->(o) "
            "RETURN o.id AS org, e.endDate IS NULL AS current ORDER BY org",
            workspace=workspace,
            person=person,
        )
        return [(record["org"], record["current"]) async for record in result]

    return await graph.read(work)


async def test_load_demo_creates_the_workspace_then_changes_nothing(
    graph: GraphClient, workspace: str
) -> None:
    """The first load creates every row; a second load reports every row unchanged."""
    first = await load_demo(graph, workspace)
    assert " 0 updated, 0 unchanged" in first
    assert await _count_people(graph, workspace) == len(read_demo_bundle()["people"])
    second = await load_demo(graph, workspace)
    assert second.startswith(first.split(":")[0])
    assert " 0 created, 0 updated" in second


async def test_the_champion_who_left_is_one_person_with_two_employments(
    graph: GraphClient, workspace: str
) -> None:
    """In the graph, Priya Raman is one node: employed at Lumen Bay now, formerly at Quarry Peak."""
    await load_demo(graph, workspace)
    employers = await _employers(graph, workspace, "per-priya-raman")
    assert employers == [("acc-lumenbay", True), ("acc-quarrypeak", False)]


async def test_a_generated_bundle_loads_through_the_importer(
    graph: GraphClient, workspace: str
) -> None:
    """A generated workspace passes the importer's checks and every row is written."""
    bundle = generate_bundle(21, 30, 600, 10, 3, 5_000)
    summary = await load_bundle(graph, workspace, bundle)
    assert summary.total.created > 0
    assert await _count_people(graph, workspace) == 600
    again = await load_bundle(graph, workspace, bundle)
    assert again.total.created == 0
    assert again.total.updated == 0
