"""The selling domain's closed sets, registered once under their GraphQL names; the selling
schema modules import them from here."""

from __future__ import annotations

import strawberry

from graph.selling import journey as graph_journey
from graph.selling import list_sizing as graph_sizing
from graph.selling import persona_matching as graph_matching
from graph.selling import qualification as graph_qualification
from graph.selling import scoring_model as graph_model

JourneyStage = graph_journey.JourneyStage
strawberry.enum(
    JourneyStage,
    description="Where an account stands, from first awareness through purchase to expansion.",
)
SizingLimit = graph_sizing.SizingLimit
strawberry.enum(
    SizingLimit,
    description="What bounds the list: TARGET (enough to hit it), MARKET, or CAPACITY.",
)
PersonaStatus = graph_matching.PersonaStatus
strawberry.enum(
    PersonaStatus,
    description="ENGAGED (someone matching it is engaged), MAPPED (someone matches, not "
    "engaged), MISSING (nobody working there matches).",
)
AuthorityStatus = graph_qualification.AuthorityStatus
strawberry.enum(
    AuthorityStatus,
    description="ENGAGED (an economic buyer or decision maker is engaged), REACHABLE (a warm "
    "path leads to one), UNREACHED (mapped, no path), NOT_MAPPED (nobody holds either role).",
)
BantGap = graph_qualification.BantGap
strawberry.enum(BantGap, description="What is missing to qualify.")
CriterionKind = graph_model.CriterionKind
strawberry.enum(CriterionKind, description="What a scoring criterion looks at on the account.")
