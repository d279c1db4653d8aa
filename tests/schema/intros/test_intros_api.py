"""Intro requests through the real API: the mutations' payloads, replays and coded errors, the
list with its filters, order and ageing, the figures, the partner program's pipeline, and who may
do what (viewers read, partners answer only their own contacts' requests)."""

from __future__ import annotations

from typing import Any

import httpx

from graph.core.client import GraphClient
from graph.core.credentials import Role, create_api_key
from tests.conftest import GraphQLCaller
from tests.intro_fixture import load_world

REQUEST = """
mutation Ask($key: String!, $introducer: ID!, $kind: HumanKind! = PERSON, $at: DateTime,
             $path: [IntroPathStepInput!], $note: String = "Lunch?") {
  requestIntroduction(key: $key, accountId: "acc-a", targetId: "t-cfo", introducerId: $introducer,
                      introducerKind: $kind, requesterId: "s-dana", path: $path, note: $note,
                      at: $at) {
    replayed
    change { fromState toState at }
    request {
      id state asOf accountId accountName note partnerId partnerName requestedAt
      target { id kind name title } introducer { id kind name } requester { id name }
      path { fromId fromKind toId toKind relationship strength }
      history { fromState toState at actorRole actorSubject actorPartnerId note }
    }
  }
}
"""

CHANGE = """
mutation Move($key: String!, $id: ID!, $state: IntroRequestState!, $at: DateTime) {
  changeIntroRequestState(key: $key, requestId: $id, state: $state, at: $at, note: "done") {
    replayed change { fromState toState at actorPartnerId actorSubject }
    request { id state requester { id } history { toState actorSubject } }
  }
}
"""

LIST = """
query List($where: IntroRequestWhere, $sort: [IntroRequestSort!], $day: Date, $after: String,
           $first: Int = 20) {
  introRequests(where: $where, sort: $sort, asOf: $day, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id state daysInState daysSinceRequested introducer { id } partnerId
                   requester { id name } path { fromId } history { toState actorSubject } } }
  }
}
"""

FIGURES = """
query Figures($group: IntroFiguresGroup!, $day: Date) {
  introFigures(groupBy: $group, asOf: $day) {
    totalCount
    edges { node { id kind name requested accepted declined introduced acceptanceRate
                   meanDaysToIntro medianDaysToIntro } }
  }
}
"""

PATH = [
    {"fromId": "s-dana", "fromKind": "SELLER", "toId": "c-champ", "toKind": "PERSON",
     "relationship": "KNOWS", "strength": 0.9},
    {"fromId": "c-champ", "fromKind": "PERSON", "toId": "t-cfo", "toKind": "PERSON",
     "relationship": "KNOWS", "strength": 0.4},
]  # fmt: skip


def _codes(body: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [
        (e["extensions"]["code"], e["extensions"].get("field")) for e in body.get("errors") or []
    ]


async def _ask(gql: GraphQLCaller, key: str, introducer: str, at: str, **more: Any) -> str:
    body = await gql(REQUEST, {"key": key, "introducer": introducer, "at": at, **more})
    assert "errors" not in body, body
    request_id: str = body["data"]["requestIntroduction"]["request"]["id"]
    return request_id


async def _move(gql: GraphQLCaller, key: str, request_id: str, state: str, at: str) -> None:
    body = await gql(CHANGE, {"key": key, "id": request_id, "state": state, "at": at})
    assert "errors" not in body, body


async def test_requesting_replaying_and_refusing(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """requestIntroduction answers the request with its parties, path and first change; a replay
    says replayed with the same answer; other content under the key is IDEMPOTENCY_CONFLICT; an
    illegal change is INVALID_INPUT on `state`; an unknown target NOT_FOUND on `targetId`."""
    await load_world(graph, workspace)
    variables = {"key": "k1", "introducer": "c-champ", "path": PATH, "at": "2026-01-05T09:00:00Z"}
    first = await gql(REQUEST, variables)
    assert "errors" not in first, first
    payload = first["data"]["requestIntroduction"]
    request = payload["request"]
    assert payload["replayed"] is False
    assert payload["change"] == {
        "fromState": None,
        "toState": "REQUESTED",
        "at": "2026-01-05T09:00:00+00:00",
    }
    assert request["state"] == "REQUESTED"
    assert request["target"] == {
        "id": "t-cfo",
        "kind": "PERSON",
        "name": "Cora CFO",
        "title": "CFO",
    }
    assert request["introducer"] == {"id": "c-champ", "kind": "PERSON", "name": "Chad Champion"}
    assert request["requester"] == {"id": "s-dana", "name": "Dana Seller"}
    assert request["path"] == PATH
    assert request["history"][0]["actorRole"] == "ADMIN"
    again = await gql(REQUEST, variables)
    assert again["data"]["requestIntroduction"] == {**payload, "replayed": True}
    conflict = await gql(REQUEST, {**variables, "note": "Dinner?"})
    assert _codes(conflict) == [("IDEMPOTENCY_CONFLICT", "key")]
    illegal = await gql(CHANGE, {"key": "c1", "id": request["id"], "state": "MEETING_HELD"})
    assert _codes(illegal) == [("INVALID_INPUT", "state")]
    assert illegal["errors"][0]["extensions"]["allowed"] == [
        "ACCEPTED",
        "DECLINED",
        "EXPIRED",
        "WITHDRAWN",
    ]
    missing = await gql(
        REQUEST.replace('targetId: "t-cfo"', 'targetId: "nobody"'),
        {"key": "k9", "introducer": "c-champ"},
    )
    assert _codes(missing) == [("NOT_FOUND", "targetId")]
    bad_path = await gql(REQUEST, {**variables, "key": "k10", "path": PATH[:1]})
    assert _codes(bad_path) == [("INVALID_INPUT", "path")]


async def test_the_list_filters_sorts_ages_and_pages(
    gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """introRequests filters by state, account, introducer and partner on `asOf`, sorts by days in
    state, gives days in state and since requested, and pages with a cursor."""
    await load_world(graph, workspace)
    champ = await _ask(gql, "k1", "c-champ", "2026-01-05T09:00:00Z")
    lena = await _ask(gql, "k2", "pc-lena", "2026-01-06T09:00:00Z")
    omar = await _ask(gql, "k3", "qc-omar", "2026-01-07T09:00:00Z")
    await _move(gql, "m1", lena, "ACCEPTED", "2026-01-08T10:00:00Z")
    await _move(gql, "m2", lena, "INTRODUCED", "2026-01-10T10:00:00Z")
    await _move(gql, "m3", omar, "DECLINED", "2026-01-09T10:00:00Z")

    async def ids(where: dict[str, Any] | None, day: str = "2026-01-20", **more: Any) -> list[Any]:
        body = await gql(LIST, {"where": where, "day": day, **more})
        assert "errors" not in body, body
        return [
            (
                e["node"]["id"],
                e["node"]["state"],
                e["node"]["daysInState"],
                e["node"]["daysSinceRequested"],
            )
            for e in body["data"]["introRequests"]["edges"]
        ]

    assert await ids(None) == [
        (champ, "REQUESTED", 15, 15),
        (lena, "INTRODUCED", 10, 14),
        (omar, "DECLINED", 11, 13),
    ]
    assert await ids(None, "2026-01-08") == [
        (champ, "REQUESTED", 3, 3),
        (lena, "ACCEPTED", 0, 2),
        (omar, "REQUESTED", 1, 1),
    ]
    assert await ids(None, "2026-01-05") == [(champ, "REQUESTED", 0, 0)]
    assert [i[0] for i in await ids({"states": ["DECLINED", "INTRODUCED"]})] == [lena, omar]
    assert [i[0] for i in await ids({"partnerId": "par-q"})] == [omar]
    assert [i[0] for i in await ids({"introducerId": "pc-lena"})] == [lena]
    assert await ids({"accountId": "acc-b"}) == []
    by_age = await ids(None, sort=[{"field": "DAYS_IN_STATE", "direction": "DESC"}])
    assert [i[0] for i in by_age] == [champ, omar, lena]
    page = await gql(LIST, {"day": "2026-01-20", "first": 2})
    assert page["data"]["introRequests"]["pageInfo"]["hasNextPage"] is True
    rest = await gql(
        LIST, {"day": "2026-01-20", "after": page["data"]["introRequests"]["pageInfo"]["endCursor"]}
    )
    assert [e["node"]["id"] for e in rest["data"]["introRequests"]["edges"]] == [omar]
    other_day = await gql(
        LIST, {"day": "2026-01-21", "after": page["data"]["introRequests"]["pageInfo"]["endCursor"]}
    )
    assert _codes(other_day) == [("INVALID_CURSOR", "after")]


async def test_figures_and_pipeline(gql: GraphQLCaller, graph: GraphClient, workspace: str) -> None:
    """introFigures gives acceptance rate and time to intro per introducer and per partner;
    partnerProgram.introPipeline counts the deal opened after Stratus's intro as sourced and
    influenced, and the one opened before it as neither."""
    await load_world(
        graph,
        workspace,
        {
            "opportunities": [
                {"id": "o-after", "accountId": "acc-a", "name": "After", "openDate": "2026-01-20",
                 "amount": 5000},
                {"id": "o-before", "accountId": "acc-a", "name": "Before", "openDate": "2026-01-01",
                 "amount": 7000},
            ]
        },
    )  # fmt: skip
    lena = await _ask(gql, "k1", "pc-lena", "2026-01-06T00:00:00Z")
    lena2 = await _ask(gql, "k2", "pc-lena", "2026-01-06T12:00:00Z")
    await _move(gql, "m1", lena, "ACCEPTED", "2026-01-07T00:00:00Z")
    await _move(gql, "m2", lena, "INTRODUCED", "2026-01-09T00:00:00Z")
    await _move(gql, "m3", lena2, "DECLINED", "2026-01-07T00:00:00Z")
    body = await gql(FIGURES, {"group": "PARTNER", "day": "2026-01-20"})
    assert "errors" not in body, body
    (node,) = [e["node"] for e in body["data"]["introFigures"]["edges"]]
    assert node == {
        "id": "par-p", "kind": None, "name": "Stratus", "requested": 2, "accepted": 1,
        "declined": 1, "introduced": 1, "acceptanceRate": 0.5, "meanDaysToIntro": 3.0,
        "medianDaysToIntro": 3.0,
    }  # fmt: skip
    by_introducer = await gql(FIGURES, {"group": "INTRODUCER", "day": "2026-01-20"})
    assert [e["node"]["kind"] for e in by_introducer["data"]["introFigures"]["edges"]] == ["PERSON"]
    program = await gql(
        """{ partnerProgram(partnerId: "par-p") { introPipeline { sourcedDeals sourcedAmount
             influencedDeals influencedAmount sourcedOpportunityIds influencedOpportunityIds } } }"""
    )
    assert program["data"]["partnerProgram"]["introPipeline"] == {
        "sourcedDeals": 1, "sourcedAmount": 5000.0, "influencedDeals": 1,
        "influencedAmount": 5000.0, "sourcedOpportunityIds": ["o-after"],
        "influencedOpportunityIds": ["o-after"],
    }  # fmt: skip


async def test_a_viewer_reads_but_cannot_write(
    http: httpx.AsyncClient, gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """A viewer key lists requests but gets FORBIDDEN on both mutations."""
    await load_world(graph, workspace)
    request_id = await _ask(gql, "k1", "c-champ", "2026-01-05T09:00:00Z")
    viewer = GraphQLCaller(http, (await create_api_key(graph, workspace, "v", Role.VIEWER)).secret)
    listed = await viewer(LIST, {"day": "2026-01-20"})
    assert listed["data"]["introRequests"]["totalCount"] == 1
    assert _codes(await viewer(REQUEST, {"key": "v1", "introducer": "c-champ"})) == [
        ("FORBIDDEN", None)
    ]
    moved = await viewer(CHANGE, {"key": "v2", "id": request_id, "state": "ACCEPTED"})
    assert _codes(moved) == [("FORBIDDEN", None)]


async def test_a_partner_sees_and_answers_only_its_contacts_requests(
    http: httpx.AsyncClient, gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """Stratus's key lists only the request to Lena, without our seller, path or our key's
    subject; accepts and introduces it (Dana then knows the CFO); gets one denial for Quill's
    request and for a missing one; sees only its own row of figures."""
    await load_world(graph, workspace)
    lena = await _ask(gql, "k1", "pc-lena", "2026-01-05T09:00:00Z", path=None)
    omar = await _ask(gql, "k2", "qc-omar", "2026-01-05T10:00:00Z")
    await _ask(gql, "k3", "c-champ", "2026-01-05T11:00:00Z")
    key = await create_api_key(graph, workspace, "stratus", Role.PARTNER, "par-p")
    stratus = GraphQLCaller(http, key.secret)
    listed = await stratus(LIST, {"day": "2026-01-20"})
    assert "errors" not in listed, listed
    (edge,) = listed["data"]["introRequests"]["edges"]
    assert edge["node"]["id"] == lena
    assert edge["node"]["requester"] is None
    assert edge["node"]["path"] == []
    assert edge["node"]["history"] == [{"toState": "REQUESTED", "actorSubject": None}]
    text = str(listed)
    assert "s-dana" not in text
    assert "Dana" not in text
    accepted = await stratus(CHANGE, {"key": "p1", "id": lena, "state": "ACCEPTED"})
    assert "errors" not in accepted, accepted
    assert accepted["data"]["changeIntroRequestState"]["change"]["actorPartnerId"] == "par-p"
    assert accepted["data"]["changeIntroRequestState"]["request"]["requester"] is None
    introduced = await stratus(CHANGE, {"key": "p2", "id": lena, "state": "INTRODUCED"})
    assert "errors" not in introduced, introduced
    withdrawn = await stratus(CHANGE, {"key": "p3", "id": lena, "state": "WITHDRAWN"})
    assert [c for c, _ in _codes(withdrawn)] == ["FORBIDDEN"]
    denials = [
        await stratus(CHANGE, {"key": "p4", "id": request_id, "state": "ACCEPTED"})
        for request_id in (omar, "ir-missing")
    ]
    assert [c for c, _ in _codes(denials[0])] == ["FORBIDDEN"]
    assert denials[0]["errors"][0]["message"] == denials[1]["errors"][0]["message"]
    one = await stratus("query ($id: ID!) { introRequest(id: $id) { id } }", {"id": omar})
    assert one["data"]["introRequest"] is None
    figures = await stratus(FIGURES, {"group": "PARTNER", "day": "2026-01-20"})
    assert [e["node"]["id"] for e in figures["data"]["introFigures"]["edges"]] == ["par-p"]
    other = await stratus(LIST, {"where": {"partnerId": "par-q"}})
    assert [c for c, _ in _codes(other)] == ["FORBIDDEN"]
    ours = await gql(
        """{ warmestPaths(accountId: "acc-a", from: ["s-dana"], asOf: "2026-01-20") {
             best { warmth hops { from { id } to { id } } } } }"""
    )
    assert ours["data"]["warmestPaths"]["best"]["hops"] == [
        {"from": {"id": "s-dana"}, "to": {"id": "t-cfo"}}
    ]


async def test_a_partner_below_contacts_is_refused(
    http: httpx.AsyncClient, gql: GraphQLCaller, graph: GraphClient, workspace: str
) -> None:
    """At sharing level ACCOUNTS a partner key gets FORBIDDEN on the list, a request and a change,
    the same text whether the request exists or not."""
    await load_world(
        graph,
        workspace,
        {"partners": [{"id": "par-p", "name": "Stratus", "sharingLevel": "ACCOUNTS"}]},
    )
    lena = await _ask(gql, "k1", "pc-lena", "2026-01-05T09:00:00Z")
    key = await create_api_key(graph, workspace, "stratus", Role.PARTNER, "par-p")
    stratus = GraphQLCaller(http, key.secret)
    assert [c for c, _ in _codes(await stratus(LIST, {}))] == ["FORBIDDEN"]
    answers = [
        await stratus(CHANGE, {"key": "p1", "id": request_id, "state": "ACCEPTED"})
        for request_id in (lena, "ir-missing")
    ]
    assert [c for c, _ in _codes(answers[0])] == ["FORBIDDEN"]
    assert answers[0]["errors"][0]["message"] == answers[1]["errors"][0]["message"]
