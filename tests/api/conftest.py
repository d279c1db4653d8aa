"""Fixtures of the HTTP-edge tests: a demo workspace of their own."""

from __future__ import annotations

import httpx
import pytest

from graph.core.client import GraphClient
from graph.core.credentials import Role, create_api_key
from seeds.demo import load_demo
from tests.conftest import GraphQLCaller, new_workspace


@pytest.fixture(scope="module")
async def demo_admin(graph: GraphClient) -> str:
    """An admin key of a demo workspace of the module's own (its tests may change it)."""
    workspace = new_workspace("demo-edge")
    await load_demo(graph, workspace)
    return (await create_api_key(graph, workspace, "edge tests", Role.ADMIN)).secret


@pytest.fixture
def demo(http: httpx.AsyncClient, demo_admin: str) -> GraphQLCaller:
    """GraphQL as the admin of the module's demo workspace."""
    return GraphQLCaller(http, demo_admin)
