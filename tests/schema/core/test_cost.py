"""The query cost (schema/core/cost.py): each rule on a small document, counted by hand from the
rules in the module's docstring, and the limit refusing what the hardening audit sent."""

from __future__ import annotations

from typing import Any

from graphql import parse

from schema.core.cost import LIST_ESTIMATE, query_cost
from schema.core.pagination import DEFAULT_PAGE_SIZE
from schema.root import build_schema

SCHEMA = build_schema()._schema


def cost(document: str, variables: dict[str, Any] | None = None) -> int | None:
    return query_cost(SCHEMA, parse(document), None, variables)


def test_every_field_costs_a_point() -> None:
    assert cost("{ viewer { workspace role } }") == 3
    assert cost("{ viewer { __typename workspace } }") == 2


def test_a_connection_multiplies_its_lists_by_first() -> None:
    # accounts 1 + totalCount 1 + edges 1 + (node 1 + name 1) x 50
    assert cost("{ accounts(first: 50) { totalCount edges { node { name } } } }") == 3 + 50 * 2


def test_first_from_a_variable_and_the_default_page() -> None:
    document = "query($n: Int) { accounts(first: $n) { edges { node { name } } } }"
    assert cost(document, {"n": 7}) == 2 + 7 * 2
    assert cost(document, {}) == 2 + DEFAULT_PAGE_SIZE * 2


def test_nested_connections_multiply() -> None:
    document = (
        "{ accounts(first: 10) { edges { node { people(first: 30) "
        "{ totalCount edges { node { name } } } } } } }"
    )
    inner = 3 + 30 * 2  # people, totalCount, edges, then (node, name) x 30
    assert cost(document) == 2 + 10 * (1 + inner)


def test_other_lists_count_an_estimated_size() -> None:
    document = '{ person(id: "p") { roles { role } } }'
    assert cost(document) == 1 + 1 + LIST_ESTIMATE * 1


def test_fragments_count_like_inline_fields() -> None:
    spread = (
        "query { accounts(first: 5) { edges { node { ...A } } } } fragment A on Account { name id }"
    )
    inline = "{ accounts(first: 5) { edges { node { ... on Account { name id } } } } }"
    assert cost(spread) == cost(inline) == 2 + 5 * 3


def test_searches_double_per_hop_beyond_four_and_count_alternatives() -> None:
    base = '{ warmestPaths(accountId: "a", maxHops: 4, k: 1) { maxHops } }'
    assert cost(base) == 1 + 50 + 1
    assert cost(base.replace("maxHops: 4", "maxHops: 6")) == 1 + 50 * 4 + 1
    assert cost(base.replace("k: 1", "k: 3")) == 1 + 50 * 3 + 1
    # A bound no field accepts costs as much as the largest one (the field then refuses it).
    assert cost(base.replace("maxHops: 4", "maxHops: 2000000000")) == 1 + 50 * 4 + 1


def test_risk_scans_weigh_their_hop_bound() -> None:
    default = "{ portfolioRisk { totalCount } }"
    six = "{ portfolioRisk(options: {maxHops: 6}) { totalCount } }"
    assert cost(default) == 1 + 2_000 + 1
    assert cost(six) == 1 + 2_000 * 4 + 1


def test_variables_that_do_not_coerce_are_left_to_execution() -> None:
    assert cost("query($n: Int) { accounts(first: $n) { totalCount } }", {"n": "abc"}) is None
