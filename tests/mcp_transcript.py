"""Writes the transcript in docs/MCP.md: an MCP client session on the demo data.

It loads the demo into a workspace of its own, serves the app on a loopback port, and drives it
with the MCP SDK's client exactly as an assistant would (list the tools, call them, one as a
partner, one mistake), then deletes the workspace. Refresh the page with:

    NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=... .venv/bin/python -m tests.mcp_transcript --write

(without NEO4J_URI it uses the background local server of `make neo4j-start`). Without
``--write`` it prints the transcript.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import uvicorn

from api.app import create_app
from api.connection import connection_options, local_server
from api.settings import load_settings
from graph.core.client import ConnectionOptions, GraphClient, open_driver
from graph.core.credentials import Role, create_api_key
from graph.core.migrations import apply_migrations
from seeds.demo import load_demo
from tests.api.mcp_client import mcp_client, text_of
from tests.conftest import new_workspace

PAGE = Path(__file__).resolve().parent.parent / "docs" / "MCP.md"
START, END = "<!-- transcript:start -->", "<!-- transcript:end -->"
DAY = "2026-11-20"

SESSION: list[tuple[str, str, dict[str, Any]]] = [
    ("us", "portfolio_risk", {"minScore": 10, "first": 3, "asOf": DAY}),
    ("us", "warmest_paths", {"accountId": "acc-harborview", "asOf": DAY}),
    ("us", "account_risk", {"accountId": "acc-harborview", "asOf": DAY}),
    (
        "us",
        "what_if_leaves",
        {"accountId": "acc-harborview", "personId": "per-maya-lindqvist", "asOf": DAY},
    ),
    ("us", "deal_qualification", {"opportunityId": "opp-harborview-routes", "asOf": DAY}),
    ("us", "committee_coverage", {"accountId": "acc-harborview", "asOf": DAY}),
    ("us", "warmest_paths", {"accountId": "acc-cobaltridge", "viaPartners": True, "asOf": DAY}),
    ("us", "best_partner", {"accountId": "acc-cobaltridge", "asOf": DAY}),
    ("us", "warm_introductions", {"partnerId": "par-stratus", "first": 3, "asOf": DAY}),
    ("us", "account_map", {"accountId": "acc-northwind", "asOf": DAY}),
    ("us", "warmest_paths", {"accountId": "acc-harborview", "maxHops": 9}),
    ("partner", "partner_overlap", {"first": 3, "asOf": DAY}),
    ("partner", "account_map", {"accountId": "acc-northwind"}),
]


def _outline(value: Any, keep: int = 2, depth: int = 0) -> Any:
    """The structured content shortened for reading: lists cut to their first items, and
    nothing deeper than four levels."""
    if isinstance(value, list | dict) and depth >= 4:
        return "..."
    if isinstance(value, list):
        shown = [_outline(item, keep, depth + 1) for item in value[:keep]]
        return shown + ([f"... {len(value) - keep} more"] if len(value) > keep else [])
    if isinstance(value, dict):
        return {key: _outline(item, keep, depth + 1) for key, item in value.items()}
    return value


def _dumped(value: Any) -> str:
    """One line per top-level member."""
    if not isinstance(value, dict):
        return json.dumps(value)
    members = [f"  {json.dumps(key)}: {json.dumps(item)}" for key, item in value.items()]
    return "{\n" + ",\n".join(members) + "\n}"


def _connection() -> ConnectionOptions:
    settings = load_settings()
    if not settings.uses_local_server:
        return connection_options(settings)
    uri = local_server(settings).running_detached()
    if uri is None:
        sys.exit("Set NEO4J_URI (and NEO4J_PASSWORD), or start the local Neo4j: make neo4j-start.")
    return connection_options(settings, uri)


@asynccontextmanager
async def _served(connection: ConnectionOptions) -> AsyncIterator[str]:
    app = create_app(load_settings(), connection)
    async with app.router.lifespan_context(app):
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=0, lifespan="off", log_level="warning")
        )
        task = asyncio.create_task(server.serve())
        while not server.started:  # noqa: ASYNC110 - uvicorn.Server offers no event to wait on
            await asyncio.sleep(0.05)
        try:
            yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
        finally:
            server.should_exit = True
            await task


async def transcript() -> str:
    """The session, as Markdown."""
    connection = _connection()
    driver = open_driver(connection)
    graph = GraphClient(driver, connection.database)
    workspace = new_workspace("mcp-transcript")
    lines: list[str] = []
    try:
        await apply_migrations(graph)
        await load_demo(graph, workspace)
        keys = {
            "us": (await create_api_key(graph, workspace, "assistant", Role.MEMBER)).secret,
            "partner": (
                await create_api_key(graph, workspace, "stratus", Role.PARTNER, "par-stratus")
            ).secret,
        }
        async with _served(connection) as url:
            async with mcp_client(url, keys["us"]) as client:
                info = client.server_info
                tools = (await client.list_tools()).tools
                lines += [
                    f"Connected to `{url}/mcp` with a `member` key: server "
                    f"`{info.name if info else '?'}`, protocol `{client.protocol_version}`.",
                    "",
                    f"`tools/list`: {', '.join(f'`{tool.name}`' for tool in tools)}.",
                    "",
                ]
            for caller, tool, arguments in SESSION:
                async with mcp_client(url, keys[caller]) as client:
                    result = await client.call_tool(tool, arguments)
                who = "as our member" if caller == "us" else "as Stratus (a partner key)"
                lines += [
                    f"**`{tool}`** {who} `{json.dumps(arguments)}`"
                    + (" -> tool error" if result.is_error else ""),
                    "",
                    f"> {text_of(result)}",
                    "",
                    "```json",
                    _dumped(_outline(result.structured_content)),
                    "```",
                    "",
                ]
    finally:
        async with driver.session(database=connection.database) as session:
            await session.run("MATCH (n) WHERE n.workspace = $w DETACH DELETE n", w=workspace)
            await session.run("MATCH (n:Workspace {id: $w}) DETACH DELETE n", w=workspace)
        await driver.close()
    return re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:8000", "\n".join(lines)).rstrip() + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--write", action="store_true", help="Rewrite the transcript in docs/MCP.md."
    )
    write = parser.parse_args().write
    text = asyncio.run(transcript())
    if not write:
        print(text)
        return
    page = PAGE.read_text()
    head, _, rest = page.partition(START)
    _, _, tail = rest.partition(END)
    PAGE.write_text(f"{head}{START}\n{text}{END}{tail}")


if __name__ == "__main__":
    main()
