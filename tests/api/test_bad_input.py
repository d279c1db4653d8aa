"""Findings of the bad-input audit and the fuzz run, each kept as a plain regression test: whatever
a client sends gets data or a coded client error, never INTERNAL_SERVER_ERROR."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from api.graphql_view import MAX_JSON_DEPTH, RequestRefused, check_json
from api.settings import Settings
from schema.core.errors import MAX_MESSAGE_CHARS
from schema.core.ids import MAX_ID_CHARS
from tests.conftest import GraphQLCaller


def _codes(body: dict[str, Any]) -> set[str | None]:
    return {(e.get("extensions") or {}).get("code") for e in body.get("errors") or []}


def _only_error(body: dict[str, Any]) -> dict[str, Any]:
    errors = body.get("errors") or []
    assert len(errors) == 1, body
    error: dict[str, Any] = errors[0]
    return error


@pytest.mark.parametrize(
    ("document", "field"),
    [
        (
            '{ departureKnockOn(personId: "per-robert-okafor", lookbackDays: 2147483647) '
            "{ __typename } }",
            "lookbackDays",
        ),
        (
            '{ accountRisk(accountId: "acc-harborview", options: {staleAfterDays: 1000000}) '
            "{ __typename } }",
            "staleAfterDays",
        ),
        (
            "{ portfolioRisk(options: {lookbackDays: 36501}) { totalCount } }",
            "lookbackDays",
        ),
        (
            '{ accountRisk(accountId: "acc-harborview", options: {lookbackDays: -1}) '
            "{ __typename } }",
            "lookbackDays",
        ),
    ],
)
async def test_day_counts_out_of_range_name_their_argument(
    demo: GraphQLCaller, document: str, field: str
) -> None:
    """A day count beyond 0..36500 is INVALID_INPUT naming the argument, not a date overflow."""
    error = _only_error(await demo(document))
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert error["extensions"]["field"] == field
    assert error["extensions"]["max"] == 36_500


@pytest.mark.parametrize("score", [-1, 101])
async def test_portfolio_min_score_outside_the_score_range_is_invalid_input(
    demo: GraphQLCaller, score: int
) -> None:
    """minScore is checked against a risk score's range (0..100) rather than scanning for an
    empty answer."""
    error = _only_error(
        await demo(f"{{ portfolioRisk(where: {{minScore: {score}}}) {{ totalCount }} }}")
    )
    assert error["extensions"] == {
        "code": "INVALID_INPUT",
        "field": "minScore",
        "min": 0,
        "max": 100,
    }


@pytest.mark.parametrize(
    "document",
    [
        '{ departureKnockOn(personId: "per-robert-okafor", asOf: "0001-01-01") { __typename } }',
        '{ accountRisk(accountId: "acc-harborview", asOf: "0001-01-01") { __typename } }',
        '{ portfolioRisk(asOf: "0001-01-01") { totalCount } }',
        '{ committeeCoverage(accountId: "acc-harborview", asOf: "0001-01-01") { __typename } }',
        '{ portfolioCoverage(asOf: "0001-01-01") { __typename } }',
        '{ accountRisk(accountId: "acc-harborview", asOf: "9999-12-31") { __typename } }',
    ],
)
async def test_a_day_at_the_ends_of_the_calendar_is_answered(
    demo: GraphQLCaller, document: str
) -> None:
    """A lookback from the calendar's first day starts on that day instead of overflowing."""
    body = await demo(document)
    assert "errors" not in body, body


async def test_a_cool_down_past_the_calendars_end_is_answered(demo: GraphQLCaller) -> None:
    """A purchase recorded on 9999-12-31 cools down until the calendar's last day."""
    recorded = await demo(
        'mutation { recordJourneyStage(accountId: "acc-harborview", stage: PURCHASE, '
        'enteredOn: "9999-12-31") { created } }'
    )
    assert "errors" not in recorded, recorded
    body = await demo(
        '{ buyerJourney(accountId: "acc-harborview", coolDownDays: 3650, asOf: "9999-12-31") '
        "{ __typename } }"
    )
    assert "errors" not in body, body


@pytest.mark.parametrize("field", ["salesTarget", "periodDays", "salesCycleDays"])
@pytest.mark.parametrize("value", [1e308, 1e-300])
async def test_sizing_numbers_out_of_range_are_invalid_input(
    demo: GraphQLCaller, field: str, value: float
) -> None:
    """Sizing inputs that would overflow the arithmetic are INVALID_INPUT listing the field."""
    inputs = {
        "addressableMarket": 1000,
        "shareCanBuyNow": 0.2,
        "salesCycleDays": 90.0,
        "repCapacity": 40,
        "closeRate": 0.2,
        "salesTarget": 1_000_000.0,
        "averageDealSize": 50_000.0,
        "periodDays": 365.0,
        field: value,
    }
    body = await demo(
        "query($inputs: TargetListInput!) { targetListSizing(inputs: $inputs) { __typename } }",
        {"inputs": inputs},
    )
    error = _only_error(body)
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert any(field in problem for problem in error["extensions"]["errors"])


def _forge(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "document",
    [
        "query($after: String) { accounts(after: $after) { totalCount } }",
        "query($after: String) { people(after: $after) { totalCount } }",
        'query($after: String) { suggestedRoles(accountId: "acc-harborview", after: $after) '
        "{ totalCount } }",
        "query($after: String) { portfolioRisk(after: $after) { totalCount } }",
    ],
)
@pytest.mark.parametrize(
    "after",
    [
        _forge("[" * 5000),
        _forge('["x",[1' + "0" * 40 + '],"acc-1"]'),
        _forge('["x",[NaN],"acc-1"]'),
        "!!!",
        "A" * 100_000,
    ],
    ids=["deep", "40-digits", "nan", "not-base64", "huge"],
)
async def test_forged_cursors_are_invalid_cursor(
    demo: GraphQLCaller, document: str, after: str
) -> None:
    """A forged cursor on a keyset list or an in-memory list is INVALID_CURSOR."""
    error = _only_error(await demo(document, {"after": after}))
    assert error["extensions"] == {"code": "INVALID_CURSOR", "field": "after"}
    assert len(error["message"]) < 200


async def _post_raw(
    http: httpx.AsyncClient, key: str, content: bytes | AsyncIterator[bytes]
) -> httpx.Response:
    return await http.post(
        "/graphql",
        content=content,
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )


def _refusal(response: httpx.Response) -> str:
    """The code of a request refused before GraphQL ran (a GraphQL error body, JSON)."""
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert "data" not in body
    code: str = _only_error(body)["extensions"]["code"]
    return code


@pytest.mark.parametrize(
    "body",
    [
        b'{"query": "query($i: ID!) { account(id: $i) { id } }", "variables": {"i": "\\ud800"}}',
        b'{"query": "query($s: String) { accounts(where: {nameContains: $s}) { totalCount } }",'
        b' "variables": {"s": "a\\udfffb"}}',
        b'{"query": "{ viewer { role } }", "variables": {"\\ud800": 1}}',
        b'{"query": "{ viewer { role } }", "operationName": "\\udc00"}',
    ],
    ids=["id", "string", "variable-name", "operation-name"],
)
async def test_a_lone_surrogate_anywhere_is_invalid_input(
    http: httpx.AsyncClient, demo_admin: str, body: bytes
) -> None:
    """A string that is not valid Unicode never reaches GraphQL nor the driver."""
    response = await _post_raw(http, demo_admin, body)
    assert response.status_code == 400
    assert _refusal(response) == "INVALID_INPUT"


@pytest.mark.parametrize("depth", [100, 3000, 100_000])
async def test_over_deep_json_is_a_coded_bad_request(
    http: httpx.AsyncClient, demo_admin: str, depth: int
) -> None:
    """Variables nested thousands deep answer a GraphQL error body, not HTTP 500 text."""
    body = b'{"query": "{ viewer { role } }", "variables": {"v": ' + b"[" * depth
    body += b"]" * depth + b"}}"
    response = await _post_raw(http, demo_admin, body)
    assert response.status_code == 400
    assert _refusal(response) == "BAD_REQUEST"


async def test_a_body_that_is_not_utf8_is_a_coded_bad_request(
    http: httpx.AsyncClient, demo_admin: str
) -> None:
    """Bytes that are not UTF-8 answer BAD_REQUEST."""
    response = await _post_raw(http, demo_admin, b'{"query": "\xff\xfe"}')
    assert response.status_code == 400
    assert _refusal(response) == "BAD_REQUEST"


async def test_a_body_over_the_limit_is_refused_by_its_length(
    http: httpx.AsyncClient, demo_admin: str, settings: Settings
) -> None:
    """A declared Content-Length over ACCOUNTMAP_MAX_BODY_BYTES is REQUEST_TOO_LARGE (413)."""
    body = b'{"query": "{ viewer { role } }", "variables": {"v": "' + b"x" * 5_000_000 + b'"}}'
    assert len(body) > settings.max_body_bytes
    response = await _post_raw(http, demo_admin, body)
    assert response.status_code == 413
    assert _refusal(response) == "REQUEST_TOO_LARGE"
    assert str(settings.max_body_bytes) in _only_error(response.json())["message"]


async def test_a_streamed_body_is_cut_off_while_reading(
    http: httpx.AsyncClient, demo_admin: str, settings: Settings
) -> None:
    """Without a Content-Length the limit holds while reading: the rest is never read."""
    sent = 0

    async def chunks() -> AsyncIterator[bytes]:
        nonlocal sent
        yield b'{"query": "{ viewer { role } }", "variables": {"v": "'
        for _ in range(100):
            sent += 1
            yield b"x" * 1_000_000

    response = await _post_raw(http, demo_admin, chunks())
    assert response.status_code == 413
    assert _refusal(response) == "REQUEST_TOO_LARGE"
    assert sent <= settings.max_body_bytes // 1_000_000 + 2


LONG_ID = "x" * (MAX_ID_CHARS + 1)


@pytest.mark.parametrize(
    ("document", "variables", "field"),
    [
        (f'{{ account(id: "{LONG_ID}") {{ id }} }}', {}, "id"),
        (
            "query($a: ID!) { accountRisk(accountId: $a) { __typename } }",
            {"a": "y" * 100_000},
            "accountId",
        ),
        ("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ["acc-1", LONG_ID]}, "ids"),
        (
            "query($w: AccountWhere) { accounts(where: $w) { totalCount } }",
            {"w": {"ownerSellerId": LONG_ID}},
            "ownerSellerId",
        ),
        (
            "mutation($rows: [AccountInput!]!) { upsertAccounts(rows: $rows) { __typename } }",
            {"rows": [{"id": LONG_ID, "name": "Long"}]},
            "id",
        ),
        (
            f'mutation {{ upsertAccounts(rows: [{{id: "{LONG_ID}", name: "L"}}]) '
            "{ __typename } }",
            {},
            "id",
        ),
    ],
    ids=["literal", "variable", "list", "where", "input-variable", "input-literal"],
)
async def test_an_id_over_the_maximum_is_invalid_input_naming_its_field(
    demo: GraphQLCaller, document: str, variables: dict[str, Any], field: str
) -> None:
    """An id longer than MAX_ID_CHARS is INVALID_INPUT naming the field, its text not echoed."""
    body = await demo(document, variables)
    error = _only_error(body)
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": field, "max": MAX_ID_CHARS}
    assert "xxxxxxxxxx" not in error["message"]
    assert "yyyyyyyyyy" not in error["message"]


async def test_an_id_at_the_maximum_is_looked_up(demo: GraphQLCaller) -> None:
    """An id of exactly MAX_ID_CHARS characters is an ordinary (unknown) id."""
    body = await demo("query($i: ID!) { account(id: $i) { id } }", {"i": "x" * MAX_ID_CHARS})
    assert body == {"data": {"account": None}}


async def test_not_found_echoes_a_short_prefix_of_the_id(demo: GraphQLCaller) -> None:
    """NOT_FOUND names the id by its first characters only."""
    error = _only_error(
        await demo("query($i: ID!) { accountRisk(accountId: $i) { __typename } }", {"i": "z" * 120})
    )
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert "z" * 64 + "\u2026" in error["message"]
    assert "z" * 65 not in error["message"]


async def test_validation_messages_do_not_repeat_a_huge_literal(demo: GraphQLCaller) -> None:
    """A huge literal of the wrong type is GRAPHQL_VALIDATION_FAILED with a bounded message."""
    error = _only_error(await demo(f'{{ accounts(first: "{"q" * 100_000}") {{ totalCount }} }}'))
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert len(error["message"]) <= MAX_MESSAGE_CHARS + 1


GRAPHQL_RESPONSE = "application/graphql-response+json"


async def _ask(http: httpx.AsyncClient, key: str, query: str, accept: str) -> httpx.Response:
    return await http.post(
        "/graphql",
        json={"query": query},
        headers={"Authorization": f"Bearer {key}", "Accept": accept},
    )


async def test_graphql_response_json_is_answered_when_accepted(
    http: httpx.AsyncClient, demo_admin: str
) -> None:
    """A client accepting application/graphql-response+json gets it, status 200 for data."""
    response = await _ask(
        http, demo_admin, "{ viewer { role } }", f"{GRAPHQL_RESPONSE}, application/json;q=0.9"
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == GRAPHQL_RESPONSE
    assert response.json() == {"data": {"viewer": {"role": "ADMIN"}}}


@pytest.mark.parametrize(
    ("query", "code"),
    [("{ viewer { ", "GRAPHQL_PARSE_FAILED"), ("{ nothingHere }", "GRAPHQL_VALIDATION_FAILED")],
)
async def test_graphql_response_json_request_errors_are_400_without_data(
    http: httpx.AsyncClient, demo_admin: str, query: str, code: str
) -> None:
    """Under the GraphQL-over-HTTP media type a request that did not run is 400, no data entry."""
    response = await _ask(http, demo_admin, query, GRAPHQL_RESPONSE)
    assert response.status_code == 400
    assert response.headers["content-type"] == GRAPHQL_RESPONSE
    body = response.json()
    assert "data" not in body
    assert _only_error(body)["extensions"]["code"] == code


async def test_graphql_response_json_field_errors_stay_200(
    http: httpx.AsyncClient, demo_admin: str
) -> None:
    """A field error during execution is still a 200 with data."""
    response = await _ask(
        http, demo_admin, '{ accountRisk(accountId: "nope") { __typename } }', GRAPHQL_RESPONSE
    )
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"accountRisk": None}
    assert _only_error(body)["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize("accept", ["application/json", "*/*", "", f"{GRAPHQL_RESPONSE};q=0"])
async def test_application_json_stays_the_default(
    http: httpx.AsyncClient, demo_admin: str, accept: str
) -> None:
    """Without the new media type in Accept, answers stay application/json with status 200."""
    response = await _ask(http, demo_admin, "{ nothingHere }", accept)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"


async def test_refusals_use_the_accepted_media_type(
    http: httpx.AsyncClient, demo_admin: str
) -> None:
    """A body refused before GraphQL is answered in the media type the client accepts."""
    response = await http.post(
        "/graphql",
        content=b"{not json",
        headers={
            "Authorization": f"Bearer {demo_admin}",
            "Content-Type": "application/json",
            "Accept": GRAPHQL_RESPONSE,
        },
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == GRAPHQL_RESPONSE
    assert _only_error(response.json())["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00Z"]
)
async def test_an_interaction_at_the_ends_of_time_is_stored_and_read(
    demo: GraphQLCaller, moment: str
) -> None:
    """A lastInteractionAt whose UTC form leaves the calendar is refused or stored, never
    internal; the risk and coverage rules that read it still answer."""
    written = await demo(
        "mutation($rows: [RelationshipInput!]!) { upsertRelationships(rows: $rows) "
        "{ __typename } }",
        {
            "rows": [
                {
                    "kind": "KNOWS",
                    "fromId": "sel-dana",
                    "fromKind": "SELLER",
                    "toId": "per-robert-okafor",
                    "toKind": "PERSON",
                    "strength": 0.9,
                    "lastInteractionAt": moment,
                }
            ]
        },
    )
    assert _codes(written) <= {"INVALID_INPUT"}, written
    for document in (
        '{ accountRisk(accountId: "acc-harborview") { score } }',
        '{ committeeCoverage(accountId: "acc-harborview") { __typename } }',
        '{ warmestPaths(accountId: "acc-harborview") { __typename } }',
        '{ person(id: "per-robert-okafor") { id } }',
    ):
        body = await demo(document)
        assert "errors" not in body, (document, body)


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"employees": 10**30}, "employees"),
        ({"employees": 1_000_000_001}, "employees"),
        ({"x" * 5000: 1}, "x" * 64 + "\u2026"),
    ],
    ids=["40-digit", "over-the-bound", "long-unknown-field"],
)
async def test_bundle_values_out_of_range_are_row_errors(
    demo: GraphQLCaller, row: dict[str, Any], field: str
) -> None:
    """importBundle's JSON may carry any integer or key: each is a row error, echoed briefly."""
    body = await demo(
        "mutation($b: JSON!) { importBundle(bundle: $b) { __typename } }",
        {"b": {"accounts": [{"id": "acc-big", "name": "Big", **row}]}},
    )
    error = _only_error(body)
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert [e["field"] for e in error["extensions"]["errors"]] == [field]


def _nested(depth: int) -> object:
    value: object = 1
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


def test_json_nesting_is_bounded_at_its_documented_depth() -> None:
    """MAX_JSON_DEPTH levels of arrays and objects pass; one more is refused."""
    check_json(_nested(MAX_JSON_DEPTH))
    with pytest.raises(RequestRefused) as refused:
        check_json(_nested(MAX_JSON_DEPTH + 1))
    assert refused.value.code == "BAD_REQUEST"


@pytest.mark.parametrize(
    "value", ["\ud800", ["ok", {"k": "\udfff"}], {"\ud83d": 1}, {"k": [[["a\udc00"]]]}]
)
def test_lone_surrogates_are_found_in_values_and_keys(value: object) -> None:
    """A lone surrogate in any string, object keys included, is INVALID_INPUT."""
    with pytest.raises(RequestRefused) as refused:
        check_json(value)
    assert refused.value.code == "INVALID_INPUT"


def test_valid_unicode_and_wide_bodies_pass() -> None:
    """Astral characters (a real surrogate pair in UTF-16) and a wide flat array pass."""
    check_json({"name": "caf\u00e9 \U0001f600", "rows": list(range(200_000))})
