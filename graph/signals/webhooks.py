"""Webhooks registered per workspace: where to deliver, which event types, and the secret the
deliveries are signed with (shown once, at registration, like an API key).

Any http(s) URL is accepted, loopback included (the tests' receivers listen there); an operator
who must keep deliveries off internal networks restricts egress at the network (a proxy or a
firewall rule for the API's hosts), which also covers DNS names that resolve inward later.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString
from urllib.parse import urlsplit

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all, fetch_one
from graph.core.dates import to_datetime
from graph.core.errors import InvalidInput, NotFound
from graph.signals.model import SignalType

MAX_URL_CHARS = 2048
MIN_SECRET_CHARS = 16
MAX_WEBHOOKS = 20
"""Webhooks one workspace may register."""


@dataclass(frozen=True)
class Webhook:
    """A registration (never with its secret)."""

    id: str
    url: str
    event_types: tuple[SignalType, ...]
    created_at: datetime


@dataclass(frozen=True)
class NewWebhook:
    """A webhook just registered, with its secret (shown this once)."""

    webhook: Webhook
    secret: str


def _webhook(row: dict[str, Any]) -> Webhook:
    created = to_datetime(row["createdAt"])
    assert created is not None
    return Webhook(
        str(row["id"]), str(row["url"]), tuple(SignalType(t) for t in row["eventTypes"]), created
    )


def check_url(url: str) -> str:
    """``InvalidInput`` (field ``url``) unless ``url`` is an absolute http(s) URL."""
    if len(url) > MAX_URL_CHARS:
        raise InvalidInput(f"url must be at most {MAX_URL_CHARS} characters.", field="url")
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
        raise InvalidInput("url must be an absolute http:// or https:// URL.", field="url")
    return url


_FIELDS: LiteralString = (
    " w.id AS id, w.url AS url, w.eventTypes AS eventTypes, w.createdAt AS createdAt"
)

_REGISTER: LiteralString = (
    """
MERGE (ws:Workspace {id: $workspace})
  ON CREATE SET ws.name = $workspace, ws.createdAt = datetime()
WITH ws
WHERE COUNT { MATCH (:Webhook {workspace: $workspace}) } < $max
CREATE (w:Webhook {workspace: $workspace, id: $id, url: $url, eventTypes: $eventTypes,
                   secret: $secret, active: true, createdAt: datetime()})
RETURN"""
    + _FIELDS
)


async def register_webhook(
    client: GraphClient,
    workspace: str,
    url: str,
    event_types: Sequence[SignalType],
    secret: str | None = None,
) -> NewWebhook:
    """Register a webhook; ``secret`` (at least 16 characters) or one generated. Events found
    from now on are delivered to it."""
    check_url(url)
    if not event_types:
        raise InvalidInput("eventTypes must name at least one event type.", field="eventTypes")
    if secret is not None and len(secret) < MIN_SECRET_CHARS:
        raise InvalidInput(
            f"secret must be at least {MIN_SECRET_CHARS} characters.", field="secret"
        )
    chosen = secret or f"whsec_{secrets.token_urlsafe(32)}"
    params = {
        "workspace": workspace,
        "id": f"wh_{secrets.token_hex(8)}",
        "url": url,
        "eventTypes": sorted({t.value for t in event_types}),
        "secret": chosen,
        "max": MAX_WEBHOOKS,
    }

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        return await fetch_one(tx, _REGISTER, params)

    row = await client.write(work)
    if row is None:
        raise InvalidInput(
            f"A workspace may register at most {MAX_WEBHOOKS} webhooks; delete one first.",
            field="url",
        )
    return NewWebhook(_webhook(row), chosen)


async def list_webhooks(client: GraphClient, workspace: str) -> list[Webhook]:
    """The workspace's webhooks, oldest first."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx,
            "MATCH (w:Webhook {workspace: $workspace}) RETURN"
            + _FIELDS
            + " ORDER BY w.createdAt, w.id",
            {"workspace": workspace},
        )

    return [_webhook(r) for r in await client.read(work)]


_DELETE: LiteralString = """
MATCH (w:Webhook {workspace: $workspace, id: $id})
OPTIONAL MATCH (d:WebhookDelivery {workspace: $workspace, webhookId: $id})
WHERE d.state = 'PENDING'
WITH w, collect(d) AS pending
FOREACH (d IN pending | DELETE d)
DELETE w
RETURN size(pending) AS dropped
"""


async def delete_webhook(client: GraphClient, workspace: str, webhook_id: str) -> int:
    """Delete a webhook and its pending deliveries (how many is returned); its delivery log
    stays. ``NotFound`` for an unknown id."""

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        return await fetch_one(tx, _DELETE, {"workspace": workspace, "id": webhook_id})

    row = await client.write(work)
    if row is None:
        raise NotFound.of("Webhook", webhook_id, argument="id")
    return int(row["dropped"])
