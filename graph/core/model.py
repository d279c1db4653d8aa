"""The account graph's vocabulary: the closed enums every label, relationship type and status
comes from, and the shape of the graph they describe.

Every node carries ``workspace`` (the tenant) and ``id`` (the caller's stable external id, unique
per workspace and label; see ``graph/migrations``). Property names are camelCase, as in the
import bundle.

Nodes
    (:Workspace {id, name, customRoles: [str]})
    (:Seller {workspace, id, name, email, title, role: SellerRole})
    (:Account {workspace, id, name, nameKey, domain, industry, employees, annualRevenue, country,
               region, technologies: [str], competitorProducts: [str], tier,
               status: AccountStatus, ownerSellerId})
    (:Partner {workspace, id, name, domain, sharingLevel: SharingLevel})
    (:PartnerAccount {workspace, id: "<partnerId>/<externalId>", partnerId, externalId, name,
                      nameKey, domain, status: PartnerAccountStatus})
    (:Person {workspace, id, name, photoUrl, email, phone, linkedinUrl, location, title,
              department, seniority: Seniority, roleSummary, labels: [str]})
    (:Opportunity {workspace, id, accountId, name, stage, amount, currency, openDate, closeDate,
                   state: OpportunityState, budget, authority, need, timeline, ownerSellerId})
    (:ContextItem {workspace, id, accountId, kind: ContextKind, text, horizon, dueDate})
    (:PainPoint {workspace, id, text, severity})
    (:JourneyStage {workspace, id, accountId, stage, enteredOn, note})   an account's dated stage
    (:ScoringModel {workspace, version, ...}) and (:PersonaSet {workspace, version, ...})
        versioned definitions (graph/core/versioned.py)
    (:IntroRequest {workspace, id, accountId, targetId, introducerId, introducerKind: HumanKind,
                    requesterId, partnerId, path, note, state, requestedAt, stateChangedAt})
        a seller's request for an introduction (graph/intros); ``path`` is the warmest-path
        steps it came from, as JSON text; ``partnerId`` the introducer's partner, if any
    (:IntroRequestChange {workspace, requestId, scope, key, fingerprint, seq, fromState,
                          toState, at, actorRole, actorSubject, actorPartnerId, note})
        one dated, attributed state change of a request (its creation included), kept as
        history; (workspace, scope, key) is the client's idempotency key

Relationships (dates are Neo4j ``date`` values; a null end means "still true")
    (:Account)-[:OWNED_BY]->(:Seller)
    (:Partner)-[:SHARES]->(:PartnerAccount)
    (:Person)-[:EMPLOYED_AT {id, title, department, startDate, endDate}]->(:Account|:Partner)
    (:Person)-[:REPORTS_TO {fromDate, toDate, strength}]->(:Person)        manager at the head
    (:Person)-[:HOLDS_ROLE {role, opportunityId, stance, fromDate, toDate}]->(:Account)
        role is a BuyingRole value or a workspace custom role; opportunityId is "" when the role
        is held for the account as a whole (so it can be part of a MERGE key)
    (:Person|:Seller)-[:KNOWS {strength, source, lastInteractionAt}]->(:Person|:Seller)
        symmetric: stored once, in either direction, always read undirected
    (:Person)-[:INFLUENCES {strength}]->(:Person)                       influencer to influenced
    (:Opportunity)-[:FOR_ACCOUNT]->(:Account)
    (:Opportunity)-[:OWNED_BY]->(:Seller)
    (:Person)-[:ON_OPPORTUNITY]->(:Opportunity)
    (:Account)-[:HAS_CONTEXT]->(:ContextItem)
    (:Account|:Person)-[:HAS_PAIN]->(:PainPoint)
    (:Account)-[:IN_JOURNEY]->(:JourneyStage)
    (:IntroRequest)-[:TARGETS]->(:Person)
    (:IntroRequest)-[:INTRODUCED_BY]->(:Person|:Seller)
    (:IntroRequest)-[:REQUESTED_BY]->(:Seller)
    (:IntroRequest)-[:FOR_ACCOUNT]->(:Account)
    (:IntroRequest)-[:HAS_CHANGE]->(:IntroRequestChange)

What is *current* on a day ``d`` is defined once, in ``graph/core/temporal.py``: an employment,
buying role or reporting line holds on ``d`` when its start is absent or ``<= d`` and its end is
absent or ``> d``; every statement takes the day as the parameter ``$day``.
"""

from __future__ import annotations

from enum import StrEnum


class Label(StrEnum):
    """Node labels. Cypher text may only interpolate values of this enum."""

    WORKSPACE = "Workspace"
    SELLER = "Seller"
    ACCOUNT = "Account"
    PARTNER = "Partner"
    PARTNER_ACCOUNT = "PartnerAccount"
    PERSON = "Person"
    OPPORTUNITY = "Opportunity"
    CONTEXT_ITEM = "ContextItem"
    PAIN_POINT = "PainPoint"
    SCORING_MODEL = "ScoringModel"
    PERSONA_SET = "PersonaSet"
    JOURNEY_STAGE = "JourneyStage"
    INTRO_REQUEST = "IntroRequest"
    INTRO_REQUEST_CHANGE = "IntroRequestChange"


class RelType(StrEnum):
    """Relationship types. Cypher text may only interpolate values of this enum."""

    OWNED_BY = "OWNED_BY"
    SHARES = "SHARES"
    EMPLOYED_AT = "EMPLOYED_AT"
    REPORTS_TO = "REPORTS_TO"
    HOLDS_ROLE = "HOLDS_ROLE"
    KNOWS = "KNOWS"
    INFLUENCES = "INFLUENCES"
    FOR_ACCOUNT = "FOR_ACCOUNT"
    ON_OPPORTUNITY = "ON_OPPORTUNITY"
    HAS_CONTEXT = "HAS_CONTEXT"
    HAS_PAIN = "HAS_PAIN"
    IN_JOURNEY = "IN_JOURNEY"
    TARGETS = "TARGETS"
    INTRODUCED_BY = "INTRODUCED_BY"
    REQUESTED_BY = "REQUESTED_BY"
    HAS_CHANGE = "HAS_CHANGE"


class BuyingRole(StrEnum):
    """The standard buying roles; workspaces may add custom ones (stored as plain strings)."""

    ECONOMIC_BUYER = "ECONOMIC_BUYER"
    DECISION_MAKER = "DECISION_MAKER"
    BUDGET_HOLDER = "BUDGET_HOLDER"
    INFLUENCER = "INFLUENCER"
    BLOCKER = "BLOCKER"
    CHAMPION = "CHAMPION"
    TECHNICAL_EVALUATOR = "TECHNICAL_EVALUATOR"
    END_USER = "END_USER"
    LEGAL = "LEGAL"
    PROCUREMENT = "PROCUREMENT"


class Stance(StrEnum):
    """A role holder's stance toward us."""

    SUPPORTER = "SUPPORTER"
    NEUTRAL = "NEUTRAL"
    DETRACTOR = "DETRACTOR"


class AccountStatus(StrEnum):
    """Our relationship with an account."""

    TARGET = "TARGET"
    PROSPECT = "PROSPECT"
    CUSTOMER = "CUSTOMER"
    FORMER_CUSTOMER = "FORMER_CUSTOMER"
    LOST = "LOST"


class SellerRole(StrEnum):
    """A member of our team's function."""

    REP = "REP"
    AE = "AE"
    SDR = "SDR"
    CSM = "CSM"
    PARTNER_MANAGER = "PARTNER_MANAGER"
    EXECUTIVE = "EXECUTIVE"


class Seniority(StrEnum):
    """How senior a person is (for personas and role suggestions)."""

    C_LEVEL = "C_LEVEL"
    VP = "VP"
    DIRECTOR = "DIRECTOR"
    MANAGER = "MANAGER"
    INDIVIDUAL_CONTRIBUTOR = "INDIVIDUAL_CONTRIBUTOR"
    UNKNOWN = "UNKNOWN"


class SharingLevel(StrEnum):
    """What a partner shares with us, and what its own callers may see of the overlap."""

    NONE = "NONE"
    COUNTS = "COUNTS"
    ACCOUNTS = "ACCOUNTS"
    CONTACTS = "CONTACTS"


class PartnerAccountStatus(StrEnum):
    """The partner's own status for an account it shares."""

    CUSTOMER = "CUSTOMER"
    OPPORTUNITY = "OPPORTUNITY"
    PROSPECT = "PROSPECT"


class OpportunityState(StrEnum):
    """Whether a deal is still being worked."""

    OPEN = "OPEN"
    WON = "WON"
    LOST = "LOST"


class OrganizationKind(StrEnum):
    """Where a person can be employed."""

    ACCOUNT = "ACCOUNT"
    PARTNER = "PARTNER"


class HumanKind(StrEnum):
    """The two kinds of node that can know each other."""

    PERSON = "PERSON"
    SELLER = "SELLER"


class ContextKind(StrEnum):
    """Account context items practitioners keep current."""

    GOAL = "GOAL"
    PLAN = "PLAN"
    CHALLENGE = "CHALLENGE"
    STAKE = "STAKE"
    MILESTONE = "MILESTONE"
