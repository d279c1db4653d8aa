"""Graph signals: the root fields of the event log, webhooks and their deliveries, and the
subscription, merged into the schema's Query, Mutation and Subscription by ``schema.root``.

Webhooks and the delivery log are for admins. Events are read by every role of the workspace
except partners: an event names our sellers and routes, which a partner credential never sees
(graph/partners/boundary.py), so a partner gets none of them (FORBIDDEN), not a filtered share.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from graph.core.pagination import paginate
from graph.signals import deliveries as graph_deliveries
from graph.signals import outbox as graph_outbox
from graph.signals import scan as graph_scan
from graph.signals import webhooks as graph_webhooks
from schema.core.context import Info
from schema.core.pagination import DEFAULT_PAGE_SIZE, After, Connection, First, connection_from_page
from schema.core.permissions import page_size, require_admin, require_member_read
from schema.signals.types import (
    SignalEvent,
    SignalEventFilter,
    SignalType,
    Webhook,
    WebhookDelivery,
    WebhookDeliveryFilter,
    WebhookId,
)

SUBSCRIPTION_BATCH = 100


def _read_events(info: Info) -> str:
    """The caller's workspace, for any role that may read events (not partners)."""
    return require_member_read(info)


async def resolve_signal_events(
    info: Info,
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
    where: Annotated[
        SignalEventFilter | None, strawberry.argument(description="Which events.")
    ] = None,
) -> Connection[SignalEvent]:
    """The workspace's events, newest first."""
    workspace = _read_events(info)
    page = await graph_outbox.list_events(
        info.context.graph,
        workspace,
        first=page_size(info, first),
        after=after,
        types=None if where is None or where.types is None else where.types,
        account_id=None if where is None or where.account_id is None else str(where.account_id),
    )
    return connection_from_page(page, SignalEvent.of)


async def resolve_webhooks(
    info: Info, first: First = DEFAULT_PAGE_SIZE, after: After = None
) -> Connection[Webhook]:
    """The workspace's webhooks, oldest first."""
    workspace = require_admin(info)
    found = await graph_webhooks.list_webhooks(info.context.graph, workspace)
    page = paginate(
        found,
        first=page_size(info, first),
        after=after,
        sort_key="webhooks:createdAt",
        position=lambda w: (w.created_at.isoformat(), w.id),
    )
    return connection_from_page(page, Webhook.of)


async def resolve_webhook_deliveries(
    info: Info,
    first: First = DEFAULT_PAGE_SIZE,
    after: After = None,
    where: Annotated[
        WebhookDeliveryFilter | None, strawberry.argument(description="Which deliveries.")
    ] = None,
) -> Connection[WebhookDelivery]:
    """The delivery log, newest event first."""
    workspace = require_admin(info)
    page = await graph_deliveries.list_deliveries(
        info.context.graph,
        workspace,
        first=page_size(info, first),
        after=after,
        state=None if where is None else where.state,
        webhook_id=None if where is None or where.webhook_id is None else str(where.webhook_id),
    )
    return connection_from_page(page, WebhookDelivery.of)


@strawberry.type(description="A webhook just registered, with its signing secret.")
class RegisterWebhookPayload:
    webhook: Webhook = strawberry.field(description="The registration.")
    secret: str = strawberry.field(
        description="The secret deliveries are signed with (HMAC-SHA256): shown this once."
    )


async def register_webhook(
    info: Info,
    url: Annotated[
        str, strawberry.argument(description="Absolute http(s) URL the events are POSTed to.")
    ],
    event_types: Annotated[
        list[SignalType], strawberry.argument(description="The event types to receive.")
    ],
    secret: Annotated[
        str | None,
        strawberry.argument(
            description="The signing secret (16 characters or more); default a generated one."
        ),
    ] = None,
) -> RegisterWebhookPayload:
    """Register a webhook (admins only)."""
    workspace = require_admin(info)
    created = await graph_webhooks.register_webhook(
        info.context.graph, workspace, url, event_types, secret
    )
    return RegisterWebhookPayload(webhook=Webhook.of(created.webhook), secret=created.secret)


@strawberry.type(description="A webhook deleted.")
class DeleteWebhookPayload:
    id: strawberry.ID = strawberry.field(description="The deleted webhook's id.")
    dropped_deliveries: int = strawberry.field(
        description="Its pending deliveries, dropped with it (the log keeps the others)."
    )


async def delete_webhook(info: Info, id: WebhookId) -> DeleteWebhookPayload:
    """Delete a webhook (admins only)."""
    workspace = require_admin(info)
    dropped = await graph_webhooks.delete_webhook(info.context.graph, workspace, str(id))
    return DeleteWebhookPayload(id=id, dropped_deliveries=dropped)


async def replay_webhook_delivery(
    info: Info,
    id: Annotated[strawberry.ID, strawberry.argument(description="The delivery's id.")],
) -> WebhookDelivery:
    """Send a delivery again (admins only)."""
    workspace = require_admin(info)
    return WebhookDelivery.of(
        await graph_deliveries.replay_delivery(info.context.graph, workspace, str(id))
    )


@strawberry.type(description="The workspace's warm-route hop bound, set.")
class SetSignalHopBoundPayload:
    max_hops: int = strawberry.field(description="The bound now in force.")


async def set_signal_hop_bound(
    info: Info,
    max_hops: Annotated[int, strawberry.argument(description="1 to 6; the default is 3.")],
) -> SetSignalHopBoundPayload:
    """Set the hop bound of warm routes (admins only)."""
    workspace = require_admin(info)
    return SetSignalHopBoundPayload(
        max_hops=await graph_scan.set_signal_max_hops(info.context.graph, workspace, max_hops)
    )


async def subscribe_signal_events(
    info: Info,
    where: Annotated[
        SignalEventFilter | None, strawberry.argument(description="Which events.")
    ] = None,
    after_seq: Annotated[
        int | None,
        strawberry.argument(
            description="Start after this event number (to resume without a gap); default: "
            "only events stored from now on."
        ),
    ] = None,
) -> AsyncGenerator[SignalEvent, None]:
    """The workspace's events as they are stored, in order."""
    workspace = _read_events(info)
    graph = info.context.graph
    types = None if where is None or where.types is None else list(where.types)
    account_id = None if where is None or where.account_id is None else str(where.account_id)
    seq = after_seq if after_seq is not None else await graph_outbox.last_seq(graph, workspace)
    while True:
        found = await graph_outbox.events_after(
            graph, workspace, seq, SUBSCRIPTION_BATCH, types, account_id
        )
        for event in found:
            seq = event.seq
            yield SignalEvent.of(event)
        if len(found) < SUBSCRIPTION_BATCH:
            await asyncio.sleep(info.context.limits.poll_s)


@strawberry.type
class SignalsQuery:
    signal_events: Connection[SignalEvent] = strawberry.field(
        resolver=resolve_signal_events,
        description="The graph signals of the workspace, newest first: champions and economic "
        "buyers who left, warm routes lost and opened, new partner overlaps, risk flags raised "
        "and cleared, intro requests changed. Not for partner credentials (FORBIDDEN).",
    )
    webhooks: Connection[Webhook] = strawberry.field(
        resolver=resolve_webhooks, description="The workspace's webhooks (admins only)."
    )
    webhook_deliveries: Connection[WebhookDelivery] = strawberry.field(
        resolver=resolve_webhook_deliveries,
        description="The webhook delivery log, newest event first: state, attempts, the last "
        "status or error (admins only).",
    )


@strawberry.type
class SignalsMutation:
    register_webhook: RegisterWebhookPayload = strawberry.mutation(
        resolver=register_webhook,
        description="Register a webhook: events of the chosen types found from now on are "
        "POSTed to the URL, signed (docs/SIGNALS.md says how to verify), at least once, in "
        "order per account. Admins only; INVALID_INPUT for a URL that is not http(s).",
    )
    delete_webhook: DeleteWebhookPayload = strawberry.mutation(
        resolver=delete_webhook,
        description="Delete a webhook and its pending deliveries. Admins only; NOT_FOUND for "
        "an unknown id.",
    )
    replay_webhook_delivery: WebhookDelivery = strawberry.mutation(
        resolver=replay_webhook_delivery,
        description="Send a delivery again, delivered or dead (same event id, attempts counted "
        "afresh). Admins only; NOT_FOUND for an unknown id.",
    )
    set_signal_hop_bound: SetSignalHopBoundPayload = strawberry.mutation(
        resolver=set_signal_hop_bound,
        description="Set how many hops a warm route to an economic buyer may take for "
        "NEW_WARM_ROUTE and ROUTE_TO_ECONOMIC_BUYER_LOST (default 3); every account is "
        "evaluated again. Admins only; INVALID_INPUT outside 1..6.",
    )


@strawberry.type
class SignalsSubscription:
    signal_events: AsyncGenerator[SignalEvent, None] = strawberry.subscription(
        resolver=subscribe_signal_events,
        description="The workspace's graph signals as they are stored, in order (over "
        "WebSocket, graphql-transport-ws; the credential goes in connection_init's payload as "
        "`Authorization: Bearer ...`). Not for partner credentials (FORBIDDEN).",
    )
