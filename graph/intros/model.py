"""Intro requests as values: a request with its history, what a seller asks for, a path step,
and the checks every write makes on what the client sent (keys, notes, times, paths)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from graph.core.credentials import Principal, Role
from graph.core.errors import InvalidInput
from graph.core.model import HumanKind
from graph.intros.states import IntroState
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
        return content_fingerprint(
            {
                "kind": "request",
                "accountId": self.account_id,
                "targetId": self.target_id,
                "introducerId": self.introducer_id,
                "introducerKind": self.introducer_kind.value,
                "requesterId": self.requester_id,
                "path": [s.as_dict() for s in self.path],
                "note": self.note,
                "at": None if self.at is None else utc(self.at).isoformat(),
            }
        )


@dataclass(frozen=True)
class Written:
    """What a write answers: the request after it, the change it made, and whether it was a
    replay of an earlier write with the same key."""

    request: IntroRequest
    change: IntroChange
    replayed: bool


def content_fingerprint(content: dict[str, Any]) -> str:
    """What a write sent, as a digest: a replay with the same key must send the same."""
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def utc(moment: datetime) -> datetime:
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
        moment = utc(at)
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
