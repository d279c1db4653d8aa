"""BANT qualification of an opportunity, Authority read from the graph."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from graph.selling import qualification as graph_qualification
from schema.accounts.people import Opportunity, Person, Seller, person_by_id, sellers_by_ids
from schema.core.context import Info
from schema.core.enums import BuyingRole, Stance
from schema.core.permissions import require_member_read
from schema.reach.paths import WarmPath
from schema.selling.arguments import AsOf, day_of
from schema.selling.enums import AuthorityStatus, BantGap


@strawberry.type(description="One thing missing to qualify, with a sentence.")
class QualificationGap:
    code: BantGap = strawberry.field(description="A code to switch on.")
    detail: str = strawberry.field(description="What is missing, in words.")


@strawberry.type(description="An economic buyer or decision maker, and how we reach them.")
class AuthorityHolder:
    id: strawberry.ID = strawberry.field(description="The person's id.")
    name: str | None = strawberry.field(description="Full name.")
    title: str | None = strawberry.field(description="Job title.")
    roles: list[BuyingRole] = strawberry.field(description="ECONOMIC_BUYER and/or DECISION_MAKER.")
    stance: Stance = strawberry.field(description="Their least favourable stance toward us.")
    engaged: bool = strawberry.field(description="An engaged contact of our team (as in risk).")
    engaged_by_ids: strawberry.Private[tuple[str, ...]]
    path: WarmPath | None = strawberry.field(
        description="When not engaged: the warmest path to them, i.e. through whom."
    )

    @strawberry.field(description="Our sellers who engage them.")
    async def engaged_by(self, info: Info) -> list[Seller]:
        return await sellers_by_ids(info, self.engaged_by_ids)


@strawberry.type(description="Authority: the seller's note beside what the graph knows.")
class Authority:
    entered: str | None = strawberry.field(description="What the seller entered.")
    status: AuthorityStatus = strawberry.field(description="The graph's answer.")
    holders: list[AuthorityHolder] = strawberry.field(
        description="Economic buyers and decision makers working there (account-wide or for "
        "this deal)."
    )


@strawberry.type(description="A pain point of the account or of someone working there.")
class NeedPain:
    id: strawberry.ID = strawberry.field(description="The pain point's id.")
    text: str = strawberry.field(description="The pain, in their words.")
    severity: int | None = strawberry.field(description="1-5.")
    person_id: strawberry.Private[str | None]
    person_name: str | None = strawberry.field(description="Their name.")
    as_of: strawberry.Private[date]

    @strawberry.field(description="Whose pain, seen on the day judged; null for the account's.")
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, self.person_id, self.as_of)


@strawberry.type(description="Need: the seller's note and the pains on the map, worst first.")
class Need:
    entered: str | None = strawberry.field(description="What the seller entered.")
    pain_points: list[NeedPain] = strawberry.field(description="Worst first.")


@strawberry.type(description="Budget: the seller's note and the deal's amount.")
class Budget:
    entered: str | None = strawberry.field(description="What the seller entered.")
    amount: float | None = strawberry.field(description="The deal's amount.")
    currency: str | None = strawberry.field(description="ISO 4217 currency.")


@strawberry.type(description="Timeline: the seller's note and the close date.")
class Timeline:
    entered: str | None = strawberry.field(description="What the seller entered.")
    close_date: date | None = strawberry.field(description="The expected close date.")
    days_to_close: int | None = strawberry.field(description="From `asOf`; negative if passed.")


@strawberry.type(description="BANT for one opportunity, with what is missing to qualify.")
class Qualification:
    opportunity: Opportunity = strawberry.field(description="The deal.")
    as_of: date = strawberry.field(description="The day engagement and roles were judged on.")
    qualified: bool = strawberry.field(description="True when nothing is missing.")
    budget: Budget = strawberry.field(description="Can they fund it.")
    authority: Authority = strawberry.field(description="Who can buy, and through whom.")
    need: Need = strawberry.field(description="The problem.")
    timeline: Timeline = strawberry.field(description="How soon.")
    missing: list[QualificationGap] = strawberry.field(description="What is missing to qualify.")


async def resolve_opportunity_qualification(
    info: Info,
    opportunity_id: Annotated[strawberry.ID, strawberry.argument(description="The deal's id.")],
    as_of: AsOf = None,
) -> Qualification | None:
    """BANT for the deal, today or on `asOf`."""
    workspace = require_member_read(info)
    q = await graph_qualification.qualify_opportunity(
        info.context.graph, workspace, str(opportunity_id), day_of(as_of)
    )
    return Qualification(
        opportunity=Opportunity.of(q.opportunity, q.as_of),
        as_of=q.as_of,
        qualified=q.qualified,
        budget=Budget(entered=q.budget.entered, amount=q.budget.amount, currency=q.budget.currency),
        authority=Authority(
            entered=q.authority.entered,
            status=q.authority.status,
            holders=[
                AuthorityHolder(
                    id=strawberry.ID(h.id),
                    name=h.name,
                    title=h.title,
                    roles=[BuyingRole(r) for r in h.roles],
                    stance=h.stance,
                    engaged=h.engaged,
                    engaged_by_ids=tuple(h.engaged_by),
                    path=None if h.path is None else WarmPath.of(h.path),
                )
                for h in q.authority.holders
            ],
        ),
        need=Need(
            entered=q.need.entered,
            pain_points=[
                NeedPain(
                    id=strawberry.ID(p.id),
                    text=p.text,
                    severity=p.severity,
                    person_id=p.person_id,
                    person_name=p.person_name,
                    as_of=q.as_of,
                )
                for p in q.need.pain_points
            ],
        ),
        timeline=Timeline(
            entered=q.timeline.entered,
            close_date=q.timeline.close_date,
            days_to_close=q.timeline.days_to_close,
        ),
        missing=[QualificationGap(code=g.code, detail=g.detail) for g in q.gaps],
    )
