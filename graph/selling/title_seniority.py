"""Seniority read from a job title, for people whose seniority field is empty.

CRM exports often leave seniority blank while the title says it plainly ("VP Sales", "CISO").
The suggestion rules (``graph.selling.role_suggestions``) read the title then, with the usual
abbreviations, the most senior level the title names winning:

- C_LEVEL: CEO, CFO, COO, CTO, CIO, CMO, CRO, CISO, CSO, CPO, CDO, CCO, CAO, CHRO, or
  "Chief ... Officer";
- VP: VP, SVP, EVP, "Vice President";
- DIRECTOR: "Director", "Head of";
- MANAGER: "Manager", "Mgr".

Words are whole and case-insensitive ("vp" is not read inside "svp", which is VP anyway). What
follows "to the" or "office of" names someone else ("Executive Assistant to the CEO", "Director,
Office of the CFO"), so it is not read. Nothing is read as INDIVIDUAL_CONTRIBUTOR: most titles
do not say it. Personas match the seniority field as stored.
"""

from __future__ import annotations

import re

from graph.core.model import Seniority

_C_SUITE = (
    "ceo",
    "cfo",
    "coo",
    "cto",
    "cio",
    "cmo",
    "cro",
    "ciso",
    "cso",
    "cpo",
    "cdo",
    "cco",
    "cao",
    "chro",
)

# Highest level first: the first that matches is the title's seniority.
_LEVELS: tuple[tuple[Seniority, re.Pattern[str]], ...] = (
    (
        Seniority.C_LEVEL,
        re.compile(r"\b(?:" + "|".join(_C_SUITE) + r")\b|\bchief\b(?:\s+[\w&/-]+)*?\s+officer\b"),
    ),
    (Seniority.VP, re.compile(r"\b(?:vp|svp|evp)\b|\bvice[\s-]+president\b")),
    (Seniority.DIRECTOR, re.compile(r"\bdirector\b|\bhead\s+of\b")),
    (Seniority.MANAGER, re.compile(r"\b(?:manager|mgr)\b")),
)

# "Assistant to the CEO", "Office of the CFO": the rest of the title is about someone else.
_SOMEONE_ELSE = re.compile(r"\bto\s+the\b|\boffice\s+of\b")


def seniority_from_title(title: str | None) -> Seniority | None:
    """The seniority the title names (None when it names none)."""
    text = (title or "").casefold()
    found = _SOMEONE_ELSE.search(text)
    if found:
        text = text[: found.start()]
    return next((level for level, words in _LEVELS if words.search(text)), None)
