"""Buying roles checked against the workspace's standard, declared and used roles."""

from __future__ import annotations

from datetime import timedelta

import pytest
from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient
from graph.core.errors import InvalidInput
from graph.core.model import Stance
from graph.core.roles import check_buying_role, load_workspace_roles
from graph.reach.paths import find_warmest_paths
from tests.conftest import new_workspace
from tests.reference.graphs import DAY, TARGET, Edge, Employment, Role, Sample, write_sample


def _sample() -> Sample:
    """s0 knows a person who holds the custom role SPONSOR_EXEC at the target."""
    return Sample(
        ["s0"],
        ["p0"],
        {},
        [Employment("p0", TARGET, False, DAY - timedelta(days=100), None)],
        [Role("p0", TARGET, "SPONSOR_EXEC", Stance.NEUTRAL.value, None, None)],
        [Edge("KNOWS", "s0", "p0", 0.8)],
    )


async def _declare(graph: GraphClient, workspace: str, roles: list[str]) -> None:
    async def work(tx: AsyncManagedTransaction) -> None:
        await tx.run(
            "MERGE (w:Workspace {id: $ws}) SET w.customRoles = $roles", ws=workspace, roles=roles
        )

    await graph.write(work)


async def _check(graph: GraphClient, workspace: str, role: str) -> None:
    async def work(tx: AsyncManagedTransaction) -> None:
        await check_buying_role(tx, workspace, role)

    await graph.read(work)


async def test_standard_declared_and_used_roles_pass(graph: GraphClient, workspace: str) -> None:
    """A standard role, a declared custom role and a custom role held at an account all pass."""
    await write_sample(graph, workspace, _sample())
    await _declare(graph, workspace, ["ADVISOR"])
    for role in ("ECONOMIC_BUYER", "ADVISOR", "SPONSOR_EXEC"):
        await _check(graph, workspace, role)

    async def work(tx: AsyncManagedTransaction) -> frozenset[str]:
        return await load_workspace_roles(tx, workspace)

    roles = await graph.read(work)
    assert {"ADVISOR", "SPONSOR_EXEC", "CHAMPION", "PROCUREMENT"} <= roles


async def test_a_typo_names_the_nearest_roles(graph: GraphClient, workspace: str) -> None:
    """CFO, CHAMPOIN and SPONSOR_EXC are INVALID_INPUT on field role, naming the nearest roles;
    another workspace's custom role is unknown here."""
    await write_sample(graph, workspace, _sample())
    with pytest.raises(InvalidInput) as raised:
        await _check(graph, workspace, "CFO")
    assert raised.value.extensions["field"] == "role"
    assert len(raised.value.extensions["suggestions"]) == 3
    assert "'CFO' is not a buying role of this workspace. Did you mean" in raised.value.message
    with pytest.raises(InvalidInput) as raised:
        await _check(graph, workspace, "CHAMPOIN")
    assert raised.value.extensions["suggestions"] == ["CHAMPION"]
    with pytest.raises(InvalidInput) as raised:
        await _check(graph, workspace, "sponsor exc")
    assert raised.value.extensions["suggestions"][0] == "SPONSOR_EXEC"
    with pytest.raises(InvalidInput):
        await _check(graph, new_workspace("ws"), "SPONSOR_EXEC")


async def test_warmest_paths_checks_the_role(graph: GraphClient, workspace: str) -> None:
    """warmestPaths reaches a custom role holder and refuses a mistyped role instead of
    answering "no role holder"."""
    await write_sample(graph, workspace, _sample())
    found = await find_warmest_paths(graph, workspace, TARGET, role="SPONSOR_EXEC", as_of=DAY)
    assert found.role_holder_ids == ("p0",)
    with pytest.raises(InvalidInput, match="Did you mean"):
        await find_warmest_paths(graph, workspace, TARGET, role="CFO", as_of=DAY)
