"""The model's closed enums, registered once with Strawberry under their GraphQL names.

Registration happens in place, so the graph layer's enum classes are the GraphQL types too.
"""

from __future__ import annotations

import strawberry

from graph.core.model import (
    AccountStatus,
    BuyingRole,
    OpportunityState,
    PartnerAccountStatus,
    SharingLevel,
    Stance,
)

strawberry.enum(AccountStatus, description="Our relationship with an account.")
strawberry.enum(BuyingRole, description="Standard buying roles.")
strawberry.enum(Stance, description="A role holder's stance toward us.")
strawberry.enum(OpportunityState, description="Whether a deal is open, won or lost.")
strawberry.enum(SharingLevel, description="What a partner shares with us.")
strawberry.enum(PartnerAccountStatus, description="The partner's own status for a shared account.")

__all__ = [
    "AccountStatus",
    "BuyingRole",
    "OpportunityState",
    "PartnerAccountStatus",
    "SharingLevel",
    "Stance",
]
