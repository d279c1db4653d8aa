"""What every resolver gets: the caller, the graph client, limits, and per-request loaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strawberry.types import Info as StrawberryInfo

from graph.core.client import GraphClient
from graph.core.credentials import Principal
from schema.core.errors import ApiError


class Unauthenticated(ApiError):
    """No credential came with the request."""

    code = "UNAUTHENTICATED"


@dataclass(frozen=True)
class Limits:
    """Request limits taken from the settings."""

    max_page_size: int = 200
    max_batch_rows: int = 1000
    poll_s: float = 0.5
    """How often a subscription looks for new events (ACCOUNTMAP_SIGNALS_POLL_S)."""


@dataclass(frozen=True)
class OperationSummary:
    """What a request ran, for its log line and metrics: the operation's name (the client's, or
    a description of an anonymous one) and its root fields (names from the schema, so a bounded
    set: the metrics label)."""

    name: str
    root_fields: tuple[str, ...]


@dataclass
class RequestContext:
    """Built once per request by the API; loaders cache within the request only."""

    graph: GraphClient
    caller: Principal | None
    limits: Limits = field(default_factory=Limits)
    loaders: dict[str, Any] = field(default_factory=dict)
    operation: OperationSummary | None = None
    """Set before execution (``schema.core.operation.OperationMetadata``)."""
    connection_params: dict[str, Any] | None = None
    """A WebSocket's connection_init payload (where its credential travels)."""

    @property
    def principal(self) -> Principal:
        """The authenticated caller. Only the GraphiQL page is served without one, and it
        resolves no fields, so reaching this without a caller is a wiring fault."""
        if self.caller is None:
            raise Unauthenticated("Authentication required: send 'Authorization: Bearer <key>'.")
        return self.caller

    @property
    def workspace(self) -> str:
        """The caller's workspace: every statement is scoped to it."""
        return self.principal.workspace


Info = StrawberryInfo[RequestContext, None]
