"""Who matches the buyer personas, and per account which personas are engaged, mapped or
missing."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from graph.selling import persona_matching as graph_matching
from schema.accounts.accounts import Account, account_by_id
from schema.accounts.people import Person, people_by_ids, person_by_id
from schema.core.context import Info
from schema.core.pagination import DEFAULT_PAGE_SIZE, After, Connection, First, connection_from_page
from schema.core.permissions import page_size, require_member_read
from schema.selling.arguments import AccountId, AsOf, day_of
from schema.selling.enums import PersonaStatus
from schema.selling.personas import Persona

PersonaVersion = Annotated[
    int | None,
    strawberry.argument(description="Use this persona set version; default the latest."),
]


@strawberry.input(description="Which persona matches to list; every filter given must hold.")
class PersonaMatchWhere:
    persona_key: str | None = strawberry.field(
        default=None, description="Only the people matching this persona."
    )
    account_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only the people working at these accounts."
    )


@strawberry.type(description="Someone working at an account who matches personas.")
class PersonaMatch:
    person_id: strawberry.Private[str]
    person_name: str | None = strawberry.field(description="Full name.")
    title: str | None = strawberry.field(description="Job title there.")
    account_id: strawberry.Private[str]
    persona_keys: list[str] = strawberry.field(description="The personas they match.")
    as_of: strawberry.Private[date]

    @strawberry.field(description="The person, seen on the day judged.")
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, self.person_id, self.as_of)

    @strawberry.field(description="Where they work, seen on the day judged.")
    async def account(self, info: Info) -> Account | None:
        return await account_by_id(info, self.account_id, self.as_of)

    @classmethod
    def of(cls, m: graph_matching.PersonaMatch, day: date) -> PersonaMatch:
        """From the graph layer's value, judged on ``day``."""
        return cls(
            person_id=m.person_id,
            person_name=m.person_name,
            title=m.title,
            account_id=m.account_id,
            persona_keys=list(m.persona_keys),
            as_of=day,
        )


@strawberry.type(description="One persona of the committee at one account.")
class PersonaCoverage:
    persona: Persona = strawberry.field(description="The persona.")
    status: PersonaStatus = strawberry.field(
        description="Whether someone matching it is engaged, works there, or nobody does."
    )
    mapped: list[PersonaMatch] = strawberry.field(description="People there who match it.")
    engaged_ids: strawberry.Private[tuple[str, ...]]
    as_of: strawberry.Private[date]

    @strawberry.field(description="Those of them our team engages.")
    async def engaged(self, info: Info) -> list[Person]:
        return await people_by_ids(info, self.engaged_ids, self.as_of)


@strawberry.type(description="The personas that apply to an account, and where each stands.")
class AccountPersonas:
    account_id: strawberry.Private[str]
    account_name: str = strawberry.field(description="Its name.")
    version: int = strawberry.field(description="The persona set version used.")
    personas: list[PersonaCoverage] = strawberry.field(description="In definition order.")
    missing: list[str] = strawberry.field(description="Keys of the personas nobody matches.")
    as_of: strawberry.Private[date]

    @strawberry.field(description="The account, seen on the day judged.")
    async def account(self, info: Info) -> Account | None:
        return await account_by_id(info, self.account_id, self.as_of)


async def resolve_persona_matches(
    info: Info,
    where: Annotated[
        PersonaMatchWhere | None,
        strawberry.argument(description="Filters: one persona, some accounts."),
    ] = None,
    version: PersonaVersion = None,
    as_of: AsOf = None,
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
) -> Connection[PersonaMatch] | None:
    """People matching personas."""
    workspace = require_member_read(info)
    w = where or PersonaMatchWhere()
    day = day_of(as_of)
    page = await graph_matching.find_persona_matches(
        info.context.graph,
        workspace,
        w.persona_key,
        version,
        account_ids=None if w.account_ids is None else [str(i) for i in w.account_ids],
        day=day,
        first=page_size(info, first),
        after=after,
    )
    return connection_from_page(page, lambda m: PersonaMatch.of(m, day))


async def resolve_account_personas(
    info: Info, account_id: AccountId, version: PersonaVersion = None, as_of: AsOf = None
) -> AccountPersonas | None:
    """The account's committee personas."""
    workspace = require_member_read(info)
    day = day_of(as_of)
    found = await graph_matching.find_account_personas(
        info.context.graph, workspace, str(account_id), version, day=day
    )
    return AccountPersonas(
        account_id=found.account_id,
        account_name=found.account_name,
        version=found.version,
        personas=[
            PersonaCoverage(
                persona=Persona.of(p.persona),
                status=p.status,
                mapped=[PersonaMatch.of(m, day) for m in p.mapped],
                engaged_ids=tuple(p.engaged_ids),
                as_of=day,
            )
            for p in found.personas
        ],
        missing=list(found.missing),
        as_of=day,
    )
