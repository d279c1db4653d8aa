"""The intro-request writes: ``requestIntroduction`` and ``changeIntroRequestState``.

Each takes the client's idempotency ``key``: the same key with the same content answers what the
first call wrote (``replayed: true``); with other content it is IDEMPOTENCY_CONFLICT (field
``key``). A change the state table forbids is INVALID_INPUT naming ``state`` (with
``currentState`` and ``allowed``). Admins, members and integration keys request and change;
a partner credential (CONTACTS) may accept, decline or mark introduced the requests addressed to
its own contacts; viewers may not write.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from graph.core.model import HumanKind
from graph.intros import requests as graph_requests
from graph.intros.listing import as_of, utc_day
from schema.core.context import Info
from schema.core.permissions import require_write
from schema.intros.enums import IntroState
from schema.intros.requests import IntroPathStepInput, IntroRequest, IntroRequestChange
from schema.partners.boundary import caller_partner_id

Key = Annotated[
    str,
    strawberry.argument(
        description="Your idempotency key for this write (1 to 200 characters): a retry with "
        "the same key and content replays the first answer."
    ),
]
At = Annotated[
    datetime | None,
    strawberry.argument(
        description="When it happened (ISO date-time; without an offset, UTC); default now. "
        "Not in the future, not before the request's last change."
    ),
]
Note = Annotated[str | None, strawberry.argument(description="A note, up to 2000 characters.")]


@strawberry.type(description="What an intro-request write answers.")
class IntroRequestPayload:
    request: IntroRequest = strawberry.field(description="The request after the write.")
    change: IntroRequestChange = strawberry.field(description="The change the write made.")
    replayed: bool = strawberry.field(
        description="True when this key was used before with the same content: nothing new was "
        "written and the first answer is returned."
    )

    @classmethod
    def of(cls, written: graph_requests.Written, viewer: str | None) -> IntroRequestPayload:
        """From the graph layer's value, the request as it stands after its last change."""
        last = written.request.changes[-1].at
        aged = as_of(written.request, max(date.today(), utc_day(last)))
        assert aged is not None
        return cls(
            request=IntroRequest.of(aged, viewer),
            change=IntroRequestChange.of(written.change, viewer),
            replayed=written.replayed,
        )


@strawberry.type
class IntrosMutation:
    @strawberry.mutation(
        description="Ask for an introduction to a person at an account: through a colleague "
        "(introducerKind SELLER), a contact, or a partner's contact, optionally along the "
        "warmestPaths steps it came from. Creates a REQUESTED intro request."
    )
    async def request_introduction(
        self,
        info: Info,
        key: Key,
        account_id: Annotated[strawberry.ID, strawberry.argument(description="The account.")],
        target_id: Annotated[
            strawberry.ID, strawberry.argument(description="The person to be introduced to.")
        ],
        introducer_id: Annotated[
            strawberry.ID, strawberry.argument(description="Who is asked to introduce.")
        ],
        requester_id: Annotated[
            strawberry.ID, strawberry.argument(description="The seller asking (one of ours).")
        ],
        introducer_kind: Annotated[
            HumanKind,
            strawberry.argument(description="PERSON (a contact) or SELLER (a colleague)."),
        ] = HumanKind.PERSON,
        path: Annotated[
            list[IntroPathStepInput] | None,
            strawberry.argument(
                description="The path's steps (warmestPaths hops), ending with the introducer "
                "introducing the target."
            ),
        ] = None,
        note: Note = None,
        at: At = None,
    ) -> IntroRequestPayload:
        workspace = require_write(info)
        written = await graph_requests.request_introduction(
            info.context.graph,
            workspace,
            info.context.principal,
            graph_requests.NewIntroRequest(
                key=key,
                account_id=str(account_id),
                target_id=str(target_id),
                introducer_id=str(introducer_id),
                introducer_kind=introducer_kind,
                requester_id=str(requester_id),
                path=tuple(s.step() for s in path or ()),
                note=note,
                at=at,
            ),
        )
        return IntroRequestPayload.of(written, None)

    @strawberry.mutation(
        description="Move an intro request to a new state: REQUESTED -> ACCEPTED | DECLINED, "
        "ACCEPTED -> INTRODUCED -> MEETING_HELD, and REQUESTED or ACCEPTED -> EXPIRED | "
        "WITHDRAWN. INTRODUCED also makes our requesting seller know the target (KNOWS, source "
        "introduction). A partner credential may accept, decline or mark introduced."
    )
    async def change_intro_request_state(
        self,
        info: Info,
        key: Key,
        request_id: Annotated[strawberry.ID, strawberry.argument(description="The request.")],
        state: Annotated[IntroState, strawberry.argument(description="The new state.")],
        note: Note = None,
        at: At = None,
    ) -> IntroRequestPayload:
        viewer = caller_partner_id(info)
        workspace = info.context.workspace if viewer is not None else require_write(info)
        written = await graph_requests.change_intro_state(
            info.context.graph,
            workspace,
            info.context.principal,
            str(request_id),
            state,
            key,
            at,
            note,
        )
        return IntroRequestPayload.of(written, viewer)
