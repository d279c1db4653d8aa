"""Which kind of thing an id names, for ``node(id:)``: ids are unique across the node kinds of a
workspace (the upserts refuse an id another kind already uses), so a workspace's own ids serve as
the Relay-style global ids without a type prefix."""

from __future__ import annotations

from collections.abc import Sequence
from typing import LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_values
from graph.core.model import Label

NODE_LABELS: tuple[Label, ...] = (
    Label.ACCOUNT,
    Label.PERSON,
    Label.OPPORTUNITY,
    Label.SELLER,
    Label.PARTNER,
)
"""The kinds a client may fetch by id alone."""


def _kinds_statement() -> LiteralString:
    # One index seek per label (the (workspace, id) constraints), never a label-less scan.
    # Labels are interpolated only from the closed Label enum.
    seeks: LiteralString = ""
    for kind in NODE_LABELS:
        label: LiteralString = kind.value
        if seeks:
            seeks += "\n    UNION ALL\n"
        seeks += (
            "    MATCH (n:"
            + label
            + " {workspace: $workspace, id: id}) RETURN '"
            + label
            + "' AS kind"
        )
    return "UNWIND $ids AS id\nCALL (id) {\n" + seeks + "\n}\nRETURN collect([id, kind]) AS found"


_KINDS = _kinds_statement()


async def fetch_node_kinds(
    tx: AsyncManagedTransaction, workspace: str, ids: Sequence[str]
) -> dict[str, tuple[Label, ...]]:
    """The kinds each id names in the workspace (absent ids are left out; more than one kind only
    for data written before ids were checked across kinds)."""
    rows = await fetch_values(tx, _KINDS, {"workspace": workspace, "ids": list(dict.fromkeys(ids))})
    found: dict[str, tuple[Label, ...]] = {}
    for node_id, kind in rows[0]["found"] if rows else []:
        found[node_id] = (*found.get(node_id, ()), Label(kind))
    return found


async def find_node_kinds(
    client: GraphClient, workspace: str, ids: Sequence[str]
) -> dict[str, tuple[Label, ...]]:
    """``fetch_node_kinds`` in its own read transaction."""

    async def work(tx: AsyncManagedTransaction) -> dict[str, tuple[Label, ...]]:
        return await fetch_node_kinds(tx, workspace, ids)

    return await client.read(work)
