"""Account scoring against the ideal customer profile: each account's score, tier and
explanation under a version of the scoring model (``graph.selling.scoring_model``).

An account earns, per criterion, the weight times the credit of the best rule it matches (0 when
none matches or the account lacks the field); its score is its points over the total weight, on
0..100, and its tier the first threshold (highest first) the score reaches. Text compares
case-insensitively.

Scores are computed on read, not stored: an account changes through every write path (batch
upserts, bundle and CRM imports, partner syncs) and the model through its own mutation; scoring on
read means a score always reflects the account and the model as they are now, with no write path
to keep in step and nothing stale after an import. Scoring is a pure function of an account's own
properties (no day enters it), so one read of the workspace's accounts scores them all (timed in
the benchmark).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import LiteralString

from neo4j import AsyncManagedTransaction

from graph.accounts.accounts import Account, account_from_row
from graph.core.client import GraphClient, fetch_all
from graph.core.model import AccountStatus, Label
from graph.core.pagination import Page, paginate
from graph.core.versioned import version_not_found
from graph.selling.scoring_model import (
    RANGE_KINDS,
    CriterionKind,
    ScoringModel,
    ScoringRule,
    exact_number,
    load_scoring_model,
)


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
class AccountScoreWhere:
    """Filters of the scored account list; None means any."""

    tier: str | None = None
    min_score: float | None = None
    statuses: frozenset[AccountStatus] | None = None
    owner_seller_id: str | None = None

    def keeps(self, scored: AccountScore) -> bool:
        """Whether the scored account passes every filter given."""
        return (
            (self.tier is None or scored.tier == self.tier)
            and (self.min_score is None or scored.score >= self.min_score)
            and (self.statuses is None or scored.account.status in self.statuses)
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
        return (None, True) if revenue is None else (exact_number(revenue), False)
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
    if kind in RANGE_KINDS:
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


# ---- Reading and listing ----------------------------------------------------------------------

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


async def scored_accounts(
    client: GraphClient,
    workspace: str,
    version: int | None,
    owner: str | None = None,
    ids: Sequence[str] | None = None,
) -> tuple[ScoringModel, list[AccountScore]]:
    """The model used and the scores of the accounts (all, or ``ids``; ``owner``'s only when
    given), in one read. ``NotFound`` (``modelVersion``) for a model version that does not
    exist."""

    async def work(tx: AsyncManagedTransaction) -> tuple[ScoringModel | None, list[Account]]:
        model = await load_scoring_model(tx, workspace, version)
        rows = await fetch_all(
            tx,
            _ALL_ACCOUNTS if ids is None else _ACCOUNTS_BY_ID,
            {"workspace": workspace, "owner": owner, "ids": None if ids is None else list(ids)},
        )
        return model, [account_from_row(r["account"]) for r in rows]

    model, accounts = await client.read(work)
    if model is None:
        raise version_not_found(Label.SCORING_MODEL, version, "modelVersion")
    return model, [score_account(model, a) for a in accounts]


async def score_accounts(
    client: GraphClient,
    workspace: str,
    account_ids: Sequence[str] | None = None,
    version: int | None = None,
) -> dict[str, AccountScore]:
    """Scores of the named accounts (default all) under the latest model or ``version``;
    unknown ids are absent."""
    _, scores = await scored_accounts(client, workspace, version, None, account_ids)
    return {s.account.id: s for s in scores}


def best_first(scored: AccountScore) -> tuple[float, str]:
    """The position of a scored account in a best-first list: score descending, then id."""
    return (-scored.score, scored.account.id)


async def list_account_scores(
    client: GraphClient,
    workspace: str,
    *,
    first: int,
    after: str | None = None,
    where: AccountScoreWhere | None = None,
    version: int | None = None,
) -> Page[AccountScore]:
    """Accounts scored, best first (ties by id), filtered by tier, minimum score, status and
    owner, a page at a time."""
    chosen = where or AccountScoreWhere()
    _, scores = await scored_accounts(client, workspace, version, chosen.owner_seller_id)
    kept = sorted((s for s in scores if chosen.keeps(s)), key=best_first)
    return paginate(
        kept, first=first, after=after, sort_key=f"score:{version or 'latest'}", position=best_first
    )
