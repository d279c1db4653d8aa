"""GraphQL errors: a message a person can act on and ``extensions.code`` a program can switch on.

Every error raised on purpose is a ``GraphError`` (the graph layer's kinds, and ``ApiError`` for
the few only this layer raises): each class carries its code, and ``CodedErrors`` below is the one
place that turns them into GraphQL errors with ``extensions.code`` and the class's extensions.
Anything else is an internal error: masked, logged, never a stack trace or a Cypher text in the
response.
"""

from __future__ import annotations

import logging

from graphql.error import GraphQLError, GraphQLSyntaxError
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.extensions import MaskErrors

from graph.core.errors import Forbidden, GraphError, InvalidInput, NotFound

log = logging.getLogger("accountmap.errors")


class ApiError(GraphError):
    """An error only the API layer raises (authentication, request size); reported as it is."""

    code = "BAD_REQUEST"


__all__ = ["ApiError", "CodedErrors", "Forbidden", "GraphError", "InvalidInput", "NotFound"]


def _code_of(error: GraphQLError) -> str | None:
    original = error.original_error
    if isinstance(original, GraphError):
        return original.code
    if original is None:
        return (
            "GRAPHQL_PARSE_FAILED"
            if isinstance(error, GraphQLSyntaxError)
            else ("GRAPHQL_VALIDATION_FAILED")
        )
    if error.path is None and isinstance(original, GraphQLError | StrawberryInputCoercionError):
        # A variable that failed coercion ("abc" for an Int!, "2025-02-30" for a Date, null for a
        # non-null type): the client's request is invalid, nothing ran.
        return "GRAPHQL_VALIDATION_FAILED"
    return None


class CodedErrors(MaskErrors):
    """Strawberry's error masking, plus a machine-readable code on every error."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=lambda error: _code_of(error) is None)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        log.error("internal error at %s", error.path, exc_info=error.original_error)
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
        return masked

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed = []
        for error in errors:
            code = _code_of(error)
            if code is None:
                processed.append(self.anonymise_error(error))
                continue
            original = error.original_error
            extra = original.extensions if isinstance(original, GraphError) else {}
            error.extensions = {**(error.extensions or {}), **extra, "code": code}
            processed.append(error)
        return processed
