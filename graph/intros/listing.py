"""Intro requests as seen on a day: which exist, the state each is in, how long it has been in
it, filtered, sorted and paged; and who may see which.

*On day d* a request exists when it was requested on or before ``d`` (its first change's UTC day),
and its state is that of its last change dated on or before ``d``. Its ageing on ``d``: days in
its current state (``d`` minus the day of that change) and days since it was requested.

A partner credential (sharing level CONTACTS; below, one denial) sees only the requests whose
introducer worked for its partner when the request was made, at an account of its overlap
(graph/partners/boundary.py); our team sees every request of the workspace.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all
from graph.core.pagination import Page, paginate
from graph.intros.model import IntroChange, IntroRequest
from graph.intros.reading import REQUEST_FIELDS, find_intro_requests, request_of
from graph.intros.states import IntroState
from graph.partners.boundary import load_partner_view, own_partner_only


@dataclass(frozen=True)
class IntroFilter:
    """What a list or a figure is narrowed to; None matches anything."""

    states: frozenset[IntroState] | None = None
    account_id: str | None = None
    introducer_id: str | None = None
    partner_id: str | None = None
    requester_id: str | None = None
    target_id: str | None = None


@dataclass(frozen=True)
class AgedRequest:
    """A request as it stood on ``day``: its state then, since when, and its changes up to then."""

    request: IntroRequest
    day: date
    state: IntroState
    state_since: datetime
    changes: tuple[IntroChange, ...]

    @property
    def requested_at(self) -> datetime:
        """When it was requested."""
        return self.changes[0].at

    @property
    def days_in_state(self) -> int:
        """Days from the day of its last change to ``day``."""
        return (self.day - utc_day(self.state_since)).days

    @property
    def days_since_requested(self) -> int:
        """Days from the day it was requested to ``day``."""
        return (self.day - utc_day(self.requested_at)).days


def utc_day(moment: datetime) -> date:
    """The UTC calendar day of a moment (a naive one is read as UTC)."""
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(UTC).date()


def as_of(request: IntroRequest, day: date) -> AgedRequest | None:
    """The request as it stood on ``day``; None when it was requested after that day."""
    changes = tuple(c for c in request.changes if utc_day(c.at) <= day)
    if not changes:
        return None
    last = changes[-1]
    return AgedRequest(request, day, last.to_state, last.at, changes)


_LIST: LiteralString = (
    """
MATCH (r:IntroRequest {workspace: $workspace})
WHERE ($accountId IS NULL OR r.accountId = $accountId)
  AND ($introducerId IS NULL OR r.introducerId = $introducerId)
  AND ($partnerId IS NULL OR r.partnerId = $partnerId)
  AND ($requesterId IS NULL OR r.requesterId = $requesterId)
  AND ($targetId IS NULL OR r.targetId = $targetId)
"""
    + REQUEST_FIELDS
)


async def load_visible_requests(
    client: GraphClient,
    workspace: str,
    where: IntroFilter,
    day: date,
    viewer_partner_id: str | None = None,
) -> list[AgedRequest]:
    """The requests matching ``where`` (states judged on ``day``) that exist on ``day`` and the
    caller may see, in no particular order."""
    accounts: frozenset[str] | None = None
    if viewer_partner_id is not None:
        own_partner_only([where.partner_id] if where.partner_id else [], viewer_partner_id)
        view = await load_partner_view(client, workspace, viewer_partner_id, day)
        accounts = view.account_ids

    async def work(tx: AsyncManagedTransaction) -> list[IntroRequest]:
        rows = await fetch_all(
            tx,
            _LIST,
            {
                "workspace": workspace,
                "accountId": where.account_id,
                "introducerId": where.introducer_id,
                "partnerId": where.partner_id or viewer_partner_id,
                "requesterId": where.requester_id,
                "targetId": where.target_id,
            },
        )
        return [request_of(row) for row in rows]

    found = []
    for request in await client.read(work):
        if accounts is not None and (
            request.partner_id != viewer_partner_id or request.account_id not in accounts
        ):
            continue
        aged = as_of(request, day)
        if aged is not None and (where.states is None or aged.state in where.states):
            found.append(aged)
    return found


class IntroSortField(StrEnum):
    """What the requests list sorts by (ties by request id)."""

    REQUESTED_AT = "REQUESTED_AT"
    STATE_CHANGED_AT = "STATE_CHANGED_AT"
    DAYS_IN_STATE = "DAYS_IN_STATE"
    DAYS_SINCE_REQUESTED = "DAYS_SINCE_REQUESTED"


@dataclass(frozen=True)
class IntroSort:
    """One step of the list's order."""

    field: IntroSortField
    descending: bool = False


DEFAULT_SORT = (IntroSort(IntroSortField.REQUESTED_AT),)
"""Oldest request first."""


def _value(aged: AgedRequest, field: IntroSortField) -> float:
    if field is IntroSortField.REQUESTED_AT:
        return aged.requested_at.timestamp()
    if field is IntroSortField.STATE_CHANGED_AT:
        return aged.state_since.timestamp()
    if field is IntroSortField.DAYS_IN_STATE:
        return aged.days_in_state
    return aged.days_since_requested


async def list_intro_requests(
    client: GraphClient,
    workspace: str,
    where: IntroFilter,
    day: date,
    sort: Sequence[IntroSort] = DEFAULT_SORT,
    first: int = 20,
    after: str | None = None,
    *,
    viewer_partner_id: str | None = None,
) -> Page[AgedRequest]:
    """A page of the requests matching ``where`` as they stood on ``day``, in ``sort`` order."""
    order = tuple(sort) or DEFAULT_SORT
    found = await load_visible_requests(client, workspace, where, day, viewer_partner_id)

    def position(aged: AgedRequest) -> tuple[float | str, ...]:
        values = [_value(aged, s.field) * (-1 if s.descending else 1) for s in order]
        return (*values, aged.request.id)

    found.sort(key=position)
    sort_key = (
        "intros:"
        + day.isoformat()
        + ":"
        + ",".join(f"{s.field.value}{'-' if s.descending else '+'}" for s in order)
    )
    return paginate(found, first=first, after=after, sort_key=sort_key, position=position)


async def find_visible_request(
    client: GraphClient,
    workspace: str,
    request_id: str,
    day: date,
    *,
    viewer_partner_id: str | None = None,
) -> AgedRequest | None:
    """One request as it stood on ``day``, if it existed then and the caller may see it (for a
    partner caller, anything else reads like a request that does not exist)."""
    accounts: frozenset[str] | None = None
    if viewer_partner_id is not None:
        view = await load_partner_view(client, workspace, viewer_partner_id, day)
        accounts = view.account_ids
    found = (await find_intro_requests(client, workspace, [request_id])).get(request_id)
    if found is None:
        return None
    if accounts is not None and (
        found.partner_id != viewer_partner_id or found.account_id not in accounts
    ):
        return None
    return as_of(found, day)
