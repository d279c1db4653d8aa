"""An account's signal state on a day, computed from the graph with the reach package's own
answers (the risk model for flags, champions and economic buyers; the warmest-path search for the
route), and the events that separate two states.

"On the day" is the temporal rule of ``graph.core.temporal`` throughout: the risk model and the
path search judge employment and roles with ``$day``; the people who left are asked here with the
same fragments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import fetch_values
from graph.core.model import HumanKind
from graph.core.temporal import employed_on
from graph.reach.describe import build_path, describe_nodes
from graph.reach.paths import load_people, load_sellers
from graph.reach.risk.assessment import assess
from graph.reach.risk.model import RiskSettings
from graph.reach.search import warmest_walk
from graph.reach.walks import Neighbourhoods, WalkRules, walk_together
from graph.signals.model import (
    AccountSignalState,
    SignalDraft,
    SignalPerson,
    SignalType,
)

# Partners whose shared records match each account by the matching rules of
# graph.partners.matching: a record with a domain by domain, one without by name key, and only
# when that record has exactly one candidate account.
_PARTNERS: LiteralString = """
UNWIND $accountIds AS accountId
MATCH (a:Account {workspace: $workspace, id: accountId})
RETURN a.id AS accountId, COLLECT {
  CALL (a) {
    MATCH (pa:PartnerAccount {workspace: $workspace, domain: a.domain})
    WHERE COUNT { MATCH (:Account {workspace: $workspace, domain: pa.domain}) } = 1
    RETURN pa
    UNION
    MATCH (pa:PartnerAccount {workspace: $workspace, nameKey: a.nameKey})
    WHERE pa.domain IS NULL
      AND COUNT { MATCH (:Account {workspace: $workspace, nameKey: pa.nameKey}) } = 1
    RETURN pa
  }
  MATCH (partner:Partner {workspace: $workspace, id: pa.partnerId})
  WITH DISTINCT partner
  RETURN [partner.id, partner.name] ORDER BY partner.id
} AS partners
"""

# Where each person works on the day (the account they left excluded), for "left" sentences.
_WHERE_NOW: LiteralString = (
    """
UNWIND $people AS pair
MATCH (p:Person {workspace: $workspace, id: pair[0]})
RETURN p.id AS personId,
  EXISTS { MATCH (p)-[e:EMPLOYED_AT]->(:Account {workspace: $workspace, id: pair[1]})
           WHERE """
    + employed_on("e")
    + """ } AS stillThere,
  COLLECT { MATCH (p)-[e:EMPLOYED_AT]->(o) WHERE o.workspace = $workspace AND o.id <> pair[1]
            AND """
    + employed_on("e")
    + """ RETURN o.name ORDER BY e.startDate DESC, o.id LIMIT 1 } AS nowAt
"""
)


async def compute_states(
    tx: AsyncManagedTransaction,
    workspace: str,
    account_ids: Sequence[str],
    day: date,
    max_hops: int,
) -> dict[str, AccountSignalState]:
    """Each known account's signal state on ``day`` (unknown ids are absent), in the caller's
    transaction: risk flags, champions and economic buyers from the risk model (with
    ``max_hops`` as its bound), the warmest route to an economic buyer within ``max_hops``, and
    the partners that share the account."""
    risks = await assess(tx, workspace, account_ids, day, RiskSettings(max_hops=max_hops), False)
    if not risks:
        return {}
    rows = await fetch_values(tx, _PARTNERS, {"workspace": workspace, "accountIds": list(risks)})
    partners = {str(r["accountId"]): {str(i): n for i, n in r["partners"]} for r in rows}
    buyers = {a: [s.id for s in r.economic_buyers] for a, r in risks.items()}
    nodes = await load_people(tx, workspace, sorted({p for ids in buyers.values() for p in ids}))
    node_of = {person: node for node, person in nodes.items()}
    sellers = await load_sellers(tx, workspace, None)
    searched = [a for a in risks if buyers[a] and sellers]
    hoods = Neighbourhoods(tx, workspace, WalkRules(day=day))
    found = await walk_together(
        hoods,
        [
            warmest_walk(
                hoods, [node_of[p] for p in buyers[a] if p in node_of], sellers, max_hops, 1
            )
            for a in searched
        ],
    )
    on_paths = {n for paths in found for path in paths for n in path.nodes}
    described = await describe_nodes(tx, workspace, on_paths, day) if on_paths else {}
    routes: dict[str, tuple[tuple[SignalPerson, ...], float]] = {}
    for account_id, paths in zip(searched, found, strict=True):
        if paths:
            path = build_path(paths[0], described)
            people = [
                SignalPerson(path.hops[0].source.id, path.hops[0].source.name, HumanKind.SELLER)
            ]
            people += [SignalPerson(h.target.id, h.target.name, h.target.kind) for h in path.hops]
            routes[account_id] = (tuple(people), path.warmth)
    states = {}
    for account_id, risk in risks.items():
        route = routes.get(account_id)
        states[account_id] = AccountSignalState(
            name=risk.account_name,
            champions={s.id: s.name for s in risk.champions},
            economic_buyers={s.id: s.name for s in risk.economic_buyers},
            route=None if route is None else route[0],
            route_warmth=None if route is None else round(route[1], 6),
            partners=partners.get(account_id, {}),
            flags={
                f.flag.value: (
                    f.detail,
                    tuple(SignalPerson(s.id, s.name, s.kind) for s in f.people),
                )
                for f in risk.flags
            },
        )
    return states


@dataclass(frozen=True)
class _Whereabouts:
    still_there: bool
    now_at: str | None


async def _whereabouts(
    tx: AsyncManagedTransaction, workspace: str, pairs: Sequence[tuple[str, str]], day: date
) -> dict[tuple[str, str], _Whereabouts]:
    if not pairs:
        return {}
    rows = await fetch_values(
        tx, _WHERE_NOW, {"workspace": workspace, "people": [list(p) for p in pairs], "day": day}
    )
    # The rows come back in the order of ``pairs`` (one per person that still exists).
    found: dict[str, Any] = {str(r["personId"]): r for r in rows}
    answer = {}
    for person, account in pairs:
        row = found.get(person)
        answer[(person, account)] = _Whereabouts(
            still_there=bool(row and row["stillThere"]),
            now_at=(row["nowAt"][0] if row and row["nowAt"] else None),
        )
    return answer


def _names(people: Sequence[SignalPerson]) -> str:
    return " -> ".join(p.name or p.id for p in people)


def _left(
    kind: SignalType,
    what: str,
    account_id: str,
    state: AccountSignalState,
    person_id: str,
    name: str | None,
    where: _Whereabouts,
    day: date,
) -> SignalDraft:
    account = state.name or account_id
    now = f" and now works at {where.now_at}" if where.now_at else ""
    return SignalDraft(
        kind,
        account_id,
        state.name,
        f"{name or person_id}, {what} at {account}, left{now}.",
        (SignalPerson(person_id, name),),
        day,
        {"nowAt": where.now_at},
    )


async def diff_states(
    tx: AsyncManagedTransaction,
    workspace: str,
    account_id: str,
    before: AccountSignalState,
    after: AccountSignalState,
    day: date,
    max_hops: int,
) -> list[SignalDraft]:
    """The events that lead from ``before`` to ``after`` (in a fixed order: departures, route,
    partners, flags). A champion or economic buyer who is no longer one is an event only when
    they left the account on the day (a role that merely ended shows as a risk flag)."""
    gone = [(p, account_id) for p in before.champions if p not in after.champions]
    gone += [(p, account_id) for p in before.economic_buyers if p not in after.economic_buyers]
    where = await _whereabouts(tx, workspace, sorted(set(gone)), day)
    drafts: list[SignalDraft] = []
    for kind, what, old, new in (
        (SignalType.CHAMPION_LEFT, "a champion", before.champions, after.champions),
        (
            SignalType.ECONOMIC_BUYER_LEFT,
            "the economic buyer",
            before.economic_buyers,
            after.economic_buyers,
        ),
    ):
        for person_id in sorted(old):
            if person_id in new or where[(person_id, account_id)].still_there:
                continue
            drafts.append(
                _left(
                    kind,
                    what,
                    account_id,
                    after,
                    person_id,
                    old[person_id],
                    where[(person_id, account_id)],
                    day,
                )
            )
    account = after.name or account_id
    if before.route is not None and after.route is None:
        drafts.append(
            SignalDraft(
                SignalType.ROUTE_TO_ECONOMIC_BUYER_LOST,
                account_id,
                after.name,
                f"{account} has no warm route to its economic buyer within {max_hops} hops any "
                f"more; the last one ran {_names(before.route)}.",
                before.route,
                day,
                {"maxHops": max_hops, "lastWarmth": before.route_warmth},
            )
        )
    if before.route is None and after.route is not None:
        drafts.append(
            SignalDraft(
                SignalType.NEW_WARM_ROUTE,
                account_id,
                after.name,
                f"A warm route to {account}'s economic buyer opened: {_names(after.route)} "
                f"(warmth {after.route_warmth:.2f}).",
                after.route,
                day,
                {"maxHops": max_hops, "warmth": after.route_warmth},
            )
        )
    for partner_id in sorted(set(after.partners) - set(before.partners)):
        name = after.partners[partner_id] or partner_id
        drafts.append(
            SignalDraft(
                SignalType.NEW_PARTNER_OVERLAP,
                account_id,
                after.name,
                f"{name} now shares {account} with us.",
                (),
                day,
                {"partnerId": partner_id, "partnerName": after.partners[partner_id]},
            )
        )
    for flag in sorted(set(after.flags) - set(before.flags)):
        drafts.append(
            SignalDraft(
                SignalType.RISK_FLAG_RAISED,
                account_id,
                after.name,
                f"{account} raised {flag}: {after.flags[flag][0]}",
                after.flags[flag][1],
                day,
                {"flag": flag},
            )
        )
    for flag in sorted(set(before.flags) - set(after.flags)):
        drafts.append(
            SignalDraft(
                SignalType.RISK_FLAG_CLEARED,
                account_id,
                after.name,
                f"{account} cleared {flag} (it was: {before.flags[flag][0]})",
                before.flags[flag][1],
                day,
                {"flag": flag},
            )
        )
    return drafts


def changed(before: AccountSignalState | None, after: AccountSignalState) -> bool:
    """True when the stored state must be rewritten."""
    return before is None or before.to_json() != after.to_json()


def states_by_id(rows: Sequence[Mapping[str, Any]]) -> dict[str, AccountSignalState]:
    """Stored states (rows of accountId and state JSON) by account id."""
    return {str(r["accountId"]): AccountSignalState.from_json(str(r["state"])) for r in rows}
