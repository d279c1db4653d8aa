"""Dirty marks: every write path marks the accounts its change may touch, in its own write
transaction, so the change scan (``graph.signals.scan``) cannot miss a change.

A mark is one ``(:SignalMark {workspace, accountId, dirty})`` node per account. Marking errs on
the side of too many accounts (a spurious mark costs one evaluation that finds nothing new):

- an account id named by the change;
- every account where a named person, or anyone within ``MARK_RADIUS`` hops of a named person
  or seller along KNOWS, REPORTS_TO or INFLUENCES (through people: searches stop at sellers),
  is or was employed (whatever the day: a warm route of
  at most 3 hops to an account's economic buyer through a changed relationship ends within two
  hops of either end of it; the risk flags' walks are no longer);
- every account a named partner's (or partner record's) shared records may match, by domain or
  name key.

A change naming more than ``MARK_ALL_ABOVE`` ids, or any change in a workspace whose hop bound
for warm routes is above 3 (the rings would not reach far enough), sets ``allDirty`` on the workspace's
``SignalLedger`` instead; the next scan turns it into a mark on every account (under the
ledger's lock, in its own transaction), so the rule below holds for it too.

Why marks cannot be lost to a scan running beside a write: the scan takes the write lock of each
mark it evaluates (``SET m.dirty = false``) before reading the graph, and keeps it until it
commits. A writer that committed before that read is seen by it; a writer still running must
take the same lock to mark, so it waits and marks the account dirty again after the scan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

MARK_RADIUS = 2
"""Hops around a changed person or seller whose employers are marked (see the module doc)."""

MARK_ALL_ABOVE = 300
"""A change naming more ids than this (a bulk import's batch) marks the whole workspace with one
flag on its ledger instead: its neighbourhoods would cover most of the graph anyway, and walking
them in every batch would cost more than the import itself."""

_ID_KEYS = (
    "id",
    "personId",
    "managerId",
    "accountId",
    "organizationId",
    "fromId",
    "toId",
    "partnerId",
)

# One statement: the accounts a set of ids may touch, marked dirty. Each start is an index seek
# (workspace + id); the rings around the changed people and sellers are taken distinct, hop by
# hop, so a batch's overlapping neighbourhoods are walked once.
_MARK: LiteralString = """
CALL () {
  UNWIND $ids AS touched
  MATCH (a:Account {workspace: $workspace, id: touched})
  RETURN collect(a.id) AS named
}
CALL () {
  UNWIND $ids AS touched
  MATCH (h:Person {workspace: $workspace, id: touched})
  RETURN collect(h) AS people
}
CALL () {
  UNWIND $ids AS touched
  MATCH (h:Seller {workspace: $workspace, id: touched})
  RETURN collect(h) AS sellers
}
CALL (people, sellers) {
  UNWIND people + sellers AS h
  MATCH (h)-[:KNOWS|REPORTS_TO|INFLUENCES]-(n:Person)
  RETURN collect(DISTINCT n) AS ring1
}
CALL (ring1) {
  UNWIND ring1 AS h
  MATCH (h)-[:KNOWS|REPORTS_TO|INFLUENCES]-(n:Person)
  RETURN collect(DISTINCT n) AS ring2
}
CALL (people, ring1, ring2) {
  UNWIND people + ring1 + ring2 AS p
  MATCH (p)-[:EMPLOYED_AT]->(a:Account)
  RETURN collect(DISTINCT a.id) AS employers
}
CALL () {
  UNWIND $ids AS touched
  CALL (touched) {
    MATCH (pa:PartnerAccount {workspace: $workspace, partnerId: touched}) RETURN pa
    UNION
    MATCH (pa:PartnerAccount {workspace: $workspace, id: touched}) RETURN pa
  }
  WITH DISTINCT pa
  CALL (pa) {
    MATCH (a:Account {workspace: $workspace, domain: pa.domain}) RETURN a
    UNION
    MATCH (a:Account {workspace: $workspace, nameKey: pa.nameKey}) RETURN a
  }
  RETURN collect(DISTINCT a.id) AS shared
}
UNWIND named + employers + shared AS accountId
WITH DISTINCT accountId
ORDER BY accountId
MERGE (m:SignalMark {workspace: $workspace, accountId: accountId})
SET m.dirty = true
RETURN count(m) AS marked
"""


_LONG_ROUTES: LiteralString = """
OPTIONAL MATCH (w:Workspace {id: $workspace})
RETURN coalesce(w.signalMaxHops, 0) > $radius + 1 AS long
"""


async def _long_routes(tx: AsyncManagedTransaction, workspace: str) -> bool:
    """True when the workspace's warm routes may be longer than MARK_RADIUS + 1 hops: the rings
    would not cover them, so the whole workspace is marked."""
    result = await tx.run(_LONG_ROUTES, {"workspace": workspace, "radius": MARK_RADIUS})
    record = await result.single()
    return bool(record and record["long"])


_MARK_WORKSPACE: LiteralString = """
MERGE (l:SignalLedger {workspace: $workspace})
SET l.allDirty = true
"""

_TAKE_WORKSPACE_MARK: LiteralString = """
MATCH (l:SignalLedger {workspace: $workspace})
WHERE l.allDirty
SET l.lock = true
WITH l
WHERE l.allDirty
SET l.allDirty = false
REMOVE l.lock
RETURN count(l) AS taken
"""


async def spread_workspace_mark(tx: AsyncManagedTransaction, workspace: str) -> int:
    """Turn a whole-workspace mark into a mark on every account (the scan's first step); how
    many accounts were marked (0 when there was no such mark)."""
    result = await tx.run(_TAKE_WORKSPACE_MARK, {"workspace": workspace})
    record = await result.single()
    if record is None or not record["taken"]:
        return 0
    return await mark_all_accounts(tx, workspace)


def touched_ids(records: Iterable[Mapping[str, Any]]) -> set[str]:
    """Every id a batch of import records names (accounts, people, sellers, partners, the ends
    of relationships and reporting lines, a deal's people), whatever its kind."""
    ids: set[str] = set()
    for record in records:
        for key in _ID_KEYS:
            value = record.get(key)
            if isinstance(value, str) and value:
                ids.add(value)
        people = record.get("personIds")
        if isinstance(people, list):
            ids.update(str(p) for p in people)
    return ids


async def mark_touched(tx: AsyncManagedTransaction, workspace: str, ids: Iterable[str]) -> int:
    """Mark dirty, in the caller's write transaction, every account the named ids may touch
    (see the module doc); returns how many accounts were marked (-1: the whole workspace). Run it after the change itself
    (a new relationship is then walked) and, for a delete, before it as well (the deleted node's
    neighbourhood is gone afterwards)."""
    wanted = sorted(set(ids))
    if not wanted:
        return 0
    if len(wanted) > MARK_ALL_ABOVE or await _long_routes(tx, workspace):
        await (await tx.run(_MARK_WORKSPACE, {"workspace": workspace})).consume()
        return -1
    result = await tx.run(_MARK, {"workspace": workspace, "ids": wanted})
    record = await result.single()
    return 0 if record is None else int(record["marked"])


_MARK_ALL: LiteralString = """
MATCH (a:Account {workspace: $workspace})
WITH a.id AS accountId ORDER BY accountId
MERGE (m:SignalMark {workspace: $workspace, accountId: accountId})
SET m.dirty = true
RETURN count(m) AS marked
"""


async def mark_all_accounts(tx: AsyncManagedTransaction, workspace: str) -> int:
    """Mark every account of the workspace (the daily sweep: signals that depend on the day,
    such as an engagement going stale, change without a write)."""
    result = await tx.run(_MARK_ALL, {"workspace": workspace})
    record = await result.single()
    return 0 if record is None else int(record["marked"])


_FORGET: LiteralString = """
OPTIONAL MATCH (m:SignalMark {workspace: $workspace, accountId: $accountId})
OPTIONAL MATCH (s:SignalState {workspace: $workspace, accountId: $accountId})
DELETE m, s
"""


async def forget_account(tx: AsyncManagedTransaction, workspace: str, account_id: str) -> None:
    """Drop a deleted account's mark and stored state (its events stay in the outbox: they are
    history, and their deliveries are under way)."""
    params = {"workspace": workspace, "accountId": account_id}
    await (await tx.run(_FORGET, params)).consume()
