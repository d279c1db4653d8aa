"""The loop each API process runs in the background (started by the lifespan in api/app.py):
the daily sweep, the change scan of dirty accounts, and the delivery of due webhook deliveries.

It keeps nothing that matters in memory: marks, events, deliveries and leases live in Neo4j, so
any number of processes may run it side by side, and one that dies loses nothing (its leases
pass and another process sends what it held). This is the one module of the graph layer that
talks HTTP: the webhooks' receivers, through one ``httpx.AsyncClient``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import httpx

from graph.core.client import GraphClient
from graph.signals.deliveries import (
    Backoff,
    ClaimedDelivery,
    claim_deliveries,
    mark_delivered,
    mark_failed,
)
from graph.signals.scan import DEFAULT_SCAN_BATCH, dirty_workspaces, scan_workspace, sweep_day
from graph.signals.signing import (
    DELIVERY_ID_HEADER,
    EVENT_ID_HEADER,
    EVENT_TYPE_HEADER,
    SIGNATURE_HEADER,
    sign,
)

log = logging.getLogger("accountmap.signals")


def utc_today() -> date:
    """The worker's day: today in UTC (passed to every statement as ``$day``)."""
    return datetime.now(UTC).date()


def new_worker_id() -> str:
    """A name for this process's leases (host, pid and a random part)."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class WorkerOptions:
    """How the loop paces itself (from the settings)."""

    poll_s: float = 0.5
    lease_s: float = 30.0
    timeout_s: float = 10.0
    max_attempts: int = 8
    backoff: Backoff = field(default_factory=Backoff)
    batch: int = 50
    scan_batch: int = DEFAULT_SCAN_BATCH
    sweep: bool = True
    workspaces: Collection[str] | None = None
    """Only these workspaces (tests); None for all."""


def encode_body(claimed: ClaimedDelivery) -> bytes:
    """The exact bytes sent (and signed)."""
    return json.dumps(claimed.event.payload(), separators=(",", ":"), sort_keys=True).encode()


class SignalWorker:
    """Sweep, scan and deliver, once per ``run_once`` or forever."""

    def __init__(
        self,
        graph: GraphClient,
        http: httpx.AsyncClient,
        options: WorkerOptions | None = None,
        *,
        worker_id: str | None = None,
        today: Callable[[], date] = utc_today,
    ) -> None:
        self.graph = graph
        self.http = http
        self.options = options or WorkerOptions()
        self.worker_id = worker_id or new_worker_id()
        self.today = today
        self._swept_on: date | None = None  # only saves a read per tick; the ledger decides

    async def scan(self) -> int:
        """Sweep when the day turned, then scan every dirty account; events found."""
        day = self.today()
        workspaces = self.options.workspaces
        if self.options.sweep and self._swept_on != day:
            await sweep_day(self.graph, day, workspaces)
            self._swept_on = day
        found = 0
        for workspace in await dirty_workspaces(self.graph, workspaces):
            while True:
                result = await scan_workspace(self.graph, workspace, day, self.options.scan_batch)
                found += len(result.event_ids)
                if result.evaluated == 0:
                    break
        return found

    async def deliver(self) -> int:
        """Claim due deliveries and send them side by side; how many were attempted."""
        claimed = await claim_deliveries(
            self.graph,
            self.worker_id,
            lease_s=self.options.lease_s,
            limit=self.options.batch,
            workspaces=self.options.workspaces,
        )
        outcomes = await asyncio.gather(*(self.send(c) for c in claimed))
        await mark_delivered(
            self.graph, [(c, status) for c, status in zip(claimed, outcomes, strict=True) if status]
        )
        return len(claimed)

    async def send(self, claimed: ClaimedDelivery) -> int | None:
        """One attempt: POST the signed event. A failure is recorded at once with its retry;
        a success's status is returned, for ``deliver`` to record with the others."""
        body = encode_body(claimed)
        headers = {
            "content-type": "application/json",
            "user-agent": "accountmap-webhooks/1",
            SIGNATURE_HEADER: sign(claimed.secret, int(time.time()), body),
            EVENT_ID_HEADER: claimed.event.id,
            EVENT_TYPE_HEADER: claimed.event.type.value,
            DELIVERY_ID_HEADER: claimed.id,
        }
        status: int | None = None
        try:
            response = await self.http.post(
                claimed.url, content=body, headers=headers, timeout=self.options.timeout_s
            )
            status = response.status_code
            if 200 <= status < 300:
                return status
            error = f"HTTP {status}"
        except httpx.TimeoutException:
            error = f"no answer within {self.options.timeout_s:g} s"
        except httpx.HTTPError as problem:
            error = f"{type(problem).__name__}: {problem}"[:500]
        state = await mark_failed(
            self.graph,
            claimed,
            self.worker_id,
            status=status,
            error=error,
            max_attempts=self.options.max_attempts,
            backoff=self.options.backoff,
        )
        log.info("webhook delivery %s failed (%s); now %s", claimed.id, error, state)
        return None

    async def run_once(self) -> int:
        """One tick: scan, then deliver; deliveries attempted."""
        await self.scan()
        return await self.deliver()

    async def run_forever(self) -> None:
        """Tick every ``poll_s`` (at once again while deliveries keep coming) until cancelled;
        a failing tick (Neo4j down) is logged and retried on the next."""
        while True:
            try:
                busy = await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("signal worker tick failed; retrying")
                busy = 0
            if not busy:
                await asyncio.sleep(self.options.poll_s)
