"""Who is calling: API keys for scripts, bearer JWTs for frontends.

Both arrive as ``Authorization: Bearer ...`` (keys may also come as ``X-API-Key``). A key is looked
up by its hash; a JWT is verified against the configured issuer key and must carry ``workspace``
and ``role`` claims (and ``partner`` for the partner role).
"""

from __future__ import annotations

import json
from typing import Any

import jwt
from starlette.authentication import (
    AuthCredentials,
    AuthenticationBackend,
    AuthenticationError,
    BaseUser,
)
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from api.settings import Settings
from graph.core.client import GraphClient
from graph.core.credentials import Principal, PrincipalCache, Role, find_principal_by_api_key
from graph.core.errors import GraphError


class PrincipalUser(BaseUser):
    """Starlette's view of an authenticated principal."""

    def __init__(self, principal: Principal) -> None:
        self.principal = principal

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def display_name(self) -> str:
        return self.principal.subject


class CredentialError(AuthenticationError):
    """A credential was presented but is not valid; the message says why."""


class _DatabaseDown(AuthenticationError):
    """Keys cannot be checked while Neo4j is unreachable (or refuses our credentials)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def _principal_from_jwt(token: str, settings: Settings) -> Principal:
    if settings.jwt_key is None:
        raise CredentialError("Bearer JWTs are not accepted: no ACCOUNTMAP_JWT_KEY is configured.")
    try:
        claims = jwt.decode(
            token,
            settings.jwt_key.get_secret_value(),
            algorithms=settings.jwt_algorithms,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            options={"require": ["exp", "sub"]},
        )
    except jwt.PyJWTError as error:
        raise CredentialError(f"The bearer token is not valid: {error}.") from None
    workspace, role, partner = claims.get("workspace"), claims.get("role"), claims.get("partner")
    if not isinstance(workspace, str) or not workspace:
        raise CredentialError("The bearer token has no 'workspace' claim.")
    try:
        parsed_role = Role(str(role))
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise CredentialError(f"The token's 'role' claim must be one of {allowed}.") from None
    if parsed_role is Role.PARTNER and not isinstance(partner, str):
        raise CredentialError("A partner token needs a 'partner' claim naming the partner id.")
    return Principal(
        workspace,
        parsed_role,
        f"jwt:{claims['sub']}",
        partner if parsed_role is Role.PARTNER else None,
    )


def principal_cache(app_state: Any, settings: Settings) -> PrincipalCache:
    """The process's cache of found keys (made on first use, ``ACCOUNTMAP_API_KEY_CACHE_S``)."""
    cache: PrincipalCache | None = getattr(app_state, "principal_cache", None)
    if cache is None:
        cache = PrincipalCache(settings.api_key_cache_s)
        app_state.principal_cache = cache
    return cache


class CredentialBackend(AuthenticationBackend):
    """Starlette authentication backend for API keys and JWTs."""

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser] | None:
        header = conn.headers.get("authorization", "")
        token = conn.headers.get("x-api-key", "")
        if header:
            scheme, _, value = header.partition(" ")
            if scheme.lower() != "bearer" or not value.strip():
                raise CredentialError("Use 'Authorization: Bearer <API key or JWT>'.")
            token = value.strip()
        if not token:
            return None
        principal = await principal_for_token(conn, token)
        return AuthCredentials([principal.role.value]), PrincipalUser(principal)


async def principal_for_token(conn: HTTPConnection, token: str) -> Principal:
    """The caller an API key or JWT stands for, as the server sees it (keys through the
    process's cache); also what a WebSocket's connection_init credential goes through."""
    settings: Settings = conn.app.state.settings
    return await principal_of(
        token, settings, conn.app.state.graph, principal_cache(conn.app.state, settings)
    )


async def principal_of(
    token: str, settings: Settings, graph: GraphClient, cache: PrincipalCache | None = None
) -> Principal:
    """Who an API key (``am_...``) or a JWT speaks for; ``AuthenticationError`` (a
    ``CredentialError`` saying why) when it is not valid, or Neo4j cannot check a key. Keys are
    looked up through ``cache`` when given (the server's; a one-off command has none)."""
    if token.startswith("am_"):
        try:
            principal = await (
                cache.find(graph, token)
                if cache is not None
                else find_principal_by_api_key(graph, token)
            )
        except GraphError as error:
            raise _DatabaseDown(error.message, error.code) from None
        if principal is None:
            raise CredentialError("The API key is unknown or was revoked.")
        return principal
    return _principal_from_jwt(token, settings)


def _error_body(message: str, code: str) -> dict[str, object]:
    return {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}


def auth_error_response(_conn: HTTPConnection, error: AuthenticationError) -> Response:
    """The response to a bad credential: 401 (or 503 when keys cannot be checked)."""
    if isinstance(error, _DatabaseDown):
        return JSONResponse(_error_body(str(error), error.code), status_code=503)
    return JSONResponse(
        _error_body(str(error), "UNAUTHENTICATED"),
        status_code=401,
        headers={"WWW-Authenticate": "Bearer"},
    )


class RequireAuthentication:
    """Lets only authenticated requests through, but serves the GraphiQL page to browsers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["user"].is_authenticated or _wants_graphiql(scope):
            await self.app(scope, receive, send)
            return
        body = json.dumps(
            _error_body(
                "Authentication required: send 'Authorization: Bearer <API key or JWT>'.",
                "UNAUTHENTICATED",
            )
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 401,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"www-authenticate", b"Bearer"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _wants_graphiql(scope: Scope) -> bool:
    if scope["method"] != "GET" or scope.get("query_string"):
        return False
    accept = dict(scope["headers"]).get(b"accept", b"").decode()
    return "text/html" in accept
