"""One async driver per process and the read/write helpers every domain module runs through.

Reads go through read transactions so a cluster routes them to followers; writes through managed
write transactions whose work functions are safe to retry. A server that cannot be reached becomes
``DatabaseUnavailable`` quickly (the retry window is a setting), and the driver reconnects by
itself when the server is back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, LiteralString, TypeVar

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


@dataclass(frozen=True)
class GraphClient:
    """A driver bound to one database; what every function of the graph layer receives."""

    driver: AsyncDriver
    database: str = "neo4j"
    metadata: Mapping[str, str] = field(default_factory=dict)
    timeout_s: float | None = None
    """Server-side bound on each transaction (``ACCOUNTMAP_NEO4J_QUERY_TIMEOUT_S``)."""

    def with_metadata(self, **metadata: str) -> GraphClient:
        """The same client, tagging its transactions (e.g. with the GraphQL operation name, so
        the statement is found in Neo4j's query log and ``SHOW TRANSACTIONS``)."""
        return replace(self, metadata={**self.metadata, **metadata})

    def _wrap(self, work: Work[T]) -> Work[T]:
        if not self.metadata and self.timeout_s is None:
            return work
        return unit_of_work(metadata=dict(self.metadata) or None, timeout=self.timeout_s)(work)

    async def read(self, work: Work[T]) -> T:
        """Run ``work`` in a managed read transaction."""
        with _driver_errors():
            async with self.driver.session(database=self.database) as session:
                return await session.execute_read(self._wrap(work))

    async def write(self, work: Work[T]) -> T:
        """Run ``work`` in a managed write transaction (retried on transient errors)."""
        with _driver_errors():
            async with self.driver.session(database=self.database) as session:
                return await session.execute_write(self._wrap(work))

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
def _driver_errors(unreachable: tuple[type[Exception], ...] = _UNREACHABLE) -> Iterator[None]:
    """The driver's failures that a caller can act on, as the graph layer's typed errors.
    ``unreachable`` are the failures that mean the server cannot be reached."""
    try:
        yield
    except AuthError as error:
        raise DatabaseAuthFailed(_AUTH_FAILED) from error
    except ClientError as error:
        if error.code is not None and "TransactionTimedOut" in error.code:
            raise QueryTimedOut(_TIMED_OUT) from error
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
