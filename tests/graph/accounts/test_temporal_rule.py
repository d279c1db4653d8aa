"""Every accounts query's idea of "current" agrees with one plain-Python predicate
(``tests/reference/temporal.py``, written apart from the product), on generated workspaces with leavers, future starts, future
ends, movers between accounts, roles that end before the employment and reporting lines that
change, asked about on several days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, LiteralString

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j import AsyncManagedTransaction

from graph.accounts.account_map import (
    AccountPeopleQuery,
    AccountPersonWhere,
    find_account_people,
    find_coverage,
)
from graph.accounts.accounts import AccountQuery, AccountWhere, list_accounts
from graph.accounts.people import (
    PersonQuery,
    PersonWhere,
    find_managers,
    find_roles_of_people,
    list_people,
)
from graph.core.client import GraphClient
from tests.conftest import new_workspace
from tests.reference.temporal import in_force

ACCOUNTS = ("a1", "a2")
PEOPLE = ("p1", "p2", "p3", "p4")
ROLES = ("ECONOMIC_BUYER", "CHAMPION")
BASE = date(2025, 1, 1)
DAYS = tuple(BASE + timedelta(days=d) for d in (0, 45, 90, 135))

EXAMPLES = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass(frozen=True)
class Span:
    """A period as stored: either end may be absent."""

    start: date | None
    end: date | None

    def holds(self, day: date) -> bool:
        return in_force(self.start, self.end, day)


@dataclass(frozen=True)
class Sample:
    """A generated workspace: employments, roles and reporting lines with their periods."""

    employments: tuple[tuple[str, str, Span], ...]
    roles: tuple[tuple[str, str, str, Span], ...]
    lines: tuple[tuple[str, str, Span], ...]


def _day() -> st.SearchStrategy[date | None]:
    return st.one_of(
        st.none(), st.sampled_from([BASE + timedelta(days=d) for d in range(0, 150, 15)])
    )


@st.composite
def spans(draw: st.DrawFn) -> Span:
    start, end = draw(_day()), draw(_day())
    if start is not None and end is not None and end < start:
        start, end = end, start
    return Span(start, end)


@st.composite
def samples(draw: st.DrawFn) -> Sample:
    employments = draw(
        st.lists(
            st.tuples(st.sampled_from(PEOPLE), st.sampled_from(ACCOUNTS), spans()),
            max_size=6,
            unique_by=lambda e: (e[0], e[1], e[2].start),
        )
    )
    roles = draw(
        st.lists(
            st.tuples(
                st.sampled_from(PEOPLE), st.sampled_from(ACCOUNTS), st.sampled_from(ROLES), spans()
            ),
            max_size=5,
            unique_by=lambda r: r[:3],
        )
    )
    lines = draw(
        st.lists(
            st.tuples(st.sampled_from(PEOPLE), st.sampled_from(PEOPLE), spans()).filter(
                lambda line: line[0] != line[1]
            ),
            max_size=4,
            unique_by=lambda line: line[:2],
        )
    )
    return Sample(tuple(employments), tuple(roles), tuple(lines))


_WRITES: tuple[tuple[str, LiteralString], ...] = (
    (
        "accounts",
        "UNWIND $rows AS id CREATE (:Account {workspace: $ws, id: id, name: id, status: 'TARGET'})",
    ),
    ("people", "UNWIND $rows AS id CREATE (:Person {workspace: $ws, id: id, name: id})"),
    (
        "employments",
        """UNWIND $rows AS e
MATCH (p:Person {workspace: $ws, id: e.person}), (a:Account {workspace: $ws, id: e.account})
CREATE (p)-[:EMPLOYED_AT {startDate: e.start, endDate: e.end}]->(a)""",
    ),
    (
        "roles",
        """UNWIND $rows AS r
MATCH (p:Person {workspace: $ws, id: r.person}), (a:Account {workspace: $ws, id: r.account})
CREATE (p)-[:HOLDS_ROLE {role: r.role, opportunityId: '', stance: 'NEUTRAL',
                         fromDate: r.start, toDate: r.end}]->(a)""",
    ),
    (
        "lines",
        """UNWIND $rows AS l
MATCH (p:Person {workspace: $ws, id: l.person}), (m:Person {workspace: $ws, id: l.manager})
CREATE (p)-[:REPORTS_TO {fromDate: l.start, toDate: l.end}]->(m)""",
    ),
)


async def _write(graph: GraphClient, workspace: str, sample: Sample) -> None:
    def span(s: Span) -> dict[str, Any]:
        return {"start": s.start, "end": s.end}

    rows = {
        "accounts": list(ACCOUNTS),
        "people": list(PEOPLE),
        "employments": [{"person": p, "account": a, **span(s)} for p, a, s in sample.employments],
        "roles": [{"person": p, "account": a, "role": r, **span(s)} for p, a, r, s in sample.roles],
        "lines": [{"person": p, "manager": m, **span(s)} for p, m, s in sample.lines],
    }

    async def work(tx: AsyncManagedTransaction) -> None:
        for section, statement in _WRITES:
            await (await tx.run(statement, ws=workspace, rows=rows[section])).consume()

    await graph.write(work)


def _employed(sample: Sample, account: str, day: date) -> set[str]:
    return {p for p, a, s in sample.employments if a == account and s.holds(day)}


def _role_holders(sample: Sample, account: str, role: str, day: date) -> set[str]:
    employed = _employed(sample, account, day)
    return {p for p, a, r, s in sample.roles if a == account and r == role and s.holds(day)} & (
        employed
    )


@given(sample=samples())
@EXAMPLES
async def test_every_accounts_query_agrees_with_the_rule(
    graph: GraphClient, sample: Sample
) -> None:
    """People on the map (current and former), their roles, coverage, managers, a person's
    roles, and the role filters of the account and people lists all judge a day by
    the one rule (``in_force``)."""
    workspace = new_workspace("ws")
    await _write(graph, workspace, sample)
    for day in DAYS:
        current = await find_account_people(
            graph, workspace, ACCOUNTS, AccountPeopleQuery(day=day, first=50)
        )
        former = await find_account_people(
            graph,
            workspace,
            ACCOUNTS,
            AccountPeopleQuery(day=day, where=AccountPersonWhere(current=False), first=50),
        )
        coverage = await find_coverage(graph, workspace, ACCOUNTS, day)
        for account in ACCOUNTS:
            employed = _employed(sample, account, day)
            started = {
                p
                for p, a, s in sample.employments
                if a == account and (s.start is None or s.start <= day)
            }
            mapped = {m.person.id: m for _, m in current[account].items}
            assert set(mapped) == employed, (account, day)
            assert {m.person.id for _, m in former[account].items} == started - employed
            for person, entry in mapped.items():
                held = {
                    r for p, a, r, s in sample.roles if (p, a) == (person, account) and s.holds(day)
                }
                assert {r.role for r in entry.roles} == held
            covered = {role for role in ROLES if _role_holders(sample, account, role, day)}
            assert coverage[account].stakeholders_mapped == len(employed)
            members = set().union(*(_role_holders(sample, account, r, day) for r in ROLES))
            assert coverage[account].committee_members == len(members)
            assert set(coverage[account].roles_covered) == covered
        managers = await find_managers(graph, workspace, PEOPLE, day)
        for person in PEOPLE:
            holding = sorted(m for p, m, s in sample.lines if p == person and s.holds(day))
            assert managers.get(person) == (holding[0] if holding else None)
        roles = await find_roles_of_people(graph, workspace, PEOPLE, day)
        for person in PEOPLE:
            expected = {(a, r) for p, a, r, s in sample.roles if p == person and s.holds(day)}
            assert {(h.account_id, h.role) for h in roles[person]} == expected
        for role in ROLES:
            accounts = await list_accounts(
                graph, workspace, AccountQuery(where=AccountWhere(role=role), day=day, first=10)
            )
            expected_accounts = {a for a in ACCOUNTS if _role_holders(sample, a, role, day)}
            assert {a.id for _, a in accounts.items} == expected_accounts
            people = await list_people(
                graph, workspace, PersonQuery(where=PersonWhere(role=role), day=day, first=10)
            )
            expected_people = set().union(*(_role_holders(sample, a, role, day) for a in ACCOUNTS))
            assert {p.id for _, p in people.items} == expected_people
