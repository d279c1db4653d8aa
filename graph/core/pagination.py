"""Keyset pagination shared by every list: opaque cursors over (sort value, id)."""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from graph.core.errors import GraphError

T = TypeVar("T")


class InvalidCursor(GraphError):
    """A cursor that this API did not hand out (or for another sort order)."""

    code = "INVALID_CURSOR"


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: items with their cursors, whether more follow, and the total."""

    items: tuple[tuple[str, T], ...]
    has_next_page: bool
    total_count: int
    has_previous_page: bool = False

    @property
    def start_cursor(self) -> str | None:
        """Cursor of the first item."""
        return self.items[0][0] if self.items else None

    @property
    def end_cursor(self) -> str | None:
        """Cursor of the last item, to pass as ``after`` for the next page."""
        return self.items[-1][0] if self.items else None


def encode_cursor(sort_key: str, value: object, node_id: str) -> str:
    """An opaque cursor; it remembers the sort so a cursor of another order is refused."""
    raw = json.dumps([sort_key, value, node_id], separators=(",", ":"), default=str)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


MAX_CURSOR_CHARS = 8192
"""The longest cursor accepted (ours hold a few sort values and an id)."""
_INT64 = 2**63

CursorValue = str | int | float | bool | None
"""One sort value inside a cursor: a JSON scalar Neo4j can take as a parameter."""


def _malformed() -> InvalidCursor:
    return InvalidCursor(
        "The 'after' cursor is malformed; pass an endCursor from a previous page.",
        extensions={"field": "after"},
    )


def _no_constant(name: str) -> float:
    raise ValueError(name)  # NaN and Infinity are not JSON


def _is_scalar(value: object) -> bool:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return True
    if isinstance(value, int):
        return -_INT64 <= value < _INT64
    return isinstance(value, float) and math.isfinite(value)


def decode_cursor(cursor: str, sort_key: str) -> tuple[list[CursorValue], str]:
    """The (sort values, id) a cursor stands for; ``InvalidCursor`` when it is not ours.

    Parsed strictly, since a client may send anything: at most ``MAX_CURSOR_CHARS`` of URL-safe
    base64 holding the JSON ``[sort key, [scalar, ...], id]``, every number finite and within
    64 bits (a forged cursor never reaches the driver as an overflow)."""
    if len(cursor) > MAX_CURSOR_CHARS:
        raise _malformed()
    try:
        padded = (cursor + "=" * (-len(cursor) % 4)).encode("ascii")
        raw = base64.b64decode(padded, altchars=b"-_", validate=True)
        decoded = json.loads(raw, parse_constant=_no_constant)
    except (ValueError, TypeError, RecursionError) as error:
        raise _malformed() from error
    if not (isinstance(decoded, list) and len(decoded) == 3):
        raise _malformed()
    key, values, node_id = decoded
    if not (
        isinstance(key, str)
        and isinstance(node_id, str)
        and isinstance(values, list)
        and all(_is_scalar(v) for v in values)
    ):
        raise _malformed()
    if key != sort_key:
        raise InvalidCursor(
            "The 'after' cursor belongs to another sort order; start from the first page.",
            extensions={"field": "after"},
        )
    return values, node_id


def paginate(
    items: Sequence[T],
    *,
    first: int,
    after: str | None,
    sort_key: str,
    position: Callable[[T], tuple[Any, ...]],
) -> Page[T]:
    """The one in-memory paginator, for lists computed in Python (scores, routes, suggestions).

    ``items`` are sorted ascending by ``position(item)``: a tuple of JSON numbers and strings that
    ends with the item's id (negate a number to sort it descending; use a sentinel, not ``None``).
    The cursor remembers the position, so a page stays stable when items before it go away."""
    start = 0
    if after:
        value, node_id = decode_cursor(after, sort_key)
        key = (*value, node_id)
        try:
            start = next((i for i, item in enumerate(items) if position(item) > key), len(items))
        except TypeError as error:
            raise InvalidCursor(
                "The 'after' cursor belongs to another list; start from the first page.",
                extensions={"field": "after"},
            ) from error
    chosen = items[start : start + first]
    return Page(
        items=tuple((_cursor_of(sort_key, position(item)), item) for item in chosen),
        has_next_page=start + first < len(items),
        total_count=len(items),
        has_previous_page=start > 0,
    )


def _cursor_of(sort_key: str, position: tuple[Any, ...]) -> str:
    return encode_cursor(sort_key, list(position[:-1]), str(position[-1]))
