"""The one batching helper: writes and lookups go to Neo4j as ``UNWIND $rows`` in bounded batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[Sequence[T]]:
    """Consecutive tuples of at most ``size`` items (``itertools.batched`` before Python 3.12)."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    iterator = iter(items)
    while batch := tuple(islice(iterator, size)):
        yield batch
