"""The schema object: each domain package's root fields merged, and the security extensions,
with limits from settings."""

from __future__ import annotations

from dataclasses import dataclass

import strawberry
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.tools import merge_types

from schema.accounts.fields import AccountsQuery
from schema.core.errors import CodedErrors
from schema.core.fields import CoreQuery
from schema.core.operation import OperationMetadata
from schema.ingest.mutations import Mutation
from schema.partners.fields import PartnersQuery
from schema.reach.fields import ReachQuery
from schema.selling.fields import SellingMutation, SellingQuery

QUERIES = (CoreQuery, AccountsQuery, ReachQuery, PartnersQuery, SellingQuery)
MUTATIONS = (Mutation, SellingMutation)


@dataclass(frozen=True)
class SchemaLimits:
    """Limits applied before a query runs."""

    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 4000


def build_schema(limits: SchemaLimits | None = None) -> strawberry.Schema:
    """The GraphQL schema with depth, alias and token limiters and error masking on."""
    limits = limits or SchemaLimits()
    return strawberry.Schema(
        query=merge_types("Query", QUERIES),
        mutation=merge_types("Mutation", MUTATIONS),
        # Factories, so that each request gets fresh extension instances.
        extensions=[
            lambda: QueryDepthLimiter(max_depth=limits.max_depth),
            lambda: MaxAliasesLimiter(max_alias_count=limits.max_aliases),
            lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
            OperationMetadata,
            CodedErrors,
        ],
    )
