"""Our team: the seller list and sellers by id."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, LiteralString

from graph.accounts.listing import SortKey, fetch_by_ids, fetch_page, keyset
from graph.accounts.people import closed_value
from graph.core.client import GraphClient
from graph.core.model import SellerRole
from graph.core.pagination import Page


@dataclass(frozen=True)
class Seller:
    """A member of our own team."""

    id: str
    name: str
    email: str | None
    title: str | None
    role: SellerRole | None


def seller_from_row(row: dict[str, Any]) -> Seller:
    """Build a ``Seller`` from a node's property map."""
    return Seller(
        id=row["id"],
        name=row.get("name") or row["id"],
        email=row.get("email"),
        title=row.get("title"),
        role=closed_value(SellerRole, row.get("role")),
    )


async def find_sellers(
    client: GraphClient, workspace: str, seller_ids: Sequence[str]
) -> dict[str, Seller]:
    """Sellers of this workspace by id, in one statement (unknown ids are absent)."""
    return await fetch_by_ids(
        client,
        workspace,
        seller_ids,
        match="MATCH (s:Seller {workspace: $workspace, id: id})",
        projection="s {.*} AS seller",
        item=lambda row: seller_from_row(row["seller"]),
    )


class SellerSortField(StrEnum):
    """Fields the seller list sorts by."""

    NAME = "NAME"
    ROLE = "ROLE"


_SELLER_SORTS: dict[SellerSortField, LiteralString] = {
    SellerSortField.NAME: "coalesce(s.name, '')",
    SellerSortField.ROLE: "coalesce(s.role, '')",
}


@dataclass(frozen=True)
class SellerQuery:
    """One page request of the seller list."""

    role: SellerRole | None = None
    sort: tuple[SortKey[SellerSortField], ...] = ()
    first: int = 20
    after: str | None = None


_FILTERED_SELLERS: LiteralString = """
MATCH (s:Seller {workspace: $workspace})
WHERE $role IS NULL OR s.role = $role
"""


async def list_sellers(client: GraphClient, workspace: str, query: SellerQuery) -> Page[Seller]:
    """One page of our team, filtered by role and sorted (ties by id)."""
    return await fetch_page(
        client,
        keyset("seller", query.sort, _SELLER_SORTS, SellerSortField.NAME),
        filtered=_FILTERED_SELLERS,
        node="s",
        projection="s {.*} AS seller, s.id AS id",
        parameters={
            "workspace": workspace,
            "role": None if query.role is None else query.role.value,
        },
        first=query.first,
        after=query.after,
        item=lambda row: seller_from_row(row["seller"]),
    )
