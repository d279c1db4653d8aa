"""The ingest domain's closed sets, registered once with Strawberry under their GraphQL names
(the model's own enums are registered in ``schema.core.enums``)."""

from __future__ import annotations

import strawberry

from graph.ingest.lifecycle import EntityKind
from graph.ingest.rows import RelationshipKind

strawberry.enum(RelationshipKind, description="KNOWS (symmetric) or INFLUENCES (directed).")
strawberry.enum(EntityKind, description="What deleteEntity can delete.")

__all__ = ["EntityKind", "RelationshipKind"]
