"""Partners in GraphQL: the `Partner` type and the `partners` / `partner(id)` resolvers. A partner
credential sees only its own partner (graph/partners/boundary.py)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph.partners import boundary as graph_boundary
from graph.partners import directory as graph_directory
from schema.core import loaders
from schema.core.context import Info
from schema.core.enums import SharingLevel
from schema.core.node import Node
from schema.core.pagination import DEFAULT_PAGE_SIZE, After, Connection, First, connection_from_page
from schema.core.permissions import page_size
from schema.partners.boundary import caller_partner_id


@strawberry.type(
    description="A partner company: what it shares with us bounds what its own credentials may see."
)
class Partner(Node):
    id: strawberry.ID = strawberry.field(description="The partner's id in this workspace.")
    name: str = strawberry.field(description="The partner's name.")
    domain: str | None = strawberry.field(description="Its normalized web domain, if known.")
    sharing_level: SharingLevel = strawberry.field(
        description="What it shares: NONE, COUNTS, ACCOUNTS or CONTACTS (see docs/PARTNER_OVERLAP.md)."
    )

    @classmethod
    def of(cls, partner: graph_boundary.Partner) -> Partner:
        """From the graph layer's value."""
        return cls(
            id=strawberry.ID(partner.id),
            name=partner.name,
            domain=partner.domain,
            sharing_level=partner.sharing_level,
        )


async def partner_by_id(info: Info, partner_id: str | None) -> Partner | None:
    """A partner through the request's loader (our own team's references); None for no id or
    an unknown one."""
    if partner_id is None:
        return None
    found = await loaders.partners(info).load(partner_id)
    return None if found is None else Partner.of(found)


async def resolve_partners(
    info: Info,
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
) -> Connection[Partner]:
    """The workspace's partners by id."""
    page = await graph_directory.list_partners(
        info.context.graph,
        info.context.workspace,
        page_size(info, first),
        after,
        viewer_partner_id=caller_partner_id(info),
    )
    return connection_from_page(page, Partner.of)


async def resolve_partner(
    info: Info,
    id: Annotated[strawberry.ID, strawberry.argument(description="The partner's id.")],
) -> Partner | None:
    """One partner, or null for an unknown id."""
    partner = await graph_directory.find_partner(
        info.context.graph,
        info.context.workspace,
        str(id),
        viewer_partner_id=caller_partner_id(info),
    )
    return None if partner is None else Partner.of(partner)
