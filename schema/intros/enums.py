"""The intro-request domain's closed sets, each registered once, here (in place, so the graph
layer's enums are the GraphQL types)."""

from __future__ import annotations

import strawberry

from graph.intros.listing import IntroSortField
from graph.intros.states import IntroState
from graph.intros.stats import IntroGroup
from schema.core.enums import describe_values

strawberry.enum(IntroState, name="IntroRequestState", description="Where an intro request stands.")
describe_values(
    IntroState,
    REQUESTED="Asked for; the introducer has not answered.",
    ACCEPTED="The introducer agreed to make the introduction.",
    DECLINED="The introducer declined (final).",
    INTRODUCED="The introduction was made; our seller now knows the target.",
    MEETING_HELD="A meeting with the target took place (final).",
    EXPIRED="Nobody answered or acted in time (final).",
    WITHDRAWN="We no longer want it (final).",
)
strawberry.enum(
    IntroSortField, name="IntroRequestSortField", description="What intro request lists sort by."
)
describe_values(
    IntroSortField,
    REQUESTED_AT="When the request was made.",
    STATE_CHANGED_AT="When it entered its state on the day asked.",
    DAYS_IN_STATE="Days in its state on the day asked.",
    DAYS_SINCE_REQUESTED="Days since it was requested, on the day asked.",
)
strawberry.enum(IntroGroup, name="IntroFiguresGroup", description="What intro figures group by.")
describe_values(
    IntroGroup,
    INTRODUCER="Each introducer (a seller or a person).",
    PARTNER="Each partner whose contact was the introducer (other requests left out).",
)

__all__ = ["IntroGroup", "IntroSortField", "IntroState"]
