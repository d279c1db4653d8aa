"""The schema object: each domain package's root fields merged, and the security extensions,
with limits from settings."""

from __future__ import annotations

from dataclasses import dataclass

import strawberry
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter

from schema.accounts.fields import AccountsQuery
from schema.core.errors import CodedErrors, CodedSchema
from schema.core.fields import CoreQuery
from schema.core.ids import IdLengthLimit
from schema.core.operation import OperationMetadata
from schema.ingest.mutations import Mutation
from schema.nodes import NodeQuery
from schema.partners.fields import PartnersQuery
from schema.reach.fields import ReachQuery
from schema.selling.fields import SellingMutation, SellingQuery
from schema.signals.fields import SignalsMutation, SignalsQuery, SignalsSubscription

QUERIES = (
    CoreQuery,
    NodeQuery,
    AccountsQuery,
    ReachQuery,
    PartnersQuery,
    SellingQuery,
    SignalsQuery,
)
MUTATIONS = (Mutation, SellingMutation, SignalsMutation)
SUBSCRIPTIONS = (SignalsSubscription,)


def _merged(name: str, parts: tuple[type, ...], description: str) -> type:
    """One root type from each package's part (what ``merge_types`` does, with a description;
    a field two packages both declare is refused rather than silently overridden)."""
    names = [f.name for part in parts for f in part.__strawberry_definition__.fields]  # type: ignore[attr-defined]
    if len(names) != len(set(names)):
        raise TypeError(
            f"{name} fields declared twice: {sorted({n for n in names if names.count(n) > 1})}"
        )
    return strawberry.type(type(name, parts, {}), description=description)


@dataclass(frozen=True)
class SchemaLimits:
    """Limits applied before a query runs."""

    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 4000


def build_schema(limits: SchemaLimits | None = None) -> strawberry.Schema:
    """The GraphQL schema with depth, alias and token limiters and error masking on."""
    limits = limits or SchemaLimits()
    return CodedSchema(
        query=_merged(
            "Query",
            QUERIES,
            "Every read: the caller's workspace, its accounts and their maps, "
            "paths and risk, partner overlap and the selling answers.",
        ),
        mutation=_merged(
            "Mutation",
            MUTATIONS,
            "Every write: batch upserts, imports, lifecycle changes and "
            "the versioned selling definitions. Each is idempotent and all or nothing.",
        ),
        subscription=_merged(
            "Subscription",
            SUBSCRIPTIONS,
            "Pushed over WebSocket (graphql-transport-ws): the workspace's graph signals.",
        ),
        # Factories, so that each request gets fresh extension instances.
        extensions=[
            lambda: QueryDepthLimiter(max_depth=limits.max_depth),
            lambda: MaxAliasesLimiter(max_alias_count=limits.max_aliases),
            lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
            IdLengthLimit,
            OperationMetadata,
            CodedErrors,
        ],
    )
