"""Partner overlap in GraphQL: the matrix of counts, the overlapping accounts of one cell, the
people only the partner knows there, and how each shared record matched. What a partner
credential sees follows the one boundary (graph/partners/boundary.py, docs/PARTNER_OVERLAP.md)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from graph.partners import boundary as graph_boundary
from graph.partners import matching as graph_matching
from graph.partners import overlap as graph_overlap
from schema.core.context import Info
from schema.core.enums import AccountStatus, PartnerAccountStatus, SharingLevel
from schema.core.pagination import DEFAULT_PAGE_SIZE, After, Connection, First, connection_from_page
from schema.core.permissions import page_size
from schema.partners.boundary import caller_partner_id
from schema.partners.enums import (
    OurOverlapStatus,
)


@strawberry.input(
    description="Which overlapping accounts to list: a cell, row or column of the matrix; omit a "
    "field for any."
)
class OverlapAccountWhere:
    our_status: OurOverlapStatus | None = strawberry.field(
        default=None, description="Our status, or any."
    )
    partner_status: PartnerAccountStatus | None = strawberry.field(
        default=None, description="The partner's status, or any."
    )


@strawberry.type(description="One cell of the overlap matrix.")
class OverlapCell:
    our_status: OurOverlapStatus = strawberry.field(description="Our side.")
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
    our_status: OurOverlapStatus = strawberry.field(description="Our side of the matrix.")
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
    disclosure: graph_boundary.Disclosure = strawberry.field(
        description="What this caller sees of the overlap."
    )
    matrix: list[OverlapCell] = strawberry.field(
        description="All nine cells, our status by the partner's; never filtered by `where`."
    )
    total_count: int = strawberry.field(description="Overlapping accounts (the matrix's sum).")
    accounts: Connection[OverlapAccount] | None = strawberry.field(
        description="The overlapping accounts matching `where`, by account id; null below ACCOUNTS."
    )
    matching: MatchingReport | None = strawberry.field(
        description="How each shared record was resolved; our own team only (null otherwise)."
    )


async def resolve_partner_overlap(
    info: Info,
    partner_id: Annotated[
        strawberry.ID, strawberry.argument(description="The partner (a partner key: its own).")
    ],
    where: Annotated[
        OverlapAccountWhere | None,
        strawberry.argument(description="Only the accounts of this cell, row or column."),
    ] = None,
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
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
        None if where is None else graph_overlap.CellFilter(where.our_status, where.partner_status),
        page_size(info, first),
        after,
        as_of=as_of or date.today(),
        viewer_partner_id=caller_partner_id(info),
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
        accounts=None
        if overlap.accounts is None
        else connection_from_page(overlap.accounts, OverlapAccount.of),
        matching=None if overlap.matching is None else MatchingReport.of(overlap.matching),
    )
