"""The rows of a bundle that are entities (nodes): sellers, accounts, partners, partners' shared
accounts, people, opportunities, context items and pain points."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar, Self

from pydantic import Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from graph.core.model import (
    AccountStatus,
    ContextKind,
    Label,
    OpportunityState,
    PartnerAccountStatus,
    SellerRole,
    Seniority,
    SharingLevel,
)
from graph.core.normalize import company_name_key
from graph.ingest.row_base import Row
from graph.ingest.values import (
    Currency,
    Domain,
    Email,
    Id,
    IdList,
    LongText,
    Name,
    NameList,
    Reference,
    Short,
    Text,
    Url,
)

MAX_EMPLOYEES = 1_000_000_000
"""More than any company has; a larger count (a JSON bundle may carry any integer) would not fit
the 64-bit integers Neo4j stores."""


class SellerRow(Row):
    """A member of our own team."""

    id: Id
    name: Name
    email: Email | None = None
    title: Short | None = None
    role: SellerRole = SellerRole.REP

    def record(self) -> dict[str, Any]:
        return {**super().record(), "id": self.id}


class AccountRow(Row):
    """A target company or customer. ``website`` is read as the domain when no domain is given."""

    structural: ClassVar[frozenset[str]] = frozenset({"id", "website"})

    id: Id
    name: Name
    domain: Domain | None = None
    website: Domain | None = None
    industry: Short | None = None
    employees: Annotated[int, Field(ge=0, le=MAX_EMPLOYEES)] | None = None
    annual_revenue: Annotated[float, Field(ge=0)] | None = None
    country: Short | None = None
    region: Short | None = None
    technologies: NameList | None = None
    competitor_products: NameList | None = None
    tier: Short | None = None
    status: AccountStatus = AccountStatus.TARGET
    owner_seller_id: Id | None = None

    def props(self) -> dict[str, Any]:
        props = super().props()
        if "domain" not in props and "website" in self.model_fields_set:
            props["domain"] = self.website
        props["nameKey"] = company_name_key(self.name)
        return props

    def references(self) -> list[Reference]:
        if self.owner_seller_id is None:
            return []
        return [Reference("ownerSellerId", Label.SELLER, self.owner_seller_id)]

    def record(self) -> dict[str, Any]:
        return {**super().record(), "id": self.id}


class PartnerRow(Row):
    """A partner company and what it shares with us."""

    id: Id
    name: Name
    domain: Domain | None = None
    sharing_level: SharingLevel = SharingLevel.ACCOUNTS

    def record(self) -> dict[str, Any]:
        return {**super().record(), "id": self.id}


class PartnerAccountRow(Row):
    """One entry of a partner's shared account list: the partner's own record of an account."""

    structural: ClassVar[frozenset[str]] = frozenset({"website"})

    partner_id: Id
    external_id: Id
    name: Name
    domain: Domain | None = None
    website: Domain | None = None
    status: PartnerAccountStatus

    @property
    def id(self) -> str:
        """The node id: ``<partnerId>/<externalId>``."""
        return f"{self.partner_id}/{self.external_id}"

    def key(self) -> tuple[str, ...]:
        return (self.id,)

    def props(self) -> dict[str, Any]:
        props = super().props()
        if "domain" not in props and "website" in self.model_fields_set:
            props["domain"] = self.website
        props["nameKey"] = company_name_key(self.name)
        return props

    def references(self) -> list[Reference]:
        return [Reference("partnerId", Label.PARTNER, self.partner_id)]

    def record(self) -> dict[str, Any]:
        return {**super().record(), "id": self.id}


class PersonRow(Row):
    """Someone outside our company."""

    id: Id
    name: Name
    photo_url: Url | None = None
    email: Email | None = None
    phone: Annotated[str, StringConstraints(max_length=50)] | None = None
    linkedin_url: Url | None = None
    location: Short | None = None
    title: Short | None = None
    department: Short | None = None
    seniority: Seniority | None = None
    role_summary: LongText | None = None
    labels: NameList | None = None

    def record(self) -> dict[str, Any]:
        return {**super().record(), "id": self.id}


class OpportunityRow(Row):
    """A deal at an account; ``personIds``, when given, is the full list of people on it."""

    structural: ClassVar[frozenset[str]] = frozenset({"id", "personIds"})

    id: Id
    account_id: Id
    name: Name
    stage: Short | None = None
    amount: Annotated[float, Field(ge=0)] | None = None
    currency: Currency | None = None
    open_date: date | None = None  # when the deal was opened (created in the CRM)
    close_date: date | None = None
    state: OpportunityState = OpportunityState.OPEN
    budget: LongText | None = None
    authority: LongText | None = None
    need: LongText | None = None
    timeline: LongText | None = None
    owner_seller_id: Id | None = None
    person_ids: IdList | None = None

    def references(self) -> list[Reference]:
        refs = [Reference("accountId", Label.ACCOUNT, self.account_id)]
        if self.owner_seller_id is not None:
            refs.append(Reference("ownerSellerId", Label.SELLER, self.owner_seller_id))
        refs += [Reference("personIds", Label.PERSON, pid) for pid in self.person_ids or []]
        return refs

    def record(self) -> dict[str, Any]:
        people = None if self.person_ids is None else sorted(set(self.person_ids))
        return {**super().record(), "id": self.id, "personIds": people}


class ContextItemRow(Row):
    """A goal, plan, challenge, stake or milestone of an account."""

    id: Id
    account_id: Id
    kind: ContextKind
    text: Text
    horizon: Short | None = None
    due_date: date | None = None

    def references(self) -> list[Reference]:
        return [Reference("accountId", Label.ACCOUNT, self.account_id)]

    def record(self) -> dict[str, Any]:
        return {**super().record(), "id": self.id}


class PainPointRow(Row):
    """A pain point of one account or of one person (exactly one of the two)."""

    id: Id
    text: Text
    account_id: Id | None = None
    person_id: Id | None = None
    severity: Annotated[int, Field(ge=1, le=5)] | None = None

    @model_validator(mode="after")
    def _one_owner(self) -> Self:
        if (self.account_id is None) == (self.person_id is None):
            raise PydanticCustomError(
                "EXACTLY_ONE_OWNER",
                "give exactly one of accountId and personId",
                {"field": "accountId"},
            )
        return self

    def props(self) -> dict[str, Any]:
        # Both owner ids are always written, so moving a pain point clears the old owner.
        return {**super().props(), "accountId": self.account_id, "personId": self.person_id}

    def references(self) -> list[Reference]:
        if self.account_id is not None:
            return [Reference("accountId", Label.ACCOUNT, self.account_id)]
        assert self.person_id is not None
        return [Reference("personId", Label.PERSON, self.person_id)]

    def record(self) -> dict[str, Any]:
        return {**super().record(), "id": self.id}
