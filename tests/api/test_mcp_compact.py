"""How a GraphQL answer is made compact for an assistant (api/mcp/tool.py ``compact``)."""

from __future__ import annotations

from api.mcp.tool import compact


def test_a_connection_becomes_its_items_with_the_total_and_the_next_cursor() -> None:
    """edges/node become items; totalCount stays; endCursor becomes nextCursor only when more
    pages exist."""
    page = {
        "totalCount": 3,
        "pageInfo": {"hasNextPage": True, "endCursor": "c2"},
        "edges": [{"node": {"id": "a"}}, {"node": {"id": "b"}}],
    }
    assert compact(page) == {
        "totalCount": 3,
        "items": [{"id": "a"}, {"id": "b"}],
        "nextCursor": "c2",
    }
    last = {**page, "pageInfo": {"hasNextPage": False, "endCursor": "c3"}}
    assert "nextCursor" not in compact(last)


def test_a_bare_list_of_edges_becomes_a_list_and_nulls_are_left_out() -> None:
    """Without totalCount or pageInfo a connection is just its nodes; null fields disappear at
    every depth, while empty lists and false stay (they are answers)."""
    answer: dict[str, object] = {
        "reason": None,
        "hidden": False,
        "flags": [],
        "deals": {"edges": [{"node": {"name": "Pilot", "stage": None}}]},
    }
    assert compact(answer) == {"hidden": False, "flags": [], "deals": [{"name": "Pilot"}]}
