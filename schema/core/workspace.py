"""The caller's own view: which workspace and role a credential speaks for."""

from __future__ import annotations

import strawberry

from schema.core.context import Info
from schema.core.enums import Role


@strawberry.type(description="The authenticated caller.")
class Viewer:
    workspace: strawberry.ID = strawberry.field(
        description="The workspace every query is scoped to."
    )
    role: Role = strawberry.field(description="What the credential may do.")
    subject: str = strawberry.field(description="The credential: api-key:<id> or jwt:<sub>.")
    partner_id: strawberry.ID | None = strawberry.field(
        description="For partner callers, their partner."
    )


def resolve_viewer(info: Info) -> Viewer:
    """Who the credential says the caller is."""
    principal = info.context.principal
    return Viewer(
        workspace=strawberry.ID(principal.workspace),
        role=principal.role,
        subject=principal.subject,
        partner_id=None if principal.partner_id is None else strawberry.ID(principal.partner_id),
    )
