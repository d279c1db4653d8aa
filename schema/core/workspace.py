"""The caller's own view: which workspace and role a credential speaks for."""

from __future__ import annotations

import strawberry

from graph.core.credentials import Role
from schema.core.context import Info
from schema.core.enums import describe_values

strawberry.enum(Role, name="CallerRole", description="What a credential may do in its workspace.")
describe_values(
    Role,
    ADMIN="Everything in the workspace.",
    MEMBER="Read and write.",
    VIEWER="Read only.",
    INTEGRATION="Read and write, for scripts.",
    PARTNER="Read what the partner's sharing level allows, through the partner queries.",
)


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
