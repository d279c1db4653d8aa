"""``/mcp``: the MCP server over streamable HTTP, behind the API's own authentication.

Stateless (no MCP session kept between requests) and answered as plain JSON: every request
carries its credential and any worker can answer it, so ``/mcp`` scales out like ``/graphql``.
The SDK's session manager runs inside the app's lifespan (``McpEndpoint.run``).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from mcp.server.context import ServerRequestContext
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from starlette.authentication import AuthenticationError
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.schema import BaseSchema

from api.graphql_view import request_context
from api.mcp.server import build_server
from api.settings import Settings
from schema.core.context import RequestContext, Unauthenticated

PATH = "/mcp"
UNAUTHENTICATED = -32001
"""The JSON-RPC error code of a refused credential (an implementation-defined server error; the
HTTP status and ``error.data.code`` say which refusal it is)."""

AuthErrorHandler = Callable[[HTTPConnection, AuthenticationError], Response]


def _refusal(status: int, message: str, data: object, headers: dict[str, str]) -> Response:
    """A refused request as a JSON-RPC error with this HTTP status."""
    return JSONResponse(
        {
            "jsonrpc": "2.0",
            "id": None,
            "error": {"code": UNAUTHENTICATED, "message": message, "data": data},
        },
        status_code=status,
        headers=headers,
    )


def _as_json_rpc(response: Response) -> Response:
    """A GraphQL-shaped refusal (``errors[0]`` with a message and a code) as a JSON-RPC error,
    same status and headers: an MCP client then shows the reason rather than the bare status."""
    refused = json.loads(bytes(response.body))["errors"][0]
    headers = {k: v for k, v in response.headers.items() if k.lower() == "www-authenticate"}
    return _refusal(response.status_code, refused["message"], refused["extensions"], headers)


def answering_mcp_in_json_rpc(handler: AuthErrorHandler) -> AuthErrorHandler:
    """The app's answer to a bad credential, in JSON-RPC on ``/mcp``."""

    def answer(conn: HTTPConnection, error: AuthenticationError) -> Response:
        response = handler(conn, error)
        return _as_json_rpc(response) if conn.url.path == PATH else response

    return answer


async def _context_of_request(ctx: ServerRequestContext[Any, Any]) -> RequestContext:
    """The caller of the HTTP request that carried this MCP message."""
    if not isinstance(ctx.request, HTTPConnection):
        raise Unauthenticated("Authentication required: send 'Authorization: Bearer <key>'.")
    return request_context(ctx.request)


class McpEndpoint:
    """The ASGI endpoint of ``/mcp``: 401 without a credential (a bad one is refused by the app's
    authentication middleware, ``answering_mcp_in_json_rpc``), else the SDK's transport."""

    def __init__(self, schema: BaseSchema, settings: Settings) -> None:
        self.server = build_server(
            schema, _context_of_request, max_page_size=settings.max_page_size
        )
        self.sessions = StreamableHTTPSessionManager(
            app=self.server,
            stateless=True,
            json_response=True,
            max_request_body_size=settings.max_body_bytes,
        )

    @asynccontextmanager
    async def run(self) -> AsyncIterator[None]:
        """The session manager's run context, held open by the app's lifespan.

        The manager's task group is entered and left in a task of its own: an ASGI server runs
        the lifespan in one task, but a caller may enter and leave it from two (pytest-asyncio
        does with a session fixture), and a task group must be left by the task that entered it.
        """
        started, stopping = asyncio.Event(), asyncio.Event()

        async def hold() -> None:
            async with self.sessions.run():
                started.set()
                await stopping.wait()

        holder = asyncio.create_task(hold(), name="mcp-session-manager")
        ready = asyncio.create_task(started.wait())
        await asyncio.wait({holder, ready}, return_when=asyncio.FIRST_COMPLETED)
        if holder.done():  # it failed to start: say why
            ready.cancel()
            holder.result()
        try:
            yield
        finally:
            stopping.set()
            await holder

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not scope["user"].is_authenticated:
            refusal = _refusal(
                401,
                "Authentication required: send 'Authorization: Bearer <API key or JWT>'.",
                {"code": "UNAUTHENTICATED"},
                {"WWW-Authenticate": "Bearer"},
            )
            await refusal(scope, receive, send)
            return
        await self.sessions.handle_request(scope, receive, send)
