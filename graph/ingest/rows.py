"""The rows of an import bundle (docs/IMPORT_FORMAT.md), one pydantic model per section.

A model validates one row and knows three things about it: its key within the section (for
duplicate detection), the ids it references (checked against the graph before anything is
written), and the record the upsert statement receives (``key``, references, ``props`` with only
the fields the row gave, ``defaults`` applied when the node or relationship is created).

Upserts are patches: a field present in a row is written (``null`` clears it), a field the row
leaves out keeps its stored value. Blank strings count as absent for required fields and as
``null`` for optional ones, so a CSV's empty cell clears a value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache, lru_cache
from typing import Annotated, Any, ClassVar, Self
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from graph.core.model import (
    AccountStatus,
    BuyingRole,
    ContextKind,
    HumanKind,
    Label,
    OpportunityState,
    OrganizationKind,
    PartnerAccountStatus,
    RelType,
    SellerRole,
    Seniority,
    SharingLevel,
    Stance,
)
from graph.core.normalize import InvalidDomain, company_name_key, normalize_domain

MAX_ID = 128
MAX_NAME = 200
MAX_TEXT = 2000
MAX_URL = 2000
LIST_SEPARATOR = ";"

_CUSTOM_ROLE = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


# email_validator's own dot-atom rule for an ASCII local part (RFC 5322 3.2.3).
_ATEXT = r"a-zA-Z0-9_!#$%&'*+\-/=?^`{|}~"
_DOT_ATOM = re.compile(f"[{_ATEXT}]+(?:\\.[{_ATEXT}]+)*")
_MAX_LOCAL = 64
_MAX_EMAIL = 254


@lru_cache(maxsize=4096)
def _email_domain(domain: str) -> str | None:
    """The normalized domain of an address at ``domain``, or None when it is not valid.

    Checking the domain (IDNA, special-use names, label rules) is most of email_validator's
    cost, and the people of one company share one domain, so it is asked once per domain.
    """
    try:
        return validate_email(f"x@{domain}", check_deliverability=False).domain
    except EmailNotValidError:
        return None


def _email(value: str) -> str:
    local, _, domain = value.rpartition("@")
    # The common case: a plain ASCII address, checked part by part with email_validator's rules
    # and normalized as it does (the local part kept, the domain normalized). Anything else,
    # and every invalid address, goes through email_validator whole for its exact answer.
    if (
        len(value) <= _MAX_EMAIL
        and len(local) <= _MAX_LOCAL
        and value.isascii()
        and _DOT_ATOM.fullmatch(local)
        and (normalized := _email_domain(domain)) is not None
    ):
        return f"{local}@{normalized}"
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise PydanticCustomError(
            "INVALID_EMAIL", "not a valid email address: {detail}", {"detail": str(error)}
        ) from None


def _url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise PydanticCustomError("INVALID_URL", "must be an http(s) URL with a host name")
    if len(value) > MAX_URL:
        raise PydanticCustomError("TOO_LONG", "must be at most {max} characters", {"max": MAX_URL})
    return value


def _domain(value: str) -> str:
    try:
        return normalize_domain(value)
    except InvalidDomain as error:
        raise PydanticCustomError(
            "INVALID_DOMAIN", "not a usable domain: {detail}", {"detail": str(error)}
        ) from None


def _currency(value: str) -> str:
    upper = value.upper()
    if not _CURRENCY.match(upper):
        raise PydanticCustomError("INVALID_CURRENCY", "must be an ISO 4217 code of 3 letters")
    return upper


def _role(value: str) -> str:
    if len(value) > 64 or not _CUSTOM_ROLE.match(value):
        raise PydanticCustomError(
            "INVALID_ROLE",
            "must be a standard buying role or a custom one in UPPER_SNAKE_CASE (at most 64)",
        )
    return value


def _split_list(value: Any) -> Any:
    """CSV cells carry lists as ``a;b;c``."""
    if isinstance(value, str):
        return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]
    return value


Id = Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME)]
Short = Annotated[str, StringConstraints(max_length=MAX_NAME)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]
LongText = Annotated[str, StringConstraints(max_length=MAX_TEXT)]
Email = Annotated[str, StringConstraints(max_length=254), AfterValidator(_email)]
Url = Annotated[str, AfterValidator(_url)]
Domain = Annotated[str, StringConstraints(max_length=MAX_URL), AfterValidator(_domain)]
Currency = Annotated[str, AfterValidator(_currency)]
RoleName = Annotated[str, AfterValidator(_role)]
Strength = Annotated[float, Field(gt=0, le=1)]
NameList = Annotated[list[Name], BeforeValidator(_split_list), Field(max_length=100)]
IdList = Annotated[list[Id], BeforeValidator(_split_list), Field(max_length=1000)]


@dataclass(frozen=True)
class Reference:
    """One id a row points at: the field it sits in, and the label it must carry."""

    field: str
    label: Label
    id: str


def _end_not_before_start(start: date | None, end: date | None, field: str) -> None:
    if start is not None and end is not None and end < start:
        raise PydanticCustomError(
            "END_BEFORE_START",
            "must not be before the start ({start})",
            {"start": str(start), "field": field},
        )


class Row(BaseModel):
    """What every section's row shares: camelCase fields, no unknown ones, blanks as absent."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=False,
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        use_enum_values=True,
        validate_default=True,
    )

    #: Bundle fields that are not node or relationship properties (keys and references).
    structural: ClassVar[frozenset[str]] = frozenset({"id"})

    @model_validator(mode="before")
    @classmethod
    def _blanks(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        absent = _absent_when_blank(cls)
        cleaned: dict[str, Any] = {}
        for name, value in data.items():
            if value is None or (isinstance(value, str) and not value.strip()):
                if _snake(str(name)) in absent:
                    continue  # a blank required or defaulted field is absent
                value = None
            cleaned[str(name)] = value
        return cleaned

    def key(self) -> tuple[str, ...]:
        """What identifies the row within its section (two rows with one key are duplicates)."""
        return (str(getattr(self, "id", "")),)

    def references(self) -> list[Reference]:
        """The ids this row points at, each to be found in the graph or earlier in the bundle."""
        return []

    def given(self) -> dict[str, Any]:
        """The fields the row set, camelCase, with values as the driver takes them.

        The validated values are already in that form (enums as their values, dates, numbers,
        strings and lists of strings), so this reads them rather than paying for a dump.
        """
        given = self.model_fields_set
        return {alias: getattr(self, name) for name, alias in _aliases(type(self)) if name in given}

    def props(self) -> dict[str, Any]:
        """The properties to write: every field the row gave, except keys and references."""
        return {k: v for k, v in self.given().items() if k not in self.structural}

    def defaults(self) -> dict[str, Any]:
        """Defaults for fields the row left out, applied only when the entity is created."""
        given = self.model_fields_set
        return {
            alias: getattr(self, name)
            for name, alias in _defaulted(type(self))
            if name not in given
        }

    def record(self) -> dict[str, Any]:
        """The map one ``UNWIND $rows AS row`` iteration receives."""
        return {"props": self.props(), "defaults": self.defaults()}


@lru_cache(maxsize=1024)  # bounded: the names come from the caller's input
def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


@cache
def _absent_when_blank(model: type[Row]) -> frozenset[str]:
    """The fields a blank value leaves out rather than clears: required or defaulted ones."""
    return frozenset(
        name
        for name, field in model.model_fields.items()
        if field.is_required() or field.default is not None
    )


@cache
def _aliases(model: type[Row]) -> tuple[tuple[str, str], ...]:
    """(field, alias) of every field, in declaration order."""
    return tuple((name, field.alias or name) for name, field in model.model_fields.items())


@cache
def _defaulted(model: type[Row]) -> tuple[tuple[str, str], ...]:
    """(field, alias) of the optional fields with a default that are node or edge properties."""
    return tuple(
        (name, alias)
        for name, field in model.model_fields.items()
        if not field.is_required()
        and field.default is not None
        and (alias := field.alias or name) not in model.structural
    )


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
    employees: Annotated[int, Field(ge=0)] | None = None
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


class EmploymentRow(Row):
    """A person's employment at an account or a partner, over a period."""

    structural: ClassVar[frozenset[str]] = frozenset(
        {"id", "personId", "organizationId", "organizationKind"}
    )

    person_id: Id
    organization_id: Id
    organization_kind: OrganizationKind = OrganizationKind.ACCOUNT
    title: Short | None = None
    department: Short | None = None
    start_date: date | None = None
    end_date: date | None = None
    id: Id | None = None

    @model_validator(mode="after")
    def _dates(self) -> Self:
        _end_not_before_start(self.start_date, self.end_date, "endDate")
        return self

    @property
    def employment_id(self) -> str:
        """The stable id: given, or ``<personId>@<organizationId>#<startDate or "">``."""
        if self.id is not None:
            return self.id
        start = self.start_date.isoformat() if self.start_date else ""
        return f"{self.person_id}@{self.organization_id}#{start}"

    def key(self) -> tuple[str, ...]:
        return (self.person_id, self.employment_id)

    def references(self) -> list[Reference]:
        org = Label.PARTNER if self.organization_kind == OrganizationKind.PARTNER else Label.ACCOUNT
        return [
            Reference("personId", Label.PERSON, self.person_id),
            Reference("organizationId", org, self.organization_id),
        ]

    def record(self) -> dict[str, Any]:
        return {
            **super().record(),
            "id": self.employment_id,
            "personId": self.person_id,
            "organizationId": self.organization_id,
            "atPartner": self.organization_kind == OrganizationKind.PARTNER,
        }


class ReportingLineRow(Row):
    """A person reports to a manager, over a period."""

    structural: ClassVar[frozenset[str]] = frozenset({"personId", "managerId"})

    person_id: Id
    manager_id: Id
    from_date: date | None = None
    to_date: date | None = None
    strength: Strength | None = None

    @model_validator(mode="after")
    def _checks(self) -> Self:
        if self.person_id == self.manager_id:
            raise PydanticCustomError(
                "SELF_REFERENCE", "a person cannot report to themselves", {"field": "managerId"}
            )
        _end_not_before_start(self.from_date, self.to_date, "toDate")
        return self

    def key(self) -> tuple[str, ...]:
        return (self.person_id, self.manager_id)

    def references(self) -> list[Reference]:
        return [
            Reference("personId", Label.PERSON, self.person_id),
            Reference("managerId", Label.PERSON, self.manager_id),
        ]

    def record(self) -> dict[str, Any]:
        return {**super().record(), "personId": self.person_id, "managerId": self.manager_id}


class OpportunityRow(Row):
    """A deal at an account; ``personIds``, when given, is the full list of people on it."""

    structural: ClassVar[frozenset[str]] = frozenset({"id", "personIds"})

    id: Id
    account_id: Id
    name: Name
    stage: Short | None = None
    amount: Annotated[float, Field(ge=0)] | None = None
    currency: Currency | None = None
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


class BuyingRoleRow(Row):
    """A role a person holds at an account, for the account as a whole or for one opportunity."""

    structural: ClassVar[frozenset[str]] = frozenset(
        {"personId", "accountId", "role", "opportunityId"}
    )

    person_id: Id
    account_id: Id
    role: RoleName
    opportunity_id: Id | None = None
    stance: Stance = Stance.NEUTRAL
    from_date: date | None = None
    to_date: date | None = None

    @model_validator(mode="after")
    def _dates(self) -> Self:
        _end_not_before_start(self.from_date, self.to_date, "toDate")
        return self

    @property
    def is_custom(self) -> bool:
        """True for a workspace-defined role rather than a standard one."""
        return self.role not in BuyingRole.__members__

    def key(self) -> tuple[str, ...]:
        return (self.person_id, self.account_id, self.role, self.opportunity_id or "")

    def references(self) -> list[Reference]:
        refs = [
            Reference("personId", Label.PERSON, self.person_id),
            Reference("accountId", Label.ACCOUNT, self.account_id),
        ]
        if self.opportunity_id is not None:
            refs.append(Reference("opportunityId", Label.OPPORTUNITY, self.opportunity_id))
        return refs

    def record(self) -> dict[str, Any]:
        return {
            **super().record(),
            "personId": self.person_id,
            "accountId": self.account_id,
            "role": self.role,
            "opportunityId": self.opportunity_id or "",
        }


class RelationshipKind(StrEnum):
    """The relationships between humans a bundle can carry."""

    KNOWS = RelType.KNOWS.value
    INFLUENCES = RelType.INFLUENCES.value


class RelationshipRow(Row):
    """Who knows whom (symmetric) or influences whom (directed), and how strongly."""

    structural: ClassVar[frozenset[str]] = frozenset(
        {"kind", "fromId", "toId", "fromKind", "toKind"}
    )

    kind: RelationshipKind
    from_id: Id
    to_id: Id
    from_kind: HumanKind = HumanKind.PERSON
    to_kind: HumanKind = HumanKind.PERSON
    strength: Strength
    source: Short | None = None
    last_interaction_at: AwareDatetime | None = None

    @model_validator(mode="after")
    def _checks(self) -> Self:
        if self.kind == RelationshipKind.INFLUENCES and HumanKind.SELLER in (
            self.from_kind,
            self.to_kind,
        ):
            raise PydanticCustomError(
                "INVALID_KIND", "INFLUENCES joins two people, not sellers", {"field": "kind"}
            )
        if (self.from_kind, self.from_id) == (self.to_kind, self.to_id):
            raise PydanticCustomError(
                "SELF_REFERENCE", "a relationship needs two different ends", {"field": "toId"}
            )
        return self

    def key(self) -> tuple[str, ...]:
        ends = [(str(self.from_kind), self.from_id), (str(self.to_kind), self.to_id)]
        if self.kind == RelationshipKind.KNOWS:
            ends.sort()  # stored once, either direction
        return (str(self.kind), *ends[0], *ends[1])

    def references(self) -> list[Reference]:
        def label(kind: str) -> Label:
            return Label.SELLER if kind == HumanKind.SELLER else Label.PERSON

        return [
            Reference("fromId", label(self.from_kind), self.from_id),
            Reference("toId", label(self.to_kind), self.to_id),
        ]

    def record(self) -> dict[str, Any]:
        """The record, with ``lastInteractionAt`` (when given a value) as ISO text beside
        ``props``: the statement reads it back with ``datetime()`` into the same value, which
        is much cheaper than the driver's conversion of a Python datetime (~0.1 ms each)."""
        record = {
            **super().record(),
            "kind": self.kind,
            "fromId": self.from_id,
            "toId": self.to_id,
            "fromSeller": self.from_kind == HumanKind.SELLER,
            "toSeller": self.to_kind == HumanKind.SELLER,
            "lastInteractionAt": None,
        }
        if self.last_interaction_at is not None:
            del record["props"]["lastInteractionAt"]
            record["lastInteractionAt"] = self.last_interaction_at.isoformat()
        return record


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


#: The bundle's sections in load order: references always point to an earlier section.
SECTIONS: dict[str, type[Row]] = {
    "sellers": SellerRow,
    "accounts": AccountRow,
    "partners": PartnerRow,
    "partnerAccounts": PartnerAccountRow,
    "people": PersonRow,
    "employments": EmploymentRow,
    "reportingLines": ReportingLineRow,
    "opportunities": OpportunityRow,
    "buyingRoles": BuyingRoleRow,
    "relationships": RelationshipRow,
    "contextItems": ContextItemRow,
    "painPoints": PainPointRow,
}

#: Which section's ids a label's references are satisfied by, within a bundle.
SECTION_OF_LABEL: dict[Label, str] = {
    Label.SELLER: "sellers",
    Label.ACCOUNT: "accounts",
    Label.PARTNER: "partners",
    Label.PERSON: "people",
    Label.OPPORTUNITY: "opportunities",
}
