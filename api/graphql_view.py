"""The Strawberry ASGI view, building each request's context from the authenticated caller."""

from __future__ import annotations

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.schema import BaseSchema

from api.auth import PrincipalUser
from api.ide import IdeAssets
from api.settings import Settings
from graph.core.client import GraphClient
from schema.core.context import Limits, RequestContext

_HTTP_CODES = {
    400: "BAD_REQUEST",
    405: "METHOD_NOT_ALLOWED",
    413: "REQUEST_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
}


class AccountMapGraphQL(GraphQL[RequestContext, None]):
    """GraphQL over HTTP; subscriptions are not offered. Browsers get GraphiQL from ``api.ide``
    (served from this origin) instead of Strawberry's CDN-loaded page."""

    def __init__(self, schema: BaseSchema, *, ide: IdeAssets | None) -> None:
        super().__init__(schema, graphql_ide="graphiql" if ide else None)
        self.ide = ide

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        try:
            response = await self.run(Request(scope=scope, receive=receive))
        except HTTPException as error:
            # Strawberry answers a malformed request (bad JSON, no query, wrong method) in plain
            # text; every error here carries a code, so it becomes a GraphQL error body.
            response = JSONResponse(
                {
                    "errors": [
                        {
                            "message": error.reason,
                            "extensions": {
                                "code": _HTTP_CODES.get(error.status_code, "BAD_REQUEST")
                            },
                        }
                    ]
                },
                status_code=error.status_code,
            )
        await response(scope, receive, send)

    async def render_graphql_ide(self, request: Request) -> Response:
        assert self.ide is not None  # Strawberry renders the IDE only when one is configured
        return self.ide.page()

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> RequestContext:
        # Only the GraphiQL page gets here unauthenticated (RequireAuthentication lets it by).
        user = request.scope["user"]
        caller = user.principal if isinstance(user, PrincipalUser) else None
        settings: Settings = request.app.state.settings
        graph: GraphClient = request.app.state.graph
        return RequestContext(
            graph=graph,
            caller=caller,
            limits=Limits(
                max_page_size=settings.max_page_size, max_batch_rows=settings.max_batch_rows
            ),
        )
