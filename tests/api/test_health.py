"""Liveness and readiness routes."""

from __future__ import annotations

import httpx


async def test_healthz_needs_nothing(http: httpx.AsyncClient) -> None:
    """/healthz answers 200 without credentials."""
    response = await http.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_when_neo4j_answers_and_migrations_are_applied(
    http: httpx.AsyncClient,
) -> None:
    """/readyz is 200 once Neo4j is reachable and migrated."""
    response = await http.get("/readyz")
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "ready"}


async def test_graphiql_page_is_served_to_browsers(http: httpx.AsyncClient) -> None:
    """A browser GET of /graphql gets the GraphiQL page (queries still need a credential)."""
    response = await http.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()
