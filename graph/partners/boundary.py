"""The partner boundary: what a partner credential may see, written once.

A partner caller speaks for one partner and sees only accounts in that partner's own overlap
(its own shared records matched to our accounts by ``graph.partners.matching``):

- NONE: nothing (every partner query is ``SharingForbidden``);
- COUNTS: counts only (the overlap matrix, the program figures);
- ACCOUNTS: also those accounts (names, domains, both statuses, its own records);
- CONTACTS: also the people at those accounts whom its own current contacts know, and the warmth
  of routes through its own contacts.

It never sees our sellers' identities, our people-to-people relationships that do not involve its
contacts, other partners, or anything at accounts outside its overlap. Paths shown to it start at
"our team" as one anonymous node (``OUR_TEAM``). A denial is ``SharingForbidden`` whose text
depends only on what was asked, never on whether the thing exists.

Every partner-callable query loads the caller's partners through ``load_partners`` (which checks
the level before anything else is read) or its scope through ``load_partner_view``; the paths view
redacts a warmest-paths answer with ``PartnerView.redact``. Our own team (``viewer_partner_id``
None) sees everything (``Disclosure.EVERYTHING``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all, fetch_one
from graph.core.errors import Forbidden, NotFound
from graph.core.model import HumanKind, OrganizationKind, SharingLevel
from graph.core.temporal import employed_on
from graph.partners.matching import Resolution, fetch_shared_records, resolve_records
from graph.reach.paths import PathHop, PathNode, PathReason, WarmestPaths, WarmPath


class SharingForbidden(Forbidden):
    """The caller's partner does not share this; the same text whether the thing exists or not."""


class Disclosure(StrEnum):
    """What one caller may see of a partner's overlap, from least to most."""

    COUNTS = "COUNTS"
    ACCOUNTS = "ACCOUNTS"
    CONTACTS = "CONTACTS"
    EVERYTHING = "EVERYTHING"


_RANK = {level: rank for rank, level in enumerate(Disclosure)}

DEFAULT_SHARING_LEVEL = SharingLevel.ACCOUNTS
"""A partner stored without a sharing level is read as the import default."""

OUR_TEAM = PathNode(
    id="our-team",
    kind=HumanKind.SELLER,
    name="Our team",
    title=None,
    organization_id=None,
    organization_name=None,
    organization_kind=None,
    buying_roles=(),
)
"""Where every path shown to a partner starts: our sellers (and our side of the path) as one."""


def sees(disclosure: Disclosure, needed: Disclosure) -> bool:
    """Whether ``disclosure`` shows what needs ``needed``."""
    return _RANK[disclosure] >= _RANK[needed]


def own_partner_only(partner_ids: Sequence[str], viewer_partner_id: str | None) -> None:
    """A partner caller may name only its own partner (another one, existing or not, is the
    same denial)."""
    if viewer_partner_id is not None and any(p != viewer_partner_id for p in partner_ids):
        raise SharingForbidden("A partner credential can only ask about its own partner.")


def members_only(viewer_partner_id: str | None, what: str) -> None:
    """Our own team only: ``what`` names the query in the denial."""
    if viewer_partner_id is not None:
        raise SharingForbidden(f"{what} is for our own team only, not partner credentials.")


def denied_account(account_id: str) -> SharingForbidden:
    """The one text for an account a partner may not see, whether it exists or not."""
    del account_id  # never in the text: it must not differ between an account and no account
    return SharingForbidden("That account is not in your partner's overlap.")


def _granted(level: SharingLevel, needed: Disclosure) -> Disclosure:
    if level is SharingLevel.NONE:
        raise SharingForbidden(
            "Your partner shares nothing (sharing level NONE); ask your partner manager to raise it."
        )
    granted = Disclosure(level.value)
    if not sees(granted, needed):
        raise SharingForbidden(
            f"Your partner's sharing level ({granted.value}) does not show this; it needs "
            f"{needed.value}."
        )
    return granted


@dataclass(frozen=True)
class Partner:
    """A partner as the overlap queries see it."""

    id: str
    name: str
    domain: str | None
    sharing_level: SharingLevel


PARTNER_FIELDS: LiteralString = """
RETURN p.id AS id, coalesce(p.name, p.id) AS name, p.domain AS domain,
       p.sharingLevel AS sharingLevel
"""
"""What ``partner_of`` reads, for a statement that matched ``p:Partner``."""

PARTNERS_BY_ID: LiteralString = (
    """
UNWIND $partnerIds AS partnerId
MATCH (p:Partner {workspace: $workspace, id: partnerId})
"""
    + PARTNER_FIELDS
)


def partner_of(row: dict[str, Any]) -> Partner:
    """A partner from a row with id, name, domain and sharingLevel."""
    try:
        level = SharingLevel(row.get("sharingLevel") or DEFAULT_SHARING_LEVEL)
    except ValueError:
        level = SharingLevel.NONE
    return Partner(str(row["id"]), str(row["name"]), row.get("domain"), level)


@dataclass(frozen=True)
class Loaded:
    """The partners asked about, what the caller sees of them, and each one's resolved records."""

    partners: dict[str, Partner]
    disclosure: Disclosure
    resolutions: dict[str, Resolution]


async def load_partners(
    tx: AsyncManagedTransaction,
    workspace: str,
    partner_ids: Sequence[str],
    viewer_partner_id: str | None,
    needed: Disclosure,
    argument: str = "partnerId",
) -> Loaded:
    """The partners and what the caller may see of them (checked before their records are read),
    then their shared records resolved. Our team gets ``NotFound`` for a missing partner; a
    partner caller names only itself, and a partner that is gone reads as NONE. ``argument``
    is the GraphQL argument that named the partners."""
    own_partner_only(partner_ids, viewer_partner_id)
    rows = await fetch_all(
        tx, PARTNERS_BY_ID, {"workspace": workspace, "partnerIds": list(dict.fromkeys(partner_ids))}
    )
    partners = {str(row["id"]): partner_of(row) for row in rows}
    disclosure = Disclosure.EVERYTHING
    for partner_id in partner_ids:
        partner = partners.get(partner_id)
        if viewer_partner_id is not None:
            disclosure = _granted(
                SharingLevel.NONE if partner is None else partner.sharing_level, needed
            )
        elif partner is None:
            raise NotFound.of("Partner", partner_id, argument=argument)
    records = await fetch_shared_records(tx, workspace, partner_ids)
    resolutions = {p: resolve_records(records[p]) for p in partner_ids}
    return Loaded(partners, disclosure, resolutions)


# --- a partner caller's view of people and paths ---------------------------------------------


@dataclass(frozen=True)
class PartnerView:
    """What one partner caller may see on a day: the accounts of its overlap, its current
    contacts, and the people at those accounts whom its contacts know."""

    partner_id: str
    disclosure: Disclosure
    day: date
    account_ids: frozenset[str]
    contact_ids: frozenset[str]
    known_people: frozenset[str]

    def check_account(self, account_id: str) -> None:
        """``SharingForbidden`` (one text) unless the account is in the overlap."""
        if account_id not in self.account_ids:
            raise denied_account(account_id)

    def redact(self, answer: WarmestPaths) -> WarmestPaths:
        """A warmest-paths answer in the partner's words: only role holders its contacts know;
        only paths through its own contacts, starting at ``OUR_TEAM`` at the first of them;
        a path whose rest involves anyone else (or another partner) keeps only its warmth."""
        holders = tuple(h for h in answer.role_holder_ids if h in self.known_people)
        paths = tuple(p for p in (self._path(path) for path in answer.paths) if p is not None)
        reason = None
        if not paths:
            reason = (
                PathReason.NO_ROLE_HOLDER_MAPPED
                if not holders
                else PathReason.NO_PATH_WITHIN_MAX_HOPS
            )
        return replace(answer, role_holder_ids=holders, paths=paths, reason=reason)

    def _path(self, path: WarmPath) -> WarmPath | None:
        if path.hidden or not path.hops:
            return None  # who is on it is unknown here, so it is not known to run through us
        nodes = [path.hops[0].source, *(hop.target for hop in path.hops)]
        first = next((i for i, node in enumerate(nodes) if node.id in self.contact_ids), None)
        if first is None:
            return None
        rest = path.hops[first:]
        shown = all(n.id in self.contact_ids or n.id in self.known_people for n in nodes[first:])
        shown = shown and all(
            hop.source.id in self.contact_ids or hop.target.id in self.contact_ids for hop in rest
        )
        if not shown:
            return WarmPath(
                warmth=path.warmth,
                hop_count=path.hop_count,
                seller_id=None,
                first_contact_id=None,
                target_id=None,
                hops=(),
                via_partner_ids=(self.partner_id,),
                hidden=True,
            )
        into = path.hops[first - 1]
        hops = (
            PathHop(OUR_TEAM, self._node(nodes[first]), into.relationship, into.strength),
            *(
                PathHop(self._node(h.source), self._node(h.target), h.relationship, h.strength)
                for h in rest
            ),
        )
        return WarmPath(
            warmth=path.warmth,
            hop_count=path.hop_count,
            seller_id=None,
            first_contact_id=nodes[first].id,
            target_id=path.target_id,
            hops=hops,
            via_partner_ids=(self.partner_id,),
            hidden=False,
        )

    def _node(self, node: PathNode) -> PathNode:
        """A person as the partner may see them: their organization only when it is the partner
        itself or an account of its overlap."""
        visible = (
            node.organization_kind is OrganizationKind.PARTNER
            and node.organization_id == self.partner_id
        ) or (
            node.organization_kind is OrganizationKind.ACCOUNT
            and node.organization_id in self.account_ids
        )
        if visible:
            return node
        return replace(
            node,
            organization_id=None,
            organization_name=None,
            organization_kind=None,
            buying_roles=(),
        )


_PEOPLE: LiteralString = (
    """
OPTIONAL MATCH (:Partner {workspace: $workspace, id: $partnerId})<-[ce:EMPLOYED_AT]-(c:Person)
WHERE """
    + employed_on("ce")
    + """
WITH collect(DISTINCT c) AS contacts
RETURN [c IN contacts | c.id] AS contactIds,
  COLLECT {
    UNWIND contacts AS c
    MATCH (c)-[:KNOWS]-(x:Person)-[e:EMPLOYED_AT]->(a:Account {workspace: $workspace})
    WHERE a.id IN $accountIds AND x <> c AND """
    + employed_on("e")
    + """
    RETURN DISTINCT x.id
  } AS knownIds
"""
)


async def load_partner_view(
    client: GraphClient,
    workspace: str,
    partner_id: str,
    day: date,
    needed: Disclosure = Disclosure.CONTACTS,
) -> PartnerView:
    """A partner caller's view on ``day`` (``SharingForbidden`` below ``needed``)."""

    async def work(tx: AsyncManagedTransaction) -> PartnerView:
        loaded = await load_partners(tx, workspace, [partner_id], partner_id, needed)
        accounts = [m.account.id for m in loaded.resolutions[partner_id].matches]
        row = await fetch_one(
            tx,
            _PEOPLE,
            {"workspace": workspace, "partnerId": partner_id, "accountIds": accounts, "day": day},
        )
        assert row is not None
        return PartnerView(
            partner_id=partner_id,
            disclosure=loaded.disclosure,
            day=day,
            account_ids=frozenset(accounts),
            contact_ids=frozenset(str(c) for c in row["contactIds"]),
            known_people=frozenset(str(x) for x in row["knownIds"]),
        )

    return await client.read(work)
