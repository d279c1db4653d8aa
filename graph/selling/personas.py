"""Buyer personas: the workspace's versioned definitions, one per member of the buying team.

A persona describes one member of the buying team (owner, finance, operations...): title
patterns (case-insensitive, whole words: "cfo" or "finance director"; punctuation belongs to the
word, so "sr." matches "Sr. Director" and "c.f.o." matches "C.F.O."), departments and
seniorities it takes, and company traits (industries, countries or regions, an employee band)
of the accounts where it applies. Every part left empty matches anything.

Definitions are saved as a whole, versioned set through ``graph.core.versioned`` (label
``PersonaSet``, field ``personas``): a quarterly review saves a new version and can compare any
account under the old and the new one. A workspace without a saved set has version 0 with no
personas. Who matches them, and where each stands per account: ``graph.selling.persona_matching``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.accounts.accounts import Account
from graph.core.client import GraphClient
from graph.core.errors import InvalidInput
from graph.core.model import Label, Seniority
from graph.core.pagination import Page, paginate
from graph.core.versioned import (
    StoredVersion,
    find_version,
    list_versions,
    load_version,
    save_version,
)
from graph.selling.committee import StaffMember

_KEY = re.compile(r"^[A-Z][A-Z0-9_]{0,63}$")


class InvalidPersonas(InvalidInput):
    """A persona set that cannot be saved; ``problems`` lists each reason (also in
    ``extensions.errors``)."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(
            "The personas are invalid: " + "; ".join(problems),
            field="personas",
            extensions={"errors": list(problems)},
        )
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Persona:
    """One buyer persona; empty parts match anything."""

    key: str  # upper snake case, stable across versions (e.g. FINANCE_LEADER)
    name: str
    title_patterns: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    seniorities: tuple[Seniority, ...] = ()
    industries: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    min_employees: int | None = None
    max_employees: int | None = None
    description: str | None = None
    buying_role: str | None = None  # the role people matching it usually hold (suggested)

    def applies_to(self, account: Account) -> bool:
        """Whether the account has the company traits the persona asks for."""
        if self.industries and _fold(account.industry) not in _folds(self.industries):
            return False
        if (self.countries or self.regions) and not (
            _fold(account.country) in _folds(self.countries)
            or _fold(account.region) in _folds(self.regions)
        ):
            return False
        if self.min_employees is not None or self.max_employees is not None:
            if account.employees is None:
                return False
            if self.min_employees is not None and account.employees < self.min_employees:
                return False
            if self.max_employees is not None and account.employees > self.max_employees:
                return False
        return True

    def fits(self, member: StaffMember) -> bool:
        """Whether the person fits the persona's title, department and seniority."""
        if self.title_patterns and not any(
            _title_matches(member.title, p) for p in self.title_patterns
        ):
            return False
        if self.departments and _fold(member.department) not in _folds(self.departments):
            return False
        return not self.seniorities or member.seniority in self.seniorities


@dataclass(frozen=True)
class PersonaSet:
    """A version of the workspace's personas (version 0: none saved)."""

    version: int
    personas: tuple[Persona, ...] = ()
    note: str | None = None
    created_at: datetime | None = None


def _fold(value: str | None) -> str:
    return (value or "").strip().casefold()


def _folds(values: Sequence[str]) -> set[str]:
    return {_fold(v) for v in values if v.strip()}


def _title_matches(title: str | None, pattern: str) -> bool:
    """Whole words, case-insensitive: the pattern's words in order, separated by any spacing, and
    not glued to a letter or digit of the title. Punctuation is part of a word ("sr." matches "Sr.
    Director", "c.f.o." matches "C.F.O."): the "not glued" check applies at an edge of the pattern
    that is a letter or digit (``\\b`` alone would demand a letter next to a final ".")."""
    words = pattern.casefold().split()
    if not words:
        return False
    start = r"(?<!\w)" if re.match(r"\w", words[0]) else ""
    end = r"(?!\w)" if re.search(r"\w$", words[-1]) else ""
    body = r"\s+".join(re.escape(w) for w in words)
    return re.search(start + body + end, _fold(title)) is not None


def check_personas(personas: Sequence[Persona]) -> list[str]:
    """Every reason the set cannot be saved (empty when it can)."""
    problems = []
    keys = [p.key for p in personas]
    for duplicate in sorted({k for k in keys if keys.count(k) > 1}):
        problems.append(f"persona key {duplicate!r} appears twice")
    for i, p in enumerate(personas):
        where = f"personas[{i}]"
        if not _KEY.match(p.key):
            problems.append(f"{where}: key must be upper snake case, e.g. FINANCE_LEADER")
        if not p.name.strip():
            problems.append(f"{where}: name cannot be empty")
        if any(not t.strip() for t in p.title_patterns):
            problems.append(f"{where}: title patterns cannot be empty")
        if p.buying_role is not None and not _KEY.match(p.buying_role):
            problems.append(f"{where}: buyingRole must be upper snake case, e.g. ECONOMIC_BUYER")
        low, high = p.min_employees, p.max_employees
        if (low is not None and low < 0) or (low is not None and high is not None and low > high):
            problems.append(f"{where}: the employee band is empty")
    return problems


def _persona_json(p: Persona) -> dict[str, Any]:
    return {
        "key": p.key,
        "name": p.name,
        "titlePatterns": list(p.title_patterns),
        "departments": list(p.departments),
        "seniorities": [s.value for s in p.seniorities],
        "industries": list(p.industries),
        "countries": list(p.countries),
        "regions": list(p.regions),
        "minEmployees": p.min_employees,
        "maxEmployees": p.max_employees,
        "description": p.description,
        "buyingRole": p.buying_role,
    }


def _persona_of(d: Mapping[str, Any]) -> Persona:
    return Persona(
        key=d["key"],
        name=d["name"],
        title_patterns=tuple(d.get("titlePatterns") or ()),
        departments=tuple(d.get("departments") or ()),
        seniorities=tuple(Seniority(s) for s in d.get("seniorities") or ()),
        industries=tuple(d.get("industries") or ()),
        countries=tuple(d.get("countries") or ()),
        regions=tuple(d.get("regions") or ()),
        min_employees=d.get("minEmployees"),
        max_employees=d.get("maxEmployees"),
        description=d.get("description"),
        buying_role=d.get("buyingRole"),
    )


def _set_of(stored: StoredVersion) -> PersonaSet:
    return PersonaSet(
        version=stored.version,
        personas=tuple(_persona_of(p) for p in stored.fields.get("personas", ())),
        note=stored.note,
        created_at=stored.created_at,
    )


async def save_personas(
    client: GraphClient, workspace: str, personas: Sequence[Persona], note: str | None = None
) -> PersonaSet:
    """Save a new version of the workspace's personas; ``InvalidPersonas`` lists every
    problem (nothing is written then)."""
    problems = check_personas(personas)
    if problems:
        raise InvalidPersonas(problems)
    fields = {"personas": [_persona_json(p) for p in personas]}
    return _set_of(await save_version(client, Label.PERSONA_SET, workspace, fields, note))


async def load_persona_set(
    tx: AsyncManagedTransaction, workspace: str, version: int | None = None
) -> PersonaSet | None:
    """The latest set (or ``version``) inside a transaction; version 0 when none was saved,
    None when the version asked for does not exist."""
    stored = await load_version(tx, Label.PERSONA_SET, workspace, version)
    return None if stored is None else _set_of(stored)


async def find_personas(
    client: GraphClient, workspace: str, version: int | None = None
) -> PersonaSet:
    """The latest persona set (or ``version``); version 0 when none was saved. ``NotFound``
    for a version that does not exist."""
    return _set_of(await find_version(client, Label.PERSONA_SET, workspace, version))


def _newest_first(persona_set: PersonaSet) -> tuple[int, str]:
    return (-persona_set.version, str(persona_set.version))


async def list_persona_sets(
    client: GraphClient, workspace: str, *, first: int, after: str | None = None
) -> Page[PersonaSet]:
    """Every saved version, newest first, a page at a time."""
    found = [_set_of(s) for s in await list_versions(client, Label.PERSONA_SET, workspace)]
    return paginate(found, first=first, after=after, sort_key="personaSets", position=_newest_first)
