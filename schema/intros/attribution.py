"""Partner-sourced and partner-influenced pipeline in GraphQL (the rule: graph/intros/
attribution.py); a field of ``PartnerProgram``."""

from __future__ import annotations

import strawberry

from graph.intros import attribution as graph_attribution
from schema.core.context import Info
from schema.partners.boundary import caller_partner_id


@strawberry.type(
    description="Deals opened after introductions through a partner's contacts at the account "
    "(within 180 days of the intro): sourced when the partner's intro was the first one the deal "
    "counts, influenced when any was."
)
class IntroPipeline:
    sourced_deals: int = strawberry.field(description="Partner-sourced deals.")
    sourced_amount: float = strawberry.field(description="Their amounts, summed as stored.")
    influenced_deals: int = strawberry.field(description="Partner-influenced deals.")
    influenced_amount: float = strawberry.field(description="Their amounts, summed as stored.")
    sourced_opportunity_ids: list[strawberry.ID] | None = strawberry.field(
        description="The sourced deals' ids; null for a partner credential."
    )
    influenced_opportunity_ids: list[strawberry.ID] | None = strawberry.field(
        description="The influenced deals' ids; null for a partner credential."
    )


async def intro_pipeline_of(info: Info, partner_id: str) -> IntroPipeline:
    """The partner's pipeline from introductions, as the caller may see it (a partner
    credential: its own, counts and amounts only)."""
    viewer = caller_partner_id(info)
    found = await graph_attribution.intro_pipeline(
        info.context.graph, info.context.workspace, partner_id, viewer_partner_id=viewer
    )

    def ids(values: tuple[str, ...]) -> list[strawberry.ID] | None:
        return None if viewer is not None else [strawberry.ID(v) for v in values]

    return IntroPipeline(
        sourced_deals=len(found.sourced_opportunity_ids),
        sourced_amount=found.sourced_amount,
        influenced_deals=len(found.influenced_opportunity_ids),
        influenced_amount=found.influenced_amount,
        sourced_opportunity_ids=ids(found.sourced_opportunity_ids),
        influenced_opportunity_ids=ids(found.influenced_opportunity_ids),
    )
