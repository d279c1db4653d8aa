"""Seniority read from the title when the field is empty, and suggestions that say so."""

from __future__ import annotations

import pytest

from graph.accounts.accounts import account_from_row
from graph.core.model import Seniority
from graph.selling.committee import AccountStaff, StaffMember
from graph.selling.role_suggestions import suggest_roles
from graph.selling.title_seniority import seniority_from_title

C, VP, DIR, MGR = Seniority.C_LEVEL, Seniority.VP, Seniority.DIRECTOR, Seniority.MANAGER
UNKNOWN = Seniority.UNKNOWN


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("CEO", C),
        ("cfo", C),
        ("COO & Co-founder", C),
        ("CTO", C),
        ("CIO", C),
        ("CMO", C),
        ("CRO", C),
        ("CISO", C),
        ("Chief Revenue Officer", C),
        ("Chief Information Security Officer", C),
        ("President & CEO", C),
        ("VP Sales", VP),
        ("VP, Finance", VP),
        ("SVP Operations", VP),
        ("EVP", VP),
        ("Vice President of Marketing", VP),
        ("Vice-President Engineering", VP),
        ("Director of IT", DIR),
        ("Sr. Director, Procurement", DIR),
        ("Head of Security", DIR),
        ("IT Manager", MGR),
        ("Engineering Mgr", MGR),
        ("VP and Director of Sales", VP),
        ("Chief of Staff", None),
        ("Chief Architect", None),
        ("Executive Assistant to the CEO", None),
        ("Director, Office of the CFO", DIR),
        ("Planner", None),
        ("Covp Analyst", None),
        (None, None),
    ],
)
def test_title_names_the_seniority(title: str | None, level: Seniority | None) -> None:
    """The usual titles and abbreviations give their level, the most senior named winning;
    whole words only, and not what follows "to the" or "office of"."""
    assert seniority_from_title(title) is level


def _account(*people: tuple[str, str, str | None, Seniority, str | None]) -> AccountStaff:
    """(id, title, department, seniority field, manager id) at one account."""
    reports = {m: sum(1 for *_, x in people if x == m) for *_, m in people if m}
    return AccountStaff(
        account_from_row({"id": "acc", "name": "Acme"}),
        tuple(
            StaffMember(
                pid, pid, title, dept, level, (m,) if m else (), reports.get(pid, 0), frozenset()
            )
            for pid, title, dept, level, m in people
        ),
    )


def _found(account: AccountStaff) -> dict[tuple[str, str], tuple[float, str]]:
    return {(s.person_id, s.role): (s.confidence, s.reason) for s in suggest_roles(account)}


def test_vp_and_director_titles_without_a_seniority_field_get_their_roles() -> None:
    """ "VP ..." and "Director ..." / "Head of ..." titles with no seniority are read as VP and
    DIRECTOR, and each reason says the seniority came from the title."""
    found = _found(
        _account(
            ("vp", "VP Sales", "Sales", UNKNOWN, None),
            ("fd", "Finance Director", "Finance", UNKNOWN, None),
            ("it", "Head of IT", "IT", UNKNOWN, None),
            ("mgr", "Security Manager", "Security", UNKNOWN, None),
        )
    )
    tech = "Director, manager or architect in IT, Engineering or Security"
    assert found == {
        ("vp", "DECISION_MAKER"): (0.6, "Vice president (seniority VP read from the title)"),
        ("fd", "BUDGET_HOLDER"): (
            0.6,
            "VP or director in Finance (seniority DIRECTOR read from the title)",
        ),
        ("it", "TECHNICAL_EVALUATOR"): (0.6, f"{tech} (seniority DIRECTOR read from the title)"),
        ("mgr", "TECHNICAL_EVALUATOR"): (0.6, f"{tech} (seniority MANAGER read from the title)"),
    }


def test_c_suite_abbreviations_are_c_level() -> None:
    """CMO, CRO, CISO and CIO without a seniority field are C-level decision makers; a CFO title
    at the top of the tree is the likely economic buyer; the reasons say where seniority came
    from."""
    found = _found(
        _account(
            ("cfo", "CFO", "Finance", UNKNOWN, None),
            ("cmo", "CMO", "Marketing", UNKNOWN, "cfo"),
            ("cro", "CRO", None, UNKNOWN, "cfo"),
            ("ciso", "CISO", "Security", UNKNOWN, "cfo"),
            ("cio", "CIO", "IT", UNKNOWN, "cfo"),
        )
    )
    note = " (seniority C_LEVEL read from the title)"
    assert found[("cfo", "ECONOMIC_BUYER")] == (
        0.9,
        "C-level in Finance at the top of the account's reporting tree" + note,
    )
    for pid in ("cmo", "cro", "ciso", "cio"):
        assert found[(pid, "DECISION_MAKER")] == (0.7, "C-level outside Finance" + note)
    assert len(found) == 5  # nothing else: C-level is neither director nor VP


def test_the_seniority_field_wins_over_the_title() -> None:
    """A seniority set in the CRM is used as is: a "VP Sales" stored as DIRECTOR is no VP, and
    reasons resting on a stored seniority add nothing; roles that do not rest on seniority never
    mention it."""
    found = _found(
        _account(
            ("vp", "VP Sales", "Sales", DIR, None),
            ("legal", "VP Legal", "Legal", UNKNOWN, None),
            ("asst", "Executive Assistant to the CEO", "Executive", UNKNOWN, None),
        )
    )
    assert ("vp", "DECISION_MAKER") not in found
    assert found[("legal", "LEGAL")] == (0.8, "Works in legal or compliance")
    assert found[("legal", "DECISION_MAKER")] == (
        0.6,
        "Vice president (seniority VP read from the title)",
    )
    assert not any(pid == "asst" for pid, _ in found)
