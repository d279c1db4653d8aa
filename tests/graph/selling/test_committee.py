"""Who is on an account's committee on a day agrees with the one plain-Python rule (tests/reference/temporal.py)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient
from graph.ingest.imports import load_bundle
from graph.selling.committee import AccountStaff, load_account_staff
from tests.reference.temporal import in_force

BASE = date(2026, 1, 1)
DAYS = [BASE + timedelta(days=d) for d in (-400, -30, 0, 1, 29, 30, 31, 200)]
ROLES = ("ECONOMIC_BUYER", "CHAMPION", "BLOCKER")


def _span(rng: random.Random) -> tuple[date | None, date | None]:
    """A start and end around BASE: absent, past, exactly on a probed day, or future."""
    start = rng.choice([None, BASE - timedelta(days=365), BASE, BASE + timedelta(days=30)])
    end = rng.choice(
        [None, BASE - timedelta(days=30), BASE + timedelta(days=1), BASE + timedelta(days=400)]
    )
    if start is not None and end is not None and end <= start:
        end = None
    return start, end


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _bundle(rng: random.Random) -> tuple[dict[str, Any], dict[str, Any]]:
    """Ten people at two accounts with leavers, future starts and ends, movers, and roles and
    reporting lines that start or end apart from the employment; and the same facts in Python."""
    people = [f"p{i}" for i in range(10)]
    employments, roles, lines = [], [], []
    facts: dict[str, Any] = {"employed": [], "roles": [], "lines": []}
    for person in people:
        for account in rng.sample(["a", "b"], rng.choice([1, 2])):  # movers work at both
            start, end = _span(rng)
            employments.append(
                {
                    "personId": person,
                    "organizationId": account,
                    "startDate": _iso(start),
                    "endDate": _iso(end),
                }
            )
            facts["employed"].append((person, account, start, end))
            role = rng.choice(ROLES)
            start, end = _span(rng)
            roles.append(
                {
                    "personId": person,
                    "accountId": account,
                    "role": role,
                    "fromDate": _iso(start),
                    "toDate": _iso(end),
                }
            )
            facts["roles"].append((person, account, role, start, end))
    for person in people[1:]:
        manager = rng.choice([p for p in people if p != person])
        start, end = _span(rng)
        lines.append(
            {"personId": person, "managerId": manager, "fromDate": _iso(start), "toDate": _iso(end)}
        )
        facts["lines"].append((person, manager, start, end))
    bundle = {
        "accounts": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
        "people": [{"id": p, "name": p} for p in people],
        "employments": [{k: v for k, v in e.items() if v is not None} for e in employments],
        "buyingRoles": [{k: v for k, v in r.items() if v is not None} for r in roles],
        "reportingLines": [{k: v for k, v in x.items() if v is not None} for x in lines],
    }
    return bundle, facts


def _expected(
    facts: dict[str, Any], account: str, day: date
) -> dict[str, tuple[set[str], set[str]]]:
    """Per person employed at the account on the day: their roles there, their managers there."""
    here = {p for p, a, s, e in facts["employed"] if a == account and in_force(s, e, day)}
    return {
        person: (
            {
                r
                for p, a, r, s, e in facts["roles"]
                if (p, a) == (person, account) and in_force(s, e, day)
            },
            {
                m
                for p, m, s, e in facts["lines"]
                if p == person and m in here and in_force(s, e, day)
            },
        )
        for person in here
    }


def _seen(staff: AccountStaff) -> dict[str, tuple[set[str], set[str]]]:
    return {m.id: (set(m.roles), set(m.manager_ids)) for m in staff.staff}


async def test_staff_roles_and_managers_follow_the_one_rule_on_every_day(
    graph: GraphClient, workspace: str
) -> None:
    """On days before, on and after every start and end, the statement's staff, roles and
    managers are exactly those the plain-Python rule keeps."""
    bundle, facts = _bundle(random.Random(7))
    await load_bundle(graph, workspace, bundle)
    for day in DAYS:

        async def work(tx: AsyncManagedTransaction, on: date = day) -> dict[str, AccountStaff]:
            return await load_account_staff(tx, workspace, ["a", "b"], on)

        staff = await graph.read(work)
        for account in ("a", "b"):
            assert _seen(staff[account]) == _expected(facts, account, day), (account, day)
