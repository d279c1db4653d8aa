"""`accountmap mcp`: the same tools over stdio, for a credential given in ACCOUNTMAP_MCP_CREDENTIAL,
driven by the SDK's own client spawning the command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from mcp import Client, StdioServerParameters, stdio_client

from graph.core.client import ConnectionOptions, GraphClient
from graph.core.credentials import Role, create_api_key
from seeds.demo import load_demo
from tests.api.mcp_client import everything_in, text_of
from tests.conftest import REPO, new_workspace

ACCOUNTMAP = str(Path(sys.executable).parent / "accountmap")


def _env(connection: ConnectionOptions, credential: str) -> dict[str, str]:
    return {
        "NEO4J_URI": connection.uri,
        "NEO4J_USERNAME": connection.username,
        "NEO4J_PASSWORD": connection.password,
        "NEO4J_DATABASE": connection.database,
        "ACCOUNTMAP_MCP_CREDENTIAL": credential,
        "PYTHONPATH": str(REPO),
    }


async def test_the_tools_answer_over_stdio_for_the_credential_in_the_environment(
    graph: GraphClient, neo4j_connection: ConnectionOptions, tmp_path: Path
) -> None:
    """Our member's key lists the tools and finds Harborview's warmest path; a partner's key, over
    a second process, sees its own overlap and no seller."""
    workspace = new_workspace("demo-stdio")
    await load_demo(graph, workspace)
    member = (await create_api_key(graph, workspace, "stdio", Role.MEMBER)).secret
    partner = (await create_api_key(graph, workspace, "stdio", Role.PARTNER, "par-stratus")).secret
    with (tmp_path / "stderr.log").open("w") as errlog:
        command = StdioServerParameters(
            command=ACCOUNTMAP, args=["mcp"], env=_env(neo4j_connection, member), cwd=REPO
        )
        async with Client(stdio_client(command, errlog=errlog)) as client:
            names = {tool.name for tool in (await client.list_tools()).tools}
            path = await client.call_tool(
                "warmest_paths", {"accountId": "acc-harborview", "asOf": "2026-11-20"}
            )
        as_partner = StdioServerParameters(
            command=ACCOUNTMAP, args=["mcp"], env=_env(neo4j_connection, partner), cwd=REPO
        )
        async with Client(stdio_client(as_partner, errlog=errlog)) as client:
            overlap = await client.call_tool("partner_overlap", {"asOf": "2026-11-20"})
    assert {"account_map", "warmest_paths", "partner_overlap"} <= names
    assert "Dana Whitfield -> Maya Lindqvist -> Robert Okafor (warmth 0.51" in text_of(path)
    assert not overlap.is_error, text_of(overlap)
    assert "Stratus Cloud Partners" in text_of(overlap)
    assert "Oliver Grant" not in everything_in(overlap)


def test_a_bad_credential_stops_the_command_before_it_serves(
    neo4j_connection: ConnectionOptions,
) -> None:
    """An unknown key: exit 1, the reason on stderr, nothing on stdout (the protocol's channel)."""
    done = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [ACCOUNTMAP, "mcp"],
        env={**os.environ, **_env(neo4j_connection, "am_unknown_key")},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert "The API key is unknown or was revoked." in done.stderr
