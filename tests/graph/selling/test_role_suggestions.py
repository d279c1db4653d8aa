"""Suggested buying roles: hand-worked suggestions, never written until accepted."""

from __future__ import annotations

from datetime import date

import pytest

from graph.accounts.accounts import account_from_row
from graph.core.client import GraphClient
from graph.core.errors import InvalidInput, NotFound
from graph.core.model import Seniority
from graph.ingest.imports import load_bundle
from graph.selling.committee import AccountStaff, StaffMember
from graph.selling.personas import Persona, save_personas
from graph.selling.role_suggestions import (
    NotEmployedThere,
    RoleSuggestion,
    accept_suggested_role,
    find_role_suggestions,
    suggest_roles,
)
from tests.graph.selling.committee_bundle import committee_bundle

TODAY = date(2026, 1, 15)
TECH = "Director, manager or architect in IT, Engineering or Security"


async def _suggestions(
    graph: GraphClient, workspace: str, account_id: str, minimum: float = 0.0, *, day: date
) -> list[RoleSuggestion]:
    """Every suggestion at the account (one large page)."""
    page = await find_role_suggestions(graph, workspace, account_id, minimum, day=day, first=100)
    return [s for _, s in page.items]


async def test_suggestions_from_title_seniority_department_and_tree(
    graph: GraphClient, workspace: str
) -> None:
    """Each person gets the roles the rules give them, most confident first, then by name."""
    await load_bundle(graph, workspace, committee_bundle())
    found = await _suggestions(graph, workspace, "acc", day=TODAY)
    assert [(s.person_id, s.role, s.confidence) for s in found] == [
        ("buyer", "PROCUREMENT", 0.8),
        ("counsel", "LEGAL", 0.8),
        ("cfo", "ECONOMIC_BUYER", 0.75),
        ("ceo", "DECISION_MAKER", 0.7),
        ("counsel", "DECISION_MAKER", 0.6),
        ("fin", "BUDGET_HOLDER", 0.6),
        ("it", "TECHNICAL_EVALUATOR", 0.6),
        ("ops", "INFLUENCER", 0.5),
        ("ic1", "END_USER", 0.4),
        ("ic3", "END_USER", 0.4),
        ("ic2", "END_USER", 0.4),
    ]
    assert found[2].reason == "C-level in Finance"
    strong = await _suggestions(graph, workspace, "acc", 0.7, day=TODAY)
    assert len(strong) == 4


async def test_finance_chief_at_the_top_is_the_likely_economic_buyer(
    graph: GraphClient, workspace: str
) -> None:
    """A C-level Finance person with nobody above them at the account gets 0.9."""
    bundle = committee_bundle()
    bundle["reportingLines"] = [r for r in bundle["reportingLines"] if r["personId"] != "cfo"]
    await load_bundle(graph, workspace, bundle)
    found = await _suggestions(graph, workspace, "acc", day=TODAY)
    economic = [s for s in found if s.role == "ECONOMIC_BUYER"]
    assert [(s.person_id, s.confidence) for s in economic] == [("cfo", 0.9)]
    assert economic[0].reason == "C-level in Finance at the top of the account's reporting tree"


async def test_no_economic_buyer_suggested_where_one_is_mapped_and_none_without_people(
    graph: GraphClient, workspace: str
) -> None:
    """A mapped economic buyer silences that suggestion; an account without people has none."""
    await load_bundle(graph, workspace, committee_bundle())
    beta = await _suggestions(graph, workspace, "acc2", day=TODAY)
    assert [s.role for s in beta] == []  # Eve already holds it; C-level Finance gets no other
    assert await _suggestions(graph, workspace, "empty", day=TODAY) == []
    with pytest.raises(NotFound):
        await _suggestions(graph, workspace, "nope", day=TODAY)


async def test_accepting_writes_the_role_once(graph: GraphClient, workspace: str) -> None:
    """Suggestions are not written; accepting writes a HOLDS_ROLE from today, once."""
    await load_bundle(graph, workspace, committee_bundle())
    accepted = await accept_suggested_role(
        graph, workspace, "cfo", "acc", "ECONOMIC_BUYER", day=TODAY
    )
    assert (accepted.created, accepted.from_date) == (True, TODAY)
    after = await _suggestions(graph, workspace, "acc", day=TODAY)
    assert "ECONOMIC_BUYER" not in {s.role for s in after}
    again = await accept_suggested_role(graph, workspace, "cfo", "acc", "ECONOMIC_BUYER", day=TODAY)
    assert again.created is False


async def test_accepting_checks_person_account_and_role(graph: GraphClient, workspace: str) -> None:
    """Only someone working there today; only a known account; only a well-formed role."""
    await load_bundle(graph, workspace, committee_bundle())
    with pytest.raises(NotEmployedThere):
        await accept_suggested_role(graph, workspace, "leaver", "acc", "LEGAL", day=TODAY)
    with pytest.raises(NotFound):
        await accept_suggested_role(graph, workspace, "cfo", "nope", "LEGAL", day=TODAY)
    with pytest.raises(InvalidInput) as raised:
        await accept_suggested_role(graph, workspace, "cfo", "acc", "not a role", day=TODAY)
    assert raised.value.extensions["field"] == "role"
    with pytest.raises(InvalidInput) as typo:
        await accept_suggested_role(graph, workspace, "cfo", "acc", "ECONOMIC_BUYR", day=TODAY)
    assert "ECONOMIC_BUYER" in typo.value.extensions["suggestions"]
    with pytest.raises(NotFound):
        await accept_suggested_role(graph, workspace, "cfo", "acc", "LEGAL", "no-deal", day=TODAY)


async def test_personas_with_a_buying_role_suggest_it(graph: GraphClient, workspace: str) -> None:
    """A persona naming a role suggests it at 0.65, above a weaker rule, custom roles too."""
    await load_bundle(graph, workspace, committee_bundle())
    await save_personas(
        graph,
        workspace,
        [
            Persona(
                "OPS",
                "Operations leader",
                departments=("Operations",),
                seniorities=(Seniority.DIRECTOR,),
                buying_role="INFLUENCER",
            ),
            Persona(
                "SPONSOR",
                "Executive sponsor",
                title_patterns=("chief executive",),
                buying_role="EXECUTIVE_SPONSOR",
            ),
            Persona(
                "CHAMP", "Champion", title_patterns=("sales director",), buying_role="CHAMPION"
            ),
        ],
    )
    found = await _suggestions(graph, workspace, "acc", 0.5, day=TODAY)
    by_key = {(s.person_id, s.role): (s.confidence, s.reason) for s in found}
    assert by_key[("ops", "INFLUENCER")] == (0.65, "Matches the Operations leader persona")
    assert by_key[("ceo", "EXECUTIVE_SPONSOR")] == (0.65, "Matches the Executive sponsor persona")
    assert ("champ", "CHAMPION") not in by_key  # already held
    accepted = await accept_suggested_role(
        graph, workspace, "ceo", "acc", "EXECUTIVE_SPONSOR", day=TODAY
    )
    assert accepted.created  # a persona's custom role is accepted, not taken for a typo


def _staff(*people: tuple[str, str | None, str | None, Seniority]) -> AccountStaff:
    """An account of unrelated people (id, title, department, seniority): nobody manages."""
    return AccountStaff(
        account_from_row({"id": "acc", "name": "Acme"}),
        tuple(
            StaffMember(pid, pid, title, dept, seniority, (), 0, frozenset())
            for pid, title, dept, seniority in people
        ),
    )


def _roles(account: AccountStaff) -> set[tuple[str, str, float, str]]:
    return {(s.person_id, s.role, s.confidence, s.reason) for s in suggest_roles(account)}


def test_title_words_the_rules_do_not_list_suggest_nothing_false() -> None:
    """A Marketing "Media Buyer" is no PROCUREMENT and an individual-contributor "Software
    Engineer" no TECHNICAL_EVALUATOR; both are END_USERs (regression: 'buyer' and 'engineer'
    were read though the rules do not list them, with reasons that were not true)."""
    ic = Seniority.INDIVIDUAL_CONTRIBUTOR
    account = _staff(
        ("media", "Media Buyer", "Marketing", ic),
        ("dev", "Software Engineer", "Engineering", ic),
        ("src", "Sourcing Specialist", "Operations", ic),
        ("arch", "Solutions Architect", "IT", ic),
    )
    line = "Individual contributor in a line department"
    assert _roles(account) == {
        ("media", "END_USER", 0.4, line),
        ("dev", "END_USER", 0.4, line),
        ("src", "PROCUREMENT", 0.8, "Works in procurement or purchasing"),
        ("src", "END_USER", 0.4, line),
        ("arch", "TECHNICAL_EVALUATOR", 0.6, TECH),
        ("arch", "END_USER", 0.4, line),
    }
