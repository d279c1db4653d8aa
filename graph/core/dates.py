"""One converter from what the driver returns (neo4j.time values, ISO text) to Python dates, and
the one rule for day counts a client sends (``lookbackDays``, ``staleAfterDays`` ...): each is in
``0..MAX_DAY_COUNT``, and a day shifted by one stays inside the calendar (a lookback from
``asOf: "0001-01-01"`` starts on that day, it does not overflow)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from graph.core.errors import InvalidInput

MAX_DAY_COUNT = 36_500
"""The largest day count any argument takes: a hundred years."""


def check_day_count(days: int, field: str, *, maximum: int = MAX_DAY_COUNT) -> None:
    """``InvalidInput`` naming the GraphQL ``field`` unless ``days`` is in ``0..maximum``."""
    if not 0 <= days <= maximum:
        raise InvalidInput(
            f"'{field}' must be between 0 and {maximum} days.",
            field=field,
            extensions={"min": 0, "max": maximum},
        )


def days_before(day: date, days: int) -> date:
    """``day`` minus ``days``, the calendar's first day when that would come before it."""
    return date.min if days >= (day - date.min).days else day - timedelta(days=days)


def days_after(day: date, days: int) -> date:
    """``day`` plus ``days``, the calendar's last day when that would come after it."""
    return date.max if days >= (date.max - day).days else day + timedelta(days=days)


def to_date(value: Any) -> date | None:
    """A ``datetime.date`` from a driver value (``neo4j.time.Date``/``DateTime``, a Python date or
    datetime, ISO text) or ``None``."""
    if value is None:
        return None
    if hasattr(value, "to_native"):
        value = value.to_native()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return datetime.fromisoformat(str(value)).date()


def to_datetime(value: Any) -> datetime | None:
    """A ``datetime.datetime`` from a driver value or ISO text, or ``None``."""
    if value is None:
        return None
    if hasattr(value, "to_native"):
        value = value.to_native()
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return datetime.fromisoformat(str(value))


def to_native(value: Any) -> Any:
    """Any driver temporal value as its Python equivalent; other values unchanged."""
    return value.to_native() if hasattr(value, "to_native") else value
