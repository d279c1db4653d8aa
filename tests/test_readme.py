"""The README and docs/*.md stay true: their GraphQL examples run against the demo workspace, the
README's picture of the graph model matches graph/core/model.py, its settings table matches
api/settings.py, and every link points at a file of the repository.

Each ```graphql block has exactly one runner: this module runs the README's and every docs page's,
except the pages listed in ``RUN_ELSEWHERE`` (their own tests run them, with assertions of their
own). Operation names are unique across all pages, so one example is never kept twice."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from api.settings import Settings
from graph.core import model
from graph.core.client import GraphClient
from graph.core.credentials import Role, create_api_key
from seeds.demo import load_demo
from tests.conftest import GraphQLCaller, new_workspace

REPO = Path(__file__).resolve().parent.parent
RUN_ELSEWHERE = {
    "docs/PARTNER_OVERLAP.md": "tests/schema/partners/test_overlap_demo.py",
    "docs/INTRO_REQUESTS.md": "tests/schema/intros/test_intros_demo.py",
}
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


def _mermaid() -> str:
    found = re.search(r"```mermaid\n(.*?)```", (REPO / "README.md").read_text(), flags=re.DOTALL)
    assert found, "README.md has no ```mermaid diagram of the graph model"
    return found.group(1)


_NODE = re.compile(r"^\s*(\w+)\[", flags=re.MULTILINE)
_EDGE = re.compile(r"^\s*(\w+)\s*(-->|---)\|\"(\w+)[^|]*\|\s*(\w+)\s*$", flags=re.MULTILINE)
_DOCSTRING_EDGE = re.compile(r"\(:([\w|:]+)\)-\[:(\w+)[^\]]*\]->\(:([\w|:]+)\)")


def _documented_edges() -> set[tuple[str, str, str]]:
    """(from label, type, to label) for every relationship model.py's docstring shows."""
    edges = set()
    for sources, rel_type, targets in _DOCSTRING_EDGE.findall(model.__doc__ or ""):
        for source in sources.split("|:"):
            for target in targets.split("|:"):
                edges.add((source, rel_type, target))
    return edges


def test_model_diagram_matches_the_enums() -> None:
    """The README's Mermaid diagram draws every Label and every RelType of model.py, and no other."""
    diagram = _mermaid()
    assert set(_NODE.findall(diagram)) == {label.value for label in model.Label}
    assert {edge[2] for edge in _EDGE.findall(diagram)} == {rel.value for rel in model.RelType}


def test_model_diagram_edges_are_the_documented_ones() -> None:
    """Each drawn relationship joins the labels model.py's docstring says it joins (an undirected
    ``---`` edge may be documented either way round)."""
    documented = _documented_edges()
    assert {rel for _, rel, _ in documented} == {rel.value for rel in model.RelType}
    for source, arrow, rel_type, target in _EDGE.findall(_mermaid()):
        ways = {(source, rel_type, target)}
        if arrow == "---":
            ways.add((target, rel_type, source))
        assert ways & documented, f"{source} -{rel_type}- {target} is not in model.py's docstring"


def test_settings_table_lists_every_setting() -> None:
    """Every Settings field has its ACCOUNTMAP_ row in the README's configuration table, and the
    table names no setting that does not exist."""
    readme = (REPO / "README.md").read_text()
    listed = set(re.findall(r"^\| `[^|]*?(ACCOUNTMAP_\w+)`", readme, flags=re.MULTILINE))
    assert listed == {f"ACCOUNTMAP_{name.upper()}" for name in Settings.model_fields}


_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(REPO)) for p in PAGES])
def test_links_stay_inside_the_repository(page: Path) -> None:
    """Relative links name files of the repository (nothing outside it, nothing missing)."""
    for target in _LINK.findall(page.read_text()):
        if re.match(r"^[a-z]+:", target):
            continue
        resolved = (page.parent / target).resolve()
        assert resolved.is_relative_to(REPO), f"{page.name} links outside the repository: {target}"
        assert resolved.exists(), f"{page.name} links to a missing file: {target}"
