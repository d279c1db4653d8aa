"""The reach domain's closed sets, registered once under their GraphQL names; the reach schema
modules import them from here."""

from __future__ import annotations

from enum import Enum

import strawberry

from graph.reach import departures as graph_departures
from graph.reach import paths as graph_paths
from graph.reach import risk as graph_risk

PathReason = graph_paths.PathReason
strawberry.enum(PathReason, description="Why a warmest-path answer holds no path.")
KnockOnReason = graph_departures.KnockOnReason
strawberry.enum(KnockOnReason, description="Why a departure knock-on answer is empty.")
RiskFlag = graph_risk.RiskFlag
strawberry.enum(RiskFlag, description="Why a deal may go dark.")
SuggestionReason = graph_risk.SuggestionReason
strawberry.enum(SuggestionReason, description="Why a person is worth engaging next.")


@strawberry.enum(description="The relationship a path hop walks along.")
class PathRelationship(Enum):
    KNOWS = strawberry.enum_value("KNOWS", description="Knows (read both ways).")
    REPORTS_TO = strawberry.enum_value("REPORTS_TO", description="Reports to (walked both ways).")
    INFLUENCES = strawberry.enum_value(
        "INFLUENCES", description="Influences (walked from influencer to influenced)."
    )
