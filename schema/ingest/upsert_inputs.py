"""GraphQL input types of the batch upserts: one per bundle section, fields as in
docs/IMPORT_FORMAT.md.

Optional fields default to *unset*: an unset field keeps its stored value, an explicit ``null``
clears it. Values are checked by the graph layer's row models, so a mutation and the importer
report the same problems with the same codes.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.utils.str_converters import to_camel_case

from schema.core.enums import (
    AccountStatus,
    ContextKind,
    HumanKind,
    OpportunityState,
    OrganizationKind,
    PartnerAccountStatus,
    SellerRole,
    Seniority,
    SharingLevel,
    Stance,
)
from schema.ingest.enums import RelationshipKind

UNSET: Any = strawberry.UNSET


def row_of(value: object) -> dict[str, Any]:
    """An input object as a bundle row: camelCase keys, unset fields left out."""
    assert dataclasses.is_dataclass(value)
    return {
        to_camel_case(field.name): getattr(value, field.name)
        for field in dataclasses.fields(value)
        if getattr(value, field.name) is not strawberry.UNSET
    }


def _f(description: str) -> Any:
    return strawberry.field(description=description)


def _opt(description: str) -> Any:
    return strawberry.field(description=description, default=UNSET)


@strawberry.input(description="A member of our own team.")
class SellerInput:
    id: strawberry.ID = _f("Stable id (your system's), unique in the workspace.")
    name: str = _f("Full name (at most 200 characters).")
    email: str | None = _opt("Work email.")
    title: str | None = _opt("Job title.")
    role: SellerRole | None = _opt("Function; REP when a new seller leaves it out.")


@strawberry.input(description="A target company or customer.")
class AccountInput:
    id: strawberry.ID = _f("Stable id, unique in the workspace.")
    name: str = _f("Company name (at most 200 characters).")
    domain: str | None = _opt("Web domain; normalized to a bare lowercase host in punycode.")
    website: str | None = _opt("A website URL, read as the domain when no domain is given.")
    industry: str | None = _opt("Industry.")
    employees: int | None = _opt("Headcount (>= 0).")
    annual_revenue: float | None = _opt("Annual revenue (>= 0).")
    country: str | None = _opt("Country.")
    region: str | None = _opt("Region or territory.")
    technologies: list[str] | None = _opt("Technologies in use.")
    competitor_products: list[str] | None = _opt("Competitor products in use.")
    tier: str | None = _opt("Account tier from your scoring model.")
    status: AccountStatus | None = _opt("Our relationship; TARGET when a new account omits it.")
    owner_seller_id: strawberry.ID | None = _opt("The owning seller's id.")


@strawberry.input(description="A partner company.")
class PartnerInput:
    id: strawberry.ID = _f("Stable id, unique in the workspace.")
    name: str = _f("Company name.")
    domain: str | None = _opt("Web domain (normalized).")
    sharing_level: SharingLevel | None = _opt("What the partner shares; ACCOUNTS by default.")


@strawberry.input(description="One account of a partner's shared list, as the partner knows it.")
class PartnerAccountInput:
    partner_id: strawberry.ID = _f("The partner sharing the account.")
    external_id: strawberry.ID = _f("The partner's own id for the account.")
    name: str = _f("The partner's name for the account.")
    domain: str | None = _opt("Web domain (normalized).")
    website: str | None = _opt("Website URL, read as the domain when no domain is given.")
    status: PartnerAccountStatus = _f("The partner's own status for the account.")


@strawberry.input(description="Someone outside our company.")
class PersonInput:
    id: strawberry.ID = _f("Stable id, unique in the workspace.")
    name: str = _f("Full name.")
    photo_url: str | None = _opt("Photo URL (http or https).")
    email: str | None = _opt("Work email.")
    phone: str | None = _opt("Work phone.")
    linkedin_url: str | None = _opt("LinkedIn profile URL (http or https).")
    location: str | None = _opt("Usual office location.")
    title: str | None = _opt("Current job title.")
    department: str | None = _opt("Current department.")
    seniority: Seniority | None = _opt("Seniority.")
    role_summary: str | None = _opt("A summary of their role (at most 2000 characters).")
    labels: list[str] | None = _opt("Labels that read at a glance.")


@strawberry.input(description="A person's employment at an account or a partner.")
class EmploymentInput:
    person_id: strawberry.ID = _f("The person.")
    organization_id: strawberry.ID = _f("The account or partner.")
    organization_kind: OrganizationKind | None = _opt("ACCOUNT (default) or PARTNER.")
    title: str | None = _opt("Title there.")
    department: str | None = _opt("Department there.")
    start_date: date | None = _opt("First day.")
    end_date: date | None = _opt("Last day; unset or null while still employed.")
    id: strawberry.ID | None = _opt(
        "Stable id; defaults to <personId>@<organizationId>#<startDate or ''>."
    )


@strawberry.input(description="A person reports to a manager.")
class ReportingLineInput:
    person_id: strawberry.ID = _f("The report.")
    manager_id: strawberry.ID = _f("The manager.")
    from_date: date | None = _opt("Since when.")
    to_date: date | None = _opt("Until when; null while current.")
    strength: float | None = _opt("How close the line is, in (0, 1].")


@strawberry.input(description="A deal at an account.")
class OpportunityInput:
    id: strawberry.ID = _f("Stable id, unique in the workspace.")
    account_id: strawberry.ID = _f("The account the deal is with.")
    name: str = _f("Deal name.")
    stage: str | None = _opt("Pipeline stage, as your CRM names it.")
    amount: float | None = _opt("Amount (>= 0).")
    currency: str | None = _opt("ISO 4217 currency code.")
    open_date: date | None = _opt(
        "When the deal was opened (created in the CRM); an open deal opened before an account's "
        "last purchase is not an upsell."
    )
    close_date: date | None = _opt("Expected or actual close date.")
    state: OpportunityState | None = _opt("OPEN (default), WON or LOST.")
    budget: str | None = _opt("BANT: budget.")
    authority: str | None = _opt("BANT: authority.")
    need: str | None = _opt("BANT: need.")
    timeline: str | None = _opt("BANT: timeline.")
    owner_seller_id: strawberry.ID | None = _opt("The owning seller.")
    person_ids: list[strawberry.ID] | None = _opt(
        "The people on the deal; when given, the full list (others are removed)."
    )


@strawberry.input(description="A buying role a person holds at an account.")
class BuyingRoleInput:
    person_id: strawberry.ID = _f("The role holder.")
    account_id: strawberry.ID = _f("The account.")
    role: str = _f("A standard role (see BuyingRole) or a custom one in UPPER_SNAKE_CASE.")
    opportunity_id: strawberry.ID | None = _opt("Set when the role is held for one deal.")
    stance: Stance | None = _opt("Stance toward us; NEUTRAL by default.")
    from_date: date | None = _opt("Since when.")
    to_date: date | None = _opt("Until when; null while held.")


@strawberry.input(description="Who knows or influences whom.")
class RelationshipInput:
    kind: RelationshipKind = _f("KNOWS (symmetric) or INFLUENCES (directed, people only).")
    from_id: strawberry.ID = _f("One end (the influencer for INFLUENCES).")
    to_id: strawberry.ID = _f("The other end.")
    from_kind: HumanKind | None = _opt("PERSON (default) or SELLER.")
    to_kind: HumanKind | None = _opt("PERSON (default) or SELLER.")
    strength: float = _f("How strong, in (0, 1].")
    source: str | None = _opt("Where the relationship was learnt (email, meetings, a seller).")
    last_interaction_at: datetime | None = _opt("Last interaction, ISO 8601 with a zone.")


@strawberry.input(description="A goal, plan, challenge, stake or milestone of an account.")
class ContextItemInput:
    id: strawberry.ID = _f("Stable id, unique in the workspace.")
    account_id: strawberry.ID = _f("The account.")
    kind: ContextKind = _f("What kind of context.")
    text: str = _f("The item (at most 2000 characters).")
    horizon: str | None = _opt("Quarter, year, multi-year...")
    due_date: date | None = _opt("When it is due.")


@strawberry.input(description="A pain point of an account or a person (exactly one).")
class PainPointInput:
    id: strawberry.ID = _f("Stable id, unique in the workspace.")
    text: str = _f("The pain (at most 2000 characters).")
    account_id: strawberry.ID | None = _opt("The account it belongs to.")
    person_id: strawberry.ID | None = _opt("The person it belongs to.")
    severity: int | None = _opt("1 (mild) to 5 (severe).")
