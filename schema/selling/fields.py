"""Account-based selling: the root fields of scoring, qualification, coverage, suggested roles,
list sizing and personas, merged into the schema's Query and Mutation by ``schema.root``."""

from __future__ import annotations

import strawberry

from schema.core.pagination import Connection
from schema.selling.coverage import (
    AcceptedRole,
    CommitteeCoverage,
    PortfolioCoverage,
    SuggestedRole,
    accept_suggested_role,
    resolve_committee_coverage,
    resolve_portfolio_coverage,
    resolve_suggested_roles,
)
from schema.selling.journey import (
    BuyerJourney,
    JourneyEntry,
    record_journey_stage,
    resolve_buyer_journey,
    resolve_upsell_cool_down_flags,
)
from schema.selling.list_sizing import TargetListSizing, resolve_target_list_sizing
from schema.selling.personas import (
    AccountPersonas,
    PersonaMatch,
    PersonaSet,
    resolve_account_personas,
    resolve_persona_matches,
    resolve_persona_sets,
    resolve_personas,
    set_personas,
)
from schema.selling.qualification import Qualification, resolve_opportunity_qualification
from schema.selling.scoring import (
    AccountScore,
    ScoringModel,
    WinBackCandidate,
    resolve_account_score,
    resolve_account_scores,
    resolve_scoring_model,
    resolve_scoring_models,
    resolve_win_back_accounts,
    set_scoring_model,
)


@strawberry.type
class SellingQuery:
    scoring_model: ScoringModel = strawberry.field(
        resolver=resolve_scoring_model,
        description="The workspace's ideal customer profile: the latest scoring model, or "
        "`version`. Version 0 (no criteria) when none was saved.",
    )
    scoring_models: list[ScoringModel] = strawberry.field(
        resolver=resolve_scoring_models,
        description="Every saved version of the scoring model, newest first (for reviews).",
    )
    account_score: AccountScore = strawberry.field(
        resolver=resolve_account_score,
        description="One account's fit: a 0..100 score (points over the model's total weight), "
        "its tier and the points per criterion with the rule that matched. Computed on read, so "
        "it always reflects the account and the model as they are now.",
    )
    account_scores: Connection[AccountScore] = strawberry.field(
        resolver=resolve_account_scores,
        description="Accounts by score, best first (ties by id), filtered by `tier`, "
        "`minScore`, `statuses` and `ownerSellerId`, under the latest model or `modelVersion`; "
        "paginated.",
    )
    win_back_accounts: list[WinBackCandidate] = strawberry.field(
        resolver=resolve_win_back_accounts,
        description="LOST and FORMER_CUSTOMER accounts re-scored against the model, best fit "
        "first, each with its last closed deal: the win-back list.",
    )
    opportunity_qualification: Qualification = strawberry.field(
        resolver=resolve_opportunity_qualification,
        description="BANT for a deal, today or on `asOf`: Budget and Timeline from the deal; "
        "Authority from the graph (is an economic buyer or decision maker an engaged contact, "
        "by which sellers, else the warmest path to them) beside what the seller entered; Need "
        "from the pain points of the account and its people; and the list of what is missing.",
    )
    suggested_roles: list[SuggestedRole] = strawberry.field(
        resolver=resolve_suggested_roles,
        description="Buying roles the people working at the account probably hold, read from "
        "title, seniority, department and reporting position (e.g. C-level in Finance at the top "
        "of the account's tree: ECONOMIC_BUYER, 0.9), each with a confidence and the reason, "
        "most confident first. Never written until accepted (`acceptSuggestedRole`); roles a "
        "person holds already are not suggested to them.",
    )
    committee_coverage: CommitteeCoverage = strawberry.field(
        resolver=resolve_committee_coverage,
        description="One account's buying-committee coverage, today or on `asOf`: people mapped "
        "against the typical 6.8, roles covered and missing, whether an economic buyer is mapped "
        "and engaged (engagement as in accountRisk), and the same roles counting suggestions at "
        "or above `minConfidence` (default 0.5).",
    )
    portfolio_coverage: PortfolioCoverage = strawberry.field(
        resolver=resolve_portfolio_coverage,
        description="Coverage across the accounts being worked (customers and accounts with an "
        "open deal, `sellerId`'s when given, as portfolioRisk scans them): average people mapped, "
        "the share with a full committee, with an economic buyer mapped, engaged or suggested, "
        "per-role shares with and without suggestions, and the `weakest` accounts.",
    )
    target_list_sizing: TargetListSizing = strawberry.field(
        resolver=resolve_target_list_sizing,
        description="Size the target account list: accounts that can buy now (market x share), "
        "accounts needed to hit the target (target / deal size / close rate), and what the team "
        "can work (reps x accounts at once x sales cycles in the period); the list is the "
        "smallest, with the bound that binds, accounts per rep and the expected revenue. Beside "
        "it, the current list (TARGET, PROSPECT, CUSTOMER accounts) by tier and by seller.",
    )
    personas: PersonaSet = strawberry.field(
        resolver=resolve_personas,
        description="The workspace's buyer personas: the latest version, or `version` "
        "(version 0 with none when nothing was saved).",
    )
    persona_sets: list[PersonaSet] = strawberry.field(
        resolver=resolve_persona_sets,
        description="Every saved version of the personas, newest first (quarterly reviews).",
    )
    persona_matches: list[PersonaMatch] = strawberry.field(
        resolver=resolve_persona_matches,
        description="People working at the workspace's accounts (today or on `asOf`) who match "
        "personas (`personaKey` only, when given), by account then name, at most `first`.",
    )
    account_personas: AccountPersonas = strawberry.field(
        resolver=resolve_account_personas,
        description="The personas that apply to the account (its industry, location and size), "
        "each ENGAGED, MAPPED or MISSING at it, with the people who match; under the latest "
        "persona version or `version`, to compare reviews.",
    )
    buyer_journey: BuyerJourney = strawberry.field(
        resolver=resolve_buyer_journey,
        description="The account's buyer journey on `asOf` (default today): the latest stage "
        "entered and the dated history; the last purchase (a PURCHASE entry or a won deal) and, "
        "within `coolDownDays` (default 90) of it, every open deal flagged: adoption first, "
        "then upsell. Deals carry no opening date, so a deal open during the cool-down counts.",
    )
    upsell_cool_down_flags: list[BuyerJourney] = strawberry.field(
        resolver=resolve_upsell_cool_down_flags,
        description="Accounts with an open deal while still within `coolDownDays` of a "
        "purchase, most recent purchase first.",
    )


@strawberry.type
class SellingMutation:
    set_scoring_model: ScoringModel = strawberry.mutation(
        resolver=set_scoring_model,
        description="Save a new version of the scoring model: weighted criteria, each with "
        "sub-criteria giving partial credit, and tier thresholds. Older versions are kept. "
        "Admins and members only; an invalid model lists every problem (INVALID_INPUT).",
    )
    accept_suggested_role: AcceptedRole = strawberry.mutation(
        resolver=accept_suggested_role,
        description="Accept a (suggested) buying role: writes it as held from today, through the "
        "same validated upsert as an import. The person must work at the account today "
        "(INVALID_INPUT otherwise); accepting a role already held changes nothing.",
    )
    set_personas: PersonaSet = strawberry.mutation(
        resolver=set_personas,
        description="Save a new version of the buyer personas (the whole set; older versions are "
        "kept). Admins and members only; invalid definitions list every problem.",
    )

    record_journey_stage: JourneyEntry = strawberry.mutation(
        resolver=record_journey_stage,
        description="Record that an account entered a journey stage on `enteredOn` (default "
        "today); recording the same stage on the same day again only updates the note.",
    )
