"""Matching a partner's shared records to our accounts: the rules, the report, the matrix.

1. A shared record (``PartnerAccount``) with a ``domain`` matches the accounts of the workspace
   whose ``domain`` is equal (both are stored normalized by ``graph.core.normalize``: bare lowercase
   host). A record whose domain matches nothing stays unmatched: it is not retried by name,
   because two companies may share a name but not a website.
2. A record without a domain matches by ``nameKey`` (the normalized company name).
3. Exactly one candidate: matched. Several: *ambiguous*, listed with the candidates, never guessed.
   None (or neither a domain nor a name key): *unmatched*, listed with the reason.
4. Several records of one partner matching the same account are *duplicates*: the account counts
   once, with the most advanced of their statuses (CUSTOMER > OPPORTUNITY > PROSPECT), and the
   duplicate is reported.

The result depends only on the stored records and accounts, never on their order, so both sides
of a partnership can reproduce every count.

Our side of the matrix (``OurStatus``): CUSTOMER when the account's status is CUSTOMER; else
OPEN_OPPORTUNITY when it has an Opportunity in state OPEN; else PROSPECT_TARGET. FORMER_CUSTOMER
and LOST accounts fall in the same way (OPEN_OPPORTUNITY when being won back, else
PROSPECT_TARGET, as win-back candidates), so every matched account lands in exactly one cell and
the matrix adds up to the overlap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import fetch_all
from graph.core.model import AccountStatus, OpportunityState, PartnerAccountStatus


class OurStatus(StrEnum):
    """Our side of the overlap matrix."""

    CUSTOMER = "CUSTOMER"
    OPEN_OPPORTUNITY = "OPEN_OPPORTUNITY"
    PROSPECT_TARGET = "PROSPECT_TARGET"


class MatchBasis(StrEnum):
    """What a shared record was matched on."""

    DOMAIN = "DOMAIN"
    NAME = "NAME"


class UnmatchedReason(StrEnum):
    """Why a shared record is not in the overlap."""

    NO_ACCOUNT_WITH_DOMAIN = "NO_ACCOUNT_WITH_DOMAIN"
    NO_ACCOUNT_WITH_NAME = "NO_ACCOUNT_WITH_NAME"
    NO_DOMAIN_OR_NAME = "NO_DOMAIN_OR_NAME"
    SEVERAL_ACCOUNTS_WITH_DOMAIN = "SEVERAL_ACCOUNTS_WITH_DOMAIN"
    SEVERAL_ACCOUNTS_WITH_NAME = "SEVERAL_ACCOUNTS_WITH_NAME"


_PARTNER_STATUS_RANK = {
    PartnerAccountStatus.PROSPECT: 0,
    PartnerAccountStatus.OPPORTUNITY: 1,
    PartnerAccountStatus.CUSTOMER: 2,
}


@dataclass(frozen=True)
class OverlapCell:
    """One cell of the matrix: how many overlapping accounts have these two statuses."""

    our_status: OurStatus
    partner_status: PartnerAccountStatus
    count: int


@dataclass(frozen=True)
class PartnerRecord:
    """A record the partner shared, as stored (domain and name key normalized)."""

    id: str
    external_id: str
    name: str
    domain: str | None
    name_key: str | None
    status: PartnerAccountStatus


@dataclass(frozen=True)
class MatchedRecord:
    """A shared record and what it matched on."""

    record: PartnerRecord
    matched_by: MatchBasis


@dataclass(frozen=True)
class UnresolvedRecord:
    """A shared record left out of the overlap, with the reason (and for ambiguous records the
    accounts it could have meant)."""

    record: PartnerRecord
    reason: UnmatchedReason
    candidate_account_ids: tuple[str, ...]


@dataclass(frozen=True)
class DuplicateMatch:
    """Several records of one partner that matched the same account."""

    account_id: str
    record_ids: tuple[str, ...]


@dataclass(frozen=True)
class MatchingReport:
    """How every shared record of the partner was resolved."""

    records: int
    matched_by_domain: int
    matched_by_name: int
    ambiguous: tuple[UnresolvedRecord, ...]
    unmatched: tuple[UnresolvedRecord, ...]
    duplicates: tuple[DuplicateMatch, ...]


# Each record looks its candidates up through the (workspace, domain) or (workspace, nameKey)
# index; the opportunity states give both our status and the program figures.
_SHARED_RECORDS: LiteralString = """
UNWIND $partnerIds AS partnerId
MATCH (pa:PartnerAccount {workspace: $workspace, partnerId: partnerId})
WITH partnerId, pa,
     CASE WHEN coalesce(pa.domain, '') <> '' THEN 'DOMAIN'
          WHEN coalesce(pa.nameKey, '') <> '' THEN 'NAME' END AS basis
OPTIONAL CALL (pa, basis) {
  MATCH (a:Account {workspace: $workspace, domain: pa.domain})
  WHERE basis = 'DOMAIN'
  RETURN a
  UNION
  MATCH (a:Account {workspace: $workspace, nameKey: pa.nameKey})
  WHERE basis = 'NAME'
  RETURN a
}
WITH partnerId, pa, basis,
     collect(a {.id, .name, .domain, .status,
                opportunityStates: COLLECT {
                  MATCH (a)<-[:FOR_ACCOUNT]-(o:Opportunity) RETURN DISTINCT o.state
                }}) AS candidates
RETURN partnerId, pa.id AS id, pa.externalId AS externalId, pa.name AS name,
       pa.domain AS domain, pa.nameKey AS nameKey, pa.status AS status, basis, candidates
"""


@dataclass(frozen=True)
class AccountCandidate:
    id: str
    name: str
    domain: str | None
    status: AccountStatus
    opportunity_states: frozenset[str]

    @property
    def our_status(self) -> OurStatus:
        if self.status is AccountStatus.CUSTOMER:
            return OurStatus.CUSTOMER
        if OpportunityState.OPEN in self.opportunity_states:
            return OurStatus.OPEN_OPPORTUNITY
        return OurStatus.PROSPECT_TARGET


@dataclass(frozen=True)
class RecordMatch:
    account: AccountCandidate
    partner_status: PartnerAccountStatus
    records: tuple[MatchedRecord, ...]


@dataclass(frozen=True)
class Resolution:
    matches: tuple[RecordMatch, ...]
    report: MatchingReport


def _candidate(row: dict[str, Any]) -> AccountCandidate:
    return AccountCandidate(
        id=row["id"],
        name=row.get("name") or row["id"],
        domain=row.get("domain"),
        status=AccountStatus(row.get("status") or AccountStatus.TARGET),
        opportunity_states=frozenset(s for s in row.get("opportunityStates") or () if s),
    )


def resolve_records(rows: Iterable[dict[str, Any]]) -> Resolution:
    """Apply the matching rules to one partner's records (order-independent)."""
    by_account: dict[str, list[tuple[MatchedRecord, AccountCandidate]]] = defaultdict(list)
    ambiguous: list[UnresolvedRecord] = []
    unmatched: list[UnresolvedRecord] = []
    records = 0
    for row in sorted(rows, key=lambda r: str(r["id"])):
        records += 1
        record = PartnerRecord(
            id=row["id"],
            external_id=row.get("externalId") or row["id"],
            name=row.get("name") or "",
            domain=row.get("domain"),
            name_key=row.get("nameKey"),
            status=PartnerAccountStatus(row["status"]),
        )
        basis = None if row.get("basis") is None else MatchBasis(row["basis"])
        candidates = sorted((_candidate(c) for c in row["candidates"]), key=lambda c: c.id)
        if basis is None:
            unmatched.append(UnresolvedRecord(record, UnmatchedReason.NO_DOMAIN_OR_NAME, ()))
        elif not candidates:
            reason = (
                UnmatchedReason.NO_ACCOUNT_WITH_DOMAIN
                if basis is MatchBasis.DOMAIN
                else UnmatchedReason.NO_ACCOUNT_WITH_NAME
            )
            unmatched.append(UnresolvedRecord(record, reason, ()))
        elif len(candidates) > 1:
            reason = (
                UnmatchedReason.SEVERAL_ACCOUNTS_WITH_DOMAIN
                if basis is MatchBasis.DOMAIN
                else UnmatchedReason.SEVERAL_ACCOUNTS_WITH_NAME
            )
            ids = tuple(c.id for c in candidates)
            ambiguous.append(UnresolvedRecord(record, reason, ids))
        else:
            by_account[candidates[0].id].append((MatchedRecord(record, basis), candidates[0]))

    matches: list[RecordMatch] = []
    duplicates: list[DuplicateMatch] = []
    for account_id in sorted(by_account):
        found = by_account[account_id]
        matched = tuple(m for m, _ in found)
        status = max((m.record.status for m in matched), key=lambda s: _PARTNER_STATUS_RANK[s])
        matches.append(RecordMatch(found[0][1], status, matched))
        if len(matched) > 1:
            duplicates.append(DuplicateMatch(account_id, tuple(m.record.id for m in matched)))
    matched_records = [m for match in matches for m in match.records]
    report = MatchingReport(
        records=records,
        matched_by_domain=sum(1 for m in matched_records if m.matched_by is MatchBasis.DOMAIN),
        matched_by_name=sum(1 for m in matched_records if m.matched_by is MatchBasis.NAME),
        ambiguous=tuple(ambiguous),
        unmatched=tuple(unmatched),
        duplicates=tuple(duplicates),
    )
    return Resolution(tuple(matches), report)


def overlap_matrix(matches: Iterable[RecordMatch]) -> tuple[OverlapCell, ...]:
    counts: dict[tuple[OurStatus, PartnerAccountStatus], int] = defaultdict(int)
    for match in matches:
        counts[(match.account.our_status, match.partner_status)] += 1
    return tuple(
        OverlapCell(ours, theirs, counts[(ours, theirs)])
        for ours in OurStatus
        for theirs in PartnerAccountStatus
    )


async def fetch_shared_records(
    tx: AsyncManagedTransaction, workspace: str, partner_ids: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """Every shared record of the given partners with its candidate accounts, by partner id:
    one statement, index-backed from the first hop."""
    records: dict[str, list[dict[str, Any]]] = defaultdict(list)
    parameters = {"workspace": workspace, "partnerIds": list(partner_ids)}
    for row in await fetch_all(tx, _SHARED_RECORDS, parameters):
        records[row["partnerId"]].append(row)
    return records
