"""The graph layer's root error and its kinds.

Each class carries the code a program switches on; ``extensions`` carries what a client needs to
fix the request (``field`` with the GraphQL argument name, the allowed values ...). The schema layer
turns them into GraphQL errors in one place (``schema.core.errors``); nothing catches and
rethrows them on the way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

ECHO_CHARS = 64
"""The most of a client's text any message or log line repeats."""


def preview(text: str, limit: int = ECHO_CHARS) -> str:
    """``text`` cut to ``limit`` characters (with an ellipsis when cut): what a message may echo
    of client input."""
    return text if len(text) <= limit else text[:limit] + "\u2026"


class GraphError(Exception):
    """Base of every error the graph layer raises on purpose."""

    code: ClassVar[str] = "GRAPH_ERROR"

    def __init__(self, message: str, *, extensions: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extensions: dict[str, Any] = dict(extensions or {})


class InvalidInput(GraphError):
    """The caller sent something malformed or out of range; the message says what to send.

    ``field`` is the GraphQL name of the argument (``maxHops``, not ``max_hops``); ``errors``
    lists each problem when there are several."""

    code = "INVALID_INPUT"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        extensions: Mapping[str, Any] | None = None,
    ) -> None:
        extra = dict(extensions or {})
        if field is not None:
            extra.setdefault("field", field)
        super().__init__(message, extensions=extra)


class NotFound(GraphError):
    """Nothing with that id exists in the caller's workspace (another workspace's id reads the
    same: existence elsewhere never leaks)."""

    code = "NOT_FOUND"

    @classmethod
    def of(cls, kind: str, item_id: str, *, argument: str | None = None) -> NotFound:
        """The one text for a missing thing, whatever query asked: ``kind`` is the GraphQL type
        (``Account``), ``argument`` the GraphQL argument that named it (``accountId``)."""
        return cls(
            f"No {kind} with id '{preview(item_id)}' in this workspace.",
            extensions={"type": kind, "id": item_id, **({"field": argument} if argument else {})},
        )


class Forbidden(GraphError):
    """The caller's role or sharing level does not allow this; the same text whether the thing
    exists or not."""

    code = "FORBIDDEN"


class DatabaseUnavailable(GraphError):
    """Neo4j cannot be reached right now; the request may be retried later."""

    code = "DATABASE_UNAVAILABLE"


class DatabaseAuthFailed(GraphError):
    """Neo4j refused the configured credentials; retrying will not help."""

    code = "DATABASE_AUTH_FAILED"


class QueryTimedOut(GraphError):
    """A statement ran past the configured transaction timeout and the server stopped it."""

    code = "QUERY_TIMEOUT"


class IdempotencyConflict(GraphError):
    """A client idempotency key was already used for a write with different content; the same
    key with the same content replays the first answer."""

    code = "IDEMPOTENCY_CONFLICT"
