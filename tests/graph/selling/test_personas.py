"""Buyer personas: versioned definitions, matching people, mapped/engaged/missing per account."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from graph.core.client import GraphClient
from graph.core.errors import NotFound
from graph.core.model import Seniority
from graph.ingest.imports import load_bundle
from graph.selling.committee import StaffMember
from graph.selling.persona_matching import (
    PersonaStatus,
    find_account_personas,
    find_persona_matches,
)
from graph.selling.personas import (
    InvalidPersonas,
    Persona,
    find_personas,
    list_persona_sets,
    save_personas,
)
from tests.graph.selling.committee_bundle import committee_bundle

TODAY = date(2026, 1, 15)

PERSONAS = [
    Persona("FINANCE_LEADER", "Finance leader", title_patterns=("cfo", "finance director")),
    Persona(
        "OPS_LEADER",
        "Operations leader",
        departments=("operations",),
        seniorities=(Seniority.DIRECTOR, Seniority.VP),
    ),
    Persona("IT_BUYER", "IT buyer", departments=("IT",), industries=("Software",)),
    Persona("LEGAL_GATEKEEPER", "Legal", title_patterns=("General Counsel",)),
    Persona("SECURITY_REVIEWER", "Security reviewer", departments=("Security",)),
    Persona("SALES_CHAMPION", "Sales champion", title_patterns=("sales director",)),
]


def _bundle() -> dict[str, Any]:
    bundle = committee_bundle()
    bundle["accounts"][0].update(industry="Logistics", employees=500)
    return bundle


async def test_account_personas_mapped_engaged_missing(graph: GraphClient, workspace: str) -> None:
    """Personas that apply to the account are ENGAGED, MAPPED or MISSING; others are left out."""
    await load_bundle(graph, workspace, _bundle())
    await save_personas(graph, workspace, PERSONAS, note="Q1 review")
    found = await find_account_personas(graph, workspace, "acc", day=TODAY)
    assert found.version == 1
    assert [(p.persona.key, p.status, [m.person_id for m in p.mapped]) for p in found.personas] == [
        ("FINANCE_LEADER", PersonaStatus.MAPPED, ["cfo", "fin"]),
        ("OPS_LEADER", PersonaStatus.MAPPED, ["ops"]),
        ("LEGAL_GATEKEEPER", PersonaStatus.MAPPED, ["counsel"]),
        ("SECURITY_REVIEWER", PersonaStatus.MISSING, []),
        ("SALES_CHAMPION", PersonaStatus.ENGAGED, ["champ"]),
    ]
    assert found.missing == ("SECURITY_REVIEWER",)
    assert found.personas[4].engaged_ids == ("champ",)


async def test_matches_across_the_workspace_skip_people_who_left(
    graph: GraphClient, workspace: str
) -> None:
    """People working at accounts today match; the former CFO does not."""
    await load_bundle(graph, workspace, _bundle())
    await save_personas(graph, workspace, PERSONAS)
    found = await find_persona_matches(graph, workspace, "FINANCE_LEADER", day=TODAY, first=10)
    assert [(m.account_id, m.person_id) for _, m in found.items] == [
        ("acc", "cfo"),
        ("acc", "fin"),
        ("acc2", "eve"),
    ]
    everyone = await find_persona_matches(graph, workspace, day=TODAY, first=4)
    rest = await find_persona_matches(
        graph, workspace, day=TODAY, first=4, after=everyone.end_cursor
    )
    assert (everyone.total_count, len(everyone.items), len(rest.items)) == (6, 4, 2)
    assert {m.person_id for _, m in everyone.items}.isdisjoint(m.person_id for _, m in rest.items)


async def test_versions_compare_under_old_and_new_definitions(
    graph: GraphClient, workspace: str
) -> None:
    """A quarterly review saves a new version; the old one still answers."""
    await load_bundle(graph, workspace, _bundle())
    await save_personas(graph, workspace, PERSONAS)
    narrower = [
        Persona(
            "FINANCE_LEADER",
            "Finance chief",
            title_patterns=("cfo",),
            seniorities=(Seniority.C_LEVEL,),
        )
    ]
    assert (await save_personas(graph, workspace, narrower)).version == 2
    assert [s.version for _, s in (await list_persona_sets(graph, workspace, first=5)).items] == [
        2,
        1,
    ]
    new = await find_account_personas(graph, workspace, "acc", day=TODAY)
    old = await find_account_personas(graph, workspace, "acc", version=1, day=TODAY)
    assert [m.person_id for m in new.personas[0].mapped] == ["cfo"]
    assert [m.person_id for m in old.personas[0].mapped] == ["cfo", "fin"]
    with pytest.raises(NotFound):
        await find_personas(graph, workspace, 7)


async def test_no_personas_and_no_people(graph: GraphClient, workspace: str) -> None:
    """Without a saved set there is nothing to miss; an account without people misses all."""
    await load_bundle(graph, workspace, _bundle())
    bare = await find_account_personas(graph, workspace, "acc", day=TODAY)
    assert (bare.version, bare.personas) == (0, ())
    await save_personas(graph, workspace, PERSONAS)
    empty = await find_account_personas(graph, workspace, "empty", day=TODAY)
    assert empty.missing == (
        "FINANCE_LEADER",
        "OPS_LEADER",
        "LEGAL_GATEKEEPER",
        "SECURITY_REVIEWER",
        "SALES_CHAMPION",
    )  # IT_BUYER needs a software company; `empty` has no industry
    with pytest.raises(NotFound):
        await find_account_personas(graph, workspace, "nope", day=TODAY)


async def test_invalid_personas_list_every_problem(graph: GraphClient, workspace: str) -> None:
    """Bad keys, duplicates, empty names and empty bands are reported; nothing is saved."""
    bad = [
        Persona("finance", "x"),
        Persona("OPS", " "),
        Persona("OPS", "Ops", min_employees=50, max_employees=10),
    ]
    with pytest.raises(InvalidPersonas) as raised:
        await save_personas(graph, workspace, bad)
    assert len(raised.value.problems) == 4
    assert raised.value.extensions["field"] == "personas"
    assert (await list_persona_sets(graph, workspace, first=5)).total_count == 0


def _member(title: str) -> StaffMember:
    return StaffMember("p", "P", title, None, Seniority.UNKNOWN, (), 0, frozenset())


@pytest.mark.parametrize(
    ("pattern", "title", "fits"),
    [
        ("sr.", "Sr. Director, Finance", True),
        ("c.f.o.", "C.F.O.", True),
        ("c.f.o.", "Group C.F.O. and Treasurer", True),
        ("(interim)", "CFO (Interim)", True),
        ("sr", "Sr. Director", True),
        ("vp", "SVP Sales", False),
        ("cfo", "Deputy CFO", True),
        ("cfo", "CFOs' assistant", False),
        ("finance director", "Finance  Director", True),
        ("sr.", "Senior Director", False),
    ],
)
def test_title_patterns_with_punctuation_match_whole_words(
    pattern: str, title: str, fits: bool
) -> None:
    """A pattern that starts or ends with punctuation matches as a whole word, case-insensitive
    (regression: "sr." never matched "Sr. Director" under \\b)."""
    assert Persona("P", "P", title_patterns=(pattern,)).fits(_member(title)) is fits
