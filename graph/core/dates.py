"""One converter from what the driver returns (neo4j.time values, ISO text) to Python dates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


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
