"""The signal types: events, the people they name, webhooks and deliveries; each domain enum
registered once, here."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated

import strawberry

from graph.signals import deliveries as graph_deliveries
from graph.signals import model as graph_model
from graph.signals import webhooks as graph_webhooks
from schema.core.enums import HumanKind, describe_values

SignalType = graph_model.SignalType
strawberry.enum(SignalType, description="What changed on the map.")
describe_values(
    SignalType,
    CHAMPION_LEFT="A champion of the account left it (the sentence says where they work now).",
    ECONOMIC_BUYER_LEFT="An economic buyer of the account left it.",
    ROUTE_TO_ECONOMIC_BUYER_LOST="The account's last warm route to its economic buyer within "
    "the workspace's hop bound is gone (the people are the route that was).",
    NEW_WARM_ROUTE="A warm route to the account's economic buyer exists where none did (the "
    "people are the route, seller first).",
    NEW_PARTNER_OVERLAP="A partner's shared records now match the account.",
    RISK_FLAG_RAISED="A single-threaded risk flag was raised (detail: flag).",
    RISK_FLAG_CLEARED="A single-threaded risk flag was cleared (detail: flag).",
    INTRO_REQUEST_CHANGED="An introduction request changed state.",
)
DeliveryState = graph_deliveries.DeliveryState
strawberry.enum(DeliveryState, description="Where a webhook delivery stands.")
describe_values(
    DeliveryState,
    PENDING="Not yet delivered: waiting for its first attempt or for a retry.",
    DELIVERED="The receiver answered 2xx.",
    DEAD="Every allowed attempt failed; replay it to send it again.",
)


@strawberry.type(description="Someone an event names.")
class SignalPerson:
    id: strawberry.ID = strawberry.field(description="Person or seller id.")
    name: str | None = strawberry.field(description="Their name.")
    kind: HumanKind = strawberry.field(description="PERSON (theirs) or SELLER (ours).")

    @classmethod
    def of(cls, person: graph_model.SignalPerson) -> SignalPerson:
        """From the graph layer's value."""
        return cls(id=strawberry.ID(person.id), name=person.name, kind=person.kind)


@strawberry.type(description="One change of the map, as stored in the outbox and delivered.")
class SignalEvent:
    id: strawberry.ID = strawberry.field(
        description="The event's id: the idempotency id of its deliveries (the same on every "
        "attempt and replay)."
    )
    seq: int = strawberry.field(
        description="Its number within the workspace: events (and each account's) in order."
    )
    type: SignalType = strawberry.field(description="What changed.")
    account_id: strawberry.ID = strawberry.field(description="The account it is about.")
    account_name: str | None = strawberry.field(description="The account's name then.")
    sentence: str = strawberry.field(description="What happened, in one sentence.")
    people: list[SignalPerson] = strawberry.field(description="The people it names.")
    day: date | None = strawberry.field(description="The day the change was judged on.")
    occurred_at: datetime = strawberry.field(description="When the event was stored.")
    detail_json: str = strawberry.field(
        description="The type's extra facts as JSON text (the flag, a route's warmth, the "
        "partner), as in the webhook body's `detail`."
    )

    @classmethod
    def of(cls, event: graph_model.SignalEvent) -> SignalEvent:
        """From the graph layer's value."""
        return cls(
            id=strawberry.ID(event.id),
            seq=event.seq,
            type=event.type,
            account_id=strawberry.ID(event.account_id),
            account_name=event.account_name,
            sentence=event.sentence,
            people=[SignalPerson.of(p) for p in event.people],
            day=event.day,
            occurred_at=event.occurred_at,
            detail_json=json.dumps(dict(event.detail), sort_keys=True),
        )


@strawberry.type(description="A webhook of the workspace (its secret is shown only once).")
class Webhook:
    id: strawberry.ID = strawberry.field(description="The webhook's id.")
    url: str = strawberry.field(description="Where deliveries are POSTed.")
    event_types: list[SignalType] = strawberry.field(description="The event types it receives.")
    created_at: datetime = strawberry.field(description="When it was registered.")

    @classmethod
    def of(cls, webhook: graph_webhooks.Webhook) -> Webhook:
        """From the graph layer's value."""
        return cls(
            id=strawberry.ID(webhook.id),
            url=webhook.url,
            event_types=list(webhook.event_types),
            created_at=webhook.created_at,
        )


@strawberry.type(description="One event on its way to one webhook: the delivery log's entry.")
class WebhookDelivery:
    id: strawberry.ID = strawberry.field(description="The delivery's id (replay takes it).")
    webhook_id: strawberry.ID = strawberry.field(description="The webhook it goes to.")
    event_id: strawberry.ID = strawberry.field(description="The event (its idempotency id).")
    event_seq: int = strawberry.field(description="The event's number in the workspace.")
    event_type: SignalType = strawberry.field(description="The event's type.")
    account_id: strawberry.ID = strawberry.field(description="The event's account.")
    state: DeliveryState = strawberry.field(description="PENDING, DELIVERED or DEAD.")
    attempts: int = strawberry.field(description="Attempts made (since the last replay).")
    next_attempt_at: datetime | None = strawberry.field(
        description="When a PENDING delivery is tried next."
    )
    last_status_code: int | None = strawberry.field(
        description="The receiver's HTTP status on the last attempt (null: no answer)."
    )
    last_error: str | None = strawberry.field(description="Why the last attempt failed.")
    created_at: datetime = strawberry.field(description="When the event was stored.")
    delivered_at: datetime | None = strawberry.field(description="When a 2xx came back.")
    replays: int = strawberry.field(description="How often it was replayed.")

    @classmethod
    def of(cls, delivery: graph_deliveries.Delivery) -> WebhookDelivery:
        """From the graph layer's value."""
        return cls(
            id=strawberry.ID(delivery.id),
            webhook_id=strawberry.ID(delivery.webhook_id),
            event_id=strawberry.ID(delivery.event_id),
            event_seq=delivery.event_seq,
            event_type=delivery.event_type,
            account_id=strawberry.ID(delivery.account_id),
            state=delivery.state,
            attempts=delivery.attempts,
            next_attempt_at=delivery.next_attempt_at,
            last_status_code=delivery.last_status_code,
            last_error=delivery.last_error,
            created_at=delivery.created_at,
            delivered_at=delivery.delivered_at,
            replays=delivery.replays,
        )


@strawberry.input(description="Which events to list or receive.")
class SignalEventFilter:
    types: list[SignalType] | None = strawberry.field(
        default=None, description="Only these event types."
    )
    account_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this account's events."
    )


@strawberry.input(description="Which deliveries to list.")
class WebhookDeliveryFilter:
    state: DeliveryState | None = strawberry.field(default=None, description="Only this state.")
    webhook_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this webhook's."
    )


WebhookId = Annotated[strawberry.ID, strawberry.argument(description="The webhook's id.")]
