"""Authentication: API keys and JWTs, 401 for everything else."""

from __future__ import annotations

import time

import httpx
import jwt
from starlette.applications import Starlette

from graph.core.client import GraphClient
from graph.core.credentials import (
    PrincipalCache,
    Role,
    create_api_key,
    list_api_keys,
    revoke_api_key,
)
from tests.conftest import JWT_ISSUER, JWT_SECRET, GraphQLCaller

VIEWER_QUERY = "{ viewer { workspace role subject partnerId } }"


def _token(**claims: object) -> str:
    base: dict[str, object] = {
        "sub": "user-1",
        "iss": JWT_ISSUER,
        "exp": int(time.time()) + 600,
    }
    base.update(claims)
    return jwt.encode(base, JWT_SECRET, algorithm="HS256")


async def test_unauthenticated_request_gets_401_and_nothing_else(http: httpx.AsyncClient) -> None:
    """No credential: 401 with an UNAUTHENTICATED code and no data."""
    response = await http.post("/graphql", json={"query": VIEWER_QUERY})
    assert response.status_code == 401
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_unknown_api_key_gets_401(http: httpx.AsyncClient) -> None:
    """A made-up key is refused with a message saying so."""
    response = await http.post(
        "/graphql",
        json={"query": VIEWER_QUERY},
        headers={"Authorization": "Bearer am_000000000000_nope"},
    )
    assert response.status_code == 401
    assert "unknown or was revoked" in response.json()["errors"][0]["message"]


async def test_api_key_speaks_for_its_workspace_and_role(
    gql: GraphQLCaller, workspace: str
) -> None:
    """An admin key of workspace W sees viewer.workspace == W."""
    body = await gql(VIEWER_QUERY)
    viewer = body["data"]["viewer"]
    assert viewer["workspace"] == workspace
    assert viewer["role"] == "ADMIN"


async def test_revoked_key_is_refused(
    app: Starlette, http: httpx.AsyncClient, graph: GraphClient, workspace: str
) -> None:
    """After revocation the same key gets 401 once the process's key cache has let it go (at
    most ACCOUNTMAP_API_KEY_CACHE_S later; a clock of the test's own stands in for time); the
    listing shows when it was revoked."""
    clock = _Clock()
    previous = getattr(app.state, "principal_cache", None)
    app.state.principal_cache = PrincipalCache(10.0, timer=clock)
    try:
        created = await create_api_key(graph, workspace, "short-lived", Role.VIEWER)
        caller = GraphQLCaller(http, created.secret)
        assert "data" in await caller(VIEWER_QUERY)
        await revoke_api_key(graph, workspace, created.info.id)
        clock.now += 9.0
        assert "data" in await caller(VIEWER_QUERY)  # still within the cache's 10 seconds
        clock.now += 1.5
        response = await http.post(
            "/graphql",
            json={"query": VIEWER_QUERY},
            headers={"Authorization": f"Bearer {created.secret}"},
        )
        assert response.status_code == 401
    finally:
        app.state.principal_cache = previous
    listed = {key.id: key for key in await list_api_keys(graph, workspace)}
    assert listed[created.info.id].revoked_at is not None


async def test_revoked_key_is_refused_at_once_without_cache(
    graph: GraphClient, workspace: str
) -> None:
    """With the cache at 0 seconds every lookup reads Neo4j: revocation counts immediately."""
    cache = PrincipalCache(0)
    created = await create_api_key(graph, workspace, "uncached", Role.VIEWER)
    assert (await cache.find(graph, created.secret)) is not None
    await revoke_api_key(graph, workspace, created.info.id)
    assert await cache.find(graph, created.secret) is None


class _Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_keys_are_stored_hashed(graph: GraphClient, workspace: str) -> None:
    """The secret itself appears nowhere in the graph."""
    created = await create_api_key(graph, workspace, "hashed", Role.MEMBER)

    async def stored(tx):  # type: ignore[no-untyped-def]
        result = await tx.run(
            "MATCH (k:ApiKey {id: $id}) RETURN properties(k) AS p", id=created.info.id
        )
        return (await result.single())["p"]

    properties = await graph.read(stored)
    assert created.secret not in {str(v) for v in properties.values()}


async def test_valid_jwt_is_accepted(http: httpx.AsyncClient, workspace: str) -> None:
    """A JWT signed with the configured key and carrying workspace and role claims works."""
    caller = GraphQLCaller(http, _token(workspace=workspace, role="viewer"))
    body = await caller(VIEWER_QUERY)
    assert body["data"]["viewer"] == {
        "workspace": workspace,
        "role": "VIEWER",
        "subject": "jwt:user-1",
        "partnerId": None,
    }


async def test_jwt_problems_say_what_is_wrong(http: httpx.AsyncClient, workspace: str) -> None:
    """Expired, wrongly signed, and claim-less tokens get 401 with a specific message."""
    cases = {
        _token(workspace=workspace, role="viewer", exp=int(time.time()) - 10): "expired",
        jwt.encode(
            {
                "sub": "x",
                "iss": JWT_ISSUER,
                "exp": int(time.time()) + 60,
                "workspace": workspace,
                "role": "viewer",
            },
            "another-secret-of-a-decent-size-too-x",
            algorithm="HS256",
        ): "Signature verification failed",
        _token(role="viewer"): "no 'workspace' claim",
        _token(workspace=workspace, role="overlord"): "'role' claim must be one of",
        _token(workspace=workspace, role="partner"): "'partner' claim",
    }
    for token, expected in cases.items():
        response = await http.post(
            "/graphql", json={"query": VIEWER_QUERY}, headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 401, expected
        assert expected in response.json()["errors"][0]["message"]


async def test_wrong_auth_scheme_is_explained(http: httpx.AsyncClient) -> None:
    """Basic auth is refused with the header format to use."""
    response = await http.post(
        "/graphql", json={"query": VIEWER_QUERY}, headers={"Authorization": "Basic Zm9vOmJhcg=="}
    )
    assert response.status_code == 401
    assert "Bearer" in response.json()["errors"][0]["message"]
