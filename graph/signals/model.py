"""The signals' vocabulary: event types, what one event carries, and an account's signal state
(what the change scan compares from one evaluation to the next)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from graph.core.model import HumanKind

DEFAULT_SIGNAL_MAX_HOPS = 3
"""The hop bound of a warm route when the workspace sets none (the risk model's bound)."""


class SignalType(StrEnum):
    """What changed on the map."""

    CHAMPION_LEFT = "CHAMPION_LEFT"
    ECONOMIC_BUYER_LEFT = "ECONOMIC_BUYER_LEFT"
    ROUTE_TO_ECONOMIC_BUYER_LOST = "ROUTE_TO_ECONOMIC_BUYER_LOST"
    NEW_WARM_ROUTE = "NEW_WARM_ROUTE"
    NEW_PARTNER_OVERLAP = "NEW_PARTNER_OVERLAP"
    RISK_FLAG_RAISED = "RISK_FLAG_RAISED"
    RISK_FLAG_CLEARED = "RISK_FLAG_CLEARED"
    INTRO_REQUEST_CHANGED = "INTRO_REQUEST_CHANGED"


@dataclass(frozen=True)
class SignalPerson:
    """Someone an event names (a person, a seller, or a partner's contact)."""

    id: str
    name: str | None
    kind: HumanKind = HumanKind.PERSON

    def record(self) -> dict[str, Any]:
        """The JSON form stored on the event and sent in the webhook body."""
        return {"id": self.id, "name": self.name, "kind": self.kind.value}


@dataclass(frozen=True)
class SignalDraft:
    """An event before it has its id and sequence number: what the scan (or another writer,
    such as the intro requests) records."""

    type: SignalType
    account_id: str
    account_name: str | None
    sentence: str
    people: tuple[SignalPerson, ...] = ()
    day: date | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)
    """Extra facts of the event type (the risk flag, a route's warmth, an intro request's id and
    state): plain JSON values."""


@dataclass(frozen=True)
class SignalEvent:
    """One event of the outbox: ``seq`` orders a workspace's events (and so each account's)."""

    id: str
    seq: int
    type: SignalType
    account_id: str
    account_name: str | None
    sentence: str
    people: tuple[SignalPerson, ...]
    day: date | None
    occurred_at: datetime
    detail: Mapping[str, Any]

    def payload(self) -> dict[str, Any]:
        """The webhook body (and the subscription's JSON detail)."""
        return {
            "id": self.id,
            "seq": self.seq,
            "type": self.type.value,
            "occurredAt": self.occurred_at.isoformat(),
            "day": None if self.day is None else self.day.isoformat(),
            "account": {"id": self.account_id, "name": self.account_name},
            "people": [p.record() for p in self.people],
            "sentence": self.sentence,
            "detail": dict(self.detail),
        }


@dataclass(frozen=True)
class AccountSignalState:
    """What the signals of one account are computed from, on one day. Stored as JSON after each
    evaluation; the next evaluation's differences are the events."""

    name: str | None
    champions: Mapping[str, str | None]
    """Person id -> name: employed there and holding CHAMPION on the day."""
    economic_buyers: Mapping[str, str | None]
    route: tuple[SignalPerson, ...] | None
    """The warmest route from our team to an economic buyer within the hop bound (seller first),
    or None when there is none."""
    route_warmth: float | None
    partners: Mapping[str, str | None]
    """Partner id -> name: partners whose shared records match the account."""
    flags: Mapping[str, tuple[str, tuple[SignalPerson, ...]]]
    """Raised risk flag -> its sentence and the people behind it."""

    def to_json(self) -> str:
        """The stored form."""
        return json.dumps(
            {
                "name": self.name,
                "champions": dict(self.champions),
                "economicBuyers": dict(self.economic_buyers),
                "route": None if self.route is None else [p.record() for p in self.route],
                "routeWarmth": self.route_warmth,
                "partners": dict(self.partners),
                "flags": {
                    flag: {"detail": detail, "people": [p.record() for p in people]}
                    for flag, (detail, people) in self.flags.items()
                },
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> AccountSignalState:
        """The stored form read back."""
        raw = json.loads(text)
        route = raw.get("route")
        return cls(
            name=raw.get("name"),
            champions=raw.get("champions", {}),
            economic_buyers=raw.get("economicBuyers", {}),
            route=None if route is None else tuple(_person(p) for p in route),
            route_warmth=raw.get("routeWarmth"),
            partners=raw.get("partners", {}),
            flags={
                flag: (value["detail"], tuple(_person(p) for p in value["people"]))
                for flag, value in raw.get("flags", {}).items()
            },
        )


def _person(raw: Mapping[str, Any]) -> SignalPerson:
    return SignalPerson(str(raw["id"]), raw.get("name"), HumanKind(raw["kind"]))
