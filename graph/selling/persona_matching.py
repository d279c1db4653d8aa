"""Who matches the workspace's buyer personas, and per account which personas of the buying
committee are engaged, mapped or missing.

A person matches a persona when they work at an account the persona applies to (its company
traits) on the day and fit every part given (title, department, seniority); one person may match
several personas. Engagement is ``graph.reach.engagement``'s. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.batching import batched
from graph.core.client import GraphClient, fetch_all
from graph.core.errors import NotFound
from graph.core.model import Label
from graph.core.pagination import Page, paginate
from graph.core.versioned import version_not_found
from graph.reach.engagement import find_engaged_contacts
from graph.reach.risk import RiskSettings
from graph.selling.committee import AccountStaff, load_account_staff
from graph.selling.personas import Persona, PersonaSet, load_persona_set

_BATCH = 500

_ACCOUNT_IDS: LiteralString = """
MATCH (a:Account {workspace: $workspace})
WHERE a.id IS NOT NULL
RETURN a.id AS id ORDER BY id
"""


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
        for chunk in batched(ids, _BATCH):
            staff.update(await load_account_staff(tx, workspace, chunk, day))
        return chosen, staff

    chosen, staff = await client.read(work)
    if chosen is None:
        raise version_not_found(Label.PERSONA_SET, version, "version")
    return chosen, staff


def _by_account_then_name(match: PersonaMatch) -> tuple[str, str, str]:
    return (match.account_id, match.person_name or "", match.person_id)


async def find_persona_matches(
    client: GraphClient,
    workspace: str,
    persona_key: str | None = None,
    version: int | None = None,
    *,
    day: date,
    first: int,
    after: str | None = None,
) -> Page[PersonaMatch]:
    """People working at the workspace's accounts on ``day`` who match personas (only
    ``persona_key`` when given), by account then name, a page at a time."""
    chosen, staff = await _context(client, workspace, None, version, day)
    personas = [p for p in chosen.personas if persona_key is None or p.key == persona_key]
    found = [m for account in staff.values() for m in persona_matches(personas, account)]
    found.sort(key=_by_account_then_name)
    return paginate(
        found,
        first=first,
        after=after,
        sort_key="personaMatches",
        position=_by_account_then_name,
    )


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
        raise NotFound.of("Account", account_id, argument="accountId")
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
