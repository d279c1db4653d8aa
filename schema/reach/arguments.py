"""Arguments shared by the reach fields on the root and on ``Account``, each described once.

``schema.accounts`` imports this module (for ``Account.risk`` and ``Account.warmestPaths``), so it
imports nothing of ``schema.accounts`` or of the rest of ``schema.reach``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from graph.core.model import BuyingRole
from graph.reach import paths as graph_paths
from graph.reach import risk as graph_risk


@strawberry.input(description="Risk thresholds; omitted fields take the documented defaults.")
class RiskOptionsInput:
    min_strength: float = strawberry.field(
        default=0.5, description="Weakest KNOWS that still engages a contact."
    )
    stale_after_days: int = strawberry.field(
        default=90,
        description="A last interaction older than this many days no longer engages (0 to 36500).",
    )
    lookback_days: int = strawberry.field(
        default=180, description="How far back CONTACT_LEFT looks (days, 0 to 36500)."
    )
    max_hops: int = strawberry.field(
        default=3, description="Hop bound of SINGLE_POINT_OF_FAILURE paths (1 to 6)."
    )

    def key(self) -> tuple[float, int, int, int]:
        """The thresholds as a hashable value (a loader's key)."""
        return (self.min_strength, self.stale_after_days, self.lookback_days, self.max_hops)


def risk_settings(key: tuple[float, int, int, int]) -> graph_risk.RiskSettings:
    """The graph layer's settings from ``RiskOptionsInput.key()`` (it checks them and names the
    offending field)."""
    min_strength, stale_after_days, lookback_days, max_hops = key
    return graph_risk.RiskSettings(
        min_strength=min_strength,
        stale_after_days=stale_after_days,
        lookback_days=lookback_days,
        max_hops=max_hops,
    )


RiskOptions = Annotated[
    RiskOptionsInput | None, strawberry.argument(description="Risk thresholds.")
]
RiskAsOf = Annotated[
    date | None,
    strawberry.argument(
        description="Judge employment, roles, engagement and departures on this day (default "
        "today)."
    ),
]

Role = Annotated[
    str,
    strawberry.argument(
        description="The buying role to reach: a standard one or a custom role of the "
        "workspace; any other value is INVALID_INPUT naming the nearest roles."
    ),
]
DEFAULT_ROLE = BuyingRole.ECONOMIC_BUYER.value
FromSellers = Annotated[
    list[strawberry.ID] | None,
    strawberry.argument(name="from", description="Sellers to start from; default all of them."),
]
ViaPartners = Annotated[
    bool,
    strawberry.argument(description="Let partner contacts carry the path (as sharing allows)."),
]
Avoid = Annotated[
    bool, strawberry.argument(description="Keep blockers and detractors off the path.")
]
MaxHops = Annotated[int, strawberry.argument(description="Hop bound, 1 to 6.")]
Alternatives = Annotated[
    int,
    strawberry.argument(description="Alternatives, each with a different first contact (1 to 10)."),
]
PathsAsOf = Annotated[
    date | None,
    strawberry.argument(description="Judge roles and employment on this day (default today)."),
]


def path_search(
    role: str,
    from_: list[strawberry.ID] | None,
    via_partners: bool,
    avoid: bool,
    max_hops: int,
    k: int,
    as_of: date | None,
) -> graph_paths.PathSearch:
    """The search the arguments ask for, on ``asOf`` or today."""
    return graph_paths.PathSearch(
        role=role,
        from_seller_ids=None if from_ is None else tuple(str(s) for s in from_),
        via_partners=via_partners,
        avoid=avoid,
        max_hops=max_hops,
        k=k,
        day=as_of or date.today(),
    )
