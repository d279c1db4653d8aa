"""An intro request in GraphQL: who is asked to introduce whom, along which path, where it stands
on the day asked and how long it has stood there, and its dated, attributed history.

What a partner credential sees of a request (it only ever gets the requests addressed to its own
contacts, graph/intros/listing.py): the target, its own contact the introducer, the account, the
note and the history; never the requesting seller, the path (our side of it), or who on our team
made a change."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from graph.core.model import HumanKind
from graph.intros import listing as graph_listing
from graph.intros import requests as graph_requests
from schema.core.enums import Role
from schema.intros.enums import IntroState
from schema.reach.enums import PathRelationship


def _id(value: str | None) -> strawberry.ID | None:
    return None if value is None else strawberry.ID(value)


@strawberry.type(description="Someone an intro request names: the target, introducer or requester.")
class IntroParty:
    id: strawberry.ID = strawberry.field(description="The person's or seller's id.")
    kind: HumanKind = strawberry.field(description="PERSON, or SELLER for one of our team.")
    name: str | None = strawberry.field(description="Full name (null when no longer stored).")
    title: str | None = strawberry.field(description="Job title, as last recorded.")


@strawberry.type(description="One introduction along the path a request came from.")
class IntroPathStep:
    from_id: strawberry.ID = strawberry.field(description="Who makes this introduction.")
    from_kind: HumanKind = strawberry.field(description="PERSON or SELLER.")
    to_id: strawberry.ID = strawberry.field(description="Whom they introduce.")
    to_kind: HumanKind = strawberry.field(description="PERSON or SELLER.")
    relationship: PathRelationship = strawberry.field(description="The relationship used.")
    strength: float = strawberry.field(description="Its strength when the path was found.")

    @classmethod
    def of(cls, step: graph_requests.PathStep) -> IntroPathStep:
        """From the graph layer's value."""
        return cls(
            from_id=strawberry.ID(step.from_id),
            from_kind=step.from_kind,
            to_id=strawberry.ID(step.to_id),
            to_kind=step.to_kind,
            relationship=PathRelationship(step.relationship),
            strength=step.strength,
        )


@strawberry.type(description="One dated, attributed change of an intro request's state.")
class IntroRequestChange:
    from_state: IntroState | None = strawberry.field(
        description="The state before; null for the request's creation."
    )
    to_state: IntroState = strawberry.field(description="The state after.")
    at: datetime = strawberry.field(
        description="When it happened (given by the client, or the time it was written)."
    )
    actor_role: Role = strawberry.field(description="The role of the credential that made it.")
    actor_subject: str | None = strawberry.field(
        description="The credential that made it (an API key id or a JWT subject); null for a "
        "partner caller looking at a change our team made."
    )
    actor_partner_id: strawberry.ID | None = strawberry.field(
        description="The partner whose credential made it; null for our team."
    )
    note: str | None = strawberry.field(description="What the change's author wrote with it.")

    @classmethod
    def of(
        cls, change: graph_requests.IntroChange, viewer_partner_id: str | None
    ) -> IntroRequestChange:
        """From the graph layer's value, as the caller may see it."""
        hidden = viewer_partner_id is not None and change.actor_partner_id != viewer_partner_id
        return cls(
            from_state=change.from_state,
            to_state=change.to_state,
            at=change.at,
            actor_role=Role(change.actor_role),
            actor_subject=None if hidden else change.actor_subject,
            actor_partner_id=_id(change.actor_partner_id),
            note=change.note,
        )


@strawberry.type(description="A seller's request for an introduction, as it stood on `asOf`.")
class IntroRequest:
    id: strawberry.ID = strawberry.field(
        description="The request's id (the same on every replay of its creation)."
    )
    state: IntroState = strawberry.field(description="Its state on `asOf`.")
    as_of: date = strawberry.field(description="The day the state and ageing are given for.")
    account_id: strawberry.ID = strawberry.field(description="The account the target works at.")
    account_name: str | None = strawberry.field(description="That account's name.")
    target: IntroParty = strawberry.field(description="Whom we want to meet.")
    introducer: IntroParty = strawberry.field(
        description="Who is asked to introduce: a colleague (SELLER), a contact, or a partner's "
        "contact."
    )
    requester: IntroParty | None = strawberry.field(
        description="The seller who asked; null for a partner credential."
    )
    partner_id: strawberry.ID | None = strawberry.field(
        description="The partner the introducer worked for when asked; null for none."
    )
    partner_name: str | None = strawberry.field(description="That partner's name.")
    path: list[IntroPathStep] = strawberry.field(
        description="The warmest-path steps the request came from, in order (empty when none "
        "was given, and for a partner credential)."
    )
    note: str | None = strawberry.field(description="The requester's note to the introducer.")
    requested_at: datetime = strawberry.field(description="When it was requested.")
    state_changed_at: datetime = strawberry.field(
        description="When it entered its state on `asOf`."
    )
    days_in_state: int = strawberry.field(description="Days in that state on `asOf`.")
    days_since_requested: int = strawberry.field(
        description="Days since it was requested, on `asOf`."
    )
    history: list[IntroRequestChange] = strawberry.field(
        description="Every change up to `asOf`, oldest first, the creation included (at most "
        "five: the state table allows no more)."
    )

    @classmethod
    def of(cls, aged: graph_listing.AgedRequest, viewer_partner_id: str | None) -> IntroRequest:
        """From the graph layer's value, as the caller may see it."""
        r = aged.request
        partner_caller = viewer_partner_id is not None
        return cls(
            id=strawberry.ID(r.id),
            state=aged.state,
            as_of=aged.day,
            account_id=strawberry.ID(r.account_id),
            account_name=r.account_name,
            target=IntroParty(
                id=strawberry.ID(r.target_id),
                kind=HumanKind.PERSON,
                name=r.target_name,
                title=r.target_title,
            ),
            introducer=IntroParty(
                id=strawberry.ID(r.introducer_id),
                kind=r.introducer_kind,
                name=r.introducer_name,
                title=r.introducer_title,
            ),
            requester=None
            if partner_caller
            else IntroParty(
                id=strawberry.ID(r.requester_id),
                kind=HumanKind.SELLER,
                name=r.requester_name,
                title=None,
            ),
            partner_id=_id(r.partner_id),
            partner_name=r.partner_name,
            path=[] if partner_caller else [IntroPathStep.of(s) for s in r.path],
            note=r.note,
            requested_at=aged.requested_at,
            state_changed_at=aged.state_since,
            days_in_state=aged.days_in_state,
            days_since_requested=aged.days_since_requested,
            history=[IntroRequestChange.of(c, viewer_partner_id) for c in aged.changes],
        )


@strawberry.input(description="One step of the path a request came from (a warmestPaths hop).")
class IntroPathStepInput:
    from_id: strawberry.ID = strawberry.field(description="The hop's `from.id`.")
    from_kind: HumanKind = strawberry.field(description="The hop's `from.kind`.")
    to_id: strawberry.ID = strawberry.field(description="The hop's `to.id`.")
    to_kind: HumanKind = strawberry.field(description="The hop's `to.kind`.")
    relationship: PathRelationship = strawberry.field(description="The hop's relationship.")
    strength: float = strawberry.field(description="The hop's strength, in (0, 1].")

    def step(self) -> graph_requests.PathStep:
        """The graph layer's value."""
        return graph_requests.PathStep(
            from_id=str(self.from_id),
            from_kind=self.from_kind,
            to_id=str(self.to_id),
            to_kind=self.to_kind,
            relationship=self.relationship.name,
            strength=self.strength,
        )
