"""Webhook deliveries: claimed by one worker at a time with a lease stored on the delivery,
retried with exponential backoff and jitter, dead-lettered after the last attempt, listed as a
log and replayed on request.

- A delivery is PENDING until an attempt succeeds (DELIVERED) or the last allowed attempt fails
  (DEAD). Claiming sets ``leaseOwner`` and ``leaseUntil`` (the database's clock): another worker
  claims it only once the lease has passed, so a crashed worker's claims come back by themselves.
  At least once: a worker that outlives its lease may deliver the same event twice; receivers
  deduplicate on the event id (the ``Accountmap-Event-Id`` header).
- Order per account: a delivery is claimable only when no earlier event of the same account is
  still PENDING for the same webhook, so a receiver sees each account's events in order.
- The line of an account is looked up by its own index (the planner, left alone, prefers the
  workspace's sequence index and reads every earlier delivery).
- Claims take each delivery's write lock before checking it again (Neo4j's documented pattern
  against lost updates), so two workers never both win the same lease.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all, fetch_one
from graph.core.dates import to_datetime
from graph.core.errors import InvalidInput, NotFound
from graph.core.pagination import Page, decode_cursor, encode_cursor
from graph.signals.model import SignalEvent, SignalType
from graph.signals.outbox import event_of


class DeliveryState(StrEnum):
    """Where a delivery stands."""

    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    DEAD = "DEAD"


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter: attempt ``n`` waits between half and all of
    ``min(max_s, base_s * 2 ** (n - 1))`` ("equal jitter"), so retries of many deliveries that
    failed together spread out."""

    base_s: float = 1.0
    max_s: float = 600.0

    def delay_s(self, attempt: int, rng: random.Random | None = None) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1 for the first)."""
        ceiling = min(self.max_s, self.base_s * 2.0 ** max(0, attempt - 1))
        uniform = rng.uniform if rng is not None else random.uniform
        return ceiling / 2 + uniform(0, ceiling / 2)


@dataclass(frozen=True)
class Delivery:
    """One event on its way to one webhook, as the delivery log shows it."""

    id: str
    webhook_id: str
    event_id: str
    event_seq: int
    event_type: SignalType
    account_id: str
    state: DeliveryState
    attempts: int
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None
    replays: int


@dataclass(frozen=True)
class ClaimedDelivery:
    """What a worker needs to send one delivery it holds the lease of."""

    id: str
    workspace: str
    url: str
    secret: str
    attempts: int
    event: SignalEvent


_CLAIM: LiteralString = """
MATCH (d:WebhookDelivery)
WHERE d.state = 'PENDING' AND d.nextAttemptAt <= datetime()
  AND ($workspaces IS NULL OR d.workspace IN $workspaces)
  AND (d.leaseUntil IS NULL OR d.leaseUntil <= datetime())
  AND NOT EXISTS {
    MATCH (e:WebhookDelivery {workspace: d.workspace, webhookId: d.webhookId,
                              accountId: d.accountId})
    USING INDEX e:WebhookDelivery(workspace, webhookId, accountId)
    WHERE e.state = 'PENDING' AND e.eventSeq < d.eventSeq
  }
WITH d ORDER BY d.nextAttemptAt, d.eventSeq LIMIT $limit
SET d.lock = true
WITH d
WHERE d.state = 'PENDING' AND (d.leaseUntil IS NULL OR d.leaseUntil <= datetime())
SET d.leaseOwner = $worker,
    d.leaseUntil = datetime() + duration({milliseconds: $leaseMs})
REMOVE d.lock
WITH d
MATCH (w:Webhook {workspace: d.workspace, id: d.webhookId})
MATCH (e:SignalEvent {workspace: d.workspace, id: d.eventId})
RETURN d.id AS deliveryId, d.workspace AS workspace, d.attempts AS attempts,
  w.url AS url, w.secret AS secret,
  e.id AS id, e.seq AS seq, e.type AS type, e.accountId AS accountId,
  e.accountName AS accountName, e.sentence AS sentence, e.people AS people, e.day AS day,
  e.occurredAt AS occurredAt, e.detail AS detail
ORDER BY e.seq
"""


async def claim_deliveries(
    client: GraphClient,
    worker: str,
    *,
    lease_s: float,
    limit: int,
    workspaces: Collection[str] | None = None,
) -> list[ClaimedDelivery]:
    """Lease up to ``limit`` due deliveries (of ``workspaces`` when given) to ``worker`` for
    ``lease_s`` seconds, oldest event first."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx,
            _CLAIM,
            {
                "worker": worker,
                "leaseMs": int(lease_s * 1000),
                "limit": limit,
                "workspaces": None if workspaces is None else sorted(workspaces),
            },
        )

    return [
        ClaimedDelivery(
            str(r["deliveryId"]),
            str(r["workspace"]),
            str(r["url"]),
            str(r["secret"]),
            int(r["attempts"]),
            event_of(r),
        )
        for r in await client.write(work)
    ]


_DELIVERED: LiteralString = """
UNWIND $done AS done
MATCH (d:WebhookDelivery {workspace: done.workspace, id: done.id})
SET d.state = 'DELIVERED', d.attempts = d.attempts + 1, d.lastStatusCode = done.status,
    d.lastError = null, d.deliveredAt = datetime(), d.lastAttemptAt = datetime(),
    d.leaseOwner = null, d.leaseUntil = null
"""

# A failure counts only for the lease holder: a worker whose lease passed (and whose delivery
# another worker took over) does not push the other's schedule.
_FAILED: LiteralString = """
MATCH (d:WebhookDelivery {workspace: $workspace, id: $id})
WHERE d.leaseOwner = $worker AND d.state = 'PENDING'
SET d.attempts = d.attempts + 1, d.lastStatusCode = $status, d.lastError = $error,
    d.lastAttemptAt = datetime(), d.leaseOwner = null, d.leaseUntil = null
SET d.state = CASE WHEN d.attempts >= $maxAttempts THEN 'DEAD' ELSE 'PENDING' END,
    d.nextAttemptAt = datetime() + duration({milliseconds: $delayMs})
RETURN d.state AS state
"""


async def mark_delivered(
    client: GraphClient, delivered: Sequence[tuple[ClaimedDelivery, int]]
) -> None:
    """Record successful attempts with their status codes, in one transaction (whoever's lease
    it was: the event reached the receiver)."""
    if not delivered:
        return
    done = [{"workspace": c.workspace, "id": c.id, "status": status} for c, status in delivered]

    async def work(tx: AsyncManagedTransaction) -> None:
        await (await tx.run(_DELIVERED, {"done": done})).consume()

    await client.write(work)


async def mark_failed(
    client: GraphClient,
    claimed: ClaimedDelivery,
    worker: str,
    *,
    status: int | None,
    error: str,
    max_attempts: int,
    backoff: Backoff,
) -> DeliveryState | None:
    """Record a failed attempt: PENDING again after the backoff, or DEAD after the last
    attempt; None when the worker no longer held the lease."""
    delay = backoff.delay_s(claimed.attempts + 1)

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        return await fetch_one(
            tx,
            _FAILED,
            {
                "workspace": claimed.workspace,
                "id": claimed.id,
                "worker": worker,
                "status": status,
                "error": error[:500],
                "maxAttempts": max_attempts,
                "delayMs": int(delay * 1000),
            },
        )

    row = await client.write(work)
    return None if row is None else DeliveryState(str(row["state"]))


_DELIVERY_FIELDS: LiteralString = """
  d.id AS id, d.webhookId AS webhookId, d.eventId AS eventId, d.eventSeq AS eventSeq,
  d.eventType AS eventType, d.accountId AS accountId, d.state AS state, d.attempts AS attempts,
  d.nextAttemptAt AS nextAttemptAt, d.lastStatusCode AS lastStatusCode,
  d.lastError AS lastError, d.createdAt AS createdAt, d.deliveredAt AS deliveredAt,
  coalesce(d.replays, 0) AS replays
"""


def _delivery(row: dict[str, Any]) -> Delivery:
    created = to_datetime(row["createdAt"])
    assert created is not None
    return Delivery(
        id=str(row["id"]),
        webhook_id=str(row["webhookId"]),
        event_id=str(row["eventId"]),
        event_seq=int(row["eventSeq"]),
        event_type=SignalType(str(row["eventType"])),
        account_id=str(row["accountId"]),
        state=DeliveryState(str(row["state"])),
        attempts=int(row["attempts"]),
        next_attempt_at=to_datetime(row["nextAttemptAt"])
        if row["state"] == DeliveryState.PENDING
        else None,
        last_status_code=None if row["lastStatusCode"] is None else int(row["lastStatusCode"]),
        last_error=row["lastError"],
        created_at=created,
        delivered_at=to_datetime(row["deliveredAt"]),
        replays=int(row["replays"]),
    )


_REPLAY: LiteralString = (
    """
MATCH (d:WebhookDelivery {workspace: $workspace, id: $id})
WHERE EXISTS { MATCH (:Webhook {workspace: $workspace, id: d.webhookId}) }
SET d.lock = true
WITH d
SET d.state = 'PENDING', d.attempts = 0, d.nextAttemptAt = datetime(),
    d.leaseOwner = null, d.leaseUntil = null, d.replays = coalesce(d.replays, 0) + 1
REMOVE d.lock
RETURN"""
    + _DELIVERY_FIELDS
)


async def replay_delivery(client: GraphClient, workspace: str, delivery_id: str) -> Delivery:
    """Send a delivery again (delivered or dead: the same event, the same event id, attempts
    counted afresh). ``NotFound`` for an unknown id or a delivery whose webhook was deleted."""

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        return await fetch_one(tx, _REPLAY, {"workspace": workspace, "id": delivery_id})

    row = await client.write(work)
    if row is None:
        raise NotFound.of("WebhookDelivery", delivery_id, argument="id")
    return _delivery(row)


_LOG: LiteralString = (
    """
RETURN COUNT { MATCH (d:WebhookDelivery {workspace: $workspace})
               WHERE ($state IS NULL OR d.state = $state)
                 AND ($webhookId IS NULL OR d.webhookId = $webhookId) } AS total,
  COLLECT { MATCH (d:WebhookDelivery {workspace: $workspace})
            WHERE ($state IS NULL OR d.state = $state)
              AND ($webhookId IS NULL OR d.webhookId = $webhookId)
              AND ($beforeSeq IS NULL OR d.eventSeq < $beforeSeq
                   OR (d.eventSeq = $beforeSeq AND d.id > $afterId))
            WITH d ORDER BY d.eventSeq DESC, d.id LIMIT $limit
            RETURN {"""
    + """id: d.id, webhookId: d.webhookId, eventId: d.eventId, eventSeq: d.eventSeq,
  eventType: d.eventType, accountId: d.accountId, state: d.state, attempts: d.attempts,
  nextAttemptAt: d.nextAttemptAt, lastStatusCode: d.lastStatusCode, lastError: d.lastError,
  createdAt: d.createdAt, deliveredAt: d.deliveredAt, replays: coalesce(d.replays, 0)} } AS page
"""
)

_SORT_KEY = "webhookDeliveries:eventSeq"


async def list_deliveries(
    client: GraphClient,
    workspace: str,
    *,
    first: int,
    after: str | None,
    state: DeliveryState | None = None,
    webhook_id: str | None = None,
) -> Page[Delivery]:
    """The delivery log: newest event first (keyset on the event's number, then id)."""
    before: int | None = None
    after_id = ""
    if after:
        values, after_id = decode_cursor(after, _SORT_KEY)
        if len(values) != 1 or not isinstance(values[0], int) or isinstance(values[0], bool):
            raise InvalidInput("The 'after' cursor is malformed.", field="after")
        before = values[0]

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        return await fetch_one(
            tx,
            _LOG,
            {
                "workspace": workspace,
                "state": None if state is None else state.value,
                "webhookId": webhook_id,
                "beforeSeq": before,
                "afterId": after_id,
                "limit": first + 1,
            },
        )

    row = await client.read(work)
    assert row is not None
    found = [_delivery(r) for r in row["page"]]
    chosen = found[:first]
    return Page(
        items=tuple((encode_cursor(_SORT_KEY, [d.event_seq], d.id), d) for d in chosen),
        has_next_page=len(found) > first,
        total_count=int(row["total"]),
        has_previous_page=before is not None,
    )
