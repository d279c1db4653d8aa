"""One rule for "current on a day", checked on the reach queries: on generated workspaces with
leavers, future starts, future ends, movers between accounts and roles that end before the
employment does, on several days, the people warmestPaths and accountRisk treat as current role
holders, engaged contacts and recent leavers equal a plain-Python predicate written here.

The predicate is deliberately written apart from ``graph.core.temporal``: a thing holds on day
``d`` unless it starts after ``d`` or has ended by ``d`` (its end day is the first day it no
longer holds).
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from graph.core.client import GraphClient
from graph.core.model import BuyingRole
from graph.reach.engagement import find_engaged_contacts
from graph.reach.paths import find_warmest_paths
from graph.reach.risk import RiskFlag, RiskSettings, assess_account_risk
from tests.conftest import new_workspace
from tests.reference.graphs import DAY, TARGET, Sample, temporal_samples, write_sample
from tests.reference.temporal import in_force

EB = BuyingRole.ECONOMIC_BUYER.value
CHAMPION = BuyingRole.CHAMPION.value
MIN_STRENGTH = 0.5
STALE_AFTER_DAYS = 90
LOOKBACK_DAYS = 180
RULES = RiskSettings(
    min_strength=MIN_STRENGTH, stale_after_days=STALE_AFTER_DAYS, lookback_days=LOOKBACK_DAYS
)
DAYS = [DAY + timedelta(days=n) for n in (-200, -100, -50, -11, -10, -1, 0, 5, 20, 30)]
EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _works_at_target(sample: Sample, person: str, day: date) -> bool:
    return any(
        e.person == person and e.org == TARGET and in_force(e.start, e.end, day)
        for e in sample.employments
    )


def _holders(sample: Sample, role: str, day: date) -> list[str]:
    """Holding the role at the target on the day and working there that day."""
    return sorted(
        {
            r.person
            for r in sample.roles
            if r.role == role
            and r.account == TARGET
            and in_force(r.start, r.end, day)
            and _works_at_target(sample, r.person, day)
        }
    )


def _engaged_on(sample: Sample, person: str, day: date) -> bool:
    """A KNOWS with one of our sellers, strong enough, last touched within the window."""
    stale = day - timedelta(days=STALE_AFTER_DAYS)
    for edge in sample.edges:
        if edge.kind != "KNOWS" or person not in (edge.source, edge.target):
            continue
        other = edge.target if edge.source == person else edge.source
        if other not in sample.sellers:
            continue
        last = edge.last_interaction
        if (edge.strength or 0.0) >= MIN_STRENGTH and (last is None or last >= stale):
            return True
    return False


def _engaged(sample: Sample, day: date) -> list[str]:
    return sorted(
        p for p in sample.people if _works_at_target(sample, p, day) and _engaged_on(sample, p, day)
    )


def _leavers(sample: Sample, day: date) -> list[str]:
    """Left the target within the lookback (latest end in the window), not back there on the
    day, and on their last day held a role there or were engaged when they left."""
    found = []
    for person in sample.people:
        if _works_at_target(sample, person, day):
            continue
        ends = [
            e.end
            for e in sample.employments
            if e.person == person
            and e.org == TARGET
            and e.end is not None
            and day - timedelta(days=LOOKBACK_DAYS) <= e.end <= day
        ]
        if not ends:
            continue
        left = max(ends)
        last_day = left - timedelta(days=1)
        held = any(
            r.person == person and r.account == TARGET and in_force(r.start, r.end, last_day)
            for r in sample.roles
        )
        if held or _engaged_on(sample, person, left):
            found.append(person)
    return found


@given(sample=temporal_samples(), days=st.lists(st.sampled_from(DAYS), min_size=3, max_size=3))
@EXAMPLES
async def test_reach_queries_agree_with_the_plain_rule(
    graph: GraphClient, sample: Sample, days: list[date]
) -> None:
    """Role holders (warmestPaths), economic buyers, champions, engaged contacts and recent
    leavers (accountRisk) and engagement's own statement match the plain predicate each day."""
    workspace = new_workspace("ws")
    await write_sample(graph, workspace, sample)
    for day in sorted(set(days)):
        buyers, champions = _holders(sample, EB, day), _holders(sample, CHAMPION, day)
        engaged, leavers = _engaged(sample, day), _leavers(sample, day)
        event(f"buyers {bool(buyers)}, engaged {bool(engaged)}, leavers {bool(leavers)}")
        to_buyers = await find_warmest_paths(graph, workspace, TARGET, as_of=day)
        assert list(to_buyers.role_holder_ids) == buyers, day
        to_champions = await find_warmest_paths(graph, workspace, TARGET, CHAMPION, as_of=day)
        assert list(to_champions.role_holder_ids) == champions, day
        risk = await assess_account_risk(graph, workspace, TARGET, RULES, as_of=day)
        assert [p.id for p in risk.economic_buyers] == buyers, day
        assert [p.id for p in risk.champions] == champions, day
        assert sorted(c.id for c in risk.engaged_contacts) == engaged, day
        left = [f for f in risk.flags if f.flag is RiskFlag.CONTACT_LEFT]
        assert sorted(d.id for f in left for d in f.departures) == leavers, day
        lean = await find_engaged_contacts(graph, workspace, [TARGET], day, RULES)
        assert sorted(c.id for c in lean[TARGET]) == engaged, day
