"""Buyer personas: versioned definitions, matching people, per-account committee personas."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from graph.core.model import Seniority
from graph.selling import personas as graph_personas
from schema.core.context import Info
from schema.core.errors import InvalidInput
from schema.core.permissions import page_size, require_member_read
from schema.selling.scoring import require_model_editor

# The model's enums are registered in place; another module may have registered it already.
if not hasattr(Seniority, "__strawberry_definition__"):
    strawberry.enum(Seniority, description="How senior a person is.")
PersonaStatus = strawberry.enum(
    graph_personas.PersonaStatus,
    description="ENGAGED (someone matching it is engaged), MAPPED (someone matches, not "
    "engaged), MISSING (nobody working there matches).",
)


@strawberry.input(description="A buyer persona; parts left empty match anything.")
class PersonaInput:
    key: str = strawberry.field(description="Upper snake case, stable across versions.")
    name: str = strawberry.field(description="e.g. Finance leader.")
    title_patterns: list[str] = strawberry.field(
        default_factory=list, description="Whole words, case-insensitive: 'cfo', 'vp finance'."
    )
    departments: list[str] = strawberry.field(default_factory=list, description="Any of these.")
    seniorities: list[Seniority] = strawberry.field(
        default_factory=list, description="Any of these."
    )
    industries: list[str] = strawberry.field(
        default_factory=list, description="Company trait: the account's industry is one of these."
    )
    countries: list[str] = strawberry.field(
        default_factory=list, description="Company trait: the account's country..."
    )
    regions: list[str] = strawberry.field(
        default_factory=list, description="...or region is one of these."
    )
    min_employees: int | None = strawberry.field(default=None, description="Company trait.")
    max_employees: int | None = strawberry.field(default=None, description="Company trait.")
    description: str | None = strawberry.field(default=None, description="Notes for the team.")
    buying_role: str | None = strawberry.field(
        default=None,
        description="The role people matching it usually hold: suggested to them (0.65).",
    )


@strawberry.type(description="A buyer persona.")
class Persona:
    key: str = strawberry.field(description="Stable key.")
    name: str = strawberry.field(description="Its name.")
    title_patterns: list[str] = strawberry.field(description="Title words that match.")
    departments: list[str] = strawberry.field(description="Departments that match.")
    seniorities: list[Seniority] = strawberry.field(description="Seniorities that match.")
    industries: list[str] = strawberry.field(description="Industries it applies to.")
    countries: list[str] = strawberry.field(description="Countries it applies to.")
    regions: list[str] = strawberry.field(description="Regions it applies to.")
    min_employees: int | None = strawberry.field(description="Smallest company it applies to.")
    max_employees: int | None = strawberry.field(description="Largest company it applies to.")
    description: str | None = strawberry.field(description="Notes for the team.")
    buying_role: str | None = strawberry.field(description="The role it suggests.")

    @classmethod
    def of(cls, p: graph_personas.Persona) -> Persona:
        """From the graph layer's value."""
        return cls(
            key=p.key,
            name=p.name,
            title_patterns=list(p.title_patterns),
            departments=list(p.departments),
            seniorities=list(p.seniorities),
            industries=list(p.industries),
            countries=list(p.countries),
            regions=list(p.regions),
            min_employees=p.min_employees,
            max_employees=p.max_employees,
            description=p.description,
            buying_role=p.buying_role,
        )


@strawberry.type(description="A version of the workspace's personas.")
class PersonaSet:
    version: int = strawberry.field(description="1, 2, ...; 0 when none was saved.")
    personas: list[Persona] = strawberry.field(description="The personas.")
    note: str | None = strawberry.field(description="Why this version was saved.")
    created_at: datetime | None = strawberry.field(description="When it was saved.")

    @classmethod
    def of(cls, s: graph_personas.PersonaSet) -> PersonaSet:
        """From the graph layer's value."""
        return cls(
            version=s.version,
            personas=[Persona.of(p) for p in s.personas],
            note=s.note,
            created_at=s.created_at,
        )


@strawberry.type(description="Someone working at an account who matches personas.")
class PersonaMatch:
    person_id: strawberry.ID = strawberry.field(description="The person.")
    person_name: str | None = strawberry.field(description="Full name.")
    title: str | None = strawberry.field(description="Job title there.")
    account_id: str = strawberry.field(description="Where they work.")
    persona_keys: list[str] = strawberry.field(description="The personas they match.")

    @classmethod
    def of(cls, m: graph_personas.PersonaMatch) -> PersonaMatch:
        """From the graph layer's value."""
        return cls(
            person_id=strawberry.ID(m.person_id),
            person_name=m.person_name,
            title=m.title,
            account_id=m.account_id,
            persona_keys=list(m.persona_keys),
        )


@strawberry.type(description="One persona of the committee at one account.")
class PersonaCoverage:
    persona: Persona = strawberry.field(description="The persona.")
    status: graph_personas.PersonaStatus = strawberry.field(description="Where it stands.")
    mapped: list[PersonaMatch] = strawberry.field(description="People there who match it.")
    engaged_ids: list[str] = strawberry.field(description="Those our team engages.")


@strawberry.type(description="The personas that apply to an account, and where each stands.")
class AccountPersonas:
    account_id: str = strawberry.field(description="The account.")
    account_name: str = strawberry.field(description="Its name.")
    version: int = strawberry.field(description="The persona set version used.")
    personas: list[PersonaCoverage] = strawberry.field(description="In definition order.")
    missing: list[str] = strawberry.field(description="Keys of the personas nobody matches.")


def _persona(p: PersonaInput) -> graph_personas.Persona:
    return graph_personas.Persona(
        key=p.key.strip(),
        name=p.name,
        title_patterns=tuple(p.title_patterns),
        departments=tuple(p.departments),
        seniorities=tuple(Seniority(s) for s in p.seniorities),
        industries=tuple(p.industries),
        countries=tuple(p.countries),
        regions=tuple(p.regions),
        min_employees=p.min_employees,
        max_employees=p.max_employees,
        description=p.description,
        buying_role=p.buying_role.strip() if p.buying_role else None,
    )


async def set_personas(
    info: Info, personas: list[PersonaInput], note: str | None = None
) -> PersonaSet:
    """Save a new version of the personas."""
    workspace = require_model_editor(info)
    try:
        saved = await graph_personas.save_personas(
            info.context.graph, workspace, [_persona(p) for p in personas], note
        )
    except graph_personas.InvalidPersonas as error:
        raise InvalidInput(error.message, extensions={"errors": list(error.problems)}) from None
    return PersonaSet.of(saved)


async def resolve_personas(info: Info, version: int | None = None) -> PersonaSet:
    """The latest persona set or `version`."""
    workspace = require_member_read(info)
    return PersonaSet.of(await graph_personas.find_personas(info.context.graph, workspace, version))


async def resolve_persona_sets(info: Info) -> list[PersonaSet]:
    """Every version, newest first."""
    workspace = require_member_read(info)
    found = await graph_personas.list_persona_sets(info.context.graph, workspace)
    return [PersonaSet.of(s) for s in found]


async def resolve_persona_matches(
    info: Info,
    persona_key: str | None = None,
    version: int | None = None,
    as_of: date | None = None,
    first: int = 50,
) -> list[PersonaMatch]:
    """People matching personas."""
    workspace = require_member_read(info)
    limit = page_size(info, first)
    found = await graph_personas.find_persona_matches(
        info.context.graph, workspace, persona_key, version, day=as_of or date.today()
    )
    return [PersonaMatch.of(m) for m in found[:limit]]


async def resolve_account_personas(
    info: Info, account_id: strawberry.ID, version: int | None = None, as_of: date | None = None
) -> AccountPersonas:
    """The account's committee personas."""
    workspace = require_member_read(info)
    found = await graph_personas.find_account_personas(
        info.context.graph, workspace, str(account_id), version, day=as_of or date.today()
    )
    return AccountPersonas(
        account_id=found.account_id,
        account_name=found.account_name,
        version=found.version,
        personas=[
            PersonaCoverage(
                persona=Persona.of(p.persona),
                status=p.status,
                mapped=[PersonaMatch.of(m) for m in p.mapped],
                engaged_ids=list(p.engaged_ids),
            )
            for p in found.personas
        ],
        missing=list(found.missing),
    )
