"""GraphQL errors: a message a person can act on and ``extensions.code`` a program can switch on.

Errors we raise on purpose (``ApiError`` here, ``GraphError`` from the graph layer) pass through
with their code. Anything else is an internal error: masked, logged, never a stack trace or a
Cypher text in the response.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from graphql.error import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import MaskErrors

from graph.core.errors import GraphError

log = logging.getLogger("accountmap.errors")


class ApiError(Exception):
    """An error the API reports to the caller as it is."""

    code = "BAD_REQUEST"

    def __init__(self, message: str, *, extensions: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extensions = dict(extensions or {})


class Forbidden(ApiError):
    """The credential's role does not allow this operation."""

    code = "FORBIDDEN"


class InvalidInput(ApiError):
    """An argument is malformed; ``extensions.errors`` lists each problem."""

    code = "INVALID_INPUT"


def _code_of(error: GraphQLError) -> str | None:
    original = error.original_error
    if isinstance(original, ApiError | GraphError):
        return original.code
    if original is None:
        return (
            "GRAPHQL_PARSE_FAILED"
            if isinstance(error, GraphQLSyntaxError)
            else ("GRAPHQL_VALIDATION_FAILED")
        )
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
            extra = original.extensions if isinstance(original, ApiError) else {}
            error.extensions = {**(error.extensions or {}), **extra, "code": code}
            processed.append(error)
        return processed
