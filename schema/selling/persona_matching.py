"""Who matches the buyer personas, and per account which personas are engaged, mapped or
missing."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph.selling import persona_matching as graph_matching
from schema.core.context import Info
from schema.core.pagination import Connection, connection_from_page
from schema.core.permissions import page_size, require_member_read
from schema.selling.arguments import DEFAULT_PAGE_SIZE, AccountId, After, AsOf, First, day_of
from schema.selling.personas import Persona

PersonaStatus = strawberry.enum(
    graph_matching.PersonaStatus,
    description="ENGAGED (someone matching it is engaged), MAPPED (someone matches, not "
    "engaged), MISSING (nobody working there matches).",
)

PersonaVersion = Annotated[
    int | None,
    strawberry.argument(description="Use this persona set version; default the latest."),
]


@strawberry.type(description="Someone working at an account who matches personas.")
class PersonaMatch:
    person_id: strawberry.ID = strawberry.field(description="The person.")
    person_name: str | None = strawberry.field(description="Full name.")
    title: str | None = strawberry.field(description="Job title there.")
    account_id: strawberry.ID = strawberry.field(description="Where they work.")
    persona_keys: list[str] = strawberry.field(description="The personas they match.")

    @classmethod
    def of(cls, m: graph_matching.PersonaMatch) -> PersonaMatch:
        """From the graph layer's value."""
        return cls(
            person_id=strawberry.ID(m.person_id),
            person_name=m.person_name,
            title=m.title,
            account_id=strawberry.ID(m.account_id),
            persona_keys=list(m.persona_keys),
        )


@strawberry.type(description="One persona of the committee at one account.")
class PersonaCoverage:
    persona: Persona = strawberry.field(description="The persona.")
    status: graph_matching.PersonaStatus = strawberry.field(
        description="Whether someone matching it is engaged, works there, or nobody does."
    )
    mapped: list[PersonaMatch] = strawberry.field(description="People there who match it.")
    engaged_ids: list[strawberry.ID] = strawberry.field(
        description="Those of them our team engages."
    )


@strawberry.type(description="The personas that apply to an account, and where each stands.")
class AccountPersonas:
    account_id: strawberry.ID = strawberry.field(description="The account.")
    account_name: str = strawberry.field(description="Its name.")
    version: int = strawberry.field(description="The persona set version used.")
    personas: list[PersonaCoverage] = strawberry.field(description="In definition order.")
    missing: list[str] = strawberry.field(description="Keys of the personas nobody matches.")


async def resolve_persona_matches(
    info: Info,
    persona_key: Annotated[
        str | None, strawberry.argument(description="Only this persona's matches.")
    ] = None,
    version: PersonaVersion = None,
    as_of: AsOf = None,
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
) -> Connection[PersonaMatch] | None:
    """People matching personas."""
    workspace = require_member_read(info)
    page = await graph_matching.find_persona_matches(
        info.context.graph,
        workspace,
        persona_key,
        version,
        day=day_of(as_of),
        first=page_size(info, first),
        after=after,
    )
    return connection_from_page(page, PersonaMatch.of)


async def resolve_account_personas(
    info: Info, account_id: AccountId, version: PersonaVersion = None, as_of: AsOf = None
) -> AccountPersonas | None:
    """The account's committee personas."""
    workspace = require_member_read(info)
    found = await graph_matching.find_account_personas(
        info.context.graph, workspace, str(account_id), version, day=day_of(as_of)
    )
    return AccountPersonas(
        account_id=strawberry.ID(found.account_id),
        account_name=found.account_name,
        version=found.version,
        personas=[
            PersonaCoverage(
                persona=Persona.of(p.persona),
                status=p.status,
                mapped=[PersonaMatch.of(m) for m in p.mapped],
                engaged_ids=[strawberry.ID(i) for i in p.engaged_ids],
            )
            for p in found.personas
        ],
        missing=list(found.missing),
    )
