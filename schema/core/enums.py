"""The registry of the model's closed enums (graph/core/model.py): each registered once, here,
under its GraphQL name. Registration happens in place, so the graph layer's enum classes are the
GraphQL types too; schema modules import them from this module, never register them again. A
domain's own closed sets (risk flags, path reasons ...) are registered once, by name, in that
domain's schema module."""

from __future__ import annotations

from enum import Enum

import strawberry

from graph.core.credentials import Role
from graph.core.model import (
    AccountStatus,
    BuyingRole,
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

strawberry.enum(AccountStatus, description="Our relationship with an account.")
strawberry.enum(BuyingRole, description="Standard buying roles.")
strawberry.enum(Stance, description="A role holder's stance toward us.")
strawberry.enum(OpportunityState, description="Whether a deal is open, won or lost.")
strawberry.enum(SharingLevel, description="What a partner shares with us.")
strawberry.enum(PartnerAccountStatus, description="The partner's own status for a shared account.")


def describe_values(kind: type[Enum], **descriptions: str) -> None:
    """Describe each value of an enum already registered in place (the graph layer's enums
    cannot carry ``strawberry.enum_value``); every value must get a description."""
    definition = kind.__strawberry_definition__  # type: ignore[attr-defined]
    assert {value.name for value in definition.values} == set(descriptions), kind
    for value in definition.values:
        value.description = descriptions[value.name]


strawberry.enum(SellerRole, description="A member of our team's function.")
describe_values(
    SellerRole,
    REP="Sales representative.",
    AE="Account executive: owns deals.",
    SDR="Sales development: opens conversations.",
    CSM="Customer success: looks after customers.",
    PARTNER_MANAGER="Works the partner program.",
    EXECUTIVE="An executive of ours.",
)
strawberry.enum(Seniority, description="How senior a person is.")
describe_values(
    Seniority,
    C_LEVEL="Chief officer (CEO, CFO, COO ...).",
    VP="Vice president.",
    DIRECTOR="Director or head of a function.",
    MANAGER="Manages a team.",
    INDIVIDUAL_CONTRIBUTOR="Manages nobody.",
    UNKNOWN="Not known.",
)
strawberry.enum(OrganizationKind, description="Where a person can be employed.")
describe_values(OrganizationKind, ACCOUNT="One of our accounts.", PARTNER="One of our partners.")
strawberry.enum(HumanKind, description="The two kinds of node that can know each other.")
describe_values(HumanKind, PERSON="Someone outside our company.", SELLER="One of our sellers.")
strawberry.enum(ContextKind, description="Kinds of account context.")
describe_values(
    ContextKind,
    GOAL="What the account wants to reach (quarter, year, multi-year).",
    PLAN="How it means to get there.",
    CHALLENGE="What stands in the way.",
    STAKE="What is won or lost, for the company and its people.",
    MILESTONE="A dated step on the way.",
)

strawberry.enum(Role, name="CallerRole", description="What a credential may do in its workspace.")
describe_values(
    Role,
    ADMIN="Everything in the workspace.",
    MEMBER="Read and write.",
    VIEWER="Read only.",
    INTEGRATION="Read and write, for scripts.",
    PARTNER="Read what the partner's sharing level allows, through the partner queries.",
)

__all__ = [
    "AccountStatus",
    "BuyingRole",
    "ContextKind",
    "HumanKind",
    "OpportunityState",
    "OrganizationKind",
    "PartnerAccountStatus",
    "Role",
    "SellerRole",
    "Seniority",
    "SharingLevel",
    "Stance",
]
