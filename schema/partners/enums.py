"""The partners domain's closed sets, registered once under their GraphQL names; the partner
schema modules import them from here."""

from __future__ import annotations

import strawberry

from graph.partners import boundary as graph_boundary
from graph.partners import introductions as graph_introductions
from graph.partners import matching as graph_matching

OurOverlapStatus = graph_matching.OurStatus
strawberry.enum(
    OurOverlapStatus,
    name="OurOverlapStatus",
    description="Our side of the overlap matrix: CUSTOMER; else OPEN_OPPORTUNITY (an open deal); "
    "else PROSPECT_TARGET (targets, prospects, and former customers or lost accounts as "
    "win-back candidates).",
)
OverlapMatchBasis = graph_matching.MatchBasis
strawberry.enum(
    OverlapMatchBasis,
    name="OverlapMatchBasis",
    description="What a shared record matched on: its normalized domain, or (without a domain) "
    "its normalized company name.",
)
OverlapUnmatchedReason = graph_matching.UnmatchedReason
strawberry.enum(
    OverlapUnmatchedReason,
    name="OverlapUnmatchedReason",
    description="Why a shared record is not in the overlap; SEVERAL_* means ambiguous.",
)
OverlapDisclosure = graph_boundary.Disclosure
strawberry.enum(
    OverlapDisclosure,
    name="OverlapDisclosure",
    description="What this caller sees: COUNTS, ACCOUNTS or CONTACTS (a partner's sharing "
    "level), or EVERYTHING (our own team).",
)
PartnerRouteGap = graph_introductions.RouteGap
strawberry.enum(
    PartnerRouteGap,
    name="PartnerRouteGap",
    description="Why no route to the economic buyer was found.",
)
