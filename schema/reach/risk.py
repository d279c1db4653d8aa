"""Single-threaded risk: one account's flags and score, the portfolio scan, and what-if."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from graph.reach import risk as graph_risk
from schema.core.context import Info
from schema.core.enums import AccountStatus, HumanKind, OrganizationKind
from schema.core.pagination import Connection, connection_from_page
from schema.core.permissions import page_size, require_member_read
from schema.reach.paths import WarmPath

RiskFlag = strawberry.enum(graph_risk.RiskFlag, description="Why a deal may go dark.")
SuggestionReason = strawberry.enum(
    graph_risk.SuggestionReason, description="Why a person is worth engaging next."
)


def account_status(value: str | None) -> AccountStatus | None:
    """A stored account status as the enum (a value outside it reads as null)."""
    try:
        return None if value is None else AccountStatus(value)
    except ValueError:
        return None


@strawberry.type(description="A person or seller named by a flag or a suggestion.")
class RiskPerson:
    id: strawberry.ID = strawberry.field(description="The person's or seller's id.")
    name: str | None = strawberry.field(description="Full name.")
    kind: HumanKind = strawberry.field(description="PERSON (theirs) or SELLER (ours).")

    @classmethod
    def of(cls, someone: graph_risk.Someone) -> RiskPerson:
        """From the graph layer's value."""
        return cls(id=strawberry.ID(someone.id), name=someone.name, kind=someone.kind)


@strawberry.type(description="A person at the account whom our team engages.")
class EngagedContact:
    id: strawberry.ID = strawberry.field(description="The person's id.")
    name: str | None = strawberry.field(description="Full name.")
    title: str | None = strawberry.field(description="Job title there.")
    department: str | None = strawberry.field(description="Department there.")
    seller_ids: list[strawberry.ID] = strawberry.field(description="Our sellers who engage them.")
    strength: float = strawberry.field(description="The strongest engaging relationship.")


@strawberry.type(description="Someone who left the account, and where they went.")
class Departure:
    id: strawberry.ID = strawberry.field(description="The person's id.")
    name: str | None = strawberry.field(description="Full name.")
    left_on: date = strawberry.field(description="The day their employment there ended.")
    was_engaged: bool = strawberry.field(description="Whether our team engaged them then.")
    roles: list[str] = strawberry.field(description="Buying roles they held when they left.")
    new_organization_id: strawberry.ID | None = strawberry.field(
        description="Where they work now, if we track it: a warm opening."
    )
    new_organization_name: str | None = strawberry.field(description="That organization's name.")
    new_organization_kind: OrganizationKind | None = strawberry.field(
        description="ACCOUNT or PARTNER."
    )


@strawberry.type(description="A raised risk flag, its weight in the score, and who is behind it.")
class RaisedFlag:
    flag: RiskFlag = strawberry.field(description="The flag.")  # type: ignore[valid-type]
    weight: int = strawberry.field(description="Points it adds to the score.")
    detail: str = strawberry.field(description="What it means for this account.")
    people: list[RiskPerson] = strawberry.field(
        description="The people named: single points of failure, the single thread, leavers..."
    )
    departures: list[Departure] = strawberry.field(description="For CONTACT_LEFT: who left.")


@strawberry.type(description="A person to engage next, why, and the warmest path to them.")
class Suggestion:
    person: RiskPerson = strawberry.field(description="Whom to engage.")
    title: str | None = strawberry.field(description="Their title at the account.")
    reasons: list[SuggestionReason] = strawberry.field(  # type: ignore[valid-type]
        description="Why: economic buyer, role holder, the single thread's manager or peer, "
        "known by a partner, successor of a former contact."
    )
    roles: list[str] = strawberry.field(description="Buying roles they hold there.")
    score: int = strawberry.field(description="The rank's basis: the sum of reason weights.")
    path: WarmPath | None = strawberry.field(description="The warmest path from our team.")


@strawberry.type(description="One account's single-threaded risk.")
class AccountRisk:
    account_id: strawberry.ID = strawberry.field(description="The account.")
    account_name: str | None = strawberry.field(description="Its name.")
    status: AccountStatus | None = strawberry.field(description="Our relationship with it.")
    as_of: date = strawberry.field(description="The day the risk was judged on.")
    score: int = strawberry.field(
        description="0-100: the sum of the raised flags' weights, capped at 100."
    )
    flags: list[RaisedFlag] = strawberry.field(description="The flags that made the score.")
    engaged_contacts: list[EngagedContact] = strawberry.field(
        description="People employed there engaged by our team (strength >= minStrength, "
        "last interaction within staleAfterDays where known)."
    )
    economic_buyers: list[RiskPerson] = strawberry.field(
        description="Economic buyers employed there."
    )
    champions: list[RiskPerson] = strawberry.field(description="Champions employed there.")
    suggestions: list[Suggestion] = strawberry.field(
        description="People to engage next, ranked (empty in the portfolio scan)."
    )

    @classmethod
    def of(cls, risk: graph_risk.AccountRisk) -> AccountRisk:
        """From the graph layer's value."""
        return cls(
            account_id=strawberry.ID(risk.account_id),
            account_name=risk.account_name,
            status=account_status(risk.status),
            as_of=risk.as_of,
            score=risk.score,
            flags=[
                RaisedFlag(
                    flag=f.flag,
                    weight=f.weight,
                    detail=f.detail,
                    people=[RiskPerson.of(p) for p in f.people],
                    departures=[_departure(d) for d in f.departures],
                )
                for f in risk.flags
            ],
            engaged_contacts=[
                EngagedContact(
                    id=strawberry.ID(e.id),
                    name=e.name,
                    title=e.title,
                    department=e.department,
                    seller_ids=[strawberry.ID(s) for s in e.seller_ids],
                    strength=e.strength,
                )
                for e in risk.engaged_contacts
            ],
            economic_buyers=[RiskPerson.of(p) for p in risk.economic_buyers],
            champions=[RiskPerson.of(p) for p in risk.champions],
            suggestions=[
                Suggestion(
                    person=RiskPerson.of(s.person),
                    title=s.title,
                    reasons=list(s.reasons),
                    roles=list(s.roles),
                    score=s.score,
                    path=None if s.path is None else WarmPath.of(s.path),
                )
                for s in risk.suggestions
            ],
        )


def _departure(d: graph_risk.Departure) -> Departure:
    return Departure(
        id=strawberry.ID(d.id),
        name=d.name,
        left_on=d.left_on,
        was_engaged=d.was_engaged,
        roles=list(d.roles),
        new_organization_id=None
        if d.new_organisation_id is None
        else strawberry.ID(d.new_organisation_id),
        new_organization_name=d.new_organisation_name,
        new_organization_kind=d.new_organisation_kind,
    )


@strawberry.type(description="An account's risk now and as if someone left.")
class WhatIfLeaves:
    before: AccountRisk = strawberry.field(description="The risk today.")
    after: AccountRisk = strawberry.field(description="The risk without them (nothing written).")
    score_change: int = strawberry.field(description="after.score - before.score.")


@strawberry.input(description="Risk thresholds; omitted fields take the documented defaults.")
class RiskOptionsInput:
    min_strength: float = strawberry.field(
        default=0.5, description="Weakest KNOWS that still engages a contact."
    )
    stale_after_days: int = strawberry.field(
        default=90, description="A last interaction older than this no longer engages."
    )
    lookback_days: int = strawberry.field(
        default=180, description="How far back CONTACT_LEFT looks."
    )
    max_hops: int = strawberry.field(
        default=3, description="Hop bound of SINGLE_POINT_OF_FAILURE paths (1 to 6)."
    )


def _settings(options: RiskOptionsInput | None) -> graph_risk.RiskSettings:
    """The graph layer's settings (it checks them and names the offending field)."""
    o = options or RiskOptionsInput()
    return graph_risk.RiskSettings(
        min_strength=o.min_strength,
        stale_after_days=o.stale_after_days,
        lookback_days=o.lookback_days,
        max_hops=o.max_hops,
    )


AsOf = Annotated[
    date | None,
    strawberry.argument(
        description="Judge employment, roles, engagement and departures on this day (default "
        "today)."
    ),
]


async def resolve_account_risk(
    info: Info,
    account_id: Annotated[strawberry.ID, strawberry.argument(description="The account.")],
    options: Annotated[
        RiskOptionsInput | None, strawberry.argument(description="Risk thresholds.")
    ] = None,
    as_of: AsOf = None,
) -> AccountRisk | None:
    """One account's flags, score and suggestions; null with a NOT_FOUND error for an unknown
    account. Our own team only."""
    workspace = require_member_read(info)
    risk = await graph_risk.assess_account_risk(
        info.context.graph,
        workspace,
        str(account_id),
        _settings(options),
        as_of=as_of or date.today(),
    )
    return AccountRisk.of(risk)


@strawberry.input(
    description="Which accounts of the portfolio scan to list; every filter given must hold."
)
class PortfolioRiskWhere:
    seller_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only accounts this seller owns, or where they own an open deal."
    )
    flag: RiskFlag | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only accounts with this flag raised."
    )
    min_score: int = strawberry.field(default=0, description="Only scores at least this.")


async def resolve_portfolio_risk(
    info: Info,
    first: Annotated[
        int, strawberry.argument(description="Page size (default 20, at most the maximum).")
    ] = 20,
    after: Annotated[
        str | None, strawberry.argument(description="The endCursor of the previous page.")
    ] = None,
    where: Annotated[
        PortfolioRiskWhere | None,
        strawberry.argument(description="Filters: seller, flag, minimum score."),
    ] = None,
    options: Annotated[
        RiskOptionsInput | None, strawberry.argument(description="Risk thresholds.")
    ] = None,
    as_of: AsOf = None,
) -> Connection[AccountRisk]:
    """Customers and accounts with an open deal, riskiest first, a page at a time."""
    workspace = require_member_read(info)
    w = where or PortfolioRiskWhere()
    page = await graph_risk.scan_portfolio_risk(
        info.context.graph,
        workspace,
        first=page_size(info, first),
        after=after,
        where=graph_risk.PortfolioRiskWhere(
            seller_id=None if w.seller_id is None else str(w.seller_id),
            flag=w.flag,
            min_score=w.min_score,
        ),
        settings=_settings(options),
        as_of=as_of or date.today(),
    )
    return connection_from_page(page, AccountRisk.of)


async def resolve_what_if_leaves(
    info: Info,
    account_id: Annotated[strawberry.ID, strawberry.argument(description="The account.")],
    person_id: Annotated[
        strawberry.ID | None,
        strawberry.argument(description="The person who would leave the account."),
    ] = None,
    seller_id: Annotated[
        strawberry.ID | None,
        strawberry.argument(description="Or the seller who would leave our team."),
    ] = None,
    options: Annotated[
        RiskOptionsInput | None, strawberry.argument(description="Risk thresholds.")
    ] = None,
    as_of: AsOf = None,
) -> WhatIfLeaves | None:
    """The account's risk as if a person or a seller left; computed, never written. Null with a
    NOT_FOUND error for an unknown account, person or seller."""
    workspace = require_member_read(info)
    answer = await graph_risk.what_if_leaves(
        info.context.graph,
        workspace,
        str(account_id),
        person_id=None if person_id is None else str(person_id),
        seller_id=None if seller_id is None else str(seller_id),
        settings=_settings(options),
        as_of=as_of or date.today(),
    )
    return WhatIfLeaves(
        before=AccountRisk.of(answer.before),
        after=AccountRisk.of(answer.after),
        score_change=answer.after.score - answer.before.score,
    )
