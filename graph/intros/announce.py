"""An intro request's change as a graph signal (INTRO_REQUEST_CHANGED), recorded in the outbox
in the same write transaction as the change: the event exists if and only if the change
committed, and webhooks and subscriptions receive it like every other signal. An introduction
made (INTRODUCED) also marks the accounts its new KNOWS may touch, so the next change scan sees
the warm route it opens (NEW_WARM_ROUTE)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from neo4j import AsyncManagedTransaction

from graph.core.model import HumanKind
from graph.intros.states import IntroState
from graph.signals.marks import mark_touched
from graph.signals.model import SignalDraft, SignalPerson, SignalType
from graph.signals.outbox import record_event

if TYPE_CHECKING:  # requests.py calls this module: its type only, to avoid an import cycle
    from graph.intros.model import IntroRequest


async def announce_change(
    tx: AsyncManagedTransaction, workspace: str, request: IntroRequest, from_state: str | None
) -> None:
    """Record the request's latest change (``from_state`` None for a new request)."""
    target = request.target_name or request.target_id
    introducer = request.introducer_name or request.introducer_id
    state = request.state.value.lower().replace("_", " ")
    sentence = (
        f"{request.requester_name or request.requester_id} asked {introducer} for an "
        f"introduction to {target}."
        if from_state is None
        else f"The introduction to {target} through {introducer} is now {state}."
    )
    await record_event(
        tx,
        workspace,
        SignalDraft(
            type=SignalType.INTRO_REQUEST_CHANGED,
            account_id=request.account_id,
            account_name=request.account_name,
            sentence=sentence,
            people=(
                SignalPerson(request.target_id, request.target_name),
                SignalPerson(
                    request.introducer_id, request.introducer_name, request.introducer_kind
                ),
                SignalPerson(request.requester_id, request.requester_name, HumanKind.SELLER),
            ),
            day=request.state_changed_at.date(),
            detail={
                "requestId": request.id,
                "fromState": from_state,
                "state": request.state.value,
                "partnerId": request.partner_id,
            },
        ),
    )
    if request.state is IntroState.INTRODUCED:
        await mark_touched(tx, workspace, [request.requester_id, request.target_id])
