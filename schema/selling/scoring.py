"""Account scoring (ideal customer profile): the versioned model, scores, tiers, win-back."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from graph.core.credentials import Role
from graph.core.errors import NotFound
from graph.core.model import AccountStatus
from graph.selling import scoring as graph_scoring
from schema.accounts.accounts import Account
from schema.core.context import Info
from schema.core.errors import Forbidden, InvalidInput
from schema.core.pagination import Connection, connection_from_page
from schema.core.permissions import page_size, require_member_read

CriterionKind = strawberry.enum(
    graph_scoring.CriterionKind, description="What a scoring criterion looks at on the account."
)


def require_model_editor(info: Info) -> str:
    """The caller's workspace, if the caller is an admin or a member: the models that steer
    sales (scoring, personas) are agreed by people, not set by integration scripts."""
    principal = info.context.principal
    if principal.role not in (Role.ADMIN, Role.MEMBER):
        raise Forbidden(f"The {principal.role.value} role cannot change the workspace's models.")
    return principal.workspace


@strawberry.input(description="A sub-criterion: what matches and the share of the weight it earns.")
class ScoringRuleInput:
    credit: float = strawberry.field(
        default=1.0, description="Share of the criterion's weight earned on a match, 0..1."
    )
    values: list[str] = strawberry.field(
        default_factory=list,
        description="INDUSTRY, TECHNOLOGY, COMPETITOR_PRODUCT: any of these (case-insensitive).",
    )
    minimum: float | None = strawberry.field(
        default=None, description="ANNUAL_REVENUE, EMPLOYEES: inclusive lower bound."
    )
    maximum: float | None = strawberry.field(
        default=None, description="ANNUAL_REVENUE, EMPLOYEES: inclusive upper bound."
    )
    countries: list[str] = strawberry.field(
        default_factory=list, description="LOCATION: the account's country is one of these."
    )
    regions: list[str] = strawberry.field(
        default_factory=list, description="LOCATION: or its region is one of these."
    )
    label: str | None = strawberry.field(default=None, description="Shown in explanations.")


@strawberry.input(description="A weighted criterion; the best matching rule counts.")
class ScoringCriterionInput:
    kind: graph_scoring.CriterionKind = strawberry.field(description="What it looks at.")
    weight: float = strawberry.field(description="Points a full match earns (0 < w <= 1000).")
    rules: list[ScoringRuleInput] = strawberry.field(description="Sub-criteria, at least one.")
    name: str | None = strawberry.field(default=None, description="Default: the kind.")


@strawberry.input(description="Accounts scoring at least `minScore` are in `tier`.")
class TierThresholdInput:
    tier: str = strawberry.field(description="The tier's name, e.g. Tier 1.")
    min_score: float = strawberry.field(description="Lowest score of the tier, 0..100.")


@strawberry.type(description="A sub-criterion of a scoring criterion.")
class ScoringRule:
    credit: float = strawberry.field(description="Share of the weight earned on a match.")
    description: str = strawberry.field(description="The rule in words (or its label).")
    values: list[str] = strawberry.field(description="Industries, technologies or products.")
    minimum: float | None = strawberry.field(description="Inclusive lower bound.")
    maximum: float | None = strawberry.field(description="Inclusive upper bound.")
    countries: list[str] = strawberry.field(description="Countries that match.")
    regions: list[str] = strawberry.field(description="Regions that match.")


@strawberry.type(description="A weighted criterion of the scoring model.")
class ScoringCriterion:
    name: str = strawberry.field(description="Its name (default: the kind).")
    kind: graph_scoring.CriterionKind = strawberry.field(description="What it looks at.")
    weight: float = strawberry.field(description="Points a full match earns.")
    rules: list[ScoringRule] = strawberry.field(description="Sub-criteria; the best match counts.")


@strawberry.type(description="A tier and the lowest score it takes.")
class TierThreshold:
    tier: str = strawberry.field(description="The tier's name.")
    min_score: float = strawberry.field(description="Lowest score of the tier, 0..100.")


@strawberry.type(description="A version of the workspace's ideal customer profile.")
class ScoringModel:
    version: int = strawberry.field(description="1, 2, ...; 0 when none was saved (all score 0).")
    criteria: list[ScoringCriterion] = strawberry.field(description="The weighted criteria.")
    tier_thresholds: list[TierThreshold] = strawberry.field(description="Highest first.")
    total_weight: float = strawberry.field(description="Points a perfect account earns.")
    note: str | None = strawberry.field(description="Why this version was saved.")
    created_at: datetime | None = strawberry.field(description="When it was saved.")

    @classmethod
    def of(cls, model: graph_scoring.ScoringModel) -> ScoringModel:
        """From the graph layer's value."""
        return cls(
            version=model.version,
            criteria=[
                ScoringCriterion(
                    name=c.title,
                    kind=c.kind,
                    weight=c.weight,
                    rules=[
                        ScoringRule(
                            credit=r.credit,
                            description=r.describe(c.kind),
                            values=list(r.values),
                            minimum=r.minimum,
                            maximum=r.maximum,
                            countries=list(r.countries),
                            regions=list(r.regions),
                        )
                        for r in c.rules
                    ],
                )
                for c in model.criteria
            ],
            tier_thresholds=[
                TierThreshold(tier=t.tier, min_score=t.min_score) for t in model.tiers
            ],
            total_weight=model.total_weight,
            note=model.note,
            created_at=model.created_at,
        )


@strawberry.type(description="What one criterion gave an account, and why.")
class CriterionScore:
    name: str = strawberry.field(description="The criterion.")
    kind: graph_scoring.CriterionKind = strawberry.field(description="What it looks at.")
    weight: float = strawberry.field(description="Its full points.")
    points: float = strawberry.field(description="Points earned: weight x credit.")
    credit: float = strawberry.field(description="Credit of the best matching rule (0: none).")
    matched_rule: str | None = strawberry.field(description="The rule that matched, in words.")
    account_value: str | None = strawberry.field(description="The account's value, in words.")
    missing: bool = strawberry.field(description="The account lacks this field: 0 points.")


@strawberry.type(description="An account's fit with the ideal customer profile.")
class AccountScore:
    account: Account = strawberry.field(description="The account as stored.")
    model_version: int = strawberry.field(description="The scoring model version used.")
    score: float = strawberry.field(description="Points over the model's total weight, 0..100.")
    tier: str | None = strawberry.field(description="The highest tier the score reaches.")
    points: float = strawberry.field(description="Points earned.")
    max_points: float = strawberry.field(description="The model's total weight.")
    criteria: list[CriterionScore] = strawberry.field(description="Points per criterion.")
    missing_fields: list[str] = strawberry.field(
        description="Criteria the account lacks data for: fill them in to score it fairly."
    )

    @classmethod
    def of(cls, scored: graph_scoring.AccountScore) -> AccountScore:
        """From the graph layer's value."""
        return cls(
            account=Account.of(scored.account),
            model_version=scored.model_version,
            score=scored.score,
            tier=scored.tier,
            points=scored.points,
            max_points=scored.max_points,
            criteria=[
                CriterionScore(
                    name=c.name,
                    kind=c.kind,
                    weight=c.weight,
                    points=c.points,
                    credit=c.credit,
                    matched_rule=c.matched_rule,
                    account_value=c.account_value,
                    missing=c.missing,
                )
                for c in scored.criteria
            ],
            missing_fields=list(scored.missing_fields),
        )


@strawberry.type(description="The last deal closed at an account.")
class ClosedDeal:
    id: strawberry.ID = strawberry.field(description="The deal's id.")
    name: str = strawberry.field(description="The deal's name.")
    state: str = strawberry.field(description="WON or LOST.")
    amount: float | None = strawberry.field(description="Its amount.")
    currency: str | None = strawberry.field(description="ISO 4217 currency.")
    close_date: date | None = strawberry.field(description="When it closed.")


@strawberry.type(description="A lost or former-customer account to re-evaluate for win-back.")
class WinBackCandidate:
    score: AccountScore = strawberry.field(description="Its fit under the current model.")
    last_closed_deal: ClosedDeal | None = strawberry.field(description="The last deal closed.")


def _criterion(c: ScoringCriterionInput) -> graph_scoring.Criterion:
    return graph_scoring.Criterion(
        kind=graph_scoring.CriterionKind(c.kind),
        weight=c.weight,
        name=(c.name or "").strip(),
        rules=tuple(
            graph_scoring.ScoringRule(
                credit=r.credit,
                values=tuple(r.values),
                minimum=r.minimum,
                maximum=r.maximum,
                countries=tuple(r.countries),
                regions=tuple(r.regions),
                label=r.label,
            )
            for r in c.rules
        ),
    )


async def set_scoring_model(
    info: Info,
    criteria: list[ScoringCriterionInput],
    tier_thresholds: list[TierThresholdInput],
    note: str | None = None,
) -> ScoringModel:
    """Save a new version of the scoring model (admins and members only)."""
    workspace = require_model_editor(info)
    try:
        saved = await graph_scoring.save_scoring_model(
            info.context.graph,
            workspace,
            [_criterion(c) for c in criteria],
            [graph_scoring.TierThreshold(t.tier, t.min_score) for t in tier_thresholds],
            note,
        )
    except graph_scoring.InvalidScoringModel as error:
        raise InvalidInput(error.message, extensions={"errors": list(error.problems)}) from None
    return ScoringModel.of(saved)


async def resolve_scoring_model(info: Info, version: int | None = None) -> ScoringModel:
    """The latest scoring model, or `version`."""
    workspace = require_member_read(info)
    found = await graph_scoring.find_scoring_model(info.context.graph, workspace, version)
    return ScoringModel.of(found)


async def resolve_scoring_models(info: Info) -> list[ScoringModel]:
    """Every saved version, newest first."""
    workspace = require_member_read(info)
    found = await graph_scoring.list_scoring_models(info.context.graph, workspace)
    return [ScoringModel.of(m) for m in found]


async def resolve_account_score(
    info: Info, account_id: strawberry.ID, model_version: int | None = None
) -> AccountScore:
    """One account's score under the latest model or `modelVersion`."""
    workspace = require_member_read(info)
    found = await graph_scoring.score_accounts(
        info.context.graph, workspace, [str(account_id)], model_version
    )
    if str(account_id) not in found:
        raise NotFound(f"No account {str(account_id)!r} in this workspace.")
    return AccountScore.of(found[str(account_id)])


async def resolve_account_scores(
    info: Info,
    first: int = 20,
    after: str | None = None,
    tier: str | None = None,
    min_score: float | None = None,
    statuses: list[AccountStatus] | None = None,
    owner_seller_id: str | None = None,
    model_version: int | None = None,
) -> Connection[AccountScore]:
    """Accounts by score, best first."""
    workspace = require_member_read(info)
    page = await graph_scoring.list_account_scores(
        info.context.graph,
        workspace,
        first=page_size(info, first),
        after=after,
        score_filter=graph_scoring.ScoreFilter(
            tier=tier,
            min_score=min_score,
            statuses=None if statuses is None else frozenset(statuses),
            owner_seller_id=owner_seller_id,
        ),
        version=model_version,
    )
    return connection_from_page(page, AccountScore.of)


async def resolve_win_back_accounts(
    info: Info, min_score: float | None = None, model_version: int | None = None
) -> list[WinBackCandidate]:
    """LOST and FORMER_CUSTOMER accounts, best fit first."""
    workspace = require_member_read(info)
    found = await graph_scoring.list_win_back_candidates(
        info.context.graph, workspace, min_score, model_version
    )
    return [
        WinBackCandidate(
            score=AccountScore.of(c.score),
            last_closed_deal=None
            if c.last_closed_deal is None
            else ClosedDeal(
                id=strawberry.ID(c.last_closed_deal.id),
                name=c.last_closed_deal.name,
                state=c.last_closed_deal.state.value,
                amount=c.last_closed_deal.amount,
                currency=c.last_closed_deal.currency,
                close_date=c.last_closed_deal.close_date,
            ),
        )
        for c in found.candidates
    ]
