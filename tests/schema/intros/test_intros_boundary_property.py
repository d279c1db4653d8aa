"""The partner boundary for intro requests, as a property: on generated workspaces
(tests/partner_worlds.py) with requests through every kind of introducer, a partner key sees
exactly the requests whose introducer was its own contact when asked, at accounts of its overlap,
at sharing level CONTACTS (below, one denial), and no answer names our sellers, the other
partner, its people, or anyone and anything outside those requests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from typing import Any

import httpx
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from graph.core.client import GraphClient
from graph.core.credentials import Principal, Role, create_api_key
from graph.core.model import HumanKind
from graph.intros.requests import NewIntroRequest, request_introduction
from tests.conftest import GraphQLCaller, new_workspace
from tests.overlap_fixture import load_overlap_data
from tests.partner_worlds import CALLER, DAY, World, worlds

ASKED = datetime.combine(DAY, time(12), tzinfo=UTC)
LIST = """query ($day: Date) { introRequests(first: 100, asOf: $day) { totalCount edges { node {
  id state accountId accountName partnerId partnerName note
  target { id name title } introducer { id kind name title } requester { id name }
  path { fromId toId } history { actorRole actorSubject actorPartnerId } } } } }"""
ONE = "query ($id: ID!) { introRequest(id: $id) { id accountName target { name } } }"
FIGURES = """query ($group: IntroFiguresGroup!) { introFigures(groupBy: $group) { edges { node {
  id kind name requested } } } }"""


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors") or []]


@given(world=worlds(), data=st.data())
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
async def test_a_partner_sees_only_requests_to_its_own_contacts(
    http: httpx.AsyncClient, graph: GraphClient, world: World, data: st.DataObject
) -> None:
    """Visible requests are exactly the reference's; each answer names only the caller, its
    contacts, and the targets and accounts of the visible requests; other requests read as
    absent; below CONTACTS every intro field is one denial."""
    workspace = new_workspace()
    await load_overlap_data(graph, workspace, world.data)
    # Targets work at the account on the day they are asked about.
    staff = {j.person: j.place for j in world.jobs if j.place in world.accounts and j.holds(DAY)}
    assume(staff)
    introducers = [("SELLER", "s1"), *(("PERSON", p) for p in world.people)]
    requests: dict[str, tuple[str, str, str]] = {}
    admin = Principal(workspace, Role.ADMIN, "api-key:the-admin")
    bias = st.sampled_from([True, True, False])
    for n in range(data.draw(st.integers(2, 6))):
        # Mostly the caller's own contacts asked about its shared accounts: the interesting case.
        own = [i for i in introducers if i[1].startswith(f"{CALLER}-")]
        kind, introducer = data.draw(st.sampled_from(own if data.draw(bias) else introducers))
        others = sorted(p for p in staff if p != introducer)
        if not others:
            continue
        shared = [p for p in others if staff[p] in world.shared[CALLER]]
        pick_shared: bool = bool(shared) and data.draw(bias)
        target = data.draw(st.sampled_from(shared if pick_shared else others))
        written = await request_introduction(
            graph, workspace, admin,
            NewIntroRequest(f"k{n}", staff[target], target, introducer, HumanKind(kind), "s0",
                            note=f"note {n}", at=ASKED),
        )  # fmt: skip
        requests[written.request.id] = (introducer, target, staff[target])
    contacts = world.contacts(DAY)
    visible = {
        rid
        for rid, (introducer, _, account) in requests.items()
        if introducer in contacts and account in world.shared[CALLER]
    }
    event(f"{world.level}: {len(visible)} of {len(requests)} requests visible")
    key = await create_api_key(graph, workspace, "partner key", Role.PARTNER, CALLER)
    caller = GraphQLCaller(http, key.secret)
    everything = world.everything()
    allowed = {CALLER, *visible, *(i for r in visible for i in requests[r])}

    def check(body: dict[str, Any], asked: str) -> None:
        for text in _strings(body.get("data")):
            if text in everything:
                assert everything[text] in allowed, f"{asked} leaks {text!r}: {body}"
            assert "the-admin" not in text, f"{asked} leaks our key: {body}"

    for day in (DAY - timedelta(days=1), DAY, DAY + timedelta(days=40)):
        body = await caller(LIST, {"day": day.isoformat()})
        if world.level != "CONTACTS":
            assert _codes(body) == ["FORBIDDEN"]
            continue
        assert "errors" not in body, body
        got = {e["node"]["id"] for e in body["data"]["introRequests"]["edges"]}
        assert got == (visible if day >= DAY else set())
        for edge in body["data"]["introRequests"]["edges"]:
            assert edge["node"]["requester"] is None
            assert edge["node"]["path"] == []
            assert edge["node"]["partnerId"] == CALLER
        check(body, "introRequests")
    answers = []
    for rid in [*requests, "ir-missing"]:
        body = await caller(ONE, {"id": rid})
        if world.level != "CONTACTS":
            answers.append(body["errors"][0]["message"])
            continue
        check(body, "introRequest")
        assert (body["data"]["introRequest"] is not None) == (rid in visible)
    assert len(set(answers)) <= 1
    for group in ("PARTNER", "INTRODUCER"):
        body = await caller(FIGURES, {"group": group})
        if world.level != "CONTACTS":
            assert _codes(body) == ["FORBIDDEN"]
            continue
        check(body, f"introFigures({group})")
        total = sum(e["node"]["requested"] for e in body["data"]["introFigures"]["edges"])
        assert total == len(visible)
