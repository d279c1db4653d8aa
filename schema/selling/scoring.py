"""Account scores in GraphQL: one account's fit, and accounts by score."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated

import strawberry
from strawberry.dataloader import DataLoader

from graph.core.client import GraphClient
from graph.core.errors import NotFound
from graph.selling import scoring as graph_scoring
from schema.accounts.accounts import Account
from schema.core import loaders
from schema.core.context import Info
from schema.core.enums import AccountStatus
from schema.core.pagination import DEFAULT_PAGE_SIZE, After, Connection, First, connection_from_page
from schema.core.permissions import page_size, require_member_read
from schema.selling.arguments import AccountId, ModelVersion
from schema.selling.enums import CriterionKind


@strawberry.type(description="What one criterion gave an account, and why.")
class CriterionScore:
    name: str = strawberry.field(description="The criterion.")
    kind: CriterionKind = strawberry.field(description="What it looks at.")
    weight: float = strawberry.field(description="Its full points.")
    points: float = strawberry.field(description="Points earned: weight x credit.")
    credit: float = strawberry.field(description="Credit of the best matching rule (0: none).")
    matched_rule: str | None = strawberry.field(
        description="The rule that matched, in words (its label, or its values; band edges as "
        "stored, e.g. 'annual revenue 1000000-50000000')."
    )
    account_value: str | None = strawberry.field(
        description="The account's value, in words; numbers exactly as stored (12345678, "
        "999999.99), never rounded."
    )
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


@strawberry.input(description="Which scored accounts to list; every filter given must hold.")
class AccountScoreWhere:
    tier: str | None = strawberry.field(default=None, description="Only accounts in this tier.")
    min_score: float | None = strawberry.field(
        default=None, description="Only accounts scoring at least this, 0..100."
    )
    statuses: list[AccountStatus] | None = strawberry.field(
        default=None, description="Only accounts with one of these statuses."
    )
    owner_seller_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only accounts this seller owns."
    )

    def to_graph(self) -> graph_scoring.AccountScoreWhere:
        """The graph layer's filter."""
        return graph_scoring.AccountScoreWhere(
            tier=self.tier,
            min_score=self.min_score,
            statuses=None if self.statuses is None else frozenset(self.statuses),
            owner_seller_id=None if self.owner_seller_id is None else str(self.owner_seller_id),
        )


def _scores(info: Info) -> DataLoader[tuple[str, int | None], AccountScore | None]:
    """Accounts' scores, keyed by (account id, model version): one read per version."""

    async def score(
        graph: GraphClient, workspace: str, ids: Sequence[str], version: int | None
    ) -> Mapping[str, AccountScore]:
        found = await graph_scoring.score_accounts(graph, workspace, ids, version)
        return {account_id: AccountScore.of(s) for account_id, s in found.items()}

    return loaders.by_id_with(info, "account_scores", score, lambda: None)


async def score_of(info: Info, account_id: str, model_version: int | None) -> AccountScore:
    """One account's score through the request's loader (every account asked in the same tick
    is scored in one read). ``NotFound`` for an unknown account or model version."""
    found = await _scores(info).load((account_id, model_version))
    if found is None:
        raise NotFound.of("Account", account_id, argument="accountId")
    return found


async def resolve_account_score(
    info: Info, account_id: AccountId, model_version: ModelVersion = None
) -> AccountScore | None:
    """One account's score under the latest model or `modelVersion`."""
    return await score_of(info, str(account_id), model_version)


async def resolve_account_scores(
    info: Info,
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
    where: Annotated[
        AccountScoreWhere | None,
        strawberry.argument(description="Filters: tier, minimum score, statuses, owner."),
    ] = None,
    model_version: ModelVersion = None,
) -> Connection[AccountScore] | None:
    """Accounts by score, best first."""
    workspace = require_member_read(info)
    page = await graph_scoring.list_account_scores(
        info.context.graph,
        workspace,
        first=page_size(info, first),
        after=after,
        where=None if where is None else where.to_graph(),
        version=model_version,
    )
    return connection_from_page(page, AccountScore.of)
