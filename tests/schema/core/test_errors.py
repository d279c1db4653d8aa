"""One table of codes: client mistakes get a client code, surprises are masked."""

from __future__ import annotations

import datetime
import logging

import pytest
import strawberry

from graph.core.errors import DatabaseUnavailable, InvalidInput, NotFound
from schema.core.errors import CodedErrors, CodedSchema
from tests.conftest import GraphQLCaller


@strawberry.type
class _Query:
    @strawberry.field
    def echo(self, count: int, day: datetime.date | None = None, ratio: float | None = None) -> int:
        return count

    @strawberry.field
    def invalid(self) -> int | None:
        raise InvalidInput("'maxHops' must be between 1 and 6.", field="maxHops")

    @strawberry.field
    def missing(self) -> int | None:
        raise NotFound.of("Account", "acc-x", argument="accountId")

    @strawberry.field
    def broken(self) -> int:
        raise RuntimeError("a Cypher text that must not leak")


SCHEMA = strawberry.Schema(query=_Query, extensions=[CodedErrors])
QUERY = "query($n: Int!, $d: Date, $r: Float) { echo(count: $n, day: $d, ratio: $r) }"


@pytest.mark.parametrize(
    "variables",
    [
        {"n": "abc"},
        {"n": None},
        {"n": 1, "d": "2025-02-30"},
        {"n": 1, "r": "NaN"},
        {"n": 1, "unknown": 1, "d": "not a date"},
    ],
)
async def test_variables_that_fail_coercion_are_validation_errors(
    variables: dict[str, object],
) -> None:
    """A variable of the wrong type or shape is GRAPHQL_VALIDATION_FAILED, never internal."""
    result = await SCHEMA.execute(QUERY, variable_values=variables)
    assert result.errors
    assert {e.extensions["code"] for e in result.errors if e.extensions} == {
        "GRAPHQL_VALIDATION_FAILED"
    }


async def test_typed_errors_carry_their_code_and_extensions() -> None:
    """A graph-layer error reaches the client with its code and its extensions."""
    result = await SCHEMA.execute("{ invalid missing }")
    assert result.errors
    by_path = {e.path[0]: e for e in result.errors if e.path}
    assert by_path["invalid"].extensions == {"code": "INVALID_INPUT", "field": "maxHops"}
    assert by_path["missing"].message == "No Account with id 'acc-x' in this workspace."
    assert by_path["missing"].extensions == {
        "code": "NOT_FOUND",
        "type": "Account",
        "id": "acc-x",
        "field": "accountId",
    }


async def test_surprises_are_masked() -> None:
    """An unexpected exception is INTERNAL_SERVER_ERROR without its text."""
    result = await SCHEMA.execute("{ broken }")
    assert result.errors
    assert result.errors[0].extensions == {"code": "INTERNAL_SERVER_ERROR"}
    assert "Cypher" not in result.errors[0].message


async def test_a_bad_variable_over_http_is_a_validation_error(gql: GraphQLCaller) -> None:
    """Through the app, an Int! given a string answers GRAPHQL_VALIDATION_FAILED."""
    body = await gql("query($n: Int!) { accounts(first: $n) { totalCount } }", {"n": "abc"})
    assert [e["extensions"]["code"] for e in body["errors"]] == ["GRAPHQL_VALIDATION_FAILED"]


CODED = CodedSchema(query=_Query, extensions=[CodedErrors])


async def test_client_errors_are_logged_at_info_without_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """NOT_FOUND and INVALID_INPUT are one INFO line each, without traceback."""
    with caplog.at_level(logging.INFO, logger="accountmap.errors"):
        await CODED.execute("{ invalid missing }")
    records = [r for r in caplog.records if r.name == "accountmap.errors"]
    assert sorted(r.levelno for r in records) == [logging.INFO, logging.INFO]
    assert all(r.exc_info is None for r in records)
    assert {r.getMessage().split(" ")[0] for r in records} == {"INVALID_INPUT", "NOT_FOUND"}


async def test_internal_errors_are_logged_with_traceback(caplog: pytest.LogCaptureFixture) -> None:
    """An internal error is logged once at ERROR with its traceback."""
    with caplog.at_level(logging.INFO, logger="accountmap.errors"):
        await CODED.execute("{ broken }")
    records = [r for r in caplog.records if r.name == "accountmap.errors"]
    assert [r.levelno for r in records] == [logging.ERROR]
    assert records[0].exc_info is not None


async def test_database_conditions_are_logged_at_warning(caplog: pytest.LogCaptureFixture) -> None:
    """DATABASE_UNAVAILABLE is not the client's doing: one WARNING line, no traceback."""

    @strawberry.type
    class Down:
        @strawberry.field
        def down(self) -> int | None:
            raise DatabaseUnavailable("Neo4j cannot be reached right now.")

    schema = CodedSchema(query=Down, extensions=[CodedErrors])
    with caplog.at_level(logging.INFO, logger="accountmap.errors"):
        result = await schema.execute("{ down }")
    assert result.errors
    assert result.errors[0].extensions == {"code": "DATABASE_UNAVAILABLE"}
    records = [r for r in caplog.records if r.name == "accountmap.errors"]
    assert [(r.levelno, r.exc_info) for r in records] == [(logging.WARNING, None)]
