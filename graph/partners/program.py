"""Accounts shared with several partners (the co-marketing list) and the partner program figures.

Both read only the matched overlap (``graph.partners.matching``); neither depends on the day.
What a partner caller sees follows ``graph.partners.boundary``: it names only its own partner,
needs ACCOUNTS for the shared list and COUNTS for the figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient
from graph.core.model import OpportunityState, PartnerAccountStatus
from graph.core.pagination import Page, paginate
from graph.partners.boundary import Disclosure, load_partners
from graph.partners.matching import OurStatus, RecordMatch
from graph.partners.overlap import InvalidOverlapArgument, check_first

MAX_PARTNERS = 20
"""How many partners ``shared_by_all_partners`` takes at once."""


@dataclass(frozen=True)
class PartnerStatusOf:
    """One partner's status for a shared account."""

    partner_id: str
    status: PartnerAccountStatus


@dataclass(frozen=True)
class SharedAccount:
    """An account shared by us and every partner asked about."""

    account_id: str
    account_name: str
    domain: str | None
    our_status: OurStatus
    partner_statuses: tuple[PartnerStatusOf, ...]


@dataclass(frozen=True)
class ProgramFigures:
    """Partner program figures over the overlap: the share that reached pipeline (any
    opportunity) and the share closed (a WON opportunity). Shares are None without overlap."""

    partner_id: str
    overlapping_accounts: int
    in_pipeline: int
    closed_won: int
    pipeline_share: float | None
    closed_share: float | None


async def shared_by_all_partners(
    client: GraphClient,
    workspace: str,
    partner_ids: Sequence[str],
    first: int = 50,
    after: str | None = None,
    *,
    viewer_partner_id: str | None = None,
) -> Page[SharedAccount]:
    """Accounts that we and every given partner hold (each partner's overlap, intersected),
    with our status and each partner's, ordered by account id. For co-marketing and joint event
    lists: practitioners build a shared target list about 3x the size of the event, so ask for
    ``first = 3 * seats``. A partner caller may only name itself and needs ACCOUNTS."""
    check_first(first)
    wanted = list(dict.fromkeys(partner_ids))
    if not wanted or len(wanted) > MAX_PARTNERS:
        raise InvalidOverlapArgument(
            f"Give between 1 and {MAX_PARTNERS} partner ids.", field="partnerIds"
        )

    async def work(tx: AsyncManagedTransaction) -> dict[str, dict[str, RecordMatch]]:
        loaded = await load_partners(
            tx, workspace, wanted, viewer_partner_id, Disclosure.ACCOUNTS, "partnerIds"
        )
        return {pid: {m.account.id: m for m in loaded.resolutions[pid].matches} for pid in wanted}

    per_partner = await client.read(work)
    common = set.intersection(*(set(matches) for matches in per_partner.values()))
    shared = [
        SharedAccount(
            account_id=account_id,
            account_name=per_partner[wanted[0]][account_id].account.name,
            domain=per_partner[wanted[0]][account_id].account.domain,
            our_status=per_partner[wanted[0]][account_id].account.our_status,
            partner_statuses=tuple(
                PartnerStatusOf(pid, per_partner[pid][account_id].partner_status) for pid in wanted
            ),
        )
        for account_id in sorted(common)
    ]
    return paginate(
        shared,
        first=first,
        after=after,
        sort_key="shared:" + ",".join(wanted),
        position=lambda s: (s.account_id,),
    )


async def program_figures(
    client: GraphClient,
    workspace: str,
    partner_id: str,
    *,
    viewer_partner_id: str | None = None,
) -> ProgramFigures:
    """Over the partner's overlap: how many accounts reached pipeline (have any opportunity)
    and how many closed (have a WON opportunity), and their shares of the overlap (the seed
    material's example: 30 shared accounts, 55% into pipeline, 48% closed). COUNTS suffices."""

    async def work(tx: AsyncManagedTransaction) -> list[RecordMatch]:
        loaded = await load_partners(
            tx, workspace, [partner_id], viewer_partner_id, Disclosure.COUNTS
        )
        return list(loaded.resolutions[partner_id].matches)

    matches = await client.read(work)
    total = len(matches)
    pipeline = sum(1 for m in matches if m.account.opportunity_states)
    won = sum(1 for m in matches if OpportunityState.WON in m.account.opportunity_states)
    return ProgramFigures(
        partner_id=partner_id,
        overlapping_accounts=total,
        in_pipeline=pipeline,
        closed_won=won,
        pipeline_share=pipeline / total if total else None,
        closed_share=won / total if total else None,
    )
