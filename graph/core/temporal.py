"""The one rule for time: what "holds on day d" means, written once.

An employment, a buying role or a reporting line *holds on day d* when its start is absent or on or
before ``d`` and its end is absent or after ``d`` (the end day itself is the first day it no longer
holds). Every statement that judges "current", "left" or "was engaged then" builds its predicate
here, with the day as a parameter: no statement reads the server's clock, so one request answers for
one day everywhere and a test can ask about any day.

The builders return ``LiteralString`` fragments made only of fixed text and the variable names the
caller passes (themselves literals), so the statements stay fully parameterized.
"""

from __future__ import annotations

from datetime import date
from typing import LiteralString

DAY: LiteralString = "$day"
"""The parameter every temporal statement names its day with."""


def _within(
    variable: LiteralString, start: LiteralString, end: LiteralString, day: LiteralString
) -> LiteralString:
    return (
        "(" + variable + "." + start + " IS NULL OR " + variable + "." + start + " <= " + day + ")"
        " AND (" + variable + "." + end + " IS NULL OR " + variable + "." + end + " > " + day + ")"
    )


def employed_on(employment: LiteralString, day: LiteralString = DAY) -> LiteralString:
    """An ``EMPLOYED_AT`` relationship (``startDate``/``endDate``) holds on ``day``."""
    return _within(employment, "startDate", "endDate", day)


def role_held_on(role: LiteralString, day: LiteralString = DAY) -> LiteralString:
    """A ``HOLDS_ROLE`` relationship (``fromDate``/``toDate``) holds on ``day``."""
    return _within(role, "fromDate", "toDate", day)


def reports_on(line: LiteralString, day: LiteralString = DAY) -> LiteralString:
    """A ``REPORTS_TO`` relationship (``fromDate``/``toDate``) holds on ``day``."""
    return _within(line, "fromDate", "toDate", day)


def last_day_of(employment: LiteralString) -> LiteralString:
    """The last day an ended employment held (the day before its ``endDate``), as a Cypher
    expression: pass it as ``day`` to ask what held when the person left."""
    return "(" + employment + ".endDate - duration({days: 1}))"


def ended_between(
    employment: LiteralString, since: LiteralString, day: LiteralString = DAY
) -> LiteralString:
    """An employment that ended within ``[since, day]``: it held on some day in the window and
    no longer holds on ``day``."""
    return (
        employment
        + ".endDate IS NOT NULL AND "
        + employment
        + ".endDate <= "
        + day
        + " AND "
        + employment
        + ".endDate >= "
        + since
    )


def holds_on(start: date | None, end: date | None, day: date) -> bool:
    """The same rule for values already in Python."""
    return (start is None or start <= day) and (end is None or end > day)
