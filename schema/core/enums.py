"""The registry of the model's closed enums (graph/core/model.py): each registered once, here,
under its GraphQL name. Registration happens in place, so the graph layer's enum classes are the
GraphQL types too; schema modules import them from this module, never register them again. A
domain's own closed sets (risk flags, path reasons ...) are registered once, by name, in that
domain's schema module."""

from __future__ import annotations

import strawberry

from graph.core.model import (
    AccountStatus,
    BuyingRole,
    ContextKind,
    HumanKind,
    OpportunityState,
    OrganizationKind,
    PartnerAccountStatus,
    RelType,
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
strawberry.enum(SellerRole, description="A member of our team's function.")
strawberry.enum(Seniority, description="How senior a person is.")
strawberry.enum(OrganizationKind, description="Where a person can be employed.")
strawberry.enum(HumanKind, description="The two kinds of node that can know each other.")
strawberry.enum(ContextKind, description="Kinds of account context.")
strawberry.enum(
    RelType, name="PathRelationship", description="The relationship a path hop walks along."
)

__all__ = [
    "AccountStatus",
    "BuyingRole",
    "ContextKind",
    "HumanKind",
    "OpportunityState",
    "OrganizationKind",
    "PartnerAccountStatus",
    "RelType",
    "SellerRole",
    "Seniority",
    "SharingLevel",
    "Stance",
]
