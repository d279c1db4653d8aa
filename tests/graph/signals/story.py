"""A small account story for the signal tests: Harbor (a deal hanging on its champion Maya, who
is the only way to the CFO Elena) and Quarry (where Maya will move), judged on ``DAY``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all
from graph.ingest.imports import load_bundle

DAY = date(2026, 11, 20)
RECENT = (DAY - timedelta(days=10)).isoformat() + "T10:00:00Z"
START = (DAY - timedelta(days=400)).isoformat()


def story() -> dict[str, Any]:
    """Dana (our seller) knows Maya (Harbor's champion) who knows Elena (Harbor's economic
    buyer); Sam (our seller) knows nobody at Harbor."""
    return {
        "sellers": [{"id": "s-dana", "name": "Dana"}, {"id": "s-sam", "name": "Sam"}],
        "accounts": [
            {"id": "a-harbor", "name": "Harbor", "domain": "harbor.example"},
            {"id": "a-quarry", "name": "Quarry", "domain": "quarry.example"},
        ],
        "people": [
            {"id": "p-maya", "name": "Maya"},
            {"id": "p-elena", "name": "Elena"},
            {"id": "p-omar", "name": "Omar"},
        ],
        "employments": [
            {"personId": "p-maya", "organizationId": "a-harbor", "startDate": START},
            {"personId": "p-elena", "organizationId": "a-harbor", "startDate": START},
            {"personId": "p-omar", "organizationId": "a-quarry", "startDate": START},
        ],
        "buyingRoles": [
            {"personId": "p-maya", "accountId": "a-harbor", "role": "CHAMPION", "fromDate": START},
            {
                "personId": "p-elena",
                "accountId": "a-harbor",
                "role": "ECONOMIC_BUYER",
                "fromDate": START,
            },
        ],
        "relationships": [
            {
                "kind": "KNOWS",
                "fromId": "s-dana",
                "fromKind": "SELLER",
                "toId": "p-maya",
                "strength": 0.8,
                "lastInteractionAt": RECENT,
            },
            {"kind": "KNOWS", "fromId": "p-maya", "toId": "p-elena", "strength": 0.7},
        ],
    }


async def load_story(graph: GraphClient, workspace: str) -> None:
    """Write the story (every account is marked dirty by the write itself)."""
    await load_bundle(graph, workspace, story())


async def dirty_accounts(graph: GraphClient, workspace: str) -> set[str]:
    """The accounts of ``workspace`` marked for the signal scan."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx,
            "MATCH (m:SignalMark {workspace: $workspace}) WHERE m.dirty RETURN m.accountId AS id",
            {"workspace": workspace},
        )

    return {row["id"] for row in await graph.read(work)}
