"""What an operator sees of each request: a request id, one log line, and Prometheus metrics.

- **Request id**: the client's ``X-Request-ID`` when it is a short token (letters, digits,
  ``._:-``, at most 64), else a new one; returned in the ``X-Request-ID`` response header, put on
  every log line of the request and in the metadata of its Neo4j transactions (``requestId``,
  beside ``graphqlOperation``: ``SHOW TRANSACTIONS`` names both).
- **One log line per request** (logger ``accountmap.request``): method, path, status, outcome
  code (``OK`` or the first error's code), operation, root fields, workspace, duration, Neo4j
  time and transaction count. Text by default; ``ACCOUNTMAP_LOG_FORMAT=json`` writes every log
  line as one JSON object with those as keys.
- **Metrics** at ``/metrics`` (Prometheus text format): requests by root field and outcome code,
  request and Neo4j latency histograms, requests and transactions in flight, the pool size. With
  several workers set ``PROMETHEUS_MULTIPROC_DIR`` (``accountmap serve --workers N`` does), so
  that any worker answers for all of them.

The process keeps nothing per client: the metrics are counters an operator scrapes.
"""

from __future__ import annotations

import logging
import os
import re
import time
import uuid
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Literal

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as prometheus_multiprocess
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.core.client import request_clock
from schema.core.context import RequestContext

LogFormat = Literal["text", "json"]

REQUEST_ID_HEADER = "x-request-id"
_CLIENT_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_QUIET_PATHS = ("/healthz", "/readyz", "/metrics", "/assets/")
"""Probes, scrapes and static files: logged at DEBUG only (they would drown the rest)."""

_STATUS_CODES = {401: "UNAUTHENTICATED", 404: "NOT_FOUND", 503: "DATABASE_UNAVAILABLE"}

log = logging.getLogger("accountmap.request")


@dataclass
class RequestRecord:
    """What the edge learns about one request while serving it."""

    request_id: str
    method: str
    path: str
    status: int = 0
    code: str = "OK"
    operation: str = ""
    root_fields: tuple[str, ...] = ()
    workspace: str = ""
    neo4j_ms: float = 0.0
    transactions: int = 0
    context: RequestContext | None = None
    """The GraphQL context, once built: what the operation was is read from it at the end."""

    def read_operation(self) -> None:
        """Take the operation's name and root fields from the context (set before execution;
        absent for a request refused earlier)."""
        operation = self.context.operation if self.context is not None else None
        if operation is not None:
            self.operation, self.root_fields = operation.name, operation.root_fields

    @property
    def label(self) -> str:
        """The metrics label: the first root field (a schema name, so a bounded set), ``+``
        when there are more, ``-`` when nothing was executed (refused before running)."""
        if not self.root_fields:
            return "-"
        return self.root_fields[0] + ("+" if len(self.root_fields) > 1 else "")


_record: ContextVar[RequestRecord | None] = ContextVar("request_record", default=None)


def current_record() -> RequestRecord | None:
    """The record of the request being served in this task, if any."""
    return _record.get()


class _RequestIdFilter(logging.Filter):
    """Puts the current request's id on every log record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        current = _record.get()
        record.request_id = current.request_id if current is not None else "-"
        return True


def logging_config(log_format: LogFormat, level: str = "INFO") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for the service and uvicorn (uvicorn's access log is
    off: the request line here replaces it)."""
    formatter: dict[str, Any]
    if log_format == "json":
        formatter = {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    else:
        formatter = {"format": "%(asctime)s %(levelname)-7s %(name)s [%(request_id)s] %(message)s"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": _RequestIdFilter}},
        "formatters": {"default": formatter},
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "formatter": "default",
                "filters": ["request_id"],
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "accountmap": {"handlers": ["default"], "level": level, "propagate": False},
            "uvicorn": {"handlers": ["default"], "level": level, "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }


# Metrics are process-wide by nature (Prometheus' client keeps them per process, or in files
# shared by the workers in multi-process mode); created once at import.
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
REQUESTS = Counter(
    "accountmap_requests",
    "GraphQL requests by first root field and outcome code.",
    ["field", "code"],
)
REQUEST_SECONDS = Histogram(
    "accountmap_request_seconds",
    "Time to answer a GraphQL request, by first root field.",
    ["field"],
    buckets=_LATENCY_BUCKETS,
)
NEO4J_SECONDS = Histogram(
    "accountmap_neo4j_transaction_seconds",
    "Time of each Neo4j transaction, by access mode.",
    ["mode"],
    buckets=_LATENCY_BUCKETS,
)
IN_FLIGHT = Gauge(
    "accountmap_requests_in_flight",
    "GraphQL requests being served.",
    multiprocess_mode="livesum",
)
TRANSACTIONS_IN_FLIGHT = Gauge(
    "accountmap_neo4j_transactions_in_flight",
    "Neo4j transactions running (each holds one pooled connection).",
    multiprocess_mode="livesum",
)
POOL_SIZE = Gauge(
    "accountmap_neo4j_pool_size",
    "Most Neo4j connections a worker opens (ACCOUNTMAP_NEO4J_POOL_SIZE).",
    multiprocess_mode="livemax",
)


class TransactionMetrics:
    """The graph client's ``TransactionObserver``: transactions in flight and their times."""

    def started(self) -> None:
        TRANSACTIONS_IN_FLIGHT.inc()

    def finished(self, seconds: float, *, write: bool) -> None:
        TRANSACTIONS_IN_FLIGHT.dec()
        NEO4J_SECONDS.labels("write" if write else "read").observe(seconds)


async def metrics(request: Request) -> Response:
    """``/metrics``: every worker's figures when ``PROMETHEUS_MULTIPROC_DIR`` is set, else this
    process's."""
    registry: CollectorRegistry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        prometheus_multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == REQUEST_ID_HEADER.encode():
            given: str = value.decode("latin-1")
            if _CLIENT_ID.fullmatch(given):
                return given
    return uuid.uuid4().hex


class RequestObservation:
    """ASGI middleware (outermost): the request id, the time budget's clock, the log line and
    the metrics of every HTTP request."""

    def __init__(self, app: ASGIApp, *, budget_s: float | None = None) -> None:
        self.app = app
        self.budget_s = budget_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        record = RequestRecord(_request_id(scope), scope["method"], scope["path"])
        header = (REQUEST_ID_HEADER.encode(), record.request_id.encode())

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                record.status = message["status"]
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        token = _record.set(record)
        started = time.perf_counter()
        # GraphQL requests, over HTTP or as an assistant's tool calls (/mcp runs the same schema).
        graphql = record.path.startswith(("/graphql", "/mcp"))
        if graphql:
            IN_FLIGHT.inc()
        try:
            with request_clock(self.budget_s if graphql else None) as clock:
                try:
                    await self.app(scope, receive, send_with_id)
                finally:
                    record.neo4j_ms = clock.database_s * 1000
                    record.transactions = clock.transactions
        except Exception:
            record.status, record.code = 500, "INTERNAL_SERVER_ERROR"
            raise
        finally:
            seconds = time.perf_counter() - started
            record.read_operation()
            if record.code == "OK" and record.status >= 400:
                # Answered before the GraphQL view (authentication, routing).
                record.code = _STATUS_CODES.get(record.status, f"HTTP_{record.status}")
            if graphql:
                IN_FLIGHT.dec()
                REQUESTS.labels(record.label, record.code).inc()
                REQUEST_SECONDS.labels(record.label).observe(seconds)
            _log(record, seconds)
            _record.reset(token)


def _log(record: RequestRecord, seconds: float) -> None:
    quiet = record.path.startswith(_QUIET_PATHS)
    level = logging.DEBUG if quiet else logging.INFO
    if not log.isEnabledFor(level):
        return
    fields = ",".join(record.root_fields) or "-"
    log.log(
        level,
        "%s %s %s %s op=%s fields=%s workspace=%s %.1f ms (neo4j %.1f ms, %d tx)",
        record.method,
        record.path,
        record.status,
        record.code,
        record.operation or "-",
        fields,
        record.workspace or "-",
        seconds * 1000,
        record.neo4j_ms,
        record.transactions,
        extra={
            "request_id": record.request_id,
            "method": record.method,
            "path": record.path,
            "status": record.status,
            "code": record.code,
            "operation": record.operation,
            "fields": list(record.root_fields),
            "workspace": record.workspace,
            "duration_ms": round(seconds * 1000, 2),
            "neo4j_ms": round(record.neo4j_ms, 2),
            "transactions": record.transactions,
        },
    )
