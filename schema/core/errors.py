"""GraphQL errors: a message a person can act on and ``extensions.code`` a program can switch on.

Every error raised on purpose is a ``GraphError`` (the graph layer's kinds, and ``ApiError`` for
the few only this layer raises): each class carries its code, and ``CodedErrors`` below is the one
place that turns them into GraphQL errors with ``extensions.code`` and the class's extensions.
Anything else is an internal error: masked, logged, never a stack trace or a Cypher text in the
response.

Logging (``CodedSchema.process_errors``): a client error is one INFO line (code, path and the
start of the message), without traceback; Neo4j being down or too slow one WARNING line; an
internal error is logged at ERROR with its traceback.
No message returned or logged repeats more than ``MAX_MESSAGE_CHARS`` of a request.
"""

from __future__ import annotations

import logging

import strawberry
from graphql.error import GraphQLError, GraphQLSyntaxError
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.extensions import MaskErrors
from strawberry.types import ExecutionContext

from graph.core.errors import Forbidden, GraphError, InvalidInput, NotFound, preview

log = logging.getLogger("accountmap.errors")

_SERVER_SIDE = frozenset({"DATABASE_UNAVAILABLE", "DATABASE_AUTH_FAILED", "QUERY_TIMEOUT"})
"""Coded errors that are not the client's doing: logged at WARNING (still without traceback)."""

MAX_MESSAGE_CHARS = 300
"""Longest error message returned; graphql-core's own messages may quote a whole literal."""


class ApiError(GraphError):
    """An error only the API layer raises (authentication, request size); reported as it is."""

    code = "BAD_REQUEST"


__all__ = [
    "ApiError",
    "CodedErrors",
    "CodedSchema",
    "Forbidden",
    "GraphError",
    "InvalidInput",
    "NotFound",
]


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
            error.message = preview(error.message, MAX_MESSAGE_CHARS)
            processed.append(error)
        return processed


class CodedSchema(strawberry.Schema):
    """The schema, logging each error once and by kind: a client error (it has a code) at INFO
    without traceback or query text, an internal one at ERROR with its traceback."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            code = _code_of(error)
            message = preview(error.message, MAX_MESSAGE_CHARS)
            if code is None:
                log.error(
                    "internal error at %s: %s", error.path, message, exc_info=error.original_error
                )
            else:
                level = logging.WARNING if code in _SERVER_SIDE else logging.INFO
                log.log(level, "%s at %s: %s", code, error.path, message)
