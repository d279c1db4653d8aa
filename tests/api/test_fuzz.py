"""Fuzzing every root field: seeded, bounded Hypothesis runs (hypothesis-graphql builds the
documents from the schema, random argument values included) sent over HTTP to the app on a demo
workspace; whatever a client sends, the answer is never an HTTP 5xx nor INTERNAL_SERVER_ERROR.

Each finding is kept as a plain regression test beside the code it fixed (tests/api/test_bad_input.py
and the graph layer's own tests)."""

from __future__ import annotations

import datetime
import json
import os
from typing import Any

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries
from hypothesis_graphql._strategies.mode import Mode

from graph.ingest.rows import SECTIONS
from schema.root import build_schema
from seeds.demo import read_demo_bundle

SCHEMA = build_schema().as_str()
PARSED = graphql.build_schema(SCHEMA)
assert PARSED.query_type is not None
assert PARSED.mutation_type is not None
QUERY_FIELDS = sorted(PARSED.query_type.fields)
MUTATION_FIELDS = sorted(PARSED.mutation_type.fields)
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
"""Examples per root field and test: with ~70 fields the suite's run stays well under a minute;
``FUZZ_EXAMPLES=200`` digs deeper by hand."""

_DAYS = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))
_BUNDLE = read_demo_bundle()
DEMO_IDS = sorted(
    row["id"]
    for kind in ("sellers", "accounts", "partners", "people", "opportunities")
    for row in _BUNDLE[kind]
)
"""Ids that exist in the fuzz workspace, so documents reach past the NOT_FOUND check."""
_EDGE_INTS = [0, 1, -1, 2**31 - 1, -(2**31), 10**6, 3650, 366, 100_000]
_EDGE_FLOATS = [0.0, -0.0, 1.0, -1.0, 1e308, -1e308, 5e-324, 0.5, 1.0000001]
SCALARS: dict[str, st.SearchStrategy[graphql.ValueNode]] = {
    "ID": st.one_of(
        st.sampled_from(DEMO_IDS),
        st.text(max_size=8),
        st.integers(min_value=300, max_value=3000).map(lambda n: "x" * n),
    ).map(nodes.String),
    "Int": st.one_of(
        st.sampled_from(_EDGE_INTS), st.integers(min_value=-(2**31), max_value=2**31 - 1)
    ).map(nodes.Int),
    "Float": st.one_of(
        st.sampled_from(_EDGE_FLOATS), st.floats(allow_nan=False, allow_infinity=False)
    ).map(nodes.Float),
    "Date": st.one_of(
        _DAYS.map(lambda d: nodes.String(d.isoformat())),
        st.text(max_size=12).map(nodes.String),
    ),
    "DateTime": st.one_of(
        st.datetimes().map(lambda d: nodes.String(d.isoformat())),
        st.text(max_size=12).map(nodes.String),
    ),
    "JSON": st.one_of(
        st.integers().map(nodes.Int),
        st.text(max_size=12).map(nodes.String),
        st.lists(st.text(max_size=5).map(nodes.String), max_size=3).map(
            lambda items: nodes.List(list(items))
        ),
    ),
}
_RUN = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


async def _assert_no_server_error(http: httpx.AsyncClient, key: str, document: str) -> None:
    response = await http.post(
        "/graphql", json={"query": document}, headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code < 500, (response.status_code, document)
    body: dict[str, Any] = response.json()
    codes = {(e.get("extensions") or {}).get("code") for e in body.get("errors") or []}
    assert None not in codes, (body, document)
    assert "INTERNAL_SERVER_ERROR" not in codes, (json.dumps(body)[:2000], document)


def _documents(field: str, *, mutation: bool) -> st.SearchStrategy[str]:
    build = mutations if mutation else queries
    root = PARSED.mutation_type if mutation else PARSED.query_type
    assert root is not None
    valid = build(PARSED, fields=[field], custom_scalars=SCALARS, codec=None)
    if not root.fields[field].args:
        return valid
    return st.one_of(
        valid, build(PARSED, fields=[field], custom_scalars=SCALARS, mode=Mode.NEGATIVE)
    )


@pytest.mark.parametrize("field", QUERY_FIELDS)
@_RUN
@given(data=st.data())
async def test_no_query_field_answers_an_internal_error(
    http: httpx.AsyncClient, demo_admin: str, field: str, data: st.DataObject
) -> None:
    """Random valid (and one-violation invalid) documents on each root query field."""
    document = data.draw(_documents(field, mutation=False), label="document")
    await _assert_no_server_error(http, demo_admin, document)


@pytest.mark.parametrize("field", MUTATION_FIELDS)
@_RUN
@given(data=st.data())
async def test_no_mutation_answers_an_internal_error(
    http: httpx.AsyncClient, demo_admin: str, field: str, data: st.DataObject
) -> None:
    """Random valid (and one-violation invalid) documents on each root mutation."""
    document = data.draw(_documents(field, mutation=True), label="document")
    await _assert_no_server_error(http, demo_admin, document)


_ID_FOR = {
    "account": "acc-harborview",
    "person": "per-robert-okafor",
    "seller": "sel-dana",
    "partner": "par-stratus",
    "opportunity": "opp-harborview-routes",
    "manager": "per-thomas-reyes",
}
_ALSO = {"whatIfLeaves": ("personId",)}
"""Optional arguments a field still needs (one of two must be named)."""
_EXTREMES: dict[str, list[Any]] = {
    "Int": [2**31 - 1, -(2**31), 0],
    "Float": [1e308, -1e308, 0.0],
    "Date": ["0001-01-01", "9999-12-31"],
    "DateTime": [
        "0001-01-01T00:00:00",
        "9999-12-31T23:59:59",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00",
        "0001-01-01T00:00:00Z",
    ],
}


def _carries_numbers(type_: graphql.GraphQLInputType) -> bool:
    named = graphql.get_named_type(type_)
    if isinstance(named, graphql.GraphQLInputObjectType):
        return any(_carries_numbers(f.type) for f in named.fields.values())
    return named.name in _EXTREMES


def _wanted(type_: graphql.GraphQLInputType, default: Any) -> bool:
    """Required slots, and optional ones that hold a number or a day (the rest stay unset, so
    no unrelated argument, such as a cursor or a second id, decides the answer)."""
    required = graphql.is_non_null_type(type_) and default is graphql.Undefined
    return required or _carries_numbers(type_)


def _plain(type_: graphql.GraphQLInputType, name: str) -> Any:
    """A valid value for an input slot (ids of the demo workspace, the first enum value...)."""
    if isinstance(type_, graphql.GraphQLNonNull):
        return _plain(type_.of_type, name)
    if isinstance(type_, graphql.GraphQLList):
        return [_plain(type_.of_type, name)]
    if isinstance(type_, graphql.GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, graphql.GraphQLInputObjectType):
        return {
            f: _plain(field.type, f)
            for f, field in type_.fields.items()
            if _wanted(field.type, field.default_value)
        }
    assert isinstance(type_, graphql.GraphQLScalarType)
    lower = name.lower()
    if type_.name == "ID":
        return next((v for k, v in _ID_FOR.items() if k in lower), "acc-harborview")
    return {
        "Int": 1,
        "Float": 0.5,
        "Boolean": False,
        "Date": "2026-06-01",
        "DateTime": "2026-06-01T00:00:00",
        "JSON": {},
    }.get(type_.name, "ECONOMIC_BUYER" if lower == "role" else "x")


def _numeric_slots(value: Any, type_: graphql.GraphQLInputType, path: tuple[Any, ...]) -> Any:
    """Paths (into ``value``) and scalar names of every Int, Float, Date and DateTime in it."""
    named = graphql.get_named_type(type_)
    if isinstance(value, list):
        for i, item in enumerate(value):
            listed = graphql.get_nullable_type(type_)
            assert isinstance(listed, graphql.GraphQLList)
            yield from _numeric_slots(item, listed.of_type, (*path, i))
    elif isinstance(named, graphql.GraphQLInputObjectType) and isinstance(value, dict):
        for key in value:
            yield from _numeric_slots(value[key], named.fields[key].type, (*path, key))
    elif isinstance(named, graphql.GraphQLScalarType) and named.name in _EXTREMES:
        yield path, named.name


def _set(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = list(value) if isinstance(value, list) else dict(value)
    copy[path[0]] = _set(value[path[0]], path[1:], new)
    return copy


def _extreme_cases() -> list[tuple[str, str, dict[str, Any]]]:
    cases = []
    for kind, root in (("query", PARSED.query_type), ("mutation", PARSED.mutation_type)):
        assert root is not None
        for name, field in sorted(root.fields.items()):
            wanted = {
                a: arg
                for a, arg in field.args.items()
                if _wanted(arg.type, arg.default_value) or a in _ALSO.get(name, ())
            }
            args = {a: _plain(arg.type, a) for a, arg in wanted.items()}
            types = {a: arg.type for a, arg in wanted.items()}
            result = graphql.get_named_type(field.type)
            selection = "" if graphql.is_leaf_type(result) else " { __typename }"
            header = ", ".join(f"${a}: {t}" for a, t in types.items())
            call = ", ".join(f"{a}: ${a}" for a in types)
            document = (
                f"{kind}{f'({header})' if header else ''} "
                f"{{ {name}{f'({call})' if call else ''}{selection} }}"
            )
            for path, scalar in _numeric_slots(args, _arguments_type(types), ()):
                for extreme in _EXTREMES[scalar]:
                    cases.append(
                        (
                            f"{name}:{'.'.join(map(str, path))}={extreme}",
                            document,
                            _set(args, path, extreme),
                        )
                    )
    return cases


def _arguments_type(types: dict[str, Any]) -> graphql.GraphQLInputObjectType:
    return graphql.GraphQLInputObjectType(
        "Arguments", {a: graphql.GraphQLInputField(t) for a, t in types.items()}
    )


EXTREME_CASES = _extreme_cases()


@pytest.mark.parametrize(
    ("document", "variables"),
    [(d, v) for _, d, v in EXTREME_CASES],
    ids=[case for case, _, _ in EXTREME_CASES],
)
async def test_every_number_and_day_at_its_extremes_is_a_client_error_or_an_answer(
    http: httpx.AsyncClient, demo_admin: str, document: str, variables: dict[str, Any]
) -> None:
    """Each Int, Float, Date and DateTime of every root field's arguments (inputs included), at
    the ends of its scalar's range, on otherwise valid arguments, answers data or a coded error."""
    response = await http.post(
        "/graphql",
        json={"query": document, "variables": variables},
        headers={"Authorization": f"Bearer {demo_admin}"},
    )
    assert response.status_code < 500
    codes = {(e.get("extensions") or {}).get("code") for e in response.json().get("errors") or []}
    assert "INTERNAL_SERVER_ERROR" not in codes, response.text[:1000]
    assert None not in codes, response.text[:1000]


def _input_field_names() -> list[str]:
    """Every input object's field names, and importBundle's sections (their rows' fields are
    mostly the same names)."""
    names = {
        name
        for type_ in PARSED.type_map.values()
        if isinstance(type_, graphql.GraphQLInputObjectType)
        for name in type_.fields
    }
    return sorted(names | set(SECTIONS))


_SCALARS_JSON = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([*_EDGE_INTS, 2**63, -(2**63) - 1, 10**40]),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(DEMO_IDS),
    st.sampled_from(["2026-06-01", "0001-01-01", "9999-12-31", "2025-02-30", "ECONOMIC_BUYER"]),
    st.text(max_size=10),
    st.sampled_from(["\ud800", "a\udfffb", "x" * 300]),
)
JSON_VALUES = st.recursive(
    _SCALARS_JSON,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.one_of(st.sampled_from(_input_field_names()), st.text(max_size=4)),
            inner,
            max_size=5,
        ),
    ),
    max_leaves=12,
)
"""Any JSON a client could send as a variable: right and wrong types, real ids, edge numbers,
impossible days, over-long text and lone surrogates, objects with real input field names."""


def _document_with_variables(kind: str, name: str) -> tuple[str, list[str]]:
    root = PARSED.query_type if kind == "query" else PARSED.mutation_type
    assert root is not None
    field = root.fields[name]
    result = graphql.get_named_type(field.type)
    selection = "" if graphql.is_leaf_type(result) else " { __typename }"
    header = ", ".join(f"${a}: {arg.type}" for a, arg in field.args.items())
    call = ", ".join(f"{a}: ${a}" for a in field.args)
    return (
        f"{kind}{f'({header})' if header else ''} {{ {name}{f'({call})' if call else ''}"
        f"{selection} }}",
        list(field.args),
    )


VARIABLE_CASES = [
    ("query", name) for name in QUERY_FIELDS if PARSED.query_type.fields[name].args
] + [("mutation", name) for name in MUTATION_FIELDS if PARSED.mutation_type.fields[name].args]


@pytest.mark.parametrize(("kind", "field"), VARIABLE_CASES, ids=[f for _, f in VARIABLE_CASES])
@_RUN
@given(data=st.data())
async def test_random_variables_never_answer_an_internal_error(
    http: httpx.AsyncClient, demo_admin: str, kind: str, field: str, data: st.DataObject
) -> None:
    """Every argument of a root field as a variable, each given any JSON value."""
    document, arguments = _document_with_variables(kind, field)
    variables = {a: data.draw(JSON_VALUES, label=a) for a in arguments if data.draw(st.booleans())}
    response = await http.post(
        "/graphql",
        content=json.dumps({"query": document, "variables": variables}).encode(),
        headers={"Authorization": f"Bearer {demo_admin}", "Content-Type": "application/json"},
    )
    assert response.status_code < 500, (response.status_code, variables)
    body: dict[str, Any] = response.json()
    codes = {(e.get("extensions") or {}).get("code") for e in body.get("errors") or []}
    assert None not in codes, (body, variables)
    assert "INTERNAL_SERVER_ERROR" not in codes, (json.dumps(body)[:2000], variables)
