"""GraphQL types for people, sellers and deals, with per-request loaders for nested fields."""

from __future__ import annotations

from datetime import date

import strawberry

from graph.accounts import opportunities as graph_opportunities
from graph.accounts import people as graph_people
from schema.core.enums import OpportunityState


@strawberry.type(description="Someone outside our company.")
class Person:
    id: strawberry.ID
    name: str
    photo_url: str | None
    email: str | None
    phone: str | None
    linkedin_url: str | None
    location: str | None
    title: str | None
    department: str | None
    seniority: str | None
    role_summary: str | None
    labels: list[str]

    @classmethod
    def of(cls, person: graph_people.Person) -> Person:
        """From the graph layer's value."""
        return cls(
            id=strawberry.ID(person.id),
            name=person.name,
            photo_url=person.photo_url,
            email=person.email,
            phone=person.phone,
            linkedin_url=person.linkedin_url,
            location=person.location,
            title=person.title,
            department=person.department,
            seniority=person.seniority,
            role_summary=person.role_summary,
            labels=list(person.labels),
        )


@strawberry.type(description="A member of our own team.")
class Seller:
    id: strawberry.ID
    name: str
    email: str | None
    title: str | None
    role: str | None = strawberry.field(
        description="REP, AE, SDR, CSM, PARTNER_MANAGER, EXECUTIVE."
    )

    @classmethod
    def of(cls, seller: graph_people.Seller) -> Seller:
        """From the graph layer's value."""
        return cls(
            id=strawberry.ID(seller.id),
            name=seller.name,
            email=seller.email,
            title=seller.title,
            role=seller.role,
        )


@strawberry.type(description="A deal at an account, with its BANT fields.")
class Opportunity:
    id: strawberry.ID
    account_id: str
    name: str
    stage: str | None
    amount: float | None
    currency: str | None
    close_date: date | None
    state: OpportunityState
    budget: str | None = strawberry.field(description="BANT: can they fund it, and the ROI case.")
    authority: str | None = strawberry.field(description="BANT: who can buy, as the seller noted.")
    need: str | None = strawberry.field(description="BANT: the problem and why now.")
    timeline: str | None = strawberry.field(description="BANT: how soon.")
    owner_seller_id: str | None
    person_ids: list[str] = strawberry.field(description="Ids of the people on the deal.")

    @classmethod
    def of(cls, deal: graph_opportunities.Opportunity) -> Opportunity:
        """From the graph layer's value."""
        return cls(
            id=strawberry.ID(deal.id),
            account_id=deal.account_id,
            name=deal.name,
            stage=deal.stage,
            amount=deal.amount,
            currency=deal.currency,
            close_date=deal.close_date,
            state=deal.state,
            budget=deal.budget,
            authority=deal.authority,
            need=deal.need,
            timeline=deal.timeline,
            owner_seller_id=deal.owner_seller_id,
            person_ids=list(deal.person_ids),
        )
