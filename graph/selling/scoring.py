"""Account scoring against the ideal customer profile: a workspace's weighted criteria, each
account's score, tier and explanation, and the win-back list.

A scoring model is a list of criteria (industry, annual revenue, employees, location,
technologies, competitor products), each with a weight and one or more sub-criteria (rules) that
give a share of the weight (``credit`` in 0..1): e.g. full points for the Nordics and a 10-50
employee band, half for anywhere in Europe. An account earns, per criterion, the weight times the
credit of the best rule it matches (0 when none matches or the account lacks the field); its score
is its points over the total weight, on 0..100, and its tier the first threshold (highest first)
the score reaches. Text compares case-insensitively.

Models are versioned: saving one stores a new ``(:ScoringModel {workspace, version, criteria,
tierThresholds, note, createdAt})`` (criteria and thresholds as JSON) and never overwrites an
older one, so a review can score with any version. A workspace without a saved model scores with
the empty model (version 0): every account 0, no tier.

Scores are computed on read, not stored: an account changes through every write path (batch
upserts, bundle and CRM imports, partner syncs) and the model through its own mutation; scoring on
read means a score always reflects the account and the model as they are now, with no write path
to keep in step and nothing stale after an import. Scoring is a pure function of an account's own
properties, so one read of the workspace's accounts scores them all (timed in the benchmark).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.accounts.accounts import Account, account_from_row
from graph.core.client import GraphClient, fetch_all, fetch_one
from graph.core.errors import GraphError, NotFound
from graph.core.model import AccountStatus, OpportunityState
from graph.core.pagination import Page, decode_cursor, encode_cursor

MAX_WEIGHT = 1000.0
WIN_BACK_STATUSES = (AccountStatus.LOST, AccountStatus.FORMER_CUSTOMER)


class CriterionKind(StrEnum):
    """What a criterion looks at on the account."""

    INDUSTRY = "INDUSTRY"
    ANNUAL_REVENUE = "ANNUAL_REVENUE"
    EMPLOYEES = "EMPLOYEES"
    LOCATION = "LOCATION"
    TECHNOLOGY = "TECHNOLOGY"
    COMPETITOR_PRODUCT = "COMPETITOR_PRODUCT"


_RANGE_KINDS = frozenset({CriterionKind.ANNUAL_REVENUE, CriterionKind.EMPLOYEES})


class InvalidScoringModel(GraphError):
    """A scoring model that cannot be saved; ``problems`` lists each reason."""

    code = "INVALID_INPUT"

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("The scoring model is invalid: " + "; ".join(problems))
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
        if kind in _RANGE_KINDS:
            what = "employees" if kind is CriterionKind.EMPLOYEES else "annual revenue"
            if self.minimum is not None and self.maximum is not None:
                return f"{what} {self.minimum:g}-{self.maximum:g}"
            if self.minimum is not None:
                return f"{what} >= {self.minimum:g}"
            return f"{what} <= {self.maximum:g}"
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


@dataclass(frozen=True)
class CriterionScore:
    """What one criterion gave an account, and why."""

    name: str
    kind: CriterionKind
    weight: float
    points: float
    credit: float
    matched_rule: str | None
    account_value: str | None
    missing: bool  # the account lacks the field the criterion looks at


@dataclass(frozen=True)
class AccountScore:
    """An account's fit: 0..100, its tier and the points per criterion."""

    account: Account
    model_version: int
    score: float
    tier: str | None
    points: float
    max_points: float
    criteria: tuple[CriterionScore, ...]

    @property
    def missing_fields(self) -> tuple[str, ...]:
        """Criteria that could not be judged for lack of data."""
        return tuple(c.name for c in self.criteria if c.missing)


@dataclass(frozen=True)
class ClosedDeal:
    """The last deal closed at an account (won or lost)."""

    id: str
    name: str
    state: OpportunityState
    amount: float | None
    currency: str | None
    close_date: date | None


@dataclass(frozen=True)
class WinBackCandidate:
    """A lost or former-customer account, re-scored, with its last closed deal."""

    score: AccountScore
    last_closed_deal: ClosedDeal | None


@dataclass(frozen=True)
class ScoreFilter:
    """Filters of the scored account list; None means any."""

    tier: str | None = None
    min_score: float | None = None
    statuses: frozenset[AccountStatus] | None = None
    owner_seller_id: str | None = None


# ---- The model: validation and (de)serialisation ------------------------------------------


def _rule_problems(where: str, kind: CriterionKind, rule: ScoringRule) -> list[str]:
    problems = []
    if not 0.0 <= rule.credit <= 1.0:
        problems.append(f"{where}: credit must be between 0 and 1")
    has_range = rule.minimum is not None or rule.maximum is not None
    has_place = bool(rule.countries or rule.regions)
    if kind in _RANGE_KINDS:
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
    """Every reason the model cannot be saved (empty when it can)."""
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


def _model_of(row: Mapping[str, Any]) -> ScoringModel:
    criteria = tuple(
        Criterion(
            kind=CriterionKind(c["kind"]),
            weight=float(c["weight"]),
            rules=tuple(_rule_of(r) for r in c["rules"]),
            name=c.get("name") or "",
        )
        for c in json.loads(row["criteria"])
    )
    tiers = tuple(
        TierThreshold(t["tier"], float(t["minScore"])) for t in json.loads(row["tierThresholds"])
    )
    created = row.get("createdAt")
    return ScoringModel(
        version=int(row["version"]),
        criteria=criteria,
        tiers=tiers,
        note=row.get("note"),
        created_at=None if created is None else created.to_native(),
    )


# ---- Scoring (pure) -------------------------------------------------------------------------


def _fold(values: Iterable[str | None]) -> set[str]:
    return {v.strip().casefold() for v in values if v and v.strip()}


def _account_value(kind: CriterionKind, account: Account) -> tuple[str | None, bool]:
    """The account's value for the criterion, in words, and whether it is missing."""
    if kind is CriterionKind.INDUSTRY:
        return account.industry, not account.industry
    if kind is CriterionKind.ANNUAL_REVENUE:
        revenue = account.annual_revenue
        return (None, True) if revenue is None else (f"{revenue:g}", False)
    if kind is CriterionKind.EMPLOYEES:
        employees = account.employees
        return (None, True) if employees is None else (str(employees), False)
    if kind is CriterionKind.LOCATION:
        known = [v for v in (account.country, account.region) if v]
        return (" / ".join(known) or None), not known
    listed = (
        account.technologies if kind is CriterionKind.TECHNOLOGY else account.competitor_products
    )
    return (", ".join(listed) or None), not listed


def _matches(kind: CriterionKind, rule: ScoringRule, account: Account) -> bool:
    if kind in _RANGE_KINDS:
        value = account.employees if kind is CriterionKind.EMPLOYEES else account.annual_revenue
        if value is None:
            return False
        return (rule.minimum is None or value >= rule.minimum) and (
            rule.maximum is None or value <= rule.maximum
        )
    if kind is CriterionKind.LOCATION:
        return bool(
            _fold([account.country]) & _fold(rule.countries)
            or _fold([account.region]) & _fold(rule.regions)
        )
    if kind is CriterionKind.INDUSTRY:
        return bool(_fold([account.industry]) & _fold(rule.values))
    listed = (
        account.technologies if kind is CriterionKind.TECHNOLOGY else account.competitor_products
    )
    return bool(_fold(listed) & _fold(rule.values))


def score_account(model: ScoringModel, account: Account) -> AccountScore:
    """The account's score, tier and explanation under the model (pure)."""
    explained = []
    for criterion in model.criteria:
        value, missing = _account_value(criterion.kind, account)
        best: ScoringRule | None = None
        for rule in criterion.rules:
            if _matches(criterion.kind, rule, account) and (
                best is None or rule.credit > best.credit
            ):
                best = rule
        credit = 0.0 if best is None else best.credit
        explained.append(
            CriterionScore(
                name=criterion.title,
                kind=criterion.kind,
                weight=criterion.weight,
                points=round(criterion.weight * credit, 4),
                credit=credit,
                matched_rule=None if best is None else best.describe(criterion.kind),
                account_value=value,
                missing=missing,
            )
        )
    points = round(sum(c.points for c in explained), 4)
    total = model.total_weight
    score = round(100.0 * points / total, 1) if total > 0 else 0.0
    tier = next((t.tier for t in model.tiers if score >= t.min_score), None)
    return AccountScore(account, model.version, score, tier, points, total, tuple(explained))


# ---- Storage ----------------------------------------------------------------------------------

# The workspace node holds the version counter: its write lock serialises concurrent saves.
_SAVE: LiteralString = """
MERGE (w:Workspace {id: $workspace})
SET w.scoringModelVersion = coalesce(w.scoringModelVersion, 0) + 1
CREATE (m:ScoringModel {workspace: $workspace, version: w.scoringModelVersion,
  criteria: $criteria, tierThresholds: $tiers, note: $note, createdAt: datetime()})
RETURN m {.*} AS model
"""

_LOAD: LiteralString = """
MATCH (m:ScoringModel {workspace: $workspace})
WHERE $version IS NULL OR m.version = $version
RETURN m {.*} AS model
ORDER BY m.version DESC
LIMIT 1
"""

_VERSIONS: LiteralString = """
MATCH (m:ScoringModel {workspace: $workspace})
RETURN m {.*} AS model
ORDER BY m.version DESC
"""

# `a.id IS NOT NULL` lets the planner seek the (workspace, id) constraint index.
_ALL_ACCOUNTS: LiteralString = """
MATCH (a:Account {workspace: $workspace})
WHERE a.id IS NOT NULL AND ($owner IS NULL OR a.ownerSellerId = $owner)
RETURN a {.*} AS account
"""

_ACCOUNTS_BY_ID: LiteralString = """
UNWIND $ids AS accountId
MATCH (a:Account {workspace: $workspace, id: accountId})
WHERE $owner IS NULL OR a.ownerSellerId = $owner
RETURN a {.*} AS account
"""

_LAST_CLOSED: LiteralString = """
UNWIND $ids AS accountId
MATCH (o:Opportunity {workspace: $workspace, accountId: accountId})
WHERE o.state IN $closed
WITH accountId, o ORDER BY o.closeDate DESC, o.id
WITH accountId, collect(o {.*})[0] AS deal
RETURN accountId, deal
"""


async def save_scoring_model(
    client: GraphClient,
    workspace: str,
    criteria: Sequence[Criterion],
    tiers: Sequence[TierThreshold],
    note: str | None = None,
) -> ScoringModel:
    """Save a new version of the workspace's scoring model (older versions stay).
    ``InvalidScoringModel`` lists every problem; nothing is written then."""
    problems = check_scoring_model(criteria, tiers)
    if problems:
        raise InvalidScoringModel(problems)
    ordered = sorted(tiers, key=lambda t: -t.min_score)
    parameters = {
        "workspace": workspace,
        "criteria": json.dumps(
            [
                {
                    "kind": c.kind.value,
                    "name": c.name,
                    "weight": c.weight,
                    "rules": [_rule_json(r) for r in c.rules],
                }
                for c in criteria
            ]
        ),
        "tiers": json.dumps([{"tier": t.tier.strip(), "minScore": t.min_score} for t in ordered]),
        "note": note,
    }

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        return await fetch_one(tx, _SAVE, parameters)

    row = await client.write(work)
    assert row is not None
    return _model_of(row["model"])


async def _load_model(
    tx: AsyncManagedTransaction, workspace: str, version: int | None
) -> ScoringModel | None:
    row = await fetch_one(tx, _LOAD, {"workspace": workspace, "version": version})
    if row is None:
        return None if version else ScoringModel(version=0)
    return _model_of(row["model"])


async def find_scoring_model(
    client: GraphClient, workspace: str, version: int | None = None
) -> ScoringModel:
    """The latest model (or ``version``); the empty version 0 when none was saved.
    ``NotFound`` for a version that does not exist."""

    async def work(tx: AsyncManagedTransaction) -> ScoringModel | None:
        return await _load_model(tx, workspace, version)

    model = await client.read(work)
    if model is None:
        raise NotFound(f"No scoring model version {version} in this workspace.")
    return model


async def list_scoring_models(client: GraphClient, workspace: str) -> list[ScoringModel]:
    """Every saved version, newest first."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(tx, _VERSIONS, {"workspace": workspace})

    return [_model_of(row["model"]) for row in await client.read(work)]


async def _scored(
    client: GraphClient,
    workspace: str,
    version: int | None,
    owner: str | None,
    ids: Sequence[str] | None,
) -> tuple[ScoringModel, list[AccountScore]]:
    async def work(tx: AsyncManagedTransaction) -> tuple[ScoringModel | None, list[Account]]:
        model = await _load_model(tx, workspace, version)
        rows = await fetch_all(
            tx,
            _ALL_ACCOUNTS if ids is None else _ACCOUNTS_BY_ID,
            {"workspace": workspace, "owner": owner, "ids": None if ids is None else list(ids)},
        )
        return model, [account_from_row(r["account"]) for r in rows]

    model, accounts = await client.read(work)
    if model is None:
        raise NotFound(f"No scoring model version {version} in this workspace.")
    return model, [score_account(model, a) for a in accounts]


async def score_accounts(
    client: GraphClient,
    workspace: str,
    account_ids: Sequence[str] | None = None,
    version: int | None = None,
) -> dict[str, AccountScore]:
    """Scores of the named accounts (default all) under the latest model or ``version``."""
    _, scores = await _scored(client, workspace, version, None, account_ids)
    return {s.account.id: s for s in scores}


_SORT = "icp"


def _page(
    scores: list[AccountScore], first: int, after: str | None, sort: str
) -> Page[AccountScore]:
    scores.sort(key=lambda s: (-s.score, s.account.id))
    total = len(scores)
    if after is not None:
        value, account_id = decode_cursor(after, sort)
        key = (-float(str(value)), account_id)
        scores = [s for s in scores if (-s.score, s.account.id) > key]
    return Page(
        items=tuple((encode_cursor(sort, s.score, s.account.id), s) for s in scores[:first]),
        has_next_page=len(scores) > first,
        total_count=total,
    )


async def list_account_scores(
    client: GraphClient,
    workspace: str,
    *,
    first: int,
    after: str | None = None,
    score_filter: ScoreFilter | None = None,
    version: int | None = None,
) -> Page[AccountScore]:
    """Accounts scored, best first (ties by id), filtered by tier, minimum score, status and
    owner, a page at a time."""
    chosen = score_filter or ScoreFilter()
    _, scores = await _scored(client, workspace, version, chosen.owner_seller_id, None)
    kept = [
        s
        for s in scores
        if (chosen.tier is None or s.tier == chosen.tier)
        and (chosen.min_score is None or s.score >= chosen.min_score)
        and (chosen.statuses is None or s.account.status in chosen.statuses)
    ]
    return _page(kept, first, after, f"{_SORT}:{version or 'latest'}")


def _closed_deal(row: Mapping[str, Any]) -> ClosedDeal:
    close = row.get("closeDate")
    amount = row.get("amount")
    return ClosedDeal(
        id=row["id"],
        name=row.get("name") or row["id"],
        state=OpportunityState(row["state"]),
        amount=None if amount is None else float(amount),
        currency=row.get("currency"),
        close_date=None if close is None else close.to_native(),
    )


@dataclass(frozen=True)
class WinBackList:
    """Lost and former-customer accounts, best fit first."""

    model_version: int
    candidates: tuple[WinBackCandidate, ...] = field(default_factory=tuple)


async def list_win_back_candidates(
    client: GraphClient, workspace: str, min_score: float | None = None, version: int | None = None
) -> WinBackList:
    """LOST and FORMER_CUSTOMER accounts re-scored against the model, best first, each with
    the last deal closed there."""
    model, scores = await _scored(client, workspace, version, None, None)
    kept = [
        s
        for s in scores
        if s.account.status in WIN_BACK_STATUSES and (min_score is None or s.score >= min_score)
    ]
    kept.sort(key=lambda s: (-s.score, s.account.id))

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx,
            _LAST_CLOSED,
            {
                "workspace": workspace,
                "ids": [s.account.id for s in kept],
                "closed": [OpportunityState.WON.value, OpportunityState.LOST.value],
            },
        )

    deals = {r["accountId"]: _closed_deal(r["deal"]) for r in await client.read(work) if r["deal"]}
    return WinBackList(
        model.version,
        tuple(WinBackCandidate(s, deals.get(s.account.id)) for s in kept),
    )
