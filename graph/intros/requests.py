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

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ConstraintError

from graph.core.client import GraphClient, fetch_all, fetch_one
from graph.core.credentials import Principal, Role
from graph.core.dates import to_datetime
from graph.core.errors import IdempotencyConflict, InvalidInput, NotFound, preview
from graph.core.model import HumanKind
from graph.core.temporal import employed_on
from graph.intros.announce import announce_change
from graph.intros.states import PARTNER_MAY_SET, IntroState, check_transition
from graph.partners.boundary import SharingForbidden, load_partner_view
from graph.reach.paths import MAX_HOPS_LIMIT

INTRODUCTION_STRENGTH = 0.5
"""The strength an introduction gives (or adds to) the requesting seller's KNOWS with the target."""
INTRODUCTION_SOURCE = "introduction"
"""The ``source`` of a KNOWS an introduction made or strengthened."""
MAX_KEY_CHARS = 200
MAX_NOTE_CHARS = 2000
CLOCK_SKEW = timedelta(minutes=5)
"""How far past the server's now a client-given time may lie (clocks differ a little)."""


@dataclass(frozen=True)
class PathStep:
    """One introduction along the path a request came from (a warmest-path hop)."""

    from_id: str
    from_kind: HumanKind
    to_id: str
    to_kind: HumanKind
    relationship: str
    strength: float

    def as_dict(self) -> dict[str, Any]:
        """The step as stored (JSON) and fingerprinted."""
        return {
            "fromId": self.from_id,
            "fromKind": self.from_kind.value,
            "toId": self.to_id,
            "toKind": self.to_kind.value,
            "relationship": self.relationship,
            "strength": self.strength,
        }


@dataclass(frozen=True)
class IntroChange:
    """One dated, attributed state change (the first one is the creation: ``from_state`` None)."""

    seq: int
    from_state: IntroState | None
    to_state: IntroState
    at: datetime
    actor_role: str
    actor_subject: str
    actor_partner_id: str | None
    note: str | None


@dataclass(frozen=True)
class IntroRequest:
    """A request as stored, with names read on the way out and its whole history."""

    id: str
    account_id: str
    account_name: str | None
    target_id: str
    target_name: str | None
    target_title: str | None
    introducer_id: str
    introducer_kind: HumanKind
    introducer_name: str | None
    introducer_title: str | None
    requester_id: str
    requester_name: str | None
    partner_id: str | None
    partner_name: str | None
    path: tuple[PathStep, ...]
    note: str | None
    state: IntroState
    requested_at: datetime
    state_changed_at: datetime
    changes: tuple[IntroChange, ...]


@dataclass(frozen=True)
class NewIntroRequest:
    """What a seller asks for: the target at an account, through an introducer, along a path."""

    key: str
    account_id: str
    target_id: str
    introducer_id: str
    introducer_kind: HumanKind
    requester_id: str
    path: tuple[PathStep, ...] = ()
    note: str | None = None
    at: datetime | None = None

    def fingerprint(self) -> str:
        """What makes two writes with this key the same write."""
        return _fingerprint(
            {
                "kind": "request",
                "accountId": self.account_id,
                "targetId": self.target_id,
                "introducerId": self.introducer_id,
                "introducerKind": self.introducer_kind.value,
                "requesterId": self.requester_id,
                "path": [s.as_dict() for s in self.path],
                "note": self.note,
                "at": None if self.at is None else _utc(self.at).isoformat(),
            }
        )


@dataclass(frozen=True)
class Written:
    """What a write answers: the request after it, the change it made, and whether it was a
    replay of an earlier write with the same key."""

    request: IntroRequest
    change: IntroChange
    replayed: bool


def _fingerprint(content: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _utc(moment: datetime) -> datetime:
    """A client's time in UTC (a time without an offset is read as UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def key_scope(actor: Principal) -> str:
    """Whose keys a key is checked against: our team's, or one partner's."""
    return f"partner:{actor.partner_id}" if actor.role is Role.PARTNER else "team"


def request_id_for(scope: str, key: str) -> str:
    """The id a request created with ``key`` gets (the same on every replay)."""
    return "ir-" + hashlib.sha256(f"{scope}\n{key}".encode()).hexdigest()[:24]


# --- checks of what a client sends -------------------------------------------------------------


def check_key(key: str) -> None:
    """``InvalidInput`` (field ``key``) unless 1 to 200 characters."""
    if not 1 <= len(key) <= MAX_KEY_CHARS or not key.strip():
        raise InvalidInput(
            f"'key' must be 1 to {MAX_KEY_CHARS} characters (not only blanks).", field="key"
        )


def check_note(note: str | None) -> None:
    """``InvalidInput`` (field ``note``) when over 2000 characters."""
    if note is not None and len(note) > MAX_NOTE_CHARS:
        raise InvalidInput(f"'note' must be at most {MAX_NOTE_CHARS} characters.", field="note")


def check_at(at: datetime | None, now: datetime) -> datetime:
    """The change's time: ``at`` in UTC, or ``now``; ``InvalidInput`` (field ``at``) when it lies
    in the future."""
    if at is None:
        return now
    try:
        moment = _utc(at)
    except OverflowError as error:  # an offset that pushes it off the calendar
        raise InvalidInput("'at' lies outside the calendar.", field="at") from error
    if moment > now + CLOCK_SKEW:
        raise InvalidInput("'at' lies in the future; give when it happened.", field="at")
    return moment


def check_path(new: NewIntroRequest) -> None:
    """``InvalidInput`` (field ``path``, or ``introducerId``) unless the request is coherent: the
    introducer is not the target nor (a colleague) the requester, and a path given has 1 to 6
    chained steps of strength in (0, 1] that end with the introducer introducing the target."""
    introducer = (new.introducer_kind, new.introducer_id)
    if introducer == (HumanKind.PERSON, new.target_id):
        raise InvalidInput("The introducer cannot be the target.", field="introducerId")
    if introducer == (HumanKind.SELLER, new.requester_id):
        raise InvalidInput(
            "A seller cannot introduce themselves; name the colleague or contact who introduces.",
            field="introducerId",
        )
    if not new.path:
        return
    if len(new.path) > MAX_HOPS_LIMIT:
        raise InvalidInput(f"A path has at most {MAX_HOPS_LIMIT} steps.", field="path")
    for before, after in zip(new.path, new.path[1:], strict=False):
        if (before.to_kind, before.to_id) != (after.from_kind, after.from_id):
            raise InvalidInput("Each path step must start where the one before ends.", field="path")
    if any(not 0 < step.strength <= 1 for step in new.path):
        raise InvalidInput("A path step's strength is in (0, 1].", field="path")
    last = new.path[-1]
    if (last.to_kind, last.to_id) != (HumanKind.PERSON, new.target_id):
        raise InvalidInput("The path must end at the target.", field="path")
    if (last.from_kind, last.from_id) != introducer:
        raise InvalidInput("The path's last step must start at the introducer.", field="path")


# --- reading -----------------------------------------------------------------------------------

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


# --- writing -----------------------------------------------------------------------------------

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
    fingerprint = _fingerprint(
        {
            "kind": "change",
            "requestId": request_id,
            "state": state.value,
            "at": None if at is None else _utc(at).isoformat(),
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
