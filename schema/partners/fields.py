"""Root query fields of the partners domain: partner overlap (the matrix, warm introductions, the
best partner, shared accounts, program figures) and the partners themselves.

Every field a partner credential may call goes through ``schema.partners.boundary``. Merged into
the schema's Query by ``schema.root``."""

from __future__ import annotations

import strawberry

from schema.core.cost import COST, SCAN, SEARCH
from schema.core.pagination import Connection
from schema.partners.directory import Partner, resolve_partner, resolve_partners
from schema.partners.introductions import (
    BestPartnerRoute,
    WarmIntroduction,
    resolve_best_partner_for_account,
    resolve_warm_introductions,
)
from schema.partners.overlap import PartnerOverlap, resolve_partner_overlap
from schema.partners.program import (
    PartnerProgram,
    SharedAccount,
    resolve_partner_program,
    resolve_shared_accounts,
)


@strawberry.type
class PartnersQuery:
    partners: Connection[Partner] = strawberry.field(
        resolver=resolve_partners,
        description="The workspace's partners, by id. A partner credential sees only its own "
        "partner (FORBIDDEN at sharing level NONE).",
    )
    partner: Partner | None = strawberry.field(
        resolver=resolve_partner,
        description="One partner by id; null for an unknown id (for a partner credential, for "
        "any id but its own).",
    )
    partner_overlap: PartnerOverlap | None = strawberry.field(
        metadata={COST: SCAN},
        resolver=resolve_partner_overlap,
        description="A partner's overlap with our accounts: the matrix of counts (our status by "
        "the partner's), the overlapping accounts matching `where` (a cell, row or column) with both statuses and the people "
        "only the partner knows there (on `asOf`, default today), and how each shared record "
        "matched (by normalized domain, else by normalized name; ambiguous and unmatched records "
        "listed, never guessed). Partner credentials see what their sharing level allows.",
    )
    warm_introductions: Connection[WarmIntroduction] | None = strawberry.field(
        metadata={COST: SCAN},
        resolver=resolve_warm_introductions,
        description="Accounts that are our prospect, target or open deal and the partner's "
        "customer, ranked by how well the partner's contacts know the economic buyer or decision "
        "makers there on `asOf` (no known route last). Partner credentials: ACCOUNTS lists the "
        "accounts by id, CONTACTS adds warmth and routes.",
    )
    best_partner_for_account: BestPartnerRoute | None = strawberry.field(
        metadata={COST: SEARCH},
        resolver=resolve_best_partner_for_account,
        description="Which partner's contacts know the account's economic buyer (on `asOf`) "
        "best, against our own sellers' direct relationships. Our own team only.",
    )
    shared_accounts: Connection[SharedAccount] | None = strawberry.field(
        metadata={COST: SCAN},
        resolver=resolve_shared_accounts,
        description="Accounts we share with every partner in `partnerIds`, with all statuses: the "
        "co-marketing list (for a joint event, about 3x the seats).",
    )
    partner_program: PartnerProgram | None = strawberry.field(
        resolver=resolve_partner_program,
        description="Program figures over a partner's overlap: the share of accounts that "
        "reached pipeline and the share closed won.",
    )
