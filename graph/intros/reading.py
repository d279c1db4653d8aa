"""Intro requests read back, with their names and whole history (one statement for many ids)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all
from graph.core.dates import to_datetime
from graph.core.model import HumanKind
from graph.intros.model import IntroChange, IntroRequest, PathStep
from graph.intros.states import IntroState

REQUEST_FIELDS: LiteralString = """
RETURN r.id AS id, r.accountId AS accountId,
  head([(r)-[:FOR_ACCOUNT]->(a:Account) | a.name]) AS accountName,
  r.targetId AS targetId,
  head([(r)-[:TARGETS]->(t:Person) | [t.name, t.title]]) AS target,
  r.introducerId AS introducerId, r.introducerKind AS introducerKind,
  head([(r)-[:INTRODUCED_BY]->(i) | [i.name, i.title]]) AS introducer,
  r.requesterId AS requesterId,
  head([(r)-[:REQUESTED_BY]->(s:Seller) | s.name]) AS requesterName,
  r.partnerId AS partnerId,
  head(COLLECT {
    MATCH (p:Partner {workspace: $workspace, id: r.partnerId}) RETURN p.name
  }) AS partnerName,
  r.path AS path, r.note AS note, r.state AS state, r.requestedAt AS requestedAt,
  r.stateChangedAt AS stateChangedAt,
  COLLECT {
    MATCH (r)-[:HAS_CHANGE]->(c:IntroRequestChange)
    RETURN c {.seq, .fromState, .toState, .at, .actorRole, .actorSubject, .actorPartnerId, .note}
    ORDER BY c.seq
  } AS changes
"""
"""What ``request_of`` reads, for a statement that matched ``r:IntroRequest``."""

_BY_IDS: LiteralString = (
    """
UNWIND $ids AS requestId
MATCH (r:IntroRequest {workspace: $workspace, id: requestId})
"""
    + REQUEST_FIELDS
)


def _change(row: dict[str, Any]) -> IntroChange:
    at = to_datetime(row["at"])
    assert at is not None, "every change is stored with its time"
    return IntroChange(
        seq=int(row["seq"]),
        from_state=None if row.get("fromState") is None else IntroState(row["fromState"]),
        to_state=IntroState(row["toState"]),
        at=at,
        actor_role=str(row["actorRole"]),
        actor_subject=str(row["actorSubject"]),
        actor_partner_id=row.get("actorPartnerId"),
        note=row.get("note"),
    )


def request_of(row: dict[str, Any]) -> IntroRequest:
    """A request from a row ``REQUEST_FIELDS`` returned."""
    target = row.get("target") or [None, None]
    introducer = row.get("introducer") or [None, None]
    requested_at = to_datetime(row["requestedAt"])
    changed_at = to_datetime(row["stateChangedAt"])
    assert requested_at is not None
    assert changed_at is not None
    return IntroRequest(
        id=str(row["id"]),
        account_id=str(row["accountId"]),
        account_name=row.get("accountName"),
        target_id=str(row["targetId"]),
        target_name=target[0],
        target_title=target[1],
        introducer_id=str(row["introducerId"]),
        introducer_kind=HumanKind(row["introducerKind"]),
        introducer_name=introducer[0],
        introducer_title=introducer[1],
        requester_id=str(row["requesterId"]),
        requester_name=row.get("requesterName"),
        partner_id=row.get("partnerId"),
        partner_name=row.get("partnerName"),
        path=tuple(
            PathStep(
                from_id=s["fromId"],
                from_kind=HumanKind(s["fromKind"]),
                to_id=s["toId"],
                to_kind=HumanKind(s["toKind"]),
                relationship=s["relationship"],
                strength=float(s["strength"]),
            )
            for s in json.loads(row.get("path") or "[]")
        ),
        note=row.get("note"),
        state=IntroState(row["state"]),
        requested_at=requested_at,
        state_changed_at=changed_at,
        changes=tuple(_change(c) for c in row["changes"]),
    )


async def fetch_requests(
    tx: AsyncManagedTransaction, workspace: str, ids: Sequence[str]
) -> dict[str, IntroRequest]:
    """The requests with these ids that exist, by id."""
    rows = await fetch_all(tx, _BY_IDS, {"workspace": workspace, "ids": list(ids)})
    return {str(row["id"]): request_of(row) for row in rows}


async def find_intro_requests(
    client: GraphClient, workspace: str, ids: Sequence[str]
) -> dict[str, IntroRequest]:
    """The requests with these ids that exist in the workspace, by id (our own team's view)."""

    async def work(tx: AsyncManagedTransaction) -> dict[str, IntroRequest]:
        return await fetch_requests(tx, workspace, ids)

    return await client.read(work)
