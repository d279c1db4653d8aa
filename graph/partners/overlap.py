"""A partner's overlap with our accounts: the 3x3 matrix, the overlapping accounts of one cell, and
the people only the partner knows there.

Which record is which account follows ``graph.partners.matching`` (normalized domain, else
normalized name; ambiguous and unmatched records listed, never guessed; duplicates reported), and
so does our side of the matrix. What a partner caller sees follows ``graph.partners.boundary``.

"People only the partner knows" at an account, on a day: people employed there whom a partner
contact (employed at the partner that day) KNOWS and none of our sellers KNOWS. A partner caller
gets every person there whom its contacts know, without the last condition: whom our sellers know
is ours to keep. ``KNOWS`` is read undirected; days follow ``graph.core.temporal``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all
from graph.core.errors import InvalidInput
from graph.core.model import AccountStatus, PartnerAccountStatus, SharingLevel
from graph.core.pagination import Page, paginate
from graph.core.temporal import employed_on
from graph.partners.boundary import Disclosure, load_partners, sees
from graph.partners.matching import (
    MatchedRecord,
    MatchingReport,
    OurStatus,
    OverlapCell,
    RecordMatch,
    overlap_matrix,
)


class InvalidOverlapArgument(InvalidInput):
    """An argument of an overlap query is out of range (``field`` names it)."""


def check_first(first: int) -> None:
    """``first`` must not be negative (the API bounds it further)."""
    if first < 0:
        raise InvalidOverlapArgument("'first' must not be negative.", field="first")


@dataclass(frozen=True)
class CellFilter:
    """A cell, a row or a column of the matrix; None means "any"."""

    our_status: OurStatus | None = None
    partner_status: PartnerAccountStatus | None = None

    def admits(self, our_status: OurStatus, partner_status: PartnerAccountStatus) -> bool:
        """Whether an account with these statuses is in the filtered cells."""
        return (self.our_status is None or self.our_status is our_status) and (
            self.partner_status is None or self.partner_status is partner_status
        )


@dataclass(frozen=True)
class PartnerContactLink:
    """A partner contact who knows someone, and how well (the strongest KNOWS)."""

    contact_id: str
    contact_name: str
    strength: float


@dataclass(frozen=True)
class UncoveredPerson:
    """Someone at the account whom the partner's contacts know (and, for our team, no seller)."""

    id: str
    name: str
    title: str | None
    known_by: tuple[PartnerContactLink, ...]


@dataclass(frozen=True)
class OverlapAccount:
    """An account both sides hold. ``account_status`` (our raw status) is None for partner
    callers; ``uncovered_people`` is None below CONTACTS."""

    account_id: str
    account_name: str
    domain: str | None
    account_status: AccountStatus | None
    our_status: OurStatus
    partner_status: PartnerAccountStatus
    records: tuple[MatchedRecord, ...]
    uncovered_people_count: int
    uncovered_people: tuple[UncoveredPerson, ...] | None


@dataclass(frozen=True)
class PartnerOverlap:
    """A partner's overlap with us: the full 3x3 matrix, the (filtered) accounts page (None at
    COUNTS), and for our own callers the matching report."""

    partner_id: str
    partner_name: str
    sharing_level: SharingLevel
    disclosure: Disclosure
    matrix: tuple[OverlapCell, ...]
    total_count: int
    accounts: Page[OverlapAccount] | None
    matching: MatchingReport | None


_UNCOVERED_PEOPLE: LiteralString = (
    """
MATCH (:Partner {workspace: $workspace, id: $partnerId})<-[ce:EMPLOYED_AT]-(c:Person)
WHERE """
    + employed_on("ce")
    + """
MATCH (c)-[k:KNOWS]-(x:Person)-[e:EMPLOYED_AT]->(a:Account {workspace: $workspace})
WHERE a.id IN $accountIds AND x <> c AND """
    + employed_on("e")
    + """
  AND ($partnerCaller OR NOT EXISTS { MATCH (x)-[:KNOWS]-(:Seller) })
WITH a.id AS accountId, x, c, max(k.strength) AS strength
ORDER BY strength DESC, c.id
WITH accountId, x,
     collect({id: c.id, name: coalesce(c.name, c.id), strength: strength}) AS knownBy
RETURN accountId, x.id AS id, coalesce(x.name, x.id) AS name, x.title AS title, knownBy
ORDER BY accountId, id
"""
)


async def partner_overlap(
    client: GraphClient,
    workspace: str,
    partner_id: str,
    cell: CellFilter | None = None,
    first: int = 50,
    after: str | None = None,
    *,
    as_of: date | None = None,
    viewer_partner_id: str | None = None,
) -> PartnerOverlap:
    """The partner's overlap with our accounts: the full matrix (never filtered), one page of the
    overlapping accounts in ``cell`` ordered by account id, and for each the people only the
    partner's contacts know there, judged on ``as_of`` (default today). Three statements in one
    read transaction."""
    check_first(first)
    cell = cell or CellFilter()
    day = as_of or date.today()

    async def work(
        tx: AsyncManagedTransaction,
    ) -> tuple[PartnerOverlap, Page[RecordMatch] | None, list[dict[str, Any]]]:
        loaded = await load_partners(
            tx, workspace, [partner_id], viewer_partner_id, Disclosure.COUNTS
        )
        partner, disclosure = loaded.partners[partner_id], loaded.disclosure
        resolution = loaded.resolutions[partner_id]
        overlap = PartnerOverlap(
            partner_id=partner.id,
            partner_name=partner.name,
            sharing_level=partner.sharing_level,
            disclosure=disclosure,
            matrix=overlap_matrix(resolution.matches),
            total_count=len(resolution.matches),
            accounts=None,
            matching=resolution.report if disclosure is Disclosure.EVERYTHING else None,
        )
        if not sees(disclosure, Disclosure.ACCOUNTS):
            return overlap, None, []
        page = paginate(
            [m for m in resolution.matches if cell.admits(m.account.our_status, m.partner_status)],
            first=first,
            after=after,
            sort_key=f"overlap:{partner_id}",
            position=lambda m: (m.account.id,),
        )
        if not page.items:
            return overlap, page, []
        people = await fetch_all(
            tx,
            _UNCOVERED_PEOPLE,
            {
                "workspace": workspace,
                "partnerId": partner_id,
                "accountIds": [m.account.id for _, m in page.items],
                "day": day,
                "partnerCaller": viewer_partner_id is not None,
            },
        )
        return overlap, page, people

    overlap, page, people_rows = await client.read(work)
    if page is None:
        return overlap
    people = _uncovered_by_account(people_rows)
    names = sees(overlap.disclosure, Disclosure.CONTACTS)
    ours = overlap.disclosure is Disclosure.EVERYTHING
    accounts = Page(
        items=tuple(
            (
                cursor,
                OverlapAccount(
                    account_id=m.account.id,
                    account_name=m.account.name,
                    domain=m.account.domain,
                    account_status=m.account.status if ours else None,
                    our_status=m.account.our_status,
                    partner_status=m.partner_status,
                    records=m.records,
                    uncovered_people_count=len(people.get(m.account.id, ())),
                    uncovered_people=tuple(people.get(m.account.id, ())) if names else None,
                ),
            )
            for cursor, m in page.items
        ),
        has_next_page=page.has_next_page,
        total_count=page.total_count,
        has_previous_page=page.has_previous_page,
    )
    return replace(overlap, accounts=accounts)


def _uncovered_by_account(rows: Iterable[dict[str, Any]]) -> dict[str, list[UncoveredPerson]]:
    people: dict[str, list[UncoveredPerson]] = defaultdict(list)
    for row in rows:
        people[row["accountId"]].append(
            UncoveredPerson(
                id=row["id"],
                name=row["name"],
                title=row.get("title"),
                known_by=tuple(
                    PartnerContactLink(k["id"], k["name"], float(k["strength"] or 0.0))
                    for k in row["knownBy"]
                ),
            )
        )
    return people
