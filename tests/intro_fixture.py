"""A small intro-request world loaded through the real import (graph/ingest), and generated
request histories with their plain-Python answers (written here on their own, not taken from the
product): the state each request is in, acceptance and time to intro per group, and the
partner-sourced and partner-influenced deals.

The world: at Acme (``acc-a``) the CFO (``t-cfo``, economic buyer) is known by our champion
(``c-champ``, 0.4), by Stratus's Lena (``pc-lena``, 0.8) and by Quill's Omar (``qc-omar``, 0.7);
Dana (``s-dana``) knows the champion (0.9), Eli (``s-eli``) knows Lena (0.7). Both partners share
Acme; ``acc-b`` is shared by nobody. Dana's warmest path to the CFO is Dana -> champion -> CFO
(0.36) until an introduction makes her know the CFO."""

from __future__ import annotations

import random
import statistics
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from graph.core.client import GraphClient
from graph.ingest.bundle import parse_bundle
from graph.ingest.upserts import upsert_bundle

DAY0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
"""The first day generated histories start on."""

WORLD: dict[str, list[dict[str, Any]]] = {
    "sellers": [{"id": "s-dana", "name": "Dana Seller"}, {"id": "s-eli", "name": "Eli Seller"}],
    "accounts": [
        {"id": "acc-a", "name": "Acme", "domain": "acme.example.com", "status": "PROSPECT"},
        {"id": "acc-b", "name": "Bolt", "domain": "bolt.example.com", "status": "TARGET"},
    ],
    "partners": [
        {"id": "par-p", "name": "Stratus", "sharingLevel": "CONTACTS"},
        {"id": "par-q", "name": "Quill", "sharingLevel": "CONTACTS"},
    ],
    "partnerAccounts": [
        {
            "partnerId": "par-p",
            "externalId": "1",
            "name": "Acme",
            "domain": "acme.example.com",
            "status": "CUSTOMER",
        },
        {
            "partnerId": "par-q",
            "externalId": "1",
            "name": "Acme",
            "domain": "acme.example.com",
            "status": "CUSTOMER",
        },
    ],
    "people": [
        {"id": "t-cfo", "name": "Cora CFO", "title": "CFO"},
        {"id": "c-champ", "name": "Chad Champion", "title": "Director"},
        {"id": "t-bolt", "name": "Bea Bolt", "title": "COO"},
        {"id": "pc-lena", "name": "Lena Stratus", "title": "Partner AE"},
        {"id": "qc-omar", "name": "Omar Quill", "title": "Partner AE"},
    ],
    "employments": [
        {"personId": "t-cfo", "organizationId": "acc-a", "startDate": "2020-01-01"},
        {"personId": "c-champ", "organizationId": "acc-a", "startDate": "2020-01-01"},
        {"personId": "t-bolt", "organizationId": "acc-b", "startDate": "2020-01-01"},
        {"personId": "pc-lena", "organizationId": "par-p", "organizationKind": "PARTNER"},
        {"personId": "qc-omar", "organizationId": "par-q", "organizationKind": "PARTNER"},
    ],
    "buyingRoles": [{"personId": "t-cfo", "accountId": "acc-a", "role": "ECONOMIC_BUYER"}],
    "relationships": [
        {
            "kind": "KNOWS",
            "fromId": "s-dana",
            "fromKind": "SELLER",
            "toId": "c-champ",
            "strength": 0.9,
        },
        {"kind": "KNOWS", "fromId": "c-champ", "toId": "t-cfo", "strength": 0.4},
        {"kind": "KNOWS", "fromId": "pc-lena", "toId": "t-cfo", "strength": 0.8},
        {"kind": "KNOWS", "fromId": "qc-omar", "toId": "t-cfo", "strength": 0.7},
        {"kind": "KNOWS", "fromId": "qc-omar", "toId": "t-bolt", "strength": 0.7},
        {
            "kind": "KNOWS",
            "fromId": "s-eli",
            "fromKind": "SELLER",
            "toId": "pc-lena",
            "strength": 0.7,
        },
    ],
}


async def load_world(
    graph: GraphClient, workspace: str, extra: dict[str, list[dict[str, Any]]] | None = None
) -> None:
    """Load ``WORLD``, then ``extra`` (a second bundle: new rows, or changes to the world's)
    through the importer."""
    for bundle in (WORLD, extra or {}):
        parsed = parse_bundle(bundle)
        assert not parsed.errors, parsed.errors
        await upsert_bundle(graph, workspace, parsed)


# --- generated histories and their reference answers -----------------------------------------

INTRODUCERS = (("PERSON", "c-champ", None), ("PERSON", "pc-lena", "par-p"),
               ("PERSON", "qc-omar", "par-q"), ("SELLER", "s-eli", None))  # fmt: skip
"""(kind, id, partner) of who may be asked."""

# Written out here, independently of graph/intros/states.py.
NEXT = {
    "REQUESTED": ["ACCEPTED", "DECLINED", "EXPIRED", "WITHDRAWN"],
    "ACCEPTED": ["INTRODUCED", "EXPIRED", "WITHDRAWN"],
    "INTRODUCED": ["MEETING_HELD"],
}


@dataclass
class Story:
    """One generated request: who, where, and its changes as (state, time)."""

    key: str
    account: str
    target: str
    introducer_kind: str
    introducer: str
    partner: str | None
    changes: list[tuple[str, datetime]] = field(default_factory=list)

    def on(self, day: date) -> list[tuple[str, datetime]]:
        """Its changes dated on or before ``day`` (UTC)."""
        return [(s, t) for s, t in self.changes if t.date() <= day]


def generate_stories(seed: int, count: int) -> list[Story]:
    """``count`` requests with random introducers and random walks through the states, each
    step a random number of hours after the one before."""
    rng = random.Random(seed)
    stories = []
    for n in range(count):
        kind, introducer, partner = rng.choice(INTRODUCERS)
        account, target = rng.choice([("acc-a", "t-cfo"), ("acc-b", "t-bolt")])
        # n seconds past the hour: no two changes of different requests share a time.
        moment = DAY0 + timedelta(hours=rng.randrange(0, 24 * 60), seconds=n)
        story = Story(f"k{seed}-{n}", account, target, kind, introducer, partner)
        story.changes.append(("REQUESTED", moment))
        state = "REQUESTED"
        while state in NEXT and rng.random() < 0.85:
            # Mostly forward, so that many requests reach INTRODUCED.
            weights = {"ACCEPTED": 5, "INTRODUCED": 6, "MEETING_HELD": 1}
            state = rng.choices(NEXT[state], [weights.get(s, 1) for s in NEXT[state]])[0]
            moment += timedelta(hours=rng.randrange(1, 24 * 20))
            story.changes.append((state, moment))
        stories.append(story)
    return stories


def reference_figures(
    stories: list[Story], day: date, by_partner: bool
) -> dict[str, dict[str, Any]]:
    """Per introducer id (or partner id) on ``day``: requested, accepted, declined, introduced,
    acceptance rate, mean and median days from request to INTRODUCED."""
    groups: dict[str, list[list[tuple[str, datetime]]]] = {}
    for story in stories:
        seen = story.on(day)
        if not seen:
            continue
        group = story.partner if by_partner else story.introducer
        if group is None:
            continue
        groups.setdefault(group, []).append(seen)
    answer = {}
    for group, histories in groups.items():
        states = [[s for s, _ in h] for h in histories]
        accepted = sum("ACCEPTED" in s for s in states)
        declined = sum("DECLINED" in s for s in states)
        waits = [
            (t - h[0][1]).total_seconds() / 86400
            for h in histories
            for s, t in h
            if s == "INTRODUCED"
        ]
        answer[group] = {
            "requested": len(histories),
            "accepted": accepted,
            "declined": declined,
            "introduced": len(waits),
            "open": sum(s[-1] in ("REQUESTED", "ACCEPTED") for s in states),
            "acceptanceRate": accepted / (accepted + declined) if accepted + declined else None,
            "meanDaysToIntro": statistics.mean(waits) if waits else None,
            "medianDaysToIntro": statistics.median(waits) if waits else None,
        }
    return answer


@dataclass(frozen=True)
class Deal:
    """A generated deal: where and when it was opened, and its amount."""

    id: str
    account: str
    opened: date
    amount: float | None


def generate_deals(seed: int, count: int) -> list[Deal]:
    """Deals at either account opened over the stories' months (some before any intro)."""
    rng = random.Random(seed * 7919)
    return [
        Deal(
            f"o{seed}-{n}",
            rng.choice(["acc-a", "acc-b"]),
            DAY0.date() + timedelta(days=rng.randrange(-20, 300)),
            rng.choice([None, 1000.0, 2500.0, 40000.0]),
        )
        for n in range(count)
    ]


def reference_pipeline(
    stories: list[Story], deals: list[Deal], partner: str, window: int = 180
) -> tuple[set[str], set[str]]:
    """(sourced, influenced) deal ids of ``partner``: a deal counts an intro made at its account
    on a day d0 when it opened between d0 and d0 + window days; influenced when it counts one
    through the partner, sourced when the earliest it counts went through the partner (no two
    generated changes share a time)."""
    intros = [
        (t, s.key, s.account, s.partner)
        for s in stories
        for state, t in s.changes
        if state == "INTRODUCED"
    ]
    sourced, influenced = set(), set()
    for deal in deals:
        counted = sorted(
            (t, key, p)
            for t, key, account, p in intros
            if account == deal.account and 0 <= (deal.opened - t.date()).days <= window
        )
        if any(p == partner for _, _, p in counted):
            influenced.add(deal.id)
        if counted and counted[0][2] == partner:
            sourced.add(deal.id)
    return sourced, influenced


async def write_stories(graph: GraphClient, workspace: str, stories: list[Story]) -> dict[str, str]:
    """Write each story through the product's own mutations' functions (as a member, at the
    stories' times); the request id of each story's key."""
    from graph.core.credentials import Principal, Role
    from graph.core.model import HumanKind
    from graph.intros.requests import NewIntroRequest, change_intro_state, request_introduction
    from graph.intros.states import IntroState

    actor = Principal(workspace, Role.MEMBER, "test-member")
    ids = {}
    for story in stories:
        written = await request_introduction(
            graph,
            workspace,
            actor,
            NewIntroRequest(
                key=story.key,
                account_id=story.account,
                target_id=story.target,
                introducer_id=story.introducer,
                introducer_kind=HumanKind(story.introducer_kind),
                requester_id="s-dana",
                at=story.changes[0][1],
            ),
        )
        ids[story.key] = written.request.id
        for n, (state, moment) in enumerate(story.changes[1:]):
            await change_intro_state(
                graph, workspace, actor, written.request.id, IntroState(state),
                f"{story.key}-{n}", at=moment,
            )  # fmt: skip
    return ids
