"""Keyset pagination shared by every list: opaque cursors over (sort value, id)."""

from __future__ import annotations

import base64
import json
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


def decode_cursor(cursor: str, sort_key: str) -> tuple[object, str]:
    """The (sort value, id) a cursor stands for; ``InvalidCursor`` when it is not ours."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key, value, node_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError) as error:
        raise InvalidCursor(
            "The 'after' cursor is malformed; pass an endCursor from a previous page."
        ) from error
    if key != sort_key or not isinstance(node_id, str):
        raise InvalidCursor(
            "The 'after' cursor belongs to another sort order; start from the first page."
        )
    return value, node_id


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
        if not isinstance(value, list):
            raise InvalidCursor("The 'after' cursor is malformed; pass an endCursor.")
        key = (*value, node_id)
        try:
            start = next((i for i, item in enumerate(items) if position(item) > key), len(items))
        except TypeError as error:
            raise InvalidCursor(
                "The 'after' cursor belongs to another list; start from the first page."
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
