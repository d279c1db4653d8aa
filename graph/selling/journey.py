"""The buyer journey of an account: its stage with dated history, and the upsell cool-down.

Each stage an account enters is recorded as ``(:Account)-[:IN_JOURNEY]->(:JourneyStage
{workspace, id, accountId, stage, enteredOn, note, recordedAt})``; the id is
``<accountId>/<stage>/<enteredOn>``, so recording the same step twice changes only its note. The
stage on a day is the latest entered on or before it.

Adoption first, then upsell when the account team says it is time: an account purchased on the
latest of its PURCHASE entries and its won deals' close dates (on or before the day). The account
is in its cool-down from that day until ``cool_down_days`` later (day 89 of 90 still is, day 90 no
longer), unless the account team has given the go-ahead by recording EXPANSION on or after the
purchase day (and on or before the day judged): that ends the cool-down at once. While it lasts,
every open deal there is flagged as an upsell opened too early, except a deal opened before the
purchase (``openDate``): that one is the purchase's own business, not an upsell. A deal without an
``openDate`` is flagged (nothing shows it predates the purchase); a deal opened after the day
judged did not exist yet and is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all, fetch_one
from graph.core.dates import days_after, to_date
from graph.core.errors import NotFound
from graph.core.model import OpportunityState
from graph.core.pagination import Page, paginate

DEFAULT_COOL_DOWN_DAYS = 90


class JourneyStage(StrEnum):
    """Where an account stands, from first awareness to expansion."""

    AWARENESS = "AWARENESS"
    CONSIDERATION = "CONSIDERATION"
    DECISION = "DECISION"
    PURCHASE = "PURCHASE"
    ADOPTION = "ADOPTION"
    EXPANSION = "EXPANSION"


@dataclass(frozen=True)
class JourneyEntry:
    """A stage the account entered on a day."""

    stage: JourneyStage
    entered_on: date
    note: str | None


@dataclass(frozen=True)
class RecordedStage:
    """What recording a stage changed: the entry, and whether it is new (False: only its note
    was updated)."""

    entry: JourneyEntry
    created: bool


@dataclass(frozen=True)
class UpsellFlag:
    """An open deal at an account still in its post-purchase cool-down, opened on or after the
    purchase (or with no opening date)."""

    opportunity_id: str
    opportunity_name: str
    open_date: date | None
    days_since_purchase: int
    cool_down_ends_on: date


@dataclass(frozen=True)
class BuyerJourney:
    """One account's journey on a day."""

    account_id: str
    account_name: str | None
    as_of: date
    stage: JourneyStage | None
    since: date | None
    history: tuple[JourneyEntry, ...]
    last_purchase_on: date | None
    cool_down_days: int
    go_ahead_on: date | None  # the EXPANSION entry on or after the last purchase, if any
    in_cool_down: bool
    upsell_flags: tuple[UpsellFlag, ...]


_RECORD: LiteralString = """
MATCH (a:Account {workspace: $workspace, id: $accountId})
MERGE (j:JourneyStage {workspace: $workspace, id: $id})
ON CREATE SET j.accountId = $accountId, j.stage = $stage, j.enteredOn = $enteredOn,
  j.recordedAt = $now
SET j.note = $note
MERGE (a)-[:IN_JOURNEY]->(j)
RETURN j {.*} AS entry, j.recordedAt = $now AS created
"""

_FACTS: LiteralString = """
RETURN a.id AS id, a.name AS name,
  COLLECT {
    MATCH (j:JourneyStage {workspace: $workspace, accountId: a.id})
    WHERE j.enteredOn <= $day
    RETURN j {.stage, .enteredOn, .note, .recordedAt} AS entry
    ORDER BY j.enteredOn, j.recordedAt
  } AS history,
  COLLECT {
    MATCH (o:Opportunity {workspace: $workspace, accountId: a.id})
    WHERE o.state = $won AND o.closeDate <= $day
    RETURN o.closeDate
  } AS wins,
  COLLECT {
    MATCH (o:Opportunity {workspace: $workspace, accountId: a.id})
    WHERE o.state = $open
    RETURN o {.id, .name, .openDate} AS deal ORDER BY o.id
  } AS openDeals
"""

_ONE: LiteralString = "MATCH (a:Account {workspace: $workspace, id: $accountId})\n" + _FACTS

# Only accounts with an open deal can be flagged.
_WITH_OPEN_DEALS: LiteralString = (
    """
MATCH (a:Account {workspace: $workspace})
WHERE EXISTS {
  MATCH (o:Opportunity {workspace: $workspace, accountId: a.id}) WHERE o.state = $open
}
"""
    + _FACTS
)


def _date(value: Any) -> date:
    found = to_date(value)
    assert found is not None  # stored by record_journey_stage, never null
    return found


def _upsell(opened: date | None, purchase: date, day: date) -> bool:
    """Whether an open deal counts as an upsell of the purchase: not opened before it (undated
    deals count), and already opened on the day judged."""
    return opened is None or purchase <= opened <= day


def _journey(row: dict[str, Any], day: date, cool_down_days: int) -> BuyerJourney:
    history = tuple(
        JourneyEntry(JourneyStage(e["stage"]), _date(e["enteredOn"]), e["note"])
        for e in row["history"]
    )
    purchases = [e.entered_on for e in history if e.stage is JourneyStage.PURCHASE]
    purchases += [_date(w) for w in row["wins"] if w is not None]
    last = max(purchases, default=None)
    go_ahead = (
        None
        if last is None
        else min(
            (
                e.entered_on
                for e in history
                if e.stage is JourneyStage.EXPANSION and e.entered_on >= last
            ),
            default=None,
        )
    )
    cooling = False
    flags: tuple[UpsellFlag, ...] = ()
    if last is not None and go_ahead is None and day < days_after(last, cool_down_days):
        cooling = True
        ends = days_after(last, cool_down_days)
        flags = tuple(
            UpsellFlag(d["id"], d["name"] or d["id"], opened, (day - last).days, ends)
            for d in row["openDeals"]
            if _upsell(opened := to_date(d.get("openDate")), last, day)
        )
    current = history[-1] if history else None
    return BuyerJourney(
        account_id=row["id"],
        account_name=row["name"],
        as_of=day,
        stage=None if current is None else current.stage,
        since=None if current is None else current.entered_on,
        history=history,
        last_purchase_on=last,
        cool_down_days=cool_down_days,
        go_ahead_on=go_ahead,
        in_cool_down=cooling,
        upsell_flags=flags,
    )


def _parameters(workspace: str, day: date) -> dict[str, Any]:
    return {
        "workspace": workspace,
        "day": day,
        "won": OpportunityState.WON.value,
        "open": OpportunityState.OPEN.value,
    }


async def record_journey_stage(
    client: GraphClient,
    workspace: str,
    account_id: str,
    stage: JourneyStage,
    entered_on: date,
    note: str | None = None,
) -> RecordedStage:
    """Record that the account entered ``stage`` on ``entered_on``; the same stage on the
    same day again only updates the note. ``NotFound`` for an unknown account."""
    day = entered_on
    parameters = {
        "workspace": workspace,
        "accountId": account_id,
        "id": f"{account_id}/{stage.value}/{day.isoformat()}",
        "stage": stage.value,
        "enteredOn": day,
        "note": note,
        "now": datetime.now(UTC),
    }

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        return await fetch_one(tx, _RECORD, parameters)

    row = await client.write(work)
    if row is None:
        raise NotFound.of("Account", account_id, argument="accountId")
    entry = row["entry"]
    return RecordedStage(
        JourneyEntry(JourneyStage(entry["stage"]), _date(entry["enteredOn"]), entry.get("note")),
        bool(row["created"]),
    )


async def find_buyer_journey(
    client: GraphClient,
    workspace: str,
    account_id: str,
    cool_down_days: int = DEFAULT_COOL_DOWN_DAYS,
    *,
    day: date,
) -> BuyerJourney:
    """The account's stage and history on ``day``, and its upsell cool-down flags.
    ``NotFound`` for an unknown account."""

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        return await fetch_one(tx, _ONE, {**_parameters(workspace, day), "accountId": account_id})

    row = await client.read(work)
    if row is None:
        raise NotFound.of("Account", account_id, argument="accountId")
    return _journey(row, day, cool_down_days)


def _recent_purchase_first(journey: BuyerJourney) -> tuple[int, str]:
    return (-(journey.last_purchase_on or date.min).toordinal(), journey.account_id)


async def list_upsell_cool_down_flags(
    client: GraphClient,
    workspace: str,
    cool_down_days: int = DEFAULT_COOL_DOWN_DAYS,
    *,
    day: date,
    first: int,
    after: str | None = None,
) -> Page[BuyerJourney]:
    """Accounts with an open deal while still in their post-purchase cool-down on ``day``, most
    recent purchase first (then by id), a page at a time."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(tx, _WITH_OPEN_DEALS, _parameters(workspace, day))

    journeys = [_journey(r, day, cool_down_days) for r in await client.read(work)]
    flagged = sorted((j for j in journeys if j.upsell_flags), key=_recent_purchase_first)
    return paginate(
        flagged,
        first=first,
        after=after,
        sort_key="upsellCoolDownFlags",
        position=_recent_purchase_first,
    )
