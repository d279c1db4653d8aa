"""Root query fields of the core domain: the caller's own view.

Merged into the schema's Query by ``schema.root``."""

from __future__ import annotations

import strawberry

from schema.core.workspace import Viewer, resolve_viewer


@strawberry.type
class CoreQuery:
    viewer: Viewer = strawberry.field(
        resolver=resolve_viewer, description="The authenticated caller and their workspace."
    )
