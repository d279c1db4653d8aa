"""The schema object: each domain package's root fields merged, and the security extensions,
with limits from settings."""

from __future__ import annotations

from dataclasses import dataclass

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    ValidationCache,
)

from schema.accounts.fields import AccountsQuery
from schema.core.cost import DEFAULT_MAX_COST, QueryCostLimit
from schema.core.document_cache import DocumentCache
from schema.core.errors import CodedErrors, CodedSchema
from schema.core.fields import CoreQuery
from schema.core.ids import IdLengthLimit
from schema.core.operation import OperationMetadata
from schema.ingest.mutations import Mutation
from schema.intros.fields import IntrosQuery
from schema.intros.mutations import IntrosMutation
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
    IntrosQuery,
    SignalsQuery,
)
MUTATIONS = (Mutation, SellingMutation, IntrosMutation, SignalsMutation)
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
    max_cost: int = DEFAULT_MAX_COST


DOCUMENT_CACHE_SIZE = 512
"""Distinct query texts whose parsed and validated documents a process keeps (least recently
used first out): clients send a handful of texts with changing variables."""


def build_schema(limits: SchemaLimits | None = None) -> strawberry.Schema:
    """The GraphQL schema with depth, alias, token and cost limiters and error masking on. Each
    query text is parsed and validated once per process (``DOCUMENT_CACHE_SIZE`` texts kept):
    the limiters' rules are made here once, so that the validation cache, keyed by the document
    and the rule classes, hits on every request after the first. The cost depends on the
    variables, so it is counted for every request (after validation, before execution)."""
    limits = limits or SchemaLimits()
    limit_rules = [
        *QueryDepthLimiter(max_depth=limits.max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=limits.max_aliases).validation_rules,
    ]
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
            lambda: AddValidationRules(limit_rules),
            lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
            lambda: DocumentCache(maxsize=DOCUMENT_CACHE_SIZE),
            lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
            IdLengthLimit,
            lambda: QueryCostLimit(max_cost=limits.max_cost),
            OperationMetadata,
            CodedErrors,
        ],
    )
