"""The partner boundary in GraphQL: every partner-callable resolver asks here who the caller
speaks for, and ``warmestPaths`` asks here for the view it must redact its answer to.

The rule itself lives in ``graph.partners.boundary`` (and ``docs/PARTNER_OVERLAP.md``); this
module only reads the credential. Denials are raised, never caught here.
"""

from __future__ import annotations

from datetime import date

import strawberry

from graph.core.credentials import Role
from graph.partners.boundary import PartnerView, SharingForbidden, load_partner_view
from schema.core.context import Info


def caller_partner_id(info: Info) -> str | None:
    """The partner a partner credential speaks for; None for our own team."""
    principal = info.context.principal
    if principal.role is not Role.PARTNER:
        return None
    if not principal.partner_id:
        raise SharingForbidden("This partner credential names no partner.")
    return principal.partner_id


async def partner_path_view(
    info: Info,
    account_id: strawberry.ID,
    as_of: date | None,
    from_: list[strawberry.ID] | None,
) -> PartnerView | None:
    """For a partner caller, the view a warmest-paths answer is redacted to (``view.redact``):
    CONTACTS only, an account of its own overlap only, and no choosing among our sellers. None
    for our own team."""
    partner_id = caller_partner_id(info)
    if partner_id is None:
        return None
    view = await load_partner_view(
        info.context.graph, info.context.workspace, partner_id, as_of or date.today()
    )
    if from_ is not None:
        raise SharingForbidden("A partner credential cannot choose our sellers ('from').")
    view.check_account(str(account_id))
    return view
