"""Small generated workspaces written exactly as graph/core/model.py describes them, and the plain
Python answers the reference tests compare the graph layer with.

A ``Sample`` is the whole workspace as Python data; ``write_sample`` puts it into Neo4j with a
few ``UNWIND`` statements; the helpers below it answer the same questions without Neo4j.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import LiteralString

from hypothesis import strategies as st
from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient
from graph.core.model import BuyingRole, OpportunityState, SharingLevel, Stance
from graph.reach.walks import DEFAULT_REPORTS_TO_STRENGTH
from tests.reference.temporal import in_force

DAY = date(2026, 3, 1)
"""The day every generated date is relative to (passed as ``as_of``/``today``)."""

TARGET = "acct-target"
OTHER = "acct-other"
STRENGTHS = (0.2, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
ROLES = (
    BuyingRole.ECONOMIC_BUYER,
    BuyingRole.CHAMPION,
    BuyingRole.BLOCKER,
    BuyingRole.INFLUENCER,
)


@dataclass(frozen=True)
class Employment:
    person: str
    org: str
    partner: bool
    start: date | None
    end: date | None
    department: str | None = None
    title: str | None = None

    def covers(self, day: date) -> bool:
        """Employed on the day (the model's rule)."""
        return in_force(self.start, self.end, day)


@dataclass(frozen=True)
class Role:
    person: str
    account: str
    role: str
    stance: str
    start: date | None
    end: date | None

    def covers(self, day: date) -> bool:
        """Held on the day."""
        return in_force(self.start, self.end, day)


@dataclass(frozen=True)
class Edge:
    kind: str  # KNOWS, REPORTS_TO (source reports to target), INFLUENCES
    source: str
    target: str
    strength: float | None
    last_interaction: date | None = None


@dataclass
class Sample:
    """A whole generated workspace."""

    sellers: list[str]
    people: list[str]
    partners: dict[str, SharingLevel]  # partner id -> sharing level
    employments: list[Employment]
    roles: list[Role]
    edges: list[Edge]
    accounts: dict[str, str] = field(
        default_factory=lambda: {TARGET: "PROSPECT", OTHER: "CUSTOMER"}
    )
    owners: dict[str, str] = field(default_factory=dict)  # account -> owning seller
    open_deals: dict[str, str] = field(default_factory=dict)  # account -> deal owner seller
    departments: dict[str, str] = field(default_factory=dict)  # person -> department

    def is_seller(self, node: str) -> bool:
        """Sellers and people have distinct id prefixes in samples."""
        return node in self.sellers_set

    @property
    def sellers_set(self) -> frozenset[str]:
        """The sellers as a set."""
        return frozenset(self.sellers)


@st.composite
def samples(draw: st.DrawFn, max_people: int = 10) -> Sample:
    """A small workspace: 1-3 sellers, a target and another account, one partner, people with
    current, ended and future employments, roles with stances and dates, and edges of every
    walkable kind."""
    sellers = [f"s{i}" for i in range(draw(st.integers(1, 3)))]
    people = [f"p{i}" for i in range(draw(st.integers(2, max_people)))]
    partners = {"partner-a": draw(st.sampled_from(list(SharingLevel)))}
    orgs = [(TARGET, False), (OTHER, False), ("partner-a", True)]
    employments: list[Employment] = []
    departments: dict[str, str] = {}
    for person in people:
        for org, partner in draw(st.lists(st.sampled_from(orgs), max_size=2, unique=True)):
            status = draw(st.sampled_from(["current", "current", "ended", "leaving", "future"]))
            start = DAY - timedelta(days=400)
            end: date | None = None
            if status == "ended":
                end = DAY - timedelta(days=draw(st.integers(1, 300)))
            elif status == "leaving":
                end = DAY + timedelta(days=30)
            elif status == "future":
                start = DAY + timedelta(days=10)
            dept = draw(st.sampled_from(["Finance", "IT", None]))
            employments.append(Employment(person, org, partner, start, end, dept, "Title"))
        departments[person] = draw(st.sampled_from(["Finance", "IT", "Ops"]))
    roles: list[Role] = []
    # Most samples get a current economic buyer (and often a champion), so that paths exist.
    if draw(st.sampled_from([True, True, True, False])):
        employments.append(Employment(people[0], TARGET, False, DAY - timedelta(days=900), None))
        roles.append(Role(people[0], TARGET, ROLES[0].value, Stance.NEUTRAL.value, None, None))
    if draw(st.booleans()):
        employments.append(Employment(people[-1], TARGET, False, DAY - timedelta(days=900), None))
        roles.append(Role(people[-1], TARGET, ROLES[1].value, Stance.SUPPORTER.value, None, None))
    for person in people:
        for role in draw(st.lists(st.sampled_from(ROLES), max_size=2, unique=True)):
            stance = draw(st.sampled_from(list(Stance)))
            end = draw(st.sampled_from([None, None, DAY - timedelta(days=5), DAY]))
            roles.append(Role(person, TARGET, role.value, stance.value, None, end))
    # People know each other often; each seller knows a few of them (so paths get long).
    pairs = st.tuples(st.integers(0, len(people) - 1), st.integers(1, len(people) - 1)).map(
        lambda ij: (people[ij[0]], people[(ij[0] + ij[1]) % len(people)])
    )
    reach = st.tuples(st.sampled_from(sellers), st.sampled_from(people))
    edges: list[Edge] = []
    chosen = draw(st.lists(reach, min_size=1, max_size=4)) + draw(
        st.lists(pairs, min_size=2, max_size=20)
    )
    for source, target in chosen:
        kind = draw(st.sampled_from(["KNOWS", "KNOWS", "REPORTS_TO", "INFLUENCES"]))
        if kind != "KNOWS" and (source in sellers or target in sellers):
            kind = "KNOWS"
        if kind == "KNOWS" and source in sellers and target in sellers:
            continue  # colleagues' acquaintance adds little and blurs the first contact
        strength: float | None = draw(st.sampled_from(STRENGTHS))
        if kind == "REPORTS_TO" and draw(st.booleans()):
            strength = None
        last = draw(st.sampled_from([None, DAY - timedelta(days=10), DAY - timedelta(days=200)]))
        edges.append(Edge(kind, source, target, strength, last if kind == "KNOWS" else None))
    owners = {TARGET: draw(st.sampled_from(sellers))}
    return Sample(
        sellers,
        people,
        partners,
        employments,
        roles,
        edges,
        owners=owners,
        open_deals={TARGET: draw(st.sampled_from(sellers))},
        departments=departments,
    )


@st.composite
def temporal_samples(draw: st.DrawFn) -> Sample:
    """A workspace that stresses "current on a day": people who left, start in the future, leave
    in the future, move between the target and another account, and hold roles that start late
    or end before their employment does; sellers know them with every strength and recency."""
    sellers = ["s0", "s1"]
    people = [f"p{i}" for i in range(draw(st.integers(2, 7)))]
    orgs = [(TARGET, False), (OTHER, False), ("partner-a", True)]
    starts = [None, DAY - timedelta(days=400), DAY - timedelta(days=30), DAY + timedelta(days=10)]
    ends = [
        None,
        DAY - timedelta(days=100),
        DAY - timedelta(days=10),
        DAY,
        DAY + timedelta(days=20),
    ]
    employments: list[Employment] = []
    roles: list[Role] = []
    edges: list[Edge] = []
    for person in people:
        for _ in range(draw(st.integers(0, 3))):
            org, partner = draw(st.sampled_from(orgs))
            start, end = draw(st.sampled_from(starts)), draw(st.sampled_from(ends))
            if start is not None and end is not None and start >= end:
                continue
            employments.append(Employment(person, org, partner, start, end, "Finance", "Title"))
        if draw(st.booleans()):  # a mover: leaves the target the day they join the other
            moved = DAY - timedelta(days=draw(st.sampled_from([0, 1, 10, 200])))
            employments.append(Employment(person, TARGET, False, None, moved))
            employments.append(Employment(person, OTHER, False, moved, None))
        for role in draw(st.lists(st.sampled_from(ROLES[:2]), max_size=2)):
            start = draw(
                st.sampled_from([None, DAY - timedelta(days=200), DAY + timedelta(days=5)])
            )
            end = draw(
                st.sampled_from(
                    [None, DAY - timedelta(days=50), DAY - timedelta(days=1), DAY + timedelta(30)]
                )
            )
            if start is not None and end is not None and start >= end:
                continue
            roles.append(Role(person, TARGET, role.value, Stance.NEUTRAL.value, start, end))
        for seller in draw(st.lists(st.sampled_from(sellers), max_size=2)):
            last = draw(
                st.sampled_from(
                    [None, DAY - timedelta(days=10), DAY - timedelta(days=95), DAY - timedelta(200)]
                )
            )
            strength = draw(st.sampled_from((0.3, 0.5, 0.9)))
            edges.append(Edge("KNOWS", seller, person, strength, last))
    for _ in range(draw(st.integers(0, 4))):
        a, b = draw(st.sampled_from(people)), draw(st.sampled_from(people))
        if a != b:
            edges.append(Edge("KNOWS", a, b, draw(st.sampled_from(STRENGTHS))))
    return Sample(
        sellers,
        people,
        {"partner-a": SharingLevel.CONTACTS},
        employments,
        roles,
        edges,
        owners={TARGET: "s0"},
        open_deals={TARGET: "s0"},
    )


_WRITE_NODES: LiteralString = """
UNWIND $sellers AS s
CREATE (:Seller {workspace: $ws, id: s, name: 'Seller ' + s, title: 'AE', role: 'AE'})
WITH count(*) AS done
UNWIND $accounts AS a
CREATE (:Account {workspace: $ws, id: a.id, name: 'Account ' + a.id, nameKey: a.id,
                  status: a.status, ownerSellerId: a.owner})
WITH count(*) AS done
UNWIND $partners AS p
CREATE (:Partner {workspace: $ws, id: p.id, name: 'Partner ' + p.id, sharingLevel: p.level})
WITH count(*) AS done
UNWIND $people AS p
CREATE (:Person {workspace: $ws, id: p.id, name: 'Person ' + p.id, title: 'Person title',
                 department: p.department})
"""

_WRITE_OWNERS: LiteralString = """
UNWIND $owners AS o
MATCH (a:Account {workspace: $ws, id: o.account}), (s:Seller {workspace: $ws, id: o.seller})
CREATE (a)-[:OWNED_BY]->(s)
"""

_WRITE_DEALS: LiteralString = """
UNWIND $deals AS d
MATCH (a:Account {workspace: $ws, id: d.account}), (s:Seller {workspace: $ws, id: d.seller})
CREATE (o:Opportunity {workspace: $ws, id: d.id, accountId: d.account, name: 'Deal ' + d.id,
                       state: d.state, ownerSellerId: d.seller})
CREATE (o)-[:FOR_ACCOUNT]->(a), (o)-[:OWNED_BY]->(s)
"""

_WRITE_ACCOUNT_JOBS: LiteralString = """
UNWIND $rows AS e
MATCH (p:Person {workspace: $ws, id: e.person}), (o:Account {workspace: $ws, id: e.org})
CREATE (p)-[:EMPLOYED_AT {id: e.id, title: e.title, department: e.department,
                          startDate: e.start, endDate: e.end}]->(o)
"""

_WRITE_PARTNER_JOBS: LiteralString = """
UNWIND $rows AS e
MATCH (p:Person {workspace: $ws, id: e.person}), (o:Partner {workspace: $ws, id: e.org})
CREATE (p)-[:EMPLOYED_AT {id: e.id, title: e.title, department: e.department,
                          startDate: e.start, endDate: e.end}]->(o)
"""

_WRITE_ROLES: LiteralString = """
UNWIND $rows AS r
MATCH (p:Person {workspace: $ws, id: r.person}), (a:Account {workspace: $ws, id: r.account})
CREATE (p)-[:HOLDS_ROLE {role: r.role, opportunityId: '', stance: r.stance,
                         fromDate: r.start, toDate: r.end}]->(a)
"""

_WRITE_KNOWS: LiteralString = """
UNWIND $rows AS k
MATCH (a {workspace: $ws, id: k.source}) WHERE a:Person OR a:Seller
MATCH (b {workspace: $ws, id: k.target}) WHERE b:Person OR b:Seller
CREATE (a)-[:KNOWS {strength: k.strength, source: 'test', lastInteractionAt: k.last}]->(b)
"""

_WRITE_REPORTS: LiteralString = """
UNWIND $rows AS r
MATCH (a:Person {workspace: $ws, id: r.source}), (b:Person {workspace: $ws, id: r.target})
CREATE (a)-[rel:REPORTS_TO]->(b)
SET rel.strength = r.strength
"""

_WRITE_INFLUENCES: LiteralString = """
UNWIND $rows AS r
MATCH (a:Person {workspace: $ws, id: r.source}), (b:Person {workspace: $ws, id: r.target})
CREATE (a)-[:INFLUENCES {strength: r.strength}]->(b)
"""


async def write_sample(client: GraphClient, workspace: str, sample: Sample) -> None:
    """Write the sample into ``workspace`` in one write transaction."""

    def edges(kind: str) -> list[dict[str, object]]:
        return [
            {
                "source": e.source,
                "target": e.target,
                "strength": e.strength,
                "last": e.last_interaction,
            }
            for e in sample.edges
            if e.kind == kind
        ]

    def jobs(partner: bool) -> list[dict[str, object]]:
        return [
            {
                "id": f"{e.person}@{e.org}#{i}",
                "person": e.person,
                "org": e.org,
                "start": e.start,
                "end": e.end,
                "department": e.department,
                "title": e.title,
            }
            for i, e in enumerate(sample.employments)
            if e.partner == partner
        ]

    async def work(tx: AsyncManagedTransaction) -> None:
        ws = {"ws": workspace}
        await tx.run(
            _WRITE_NODES,
            ws,
            sellers=sample.sellers,
            accounts=[
                {"id": a, "status": s, "owner": sample.owners.get(a)}
                for a, s in sample.accounts.items()
            ],
            partners=[{"id": p, "level": lv} for p, lv in sample.partners.items()],
            people=[{"id": p, "department": sample.departments.get(p)} for p in sample.people],
        )
        await tx.run(
            _WRITE_OWNERS,
            ws,
            owners=[{"account": a, "seller": s} for a, s in sample.owners.items()],
        )
        await tx.run(
            _WRITE_DEALS,
            ws,
            deals=[
                {"id": f"deal-{a}", "account": a, "seller": s, "state": OpportunityState.OPEN.value}
                for a, s in sample.open_deals.items()
            ],
        )
        await tx.run(_WRITE_ACCOUNT_JOBS, ws, rows=jobs(False))
        await tx.run(_WRITE_PARTNER_JOBS, ws, rows=jobs(True))
        await tx.run(
            _WRITE_ROLES,
            ws,
            rows=[
                {
                    "person": r.person,
                    "account": r.account,
                    "role": r.role,
                    "stance": r.stance,
                    "start": r.start,
                    "end": r.end,
                }
                for r in sample.roles
            ],
        )
        await tx.run(_WRITE_KNOWS, ws, rows=edges("KNOWS"))
        await tx.run(_WRITE_REPORTS, ws, rows=edges("REPORTS_TO"))
        await tx.run(_WRITE_INFLUENCES, ws, rows=edges("INFLUENCES"))

    await client.write(work)


# ---- Plain Python answers -------------------------------------------------------------------

WALK_LEVELS = {SharingLevel.COUNTS.value, SharingLevel.ACCOUNTS.value, SharingLevel.CONTACTS.value}


def employed_at(sample: Sample, person: str, org: str, day: date) -> bool:
    """The person works at the organization on the day."""
    return any(e.person == person and e.org == org and e.covers(day) for e in sample.employments)


def role_holders(sample: Sample, role: str, day: date, account: str = TARGET) -> set[str]:
    """People holding the role at the account on the day and employed there on the day."""
    return {
        r.person
        for r in sample.roles
        if r.role == role
        and r.account == account
        and r.covers(day)
        and employed_at(sample, r.person, account, day)
    }


def eligible(sample: Sample, node: str, day: date, via_partners: bool, avoid: bool) -> bool:
    """May the node be an intermediate of a path (the issue's rules)?"""
    if sample.is_seller(node):
        return True
    if avoid and any(
        r.person == node
        and r.covers(day)
        and (r.role == BuyingRole.BLOCKER.value or r.stance == Stance.DETRACTOR.value)
        for r in sample.roles
    ):
        return False
    levels = [
        sample.partners[e.org]
        for e in sample.employments
        if e.person == node and e.partner and e.covers(day)
    ]
    return all(via_partners and level in WALK_LEVELS for level in levels)


def walk_edges(
    sample: Sample, reports_to_strength: float = DEFAULT_REPORTS_TO_STRENGTH
) -> dict[tuple[str, str], float]:
    """(from, to) -> the strongest walkable edge strength, in walking direction (a reporting
    line without strength counts as the product's documented default)."""
    best: dict[tuple[str, str], float] = {}

    def add(a: str, b: str, s: float | None) -> None:
        if s is None or s <= 0:
            return
        best[(a, b)] = max(best.get((a, b), 0.0), min(s, 1.0))

    for e in sample.edges:
        if e.kind == "KNOWS":
            add(e.source, e.target, e.strength)
            add(e.target, e.source, e.strength)
        elif e.kind == "REPORTS_TO":
            s = reports_to_strength if e.strength is None else e.strength
            add(e.source, e.target, s)
            add(e.target, e.source, s)
        else:
            add(e.source, e.target, e.strength)
    return best


def simple_paths(
    edges: dict[tuple[str, str], float],
    starts: set[str],
    targets: set[str],
    may_pass: set[str],
    max_hops: int,
) -> Iterator[tuple[list[str], float]]:
    """Every simple path from a start to a target, intermediates in ``may_pass`` and neither
    starts nor targets, with at most ``max_hops`` hops, and its warmth (brute force)."""
    out: dict[str, list[tuple[str, float]]] = {}
    for (a, b), s in edges.items():
        out.setdefault(a, []).append((b, s))

    def extend(path: list[str], warmth: float) -> Iterator[tuple[list[str], float]]:
        if len(path) - 1 >= max_hops:
            return
        for nxt, s in out.get(path[-1], []):
            if nxt in path or nxt in starts:
                continue
            if nxt in targets:
                yield [*path, nxt], warmth * s
            elif nxt in may_pass:
                yield from extend([*path, nxt], warmth * s)

    for start in sorted(starts):
        yield from extend([start], 1.0)


def best_per_first_contact(
    paths: Iterator[tuple[list[str], float]],
) -> dict[str, tuple[float, int]]:
    """first contact -> (best warmth, fewest hops at that warmth)."""
    best: dict[str, tuple[float, int]] = {}
    for path, warmth in paths:
        contact, hops = path[1], len(path) - 1
        current = best.get(contact)
        if (
            current is None
            or warmth > current[0] * (1 + 1e-9)
            or (math.isclose(warmth, current[0], rel_tol=1e-9) and hops < current[1])
        ):
            best[contact] = (warmth, hops)
    return best
