"""Engaged contacts through engagement's own lean statement (what selling asks for)."""

from __future__ import annotations

from datetime import timedelta

from graph.core.client import GraphClient
from graph.reach.engagement import EngagementRule, find_engaged_contacts
from graph.reach.risk import RiskSettings, assess_account_risk
from tests.reference.graphs import DAY, OTHER, TARGET, Edge, Employment, Sample, write_sample

START = DAY - timedelta(days=300)


def _sample() -> Sample:
    """At the target: strong (0.9, recent), weak (0.3), stale (0.9, 200 days ago), gone (left),
    soon (starts next month), twice (two current jobs there); at the other account: other."""
    people = ["strong", "weak", "stale", "gone", "soon", "twice", "other"]
    jobs = [
        Employment("strong", TARGET, False, START, None, "Finance", "CFO"),
        Employment("weak", TARGET, False, START, None),
        Employment("stale", TARGET, False, START, None),
        Employment("gone", TARGET, False, START, DAY - timedelta(days=1)),
        Employment("soon", TARGET, False, DAY + timedelta(days=30), None),
        Employment("twice", TARGET, False, START, None, "IT", "Engineer"),
        Employment("twice", TARGET, False, DAY - timedelta(days=10), None, "Ops", "Head of Ops"),
        Employment("other", OTHER, False, START, None),
    ]
    recent, old = DAY - timedelta(days=10), DAY - timedelta(days=200)
    edges = [
        Edge("KNOWS", "s0", "strong", 0.9, recent),
        Edge("KNOWS", "weak", "s1", 0.3, recent),
        Edge("KNOWS", "s0", "stale", 0.9, old),
        Edge("KNOWS", "s0", "gone", 0.9, recent),
        Edge("KNOWS", "s0", "soon", 0.9, recent),
        Edge("KNOWS", "twice", "s1", 0.6, None),
        Edge("KNOWS", "twice", "s0", 0.5, recent),
        Edge("KNOWS", "s0", "other", 0.9, recent),
    ]
    return Sample(["s0", "s1"], people, {}, jobs, [], edges)


async def test_engaged_contacts_on_the_day(graph: GraphClient, workspace: str) -> None:
    """Employed on the day, strong enough and recent enough; the latest current job describes
    a person with two; every account asked for answers, unknown ones are absent."""
    await write_sample(graph, workspace, _sample())
    found = await find_engaged_contacts(graph, workspace, [TARGET, OTHER, "nope"], DAY)
    assert set(found) == {TARGET, OTHER}
    strong, twice = found[TARGET]
    assert (strong.id, strong.title, strong.department, strong.seller_ids) == (
        "strong",
        "CFO",
        "Finance",
        ("s0",),
    )
    assert (twice.id, twice.title, twice.seller_ids, twice.strength) == (
        "twice",
        "Head of Ops",
        ("s0", "s1"),
        0.6,
    )
    assert [c.id for c in found[OTHER]] == ["other"]
    lenient = await find_engaged_contacts(
        graph, workspace, [TARGET], DAY, EngagementRule(min_strength=0.3, stale_after_days=365)
    )
    assert [c.id for c in lenient[TARGET]] == ["stale", "strong", "twice", "weak"]
    later = await find_engaged_contacts(graph, workspace, [TARGET], DAY + timedelta(days=40))
    assert {c.id for c in later[TARGET]} == {"soon", "strong", "twice"}


async def test_risk_uses_the_same_rule(graph: GraphClient, workspace: str) -> None:
    """accountRisk's engaged contacts are engagement's, with the same thresholds."""
    await write_sample(graph, workspace, _sample())
    settings = RiskSettings(min_strength=0.3)
    risk = await assess_account_risk(graph, workspace, TARGET, settings, as_of=DAY)
    lean = await find_engaged_contacts(graph, workspace, [TARGET], DAY, settings)
    assert risk.engaged_contacts == lean[TARGET]
