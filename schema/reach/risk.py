"""Single-threaded risk: one account's flags and score, the portfolio scan, and what-if."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Annotated

import strawberry
from strawberry.dataloader import DataLoader

from graph.core.client import GraphClient
from graph.core.errors import InvalidInput, NotFound
from graph.reach import risk as graph_risk
from schema.accounts.accounts import Account, account_by_id
from schema.accounts.people import Seller, sellers_by_ids
from schema.core import loaders
from schema.core.context import Info
from schema.core.enums import AccountStatus, HumanKind, OrganizationKind
from schema.core.pagination import DEFAULT_PAGE_SIZE, After, Connection, First, connection_from_page
from schema.core.permissions import page_size, require_member_read
from schema.partners.directory import Partner, partner_by_id
from schema.reach.arguments import RiskAsOf, RiskOptions, RiskOptionsInput, risk_settings
from schema.reach.enums import RiskFlag, SuggestionReason
from schema.reach.paths import WarmPath


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
    seller_ids: strawberry.Private[tuple[str, ...]]
    strength: float = strawberry.field(description="The strongest engaging relationship.")

    @strawberry.field(description="Our sellers who engage them.")
    async def sellers(self, info: Info) -> list[Seller]:
        return await sellers_by_ids(info, self.seller_ids)


@strawberry.type(description="Someone who left the account, and where they went.")
class Departure:
    id: strawberry.ID = strawberry.field(description="The person's id.")
    name: str | None = strawberry.field(description="Full name.")
    left_on: date = strawberry.field(description="The day their employment there ended.")
    was_engaged: bool = strawberry.field(description="Whether our team engaged them then.")
    roles: list[str] = strawberry.field(description="Buying roles they held when they left.")
    new_organization_id: strawberry.Private[str | None]
    new_organization_name: str | None = strawberry.field(description="That organization's name.")
    new_organization_kind: OrganizationKind | None = strawberry.field(
        description="ACCOUNT or PARTNER."
    )
    as_of: strawberry.Private[date]

    @strawberry.field(
        description="The account they work at now, if we track it (a warm opening), seen on the "
        "day judged; null when they moved to a partner or we do not track where."
    )
    async def new_account(self, info: Info) -> Account | None:
        if self.new_organization_kind is not OrganizationKind.ACCOUNT:
            return None
        return await account_by_id(info, self.new_organization_id, self.as_of)

    @strawberry.field(description="The partner they work at now; null otherwise.")
    async def new_partner(self, info: Info) -> Partner | None:
        if self.new_organization_kind is not OrganizationKind.PARTNER:
            return None
        return await partner_by_id(info, self.new_organization_id)


@strawberry.type(description="A raised risk flag, its weight in the score, and who is behind it.")
class RaisedFlag:
    flag: RiskFlag = strawberry.field(description="The flag.")
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
    reasons: list[SuggestionReason] = strawberry.field(
        description="Why: economic buyer, role holder, the single thread's manager or peer, "
        "known by a partner, successor of a former contact."
    )
    roles: list[str] = strawberry.field(description="Buying roles they hold there.")
    score: int = strawberry.field(description="The rank's basis: the sum of reason weights.")
    path: WarmPath | None = strawberry.field(description="The warmest path from our team.")


@strawberry.type(description="One account's single-threaded risk.")
class AccountRisk:
    account_id: strawberry.Private[str]
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

    @strawberry.field(description="The account, seen on the day the risk was judged on.")
    async def account(self, info: Info) -> Account | None:
        return await account_by_id(info, self.account_id, self.as_of)

    @classmethod
    def of(cls, risk: graph_risk.AccountRisk) -> AccountRisk:
        """From the graph layer's value."""
        return cls(
            account_id=risk.account_id,
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
                    departures=[_departure(d, risk.as_of) for d in f.departures],
                )
                for f in risk.flags
            ],
            engaged_contacts=[
                EngagedContact(
                    id=strawberry.ID(e.id),
                    name=e.name,
                    title=e.title,
                    department=e.department,
                    seller_ids=tuple(e.seller_ids),
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


def _departure(d: graph_risk.Departure, day: date) -> Departure:
    return Departure(
        id=strawberry.ID(d.id),
        name=d.name,
        left_on=d.left_on,
        was_engaged=d.was_engaged,
        roles=list(d.roles),
        new_organization_id=d.new_organization_id,
        new_organization_name=d.new_organization_name,
        new_organization_kind=d.new_organization_kind,
        as_of=day,
    )


@strawberry.type(description="An account's risk now and as if someone left.")
class WhatIfLeaves:
    before: AccountRisk = strawberry.field(description="The risk today.")
    after: AccountRisk = strawberry.field(description="The risk without them (nothing written).")
    score_change: int = strawberry.field(description="after.score - before.score.")


def _settings(options: RiskOptionsInput | None) -> graph_risk.RiskSettings:
    return risk_settings((options or RiskOptionsInput()).key())


def _risks(
    info: Info,
) -> DataLoader[
    tuple[str, tuple[date, tuple[float, int, int, int]]], graph_risk.AccountRisk | None
]:
    """Accounts' risk, keyed by (account id, (day, thresholds)): one read per distinct day and
    thresholds, the accounts' walks side by side."""

    async def assess(
        graph: GraphClient,
        workspace: str,
        ids: Sequence[str],
        asked: tuple[date, tuple[float, int, int, int]],
    ) -> Mapping[str, graph_risk.AccountRisk]:
        day, thresholds = asked
        return await graph_risk.assess_accounts_risk(
            graph, workspace, ids, risk_settings(thresholds), day
        )

    return loaders.by_id_with(info, "account_risk", assess, lambda: None)


async def risk_of(
    info: Info, account_id: str, options: RiskOptionsInput | None, as_of: date | None
) -> AccountRisk:
    """One account's risk through the request's loader (every account asked in the same tick
    is assessed in one read). ``NotFound`` for an unknown account; our own team only."""
    thresholds = (options or RiskOptionsInput()).key()
    found = await _risks(info).load((account_id, (as_of or date.today(), thresholds)))
    if found is None:
        raise NotFound.of("Account", account_id, argument="accountId")
    return AccountRisk.of(found)


async def resolve_account_risk(
    info: Info,
    account_id: Annotated[strawberry.ID, strawberry.argument(description="The account.")],
    options: RiskOptions = None,
    as_of: RiskAsOf = None,
) -> AccountRisk | None:
    """One account's flags, score and suggestions; null with a NOT_FOUND error for an unknown
    account. Our own team only."""
    return await risk_of(info, str(account_id), options, as_of)


@strawberry.input(
    description="Which accounts of the portfolio scan to list; every filter given must hold."
)
class PortfolioRiskWhere:
    seller_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only accounts this seller owns, or where they own an open deal."
    )
    flag: RiskFlag | None = strawberry.field(
        default=None, description="Only accounts with this flag raised."
    )
    min_score: int = strawberry.field(
        default=0, description="Only scores at least this (0 to 100, the score's range)."
    )


async def resolve_portfolio_risk(
    info: Info,
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
    where: Annotated[
        PortfolioRiskWhere | None,
        strawberry.argument(description="Filters: seller, flag, minimum score."),
    ] = None,
    options: RiskOptions = None,
    as_of: RiskAsOf = None,
) -> Connection[AccountRisk]:
    """Customers and accounts with an open deal, riskiest first, a page at a time."""
    workspace = require_member_read(info)
    w = where or PortfolioRiskWhere()
    if not 0 <= w.min_score <= 100:
        raise InvalidInput(
            f"minScore must be between 0 and 100 (a risk score's range), not {w.min_score}.",
            field="minScore",
            extensions={"min": 0, "max": 100},
        )
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
    options: RiskOptions = None,
    as_of: RiskAsOf = None,
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
