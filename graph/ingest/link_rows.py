"""The rows of a bundle that join entities (relationships): employments, reporting lines, buying
roles, and who knows or influences whom."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, ClassVar, Self

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from graph.core.model import BuyingRole, HumanKind, Label, OrganizationKind, RelType, Stance
from graph.ingest.row_base import Row
from graph.ingest.values import (
    Id,
    Moment,
    Reference,
    RoleName,
    Short,
    Strength,
    end_not_before_start,
)


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
        end_not_before_start(self.start_date, self.end_date, "endDate")
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
        end_not_before_start(self.from_date, self.to_date, "toDate")
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
        end_not_before_start(self.from_date, self.to_date, "toDate")
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
    last_interaction_at: Moment | None = None

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
