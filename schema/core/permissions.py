"""Role checks shared by resolvers. The workspace itself is never a choice: it comes from the
credential, so these only decide what a role may do inside it."""

from __future__ import annotations

from graph.core.credentials import Role
from schema.core.context import Info
from schema.core.errors import Forbidden, InvalidInput


def require_member_read(info: Info) -> str:
    """The caller's workspace, unless the caller is a partner (they read through the overlap
    queries only, bounded by their sharing level)."""
    principal = info.context.principal
    if principal.role is Role.PARTNER:
        raise Forbidden("Partner credentials read shared accounts through partnerOverlap only.")
    return principal.workspace


def require_write(info: Info) -> str:
    """The caller's workspace, if the role may write (admin, member, integration)."""
    principal = info.context.principal
    if not principal.role.can_write:
        raise Forbidden(
            f"The {principal.role.value} role cannot write; use a member or integration key."
        )
    return principal.workspace


def require_admin(info: Info) -> str:
    """The caller's workspace, if the caller is an admin (webhooks and other workspace
    settings)."""
    principal = info.context.principal
    if principal.role is not Role.ADMIN:
        raise Forbidden(f"The {principal.role.value} role cannot change this; use an admin key.")
    return principal.workspace


def page_size(info: Info, first: int) -> int:
    """``first`` checked against the configured maximum page size."""
    maximum = info.context.limits.max_page_size
    if not 1 <= first <= maximum:
        raise InvalidInput(
            f"'first' must be between 1 and {maximum}; page through longer lists with 'after'.",
            extensions={"field": "first", "max": maximum},
        )
    return first
