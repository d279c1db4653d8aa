"""Root query fields of the intro-request domain: the requests (filtered, sorted, aged on a day)
and the acceptance and time-to-intro figures per introducer or per partner. Merged into the
schema's Query by ``schema.root``.

Our team sees every request of the workspace; a partner credential (sharing level CONTACTS) only
the requests addressed to its own contacts at accounts of its overlap (graph/intros/listing.py).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from graph.core.model import HumanKind
from graph.intros import listing as graph_listing
from graph.intros import stats as graph_stats
from schema.core.context import Info
from schema.core.pagination import (
    DEFAULT_PAGE_SIZE,
    After,
    Connection,
    First,
    SortDirection,
    connection_from_page,
)
from schema.core.permissions import page_size
from schema.intros.enums import IntroGroup, IntroSortField, IntroState
from schema.intros.requests import IntroRequest
from schema.partners.boundary import caller_partner_id

IntrosAsOf = Annotated[
    date | None,
    strawberry.argument(
        description="The day states and ageing are given for (default today); requests made "
        "after it are left out."
    ),
]


@strawberry.input(description="Filters of the intro request list; omitted fields match anything.")
class IntroRequestWhere:
    states: list[IntroState] | None = strawberry.field(
        default=None, description="Any of these states on `asOf`."
    )
    account_id: strawberry.ID | None = strawberry.field(
        default=None, description="At this account."
    )
    introducer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Asked of this introducer (seller or person)."
    )
    partner_id: strawberry.ID | None = strawberry.field(
        default=None, description="Through this partner's contacts (a partner key: its own)."
    )
    requester_id: strawberry.ID | None = strawberry.field(
        default=None, description="Asked by this seller."
    )
    target_id: strawberry.ID | None = strawberry.field(
        default=None, description="To meet this person."
    )

    def filter(self) -> graph_listing.IntroFilter:
        """The graph layer's filter."""

        def text(value: strawberry.ID | None) -> str | None:
            return None if value is None else str(value)

        return graph_listing.IntroFilter(
            states=None if self.states is None else frozenset(self.states),
            account_id=text(self.account_id),
            introducer_id=text(self.introducer_id),
            partner_id=text(self.partner_id),
            requester_id=text(self.requester_id),
            target_id=text(self.target_id),
        )


@strawberry.input(description="One step of the intro request list's order.")
class IntroRequestSort:
    field: IntroSortField = strawberry.field(description="The field to sort by.")
    direction: SortDirection = strawberry.field(
        default=SortDirection.ASC, description="ASC (default) or DESC; ties by request id."
    )


@strawberry.type(description="Acceptance and time-to-intro figures of one introducer or partner.")
class IntroFigures:
    group: IntroGroup = strawberry.field(description="INTRODUCER or PARTNER.")
    id: strawberry.ID = strawberry.field(description="The introducer's or the partner's id.")
    kind: HumanKind | None = strawberry.field(
        description="For an introducer: PERSON or SELLER; null for a partner."
    )
    name: str | None = strawberry.field(description="The introducer's or partner's name.")
    requested: int = strawberry.field(description="Requests made by `asOf`.")
    open: int = strawberry.field(description="Of those, REQUESTED or ACCEPTED on `asOf`.")
    accepted: int = strawberry.field(description="Requests that had been ACCEPTED by `asOf`.")
    declined: int = strawberry.field(description="Requests that had been DECLINED by `asOf`.")
    introduced: int = strawberry.field(description="Requests that had become INTRODUCED by `asOf`.")
    meetings_held: int = strawberry.field(description="Requests that had reached MEETING_HELD.")
    expired: int = strawberry.field(description="Requests EXPIRED on `asOf`.")
    withdrawn: int = strawberry.field(description="Requests WITHDRAWN on `asOf`.")
    acceptance_rate: float | None = strawberry.field(
        description="accepted / (accepted + declined), in [0, 1]; null when none was answered."
    )
    mean_days_to_intro: float | None = strawberry.field(
        description="Mean days (fractional) from request to INTRODUCED; null when none."
    )
    median_days_to_intro: float | None = strawberry.field(
        description="Median days (fractional) from request to INTRODUCED; null when none."
    )

    @classmethod
    def of(cls, found: graph_stats.IntroFigures) -> IntroFigures:
        """From the graph layer's value."""
        return cls(
            group=found.group,
            id=strawberry.ID(found.id),
            kind=found.kind,
            name=found.name,
            requested=found.requested,
            open=found.open,
            accepted=found.accepted,
            declined=found.declined,
            introduced=found.introduced,
            meetings_held=found.meetings_held,
            expired=found.expired,
            withdrawn=found.withdrawn,
            acceptance_rate=found.acceptance_rate,
            mean_days_to_intro=found.mean_days_to_intro,
            median_days_to_intro=found.median_days_to_intro,
        )


async def resolve_intro_requests(
    info: Info,
    where: Annotated[
        IntroRequestWhere | None, strawberry.argument(description="Filters; omit for all.")
    ] = None,
    sort: Annotated[
        list[IntroRequestSort] | None,
        strawberry.argument(description="Order, first step first (default: oldest request first)."),
    ] = None,
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
    as_of: IntrosAsOf = None,
) -> Connection[IntroRequest]:
    """Intro requests as they stood on `asOf`."""
    viewer = caller_partner_id(info)
    day = as_of or date.today()
    order = tuple(
        graph_listing.IntroSort(s.field, s.direction is SortDirection.DESC) for s in sort or ()
    )
    page = await graph_listing.list_intro_requests(
        info.context.graph,
        info.context.workspace,
        (where or IntroRequestWhere()).filter(),
        day,
        order or graph_listing.DEFAULT_SORT,
        page_size(info, first),
        after,
        viewer_partner_id=viewer,
    )
    return connection_from_page(page, lambda aged: IntroRequest.of(aged, viewer))


async def resolve_intro_request(
    info: Info,
    id: Annotated[strawberry.ID, strawberry.argument(description="The request's id.")],
    as_of: IntrosAsOf = None,
) -> IntroRequest | None:
    """One intro request as it stood on `asOf`; null when unknown (or not yet requested then)."""
    viewer = caller_partner_id(info)
    day = as_of or date.today()
    found = await graph_listing.find_visible_request(
        info.context.graph, info.context.workspace, str(id), day, viewer_partner_id=viewer
    )
    return None if found is None else IntroRequest.of(found, viewer)


async def resolve_intro_figures(
    info: Info,
    group_by: Annotated[
        IntroGroup, strawberry.argument(description="Per INTRODUCER or per PARTNER.")
    ],
    where: Annotated[
        IntroRequestWhere | None,
        strawberry.argument(
            description="Which requests count (`states` narrows by state on `asOf`)."
        ),
    ] = None,
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
    as_of: IntrosAsOf = None,
) -> Connection[IntroFigures]:
    """Acceptance rate and time to intro per introducer or per partner, on `asOf`."""
    viewer = caller_partner_id(info)
    day = as_of or date.today()
    page = await graph_stats.intro_figures(
        info.context.graph,
        info.context.workspace,
        group_by,
        (where or IntroRequestWhere()).filter(),
        day,
        page_size(info, first),
        after,
        viewer_partner_id=viewer,
    )
    return connection_from_page(page, IntroFigures.of)


@strawberry.type
class IntrosQuery:
    intro_requests: Connection[IntroRequest] = strawberry.field(
        resolver=resolve_intro_requests,
        description="Intro requests filtered by state, account, introducer, partner, requester "
        "or target, with their ageing on `asOf` (days in state, days since requested). A "
        "partner credential (CONTACTS) sees only requests addressed to its own contacts.",
    )
    intro_request: IntroRequest | None = strawberry.field(
        resolver=resolve_intro_request,
        description="One intro request by id, with its history; null for an unknown id (for a "
        "partner credential, for any request not addressed to its contacts).",
    )
    intro_figures: Connection[IntroFigures] = strawberry.field(
        resolver=resolve_intro_figures,
        description="Acceptance rate and time to intro per introducer or per partner over the "
        "requests made by `asOf` (docs/INTRO_REQUESTS.md defines both).",
    )
