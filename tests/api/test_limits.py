"""Security limits and error shaping: every error carries a code, internals are masked."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import GraphQLCaller


def _codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body["errors"]]


async def test_syntax_error_has_parse_code(gql: GraphQLCaller) -> None:
    """A malformed document gets GRAPHQL_PARSE_FAILED."""
    assert _codes(await gql("{ viewer { workspace ")) == ["GRAPHQL_PARSE_FAILED"]


async def test_unknown_field_has_validation_code(gql: GraphQLCaller) -> None:
    """Asking for a field that does not exist names it and gets GRAPHQL_VALIDATION_FAILED."""
    body = await gql("{ viewer { nope } }")
    assert _codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "nope" in body["errors"][0]["message"]


async def test_alias_flood_is_refused(gql: GraphQLCaller) -> None:
    """More aliases than the limit are refused before anything runs."""
    query = "{ " + " ".join(f"a{i}: viewer {{ role }}" for i in range(40)) + " }"
    body = await gql(query)
    assert body.get("data") is None
    assert "aliases" in body["errors"][0]["message"].lower()


async def test_token_flood_is_refused(gql: GraphQLCaller) -> None:
    """A document with more tokens than the limit is refused."""
    query = "{ viewer { " + " ".join(["role"] * 5000) + " } }"
    body = await gql(query)
    assert body.get("data") is None
    assert "token" in body["errors"][0]["message"].lower()


async def test_a_malformed_body_is_a_coded_graphql_error(
    http: httpx.AsyncClient, admin_key: str
) -> None:
    """A body that is not JSON gets 400 with a GraphQL error body and a code, not plain text."""
    response = await http.post(
        "/graphql",
        content=b"{not json",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {admin_key}"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
