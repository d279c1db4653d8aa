"""What each mutation of the write side answers: a payload saying what changed, with the changed
things as objects where the graph has them (the person whose employment ended, the account a
role was held at ...)."""

from __future__ import annotations

from datetime import date

import strawberry

from graph.ingest.lifecycle import Deletion, EndedBuyingRole, EndedEmployment
from graph.ingest.upserts import UpsertSummary
from schema.accounts.accounts import Account, account_by_id
from schema.accounts.people import Opportunity, Person, person_by_id
from schema.core import loaders
from schema.core.context import Info
from schema.core.enums import OrganizationKind
from schema.ingest.enums import EntityKind
from schema.partners.directory import Partner, partner_by_id


@strawberry.type(description="What one section's rows did.")
class UpsertedSection:
    section: str = strawberry.field(description="The bundle section, e.g. accounts.")
    created: int = strawberry.field(description="Rows that created a new entity.")
    updated: int = strawberry.field(description="Rows that changed an existing entity.")
    unchanged: int = strawberry.field(description="Rows that matched what was stored already.")


@strawberry.type(description="What an upsert or import changed, in total and per section.")
class UpsertPayload:
    created: int = strawberry.field(description="Rows that created a new entity.")
    updated: int = strawberry.field(description="Rows that changed an existing entity.")
    unchanged: int = strawberry.field(description="Rows that matched what was stored already.")
    sections: list[UpsertedSection] = strawberry.field(
        description="Per section, in load order (sections without rows are left out)."
    )

    @classmethod
    def of(cls, summary: UpsertSummary) -> UpsertPayload:
        """The GraphQL view of the graph layer's summary."""
        total = summary.total
        return cls(
            created=total.created,
            updated=total.updated,
            unchanged=total.unchanged,
            sections=[
                UpsertedSection(
                    section=c.section, created=c.created, updated=c.updated, unchanged=c.unchanged
                )
                for c in summary.sections
            ],
        )


@strawberry.type(description="The employment that ended.")
class EndEmploymentPayload:
    organization_id: strawberry.Private[str]
    organization_kind: OrganizationKind = strawberry.field(description="ACCOUNT or PARTNER.")
    employment_ids: list[strawberry.ID] = strawberry.field(
        description="The employments ended (normally one)."
    )
    end_date: date = strawberry.field(
        description="The first day they no longer work there (the employment's endDate)."
    )
    person_id: strawberry.Private[str]

    @classmethod
    def of(cls, ended: EndedEmployment, kind: OrganizationKind) -> EndEmploymentPayload:
        """From the graph layer's value."""
        return cls(
            organization_id=ended.organization_id,
            organization_kind=kind,
            employment_ids=[strawberry.ID(i) for i in ended.employment_ids],
            end_date=ended.end_date,
            person_id=ended.person_id,
        )

    @strawberry.field(description="The person, as seen on the end date.")
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, self.person_id, self.end_date)

    @strawberry.field(
        description="The account they left, seen on the end date (null at a partner)."
    )
    async def account(self, info: Info) -> Account | None:
        if self.organization_kind is not OrganizationKind.ACCOUNT:
            return None
        return await account_by_id(info, self.organization_id, self.end_date)

    @strawberry.field(description="The partner they left (null at an account).")
    async def partner(self, info: Info) -> Partner | None:
        if self.organization_kind is not OrganizationKind.PARTNER:
            return None
        return await partner_by_id(info, self.organization_id)


@strawberry.type(description="The buying role that ended.")
class EndBuyingRolePayload:
    role: str = strawberry.field(description="The role (standard or custom).")
    to_date: date = strawberry.field(
        description="The first day the role is no longer held (the role's toDate)."
    )
    person_id: strawberry.Private[str]
    account_id: strawberry.Private[str]
    opportunity_id: strawberry.Private[str | None]

    @classmethod
    def of(cls, ended: EndedBuyingRole) -> EndBuyingRolePayload:
        """From the graph layer's value."""
        return cls(
            role=ended.role,
            to_date=ended.to_date,
            person_id=ended.person_id,
            account_id=ended.account_id,
            opportunity_id=ended.opportunity_id,
        )

    @strawberry.field(description="The former role holder.")
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, self.person_id, self.to_date)

    @strawberry.field(description="The account the role was held at.")
    async def account(self, info: Info) -> Account | None:
        return await account_by_id(info, self.account_id, self.to_date)

    @strawberry.field(description="The deal, for a deal-specific role.")
    async def opportunity(self, info: Info) -> Opportunity | None:
        if self.opportunity_id is None:
            return None
        found = await loaders.opportunities(info).load(self.opportunity_id)
        return None if found is None else Opportunity.of(found, self.to_date)


@strawberry.type(description="What a delete removed.")
class DeleteEntityPayload:
    kind: EntityKind = strawberry.field(description="The kind of entity.")
    id: strawberry.ID = strawberry.field(description="Its id.")
    deleted: bool = strawberry.field(description="False when nothing had that id.")
    nodes_deleted: int = strawberry.field(
        description="Nodes removed: the entity and the children it owned."
    )
    relationships_deleted: int = strawberry.field(
        description="Relationships removed with them (none is left dangling)."
    )

    @classmethod
    def of(cls, done: Deletion) -> DeleteEntityPayload:
        """From the graph layer's value."""
        return cls(
            kind=done.kind,
            id=strawberry.ID(done.id),
            deleted=done.deleted,
            nodes_deleted=done.nodes_deleted,
            relationships_deleted=done.relationships_deleted,
        )
