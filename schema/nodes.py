"""``node(id:)`` and ``nodes(ids:)``: any account, person, deal, seller or partner by its id alone.

It sits beside ``schema.root`` because it reaches into several domain packages: the kind comes
from one read (``graph.core.nodes``), the object from that kind's own per-request loader, so a
`nodes` call over many ids costs a constant number of statements.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated

import strawberry

from graph.core.model import Label
from graph.core.nodes import find_node_kinds
from graph.partners import directory as graph_directory
from schema.accounts.accounts import account_by_id
from schema.accounts.people import Opportunity, person_by_id, seller_by_id
from schema.core import loaders
from schema.core.context import Info
from schema.core.errors import InvalidInput
from schema.core.node import Node
from schema.core.permissions import require_member_read
from schema.partners.directory import Partner

MAX_IDS = 100
"""How many ids one `nodes` call may ask for."""


async def _opportunity(info: Info, node_id: str, _day: date) -> Node | None:
    found = await loaders.opportunities(info).load(node_id)
    return None if found is None else Opportunity.of(found)


async def _seller(info: Info, node_id: str, _day: date) -> Node | None:
    return await seller_by_id(info, node_id)


async def _partner(info: Info, node_id: str, _day: date) -> Node | None:
    found = await graph_directory.find_partner(
        info.context.graph, info.context.workspace, node_id, viewer_partner_id=None
    )
    return None if found is None else Partner.of(found)


_BY_KIND: dict[Label, Callable[[Info, str, date], Awaitable[Node | None]]] = {
    Label.ACCOUNT: account_by_id,
    Label.PERSON: person_by_id,
    Label.OPPORTUNITY: _opportunity,
    Label.SELLER: _seller,
    Label.PARTNER: _partner,
}


async def _resolve(info: Info, ids: list[str]) -> list[Node | None]:
    require_member_read(info)
    kinds = await find_node_kinds(info.context.graph, info.context.workspace, ids)
    day = date.today()

    async def one(node_id: str) -> Node | None:
        # An id two kinds share (only data written before ids were checked across kinds) names
        # nothing rather than a guess.
        named = kinds.get(node_id, ())
        return await _BY_KIND[named[0]](info, node_id, day) if len(named) == 1 else None

    # Gathered, so each kind's DataLoader fetches all its ids in one statement.
    return list(await asyncio.gather(*(one(node_id) for node_id in ids)))


async def resolve_node(
    info: Info,
    id: Annotated[strawberry.ID, strawberry.argument(description="The object's id.")],
) -> Node | None:
    """Any account, person, deal, seller or partner by its id; null when the workspace has
    nothing with that id (or another workspace has it)."""
    (node,) = await _resolve(info, [str(id)])
    return node


async def resolve_nodes(
    info: Info,
    ids: Annotated[
        list[strawberry.ID],
        strawberry.argument(description=f"The objects' ids, at most {MAX_IDS}."),
    ],
) -> list[Node | None]:
    """Several objects by id, in the order asked; null for each id the workspace lacks."""
    if len(ids) > MAX_IDS:
        raise InvalidInput(f"'ids' takes at most {MAX_IDS} ids; ask in batches.", field="ids")
    return await _resolve(info, [str(i) for i in ids])


@strawberry.type
class NodeQuery:
    node: Node | None = strawberry.field(
        resolver=resolve_node, description="Any object by its id (Relay's node interface)."
    )
    nodes: list[Node | None] = strawberry.field(
        resolver=resolve_nodes, description="Objects by id, in the order asked (null where none)."
    )
