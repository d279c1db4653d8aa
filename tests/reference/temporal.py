"""The one plain-Python statement of "holds on a day" that every temporal test compares the
product with. Written apart from ``graph.core.temporal`` on purpose: a thing holds on day ``d``
unless it starts after ``d`` or has ended by ``d`` (its end day is the first day it no longer
holds)."""

from __future__ import annotations

from datetime import date


def in_force(start: date | None, end: date | None, day: date) -> bool:
    """Not started after the day, not ended by it."""
    started_later = start is not None and day < start
    ended_already = end is not None and end <= day
    return not (started_later or ended_already)
