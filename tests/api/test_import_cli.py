"""`accountmap import` end to end: dry run, load, re-run, mapping report and rejection."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from graph.core.client import ConnectionOptions
from tests.conftest import new_workspace

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _env(connection: ConnectionOptions) -> dict[str, str]:
    return {
        "NEO4J_URI": connection.uri,
        "NEO4J_USERNAME": connection.username,
        "NEO4J_PASSWORD": connection.password,
        "NEO4J_DATABASE": connection.database,
    }


def _totals(output: str) -> list[int]:
    """Created, updated and unchanged from the summary table's total line."""
    cells = output.split("│ total")[1].split("│")
    return [int(cell) for cell in cells[1:4]]


def _run(connection: ConnectionOptions, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["import", *args], env=_env(connection))
    return result.exit_code, " ".join(result.output.split())


def test_salesforce_dry_run_then_import_then_rerun(neo4j_connection: ConnectionOptions) -> None:
    """Dry run writes nothing; the import creates; the re-run reports everything unchanged."""
    workspace = new_workspace("ws-cli")
    args = [str(FIXTURES / "salesforce"), "--workspace", workspace, "--format", "salesforce"]
    code, out = _run(neo4j_connection, *args, "--dry-run")
    assert code == 0, out
    assert "Dry run: nothing was written" in out
    assert "'Executive Sponsor' -> EXECUTIVE_SPONSOR" in out
    code, out = _run(neo4j_connection, *args, "--batch-size", "3")
    assert code == 0, out
    assert _totals(out) == [24, 0, 0]
    code, out = _run(neo4j_connection, *args)
    assert code == 0, out
    assert _totals(out) == [0, 0, 24]
    assert "Rejected: 0 rows." in out


def test_invalid_bundle_is_rejected_with_reasons(
    neo4j_connection: ConnectionOptions, tmp_path: Path
) -> None:
    """A bundle with a bad row prints every problem, writes nothing and exits 1."""
    workspace = new_workspace("ws-cli")
    bundle = {
        "accounts": [{"id": "a1", "name": "Acme", "domain": "not a domain"}],
        "people": [{"id": "p1", "name": "Pat"}],
        "employments": [{"personId": "p1", "organizationId": "a1", "startDate": "2024-02-01",
                         "endDate": "2024-01-01"}],
    }  # fmt: skip
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle))
    code, out = _run(neo4j_connection, str(path), "--workspace", workspace)
    assert code == 1
    assert "INVALID_DOMAIN" in out
    assert "END_BEFORE_START" in out
    assert "Nothing was written" in out
    # the same file without its problems loads, so nothing of the first attempt was kept
    bundle["accounts"][0]["domain"] = "acme.example"
    bundle["employments"][0].pop("endDate")
    path.write_text(json.dumps(bundle))
    code, out = _run(neo4j_connection, str(path), "--workspace", workspace)
    assert code == 0, out
    assert _totals(out) == [3, 0, 0]


def test_missing_path_fails_cleanly(neo4j_connection: ConnectionOptions, tmp_path: Path) -> None:
    """A path that does not exist is named in the error, with exit code 1."""
    code, out = _run(
        neo4j_connection, str(tmp_path / "missing"), "--workspace", new_workspace("cli")
    )
    assert code == 1
    assert "no such file or folder" in out


def test_cli_imports_the_demo_bundle(neo4j_connection: ConnectionOptions) -> None:
    """The demo workspace's file imports through the CLI, and a second run changes nothing."""
    workspace = new_workspace("ws-cli")
    demo = Path(__file__).resolve().parents[2] / "seeds" / "demo" / "bundle.json"
    rows = sum(len(section) for section in json.loads(demo.read_text()).values())
    code, out = _run(neo4j_connection, str(demo), "--workspace", workspace)
    assert code == 0, out
    assert _totals(out) == [rows, 0, 0]
    code, out = _run(neo4j_connection, str(demo), "--workspace", workspace)
    assert code == 0, out
    assert _totals(out) == [0, 0, rows]
