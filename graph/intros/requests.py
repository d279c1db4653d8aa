"""Intro requests as stored: creating one and changing its state, each write idempotent by the
client's key, and reading requests back with their history.

A request and each of its state changes (its creation included) are nodes: the change carries
the day and time it happened (``at``, given by the client or now), who made it (the credential's
role, subject and partner) and the client's idempotency key with a fingerprint of what was sent.
A write whose key was used before with the same content answers what the first one wrote
(``replayed``); with other content it is ``IdempotencyConflict``. Keys are scoped to the caller's
side (our team, or one partner), so one side's keys never collide with, or reveal, the other's.

When a request becomes INTRODUCED, the requesting seller and the target are joined by KNOWS in the
same transaction: created at ``INTRODUCTION_STRENGTH``, or an existing one strengthened to
``1 - (1 - s)(1 - INTRODUCTION_STRENGTH)``, with source ``introduction`` and the change's time as
its last interaction. Warmest paths (graph/reach) then walk it like any other KNOWS.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ConstraintError

from graph.core.client import GraphClient, fetch_one
from graph.core.credentials import Principal, Role
from graph.core.dates import to_datetime
from graph.core.errors import IdempotencyConflict, InvalidInput, NotFound, preview
from graph.core.model import HumanKind
from graph.core.temporal import employed_on
from graph.intros.announce import announce_change
from graph.intros.model import (
    CLOCK_SKEW,
    INTRODUCTION_SOURCE,
    INTRODUCTION_STRENGTH,
    IntroChange,
    IntroRequest,
    NewIntroRequest,
    PathStep,
    Written,
    check_at,
    check_key,
    check_note,
    check_path,
    content_fingerprint,
    key_scope,
    request_id_for,
    utc,
)
from graph.intros.reading import fetch_requests
from graph.intros.states import PARTNER_MAY_SET, IntroState, check_transition
from graph.partners.boundary import SharingForbidden, load_partner_view

__all__ = [
    "CLOCK_SKEW",
    "INTRODUCTION_SOURCE",
    "INTRODUCTION_STRENGTH",
    "IntroChange",
    "IntroRequest",
    "NewIntroRequest",
    "PathStep",
    "Written",
    "change_intro_state",
    "request_introduction",
]


_CHANGE_BY_KEY: LiteralString = """
MATCH (c:IntroRequestChange {workspace: $workspace, scope: $scope, key: $key})
RETURN c.requestId AS requestId, c.fingerprint AS fingerprint, c.seq AS seq
"""

_REFERENCES: LiteralString = (
    """
OPTIONAL MATCH (a:Account {workspace: $workspace, id: $accountId})
OPTIONAL MATCH (t:Person {workspace: $workspace, id: $targetId})
OPTIONAL MATCH (s:Seller {workspace: $workspace, id: $requesterId})
OPTIONAL MATCH (i:Person|Seller {workspace: $workspace, id: $introducerId})
WHERE (i:Seller) = $introducerIsSeller
RETURN a IS NOT NULL AS account, t IS NOT NULL AS target, s IS NOT NULL AS requester,
  i IS NOT NULL AS introducer,
  EXISTS { MATCH (t)-[e:EMPLOYED_AT]->(a) WHERE """
    + employed_on("e")
    + """ } AS targetWorksThere,
  head(COLLECT {
    MATCH (i)-[e:EMPLOYED_AT]->(p:Partner {workspace: $workspace})
    WHERE """
    + employed_on("e")
    + """
    RETURN p.id ORDER BY p.id
  }) AS partnerId
"""
)

_CREATE: LiteralString = """
MATCH (a:Account {workspace: $workspace, id: $accountId})
MATCH (t:Person {workspace: $workspace, id: $targetId})
MATCH (s:Seller {workspace: $workspace, id: $requesterId})
MATCH (i:Person|Seller {workspace: $workspace, id: $introducerId})
WHERE (i:Seller) = $introducerIsSeller
CREATE (r:IntroRequest {workspace: $workspace, id: $id, accountId: $accountId,
  targetId: $targetId, introducerId: $introducerId, introducerKind: $introducerKind,
  requesterId: $requesterId, partnerId: $partnerId, path: $path, note: $note,
  state: $state, requestedAt: $at, stateChangedAt: $at, version: 0})
CREATE (c:IntroRequestChange {workspace: $workspace, requestId: $id, scope: $scope, key: $key,
  fingerprint: $fingerprint, seq: 0, fromState: null, toState: $state, at: $at,
  actorRole: $actorRole, actorSubject: $actorSubject, actorPartnerId: $actorPartnerId,
  note: $note, recordedAt: $now})
CREATE (r)-[:FOR_ACCOUNT]->(a), (r)-[:TARGETS]->(t), (r)-[:REQUESTED_BY]->(s),
  (r)-[:INTRODUCED_BY]->(i), (r)-[:HAS_CHANGE]->(c)
"""

# Writing the version first takes the request's write lock, so two changes of one request run
# one after the other and the second sees the first's state.
_LOCK: LiteralString = """
MATCH (r:IntroRequest {workspace: $workspace, id: $id})
SET r.version = coalesce(r.version, 0) + 1
RETURN r.state AS state, r.stateChangedAt AS stateChangedAt, r.partnerId AS partnerId,
  r.accountId AS accountId, r.version AS seq
"""

_CHANGE: LiteralString = """
MATCH (r:IntroRequest {workspace: $workspace, id: $id})
SET r.state = $state, r.stateChangedAt = $at
CREATE (c:IntroRequestChange {workspace: $workspace, requestId: $id, scope: $scope, key: $key,
  fingerprint: $fingerprint, seq: $seq, fromState: $fromState, toState: $state, at: $at,
  actorRole: $actorRole, actorSubject: $actorSubject, actorPartnerId: $actorPartnerId,
  note: $note, recordedAt: $now})
CREATE (r)-[:HAS_CHANGE]->(c)
"""

_INTRODUCED: LiteralString = """
MATCH (r:IntroRequest {workspace: $workspace, id: $id})
MATCH (s:Seller {workspace: $workspace, id: r.requesterId})
MATCH (t:Person {workspace: $workspace, id: r.targetId})
MERGE (s)-[k:KNOWS]-(t)
ON CREATE SET k.strength = $strength, k.source = $source, k.lastInteractionAt = $at
ON MATCH SET k.strength = 1.0 - (1.0 - coalesce(k.strength, 0.0)) * (1.0 - $strength),
  k.source = $source,
  k.lastInteractionAt = CASE WHEN k.lastInteractionAt IS NULL OR k.lastInteractionAt < $at
                        THEN $at ELSE k.lastInteractionAt END
"""


async def _run(tx: AsyncManagedTransaction, query: LiteralString, params: dict[str, Any]) -> None:
    result = await tx.run(query, params)
    await result.consume()


def _actor(actor: Principal) -> dict[str, Any]:
    return {
        "actorRole": actor.role.value,
        "actorSubject": actor.subject,
        "actorPartnerId": actor.partner_id if actor.role is Role.PARTNER else None,
    }


async def _replayed(
    tx: AsyncManagedTransaction, workspace: str, scope: str, key: str, fingerprint: str
) -> Written | None:
    """The earlier write with this key, when its content was the same; None when the key is new."""
    found = await fetch_one(
        tx, _CHANGE_BY_KEY, {"workspace": workspace, "scope": scope, "key": key}
    )
    if found is None:
        return None
    if found["fingerprint"] != fingerprint:
        raise IdempotencyConflict(
            f"The key '{preview(key)}' was already used for a different write; use a new key "
            "for a new write (the same key with the same content replays the first answer).",
            extensions={"field": "key"},
        )
    request = (await fetch_requests(tx, workspace, [str(found["requestId"])]))[
        str(found["requestId"])
    ]
    change = next(c for c in request.changes if c.seq == found["seq"])
    return Written(request, change, replayed=True)


async def _retrying_once(client: GraphClient, work: Any) -> Written:
    """Run a write; when a concurrent write with the same key won the race (a constraint
    failure), run it again: it then finds that write and replays or refuses it."""
    try:
        written: Written = await client.write(work)
    except ConstraintError:
        written = await client.write(work)
    return written


async def request_introduction(
    client: GraphClient,
    workspace: str,
    actor: Principal,
    new: NewIntroRequest,
    now: datetime | None = None,
) -> Written:
    """Create a REQUESTED intro request (or replay the one this key created). The introducer's
    partner is the partner they work for on the request's day, if any. ``NotFound`` names the
    argument of a missing account, target, introducer or requester; a target who does not work
    at the account on that day is ``InvalidInput`` on ``targetId``."""
    check_key(new.key)
    check_note(new.note)
    check_path(new)
    moment = check_at(new.at, now or datetime.now(UTC))
    scope = key_scope(actor)
    fingerprint = new.fingerprint()
    request_id = request_id_for(scope, new.key)
    is_seller = new.introducer_kind is HumanKind.SELLER
    refs = {
        "workspace": workspace,
        "accountId": new.account_id,
        "targetId": new.target_id,
        "requesterId": new.requester_id,
        "introducerId": new.introducer_id,
        "introducerIsSeller": is_seller,
        "day": moment.date(),
    }

    async def work(tx: AsyncManagedTransaction) -> Written:
        earlier = await _replayed(tx, workspace, scope, new.key, fingerprint)
        if earlier is not None:
            return earlier
        found = await fetch_one(tx, _REFERENCES, refs)
        assert found is not None
        for flag, kind, argument, item in (
            ("account", "Account", "accountId", new.account_id),
            ("target", "Person", "targetId", new.target_id),
            ("introducer", "Seller" if is_seller else "Person", "introducerId", new.introducer_id),
            ("requester", "Seller", "requesterId", new.requester_id),
        ):
            if not found[flag]:
                raise NotFound.of(kind, item, argument=argument)
        if not found["targetWorksThere"]:
            raise InvalidInput(
                "The target does not work at that account on the request's day.", field="targetId"
            )
        await _run(
            tx,
            _CREATE,
            {
                **refs,
                **_actor(actor),
                "id": request_id,
                "introducerKind": new.introducer_kind.value,
                "partnerId": None if is_seller else found["partnerId"],
                "path": json.dumps([s.as_dict() for s in new.path]),
                "note": new.note,
                "state": IntroState.REQUESTED.value,
                "at": moment,
                "now": now or datetime.now(UTC),
                "scope": scope,
                "key": new.key,
                "fingerprint": fingerprint,
            },
        )
        request = (await fetch_requests(tx, workspace, [request_id]))[request_id]
        await announce_change(tx, workspace, request, None)
        return Written(request, request.changes[-1], replayed=False)

    return await _retrying_once(client, work)


def _not_addressed_to_you() -> SharingForbidden:
    return SharingForbidden("That intro request is not addressed to your partner's contacts.")


async def change_intro_state(
    client: GraphClient,
    workspace: str,
    actor: Principal,
    request_id: str,
    state: IntroState,
    key: str,
    at: datetime | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> Written:
    """Move a request to ``state`` (``InvalidInput`` on ``state`` for a change the table
    forbids, on ``at`` for a time before the request's last change or in the future), or replay
    the change this key made. A partner credential (sharing level CONTACTS) may only accept,
    decline or mark introduced a request addressed to its own contacts at an account of its
    overlap; anything else is one denial, whether the request exists or not."""
    check_key(key)
    check_note(note)
    moment = check_at(at, now or datetime.now(UTC))
    scope = key_scope(actor)
    fingerprint = content_fingerprint(
        {
            "kind": "change",
            "requestId": request_id,
            "state": state.value,
            "at": None if at is None else utc(at).isoformat(),
            "note": note,
        }
    )
    overlap: frozenset[str] | None = None
    if actor.role is Role.PARTNER:
        assert actor.partner_id is not None
        view = await load_partner_view(client, workspace, actor.partner_id, moment.date())
        overlap = view.account_ids

    async def work(tx: AsyncManagedTransaction) -> Written:
        earlier = await _replayed(tx, workspace, scope, key, fingerprint)
        if earlier is not None:
            return earlier
        current = await fetch_one(tx, _LOCK, {"workspace": workspace, "id": request_id})
        if overlap is not None and (
            current is None
            or current["partnerId"] != actor.partner_id
            or current["accountId"] not in overlap
        ):
            raise _not_addressed_to_you()
        if current is None:
            raise NotFound.of("IntroRequest", request_id, argument="requestId")
        if overlap is not None and state not in PARTNER_MAY_SET:
            raise SharingForbidden(
                "A partner credential may only accept, decline or mark introduced an intro request."
            )
        check_transition(IntroState(current["state"]), state)
        last = to_datetime(current["stateChangedAt"])
        if last is not None and moment < last:
            raise InvalidInput(
                f"'at' lies before the request's last change ({last.isoformat()}).", field="at"
            )
        params = {
            "workspace": workspace,
            "id": request_id,
            **_actor(actor),
            "state": state.value,
            "fromState": current["state"],
            "at": moment,
            "now": now or datetime.now(UTC),
            "seq": int(current["seq"]),
            "scope": scope,
            "key": key,
            "fingerprint": fingerprint,
            "note": note,
        }
        await _run(tx, _CHANGE, params)
        if state is IntroState.INTRODUCED:
            await _run(
                tx,
                _INTRODUCED,
                {
                    "workspace": workspace,
                    "id": request_id,
                    "strength": INTRODUCTION_STRENGTH,
                    "source": INTRODUCTION_SOURCE,
                    "at": moment,
                },
            )
        request = (await fetch_requests(tx, workspace, [request_id]))[request_id]
        await announce_change(tx, workspace, request, str(current["state"]))
        return Written(request, request.changes[-1], replayed=False)

    return await _retrying_once(client, work)
