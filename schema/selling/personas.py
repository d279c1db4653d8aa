"""Buyer personas in GraphQL: the versioned definitions, and creating a version."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from graph.selling import personas as graph_personas
from schema.core.context import Info
from schema.core.enums import Seniority
from schema.core.pagination import DEFAULT_PAGE_SIZE, After, Connection, First, connection_from_page
from schema.core.permissions import page_size, require_member_read
from schema.selling.arguments import require_model_editor


@strawberry.input(description="A buyer persona; parts left empty match anything.")
class PersonaInput:
    key: str = strawberry.field(description="Upper snake case, stable across versions.")
    name: str = strawberry.field(description="e.g. Finance leader.")
    title_patterns: list[str] = strawberry.field(
        default_factory=list,
        description="Whole words, case-insensitive: 'cfo', 'vp finance'; punctuation "
        "belongs to the word ('sr.' matches 'Sr. Director', 'c.f.o.' matches 'C.F.O.').",
    )
    departments: list[str] = strawberry.field(
        default_factory=list, description="The person's department is one of these."
    )
    seniorities: list[Seniority] = strawberry.field(
        default_factory=list, description="The person's seniority is one of these."
    )
    industries: list[str] = strawberry.field(
        default_factory=list, description="Company trait: the account's industry is one of these."
    )
    countries: list[str] = strawberry.field(
        default_factory=list, description="Company trait: the account's country is one of these..."
    )
    regions: list[str] = strawberry.field(
        default_factory=list, description="...or its region is one of these."
    )
    min_employees: int | None = strawberry.field(
        default=None, description="Company trait: at least this many employees."
    )
    max_employees: int | None = strawberry.field(
        default=None, description="Company trait: at most this many employees."
    )
    description: str | None = strawberry.field(default=None, description="Notes for the team.")
    buying_role: str | None = strawberry.field(
        default=None,
        description="The role people matching it usually hold: suggested to them (0.65).",
    )


@strawberry.type(description="A buyer persona.")
class Persona:
    key: str = strawberry.field(description="Stable key.")
    name: str = strawberry.field(description="Its name.")
    title_patterns: list[str] = strawberry.field(
        description="Title words that match (whole words, case-insensitive)."
    )
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
    personas: list[Persona] = strawberry.field(description="The personas, in definition order.")
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


@strawberry.type(description="What createPersonaSetVersion changed: the version it created.")
class CreatePersonaSetVersionPayload:
    persona_set: PersonaSet = strawberry.field(
        description="The new version, now the latest (older versions are kept)."
    )


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


async def create_persona_set_version(
    info: Info,
    personas: Annotated[
        list[PersonaInput], strawberry.argument(description="The whole set of personas.")
    ],
    note: Annotated[
        str | None, strawberry.argument(description="Why this version is saved.")
    ] = None,
) -> CreatePersonaSetVersionPayload:
    """Save a new version of the personas."""
    workspace = require_model_editor(info)
    saved = await graph_personas.save_personas(
        info.context.graph, workspace, [_persona(p) for p in personas], note
    )
    return CreatePersonaSetVersionPayload(persona_set=PersonaSet.of(saved))


async def resolve_personas(
    info: Info,
    version: Annotated[
        int | None, strawberry.argument(description="The version to read; default the latest.")
    ] = None,
) -> PersonaSet | None:
    """The latest persona set or `version`."""
    workspace = require_member_read(info)
    return PersonaSet.of(await graph_personas.find_personas(info.context.graph, workspace, version))


async def resolve_persona_sets(
    info: Info, first: First = DEFAULT_PAGE_SIZE, after: After = None
) -> Connection[PersonaSet]:
    """Every version, newest first."""
    workspace = require_member_read(info)
    page = await graph_personas.list_persona_sets(
        info.context.graph, workspace, first=page_size(info, first), after=after
    )
    return connection_from_page(page, PersonaSet.of)
