"""The Strawberry ASGI view, building each request's context from the authenticated caller."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from api.auth import PrincipalUser
from api.settings import Settings
from graph.core.client import GraphClient
from schema.core.context import Limits, RequestContext


class AccountMapGraphQL(GraphQL[RequestContext, None]):
    """GraphQL over HTTP; subscriptions are not offered."""

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
