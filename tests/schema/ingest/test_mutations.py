"""The write mutations through the API: counts, idempotency, row errors in extensions, batch
limits, roles that may not write, and workspace scoping by credential."""

from __future__ import annotations

from typing import Any

import httpx

from graph.core.client import GraphClient
from graph.core.credentials import Role, create_api_key
from tests.conftest import GraphQLCaller

UPSERT_ACCOUNTS = """
mutation($rows: [AccountInput!]!) {
  upsertAccounts(rows: $rows) { created updated unchanged sections { section created } }
}"""

UPSERT_PEOPLE = """
mutation($rows: [PersonInput!]!) { upsertPeople(rows: $rows) { created updated unchanged } }"""

IMPORT = """
mutation($bundle: JSON!) {
  importBundle(bundle: $bundle) { created updated unchanged
    sections { section created updated unchanged } }
}"""

ACCOUNTS = [
    {"id": "a1", "name": "Acme, Inc.", "website": "https://www.acme.com/", "status": "CUSTOMER"},
    {"id": "a2", "name": "Globex", "technologies": ["aws"]},
]

BUNDLE: dict[str, Any] = {
    "accounts": [{"id": "a1", "name": "Acme"}],
    "people": [{"id": "p1", "name": "Pat"}, {"id": "p2", "name": "Cass"}],
    "employments": [{"personId": "p1", "organizationId": "a1", "startDate": "2023-01-01"}],
    "buyingRoles": [{"personId": "p2", "accountId": "a1", "role": "ECONOMIC_BUYER"}],
    "relationships": [{"kind": "KNOWS", "fromId": "p1", "toId": "p2", "strength": 0.5}],
}

ACCOUNT_QUERY = "{ accounts(first: 10) { edges { node { id name domain } } } }"


def _error(body: dict[str, Any]) -> dict[str, Any]:
    assert body.get("errors"), body
    error: dict[str, Any] = body["errors"][0]
    return error


async def _caller(
    http: httpx.AsyncClient, graph: GraphClient, ws: str, role: Role
) -> GraphQLCaller:
    key = await create_api_key(
        graph, ws, f"test {role.value}", role, "pt" if role is Role.PARTNER else None
    )
    return GraphQLCaller(http, key.secret)


async def test_upsert_accounts_then_again_is_unchanged(gql: GraphQLCaller) -> None:
    """Two identical upserts: the first creates both rows, the second reports them unchanged."""
    first = await gql(UPSERT_ACCOUNTS, {"rows": ACCOUNTS})
    assert first["data"] == {
        "upsertAccounts": {
            "created": 2,
            "updated": 0,
            "unchanged": 0,
            "sections": [{"section": "accounts", "created": 2}],
        }
    }
    second = await gql(UPSERT_ACCOUNTS, {"rows": ACCOUNTS})
    assert second["data"]["upsertAccounts"]["unchanged"] == 2
    changed = await gql(UPSERT_ACCOUNTS, {"rows": [{"id": "a2", "name": "Globex Corp"}]})
    assert changed["data"]["upsertAccounts"]["updated"] == 1


async def test_import_bundle_loads_every_section(gql: GraphQLCaller) -> None:
    """importBundle writes all sections in one go and reports counts per section."""
    body = await gql(IMPORT, {"bundle": BUNDLE})
    result = body["data"]["importBundle"]
    assert result["created"] == 6
    assert [s["section"] for s in result["sections"]] == [
        "accounts",
        "people",
        "employments",
        "buyingRoles",
        "relationships",
    ]
    again = await gql(IMPORT, {"bundle": BUNDLE})
    assert again["data"]["importBundle"]["unchanged"] == 6


async def test_invalid_rows_come_back_in_extensions_and_nothing_is_written(
    gql: GraphQLCaller,
) -> None:
    """One bad row rejects the batch: INVALID_INPUT with every problem listed, no writes."""
    rows = [
        {"id": "p1", "name": "Pat", "email": "pat@acme.com"},
        {"id": "p2", "name": "Cass", "email": "cass-at-acme", "linkedinUrl": "nope"},
    ]
    error = _error(await gql(UPSERT_PEOPLE, {"rows": rows}))
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert "nothing was written" in error["message"]
    assert error["extensions"]["errors"] == [
        {
            "section": "people",
            "row": 1,
            "field": "email",
            "reason": "not a valid email address: An email address must have an @-sign.",
            "code": "INVALID_EMAIL",
        },
        {
            "section": "people",
            "row": 1,
            "field": "linkedinUrl",
            "reason": "must be an http(s) URL with a host name",
            "code": "INVALID_URL",
        },
    ]
    listed = await gql("{ people(first: 10) { edges { node { id } } } }")
    assert listed["data"]["people"]["edges"] == []


async def test_unknown_reference_is_a_row_error(gql: GraphQLCaller) -> None:
    """An employment at an account that does not exist is rejected, not created silently."""
    bundle = {"people": [{"id": "p1", "name": "Pat"}],
              "employments": [{"personId": "p1", "organizationId": "missing"}]}  # fmt: skip
    error = _error(await gql(IMPORT, {"bundle": bundle}))
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert error["extensions"]["errors"] == [
        {
            "section": "employments",
            "row": 0,
            "field": "organizationId",
            "reason": "no Account with id 'missing' in this workspace or earlier in the batch",
            "code": "UNKNOWN_REFERENCE",
        }
    ]
    listed = await gql("{ people(first: 10) { edges { node { id } } } }")
    assert listed["data"]["people"]["edges"] == []


async def test_batch_over_the_limit_is_refused(gql: GraphQLCaller) -> None:
    """More rows than max_batch_rows is BATCH_TOO_LARGE before anything is checked or written."""
    rows = [{"id": f"p{i}", "name": f"P {i}"} for i in range(1001)]
    error = _error(await gql(UPSERT_PEOPLE, {"rows": rows}))
    assert error["extensions"]["code"] == "BATCH_TOO_LARGE"
    assert error["extensions"]["max"] == 1000
    assert error["extensions"]["errors"][0]["code"] == "BATCH_TOO_LARGE"


async def test_malformed_bundle_is_invalid_input(gql: GraphQLCaller) -> None:
    """A bundle that is not an object of sections is INVALID_INPUT with a reason."""
    error = _error(await gql(IMPORT, {"bundle": ["not", "a", "bundle"]}))
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert error["extensions"]["errors"][0]["code"] == "INVALID_TYPE"


async def test_viewer_and_partner_cannot_write(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str
) -> None:
    """Read-only roles get FORBIDDEN from every kind of write, and nothing is written."""
    for role in (Role.VIEWER, Role.PARTNER):
        caller = await _caller(http, graph, workspace, role)
        for query, variables in (
            (UPSERT_ACCOUNTS, {"rows": ACCOUNTS}),
            (IMPORT, {"bundle": BUNDLE}),
            ('mutation { deleteEntity(kind: ACCOUNT, id: "a1") { deleted } }', {}),
            (
                'mutation { endEmployment(personId: "p1", organizationId: "a1", '
                'endDate: "2024-01-01") { endDate } }',
                {},
            ),
        ):
            error = _error(await caller(query, variables))
            assert error["extensions"]["code"] == "FORBIDDEN", (role, query)
    member = await _caller(http, graph, workspace, Role.VIEWER)
    listed = await member(ACCOUNT_QUERY)
    assert listed["data"]["accounts"]["edges"] == []


async def test_member_and_integration_keys_can_write(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str
) -> None:
    """Members and integration scripts write like admins."""
    for role in (Role.MEMBER, Role.INTEGRATION):
        caller = await _caller(http, graph, workspace, role)
        body = await caller(UPSERT_ACCOUNTS, {"rows": ACCOUNTS})
        assert "errors" not in body, body


async def test_workspace_comes_from_the_credential(
    http: httpx.AsyncClient, graph: GraphClient, workspace: str, gql: GraphQLCaller
) -> None:
    """A key of workspace B writing id a1 creates B's a1; A's a1 is untouched and unseen."""
    await gql(UPSERT_ACCOUNTS, {"rows": [{"id": "a1", "name": "A's Acme"}]})
    other = await _caller(http, graph, workspace + "-b", Role.ADMIN)
    body = await other(UPSERT_ACCOUNTS, {"rows": [{"id": "a1", "name": "B's Acme"}]})
    assert body["data"]["upsertAccounts"]["created"] == 1
    mine = await gql(ACCOUNT_QUERY)
    assert mine["data"]["accounts"]["edges"] == [
        {"node": {"id": "a1", "name": "A's Acme", "domain": None}}
    ]
    deleted = await other('mutation { deleteEntity(kind: ACCOUNT, id: "a1") { deleted } }')
    assert deleted["data"]["deleteEntity"]["deleted"] is True
    mine = await gql(ACCOUNT_QUERY)
    assert len(mine["data"]["accounts"]["edges"]) == 1


async def test_end_employment_and_role_and_delete(gql: GraphQLCaller) -> None:
    """The explicit operations through the API, with their error codes."""
    await gql(IMPORT, {"bundle": BUNDLE})
    early = _error(
        await gql(
            'mutation { endEmployment(personId: "p1", organizationId: "a1", '
            'endDate: "2022-01-01") { endDate } }'
        )
    )
    assert early["extensions"]["code"] == "INVALID_INPUT"
    assert early["extensions"]["errors"][0]["code"] == "END_BEFORE_START"
    ended = await gql(
        'mutation { endEmployment(personId: "p1", organizationId: "a1", endDate: "2024-06-30") '
        "{ employmentIds endDate organizationKind person { id } account { id } partner { id } } }"
    )
    assert ended["data"] == {
        "endEmployment": {
            "employmentIds": ["p1@a1#2023-01-01"],
            "endDate": "2024-06-30",
            "organizationKind": "ACCOUNT",
            "person": {"id": "p1"},
            "account": {"id": "a1"},
            "partner": None,
        }
    }
    missing = _error(
        await gql(
            'mutation { endBuyingRole(personId: "p1", accountId: "a1", role: "CHAMPION", '
            'toDate: "2024-01-01") { toDate } }'
        )
    )
    assert missing["extensions"]["code"] == "NOT_FOUND"
    nobody = _error(
        await gql(
            'mutation { endBuyingRole(personId: "nobody", accountId: "a1", role: "CHAMPION", '
            'toDate: "2024-01-01") { toDate } }'
        )
    )
    assert nobody["message"] == "No Person with id 'nobody' in this workspace."
    assert nobody["extensions"] == {
        "code": "NOT_FOUND",
        "type": "Person",
        "id": "nobody",
        "field": "personId",
    }
    typo = _error(
        await gql(
            'mutation { endBuyingRole(personId: "p2", accountId: "a1", role: "ECONOMIC_BUYR", '
            'toDate: "2024-01-01") { toDate } }'
        )
    )
    assert typo["extensions"]["code"] == "INVALID_INPUT"
    assert typo["extensions"]["field"] == "role"
    assert typo["extensions"]["suggestions"][0] == "ECONOMIC_BUYER"
    role = await gql(
        'mutation { endBuyingRole(personId: "p2", accountId: "a1", role: "ECONOMIC_BUYER", '
        'toDate: "2024-01-01") { role toDate person { id } account { id } opportunity { id } } }'
    )
    assert role["data"] == {
        "endBuyingRole": {
            "role": "ECONOMIC_BUYER",
            "toDate": "2024-01-01",
            "person": {"id": "p2"},
            "account": {"id": "a1"},
            "opportunity": None,
        }
    }
    gone = await gql(
        'mutation { deleteEntity(kind: PERSON, id: "p2") '
        "{ kind id deleted nodesDeleted relationshipsDeleted } }"
    )
    assert gone["data"] == {
        "deleteEntity": {
            "kind": "PERSON",
            "id": "p2",
            "deleted": True,
            "nodesDeleted": 1,
            "relationshipsDeleted": 2,  # the role and the KNOWS
        }
    }
