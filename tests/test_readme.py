"""The README's GraphQL examples run against the demo workspace, so the docs cannot rot."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from graph.core.client import GraphClient
from graph.core.credentials import Role, create_api_key
from seeds.demo import load_demo
from tests.conftest import GraphQLCaller, new_workspace

README = Path(__file__).resolve().parent.parent / "README.md"
EXAMPLES = re.findall(r"```graphql\n(.*?)```", README.read_text(), flags=re.DOTALL)


def _name(document: str) -> str:
    found = re.search(r"(?:query|mutation)\s+(\w+)", document)
    return found.group(1) if found else document[:30]


@pytest.fixture(scope="module")
async def demo_key(graph: GraphClient) -> str:
    """An admin key of a freshly loaded demo workspace (its own id, so tests stay isolated)."""
    workspace = new_workspace("demo")
    await load_demo(graph, workspace)
    return (await create_api_key(graph, workspace, "readme", Role.ADMIN)).secret


def test_readme_has_examples() -> None:
    """The README shows GraphQL examples (the account map, lists, and each traversal)."""
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("document", EXAMPLES, ids=[_name(d) for d in EXAMPLES])
async def test_readme_example_runs_on_demo_data(
    http: httpx.AsyncClient, demo_key: str, document: str
) -> None:
    """Each example answers without errors and with data on the demo workspace."""
    body = await GraphQLCaller(http, demo_key)(document)
    assert "errors" not in body, body.get("errors")
    data = body["data"]
    assert isinstance(data, dict)
    assert all(value not in (None, [], {}) for value in data.values()), data
