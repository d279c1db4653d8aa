"""Running the app under uvicorn: one process or several workers, with timeouts for slow clients.

uvicorn closes a connection idle after a response (``timeout_keep_alive``) but waits forever for
a client that connects and never finishes sending its request (slowloris). ``GuardedHttp`` adds
that bound: a request must arrive whole, headers and body, within ``read_timeout_s`` of its first
byte (or of the connection opening); otherwise the connection is closed. Several workers
(``accountmap serve --workers N``) are uvicorn's own process manager; each worker builds the app
from the environment (``create_worker_app``), so they share nothing but Neo4j.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from api.observability import LogFormat, logging_config

WORKER_NEO4J_URI = "ACCOUNTMAP_WORKER_NEO4J_URI"
"""Where the serving CLI found or started Neo4j, for its workers (a local server's address)."""
READ_TIMEOUT_S = "ACCOUNTMAP_CLIENT_READ_TIMEOUT_S"
DEFAULT_READ_TIMEOUT_S = 15.0


class GuardedHttp(HttpToolsProtocol):
    """uvicorn's httptools protocol, closing connections whose request does not arrive whole
    within the read timeout."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # uvicorn takes the protocol by import path (workers are spawned), so the bound comes
        # from the environment the CLI set.
        self.read_timeout_s = float(os.environ.get(READ_TIMEOUT_S, DEFAULT_READ_TIMEOUT_S))
        self._read_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._read_deadline = self.loop.call_later(self.read_timeout_s, self._too_slow)

    def _disarm(self) -> None:
        if self._read_deadline is not None:
            self._read_deadline.cancel()
            self._read_deadline = None

    def _too_slow(self) -> None:
        self._read_deadline = None
        self.transport.close()


@dataclass(frozen=True)
class ServeOptions:
    """How to serve: where, how many workers, and the timeouts for clients."""

    host: str
    port: int
    workers: int = 1
    read_timeout_s: float = DEFAULT_READ_TIMEOUT_S
    keep_alive_s: int = 5
    limit_concurrency: int | None = None
    log_format: LogFormat = "text"


def serve_app(app: Starlette | None, options: ServeOptions, neo4j_uri: str) -> None:
    """Serve ``app`` in this process, or ``options.workers`` workers each building their own."""
    common: dict[str, Any] = {
        "host": options.host,
        "port": options.port,
        "http": "api.server:GuardedHttp",
        "timeout_keep_alive": options.keep_alive_s,
        "timeout_graceful_shutdown": 10,
        "limit_concurrency": options.limit_concurrency,
        "log_config": logging_config(options.log_format),
        "access_log": False,
    }
    os.environ[READ_TIMEOUT_S] = str(options.read_timeout_s)
    if options.workers == 1 and app is not None:
        uvicorn.run(app, **common)
        return
    os.environ[WORKER_NEO4J_URI] = neo4j_uri
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Each worker writes its metrics here; /metrics in any worker sums them.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="accountmap-metrics-")
    Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]).mkdir(parents=True, exist_ok=True)
    uvicorn.run("api.app:create_worker_app", factory=True, workers=options.workers, **common)
