"""Liveness and readiness for load balancers and orchestrators."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from graph.core.client import GraphClient
from graph.core.errors import GraphError
from graph.core.migrations import apply_migrations, pending_migrations


async def healthz(_request: Request) -> JSONResponse:
    """The process is alive; says nothing about Neo4j."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """200 when Neo4j answers and every migration is applied, else 503 with the reason.

    Pending migrations are applied here first (they are idempotent), so a replica that started
    while Neo4j was down becomes ready by itself once it is back.
    """
    graph: GraphClient = request.app.state.graph
    try:
        await graph.ping()
        if await pending_migrations(graph):
            await apply_migrations(graph)
        pending = [m.id for m in await pending_migrations(graph)]
    except GraphError as error:
        return JSONResponse({"status": "unavailable", "reason": error.message}, status_code=503)
    if pending:
        reason = f"migrations not applied: {', '.join(pending)}"
        return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
    return JSONResponse({"status": "ready"})
