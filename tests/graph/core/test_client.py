"""Every transaction carries the caller's metadata and a server-side time bound."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_values
from graph.core.errors import QueryTimedOut


async def _metadata(tx: AsyncManagedTransaction) -> Any:
    rows = await fetch_values(tx, "CALL tx.getMetaData() YIELD metadata RETURN metadata", {})
    return rows[0]["metadata"]


async def test_metadata_reaches_the_server(graph: GraphClient) -> None:
    """Metadata set on the client is what the server reports for the running transaction."""
    tagged = graph.with_metadata(graphqlOperation="AccountsForReview")
    assert await tagged.read(_metadata) == {"graphqlOperation": "AccountsForReview"}
    assert await tagged.write(_metadata) == {"graphqlOperation": "AccountsForReview"}


async def test_a_statement_past_the_timeout_is_stopped(graph: GraphClient) -> None:
    """A statement running longer than the client's timeout ends as QUERY_TIMEOUT."""

    async def slow(tx: AsyncManagedTransaction) -> Any:
        return await fetch_values(
            tx, "UNWIND range(1, 300000000) AS x WITH x WHERE x < 0 RETURN count(*) AS n", {}
        )

    bounded = replace(graph, timeout_s=0.2)
    with pytest.raises(QueryTimedOut) as raised:
        await bounded.read(slow)
    assert raised.value.code == "QUERY_TIMEOUT"
