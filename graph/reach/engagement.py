"""Engaged contacts: the people at an account our team is actually in touch with.

An *engaged contact* of an account on day d is a person employed there on d (the one temporal
rule of ``graph.core.temporal``) with a KNOWS relationship to one of our sellers of strength at
least ``min_strength`` whose last interaction, where known, is no older than
``stale_after_days`` before d. This module is the rule's one home: risk (``graph.reach.risk``)
builds its flags on it, and scoring, qualification, coverage and personas ask it directly with
one lean statement per batch of accounts (no risk assessment, no path search).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, LiteralString, Protocol

from neo4j import AsyncManagedTransaction

from graph.core.batching import batched
from graph.core.client import GraphClient, fetch_values
from graph.core.dates import days_before, to_date
from graph.core.temporal import employed_on

DEFAULT_MIN_STRENGTH = 0.5
"""The weakest KNOWS that still engages a contact."""

DEFAULT_STALE_AFTER_DAYS = 90
"""A last interaction older than this (in days) no longer engages."""

_BATCH = 500


class EngagementThresholds(Protocol):
    """What the rule needs of a caller's settings (``graph.reach.risk.RiskSettings`` has both)."""

    @property
    def min_strength(self) -> float: ...

    @property
    def stale_after_days(self) -> int: ...


@dataclass(frozen=True)
class EngagementRule:
    """The rule's thresholds with their documented defaults."""

    min_strength: float = DEFAULT_MIN_STRENGTH
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS


@dataclass(frozen=True)
class EngagedContact:
    """A person employed at the account whom our team engages."""

    id: str
    name: str | None
    title: str | None
    department: str | None
    seller_ids: tuple[str, ...]
    strength: float


@dataclass(frozen=True)
class Tie:
    """A KNOWS between a person and one of our sellers."""

    seller: str
    seller_name: str | None
    strength: float
    last: date | None


class Employee(Protocol):
    """What the rule reads of a person employed at the account."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str | None: ...

    @property
    def title(self) -> str | None: ...

    @property
    def department(self) -> str | None: ...

    @property
    def ties(self) -> tuple[Tie, ...]: ...


@dataclass(frozen=True)
class _Staff:
    id: str
    name: str | None
    title: str | None
    department: str | None
    ties: tuple[Tie, ...]


TIES: LiteralString = (
    "[(p)-[k:KNOWS]-(s:Seller) WHERE coalesce(s.workspace, '') = $workspace"
    " | {seller: s.id, sellerName: s.name, strength: k.strength, last: date(k.lastInteractionAt)}]"
)
"""The ties of person ``p`` to our sellers, as a Cypher list expression (read by ``ties_of``).
The last interaction comes as its date (in its own time zone, as ``to_date`` reads a datetime):
the rule counts days, and the driver builds a date far faster than a zoned datetime. The
workspace is compared through ``coalesce`` so that no plan starts from the index of every seller
of the workspace for each person (seen: 22M db hits for 9,000 people, against 170k expanding
from the person)."""


def ties_of(rows: Iterable[dict[str, Any]]) -> tuple[Tie, ...]:
    """The ties a ``TIES`` expression returned."""
    return tuple(
        Tie(str(t["seller"]), t["sellerName"], float(t["strength"] or 0.0), to_date(t["last"]))
        for t in rows
    )


def engages(tie: Tie, on: date, rule: EngagementThresholds) -> bool:
    """Strong enough, and not stale on ``on``."""
    stale = days_before(on, rule.stale_after_days)
    return tie.strength >= rule.min_strength and (tie.last is None or tie.last >= stale)


def engaged_among(
    staff: Iterable[Employee], day: date, rule: EngagementThresholds
) -> tuple[EngagedContact, ...]:
    """The engaged contacts among people employed at the account on ``day``, strongest first."""
    engaged = []
    for person in staff:
        ties = [t for t in person.ties if engages(t, day, rule)]
        if ties:
            engaged.append(
                EngagedContact(
                    person.id,
                    person.name,
                    person.title,
                    person.department,
                    tuple(sorted({t.seller for t in ties})),
                    max(t.strength for t in ties),
                )
            )
    return tuple(sorted(engaged, key=lambda e: (-e.strength, e.id)))


# Per account, the people employed there on the day who know one of our sellers (title and
# department of their latest current job there), with those ties.
_ENGAGEMENT: LiteralString = (
    """
UNWIND $accountIds AS accountId
MATCH (a:Account {workspace: $workspace, id: accountId})
RETURN collect({id: a.id, staff: COLLECT {
    MATCH (a)<-[e:EMPLOYED_AT]-(p:Person)
    WHERE p.workspace = $workspace AND """
    + employed_on("e")
    + """ AND EXISTS { MATCH (p)-[:KNOWS]-(:Seller) }
    RETURN {id: p.id, name: p.name, title: coalesce(e.title, p.title),
      department: coalesce(e.department, p.department), ties: """
    + TIES
    + """} AS person
    ORDER BY e.startDate DESC
  }}) AS accounts
"""
)


async def load_engaged_contacts(
    tx: AsyncManagedTransaction,
    workspace: str,
    account_ids: Sequence[str],
    day: date,
    settings: EngagementThresholds | None = None,
) -> dict[str, tuple[EngagedContact, ...]]:
    """Per account (unknown ids are absent), the people working there on ``day`` whom our
    team engages, strongest first: one statement per batch of accounts."""
    rule = settings or EngagementRule()
    found: dict[str, tuple[EngagedContact, ...]] = {}
    for chunk in batched(list(account_ids), _BATCH):
        rows = await fetch_values(
            tx, _ENGAGEMENT, {"workspace": workspace, "accountIds": list(chunk), "day": day}
        )
        for account in rows[0]["accounts"]:
            staff: dict[str, _Staff] = {}
            for s in account["staff"]:
                # Two current jobs at one account: the latest describes them.
                staff.setdefault(
                    str(s["id"]),
                    _Staff(
                        str(s["id"]), s["name"], s["title"], s["department"], ties_of(s["ties"])
                    ),
                )
            found[str(account["id"])] = engaged_among(staff.values(), day, rule)
    return found


async def find_engaged_contacts(
    client: GraphClient,
    workspace: str,
    account_ids: Sequence[str],
    day: date | None = None,
    settings: EngagementThresholds | None = None,
) -> dict[str, tuple[EngagedContact, ...]]:
    """``load_engaged_contacts`` in its own read transaction."""
    chosen_day = day or date.today()

    async def work(tx: AsyncManagedTransaction) -> dict[str, tuple[EngagedContact, ...]]:
        return await load_engaged_contacts(tx, workspace, account_ids, chosen_day, settings)

    return await client.read(work)
