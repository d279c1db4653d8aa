"""Partner account mapping in GraphQL: the overlap matrix and accounts, warm introductions, the
best partner route to an economic buyer, accounts shared with several partners, and program
figures. Partner credentials see what their partner's sharing level allows (graph/partners/overlap.py)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from graph.core.credentials import Role
from graph.core.pagination import Page
from graph.partners import matching as graph_matching
from graph.partners import overlap as graph_overlap
from schema.core.context import Info
from schema.core.enums import AccountStatus, PartnerAccountStatus, SharingLevel
from schema.core.errors import Forbidden
from schema.core.pagination import Connection, Edge, page_info_of
from schema.core.permissions import page_size

OurOverlapStatus = strawberry.enum(
    graph_matching.OurStatus,
    name="OurOverlapStatus",
    description="Our side of the overlap matrix: CUSTOMER; else OPEN_OPPORTUNITY (an open deal); "
    "else PROSPECT_TARGET (targets, prospects, and former customers or lost accounts as "
    "win-back candidates).",
)
OverlapMatchBasis = strawberry.enum(
    graph_matching.MatchBasis,
    name="OverlapMatchBasis",
    description="What a shared record matched on: its normalized domain, or (without a domain) "
    "its normalized company name.",
)
OverlapUnmatchedReason = strawberry.enum(
    graph_matching.UnmatchedReason,
    name="OverlapUnmatchedReason",
    description="Why a shared record is not in the overlap; SEVERAL_* means ambiguous.",
)
OverlapDisclosure = strawberry.enum(
    graph_overlap.Disclosure,
    name="OverlapDisclosure",
    description="What this caller sees: COUNTS, ACCOUNTS or CONTACTS (a partner's sharing "
    "level), or EVERYTHING (our own team).",
)
PartnerRouteGap = strawberry.enum(
    graph_overlap.RouteGap,
    name="PartnerRouteGap",
    description="Why no route to the economic buyer was found.",
)


@strawberry.input(description="A cell, row or column of the overlap matrix; omit for any.")
class OverlapCellFilter:
    our_status: graph_matching.OurStatus | None = strawberry.field(
        default=None, description="Our status, or any."
    )
    partner_status: PartnerAccountStatus | None = strawberry.field(
        default=None, description="The partner's status, or any."
    )


@strawberry.type(description="One cell of the overlap matrix.")
class OverlapCell:
    our_status: graph_matching.OurStatus = strawberry.field(description="Our side.")
    partner_status: PartnerAccountStatus = strawberry.field(description="The partner's side.")
    count: int = strawberry.field(description="Overlapping accounts with both statuses.")


@strawberry.type(description="A record the partner shared with us.")
class SharedRecord:
    id: strawberry.ID = strawberry.field(description="<partnerId>/<externalId>.")
    external_id: str = strawberry.field(description="The partner's own id for the record.")
    name: str = strawberry.field(description="The company name as the partner sent it.")
    domain: str | None = strawberry.field(description="Normalized domain, if the record has one.")
    status: PartnerAccountStatus = strawberry.field(description="The partner's status.")
    matched_by: graph_matching.MatchBasis | None = strawberry.field(
        description="What it matched one of our accounts on; null when it did not match."
    )

    @classmethod
    def of(
        cls, record: graph_matching.PartnerRecord, matched_by: graph_matching.MatchBasis | None
    ) -> SharedRecord:
        """From the graph layer's value."""
        return cls(
            id=strawberry.ID(record.id),
            external_id=record.external_id,
            name=record.name,
            domain=record.domain,
            status=record.status,
            matched_by=matched_by,
        )


@strawberry.type(description="A shared record left out of the overlap, and why.")
class UnresolvedRecord:
    record: SharedRecord = strawberry.field(description="The partner's record.")
    reason: graph_matching.UnmatchedReason = strawberry.field(description="Why it is left out.")
    candidate_account_ids: list[strawberry.ID] = strawberry.field(
        description="For ambiguous records, the accounts of ours it could mean."
    )

    @classmethod
    def of(cls, item: graph_matching.UnresolvedRecord) -> UnresolvedRecord:
        """From the graph layer's value."""
        return cls(
            record=SharedRecord.of(item.record, None),
            reason=item.reason,
            candidate_account_ids=[strawberry.ID(i) for i in item.candidate_account_ids],
        )


@strawberry.type(description="Several records of the partner that matched one account.")
class DuplicateMatch:
    account_id: strawberry.ID = strawberry.field(description="Our account.")
    record_ids: list[strawberry.ID] = strawberry.field(description="The partner's records.")


@strawberry.type(description="How every shared record was resolved (our own team only).")
class MatchingReport:
    records: int = strawberry.field(description="Records the partner shared.")
    matched_by_domain: int = strawberry.field(description="Records matched on the domain.")
    matched_by_name: int = strawberry.field(description="Records matched on the name.")
    ambiguous: list[UnresolvedRecord] = strawberry.field(
        description="Records matching several of our accounts: listed, never guessed."
    )
    unmatched: list[UnresolvedRecord] = strawberry.field(
        description="Records matching none of our accounts."
    )
    duplicates: list[DuplicateMatch] = strawberry.field(
        description="Accounts several records matched (counted once, most advanced status)."
    )

    @classmethod
    def of(cls, report: graph_matching.MatchingReport) -> MatchingReport:
        """From the graph layer's value."""
        return cls(
            records=report.records,
            matched_by_domain=report.matched_by_domain,
            matched_by_name=report.matched_by_name,
            ambiguous=[UnresolvedRecord.of(a) for a in report.ambiguous],
            unmatched=[UnresolvedRecord.of(u) for u in report.unmatched],
            duplicates=[
                DuplicateMatch(
                    account_id=strawberry.ID(d.account_id),
                    record_ids=[strawberry.ID(r) for r in d.record_ids],
                )
                for d in report.duplicates
            ],
        )


@strawberry.type(description="A partner contact who knows someone, and how well.")
class PartnerContactLink:
    contact_id: strawberry.ID = strawberry.field(description="The partner's person.")
    contact_name: str = strawberry.field(description="Their name.")
    strength: float = strawberry.field(description="The strongest KNOWS between them, (0, 1].")


@strawberry.type(description="Someone at the account whom the partner knows and we do not.")
class UncoveredPerson:
    id: strawberry.ID = strawberry.field(description="The person.")
    name: str = strawberry.field(description="Their name.")
    title: str | None = strawberry.field(description="Their title.")
    known_by: list[PartnerContactLink] = strawberry.field(
        description="The partner's current contacts who know them, warmest first."
    )


@strawberry.type(description="An account both we and the partner hold.")
class OverlapAccount:
    account_id: strawberry.ID = strawberry.field(description="Our account.")
    name: str = strawberry.field(description="Our account's name.")
    domain: str | None = strawberry.field(description="Our account's normalized domain.")
    account_status: AccountStatus | None = strawberry.field(
        description="Our raw account status; null for partner callers."
    )
    our_status: graph_matching.OurStatus = strawberry.field(description="Our side of the matrix.")
    partner_status: PartnerAccountStatus = strawberry.field(
        description="The partner's status (the most advanced of its matching records)."
    )
    records: list[SharedRecord] = strawberry.field(
        description="The partner's records that matched this account (several: duplicates)."
    )
    uncovered_people_count: int = strawberry.field(
        description="People here the partner's current contacts know and no seller of ours does."
    )
    uncovered_people: list[UncoveredPerson] | None = strawberry.field(
        description="Those people; null unless the caller may see contacts (CONTACTS or our team)."
    )

    @classmethod
    def of(cls, account: graph_overlap.OverlapAccount) -> OverlapAccount:
        """From the graph layer's value."""
        people = account.uncovered_people
        return cls(
            account_id=strawberry.ID(account.account_id),
            name=account.account_name,
            domain=account.domain,
            account_status=account.account_status,
            our_status=account.our_status,
            partner_status=account.partner_status,
            records=[SharedRecord.of(m.record, m.matched_by) for m in account.records],
            uncovered_people_count=account.uncovered_people_count or 0,
            uncovered_people=None
            if people is None
            else [
                UncoveredPerson(
                    id=strawberry.ID(p.id),
                    name=p.name,
                    title=p.title,
                    known_by=[
                        PartnerContactLink(
                            contact_id=strawberry.ID(k.contact_id),
                            contact_name=k.contact_name,
                            strength=k.strength,
                        )
                        for k in p.known_by
                    ],
                )
                for p in people
            ],
        )


@strawberry.type(description="A partner's overlap with our accounts.")
class PartnerOverlap:
    partner_id: strawberry.ID = strawberry.field(description="The partner.")
    partner_name: str = strawberry.field(description="The partner's name.")
    sharing_level: SharingLevel = strawberry.field(description="What the partner shares.")
    disclosure: graph_overlap.Disclosure = strawberry.field(
        description="What this caller sees of the overlap."
    )
    matrix: list[OverlapCell] = strawberry.field(
        description="All nine cells, our status by the partner's; never filtered by `cell`."
    )
    total_count: int = strawberry.field(description="Overlapping accounts (the matrix's sum).")
    accounts: Connection[OverlapAccount] | None = strawberry.field(
        description="The overlapping accounts in `cell`, by account id; null below ACCOUNTS."
    )
    matching: MatchingReport | None = strawberry.field(
        description="How each shared record was resolved; our own team only (null otherwise)."
    )


@strawberry.type(description="The warmest link from a partner contact to a buyer.")
class IntroductionRoute:
    contact_id: strawberry.ID | None = strawberry.field(
        description="The partner contact; null unless the caller may see contacts."
    )
    contact_name: str | None = strawberry.field(description="Their name, when visible.")
    buyer_id: strawberry.ID | None = strawberry.field(
        description="The economic buyer or decision maker; null unless contacts are visible."
    )
    buyer_name: str | None = strawberry.field(description="Their name, when visible.")
    buyer_role: str = strawberry.field(description="ECONOMIC_BUYER or DECISION_MAKER.")
    strength: float = strawberry.field(description="The KNOWS strength, (0, 1].")


@strawberry.type(description="An account the partner can introduce us to.")
class WarmIntroduction:
    account_id: strawberry.ID = strawberry.field(description="Our account.")
    name: str = strawberry.field(description="Our account's name.")
    our_status: graph_matching.OurStatus = strawberry.field(
        description="PROSPECT_TARGET or OPEN_OPPORTUNITY."
    )
    partner_status: PartnerAccountStatus = strawberry.field(description="Always CUSTOMER.")
    warmth: float | None = strawberry.field(
        description="The best route's strength; null when no partner contact knows a buyer."
    )
    reachable_buyers: int = strawberry.field(
        description="Economic buyers and decision makers some partner contact knows."
    )
    route: IntroductionRoute | None = strawberry.field(description="The warmest route.")

    @classmethod
    def of(cls, item: graph_overlap.WarmIntroduction) -> WarmIntroduction:
        """From the graph layer's value."""
        route = item.route
        return cls(
            account_id=strawberry.ID(item.account_id),
            name=item.account_name,
            our_status=item.our_status,
            partner_status=item.partner_status,
            warmth=item.warmth,
            reachable_buyers=item.reachable_buyers,
            route=None
            if route is None
            else IntroductionRoute(
                contact_id=None if route.contact_id is None else strawberry.ID(route.contact_id),
                contact_name=route.contact_name,
                buyer_id=None if route.buyer_id is None else strawberry.ID(route.buyer_id),
                buyer_name=route.buyer_name,
                buyer_role=route.buyer_role,
                strength=route.strength,
            ),
        )


@strawberry.type(description="Someone who KNOWS the economic buyer directly.")
class DirectRoute:
    from_id: strawberry.ID = strawberry.field(description="Our seller, or the partner contact.")
    from_name: str = strawberry.field(description="Their name.")
    buyer_id: strawberry.ID = strawberry.field(description="The economic buyer.")
    buyer_name: str = strawberry.field(description="The economic buyer's name.")
    strength: float = strawberry.field(description="The KNOWS strength, (0, 1].")

    @classmethod
    def of(cls, route: graph_overlap.DirectRoute) -> DirectRoute:
        """From the graph layer's value."""
        return cls(
            from_id=strawberry.ID(route.from_id),
            from_name=route.from_name,
            buyer_id=strawberry.ID(route.buyer_id),
            buyer_name=route.buyer_name,
            strength=route.strength,
        )


@strawberry.type(description="A partner and its warmest direct route to the economic buyer.")
class PartnerRouteOption:
    partner_id: strawberry.ID = strawberry.field(description="The partner.")
    partner_name: str = strawberry.field(description="The partner's name.")
    route: DirectRoute = strawberry.field(description="Its contact who knows the buyer best.")


@strawberry.type(description="Which partner gives the warmest route to an economic buyer.")
class BestPartnerRoute:
    account_id: strawberry.ID = strawberry.field(description="The account.")
    name: str = strawberry.field(description="The account's name.")
    economic_buyer_ids: list[strawberry.ID] = strawberry.field(
        description="Current economic buyers of the account."
    )
    our_route: DirectRoute | None = strawberry.field(
        description="Our seller who knows an economic buyer best; null when none does."
    )
    partners: list[PartnerRouteOption] = strawberry.field(
        description="Every partner with a route, warmest first."
    )
    best_partner: PartnerRouteOption | None = strawberry.field(
        description="The warmest partner route; null when no partner has one."
    )
    partner_is_warmer: bool = strawberry.field(
        description="True when the best partner route is warmer than ours (or we have none)."
    )
    gap: graph_overlap.RouteGap | None = strawberry.field(
        description="Why there is no route at all; null when there is one."
    )


@strawberry.type(description="One partner's status for a shared account.")
class PartnerStatusOf:
    partner_id: strawberry.ID = strawberry.field(description="The partner.")
    status: PartnerAccountStatus = strawberry.field(description="Its status for the account.")


@strawberry.type(description="An account we share with every partner asked about.")
class SharedAccount:
    account_id: strawberry.ID = strawberry.field(description="Our account.")
    name: str = strawberry.field(description="Our account's name.")
    domain: str | None = strawberry.field(description="Our account's normalized domain.")
    our_status: graph_matching.OurStatus = strawberry.field(description="Our side.")
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


# --- resolvers ------------------------------------------------------------------------------


def _viewer_partner_id(info: Info) -> str | None:
    """The partner a partner-scoped caller speaks for; None for our own team."""
    principal = info.context.principal
    if principal.role is not Role.PARTNER:
        return None
    if not principal.partner_id:
        raise Forbidden("This partner credential names no partner.")
    return principal.partner_id


def _overlap_accounts(page: Page[graph_overlap.OverlapAccount]) -> Connection[OverlapAccount]:
    return Connection(
        edges=[Edge(cursor=c, node=OverlapAccount.of(a)) for c, a in page.items],
        page_info=page_info_of(page),
        total_count=page.total_count,
    )


async def resolve_partner_overlap(
    info: Info,
    partner_id: strawberry.ID,
    cell: OverlapCellFilter | None = None,
    first: int = 50,
    after: str | None = None,
    as_of: Annotated[
        date | None,
        strawberry.argument(
            description="Judge employments and buying roles on this day (default today)."
        ),
    ] = None,
) -> PartnerOverlap:
    """The partner's overlap: the matrix, the accounts of one cell, the matching report."""
    overlap = await graph_overlap.partner_overlap(
        info.context.graph,
        info.context.workspace,
        str(partner_id),
        None if cell is None else graph_overlap.CellFilter(cell.our_status, cell.partner_status),
        page_size(info, first),
        after,
        as_of=as_of or date.today(),
        viewer_partner_id=_viewer_partner_id(info),
    )
    return PartnerOverlap(
        partner_id=strawberry.ID(overlap.partner_id),
        partner_name=overlap.partner_name,
        sharing_level=overlap.sharing_level,
        disclosure=overlap.disclosure,
        matrix=[
            OverlapCell(our_status=c.our_status, partner_status=c.partner_status, count=c.count)
            for c in overlap.matrix
        ],
        total_count=overlap.total_count,
        accounts=None if overlap.accounts is None else _overlap_accounts(overlap.accounts),
        matching=None if overlap.matching is None else MatchingReport.of(overlap.matching),
    )


async def resolve_warm_introductions(
    info: Info,
    partner_id: strawberry.ID,
    first: int = 50,
    after: str | None = None,
    as_of: Annotated[
        date | None,
        strawberry.argument(
            description="Judge employments and buying roles on this day (default today)."
        ),
    ] = None,
) -> Connection[WarmIntroduction]:
    """Warm-introduction candidates for one partner, warmest first."""
    page = await graph_overlap.warm_introductions(
        info.context.graph,
        info.context.workspace,
        str(partner_id),
        page_size(info, first),
        after,
        as_of=as_of or date.today(),
        viewer_partner_id=_viewer_partner_id(info),
    )
    return Connection(
        edges=[Edge(cursor=c, node=WarmIntroduction.of(i)) for c, i in page.items],
        page_info=page_info_of(page),
        total_count=page.total_count,
    )


async def resolve_best_partner_for_account(
    info: Info,
    account_id: strawberry.ID,
    as_of: Annotated[
        date | None,
        strawberry.argument(
            description="Judge employments and buying roles on this day (default today)."
        ),
    ] = None,
) -> BestPartnerRoute:
    """The partner with the warmest direct route to the account's economic buyer."""
    best = await graph_overlap.best_partner_for_account(
        info.context.graph,
        info.context.workspace,
        str(account_id),
        as_of=as_of or date.today(),
        viewer_partner_id=_viewer_partner_id(info),
    )

    def option(o: graph_overlap.PartnerRouteOption) -> PartnerRouteOption:
        return PartnerRouteOption(
            partner_id=strawberry.ID(o.partner_id),
            partner_name=o.partner_name,
            route=DirectRoute.of(o.route),
        )

    return BestPartnerRoute(
        account_id=strawberry.ID(best.account_id),
        name=best.account_name,
        economic_buyer_ids=[strawberry.ID(b) for b in best.economic_buyer_ids],
        our_route=None if best.our_route is None else DirectRoute.of(best.our_route),
        partners=[option(o) for o in best.partners],
        best_partner=None if best.best_partner is None else option(best.best_partner),
        partner_is_warmer=best.partner_is_warmer,
        gap=best.gap,
    )


async def resolve_shared_accounts(
    info: Info, partner_ids: list[strawberry.ID], first: int = 50, after: str | None = None
) -> Connection[SharedAccount]:
    """Accounts shared by us and all the given partners."""
    page = await graph_overlap.shared_by_all_partners(
        info.context.graph,
        info.context.workspace,
        [str(p) for p in partner_ids],
        page_size(info, first),
        after,
        viewer_partner_id=_viewer_partner_id(info),
    )
    return Connection(
        edges=[
            Edge(
                cursor=c,
                node=SharedAccount(
                    account_id=strawberry.ID(s.account_id),
                    name=s.account_name,
                    domain=s.domain,
                    our_status=s.our_status,
                    partner_statuses=[
                        PartnerStatusOf(partner_id=strawberry.ID(p.partner_id), status=p.status)
                        for p in s.partner_statuses
                    ],
                ),
            )
            for c, s in page.items
        ],
        page_info=page_info_of(page),
        total_count=page.total_count,
    )


async def resolve_partner_program(info: Info, partner_id: strawberry.ID) -> PartnerProgram:
    """Program figures over one partner's overlap."""
    figures = await graph_overlap.program_figures(
        info.context.graph,
        info.context.workspace,
        str(partner_id),
        viewer_partner_id=_viewer_partner_id(info),
    )
    return PartnerProgram(
        partner_id=strawberry.ID(figures.partner_id),
        overlapping_accounts=figures.overlapping_accounts,
        in_pipeline=figures.in_pipeline,
        closed_won=figures.closed_won,
        pipeline_share=figures.pipeline_share,
        closed_share=figures.closed_share,
    )
