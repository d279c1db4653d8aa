"""The GraphQL examples of README.md and docs/*.md run against the demo workspace, so the docs
cannot rot.

Each ```graphql block has exactly one runner: this module runs the README's and every docs page's,
except the pages listed in ``RUN_ELSEWHERE`` (their own tests run them, with assertions of their
own). Operation names are unique across all pages, so one example is never kept twice."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from graph.core.client import GraphClient
from graph.core.credentials import Role, create_api_key
from seeds.demo import load_demo
from tests.conftest import GraphQLCaller, new_workspace

REPO = Path(__file__).resolve().parent.parent
RUN_ELSEWHERE = {"docs/PARTNER_OVERLAP.md": "tests/schema/partners/test_overlap_demo.py"}
"""Pages whose examples another test runs (page -> that test)."""


def examples(page: Path) -> list[str]:
    """The ```graphql blocks of a page, in order."""
    return re.findall(r"```graphql\n(.*?)```", page.read_text(), flags=re.DOTALL)


def operation_name(document: str) -> str:
    """The example's operation name (its test id)."""
    found = re.search(r"(?:query|mutation)\s+(\w+)", document)
    return found.group(1) if found else document[:30]


PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
RUN_HERE = [p for p in PAGES if str(p.relative_to(REPO)) not in RUN_ELSEWHERE]
CASES = [(page, document) for page in RUN_HERE for document in examples(page)]


@pytest.fixture(scope="module")
async def demo_key(graph: GraphClient) -> str:
    """An admin key of a freshly loaded demo workspace (its own id, so tests stay isolated)."""
    workspace = new_workspace("demo")
    await load_demo(graph, workspace)
    return (await create_api_key(graph, workspace, "readme", Role.ADMIN)).secret


def test_readme_has_examples() -> None:
    """The README shows a handful of GraphQL examples (the account map, a traversal, a list)."""
    assert 3 <= len(examples(REPO / "README.md")) <= 6


def test_pages_run_elsewhere_exist_with_their_runner() -> None:
    """A page excluded here has examples and a test that reads it."""
    for page, runner in RUN_ELSEWHERE.items():
        assert examples(REPO / page), page
        assert Path(page).name in (REPO / runner).read_text(), runner


def test_operation_names_are_unique_across_pages() -> None:
    """No example is kept twice: every operation name appears once over README.md and docs/."""
    names = [operation_name(d) for page in PAGES for d in examples(page)]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


@pytest.mark.parametrize(
    ("page", "document"),
    CASES,
    ids=[f"{page.name}:{operation_name(d)}" for page, d in CASES],
)
async def test_example_runs_on_demo_data(
    http: httpx.AsyncClient, demo_key: str, page: Path, document: str
) -> None:
    """Each example answers without errors and with data on the demo workspace."""
    body = await GraphQLCaller(http, demo_key)(document)
    assert "errors" not in body, body.get("errors")
    data = body["data"]
    assert isinstance(data, dict)
    assert all(value not in (None, [], {}) for value in data.values()), data
