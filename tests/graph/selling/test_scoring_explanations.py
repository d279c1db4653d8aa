"""Score explanations print the stored numbers exactly, so they never contradict the points."""

from __future__ import annotations

import pytest

from graph.accounts.accounts import account_from_row
from graph.selling.scoring import score_account
from graph.selling.scoring_model import (
    Criterion,
    CriterionKind,
    ScoringModel,
    ScoringRule,
    exact_number,
)

BAND = ScoringRule(1.0, minimum=1_000_000, maximum=50_000_000)
MODEL = ScoringModel(
    1,
    (
        Criterion(
            CriterionKind.ANNUAL_REVENUE,
            10,
            (BAND, ScoringRule(0.5, minimum=50_000_000.5), ScoringRule(0.25, maximum=999_999.5)),
        ),
    ),
)


@pytest.mark.parametrize(
    ("revenue", "shown", "points", "rule"),
    [
        (12_345_678, "12345678", 10.0, "annual revenue 1000000-50000000"),
        (50_000_000.5, "50000000.5", 5.0, "annual revenue >= 50000000.5"),
        (999_999.99, "999999.99", 0.0, None),
        (1_000_000, "1000000", 10.0, "annual revenue 1000000-50000000"),
        (250_000, "250000", 2.5, "annual revenue <= 999999.5"),
    ],
)
def test_revenue_and_bands_are_printed_as_stored(
    revenue: float, shown: str, points: float, rule: str | None
) -> None:
    """12,345,678 reads 12345678 (not 1.23457e+07); 999,999.99 scores 0 and reads 999999.99,
    not the band's lower edge 1e+06 (regression: ``:g`` formatting)."""
    account = account_from_row({"id": "a", "name": "A", "annualRevenue": revenue})
    [criterion] = score_account(MODEL, account).criteria
    assert (criterion.account_value, criterion.points, criterion.matched_rule) == (
        shown,
        points,
        rule,
    )


def test_exact_number_keeps_every_digit() -> None:
    """Whole numbers without a decimal point, fractions as stored, no exponent form."""
    assert [exact_number(v) for v in (0.0, 7, 1e20, 0.1, 123456789.25)] == [
        "0",
        "7",
        "100000000000000000000",
        "0.1",
        "123456789.25",
    ]
