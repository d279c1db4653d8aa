"""The MCP server at /mcp, driven by the SDK's own client over HTTP on loopback, on the demo data:
the tools are listed, each answers as GraphQL does for the same credential, a partner key sees only
its own boundary, bad credentials are refused and bad arguments are coded tool errors."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from typing import Any

import graphql
import httpx
import jwt
import pytest
from mcp.shared.exceptions import MCPError
from starlette.applications import Starlette

from api.mcp.server import offered_tools
from api.mcp.tool import compact
from graph.core.client import GraphClient
from graph.core.credentials import Role, create_api_key
from schema.root import build_schema
from seeds.demo import load_demo
from tests.api.live_server import serve
from tests.api.mcp_client import DemoKeys, error_of, everything_in, mcp_client, text_of
from tests.conftest import JWT_ISSUER, JWT_SECRET, new_workspace

DAY = "2026-11-20"
SELLERS = [
    "Dana Whitfield",
    "Marcus Bell",
    "Oliver Grant",
    "Sam Ortega",
    "Ana Petrova",
    "Jules Moreau",
    "Kim Adler",
    "Ravi Menon",
]
PARTNER_TRACES = {
    "stratus": ["par-stratus", "Stratus", "Lena Fischer", "Tomas Novak"],
    "meridian": ["par-meridian", "Meridian", "Rahul Shah", "Nina Hansen"],
    "northgate": ["par-northgate", "Northgate", "Ivan Petrov", "Sara Lopez"],
}
OWN_TEAM_ONLY: list[tuple[str, dict[str, Any]]] = [
    ("account_map", {"accountId": "acc-cobaltridge", "asOf": DAY}),
    ("account_risk", {"accountId": "acc-cobaltridge", "asOf": DAY}),
    ("portfolio_risk", {"asOf": DAY}),
    ("what_if_leaves", {"accountId": "acc-cobaltridge", "personId": "per-henrik-aalto"}),
    ("best_partner", {"accountId": "acc-cobaltridge", "asOf": DAY}),
    ("deal_qualification", {"opportunityId": "opp-cobaltridge-grid", "asOf": DAY}),
    ("committee_coverage", {"accountId": "acc-cobaltridge", "asOf": DAY}),
    ("portfolio_coverage", {"asOf": DAY}),
    ("warmest_paths", {"accountId": "acc-ironleaf", "viaPartners": True, "asOf": DAY}),
]


@pytest.fixture(scope="module")
async def keys(graph: GraphClient) -> DemoKeys:
    """A demo workspace of the module's own, with our admin's key and one key per partner."""
    workspace = new_workspace("demo-mcp")
    await load_demo(graph, workspace)

    async def key(role: Role, partner: str | None = None) -> str:
        return (await create_api_key(graph, workspace, "mcp tests", role, partner)).secret

    return DemoKeys(
        workspace=workspace,
        admin=await key(Role.ADMIN),
        stratus=await key(Role.PARTNER, "par-stratus"),
        meridian=await key(Role.PARTNER, "par-meridian"),
        northgate=await key(Role.PARTNER, "par-northgate"),
    )


@pytest.fixture(scope="module")
async def url(app: Starlette) -> AsyncIterator[str]:
    """The app on a real loopback port; its lifespan already runs."""
    async with serve(app) as url:
        yield url


async def _call(url: str, key: str, tool: str, arguments: dict[str, Any]) -> Any:
    async with mcp_client(url, key) as client:
        return await client.call_tool(tool, arguments)


async def test_the_tools_are_listed_with_descriptions_and_input_schemas(
    url: str, keys: DemoKeys
) -> None:
    """tools/list names every tool, each with a description and the GraphQL ranges as JSON Schema."""
    async with mcp_client(url, keys.admin) as client:
        listed = {tool.name: tool for tool in (await client.list_tools()).tools}
    assert set(listed) >= {
        "account_map",
        "warmest_paths",
        "account_risk",
        "portfolio_risk",
        "what_if_leaves",
        "partner_overlap",
        "best_partner",
        "warm_introductions",
        "deal_qualification",
        "committee_coverage",
        "portfolio_coverage",
    }
    for tool in listed.values():
        assert len(tool.description or "") > 80, tool.name
        assert tool.input_schema["additionalProperties"] is False
    hops = listed["warmest_paths"].input_schema["properties"]["maxHops"]
    assert (hops["minimum"], hops["maximum"]) == (1, 6)
    first = listed["portfolio_risk"].input_schema["properties"]["first"]
    assert (first["minimum"], first["maximum"]) == (1, 200)
    assert listed["account_map"].annotations is not None
    assert listed["account_map"].annotations.read_only_hint is True


def test_request_introduction_is_offered_exactly_when_the_schema_has_the_mutation() -> None:
    """The intro-request tool waits for Mutation.requestIntroduction; once the mutation exists,
    its document must fit it (else the tool would silently stay away)."""
    schema = build_schema()
    mutation = graphql.build_schema(schema.as_str()).mutation_type
    has_mutation = mutation is not None and "requestIntroduction" in mutation.fields
    offered = {spec.name for spec in offered_tools(schema, 200)}
    assert ("request_introduction" in offered) is has_mutation


def _has_intro_requests() -> bool:
    mutation = graphql.build_schema(build_schema().as_str()).mutation_type
    return mutation is not None and "requestIntroduction" in mutation.fields


@pytest.mark.skipif(
    not _has_intro_requests(),
    reason="Mutation.requestIntroduction lands with the intro-requests work (issue 15, part 1)",
)
async def test_an_introduction_is_requested_along_the_warmest_path(
    url: str, keys: DemoKeys
) -> None:
    """Dana asks Maya to introduce her to Harborview's CFO along the warmest path: REQUESTED; the
    same key replays it; a partner key may not ask."""
    async with mcp_client(url, keys.admin) as client:
        paths = await client.call_tool(
            "warmest_paths", {"accountId": "acc-harborview", "asOf": DAY}
        )
        assert paths.structured_content is not None
        steps = [
            {
                "fromId": hop["from"]["id"],
                "fromKind": hop["from"]["kind"],
                "toId": hop["to"]["id"],
                "toKind": hop["to"]["kind"],
                "relationship": hop["relationship"],
                "strength": hop["strength"],
            }
            for hop in paths.structured_content["paths"][0]["hops"]
        ]
        arguments = {
            "key": "mcp-harborview-cfo",
            "accountId": "acc-harborview",
            "targetId": "per-robert-okafor",
            "introducerId": "per-maya-lindqvist",
            "requesterId": "sel-dana",
            "path": steps,
            "note": "Maya, could you introduce me to Robert before the budget review?",
        }
        first = await client.call_tool("request_introduction", arguments)
        again = await client.call_tool("request_introduction", arguments)
    assert not first.is_error, text_of(first)
    assert first.structured_content is not None
    assert again.structured_content is not None
    assert first.structured_content["request"]["state"] == "REQUESTED"
    assert "Robert Okafor" in text_of(first)
    assert again.structured_content["replayed"] is True
    assert again.structured_content["request"]["id"] == first.structured_content["request"]["id"]
    refused = await _call(url, keys.stratus, "request_introduction", {**arguments, "key": "p-1"})
    assert error_of(refused)["code"] == "FORBIDDEN"


BASE_ARGUMENTS: dict[str, dict[str, Any]] = {
    "account_map": {"accountId": "acc-harborview"},
    "warmest_paths": {"accountId": "acc-harborview"},
    "portfolio_risk": {},
    "partner_overlap": {"partnerId": "par-stratus"},
    "warm_introductions": {"partnerId": "par-stratus"},
    "committee_coverage": {"accountId": "acc-harborview"},
    "portfolio_coverage": {},
}
BOUNDS = [
    (spec.name, name, bound, value)
    for spec in offered_tools(build_schema(), 200)
    for name, schema in spec.properties.items()
    for bound, value in (("minimum", schema.get("minimum")), ("maximum", schema.get("maximum")))
    if value is not None
]


@pytest.mark.parametrize(
    ("tool", "argument", "bound", "value"), BOUNDS, ids=[f"{t}-{a}-{b}" for t, a, b, _ in BOUNDS]
)
async def test_each_input_range_is_the_graphql_arguments_range(
    http: httpx.AsyncClient, keys: DemoKeys, tool: str, argument: str, bound: str, value: float
) -> None:
    """Sent to /graphql past the tool's JSON Schema bound (which the MCP layer checks first), the
    same argument is INVALID_INPUT there too, and at the bound it is accepted: the two ranges are
    one."""
    spec = {s.name: s for s in offered_tools(build_schema(), 200)}[tool]
    step = (1 if isinstance(value, int) else 0.01) * (1 if bound == "maximum" else -1)

    async def errors_with(sent: float) -> list[dict[str, Any]]:
        response = await http.post(
            "/graphql",
            json={
                "query": spec.document,
                "variables": {**BASE_ARGUMENTS[tool], argument: sent},
                "operationName": spec.operation,
            },
            headers={"Authorization": f"Bearer {keys.admin}"},
        )
        found: list[dict[str, Any]] = response.json().get("errors", [])
        return found

    past = await errors_with(value + step)
    assert [e["extensions"].get("field") for e in past] == [argument], past
    assert past[0]["extensions"]["code"] == "INVALID_INPUT"
    assert await errors_with(value) == []


STORIES: list[tuple[str, dict[str, Any], list[str]]] = [
    ("account_map", {"accountId": "acc-northwind", "asOf": DAY}, ["Ruth Abbott", "Owen Castillo"]),
    (
        "warmest_paths",
        {"accountId": "acc-harborview", "asOf": DAY},
        ["Dana Whitfield -> Maya Lindqvist -> Robert Okafor (warmth 0.51, 2 hops)"],
    ),
    (
        "warmest_paths",
        {"accountId": "acc-ironleaf", "avoid": True, "asOf": DAY},
        ["Ana Petrova -> Grace Kim -> Jonas Weber (warmth 0.42"],
    ),
    (
        "account_risk",
        {"accountId": "acc-harborview", "asOf": DAY},
        ["SINGLE_THREADED", "SINGLE_SELLER", "ECONOMIC_BUYER_UNENGAGED", "SINGLE_POINT_OF_FAILURE"],
    ),
    ("account_risk", {"accountId": "acc-brightwater", "asOf": DAY}, ["no flags"]),
    ("portfolio_risk", {"minScore": 10, "first": 5, "asOf": DAY}, ["Harborview Logistics"]),
    (
        "what_if_leaves",
        {"accountId": "acc-harborview", "personId": "per-maya-lindqvist", "asOf": DAY},
        ["NO_ENGAGED_CONTACT"],
    ),
    ("partner_overlap", {"partnerId": "par-stratus", "asOf": DAY}, ["Cobalt Ridge Energy"]),
    ("best_partner", {"accountId": "acc-cobaltridge", "asOf": DAY}, ["Stratus", "Lena Fischer"]),
    ("warm_introductions", {"partnerId": "par-stratus", "asOf": DAY}, ["Henrik Aalto"]),
    (
        "deal_qualification",
        {"opportunityId": "opp-harborview-routes", "asOf": DAY},
        ["Robert Okafor", "BANT"],
    ),
    ("committee_coverage", {"accountId": "acc-brightwater", "asOf": DAY}, ["Brightwater"]),
    ("portfolio_coverage", {"asOf": DAY}, ["Weakest"]),
]


@pytest.mark.parametrize(("tool", "arguments", "told"), STORIES, ids=[s[0] for s in STORIES])
async def test_each_tool_tells_the_demo_story_as_graphql_answers_it(
    url: str,
    keys: DemoKeys,
    http: httpx.AsyncClient,
    tool: str,
    arguments: dict[str, Any],
    told: list[str],
) -> None:
    """The structured content is the GraphQL answer of the tool's document for the same key,
    compacted; the summary tells the demo story (seeds/demo/STORIES.md) in one paragraph."""
    result = await _call(url, keys.admin, tool, arguments)
    assert not result.is_error, text_of(result)
    spec = {s.name: s for s in offered_tools(build_schema(), 200)}[tool]
    response = await http.post(
        "/graphql",
        json={"query": spec.document, "variables": arguments, "operationName": spec.operation},
        headers={"Authorization": f"Bearer {keys.admin}"},
    )
    body = response.json()
    assert "errors" not in body, body
    assert result.structured_content == compact(body["data"][spec.root])
    summary = text_of(result)
    assert "\n" not in summary
    for words in told:
        assert words in summary, summary


async def test_a_partner_sees_its_own_overlap_and_no_seller_nor_other_partner(
    url: str, keys: DemoKeys
) -> None:
    """Stratus (CONTACTS): its overlap, introductions and a path through its own contact; never a
    seller's name, never Meridian or Northgate; partnerId defaults to its own."""
    async with mcp_client(url, keys.stratus) as client:
        answers = [
            await client.call_tool("partner_overlap", {"asOf": DAY}),
            await client.call_tool("warm_introductions", {"asOf": DAY}),
            await client.call_tool(
                "warmest_paths", {"accountId": "acc-cobaltridge", "viaPartners": True, "asOf": DAY}
            ),
        ]
    for result in answers:
        assert not result.is_error, text_of(result)
        seen = everything_in(result)
        for name in SELLERS + PARTNER_TRACES["meridian"] + PARTNER_TRACES["northgate"]:
            assert name not in seen, (name, seen)
        assert "sel-" not in seen
    overlap, introductions, path = answers
    assert overlap.structured_content is not None
    assert overlap.structured_content["partnerId"] == "par-stratus"
    assert "matching" not in overlap.structured_content
    assert "Henrik Aalto" in text_of(introductions)
    assert "Our team -> Lena Fischer -> Henrik Aalto (warmth 0.72" in text_of(path)


async def test_a_partner_below_contacts_sees_counts_or_accounts_only(
    url: str, keys: DemoKeys
) -> None:
    """Northgate (COUNTS) gets the matrix without accounts; Meridian (ACCOUNTS) gets accounts but
    neither people nor routes."""
    northgate = await _call(url, keys.northgate, "partner_overlap", {"asOf": DAY})
    assert northgate.structured_content is not None
    assert "accounts" not in northgate.structured_content
    assert "counts only" in text_of(northgate)
    meridian = await _call(url, keys.meridian, "partner_overlap", {"asOf": DAY})
    assert meridian.structured_content is not None
    items = meridian.structured_content["accounts"]["items"]
    assert items
    assert all("uncoveredPeople" not in item for item in items)
    introductions = await _call(url, keys.meridian, "warm_introductions", {"asOf": DAY})
    seen = everything_in(introductions)
    assert "Claire Dubois" not in seen
    assert "Rahul Shah" not in seen
    for name in SELLERS + PARTNER_TRACES["stratus"] + PARTNER_TRACES["northgate"]:
        assert name not in everything_in(meridian) + seen, name


@pytest.mark.parametrize(
    ("tool", "arguments"),
    OWN_TEAM_ONLY,
    ids=[f"{t}-{a.get('accountId', '')}" for t, a in OWN_TEAM_ONLY],
)
async def test_a_partner_is_refused_our_own_answers(
    url: str, keys: DemoKeys, tool: str, arguments: dict[str, Any]
) -> None:
    """The tools for our own team, and a path to an account outside its overlap, answer a
    partner key with GraphQL's FORBIDDEN."""
    result = await _call(url, keys.stratus, tool, arguments)
    assert error_of(result)["code"] == "FORBIDDEN"


async def test_another_partners_overlap_reads_like_one_that_does_not_exist(
    url: str, keys: DemoKeys
) -> None:
    """Asking for Meridian with Stratus's key is refused in the same words as a made-up partner."""
    other = await _call(url, keys.stratus, "partner_overlap", {"partnerId": "par-meridian"})
    made_up = await _call(url, keys.stratus, "partner_overlap", {"partnerId": "par-nobody"})
    assert error_of(other)["code"] == "FORBIDDEN"
    assert error_of(other) == error_of(made_up)


async def test_a_jwt_works_as_it_does_on_graphql(url: str, keys: DemoKeys) -> None:
    """A viewer JWT of the workspace reads the account map; a JWT of another workspace does not
    see the account (it answers like an id that does not exist)."""

    def token(workspace: str) -> str:
        claims = {
            "sub": "user-1",
            "iss": JWT_ISSUER,
            "exp": int(time.time()) + 600,
            "workspace": workspace,
            "role": "viewer",
        }
        return jwt.encode(claims, JWT_SECRET, algorithm="HS256")

    arguments = {"accountId": "acc-harborview", "asOf": DAY}
    mine = await _call(url, token(keys.workspace), "account_map", arguments)
    assert not mine.is_error, text_of(mine)
    assert "Maya Lindqvist" in text_of(mine)
    elsewhere = await _call(url, token(new_workspace("empty")), "account_map", arguments)
    assert error_of(elsewhere)["code"] == "NOT_FOUND"


REFUSALS = [
    (None, "Authentication required"),
    ("am_unknown_key", "The API key is unknown or was revoked."),
    ("not-a-jwt", "The bearer token is not valid"),
]


@pytest.mark.parametrize(("credential", "reason"), REFUSALS, ids=["none", "unknown-key", "bad-jwt"])
async def test_bad_credentials_are_refused_before_any_tool(
    url: str, credential: str | None, reason: str
) -> None:
    """No credential, an unknown key, a bad token: HTTP 401 with a JSON-RPC error whose data says
    UNAUTHENTICATED, and the SDK client cannot connect, saying why."""
    headers = {"Authorization": f"Bearer {credential}"} if credential else {}
    async with httpx.AsyncClient() as raw:
        response = await raw.post(
            f"{url}/mcp",
            json={"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}},
            headers={**headers, "Accept": "application/json, text/event-stream"},
        )
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    error = response.json()["error"]
    assert error["data"]["code"] == "UNAUTHENTICATED"
    assert error["message"].startswith(reason)
    with pytest.RaisesGroup(
        pytest.RaisesExc(MCPError, match=re.escape(reason)), flatten_subgroups=True
    ):
        async with mcp_client(url, credential) as client:
            await client.list_tools()


async def test_graphql_keeps_its_own_refusal(http: httpx.AsyncClient) -> None:
    """/graphql still answers a bad key with a GraphQL error body (only /mcp speaks JSON-RPC)."""
    response = await http.post(
        "/graphql", json={"query": "{ viewer { role } }"}, headers={"Authorization": "Bearer am_x"}
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_no_session_is_kept_so_any_worker_answers_any_call(url: str, keys: DemoKeys) -> None:
    """A tools/call sent alone (no initialize, no session id) is answered, and no session id is
    handed out: nothing about the client lives in the API process."""
    async with httpx.AsyncClient() as raw:
        response = await raw.post(
            f"{url}/mcp",
            json={
                "jsonrpc": "2.0",
                "id": 7,
                "method": "tools/call",
                "params": {
                    "name": "warmest_paths",
                    "arguments": {"accountId": "acc-harborview", "asOf": DAY},
                },
            },
            headers={
                "Authorization": f"Bearer {keys.admin}",
                "Accept": "application/json, text/event-stream",
                "MCP-Protocol-Version": "2025-06-18",
            },
        )
    assert response.status_code == 200, response.text
    assert "mcp-session-id" not in response.headers
    result = response.json()["result"]
    assert result["structuredContent"]["paths"][0]["warmth"] == 0.51


async def test_a_lone_surrogate_is_refused_by_the_protocol_not_an_internal_error(
    url: str, keys: DemoKeys
) -> None:
    """A string that is not valid Unicode (a lone UTF-16 surrogate, which no SDK client can even
    send) never reaches a tool: the SDK's parser answers 400 with JSON-RPC's parse error."""
    body = (
        '{"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "account_risk", '
        '"arguments": {"accountId": "acc-\\ud800"}}}'
    )
    async with httpx.AsyncClient() as raw:
        response = await raw.post(
            f"{url}/mcp",
            content=body.encode(),
            headers={
                "Authorization": f"Bearer {keys.admin}",
                "Content-Type": "application/json",
                "Accept": "application/json, text/event-stream",
                "MCP-Protocol-Version": "2025-06-18",
            },
        )
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == -32700


BAD_ARGUMENTS: list[tuple[str, dict[str, Any], str, str | None]] = [
    ("warmest_paths", {"accountId": "acc-harborview", "maxHops": 9}, "INVALID_INPUT", "maxHops"),
    ("warmest_paths", {"accountId": "acc-harborview", "k": 0}, "INVALID_INPUT", "k"),
    (
        "warmest_paths",
        {"accountId": "acc-harborview", "role": "ECONOMIC_BUYR"},
        "INVALID_INPUT",
        "role",
    ),
    ("warmest_paths", {}, "INVALID_INPUT", "accountId"),
    (
        "account_risk",
        {"accountId": "acc-harborview", "asOf": "2026-02-30"},
        "INVALID_INPUT",
        "asOf",
    ),
    ("account_risk", {"accountId": "acc-harborview", "day": DAY}, "INVALID_INPUT", "day"),
    ("account_risk", {"accountId": "x" * 129}, "INVALID_INPUT", "accountId"),
    ("account_risk", {"accountId": "acc-nowhere"}, "NOT_FOUND", None),
    ("account_map", {"accountId": "acc-nowhere"}, "NOT_FOUND", None),
    ("portfolio_risk", {"first": 201}, "INVALID_INPUT", "first"),
    ("portfolio_risk", {"flag": "LONELY"}, "INVALID_INPUT", "flag"),
    (
        "committee_coverage",
        {"accountId": "acc-harborview", "minConfidence": 2},
        "INVALID_INPUT",
        "minConfidence",
    ),
    ("partner_overlap", {}, "INVALID_INPUT", "partnerId"),
    ("what_if_leaves", {"accountId": "acc-harborview"}, "INVALID_INPUT", None),
]


@pytest.mark.parametrize(
    ("tool", "arguments", "code", "field"),
    BAD_ARGUMENTS,
    ids=[f"{t}-{c}-{f}" for t, _, c, f in BAD_ARGUMENTS],
)
async def test_bad_arguments_are_coded_tool_errors(
    url: str, keys: DemoKeys, tool: str, arguments: dict[str, Any], code: str, field: str | None
) -> None:
    """Out of range, mistyped, unknown, missing or pointing at nothing: a tool error (isError)
    with the code and, for an argument, the field to fix; never INTERNAL_SERVER_ERROR."""
    result = await _call(url, keys.admin, tool, arguments)
    error = error_of(result)
    assert error["code"] == code, error
    assert error.get("field") == field or field is None, error
    assert text_of(result).startswith(code)


async def test_an_unknown_tool_is_a_protocol_error(url: str, keys: DemoKeys) -> None:
    """A tool name that is not listed is refused as invalid params."""
    async with mcp_client(url, keys.admin) as client:
        with pytest.raises(MCPError, match="Unknown tool"):
            await client.call_tool("drop_database", {})
