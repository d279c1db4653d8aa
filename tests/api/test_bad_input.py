"""Findings of the bad-input audit and the fuzz run, each kept as a plain regression test: whatever
a client sends gets data or a coded client error, never INTERNAL_SERVER_ERROR."""

from __future__ import annotations

import base64
from typing import Any

import pytest

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
        '{ buyerJourney(accountId: "acc-harborview", coolDownDays: 3650) { __typename } }'
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
