"""The durable outbox: events stored in Neo4j in the transaction that found them, each with a
per-workspace sequence number, and one pending delivery per webhook subscribed to its type.

``record_events`` is the one way in, for the change scan and for any other writer (intro
requests record INTRO_REQUEST_CHANGED with it inside their own write transaction): an event and
its deliveries exist exactly when the change that caused them committed.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all, fetch_one, fetch_values
from graph.core.dates import to_date, to_datetime
from graph.core.errors import InvalidInput
from graph.core.model import HumanKind
from graph.core.pagination import Page, decode_cursor, encode_cursor
from graph.signals.model import SignalDraft, SignalEvent, SignalPerson, SignalType

# The lock pattern of Neo4j's manual (a write before the read): two transactions allocating
# sequence numbers for one workspace take turns, so numbers are never handed out twice.
_ALLOCATE: LiteralString = """
MERGE (l:SignalLedger {workspace: $workspace})
SET l.lock = true
WITH l
SET l.seq = coalesce(l.seq, 0) + $count
REMOVE l.lock
RETURN l.seq AS last
"""

_APPEND: LiteralString = """
UNWIND $events AS event
CREATE (e:SignalEvent {workspace: $workspace, id: event.id, seq: event.seq, type: event.type,
  accountId: event.accountId, accountName: event.accountName, sentence: event.sentence,
  people: event.people, day: event.day, detail: event.detail, occurredAt: datetime()})
WITH e
CALL (e) {
  MATCH (w:Webhook {workspace: $workspace})
  WHERE w.active AND e.type IN w.eventTypes
  CREATE (:WebhookDelivery {workspace: $workspace, id: randomUUID(), webhookId: w.id,
    eventId: e.id, eventSeq: e.seq, accountId: e.accountId, eventType: e.type,
    state: 'PENDING', attempts: 0, nextAttemptAt: datetime(), createdAt: datetime()})
}
RETURN count(e) AS appended
"""


def _record(draft: SignalDraft, seq: int) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "seq": seq,
        "type": draft.type.value,
        "accountId": draft.account_id,
        "accountName": draft.account_name,
        "sentence": draft.sentence,
        "people": json.dumps([p.record() for p in draft.people]),
        "day": draft.day,
        "detail": json.dumps(dict(draft.detail), sort_keys=True, default=str),
    }


async def record_events(
    tx: AsyncManagedTransaction, workspace: str, drafts: Sequence[SignalDraft]
) -> list[str]:
    """Store events in the caller's write transaction (numbered in the given order) with a
    pending delivery for each active webhook that subscribed to their type; returns their ids.

    This is the public entry for writers outside this package: e.g. a change of an intro
    request calls it with a ``SignalType.INTRO_REQUEST_CHANGED`` draft in the same transaction
    that stores the change, so the event exists if and only if the change committed."""
    if not drafts:
        return []
    row = await fetch_one(tx, _ALLOCATE, {"workspace": workspace, "count": len(drafts)})
    assert row is not None
    first = int(row["last"]) - len(drafts) + 1
    events = [_record(draft, first + i) for i, draft in enumerate(drafts)]
    await (await tx.run(_APPEND, {"workspace": workspace, "events": events})).consume()
    return [str(e["id"]) for e in events]


async def record_event(tx: AsyncManagedTransaction, workspace: str, draft: SignalDraft) -> str:
    """``record_events`` for one event; returns its id."""
    (event_id,) = await record_events(tx, workspace, [draft])
    return event_id


_FIELDS: LiteralString = """
  e.id AS id, e.seq AS seq, e.type AS type, e.accountId AS accountId,
  e.accountName AS accountName, e.sentence AS sentence, e.people AS people, e.day AS day,
  e.occurredAt AS occurredAt, e.detail AS detail
"""


def event_of(row: dict[str, Any]) -> SignalEvent:
    """A stored event read back."""
    occurred = to_datetime(row["occurredAt"])
    assert occurred is not None
    return SignalEvent(
        id=str(row["id"]),
        seq=int(row["seq"]),
        type=SignalType(str(row["type"])),
        account_id=str(row["accountId"]),
        account_name=row["accountName"],
        sentence=str(row["sentence"]),
        people=tuple(
            SignalPerson(str(p["id"]), p.get("name"), HumanKind(p["kind"]))
            for p in json.loads(row["people"] or "[]")
        ),
        day=to_date(row["day"]),
        occurred_at=occurred,
        detail=json.loads(row["detail"] or "{}"),
    )


_AFTER_SEQ: LiteralString = (
    """
MATCH (e:SignalEvent {workspace: $workspace})
WHERE e.seq > $seq AND ($types IS NULL OR e.type IN $types)
  AND ($accountId IS NULL OR e.accountId = $accountId)
RETURN"""
    + _FIELDS
    + """
ORDER BY e.seq
LIMIT $limit
"""
)


async def events_after(
    client: GraphClient,
    workspace: str,
    seq: int,
    limit: int = 100,
    types: Sequence[SignalType] | None = None,
    account_id: str | None = None,
) -> list[SignalEvent]:
    """The workspace's events numbered after ``seq``, oldest first (what a subscription polls)."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx,
            _AFTER_SEQ,
            {
                "workspace": workspace,
                "seq": seq,
                "limit": limit,
                "types": None if types is None else [t.value for t in types],
                "accountId": account_id,
            },
        )

    return [event_of(row) for row in await client.read(work)]


_LAST_SEQ: LiteralString = """
OPTIONAL MATCH (l:SignalLedger {workspace: $workspace})
RETURN coalesce(l.seq, 0) AS seq
"""


async def last_seq(client: GraphClient, workspace: str) -> int:
    """The number of the workspace's latest event (0 before the first)."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_values(tx, _LAST_SEQ, {"workspace": workspace})

    return int((await client.read(work))[0]["seq"])


_FILTER: LiteralString = """
  ($types IS NULL OR e.type IN $types) AND ($accountId IS NULL OR e.accountId = $accountId)
"""

_PAGE: LiteralString = (
    """
RETURN COUNT { MATCH (e:SignalEvent {workspace: $workspace}) WHERE """
    + _FILTER
    + """ } AS total,
  COLLECT { MATCH (e:SignalEvent {workspace: $workspace})
            WHERE ($before IS NULL OR e.seq < $before) AND """
    + _FILTER
    + """
            RETURN e ORDER BY e.seq DESC LIMIT $limit } AS page
"""
)

_SORT_KEY = "signalEvents:seq"


async def list_events(
    client: GraphClient,
    workspace: str,
    *,
    first: int,
    after: str | None,
    types: Sequence[SignalType] | None = None,
    account_id: str | None = None,
) -> Page[SignalEvent]:
    """The workspace's events, newest first, as a page (keyset on the sequence number)."""
    before: int | None = None
    if after:
        values, _ = decode_cursor(after, _SORT_KEY)
        if len(values) != 1 or not isinstance(values[0], int):
            raise InvalidInput("The 'after' cursor is malformed.", field="after")
        before = values[0]

    async def work(tx: AsyncManagedTransaction) -> tuple[int, list[dict[str, Any]]]:
        result = await tx.run(
            _PAGE,
            {
                "workspace": workspace,
                "types": None if types is None else [t.value for t in types],
                "accountId": account_id,
                "before": before,
                "limit": first + 1,
            },
        )
        record = await result.single()
        assert record is not None
        rows = [
            {
                "id": n["id"],
                "seq": n["seq"],
                "type": n["type"],
                "accountId": n["accountId"],
                "accountName": n.get("accountName"),
                "sentence": n["sentence"],
                "people": n.get("people"),
                "day": n.get("day"),
                "occurredAt": n["occurredAt"],
                "detail": n.get("detail"),
            }
            for n in record["page"]
        ]
        return int(record["total"]), rows

    total, rows = await client.read(work)
    events = [event_of(r) for r in rows]
    chosen = events[:first]
    return Page(
        items=tuple((encode_cursor(_SORT_KEY, [e.seq], e.id), e) for e in chosen),
        has_next_page=len(events) > first,
        total_count=total,
        has_previous_page=before is not None,
    )
