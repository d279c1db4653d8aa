"""The caller's own view: which workspace and role a credential speaks for."""

from __future__ import annotations

import strawberry

from schema.core.context import Info


@strawberry.type(description="The authenticated caller.")
class Viewer:
    workspace: str = strawberry.field(description="The workspace every query is scoped to.")
    role: str = strawberry.field(description="admin, member, viewer, integration or partner.")
    subject: str = strawberry.field(description="The credential: api-key:<id> or jwt:<sub>.")
    partner_id: str | None = strawberry.field(description="For partner callers, their partner.")


def resolve_viewer(info: Info) -> Viewer:
    """Who the credential says the caller is."""
    principal = info.context.principal
    return Viewer(
        workspace=principal.workspace,
        role=principal.role.value,
        subject=principal.subject,
        partner_id=principal.partner_id,
    )
