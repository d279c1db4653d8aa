"""Security limits and error shaping: every error carries a code, internals are masked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import strawberry
from strawberry.extensions import SchemaExtension

from schema.root import build_schema
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


async def test_limits_hold_when_a_document_comes_again(gql: GraphQLCaller) -> None:
    """The second sending of an over-deep or alias-flooded text is refused like the first: the
    per-process parse and validation cache keeps the limits' errors, not a pass."""
    deep = '{ node(id: "x") { ... on Person { ' + "manager { " * 9 + "id" + " }" * 12
    aliases = "{ " + " ".join(f"a{i}: viewer {{ role }}" for i in range(40)) + " }"
    for _ in range(2):
        assert "aliases" in (await gql(aliases))["errors"][0]["message"].lower()
        assert "depth" in (await gql(deep))["errors"][0]["message"].lower()
        assert _codes(await gql("{ viewer { workspace ")) == ["GRAPHQL_PARSE_FAILED"]


def test_validation_rules_are_the_same_classes_on_every_request() -> None:
    """The depth and alias limiters' rule classes are made once per schema, so the validation
    cache (keyed by the document and the rule classes) hits after the first request."""
    seen: list[tuple[type, ...]] = []

    class _Record(SchemaExtension):
        def on_validate(self) -> Iterator[None]:
            seen.append(tuple(self.execution_context.validation_rules))
            yield

    schema = build_schema()
    recording = strawberry.Schema(
        query=schema.query,
        extensions=[*schema.extensions, _Record],
    )
    for _ in range(2):
        recording.execute_sync("{ __typename }")
    assert len(seen) == 2
    assert seen[0] == seen[1]
    names = {rule.__name__ for rule in seen[0]}
    assert {"DepthLimitValidator", "MaxAliasesValidator"} <= names
