"""The scoring model (ideal customer profile) in GraphQL: its versions, and creating one."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from graph.selling import scoring_model as graph_model
from schema.core.context import Info
from schema.core.pagination import DEFAULT_PAGE_SIZE, After, Connection, First, connection_from_page
from schema.core.permissions import page_size, require_member_read
from schema.selling.arguments import require_model_editor
from schema.selling.enums import CriterionKind


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
    label: str | None = strawberry.field(
        default=None, description="The rule's name in explanations; default: the rule in words."
    )


@strawberry.input(description="A weighted criterion; the best matching rule counts.")
class ScoringCriterionInput:
    kind: CriterionKind = strawberry.field(description="What it looks at.")
    weight: float = strawberry.field(description="Points a full match earns (0 < w <= 1000).")
    rules: list[ScoringRuleInput] = strawberry.field(description="Sub-criteria, at least one.")
    name: str | None = strawberry.field(
        default=None, description="Its name in explanations; default: the kind."
    )


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
    kind: CriterionKind = strawberry.field(description="What it looks at.")
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
    def of(cls, model: graph_model.ScoringModel) -> ScoringModel:
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


@strawberry.type(description="What createScoringModelVersion changed: the version it created.")
class CreateScoringModelVersionPayload:
    scoring_model: ScoringModel = strawberry.field(
        description="The new version, now the latest (older versions are kept)."
    )


def _criterion(c: ScoringCriterionInput) -> graph_model.Criterion:
    return graph_model.Criterion(
        kind=CriterionKind(c.kind),
        weight=c.weight,
        name=(c.name or "").strip(),
        rules=tuple(
            graph_model.ScoringRule(
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


async def create_scoring_model_version(
    info: Info,
    criteria: Annotated[
        list[ScoringCriterionInput],
        strawberry.argument(description="The weighted criteria, each with its sub-criteria."),
    ],
    tier_thresholds: Annotated[
        list[TierThresholdInput],
        strawberry.argument(description="Tiers and the lowest score of each (distinct)."),
    ],
    note: Annotated[
        str | None, strawberry.argument(description="Why this version is saved.")
    ] = None,
) -> CreateScoringModelVersionPayload:
    """Save a new version of the scoring model (admins and members only)."""
    workspace = require_model_editor(info)
    saved = await graph_model.save_scoring_model(
        info.context.graph,
        workspace,
        [_criterion(c) for c in criteria],
        [graph_model.TierThreshold(t.tier, t.min_score) for t in tier_thresholds],
        note,
    )
    return CreateScoringModelVersionPayload(scoring_model=ScoringModel.of(saved))


async def resolve_scoring_model(
    info: Info,
    version: Annotated[
        int | None, strawberry.argument(description="The version to read; default the latest.")
    ] = None,
) -> ScoringModel | None:
    """The latest scoring model, or `version`."""
    workspace = require_member_read(info)
    found = await graph_model.find_scoring_model(info.context.graph, workspace, version)
    return ScoringModel.of(found)


async def resolve_scoring_models(
    info: Info, first: First = DEFAULT_PAGE_SIZE, after: After = None
) -> Connection[ScoringModel]:
    """Every saved version, newest first."""
    workspace = require_member_read(info)
    page = await graph_model.list_scoring_models(
        info.context.graph, workspace, first=page_size(info, first), after=after
    )
    return connection_from_page(page, ScoringModel.of)
