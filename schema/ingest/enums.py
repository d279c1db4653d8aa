"""The ingest domain's closed sets, registered once with Strawberry under their GraphQL names
(the model's own enums are registered in ``schema.core.enums``)."""

from __future__ import annotations

import strawberry

from graph.ingest.lifecycle import EntityKind
from graph.ingest.rows import RelationshipKind
from schema.core.enums import describe_values

strawberry.enum(RelationshipKind, description="KNOWS (symmetric) or INFLUENCES (directed).")
describe_values(
    RelationshipKind,
    KNOWS="Two humans know each other (symmetric; people or sellers).",
    INFLUENCES="One person sways another's view of the purchase (directed).",
)
strawberry.enum(EntityKind, description="What deleteEntity can delete.")
describe_values(
    EntityKind,
    SELLER="A seller (their accounts and deals lose the owner).",
    ACCOUNT="An account with its deals, context items and pain points.",
    PARTNER="A partner with its shared accounts.",
    PARTNER_ACCOUNT="One account of a partner's shared list.",
    PERSON="A person with their pain points.",
    OPPORTUNITY="A deal with the buying roles held for it.",
    CONTEXT_ITEM="A context item.",
    PAIN_POINT="A pain point.",
)

__all__ = ["EntityKind", "RelationshipKind"]
