"""The graph layer's root error and its kinds. Each carries a code the API passes on."""

from __future__ import annotations


class GraphError(Exception):
    """Base of every error the graph layer raises on purpose."""

    code = "GRAPH_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DatabaseUnavailable(GraphError):
    """Neo4j cannot be reached right now; the request may be retried later."""

    code = "DATABASE_UNAVAILABLE"


class NotFound(GraphError):
    """Nothing with that id exists in the caller's workspace."""

    code = "NOT_FOUND"


class DatabaseAuthFailed(GraphError):
    """Neo4j refused the configured credentials; retrying will not help."""

    code = "DATABASE_AUTH_FAILED"
