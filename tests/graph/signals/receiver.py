"""A real webhook receiver on loopback (Starlette served by uvicorn in the test's event loop):
it checks each request's signature, records what came, and answers as the test's script says.
Its *effect* (what a real receiver would do with an event) is applied once per event id."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from graph.signals.signing import EVENT_ID_HEADER, SIGNATURE_HEADER, verify_signature

Script = Callable[[int, dict[str, Any]], Awaitable[int]]
"""(call number from 0, the decoded body) -> the status to answer."""


async def always_ok(_call: int, _body: dict[str, Any]) -> int:
    """Answer 200."""
    return 200


@dataclass
class Received:
    """One request as it arrived."""

    event_id: str
    body: dict[str, Any]
    signed: bool
    at: float


@dataclass
class Receiver:
    """The recorded requests and the effects applied (one per event id)."""

    secret: str
    script: Script = always_ok
    url: str = ""
    received: list[Received] = field(default_factory=list)
    effects: dict[str, dict[str, Any]] = field(default_factory=dict)
    answered: list[tuple[str, int]] = field(default_factory=list)

    async def handle(self, request: Request) -> Response:
        raw = await request.body()
        body = json.loads(raw)
        signed = verify_signature(
            self.secret, request.headers.get(SIGNATURE_HEADER, ""), raw, int(time.time())
        )
        event_id = request.headers.get(EVENT_ID_HEADER, "")
        self.received.append(Received(event_id, body, signed, time.perf_counter()))
        status = await self.script(len(self.received) - 1, body)
        if 200 <= status < 300 and signed:
            # The receiver's side of "at least once": an event id seen before changes nothing.
            self.effects.setdefault(event_id, body)
            self.answered.append((event_id, status))
        return Response(status_code=status if signed else 400)

    def delivered_seqs(self) -> list[int]:
        """Sequence numbers of the events answered 2xx, in the order they were answered."""
        return [self.effects[e]["seq"] for e, _ in self.answered]


@asynccontextmanager
async def serve(receiver: Receiver) -> AsyncIterator[Receiver]:
    """Run the receiver on a free loopback port for the block's duration."""
    app = Starlette(routes=[Route("/hook", receiver.handle, methods=["POST"])])
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="error", lifespan="off")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers a flag, not an event
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    receiver.url = f"http://127.0.0.1:{port}/hook"
    try:
        yield receiver
    finally:
        server.should_exit = True
        await task
