"""The partner boundary as a property: on generated workspaces, for a partner key at every sharing
level and on several days, every id and name in every answer a partner may get is in the set the
plain-Python reference allows (tests/partner_worlds.py); denials read the same whether the thing
exists or not; and every other root field of the schema is FORBIDDEN to a partner."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
)
from graphql.pyutils import Undefined
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from graph.core.client import GraphClient
from graph.core.credentials import Role, create_api_key
from schema.root import build_schema
from tests.conftest import GraphQLCaller, new_workspace
from tests.overlap_fixture import load_overlap_data, small_world_data
from tests.partner_worlds import CALLER, DAYS, OTHER, World, worlds

PARTNER_FIELDS = frozenset(
    {
        "viewer",
        "partners",
        "partner",
        "partnerOverlap",
        "warmIntroductions",
        "sharedAccounts",
        "partnerProgram",
        "warmestPaths",
        "bestPartnerForAccount",
        "introRequests",
        "introRequest",
        "introFigures",
        "changeIntroRequestState",
    }
)
"""The root fields a partner credential may call (bestPartnerForAccount only to be refused); the
intro-request fields have their own property test (tests/schema/intros/)."""

PERSON = "id kind name title organizationId organizationName organizationKind buyingRoles"
QUERIES: dict[str, str] = {
    "viewer": "{ viewer { workspace role subject partnerId } }",
    "partners": "{ partners(first: 50) { totalCount edges { node { id name domain sharingLevel } } } }",
    "partner": """query ($other: ID!, $own: ID!) {
        other: partner(id: $other) { id name } own: partner(id: $own) { id name domain } }""",
    "partnerOverlap": """query ($partner: ID!, $day: Date) {
      partnerOverlap(partnerId: $partner, first: 50, asOf: $day) {
        partnerId partnerName sharingLevel disclosure totalCount
        matrix { ourStatus partnerStatus count }
        accounts { totalCount edges { node {
          accountId name domain accountStatus ourStatus partnerStatus uncoveredPeopleCount
          records { id externalId name domain status matchedBy }
          uncoveredPeople { id name title knownBy { contactId contactName strength } } } } }
        matching { records ambiguous { record { id name } candidateAccountIds }
                   unmatched { record { id name } } duplicates { accountId recordIds } } } }""",
    "warmIntroductions": """query ($partner: ID!, $day: Date) {
      warmIntroductions(partnerId: $partner, first: 50, asOf: $day) { totalCount edges { node {
        accountId name ourStatus partnerStatus warmth reachableBuyers
        route { contactId contactName buyerId buyerName buyerRole strength } } } } }""",
    "sharedAccounts": """query ($partner: ID!) {
      sharedAccounts(partnerIds: [$partner], first: 50) { totalCount edges { node {
        accountId name domain ourStatus partnerStatuses { partnerId status } } } } }""",
    "partnerProgram": """query ($partner: ID!) { partnerProgram(partnerId: $partner) {
        partnerId overlappingAccounts inPipeline closedWon pipelineShare closedShare } }""",
    "warmestPaths": f"""query ($account: ID!, $day: Date, $via: Boolean!) {{
      warmestPaths(accountId: $account, asOf: $day, viaPartners: $via, k: 3, maxHops: 4) {{
        accountId role roleHolderIds reason
        paths {{ warmth hopCount seller {{ id }} firstContactId targetId hidden viaPartnerIds
                 hops {{ from {{ {PERSON} }} to {{ {PERSON} }} relationship strength }} }} }} }}""",
    "bestPartnerForAccount": """query ($account: ID!, $day: Date) {
      bestPartnerForAccount(accountId: $account, asOf: $day) {
        accountId name economicBuyerIds ourRoute { fromId fromName buyerId buyerName }
        partners { partnerId partnerName route { fromId buyerId } } } }""",
}

EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _errors(body: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["extensions"]["code"], e["message"]) for e in body.get("errors") or []]


def _check(world: World, day: date, body: dict[str, Any], asked: str) -> None:
    everything = world.everything()
    allowed = world.allowed(day)
    for text in _strings(body):
        if text in everything:
            assert everything[text] in allowed, f"{asked} leaks {text!r} at {world.level}: {body}"
    for code, _ in _errors(body):
        assert code == "FORBIDDEN", f"{asked} at {world.level}: {body}"
    # No relationship of ours shows unless it involves one of its contacts.
    answer = (body.get("data") or {}).get("warmestPaths") or {}
    contacts = world.contacts(day)
    for path in answer.get("paths") or []:
        event("a hidden path" if path["hidden"] else f"a path of {len(path['hops'])} hops shown")
        for hop in path["hops"]:
            ends = {hop["from"]["id"], hop["to"]["id"]}
            assert ends & contacts, f"{asked} shows a relationship of ours: {hop}"
        assert path["seller"] is None


@given(world=worlds(), day=st.sampled_from(DAYS))
@EXAMPLES
async def test_a_partner_sees_only_what_the_rule_allows(
    http: httpx.AsyncClient, graph: GraphClient, world: World, day: date
) -> None:
    """Every answer of every field a partner may call names only allowed ids and names; each
    denial is FORBIDDEN with one text for an account or partner that exists and one that does
    not."""
    workspace = new_workspace()
    await load_overlap_data(graph, workspace, world.data)
    key = await create_api_key(graph, workspace, "partner key", Role.PARTNER, CALLER)
    caller = GraphQLCaller(http, key.secret)
    iso = day.isoformat()
    for name in ("viewer", "partners", "partnerOverlap", "warmIntroductions", "sharedAccounts",
                 "partnerProgram"):  # fmt: skip
        body = await caller(QUERIES[name], {"partner": CALLER, "day": iso})
        _check(world, day, body, name)
    body = await caller(QUERIES["partner"], {"other": OTHER, "own": CALLER})
    _check(world, day, body, "partner")
    if world.level != "NONE":
        assert body["data"]["other"] is None
    # Another partner, existing or not: one denial.
    for name in ("partnerOverlap", "warmIntroductions", "sharedAccounts", "partnerProgram"):
        other = await caller(QUERIES[name], {"partner": OTHER, "day": iso})
        missing = await caller(QUERIES[name], {"partner": "p-missing", "day": iso})
        _check(world, day, other, name)
        assert _errors(other) == _errors(missing)
        assert len(_errors(other)) == 1
    # Every account of ours, and one that does not exist.
    for query in ("warmestPaths", "bestPartnerForAccount"):
        missing_body = await caller(QUERIES[query], {"account": "nope", "day": iso, "via": False})
        assert [code for code, _ in _errors(missing_body)] == ["FORBIDDEN"]
        for account in world.accounts:
            for via in (False, True):
                body = await caller(QUERIES[query], {"account": account, "day": iso, "via": via})
                _check(world, day, body, f"{query}({account})")
                if _errors(body):
                    assert _errors(body) == _errors(missing_body)
                elif query == "warmestPaths":
                    assert world.level == "CONTACTS"
                    assert account in world.shared[CALLER]


# --- every other root field ------------------------------------------------------------------

EXISTING = {"accountId": "acme", "personId": "eb", "sellerId": "s1", "partnerId": "p2",
            "id": "acme", "opportunityId": "o1"}  # fmt: skip


def _value(kind: GraphQLInputType, name: str, exists: bool) -> Any:
    if isinstance(kind, GraphQLNonNull):
        return _value(kind.of_type, name, exists)
    if isinstance(kind, GraphQLList):
        return [_value(kind.of_type, name, exists)]
    if isinstance(kind, GraphQLEnumType):
        return next(iter(kind.values))
    if isinstance(kind, GraphQLInputObjectType):
        return {
            field_name: _value(field.type, field_name, exists)
            for field_name, field in kind.fields.items()
            if isinstance(field.type, GraphQLNonNull) and field.default_value is Undefined
        }
    assert isinstance(kind, GraphQLScalarType)
    samples: dict[str, Any] = {
        "ID": EXISTING.get(name, "acme") if exists else "missing-thing",
        "String": "x",
        "Int": 1,
        "Float": 0.5,
        "Boolean": False,
        "Date": "2026-03-01",
        "DateTime": "2026-03-01T00:00:00+00:00",
    }
    return samples.get(kind.name, "x")


def _document(
    operation: str, name: str, field: GraphQLField, exists: bool
) -> tuple[str, dict[str, Any]]:
    required = {
        arg_name: arg
        for arg_name, arg in field.args.items()
        if isinstance(arg.type, GraphQLNonNull) and arg.default_value is Undefined
    }
    if not required:
        return f"{operation} {{ {name} {{ __typename }} }}", {}
    declared = ", ".join(f"${a}: {arg.type}" for a, arg in required.items())
    passed = ", ".join(f"{a}: ${a}" for a in required)
    variables = {a: _value(arg.type, a, exists) for a, arg in required.items()}
    return f"{operation} ({declared}) {{ {name}({passed}) {{ __typename }} }}", variables


def _root_fields() -> list[tuple[str, str, GraphQLField]]:
    schema = build_schema()._schema
    fields = []
    for operation, root in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        assert root is not None
        fields += [(operation, name, field) for name, field in root.fields.items()]
    return fields


@pytest.mark.parametrize("level", ["NONE", "COUNTS", "CONTACTS"])
async def test_every_other_root_field_is_forbidden(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str, level: str
) -> None:
    """Every root query and mutation outside the partner fields is FORBIDDEN to a partner key,
    with the same text whether the ids it names exist or not."""
    await load_overlap_data(graph, workspace, small_world_data(level))
    key = await create_api_key(graph, workspace, "partner key", Role.PARTNER, "p1")
    caller = GraphQLCaller(http, key.secret)
    checked = 0
    for operation, name, field in _root_fields():
        if name in PARTNER_FIELDS:
            continue
        answers = []
        for exists in (True, False):
            document, variables = _document(operation, name, field, exists)
            body = await caller(document, variables)
            answers.append(_errors(body))
            assert [code for code, _ in _errors(body)] == ["FORBIDDEN"], (name, body)
        assert answers[0] == answers[1], name
        checked += 1
    assert checked > 20
