"""Account-based selling: the root fields of scoring, qualification, coverage, suggested roles,
list sizing, personas and the buyer journey, merged into the schema's Query and Mutation by
``schema.root``."""

from __future__ import annotations

import strawberry

from schema.core.cost import COST, SCAN
from schema.core.pagination import Connection
from schema.selling.coverage import (
    CommitteeCoverage,
    PortfolioCoverage,
    resolve_committee_coverage,
    resolve_portfolio_coverage,
)
from schema.selling.journey import (
    BuyerJourney,
    RecordJourneyStagePayload,
    record_journey_stage,
    resolve_buyer_journey,
    resolve_upsell_cool_down_flags,
)
from schema.selling.list_sizing import TargetListSizing, resolve_target_list_sizing
from schema.selling.persona_matching import (
    AccountPersonas,
    PersonaMatch,
    resolve_account_personas,
    resolve_persona_matches,
)
from schema.selling.personas import (
    CreatePersonaSetVersionPayload,
    PersonaSet,
    create_persona_set_version,
    resolve_persona_sets,
    resolve_personas,
)
from schema.selling.qualification import Qualification, resolve_opportunity_qualification
from schema.selling.role_suggestions import (
    AcceptSuggestedRolePayload,
    SuggestedRole,
    accept_suggested_role,
    resolve_suggested_roles,
)
from schema.selling.scoring import AccountScore, resolve_account_score, resolve_account_scores
from schema.selling.scoring_model import (
    CreateScoringModelVersionPayload,
    ScoringModel,
    create_scoring_model_version,
    resolve_scoring_model,
    resolve_scoring_models,
)
from schema.selling.win_back import WinBackCandidate, resolve_win_back_accounts


@strawberry.type
class SellingQuery:
    scoring_model: ScoringModel | None = strawberry.field(
        resolver=resolve_scoring_model,
        description="The workspace's ideal customer profile: the latest scoring model, or "
        "`version`. Version 0 (no criteria) when none was saved; null with NOT_FOUND for a "
        "version that does not exist.",
    )
    scoring_models: Connection[ScoringModel] = strawberry.field(
        resolver=resolve_scoring_models,
        description="Every saved version of the scoring model, newest first (for reviews).",
    )
    account_score: AccountScore | None = strawberry.field(
        resolver=resolve_account_score,
        description="One account's fit: a 0..100 score (points over the model's total weight), "
        "its tier and the points per criterion with the rule that matched. Computed on read, so "
        "it always reflects the account and the model as they are now. Null with NOT_FOUND for "
        "an unknown account.",
    )
    account_scores: Connection[AccountScore] | None = strawberry.field(
        metadata={COST: SCAN},
        resolver=resolve_account_scores,
        description="Accounts by score, best first (ties by id), filtered by `where` (tier, "
        "minimum score, statuses, owner), under the latest model or `modelVersion` (null with "
        "NOT_FOUND for a version that does not exist).",
    )
    win_back_accounts: Connection[WinBackCandidate] | None = strawberry.field(
        metadata={COST: SCAN},
        resolver=resolve_win_back_accounts,
        description="LOST and FORMER_CUSTOMER accounts re-scored against the model, best fit "
        "first (ties by id), filtered by `where`, each with its last closed deal: the win-back "
        "list (null with "
        "NOT_FOUND for a `modelVersion` that does not exist).",
    )
    opportunity_qualification: Qualification | None = strawberry.field(
        resolver=resolve_opportunity_qualification,
        description="BANT for a deal, today or on `asOf`: Budget and Timeline from the deal; "
        "Authority from the graph (is an economic buyer or decision maker an engaged contact, "
        "by which sellers, else the warmest path to them) beside what the seller entered; Need "
        "from the pain points of the account and its people; and the list of what is missing. "
        "Null with NOT_FOUND for an unknown deal.",
    )
    suggested_roles: Connection[SuggestedRole] | None = strawberry.field(
        resolver=resolve_suggested_roles,
        description="Buying roles the people working at the account (today or on `asOf`) "
        "probably hold, read from title, seniority, department and reporting position (e.g. "
        "C-level in Finance at the top of the account's tree: ECONOMIC_BUYER, 0.9), each with a "
        "confidence and the reason, most confident first. When a person's seniority field is "
        "empty it is read from the title (VP, SVP, EVP, Director, Head of, Manager, CEO, CFO, "
        "COO, CTO, CIO, CMO, CRO, CISO, Chief ... Officer) and the reason says so; title words "
        "are only those the rules list (procurement, purchasing, sourcing; counsel, legal, "
        "compliance, attorney; architect). Never written until accepted "
        "(`acceptSuggestedRole`); roles a person holds already are not suggested to them. Null "
        "with NOT_FOUND for an unknown account.",
    )
    committee_coverage: CommitteeCoverage | None = strawberry.field(
        resolver=resolve_committee_coverage,
        description="One account's buying-committee coverage, today or on `asOf`: the committee "
        "(people working there who hold a buying role: those who take part in the decision) "
        "against the typical 6.8, and again counting suggested roles; the people mapped "
        "(everyone working there) shown separately; roles covered and missing, whether an economic buyer is mapped "
        "and engaged (engagement as in accountRisk), and the same roles counting suggestions at "
        "or above `minConfidence` (default 0.5). Null with NOT_FOUND for an unknown account.",
    )
    portfolio_coverage: PortfolioCoverage = strawberry.field(
        metadata={COST: SCAN},
        resolver=resolve_portfolio_coverage,
        description="Coverage across the accounts being worked (customers and accounts with an "
        "open deal, `sellerId`'s when given, as portfolioRisk scans them), today or on `asOf`: "
        "average people mapped and on the committee, the share with a full committee (7 or more "
        "buying-role holders; again counting suggestions), with an economic buyer mapped, "
        "engaged or suggested, per-role shares with and without suggestions, and the `weakest` "
        "accounts.",
    )
    target_list_sizing: TargetListSizing | None = strawberry.field(
        metadata={COST: SCAN},
        resolver=resolve_target_list_sizing,
        description="Size the target account list: accounts that can buy now (market x share), "
        "accounts needed to hit the target (target / deal size / close rate), and what the team "
        "can work (reps x accounts at once x sales cycles in the period); the list is the "
        "smallest, with the bound that binds, accounts per rep and the expected revenue. Beside "
        "it, the current list (TARGET, PROSPECT, CUSTOMER accounts) by the tier the scoring "
        "model gives (latest or `modelVersion`; the stored tier beside it where they differ) and "
        "by seller: only AEs and reps carry quota, so only they get the accounts per rep as a "
        "recommendation; accounts owned by anyone else or nobody have no quota owner. Null with "
        "NOT_FOUND for a `modelVersion` that does not exist.",
    )
    personas: PersonaSet | None = strawberry.field(
        resolver=resolve_personas,
        description="The workspace's buyer personas: the latest version, or `version` "
        "(version 0 with none when nothing was saved; null with NOT_FOUND for a version that "
        "does not exist).",
    )
    persona_sets: Connection[PersonaSet] = strawberry.field(
        resolver=resolve_persona_sets,
        description="Every saved version of the personas, newest first (quarterly reviews).",
    )
    persona_matches: Connection[PersonaMatch] | None = strawberry.field(
        metadata={COST: SCAN},
        resolver=resolve_persona_matches,
        description="People working at the workspace's accounts (today or on `asOf`) who match "
        "personas (filtered by `where`: one persona, some accounts), by account then name "
        "(null with NOT_FOUND "
        "for a persona `version` that does not exist).",
    )
    account_personas: AccountPersonas | None = strawberry.field(
        resolver=resolve_account_personas,
        description="The personas that apply to the account (its industry, location and size), "
        "each ENGAGED, MAPPED or MISSING at it today or on `asOf`, with the people who match; "
        "under the latest persona version or `version`, to compare reviews. Null with NOT_FOUND "
        "for an unknown account.",
    )
    buyer_journey: BuyerJourney | None = strawberry.field(
        resolver=resolve_buyer_journey,
        description="The account's buyer journey on `asOf` (default today): the latest stage "
        "entered and the dated history; the last purchase (a PURCHASE entry or a won deal) and "
        "its cool-down: adoption first, then upsell when the account team says it is time. For "
        "`coolDownDays` (default 90) after the purchase, unless EXPANSION is recorded on or "
        "after the purchase day (the go-ahead), every open deal opened on or after the purchase "
        "(or with no `openDate`) is flagged; a deal opened before the purchase is not an "
        "upsell. Null with NOT_FOUND for an unknown account.",
    )
    upsell_cool_down_flags: Connection[BuyerJourney] = strawberry.field(
        metadata={COST: SCAN},
        resolver=resolve_upsell_cool_down_flags,
        description="Accounts with an upsell opened too early on `asOf` (default today): within "
        "`coolDownDays` of a purchase, with no EXPANSION go-ahead recorded since, an open deal "
        "opened on or after the purchase (or undated); most recent purchase first (ties by id).",
    )


@strawberry.type
class SellingMutation:
    create_scoring_model_version: CreateScoringModelVersionPayload = strawberry.mutation(
        resolver=create_scoring_model_version,
        description="Create a new version of the scoring model: weighted criteria, each with "
        "sub-criteria giving partial credit, and tier thresholds. Older versions are kept. "
        "Admins and members only; an invalid model lists every problem (INVALID_INPUT).",
    )
    create_persona_set_version: CreatePersonaSetVersionPayload = strawberry.mutation(
        resolver=create_persona_set_version,
        description="Create a new version of the buyer personas (the whole set; older versions "
        "are kept). Admins and members only; invalid definitions list every problem.",
    )
    accept_suggested_role: AcceptSuggestedRolePayload | None = strawberry.mutation(
        resolver=accept_suggested_role,
        description="Accept a (suggested) buying role: writes it as held from today, through the "
        "same validated upsert as an import. The person must work at the account today "
        "(INVALID_INPUT otherwise); the role must be standard, known to the workspace or "
        "named by a persona (a typo is INVALID_INPUT naming the nearest roles); accepting a role "
        "already held changes nothing (created: false). Null with NOT_FOUND for an unknown "
        "account or deal.",
    )
    record_journey_stage: RecordJourneyStagePayload | None = strawberry.mutation(
        resolver=record_journey_stage,
        description="Record that an account entered a journey stage on `enteredOn` (default "
        "today); recording the same stage on the same day again only updates the note. Null "
        "with NOT_FOUND for an unknown account.",
    )
