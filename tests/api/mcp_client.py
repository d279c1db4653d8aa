"""The MCP SDK's own client, pointed at ``/mcp`` with a credential; the demo's keys."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp_types import CallToolResult, TextContent


@asynccontextmanager
async def mcp_client(url: str, credential: str | None) -> AsyncIterator[Client]:
    """A connected client; ``credential`` goes in ``Authorization: Bearer``."""
    headers = {"Authorization": f"Bearer {credential}"} if credential else {}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=60) as http,
        Client(streamable_http_client(f"{url}/mcp", http_client=http)) as client,
    ):
        yield client


def text_of(result: CallToolResult) -> str:
    """The text blocks of a tool result, joined."""
    return "\n".join(block.text for block in result.content if isinstance(block, TextContent))


def everything_in(result: CallToolResult) -> str:
    """All a caller got: the text and the structured content, as one string."""
    return text_of(result) + json.dumps(result.structured_content or {})


def error_of(result: CallToolResult) -> dict[str, Any]:
    """The first coded error of a tool error."""
    assert result.is_error, text_of(result)
    assert result.structured_content is not None
    error: dict[str, Any] = result.structured_content["errors"][0]
    return error


@dataclass(frozen=True)
class DemoKeys:
    """Keys of one demo workspace: our admin, and one per partner."""

    workspace: str
    admin: str
    stratus: str
    meridian: str
    northgate: str
