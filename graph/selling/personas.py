"""Buyer personas: versioned definitions, the people who match them, and per account which
personas of the buying committee are mapped, engaged or missing.

A persona describes one member of the buying team (owner, finance, operations...): title
patterns (case-insensitive, whole words: "cfo" or "finance director"), departments and
seniorities it takes, and company traits (industries, countries or regions, an employee band)
of the accounts where it applies. Every part left empty matches anything. A person matches when
they work at an account the persona applies to and fit every part given; one person may match
several personas.

Definitions are saved as a whole, versioned set (``(:PersonaSet {workspace, version, personas,
note, createdAt})``, personas as JSON): a quarterly review saves a new version and can compare
any account under the old and the new one. A workspace without a saved set has version 0 with no
personas. Engagement is ``graph.reach.risk``'s. Nothing here writes but ``save_personas``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.accounts.accounts import Account
from graph.core.client import GraphClient, fetch_all, fetch_one
from graph.core.errors import GraphError, NotFound
from graph.core.model import Seniority
from graph.reach.engagement import find_engaged_contacts
from graph.reach.risk import RiskSettings
from graph.selling.committee import AccountStaff, StaffMember, load_account_staff

_KEY = re.compile(r"^[A-Z][A-Z0-9_]{0,63}$")
_BATCH = 500


class InvalidPersonas(GraphError):
    """A persona set that cannot be saved; ``problems`` lists each reason."""

    code = "INVALID_INPUT"

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("The personas are invalid: " + "; ".join(problems))
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


@dataclass(frozen=True)
class PersonaMatch:
    """Someone working at an account who matches personas."""

    person_id: str
    person_name: str | None
    title: str | None
    account_id: str
    persona_keys: tuple[str, ...]


class PersonaStatus(StrEnum):
    """Where a persona of the committee stands at one account."""

    ENGAGED = "ENGAGED"  # someone matching it is an engaged contact
    MAPPED = "MAPPED"  # someone matching it works there, nobody of them engaged
    MISSING = "MISSING"  # nobody working there matches it


@dataclass(frozen=True)
class PersonaCoverage:
    """One persona at one account."""

    persona: Persona
    status: PersonaStatus
    mapped: tuple[PersonaMatch, ...]
    engaged_ids: tuple[str, ...]


@dataclass(frozen=True)
class AccountPersonas:
    """The personas that apply to one account and where each stands."""

    account_id: str
    account_name: str
    version: int
    personas: tuple[PersonaCoverage, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        """Keys of the personas nobody working there matches."""
        return tuple(p.persona.key for p in self.personas if p.status is PersonaStatus.MISSING)


def _fold(value: str | None) -> str:
    return (value or "").strip().casefold()


def _folds(values: Sequence[str]) -> set[str]:
    return {_fold(v) for v in values if v.strip()}


def _title_matches(title: str | None, pattern: str) -> bool:
    words = [re.escape(w) for w in pattern.casefold().split()]
    return bool(words) and re.search(r"\b" + r"\s+".join(words) + r"\b", _fold(title)) is not None


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


def _set_of(row: Mapping[str, Any]) -> PersonaSet:
    created = row.get("createdAt")
    return PersonaSet(
        version=int(row["version"]),
        personas=tuple(_persona_of(p) for p in json.loads(row["personas"])),
        note=row.get("note"),
        created_at=None if created is None else created.to_native(),
    )


# The workspace node holds the version counter: its write lock serialises concurrent saves.
_SAVE: LiteralString = """
MERGE (w:Workspace {id: $workspace})
SET w.personaSetVersion = coalesce(w.personaSetVersion, 0) + 1
CREATE (s:PersonaSet {workspace: $workspace, version: w.personaSetVersion, personas: $personas,
  note: $note, createdAt: datetime()})
RETURN s {.*} AS personaSet
"""

_LOAD: LiteralString = """
MATCH (s:PersonaSet {workspace: $workspace})
WHERE $version IS NULL OR s.version = $version
RETURN s {.*} AS personaSet
ORDER BY s.version DESC
LIMIT 1
"""

_VERSIONS: LiteralString = """
MATCH (s:PersonaSet {workspace: $workspace})
RETURN s {.*} AS personaSet
ORDER BY s.version DESC
"""

_ACCOUNT_IDS: LiteralString = """
MATCH (a:Account {workspace: $workspace})
WHERE a.id IS NOT NULL
RETURN a.id AS id ORDER BY id
"""


async def save_personas(
    client: GraphClient, workspace: str, personas: Sequence[Persona], note: str | None = None
) -> PersonaSet:
    """Save a new version of the workspace's personas; ``InvalidPersonas`` lists every
    problem (nothing is written then)."""
    problems = check_personas(personas)
    if problems:
        raise InvalidPersonas(problems)
    parameters = {
        "workspace": workspace,
        "personas": json.dumps([_persona_json(p) for p in personas]),
        "note": note,
    }

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        return await fetch_one(tx, _SAVE, parameters)

    row = await client.write(work)
    assert row is not None
    return _set_of(row["personaSet"])


async def load_persona_set(
    tx: AsyncManagedTransaction, workspace: str, version: int | None = None
) -> PersonaSet | None:
    """The latest set (or ``version``) inside a transaction; version 0 when none was saved,
    None when the version asked for does not exist."""
    row = await fetch_one(tx, _LOAD, {"workspace": workspace, "version": version})
    if row is None:
        return None if version else PersonaSet(version=0)
    return _set_of(row["personaSet"])


async def find_personas(
    client: GraphClient, workspace: str, version: int | None = None
) -> PersonaSet:
    """The latest persona set (or ``version``); version 0 when none was saved. ``NotFound``
    for a version that does not exist."""

    async def work(tx: AsyncManagedTransaction) -> PersonaSet | None:
        return await load_persona_set(tx, workspace, version)

    found = await client.read(work)
    if found is None:
        raise NotFound(f"No persona set version {version} in this workspace.")
    return found


async def list_persona_sets(client: GraphClient, workspace: str) -> list[PersonaSet]:
    """Every saved version, newest first."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(tx, _VERSIONS, {"workspace": workspace})

    return [_set_of(r["personaSet"]) for r in await client.read(work)]


def persona_matches(personas: Sequence[Persona], staff: AccountStaff) -> list[PersonaMatch]:
    """Who at the account matches which of the personas that apply to it (pure)."""
    account = staff.account
    applicable = [p for p in personas if p.applies_to(account)]
    found = []
    for member in staff.staff:
        keys = tuple(p.key for p in applicable if p.fits(member))
        if keys:
            found.append(PersonaMatch(member.id, member.name, member.title, account.id, keys))
    return found


async def _context(
    client: GraphClient,
    workspace: str,
    account_ids: Sequence[str] | None,
    version: int | None,
    day: date,
) -> tuple[PersonaSet, dict[str, AccountStaff]]:
    async def work(
        tx: AsyncManagedTransaction,
    ) -> tuple[PersonaSet | None, dict[str, AccountStaff]]:
        chosen = await load_persona_set(tx, workspace, version)
        ids = (
            list(account_ids)
            if account_ids is not None
            else [r["id"] for r in await fetch_all(tx, _ACCOUNT_IDS, {"workspace": workspace})]
        )
        staff: dict[str, AccountStaff] = {}
        for start in range(0, len(ids), _BATCH):
            staff.update(await load_account_staff(tx, workspace, ids[start : start + _BATCH], day))
        return chosen, staff

    chosen, staff = await client.read(work)
    if chosen is None:
        raise NotFound(f"No persona set version {version} in this workspace.")
    return chosen, staff


async def find_persona_matches(
    client: GraphClient,
    workspace: str,
    persona_key: str | None = None,
    version: int | None = None,
    *,
    day: date,
) -> list[PersonaMatch]:
    """People working at the workspace's accounts on ``day`` who match personas (only
    ``persona_key`` when given), by account then name."""
    chosen, staff = await _context(client, workspace, None, version, day)
    personas = [p for p in chosen.personas if persona_key is None or p.key == persona_key]
    found = []
    for account_id in sorted(staff):
        found.extend(persona_matches(personas, staff[account_id]))
    return found


async def find_account_personas(
    client: GraphClient,
    workspace: str,
    account_id: str,
    version: int | None = None,
    *,
    day: date,
    settings: RiskSettings | None = None,
) -> AccountPersonas:
    """Which personas apply to the account (its company traits), and for each whether
    someone working there matches it and whether our team engages them. ``NotFound`` for an
    unknown account or persona version."""
    chosen, staff = await _context(client, workspace, [account_id], version, day)
    if account_id not in staff:
        raise NotFound(f"No account {account_id!r} in this workspace.")
    account = staff[account_id].account
    matches = persona_matches(chosen.personas, staff[account_id])
    engaged: set[str] = set()
    if matches:
        found = await find_engaged_contacts(client, workspace, [account_id], day, settings)
        engaged = {e.id for e in found.get(account_id, ())}
    rows = []
    for persona in chosen.personas:
        if not persona.applies_to(account):
            continue
        mapped = tuple(m for m in matches if persona.key in m.persona_keys)
        engaged_ids = tuple(m.person_id for m in mapped if m.person_id in engaged)
        status = (
            PersonaStatus.ENGAGED
            if engaged_ids
            else PersonaStatus.MAPPED
            if mapped
            else PersonaStatus.MISSING
        )
        rows.append(PersonaCoverage(persona, status, mapped, engaged_ids))
    return AccountPersonas(account_id, account.name, chosen.version, tuple(rows))
