"""Plain-Python checks and lookups over an import bundle (no graph, no importer).

``integrity_problems`` reads a bundle the way docs/IMPORT_FORMAT.md describes it and lists every
broken rule: unknown references (ids must appear in an earlier section), enum values, date order,
strengths, employments that do not cover a reporting line or a role. The lookups below it are
what the story tests ask of the demo bundle.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from graph.core.model import (
    AccountStatus,
    BuyingRole,
    OpportunityState,
    PartnerAccountStatus,
    SellerRole,
    Seniority,
    SharingLevel,
    Stance,
)
from graph.reach.engagement import DEFAULT_MIN_STRENGTH, DEFAULT_STALE_AFTER_DAYS
from graph.reach.walks import DEFAULT_REPORTS_TO_STRENGTH

Row = dict[str, Any]
Bundle = dict[str, list[Row]]

_UPPER_SNAKE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _covers(job: Row, start: date | None, end: date | None) -> bool:
    """Whether an employment spans [start, end) (open ends are open)."""
    job_start, job_end = _day(job.get("startDate")), _day(job.get("endDate"))
    if job_start and (start is None or start < job_start):
        return False
    return not (job_end and (end is None or end > job_end))


def integrity_problems(bundle: Bundle) -> list[str]:
    """Every rule of the format the bundle breaks, as readable lines (empty when sound)."""
    problems: list[str] = []

    def bad(section: str, index: int, why: str) -> None:
        problems.append(f"{section}[{index}]: {why}")

    sellers = {r["id"] for r in bundle.get("sellers", [])}
    for i, r in enumerate(bundle.get("sellers", [])):
        if r.get("role", "REP") not in set(SellerRole):
            bad("sellers", i, f"role {r.get('role')}")
    accounts: set[str] = set()
    for i, r in enumerate(bundle.get("accounts", [])):
        accounts.add(r["id"])
        if r.get("status", "TARGET") not in set(AccountStatus):
            bad("accounts", i, f"status {r.get('status')}")
        if r.get("ownerSellerId") and r["ownerSellerId"] not in sellers:
            bad("accounts", i, f"owner {r['ownerSellerId']} unknown")
        if r.get("employees", 0) < 0 or r.get("annualRevenue", 0) < 0:
            bad("accounts", i, "negative size")
    partners: dict[str, str] = {}
    for i, r in enumerate(bundle.get("partners", [])):
        partners[r["id"]] = r.get("sharingLevel", "ACCOUNTS")
        if partners[r["id"]] not in set(SharingLevel):
            bad("partners", i, f"sharing level {partners[r['id']]}")
    shared: set[tuple[str, str]] = set()
    for i, r in enumerate(bundle.get("partnerAccounts", [])):
        if r["partnerId"] not in partners:
            bad("partnerAccounts", i, f"partner {r['partnerId']} unknown")
        if (r["partnerId"], r["externalId"]) in shared:
            bad("partnerAccounts", i, "duplicate external id")
        shared.add((r["partnerId"], r["externalId"]))
        if r["status"] not in set(PartnerAccountStatus):
            bad("partnerAccounts", i, f"status {r['status']}")
    people: set[str] = set()
    for i, r in enumerate(bundle.get("people", [])):
        if r["id"] in people:
            bad("people", i, "duplicate id")
        people.add(r["id"])
        if r.get("seniority", "UNKNOWN") not in set(Seniority):
            bad("people", i, f"seniority {r.get('seniority')}")
    jobs: dict[str, list[Row]] = defaultdict(list)
    for i, r in enumerate(bundle.get("employments", [])):
        kind = r.get("organizationKind", "ACCOUNT")
        orgs = accounts if kind == "ACCOUNT" else set(partners)
        if r["personId"] not in people:
            bad("employments", i, f"person {r['personId']} unknown")
        if r["organizationId"] not in orgs:
            bad("employments", i, f"{kind} {r['organizationId']} unknown")
        start, end = _day(r.get("startDate")), _day(r.get("endDate"))
        if start and end and end < start:
            bad("employments", i, "ends before it starts")
        jobs[r["personId"]].append(r)
    for person, rows in jobs.items():
        if sum(1 for r in rows if not r.get("endDate")) > 1:
            problems.append(f"{person}: more than one current employment")
    for i, r in enumerate(bundle.get("reportingLines", [])):
        person, manager = r["personId"], r["managerId"]
        if person not in people or manager not in people:
            bad("reportingLines", i, "unknown person or manager")
            continue
        if person == manager:
            bad("reportingLines", i, "reports to themself")
        start, end = _day(r.get("fromDate")), _day(r.get("toDate"))
        if start and end and end < start:
            bad("reportingLines", i, "ends before it starts")
        if "strength" in r and not 0 < r["strength"] <= 1:
            bad("reportingLines", i, f"strength {r['strength']}")
        shared_orgs = {j["organizationId"] for j in jobs[person] if _covers(j, start, end)} & {
            j["organizationId"] for j in jobs[manager] if _covers(j, start, end)
        }
        if not shared_orgs:
            bad("reportingLines", i, "no organization employs both over the line's dates")
    opportunities: dict[str, str] = {}
    for i, r in enumerate(bundle.get("opportunities", [])):
        opportunities[r["id"]] = r["accountId"]
        if r["accountId"] not in accounts:
            bad("opportunities", i, f"account {r['accountId']} unknown")
        if r.get("ownerSellerId") and r["ownerSellerId"] not in sellers:
            bad("opportunities", i, f"owner {r['ownerSellerId']} unknown")
        if r.get("state", "OPEN") not in set(OpportunityState):
            bad("opportunities", i, f"state {r.get('state')}")
        if "currency" in r and not re.fullmatch(r"[A-Z]{3}", r["currency"]):
            bad("opportunities", i, f"currency {r['currency']}")
        _day(r.get("closeDate"))
        for person in r.get("personIds", []):
            if person not in people:
                bad("opportunities", i, f"person {person} unknown")
    for i, r in enumerate(bundle.get("buyingRoles", [])):
        person, account = r["personId"], r["accountId"]
        if person not in people or account not in accounts:
            bad("buyingRoles", i, "unknown person or account")
            continue
        role = r["role"]
        if role not in set(BuyingRole) and not _UPPER_SNAKE.match(role):
            bad("buyingRoles", i, f"role {role}")
        if r.get("stance", "NEUTRAL") not in set(Stance):
            bad("buyingRoles", i, f"stance {r.get('stance')}")
        if r.get("opportunityId") and opportunities.get(r["opportunityId"]) != account:
            bad("buyingRoles", i, f"opportunity {r['opportunityId']} is not this account's")
        start, end = _day(r.get("fromDate")), _day(r.get("toDate"))
        if start and end and end < start:
            bad("buyingRoles", i, "ends before it starts")
        if not any(j["organizationId"] == account and _covers(j, start, end) for j in jobs[person]):
            bad("buyingRoles", i, "the holder is not employed at the account over those dates")
    knows: set[frozenset[str]] = set()
    influences: set[tuple[str, str]] = set()
    for i, r in enumerate(bundle.get("relationships", [])):
        ends = []
        for side in ("from", "to"):
            kind, ref = r.get(f"{side}Kind", "PERSON"), r[f"{side}Id"]
            if ref not in (people if kind == "PERSON" else sellers):
                bad("relationships", i, f"{side} {kind} {ref} unknown")
            ends.append((kind, ref))
        if ends[0] == ends[1]:
            bad("relationships", i, "a relationship with oneself")
        if not 0 < r["strength"] <= 1:
            bad("relationships", i, f"strength {r['strength']}")
        if "lastInteractionAt" in r:
            moment = datetime.fromisoformat(r["lastInteractionAt"])
            if moment.tzinfo is None:
                bad("relationships", i, "timestamp without a zone")
        if r["kind"] == "KNOWS":
            pair = frozenset(f"{k}:{ref}" for k, ref in ends)
            if pair in knows:
                bad("relationships", i, "the pair already knows each other")
            knows.add(pair)
        elif r["kind"] == "INFLUENCES":
            if any(kind != "PERSON" for kind, _ in ends):
                bad("relationships", i, "INFLUENCES joins two people")
            if (ends[0][1], ends[1][1]) in influences:
                bad("relationships", i, "duplicate influence")
            influences.add((ends[0][1], ends[1][1]))
        else:
            bad("relationships", i, f"kind {r['kind']}")
    context_ids: set[str] = set()
    for i, r in enumerate(bundle.get("contextItems", [])):
        if r["accountId"] not in accounts:
            bad("contextItems", i, f"account {r['accountId']} unknown")
        if r["id"] in context_ids:
            bad("contextItems", i, "duplicate id")
        context_ids.add(r["id"])
    for i, r in enumerate(bundle.get("painPoints", [])):
        owners = [key for key in ("accountId", "personId") if r.get(key)]
        if len(owners) != 1:
            bad("painPoints", i, "needs exactly one of accountId, personId")
        elif (r.get("accountId") and r["accountId"] not in accounts) or (
            r.get("personId") and r["personId"] not in people
        ):
            bad("painPoints", i, "unknown owner")
        if not 1 <= r.get("severity", 1) <= 5:
            bad("painPoints", i, f"severity {r['severity']}")
    return problems


# -- lookups the story tests use -------------------------------------------------------------


def employments_of(bundle: Bundle, person: str) -> list[Row]:
    """The person's employments, as given."""
    return [r for r in bundle["employments"] if r["personId"] == person]


def employed_on(bundle: Bundle, person: str, organization: str, on: date) -> bool:
    """Whether the person works at the organization on that day."""
    return any(
        r["organizationId"] == organization
        and _day(r.get("startDate")) is not None
        and _day(r.get("startDate")) <= on  # type: ignore[operator]
        and (not r.get("endDate") or on < date.fromisoformat(r["endDate"]))
        for r in employments_of(bundle, person)
    )


def role_holders(bundle: Bundle, account: str, role: str, on: date) -> set[str]:
    """People holding the role at the account on that day (role and employment both current)."""
    return {
        r["personId"]
        for r in bundle["buyingRoles"]
        if r["accountId"] == account
        and r["role"] == role
        and date.fromisoformat(r["fromDate"]) <= on
        and (not r.get("toDate") or on < date.fromisoformat(r["toDate"]))
        and employed_on(bundle, r["personId"], account, on)
    }


def engaged_contacts(
    bundle: Bundle,
    account: str,
    on: date,
    *,
    min_strength: float = DEFAULT_MIN_STRENGTH,
    stale_days: int = DEFAULT_STALE_AFTER_DAYS,
) -> dict[str, set[str]]:
    """Engaged contacts of an account (issue 5's definition): person -> the sellers who hold them.
    The thresholds default to the product's documented ones (``graph.reach.engagement``)."""
    engaged: dict[str, set[str]] = defaultdict(set)
    for r in bundle["relationships"]:
        if r["kind"] != "KNOWS" or r["strength"] < min_strength:
            continue
        kinds = (r.get("fromKind", "PERSON"), r.get("toKind", "PERSON"))
        if kinds == ("SELLER", "PERSON"):
            seller, person = r["fromId"], r["toId"]
        elif kinds == ("PERSON", "SELLER"):
            person, seller = r["fromId"], r["toId"]
        else:
            continue
        seen = r.get("lastInteractionAt")
        if seen and (on - datetime.fromisoformat(seen).date()).days > stale_days:
            continue
        if employed_on(bundle, person, account, on):
            engaged[person].add(seller)
    return dict(engaged)


def department_of(bundle: Bundle, person: str) -> str:
    """The department on the person's record."""
    return str(next(r.get("department", "") for r in bundle["people"] if r["id"] == person))


def partner_contacts(bundle: Bundle) -> dict[str, str]:
    """Person -> partner, for people currently employed by a partner."""
    return {
        r["personId"]: r["organizationId"]
        for r in bundle["employments"]
        if r.get("organizationKind") == "PARTNER" and not r.get("endDate")
    }


Edge = tuple[str, str, float]


def walk_edges(
    bundle: Bundle, *, reporting_strength: float = DEFAULT_REPORTS_TO_STRENGTH
) -> list[Edge]:
    """Directed edges a path may take: KNOWS and REPORTS_TO both ways, INFLUENCES forward.

    Nodes are ``SELLER:<id>`` or ``PERSON:<id>``; a reporting line without a strength counts as
    ``reporting_strength``: by default the product's documented default
    (``graph.reach.walks.DEFAULT_REPORTS_TO_STRENGTH``), a parameter and not logic, taken from
    its one place so the two cannot drift apart.
    """
    edges: list[Edge] = []
    for r in bundle["relationships"]:
        a = f"{r.get('fromKind', 'PERSON')}:{r['fromId']}"
        b = f"{r.get('toKind', 'PERSON')}:{r['toId']}"
        edges.append((a, b, r["strength"]))
        if r["kind"] == "KNOWS":
            edges.append((b, a, r["strength"]))
    for r in bundle["reportingLines"]:
        if r.get("toDate"):
            continue
        a, b = f"PERSON:{r['personId']}", f"PERSON:{r['managerId']}"
        strength = r.get("strength", reporting_strength)
        edges += [(a, b, strength), (b, a, strength)]
    return edges


def warmest_path(
    edges: Iterable[Edge],
    sources: Iterable[str],
    target: str,
    *,
    banned: frozenset[str] = frozenset(),
) -> tuple[float, list[str]] | None:
    """Highest product of strengths from any source to the target (Dijkstra on -ln strength),
    never passing through a banned node; None when the target cannot be reached."""
    graph: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for a, b, strength in edges:
        graph[a].append((b, strength))
    best: dict[str, float] = {}
    queue = [(0.0, source, [source]) for source in sources]
    heapq.heapify(queue)
    while queue:
        cost, node, path = heapq.heappop(queue)
        if node in best:
            continue
        best[node] = cost
        if node == target:
            return math.exp(-cost), path
        for nxt, strength in graph[node]:
            if nxt not in best and (nxt not in banned or nxt == target):
                heapq.heappush(queue, (cost - math.log(strength), nxt, [*path, nxt]))
    return None


def normalize_domain(value: str) -> str:
    """A website or domain as a bare lowercase host (what the importer is documented to do)."""
    host = value.strip().lower()
    host = re.sub(r"^[a-z]+://", "", host).split("/")[0].split("?")[0]
    return host.removeprefix("www.")
