"""The Relay ``Node`` interface: every object a client may fetch by its id alone.

A workspace's ids are unique across these kinds (the upserts refuse an id another kind already
uses), so an object's own id is its global id: ``node(id: "acc-cobaltridge")`` needs no type
prefix, and Relay and Apollo caches can key objects by ``id`` alone.
"""

from __future__ import annotations

import strawberry


@strawberry.interface(
    description="An object with an id unique in the workspace across every kind; fetch any of "
    "them with `node(id:)` or `nodes(ids:)`."
)
class Node:
    id: strawberry.ID = strawberry.field(
        description="The id the workspace gave it (unique across kinds in the workspace)."
    )
