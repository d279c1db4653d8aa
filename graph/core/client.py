"""One async driver per process and the read/write helpers every domain module runs through.

Reads go through read transactions so a cluster routes them to followers; writes through managed
write transactions whose work functions are safe to retry. A server that cannot be reached becomes
``DatabaseUnavailable`` quickly (the retry window is a setting), and the driver reconnects by
itself when the server is back.

Per request (``request_clock``): a deadline every transaction's server-side timeout is cut to, so
a request's database work stops when its time budget does, and the database time it used (for
the request's log line). An optional ``TransactionObserver`` sees every transaction (metrics).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any, LiteralString, Protocol, TypeVar

from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, unit_of_work
from neo4j.exceptions import (
    AuthError,
    ClientError,
    DriverError,
    ServiceUnavailable,
    SessionExpired,
)

from graph.core.errors import DatabaseAuthFailed, DatabaseUnavailable, QueryTimedOut

T = TypeVar("T")
Work = Callable[[AsyncManagedTransaction], Awaitable[T]]

_UNAVAILABLE = "The graph database is unavailable right now; retry in a few seconds."
_TIMED_OUT = (
    "The query ran longer than the configured bound and was stopped; narrow it (fewer hops, a "
    "smaller page) or raise ACCOUNTMAP_NEO4J_QUERY_TIMEOUT_S."
)
_BUDGET_SPENT = (
    "The request used up its time budget (ACCOUNTMAP_REQUEST_TIMEOUT_S) and was stopped; narrow "
    "it (fewer hops, a smaller page, fewer fields) or raise the budget."
)
_AUTH_FAILED = (
    "Neo4j refused the configured credentials: check NEO4J_USERNAME and NEO4J_PASSWORD "
    "(or ACCOUNTMAP_NEO4J_USERNAME / ACCOUNTMAP_NEO4J_PASSWORD)."
)


@dataclass(frozen=True)
class ConnectionOptions:
    """Where and how to connect; built from the settings by the API or the CLI."""

    uri: str
    username: str
    password: str
    database: str = "neo4j"
    connection_timeout_s: float = 3.0
    max_retry_time_s: float = 2.0
    pool_size: int = 50


def open_driver(options: ConnectionOptions) -> AsyncDriver:
    """The process's one driver; the caller closes it on shutdown."""
    return AsyncGraphDatabase.driver(
        options.uri,
        auth=(options.username, options.password),
        connection_timeout=options.connection_timeout_s,
        connection_acquisition_timeout=options.connection_timeout_s * 2,
        max_transaction_retry_time=options.max_retry_time_s,
        max_connection_pool_size=options.pool_size,
        user_agent="accountmap/0.1",
        # Query notifications (e.g. "label does not exist" on an empty graph) are noise here.
        notifications_min_severity="OFF",
    )


@dataclass
class RequestClock:
    """One request's deadline (``time.monotonic()``) and the database time it used."""

    deadline: float | None = None
    database_s: float = 0.0
    transactions: int = 0


_clock: ContextVar[RequestClock | None] = ContextVar("request_clock", default=None)


@contextmanager
def request_clock(budget_s: float | None) -> Iterator[RequestClock]:
    """Time the block's transactions and bound them by ``budget_s`` from now, together."""
    clock = RequestClock(None if budget_s is None else time.monotonic() + budget_s)
    token = _clock.set(clock)
    try:
        yield clock
    finally:
        _clock.reset(token)


_SHORTEST_TIMEOUT_S = 0.001
"""Neo4j reads a timeout of 0 as none at all: a budget with less left than this is spent."""


class TransactionObserver(Protocol):
    """Told about every transaction a client runs (the API counts them for /metrics)."""

    def started(self) -> None:
        """A transaction is about to run."""

    def finished(self, seconds: float, *, write: bool) -> None:
        """It ended (committed, failed or cancelled) after ``seconds``."""


@dataclass(frozen=True)
class GraphClient:
    """A driver bound to one database; what every function of the graph layer receives."""

    driver: AsyncDriver
    database: str = "neo4j"
    metadata: Mapping[str, str] = field(default_factory=dict)
    timeout_s: float | None = None
    """Server-side bound on each transaction (``ACCOUNTMAP_NEO4J_QUERY_TIMEOUT_S``)."""
    observer: TransactionObserver | None = None

    def with_metadata(self, **metadata: str) -> GraphClient:
        """The same client, tagging its transactions (e.g. with the GraphQL operation name, so
        the statement is found in Neo4j's query log and ``SHOW TRANSACTIONS``)."""
        return replace(self, metadata={**self.metadata, **metadata})

    def _timeout(self, clock: RequestClock | None) -> float | None:
        """The transaction's server-side timeout: the configured bound, cut to what is left of
        the request's budget."""
        if clock is None or clock.deadline is None:
            return self.timeout_s
        left = clock.deadline - time.monotonic()
        if left < _SHORTEST_TIMEOUT_S:
            raise QueryTimedOut(_BUDGET_SPENT)
        return left if self.timeout_s is None else min(self.timeout_s, left)

    def _wrap(self, work: Work[T], timeout: float | None) -> Work[T]:
        if not self.metadata and timeout is None:
            return work
        return unit_of_work(metadata=dict(self.metadata) or None, timeout=timeout)(work)

    async def _run(self, work: Work[T], *, write: bool) -> T:
        clock = _clock.get()
        timeout = self._timeout(clock)
        wrapped = self._wrap(work, timeout)
        by_budget = timeout is not None and timeout != self.timeout_s
        started = time.perf_counter()
        if self.observer is not None:
            self.observer.started()
        try:
            with _driver_errors(timed_out=_BUDGET_SPENT if by_budget else _TIMED_OUT):
                async with self.driver.session(database=self.database) as session:
                    if write:
                        return await session.execute_write(wrapped)
                    return await session.execute_read(wrapped)
        finally:
            seconds = time.perf_counter() - started
            if clock is not None:
                clock.database_s += seconds
                clock.transactions += 1
            if self.observer is not None:
                self.observer.finished(seconds, write=write)

    async def read(self, work: Work[T]) -> T:
        """Run ``work`` in a managed read transaction."""
        return await self._run(work, write=False)

    async def write(self, work: Work[T]) -> T:
        """Run ``work`` in a managed write transaction (retried on transient errors)."""
        return await self._run(work, write=True)

    async def run_schema(self, statement: LiteralString) -> None:
        """Run one schema statement in its own auto-commit transaction (they cannot share one)."""
        with _driver_errors():
            async with self.driver.session(database=self.database) as session:
                result = await session.run(statement)
                await result.consume()

    async def ping(self) -> None:
        """Raise ``DatabaseUnavailable`` unless the server answers."""
        # Any driver failure while merely connecting means the server is not reachable.
        with _driver_errors((DriverError, OSError)):
            await self.driver.verify_connectivity()


_UNREACHABLE: tuple[type[Exception], ...] = (ServiceUnavailable, SessionExpired, OSError)


@contextmanager
def _driver_errors(
    unreachable: tuple[type[Exception], ...] = _UNREACHABLE, timed_out: str = _TIMED_OUT
) -> Iterator[None]:
    """The driver's failures that a caller can act on, as the graph layer's typed errors.
    ``unreachable`` are the failures that mean the server cannot be reached; ``timed_out`` is
    the message of a transaction the server stopped at its timeout."""
    try:
        yield
    except AuthError as error:
        raise DatabaseAuthFailed(_AUTH_FAILED) from error
    except ClientError as error:
        if error.code is not None and "TransactionTimedOut" in error.code:
            raise QueryTimedOut(timed_out) from error
        raise
    except unreachable as error:
        raise DatabaseUnavailable(_UNAVAILABLE) from error


async def fetch_all(
    tx: AsyncManagedTransaction, query: LiteralString, parameters: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Run a query and return its records as plain dicts, consumed inside the transaction."""
    result = await tx.run(query, dict(parameters))
    return [record.data() async for record in result]


async def fetch_values(
    tx: AsyncManagedTransaction, query: LiteralString, parameters: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """``fetch_all`` for queries that return plain values only (no nodes, relationships or
    paths): the records as dicts without ``Record.data()``'s recursive copy of every nested
    value, which costs more than the query itself on a large collected list. Each record also
    costs its own network round of the driver, so a query returning many small rows is better
    written to return one row of lists."""
    result = await tx.run(query, dict(parameters))
    return [dict(zip(record.keys(), record.values(), strict=True)) async for record in result]


async def fetch_one(
    tx: AsyncManagedTransaction, query: LiteralString, parameters: Mapping[str, Any]
) -> dict[str, Any] | None:
    """Run a query expected to return at most one record."""
    result = await tx.run(query, dict(parameters))
    record = await result.single()
    return None if record is None else record.data()
