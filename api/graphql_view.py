"""The Strawberry ASGI view, building each request's context from the authenticated caller.

The view is also the edge where a request body is checked before GraphQL sees it: at most
``max_body_bytes`` (``ACCOUNTMAP_MAX_BODY_BYTES``) read, counted while reading; JSON nested at most
``MAX_JSON_DEPTH`` deep; every string valid Unicode (a lone UTF-16 surrogate could never be stored
nor sent to Neo4j). Each refusal is a GraphQL error body with a code.

It also bounds how long a request may take: the whole answer within ``budget_s``
(``ACCOUNTMAP_REQUEST_TIMEOUT_S``, QUERY_TIMEOUT when spent; each Neo4j transaction's server-side
timeout is cut to what is left, so the database stops too), and work stops when the client
disconnects (cancelled: the driver drops the connection and Neo4j ends the transaction).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from cross_web import HTTPException
from starlette.authentication import AuthenticationError
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.schema import BaseSchema
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UnsetType

from api.auth import PrincipalUser, principal_for_token
from api.ide import IdeAssets
from api.observability import RequestRecord, current_record
from api.settings import Settings
from graph.core.client import GraphClient
from schema.core.context import Limits, RequestContext

GRAPHQL_RESPONSE = "application/graphql-response+json"
"""The GraphQL-over-HTTP media type; a client that accepts it gets it, with the spec's status
codes (400 for a request that never ran: unparsable, invalid, refused)."""
_answer_as: ContextVar[str] = ContextVar("answer_as", default="application/json")

MAX_JSON_DEPTH = 64
"""Deepest nesting of arrays and objects a request body may have (ours need a handful)."""

_HTTP_CODES = {
    400: "BAD_REQUEST",
    405: "METHOD_NOT_ALLOWED",
    413: "REQUEST_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
}


class RequestRefused(HTTPException):
    """A request body refused before GraphQL runs, with the code the client gets."""

    def __init__(self, status_code: int, reason: str, code: str) -> None:
        super().__init__(status_code, reason)
        self.code = code


def _too_large(limit: int) -> RequestRefused:
    return RequestRefused(
        413, f"The request body is larger than {limit} bytes.", "REQUEST_TOO_LARGE"
    )


def _limited(receive: Receive, limit: int) -> Receive:
    """``receive`` that stops with REQUEST_TOO_LARGE once more than ``limit`` bytes came in."""
    seen = 0

    async def limited() -> Any:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise _too_large(limit)
        return message

    return limited


def _too_deep() -> RequestRefused:
    return RequestRefused(
        400, f"The JSON body nests deeper than {MAX_JSON_DEPTH} levels.", "BAD_REQUEST"
    )


def _check_text(text: str) -> None:
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise RequestRefused(
                400,
                "A string in the request is not valid Unicode (a lone UTF-16 surrogate).",
                "INVALID_INPUT",
            ) from None


def check_json(value: object) -> None:
    """``RequestRefused`` unless ``value`` nests at most ``MAX_JSON_DEPTH`` deep and every string
    in it (object keys included) is valid Unicode. Iterative, holding one iterator per level:
    memory stays bounded by the depth whatever the size."""
    if isinstance(value, str):
        _check_text(value)
    if not isinstance(value, dict | list):
        return
    stack: list[Iterator[object]] = [_members(value)]
    while stack:
        item = next(stack[-1], _DONE)
        if item is _DONE:
            stack.pop()
        elif isinstance(item, str):
            _check_text(item)
        elif isinstance(item, dict | list):
            if len(stack) >= MAX_JSON_DEPTH:
                raise _too_deep()
            stack.append(_members(item))


_DONE = object()


def _members(container: dict[str, object] | list[object]) -> Iterator[object]:
    """A container's keys and values (an object's) or items (an array's)."""
    if isinstance(container, list):
        yield from container
        return
    for key, item in container.items():
        yield key
        yield item


def _media_type_for(accept: str) -> str:
    """``GRAPHQL_RESPONSE`` when the Accept header takes it (with a non-zero quality), else JSON."""
    for offer in accept.split(","):
        media, *parameters = (part.strip().lower() for part in offer.split(";"))
        quality = next((p[2:] for p in parameters if p.startswith("q=")), "1")
        try:
            accepted = float(quality) > 0
        except ValueError:
            accepted = False
        if media == GRAPHQL_RESPONSE and accepted:
            return GRAPHQL_RESPONSE
    return "application/json"


def _is_request_error(body: object) -> bool:
    """A result without data whose errors are all outside execution (no path): the request never
    ran (parse, validation, a refused id)."""
    if not isinstance(body, dict) or body.get("data") is not None or not body.get("errors"):
        return False
    return all(not error.get("path") for error in body["errors"])


async def _disconnected(receive: Receive) -> None:
    """Returns when the client disconnects (called once the body has been read)."""
    while (await receive())["type"] != "http.disconnect":
        pass


def _error_response(message: str, code: str, status: int, media_type: str) -> Response:
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]},
        status_code=status,
        media_type=media_type,
    )


def _code_of_result(data: object) -> str:
    """``OK``, or the code of the first error of a result (of a batch: its first failing one)."""
    for result in data if isinstance(data, list) else [data]:
        errors = result.get("errors") if isinstance(result, dict) else None
        for error in errors or ():
            code = (error.get("extensions") or {}).get("code") if isinstance(error, dict) else None
            return str(code or "INTERNAL_SERVER_ERROR")
    return "OK"


def _first_code(response: Response) -> str | None:
    try:
        body = json.loads(bytes(response.body))
    except ValueError:
        return None
    code = _code_of_result(body)
    return None if code == "OK" else code


class SocketContext(RequestContext):
    """A WebSocket's context: the socket too, so that connection_init can authenticate."""

    def __init__(self, socket: WebSocket, **fields: Any) -> None:
        super().__init__(**fields)
        self.socket = socket


def _bearer(params: dict[str, Any] | None) -> str:
    """The credential of a connection_init payload: ``Authorization: Bearer <key or JWT>`` (any
    case of the key) or ``apiKey``."""
    for key, value in (params or {}).items():
        if key.lower() == "authorization" and isinstance(value, str):
            scheme, _, token = value.partition(" ")
            return token.strip() if scheme.lower() == "bearer" else ""
        if key.lower() in ("apikey", "x-api-key") and isinstance(value, str):
            return value.strip()
    return ""


class AccountMapGraphQL(GraphQL[RequestContext, None]):
    """GraphQL over HTTP, and subscriptions over WebSocket (graphql-transport-ws only; the
    credential comes in the handshake's header or in connection_init's payload). Browsers get
    GraphiQL from ``api.ide`` (served from this origin) instead of Strawberry's CDN-loaded
    page."""

    def __init__(
        self,
        schema: BaseSchema,
        *,
        ide: IdeAssets | None,
        max_body_bytes: int = 4_194_304,
        budget_s: float | None = None,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if ide else None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        )
        self.ide = ide
        self.max_body_bytes = max_body_bytes
        self.budget_s = budget_s

    def decode_json(self, data: str | bytes) -> object:
        try:
            value = json.loads(data)
        except RecursionError:
            raise _too_deep() from None
        except UnicodeDecodeError:
            raise RequestRefused(400, "The request body is not UTF-8.", "BAD_REQUEST") from None
        check_json(value)
        return value

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        record = current_record()
        media_type = _media_type_for(Request(scope=scope).headers.get("accept", ""))
        token = _answer_as.set(media_type)
        try:
            request = Request(scope=scope, receive=_limited(receive, self.max_body_bytes))
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_body_bytes:
                raise _too_large(self.max_body_bytes)
            # The whole body first: what ``receive`` yields after it is the disconnect.
            await request.body()
            response = await self._answer(request, receive, record)
        except HTTPException as error:
            # Strawberry answers a malformed request (bad JSON, no query, wrong method) in plain
            # text; every error here carries a code, so it becomes a GraphQL error body.
            code = (
                error.code
                if isinstance(error, RequestRefused)
                else _HTTP_CODES.get(error.status_code, "BAD_REQUEST")
            )
            response = _error_response(error.reason, code, error.status_code, media_type)
        finally:
            _answer_as.reset(token)
        if response is None:
            return  # the client is gone: nobody to answer
        if record is not None and response.status_code >= 400 and record.code == "OK":
            record.code = _first_code(response) or record.code
        response.headers["vary"] = "Accept"
        await response(scope, receive, send)

    async def _answer(
        self, request: Request, receive: Receive, record: RequestRecord | None
    ) -> Response | None:
        """Run the request within the budget; ``None`` when the client disconnected first."""
        work = asyncio.ensure_future(self.run(request))
        gone = asyncio.ensure_future(_disconnected(receive))
        try:
            done, _ = await asyncio.wait(
                {work, gone}, timeout=self.budget_s, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            gone.cancel()
        if work in done:
            return work.result()
        work.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await work  # let the driver drop the connection: Neo4j then ends the transaction
        if gone in done:
            if record is not None:
                record.code = "CLIENT_CLOSED_REQUEST"
                record.status = 499
            return None
        if record is not None:
            record.code = "QUERY_TIMEOUT"
        return _error_response(
            f"The request ran past its time budget of {self.budget_s:g} s "
            "(ACCOUNTMAP_REQUEST_TIMEOUT_S) and was stopped; narrow it (fewer hops, a smaller "
            "page, fewer fields) or raise the budget.",
            "QUERY_TIMEOUT",
            504,
            _answer_as.get(),
        )

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        response = super().create_response(response_data, sub_response)
        record = current_record()
        if record is not None:
            record.code = _code_of_result(response_data)
        if _answer_as.get() == GRAPHQL_RESPONSE:
            response.headers["content-type"] = GRAPHQL_RESPONSE
            if _is_request_error(response_data):
                # The spec: a request that did not execute has no data entry and a 4xx status.
                response_data.pop("data", None)
                encoded = self.encode_json(response_data)
                response.body = encoded if isinstance(encoded, bytes) else encoded.encode()
                response.headers["content-length"] = str(len(response.body))
                response.status_code = 400
        return response

    async def render_graphql_ide(self, request: Request) -> Response:
        assert self.ide is not None  # Strawberry renders the IDE only when one is configured
        return self.ide.page()

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> RequestContext:
        if isinstance(request, WebSocket):
            # Only the GraphiQL page gets here unauthenticated (RequireAuthentication lets it by).
            user = request.scope["user"]
            caller = user.principal if isinstance(user, PrincipalUser) else None
            settings: Settings = request.app.state.settings
            graph: GraphClient = request.app.state.graph
            return SocketContext(request, graph=graph, caller=caller, limits=limits_of(settings))
        return request_context(request)

    async def on_ws_connect(self, context: RequestContext) -> UnsetType | dict[str, object] | None:
        """Accept a WebSocket whose handshake or connection_init carries a valid credential;
        close it (4403) otherwise."""
        if context.caller is not None:
            return await super().on_ws_connect(context)
        token = _bearer(context.connection_params)
        if not token or not isinstance(context, SocketContext):
            raise ConnectionRejectionError({"code": "UNAUTHENTICATED"})
        try:
            context.caller = await principal_for_token(context.socket, token)
        except AuthenticationError:
            raise ConnectionRejectionError({"code": "UNAUTHENTICATED"}) from None
        return await super().on_ws_connect(context)


def request_context(connection: HTTPConnection) -> RequestContext:
    """The GraphQL context of an authenticated HTTP request: its caller, the process's graph
    client (tagged with the request id) and the limits from the settings (``/graphql`` and
    ``/mcp`` build it the same way)."""
    # Only the GraphiQL page gets here unauthenticated (RequireAuthentication lets it by).
    user = connection.scope["user"]
    caller = user.principal if isinstance(user, PrincipalUser) else None
    settings: Settings = connection.app.state.settings
    graph: GraphClient = connection.app.state.graph
    record = current_record()
    if record is not None:
        graph = graph.with_metadata(requestId=record.request_id)
        record.workspace = caller.workspace if caller is not None else ""
    context = RequestContext(graph=graph, caller=caller, limits=limits_of(settings))
    if record is not None:
        record.context = context
    return context


def limits_of(settings: Settings) -> Limits:
    """The request limits the settings give."""
    return Limits(
        max_page_size=settings.max_page_size,
        max_batch_rows=settings.max_batch_rows,
        poll_s=settings.signals_poll_s,
    )
