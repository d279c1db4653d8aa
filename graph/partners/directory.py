"""The partners of a workspace, as the boundary lets the caller see them: our team sees every
partner; a partner credential sees only its own partner (and nothing at sharing level NONE)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all
from graph.core.pagination import Page, paginate
from graph.partners.boundary import (
    PARTNER_FIELDS,
    PARTNERS_BY_ID,
    Disclosure,
    Partner,
    load_partners,
    partner_of,
)
from graph.partners.overlap import check_first

_ALL_PARTNERS: LiteralString = "MATCH (p:Partner {workspace: $workspace})" + PARTNER_FIELDS


async def list_partners(
    client: GraphClient,
    workspace: str,
    first: int = 20,
    after: str | None = None,
    *,
    viewer_partner_id: str | None = None,
) -> Page[Partner]:
    """One page of the workspace's partners by id; a partner caller's list is itself only."""
    check_first(first)

    async def work(tx: AsyncManagedTransaction) -> list[Partner]:
        if viewer_partner_id is not None:
            loaded = await load_partners(
                tx, workspace, [viewer_partner_id], viewer_partner_id, Disclosure.COUNTS
            )
            return [loaded.partners[viewer_partner_id]]
        rows = await fetch_all(tx, _ALL_PARTNERS, {"workspace": workspace})
        return sorted((partner_of(row) for row in rows), key=lambda p: p.id)

    partners = await client.read(work)
    return paginate(
        partners, first=first, after=after, sort_key="partners", position=lambda p: (p.id,)
    )


async def find_partner(
    client: GraphClient,
    workspace: str,
    partner_id: str,
    *,
    viewer_partner_id: str | None = None,
) -> Partner | None:
    """One partner, or None when it does not exist (or, for a partner caller, is not itself)."""
    if viewer_partner_id is not None:
        if partner_id != viewer_partner_id:
            return None
        page = await list_partners(client, workspace, viewer_partner_id=viewer_partner_id)
        return page.items[0][1]

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, object]]:
        return await fetch_all(
            tx, PARTNERS_BY_ID, {"workspace": workspace, "partnerIds": [partner_id]}
        )

    rows = await client.read(work)
    return partner_of(rows[0]) if rows else None


async def find_partners(
    client: GraphClient, workspace: str, partner_ids: Sequence[str]
) -> dict[str, Partner]:
    """Partners by id, for our own team (a DataLoader's batch); unknown ids are absent."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, object]]:
        return await fetch_all(
            tx, PARTNERS_BY_ID, {"workspace": workspace, "partnerIds": list(partner_ids)}
        )

    return {str(row["id"]): partner_of(row) for row in await client.read(work)}
