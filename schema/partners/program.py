"""Accounts shared with several partners and the partner program figures in GraphQL. What a
partner credential sees follows the one boundary (graph/partners/boundary.py)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph.partners import program as graph_program
from schema.core.context import Info
from schema.core.enums import PartnerAccountStatus
from schema.core.pagination import DEFAULT_PAGE_SIZE, After, Connection, First, connection_from_page
from schema.core.permissions import page_size
from schema.intros.attribution import IntroPipeline, intro_pipeline_of
from schema.partners.boundary import caller_partner_id
from schema.partners.enums import OurOverlapStatus


@strawberry.type(description="One partner's status for a shared account.")
class PartnerStatusOf:
    partner_id: strawberry.ID = strawberry.field(description="The partner.")
    status: PartnerAccountStatus = strawberry.field(description="Its status for the account.")


@strawberry.type(description="An account we share with every partner asked about.")
class SharedAccount:
    account_id: strawberry.ID = strawberry.field(description="Our account.")
    name: str = strawberry.field(description="Our account's name.")
    domain: str | None = strawberry.field(description="Our account's normalized domain.")
    our_status: OurOverlapStatus = strawberry.field(description="Our side.")
    partner_statuses: list[PartnerStatusOf] = strawberry.field(
        description="Each partner's status, in the order the partners were given."
    )


@strawberry.type(description="Partner program figures over the overlap.")
class PartnerProgram:
    partner_id: strawberry.ID = strawberry.field(description="The partner.")
    overlapping_accounts: int = strawberry.field(description="Accounts in the overlap.")
    in_pipeline: int = strawberry.field(description="Of those, accounts with any opportunity.")
    closed_won: int = strawberry.field(description="Of those, accounts with a WON opportunity.")
    pipeline_share: float | None = strawberry.field(
        description="inPipeline / overlappingAccounts, in [0, 1]; null without overlap."
    )
    closed_share: float | None = strawberry.field(
        description="closedWon / overlappingAccounts, in [0, 1]; null without overlap."
    )

    @strawberry.field(
        description="Partner-sourced and partner-influenced pipeline: deals opened after intros "
        "through this partner's contacts (docs/INTRO_REQUESTS.md)."
    )
    async def intro_pipeline(self, info: Info) -> IntroPipeline:
        return await intro_pipeline_of(info, str(self.partner_id))


def _shared_account(item: graph_program.SharedAccount) -> SharedAccount:
    return SharedAccount(
        account_id=strawberry.ID(item.account_id),
        name=item.account_name,
        domain=item.domain,
        our_status=item.our_status,
        partner_statuses=[
            PartnerStatusOf(partner_id=strawberry.ID(p.partner_id), status=p.status)
            for p in item.partner_statuses
        ],
    )


async def resolve_shared_accounts(
    info: Info,
    partner_ids: Annotated[
        list[strawberry.ID],
        strawberry.argument(description="1 to 20 partners (a partner key: only its own)."),
    ],
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
) -> Connection[SharedAccount]:
    """Accounts shared by us and all the given partners."""
    page = await graph_program.shared_by_all_partners(
        info.context.graph,
        info.context.workspace,
        [str(p) for p in partner_ids],
        page_size(info, first),
        after,
        viewer_partner_id=caller_partner_id(info),
    )
    return connection_from_page(page, _shared_account)


async def resolve_partner_program(
    info: Info,
    partner_id: Annotated[
        strawberry.ID, strawberry.argument(description="The partner (a partner key: its own).")
    ],
) -> PartnerProgram:
    """Program figures over one partner's overlap."""
    figures = await graph_program.program_figures(
        info.context.graph,
        info.context.workspace,
        str(partner_id),
        viewer_partner_id=caller_partner_id(info),
    )
    return PartnerProgram(
        partner_id=strawberry.ID(figures.partner_id),
        overlapping_accounts=figures.overlapping_accounts,
        in_pipeline=figures.in_pipeline,
        closed_won=figures.closed_won,
        pipeline_share=figures.pipeline_share,
        closed_share=figures.closed_share,
    )
