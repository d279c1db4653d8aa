"""The scoring model: a workspace's ideal customer profile as weighted criteria, versioned.

A scoring model is a list of criteria (industry, annual revenue, employees, location,
technologies, competitor products), each with a weight and one or more sub-criteria (rules) that
give a share of the weight (``credit`` in 0..1): e.g. full points for the Nordics and a 10-50
employee band, half for anywhere in Europe. Tier thresholds turn a score into a tier.

Models are versioned through ``graph.core.versioned`` (label ``ScoringModel``, fields
``criteria`` and ``tierThresholds``): saving never overwrites an older version, so a review can
score with any version. A workspace without a saved model has the empty model (version 0). How an
account is scored lives in ``graph.selling.scoring``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient
from graph.core.errors import InvalidInput
from graph.core.model import Label
from graph.core.pagination import Page, paginate
from graph.core.versioned import (
    StoredVersion,
    find_version,
    list_versions,
    load_version,
    save_version,
)

MAX_WEIGHT = 1000.0


class CriterionKind(StrEnum):
    """What a criterion looks at on the account."""

    INDUSTRY = "INDUSTRY"
    ANNUAL_REVENUE = "ANNUAL_REVENUE"
    EMPLOYEES = "EMPLOYEES"
    LOCATION = "LOCATION"
    TECHNOLOGY = "TECHNOLOGY"
    COMPETITOR_PRODUCT = "COMPETITOR_PRODUCT"


RANGE_KINDS = frozenset({CriterionKind.ANNUAL_REVENUE, CriterionKind.EMPLOYEES})


def exact_number(value: float) -> str:
    """The number as stored, in plain decimal digits: 12345678, 50000000.5, 999999.99 (never
    the rounded or exponent form of ``:g``, which could contradict the points it explains)."""
    if value == int(value):
        return str(int(value))
    return format(Decimal(repr(float(value))), "f")


class InvalidScoringModel(InvalidInput):
    """A scoring model that cannot be saved; ``problems`` lists each reason (also in
    ``extensions.errors``) and ``field`` names the first argument at fault."""

    def __init__(self, problems: Sequence[str], field: str) -> None:
        super().__init__(
            "The scoring model is invalid: " + "; ".join(problems),
            field=field,
            extensions={"errors": list(problems)},
        )
        self.problems = tuple(problems)


@dataclass(frozen=True)
class ScoringRule:
    """A sub-criterion: what matches, and the share of the criterion's weight it earns."""

    credit: float = 1.0
    values: tuple[str, ...] = ()  # industries, technologies or competitor products
    minimum: float | None = None  # inclusive bounds of a revenue or headcount band
    maximum: float | None = None
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    label: str | None = None

    def describe(self, kind: CriterionKind) -> str:
        """The rule in words (its label when it has one)."""
        if self.label:
            return self.label
        if kind in RANGE_KINDS:
            what = "employees" if kind is CriterionKind.EMPLOYEES else "annual revenue"
            if self.minimum is not None and self.maximum is not None:
                return f"{what} {exact_number(self.minimum)}-{exact_number(self.maximum)}"
            if self.minimum is not None:
                return f"{what} >= {exact_number(self.minimum)}"
            assert self.maximum is not None  # a range rule has a bound (checked on save)
            return f"{what} <= {exact_number(self.maximum)}"
        if kind is CriterionKind.LOCATION:
            parts = []
            if self.countries:
                parts.append("country in " + ", ".join(self.countries))
            if self.regions:
                parts.append("region in " + ", ".join(self.regions))
            return " or ".join(parts)
        return {
            CriterionKind.INDUSTRY: "industry in ",
            CriterionKind.TECHNOLOGY: "uses ",
            CriterionKind.COMPETITOR_PRODUCT: "uses competitor product ",
        }[kind] + ", ".join(self.values)


@dataclass(frozen=True)
class Criterion:
    """One weighted criterion with its sub-criteria (the best match counts)."""

    kind: CriterionKind
    weight: float
    rules: tuple[ScoringRule, ...]
    name: str = ""

    @property
    def title(self) -> str:
        """The criterion's name, or its kind when unnamed."""
        return self.name or self.kind.value


@dataclass(frozen=True)
class TierThreshold:
    """An account whose score reaches ``min_score`` (and no higher tier) is in ``tier``."""

    tier: str
    min_score: float


@dataclass(frozen=True)
class ScoringModel:
    """A version of the workspace's ideal customer profile (version 0: none saved)."""

    version: int
    criteria: tuple[Criterion, ...] = ()
    tiers: tuple[TierThreshold, ...] = ()  # highest threshold first
    note: str | None = None
    created_at: datetime | None = None

    @property
    def total_weight(self) -> float:
        """The points a perfect account earns."""
        return sum(c.weight for c in self.criteria)


# ---- Validation and (de)serialisation ------------------------------------------------------


def _rule_problems(where: str, kind: CriterionKind, rule: ScoringRule) -> list[str]:
    problems = []
    if not 0.0 <= rule.credit <= 1.0:
        problems.append(f"{where}: credit must be between 0 and 1")
    has_range = rule.minimum is not None or rule.maximum is not None
    has_place = bool(rule.countries or rule.regions)
    if kind in RANGE_KINDS:
        if not has_range:
            problems.append(f"{where}: a {kind.value} rule needs a minimum or a maximum")
        if rule.minimum is not None and rule.maximum is not None and rule.minimum > rule.maximum:
            problems.append(f"{where}: minimum is above maximum")
        if rule.values or has_place:
            problems.append(f"{where}: a {kind.value} rule takes only minimum and maximum")
    elif kind is CriterionKind.LOCATION:
        if not has_place:
            problems.append(f"{where}: a LOCATION rule needs countries or regions")
        if rule.values or has_range:
            problems.append(f"{where}: a LOCATION rule takes only countries and regions")
    else:
        if not [v for v in rule.values if v.strip()]:
            problems.append(f"{where}: a {kind.value} rule needs values")
        if has_range or has_place:
            problems.append(f"{where}: a {kind.value} rule takes only values")
    return problems


def check_scoring_model(criteria: Sequence[Criterion], tiers: Sequence[TierThreshold]) -> list[str]:
    """Every reason the model cannot be saved (empty when it can): the criteria's, then the
    tier thresholds'."""
    return _criteria_problems(criteria) + _tier_problems(tiers)


def _criteria_problems(criteria: Sequence[Criterion]) -> list[str]:
    problems: list[str] = []
    names = [c.title for c in criteria]
    for duplicate in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"criterion {duplicate!r} appears twice; name them apart")
    for i, criterion in enumerate(criteria):
        where = f"criteria[{i}]"
        if not 0 < criterion.weight <= MAX_WEIGHT:
            problems.append(f"{where}: weight must be above 0 and at most {MAX_WEIGHT:g}")
        if not criterion.rules:
            problems.append(f"{where}: at least one rule is needed")
        for j, rule in enumerate(criterion.rules):
            problems.extend(_rule_problems(f"{where}.rules[{j}]", criterion.kind, rule))
    return problems


def _tier_problems(tiers: Sequence[TierThreshold]) -> list[str]:
    problems: list[str] = []
    tier_names = [t.tier.strip() for t in tiers]
    if any(not n for n in tier_names):
        problems.append("tier names cannot be empty")
    if len(set(tier_names)) != len(tier_names):
        problems.append("tier names must be distinct")
    scores = [t.min_score for t in tiers]
    if len(set(scores)) != len(scores):
        problems.append("tier thresholds must be distinct")
    if any(not 0 <= s <= 100 for s in scores):
        problems.append("tier thresholds must be between 0 and 100")
    return problems


def _rule_json(rule: ScoringRule) -> dict[str, Any]:
    return {
        "credit": rule.credit,
        "values": list(rule.values),
        "minimum": rule.minimum,
        "maximum": rule.maximum,
        "countries": list(rule.countries),
        "regions": list(rule.regions),
        "label": rule.label,
    }


def _rule_of(data: Mapping[str, Any]) -> ScoringRule:
    return ScoringRule(
        credit=float(data.get("credit", 1.0)),
        values=tuple(data.get("values") or ()),
        minimum=data.get("minimum"),
        maximum=data.get("maximum"),
        countries=tuple(data.get("countries") or ()),
        regions=tuple(data.get("regions") or ()),
        label=data.get("label"),
    )


def _model_of(stored: StoredVersion) -> ScoringModel:
    criteria = tuple(
        Criterion(
            kind=CriterionKind(c["kind"]),
            weight=float(c["weight"]),
            rules=tuple(_rule_of(r) for r in c["rules"]),
            name=c.get("name") or "",
        )
        for c in stored.fields.get("criteria", ())
    )
    tiers = tuple(
        TierThreshold(t["tier"], float(t["minScore"]))
        for t in stored.fields.get("tierThresholds", ())
    )
    return ScoringModel(stored.version, criteria, tiers, stored.note, stored.created_at)


# ---- Storage ----------------------------------------------------------------------------------


async def save_scoring_model(
    client: GraphClient,
    workspace: str,
    criteria: Sequence[Criterion],
    tiers: Sequence[TierThreshold],
    note: str | None = None,
) -> ScoringModel:
    """Save a new version of the workspace's scoring model (older versions stay).
    ``InvalidScoringModel`` lists every problem; nothing is written then."""
    criteria_problems, tier_problems = _criteria_problems(criteria), _tier_problems(tiers)
    if criteria_problems or tier_problems:
        raise InvalidScoringModel(
            criteria_problems + tier_problems,
            "criteria" if criteria_problems else "tierThresholds",
        )
    ordered = sorted(tiers, key=lambda t: -t.min_score)
    fields = {
        "criteria": [
            {
                "kind": c.kind.value,
                "name": c.name,
                "weight": c.weight,
                "rules": [_rule_json(r) for r in c.rules],
            }
            for c in criteria
        ],
        "tierThresholds": [{"tier": t.tier.strip(), "minScore": t.min_score} for t in ordered],
    }
    return _model_of(await save_version(client, Label.SCORING_MODEL, workspace, fields, note))


async def load_scoring_model(
    tx: AsyncManagedTransaction, workspace: str, version: int | None
) -> ScoringModel | None:
    """The latest model (or ``version``) inside a transaction; the empty version 0 when none
    was saved, None when the version asked for does not exist."""
    stored = await load_version(tx, Label.SCORING_MODEL, workspace, version)
    return None if stored is None else _model_of(stored)


async def find_scoring_model(
    client: GraphClient, workspace: str, version: int | None = None
) -> ScoringModel:
    """The latest model (or ``version``); the empty version 0 when none was saved.
    ``NotFound`` for a version that does not exist."""
    return _model_of(await find_version(client, Label.SCORING_MODEL, workspace, version))


def _newest_first(model: ScoringModel) -> tuple[int, str]:
    return (-model.version, str(model.version))


async def list_scoring_models(
    client: GraphClient, workspace: str, *, first: int, after: str | None = None
) -> Page[ScoringModel]:
    """Every saved version, newest first, a page at a time."""
    found = [_model_of(s) for s in await list_versions(client, Label.SCORING_MODEL, workspace)]
    return paginate(
        found, first=first, after=after, sort_key="scoringModels", position=_newest_first
    )
