"""The parts of an account's map as GraphQL types: a person's place on it, buying roles, who
knows them, context, pain points and coverage of the buying committee."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from graph.accounts import account_map as graph_map
from graph.accounts import people as graph_people
from schema.accounts.people import Opportunity, Person, person_by_id
from schema.core import loaders
from schema.core.context import Info
from schema.core.enums import BuyingRole, ContextKind, Stance
from schema.partners.directory import Partner, partner_by_id

if TYPE_CHECKING:
    from schema.accounts.accounts import Account


@strawberry.type(description="A buying role a person holds at an account.")
class HeldRole:
    role: str = strawberry.field(description="A BuyingRole value or a workspace custom role.")
    stance: Stance = strawberry.field(description="The holder's stance toward us.")
    from_date: date | None = strawberry.field(description="First day held (null: always).")
    to_date: date | None = strawberry.field(
        description="First day no longer held (null: still held)."
    )
    account_id: strawberry.Private[str]
    opportunity_id: strawberry.Private[str | None]
    as_of: strawberry.Private[date]

    @classmethod
    def of(cls, role: graph_people.HeldRole, as_of: date) -> HeldRole:
        """From the graph layer's value, seen on ``as_of``."""
        return cls(
            role=role.role,
            stance=Stance(role.stance),
            from_date=role.from_date,
            to_date=role.to_date,
            account_id=role.account_id,
            opportunity_id=role.opportunity_id,
            as_of=as_of,
        )

    @strawberry.field(description="The account the role is held at.")
    async def account(
        self, info: Info
    ) -> Annotated[Account, strawberry.lazy("schema.accounts.accounts")] | None:
        from schema.accounts.accounts import account_by_id

        return await account_by_id(info, self.account_id, self.as_of)

    @strawberry.field(description="The deal the role is held for (null: the whole account).")
    async def opportunity(self, info: Info) -> Opportunity | None:
        if self.opportunity_id is None:
            return None
        found = await loaders.opportunities(info).load(self.opportunity_id)
        return None if found is None else Opportunity.of(found, self.as_of)


@strawberry.enum(description="Who knows a person on the map.")
class AcquaintanceKind(Enum):
    SELLER = strawberry.enum_value("SELLER", description="One of our sellers.")
    PARTNER_CONTACT = strawberry.enum_value(
        "PARTNER_CONTACT", description="Someone employed at one of our partners."
    )


@strawberry.type(description="One of our sellers, or a partner's contact, who knows a person.")
class Acquaintance:
    id: strawberry.ID = strawberry.field(description="The seller's or the contact's id.")
    name: str = strawberry.field(description="Their name.")
    kind: AcquaintanceKind = strawberry.field(description="Our seller or a partner's contact.")
    partner_id: strawberry.Private[str | None]
    partner_name: str | None = strawberry.field(description="That partner's name.")
    strength: float = strawberry.field(description="How well they know each other, in (0, 1].")
    last_interaction_at: datetime | None = strawberry.field(
        description="When they last interacted, as recorded."
    )

    @strawberry.field(description="For a partner's contact, the partner they work at.")
    async def partner(self, info: Info) -> Partner | None:
        return await partner_by_id(info, self.partner_id)


@strawberry.type(description="A person on an account's map, with their employment there.")
class MappedPerson:
    person: Person = strawberry.field(description="The person.")
    title: str | None = strawberry.field(description="Title at this account.")
    department: str | None = strawberry.field(description="Department at this account.")
    start_date: date | None = strawberry.field(description="First day at this account.")
    end_date: date | None = strawberry.field(
        description="First day no longer there (set for people who have left)."
    )
    current: bool = strawberry.field(description="Employed here on the day asked about.")
    roles: list[HeldRole] = strawberry.field(description="Buying roles held here on the day.")
    known_by: list[Acquaintance] = strawberry.field(
        description="Our sellers and partners' contacts who know them, warmest first."
    )
    manager_id: strawberry.Private[str | None]
    as_of: strawberry.Private[date]

    @classmethod
    def of(cls, mapped: graph_map.MappedPerson, as_of: date) -> MappedPerson:
        """From the graph layer's value, seen on ``as_of``."""
        return cls(
            person=Person.of(mapped.person, as_of),
            title=mapped.title,
            department=mapped.department,
            start_date=mapped.start_date,
            end_date=mapped.end_date,
            current=mapped.current,
            roles=[HeldRole.of(r, as_of) for r in mapped.roles],
            known_by=[
                Acquaintance(
                    id=strawberry.ID(a.id),
                    name=a.name,
                    kind=AcquaintanceKind(a.kind),
                    partner_id=a.partner_id,
                    partner_name=a.partner_name,
                    strength=a.strength,
                    last_interaction_at=a.last_interaction_at,
                )
                for a in mapped.known_by
            ],
            manager_id=mapped.manager_id,
            as_of=as_of,
        )

    @strawberry.field(description="Whom they report to on the day (the org tree).")
    async def manager(self, info: Info) -> Person | None:
        return await person_by_id(info, self.manager_id, self.as_of)


@strawberry.type(description="A goal, plan, challenge, stake or milestone of the account.")
class ContextEntry:
    id: strawberry.ID = strawberry.field(description="The workspace's own id for the item.")
    kind: ContextKind = strawberry.field(description="What kind of context.")
    text: str = strawberry.field(description="The item.")
    horizon: str | None = strawberry.field(description="Quarter, year, multi-year ...")
    due_date: date | None = strawberry.field(description="When it is due.")

    @classmethod
    def of(cls, entry: graph_map.ContextEntry) -> ContextEntry:
        """From the graph layer's value."""
        return cls(
            id=strawberry.ID(entry.id),
            kind=entry.kind,
            text=entry.text,
            horizon=entry.horizon,
            due_date=entry.due_date,
        )


@strawberry.type(description="A pain point of the account or of one of its people.")
class PainPoint:
    id: strawberry.ID = strawberry.field(description="The workspace's own id for the pain.")
    text: str = strawberry.field(description="The pain.")
    severity: int | None = strawberry.field(description="1 (mild) to 5 (severe).")
    person_id: strawberry.Private[str | None]
    as_of: strawberry.Private[date]

    @classmethod
    def of(cls, pain: graph_map.PainPointEntry, as_of: date) -> PainPoint:
        """From the graph layer's value; its person is seen on ``as_of``."""
        return cls(
            id=strawberry.ID(pain.id),
            text=pain.text,
            severity=pain.severity,
            person_id=pain.person_id,
            as_of=as_of,
        )

    @strawberry.field(description="The person whose pain it is (null: the account's own).")
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, self.person_id, self.as_of)


@strawberry.type(description="How much of the buying committee the map holds on a day.")
class Coverage:
    stakeholders_mapped: int = strawberry.field(
        description="People employed here on the day (mapped; not all of them take part)."
    )
    committee_members: int = strawberry.field(
        description="The buying committee: people employed here who hold a buying role on the "
        "day (standard or custom), against about 6.8."
    )
    typical_committee_size: float = strawberry.field(
        description="About 6.8 people sign off a B2B purchase."
    )
    roles_covered: list[str] = strawberry.field(
        description="Roles (standard or custom) someone employed here holds on the day."
    )
    roles_missing: list[BuyingRole] = strawberry.field(
        description="Standard roles nobody here holds on the day."
    )

    @classmethod
    def of(cls, coverage: graph_map.Coverage) -> Coverage:
        """From the graph layer's value."""
        return cls(
            stakeholders_mapped=coverage.stakeholders_mapped,
            committee_members=coverage.committee_members,
            typical_committee_size=coverage.typical_committee_size,
            roles_covered=list(coverage.roles_covered),
            roles_missing=[BuyingRole(r) for r in coverage.roles_missing],
        )
