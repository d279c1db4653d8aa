"""The change scan: evaluate each dirty account, compare with its stored signal state, store the
events in the outbox, the new state, and clear the mark, all in one write transaction.

An account evaluated for the first time (no stored state) records its baseline and emits
nothing: an import of a thousand accounts is not a thousand "risk flag raised" events. The
daily sweep marks every account of a workspace once per day, because some signals change with
the day alone (an engagement going stale, a departure leaving the lookback window); it also
gives every account its baseline.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all, fetch_values
from graph.reach.paths import check_hops
from graph.signals.marks import mark_all_accounts, spread_workspace_mark
from graph.signals.model import DEFAULT_SIGNAL_MAX_HOPS, AccountSignalState, SignalDraft
from graph.signals.outbox import record_events
from graph.signals.state import changed, compute_states, diff_states, states_by_id

DEFAULT_SCAN_BATCH = 25
"""Accounts evaluated per transaction."""

# Taking each mark's write lock (dirty = false) before anything is read: see graph.signals.marks.
_CLAIM_MARKS: LiteralString = """
MATCH (m:SignalMark {workspace: $workspace})
WHERE m.dirty
WITH m ORDER BY m.accountId LIMIT $limit
SET m.dirty = false
RETURN m.accountId AS accountId
"""

_HOP_BOUND: LiteralString = """
OPTIONAL MATCH (w:Workspace {id: $workspace})
RETURN w.signalMaxHops AS maxHops
"""

_STORED: LiteralString = """
UNWIND $accountIds AS accountId
MATCH (s:SignalState {workspace: $workspace, accountId: accountId})
RETURN s.accountId AS accountId, s.state AS state
"""

_STORE: LiteralString = """
UNWIND $states AS row
MERGE (s:SignalState {workspace: $workspace, accountId: row.accountId})
SET s.state = row.state, s.day = $day, s.updatedAt = datetime()
"""

_DROP: LiteralString = """
UNWIND $accountIds AS accountId
MATCH (s:SignalState {workspace: $workspace, accountId: accountId})
DELETE s
"""


@dataclass(frozen=True)
class ScanResult:
    """What one scan transaction did."""

    evaluated: int
    event_ids: tuple[str, ...]


async def hop_bound(tx: AsyncManagedTransaction, workspace: str) -> int:
    """The workspace's warm-route hop bound (``DEFAULT_SIGNAL_MAX_HOPS`` unless set)."""
    rows = await fetch_values(tx, _HOP_BOUND, {"workspace": workspace})
    value = rows[0]["maxHops"] if rows else None
    return DEFAULT_SIGNAL_MAX_HOPS if value is None else int(value)


async def scan_workspace(
    client: GraphClient, workspace: str, day: date, limit: int = DEFAULT_SCAN_BATCH
) -> ScanResult:
    """Evaluate up to ``limit`` dirty accounts of the workspace on ``day`` in one write
    transaction (see the module doc); safe to run from several workers at once."""

    async def spread(tx: AsyncManagedTransaction) -> int:
        return await spread_workspace_mark(tx, workspace)

    await client.write(spread)

    async def work(tx: AsyncManagedTransaction) -> ScanResult:
        claimed = await fetch_values(tx, _CLAIM_MARKS, {"workspace": workspace, "limit": limit})
        account_ids = [str(r["accountId"]) for r in claimed]
        if not account_ids:
            return ScanResult(0, ())
        max_hops = await hop_bound(tx, workspace)
        stored = states_by_id(
            await fetch_all(tx, _STORED, {"workspace": workspace, "accountIds": account_ids})
        )
        current = await compute_states(tx, workspace, account_ids, day, max_hops)
        drafts: list[SignalDraft] = []
        to_store: list[dict[str, Any]] = []
        for account_id in account_ids:
            after = current.get(account_id)
            if after is None:
                continue
            before: AccountSignalState | None = stored.get(account_id)
            if before is not None:
                drafts += await diff_states(tx, workspace, account_id, before, after, day, max_hops)
            if changed(before, after):
                to_store.append({"accountId": account_id, "state": after.to_json()})
        event_ids = await record_events(tx, workspace, drafts)
        if to_store:
            params = {"workspace": workspace, "states": to_store, "day": day}
            await (await tx.run(_STORE, params)).consume()
        gone = [a for a in account_ids if a not in current]
        if gone:
            await (await tx.run(_DROP, {"workspace": workspace, "accountIds": gone})).consume()
        return ScanResult(len(account_ids), tuple(event_ids))

    return await client.write(work)


async def scan_until_clean(
    client: GraphClient, workspace: str, day: date, limit: int = DEFAULT_SCAN_BATCH
) -> list[str]:
    """Scan the workspace batch after batch until no mark is dirty; the event ids found."""
    found: list[str] = []
    while True:
        result = await scan_workspace(client, workspace, day, limit)
        found += result.event_ids
        if result.evaluated == 0:
            return found


_DIRTY_WORKSPACES: LiteralString = """
CALL () {
  MATCH (m:SignalMark)
  WHERE m.dirty AND ($workspaces IS NULL OR m.workspace IN $workspaces)
  RETURN DISTINCT m.workspace AS workspace
  UNION
  MATCH (l:SignalLedger)
  WHERE l.allDirty AND ($workspaces IS NULL OR l.workspace IN $workspaces)
  RETURN l.workspace AS workspace
}
RETURN workspace
LIMIT $limit
"""


async def dirty_workspaces(
    client: GraphClient, workspaces: Collection[str] | None = None, limit: int = 100
) -> list[str]:
    """Workspaces with at least one dirty mark (only among ``workspaces`` when given)."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_values(
            tx,
            _DIRTY_WORKSPACES,
            {"workspaces": None if workspaces is None else sorted(workspaces), "limit": limit},
        )

    return [str(r["workspace"]) for r in await client.read(work)]


_DUE_FOR_SWEEP: LiteralString = """
MATCH (w:Workspace)
WHERE ($workspaces IS NULL OR w.id IN $workspaces)
  AND NOT EXISTS { MATCH (l:SignalLedger {workspace: w.id}) WHERE l.sweptOn >= $day }
RETURN w.id AS workspace
LIMIT $limit
"""

_SWEPT: LiteralString = """
MERGE (l:SignalLedger {workspace: $workspace})
SET l.lock = true
WITH l
WITH l, coalesce(l.sweptOn < $day, true) AS due
SET l.sweptOn = CASE WHEN due THEN $day ELSE l.sweptOn END
REMOVE l.lock
RETURN due
"""


async def sweep_day(
    client: GraphClient, day: date, workspaces: Collection[str] | None = None, limit: int = 20
) -> list[str]:
    """Mark every account of each workspace not yet swept on ``day`` (among ``workspaces``
    when given); each workspace once per day, whichever worker gets there first."""

    async def due(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_values(
            tx,
            _DUE_FOR_SWEEP,
            {
                "workspaces": None if workspaces is None else sorted(workspaces),
                "day": day,
                "limit": limit,
            },
        )

    swept = []
    for row in await client.read(due):
        workspace = str(row["workspace"])

        async def mark(tx: AsyncManagedTransaction, workspace: str = workspace) -> bool:
            rows = await fetch_values(tx, _SWEPT, {"workspace": workspace, "day": day})
            if not rows[0]["due"]:
                return False
            await mark_all_accounts(tx, workspace)
            return True

        if await client.write(mark):
            swept.append(workspace)
    return swept


_SET_HOPS: LiteralString = """
MERGE (w:Workspace {id: $workspace})
  ON CREATE SET w.name = $workspace, w.createdAt = datetime()
SET w.signalMaxHops = $maxHops
"""


async def set_signal_max_hops(client: GraphClient, workspace: str, max_hops: int) -> int:
    """Set the workspace's warm-route hop bound (1..6) and mark every account for evaluation
    (its routes are judged by the new bound from the next scan on)."""
    check_hops(max_hops, "maxHops")

    async def work(tx: AsyncManagedTransaction) -> int:
        params = {"workspace": workspace, "maxHops": max_hops}
        await (await tx.run(_SET_HOPS, params)).consume()
        return await mark_all_accounts(tx, workspace)

    await client.write(work)
    return max_hops
