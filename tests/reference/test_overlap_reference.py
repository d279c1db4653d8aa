"""Partner overlap against an independent answer: plain Python sets over generated workspaces
with dirty domains, upper case, duplicates, name-only records and ambiguous names.

The generator knows which company every record stands for, so the reference matches on that
ground truth, never on the stored normalized keys: a wrong normalization fails here too."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from graph.core.client import GraphClient
from graph.core.model import PartnerAccountStatus
from graph.partners.introductions import best_partner_for_account, warm_introductions
from graph.partners.matching import OurStatus, UnmatchedReason
from graph.partners.overlap import partner_overlap
from graph.partners.program import program_figures, shared_by_all_partners
from tests.overlap_fixture import OverlapData, load_overlap_data
from tests.reference.temporal import in_force

WORDS = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka", "tyrell",
         "cyberdyne", "soylent", "vandelay", "massive", "dynamic", "aperture", "black mesa"]  # fmt: skip
NOUNS = ["widgets", "systems", "labs", "foods", "logistics", "analytics"]
TLDS = ["com", "io", "de", "co.uk"]
PARTNERS = ("p1", "p2")
ACCOUNT_STATUSES = ["TARGET", "PROSPECT", "CUSTOMER", "FORMER_CUSTOMER", "LOST"]
PARTNER_STATUSES = ["CUSTOMER", "OPPORTUNITY", "PROSPECT"]
RANK = {"PROSPECT": 0, "OPPORTUNITY": 1, "CUSTOMER": 2}


@dataclass(frozen=True)
class Company:
    name_key: str
    domain: str


@dataclass(frozen=True)
class Record:
    id: str
    partner_id: str
    domain: str | None  # ground truth, normalized by hand
    name_key: str | None
    status: str


@dataclass
class World:
    data: OverlapData = field(default_factory=OverlapData)
    account_domain: dict[str, str | None] = field(default_factory=dict)
    account_name_key: dict[str, str] = field(default_factory=dict)
    account_status: dict[str, str] = field(default_factory=dict)
    opportunity_states: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    records: list[Record] = field(default_factory=list)
    jobs: list[Span] = field(default_factory=list)  # person, organization, start, end
    roles: list[Span] = field(default_factory=list)  # person, account (and the role), start, end
    knows: dict[frozenset[str], float] = field(default_factory=dict)
    sellers: set[str] = field(default_factory=set)

    def employer(self, day: date) -> dict[str, set[str]]:
        """Where each person works on the day."""
        found: dict[str, set[str]] = defaultdict(set)
        for job in self.jobs:
            if _current(job, day):
                found[job.person].add(job.place)
        return found

    def buyers(
        self,
        account_id: str,
        day: date,
        roles: tuple[str, ...] = ("ECONOMIC_BUYER", "DECISION_MAKER"),
    ) -> set[str]:
        """Holders of ``roles`` at the account who hold the role and work there on the day."""
        employer = self.employer(day)
        return {
            r.person
            for r in self.roles
            if r.place == account_id
            and r.role in roles
            and _current(r, day)
            and account_id in employer[r.person]
        }


@dataclass(frozen=True)
class Span:
    """An employment (place = organization) or a role (place = account) with its days."""

    person: str
    place: str
    start: date | None
    end: date | None
    role: str = ""


def _current(span: Span, day: date) -> bool:
    # The tests' one rule, written apart from the product (tests/reference/temporal.py).
    return in_force(span.start, span.end, day)


def _dirty_domain(rng: random.Random, domain: str) -> str:
    return rng.choice(
        [
            domain,
            domain.upper(),
            f"https://www.{domain}/x",
            f"http://{domain.upper()}/about?ref=1",
            f"www.{domain}",
            f"HTTPS://WWW.{domain}:443/",
        ]
    )


def _dirty_name(rng: random.Random, key: str) -> str:
    return rng.choice(
        [key, key.upper(), key.title(), f"{key.title()}, Inc.", f"  {key}   LLC ", f"{key} GmbH"]
    )


def _companies(rng: random.Random) -> list[Company]:
    names = rng.sample([f"{w} {n}" for w in WORDS for n in NOUNS], 24)
    companies = [Company(name, f"{name.replace(' ', '-')}.{rng.choice(TLDS)}") for name in names]
    # Ambiguous names: other companies under a name already taken, on their own domains.
    for twin in rng.sample(companies, 3):
        companies.append(Company(twin.name_key, f"{twin.name_key.replace(' ', '')}.net"))
    return companies


def _generate(seed: int) -> World:
    rng = random.Random(seed)
    world = World()
    data = world.data
    companies = _companies(rng)
    ours = [c for c in companies if rng.random() < 0.75]
    for index, company in enumerate(ours):
        account_id = f"a{index:02d}"
        domain = None if rng.random() < 0.15 else company.domain
        status = rng.choice(ACCOUNT_STATUSES)
        data.account(account_id, _dirty_name(rng, company.name_key), domain, status)
        world.account_domain[account_id] = domain
        world.account_name_key[account_id] = company.name_key
        world.account_status[account_id] = status
        for o in range(rng.choice([0, 0, 1, 2])):
            state = rng.choice(["OPEN", "WON", "LOST"])
            data.opportunity(f"{account_id}-o{o}", account_id, state)
            world.opportunity_states[account_id].add(state)
    # Our own duplicates: a second account on an existing domain makes that domain ambiguous.
    for index, account_id in enumerate(rng.sample(sorted(world.account_domain), 2)):
        domain = world.account_domain[account_id]
        if domain is None:
            continue
        dup = f"dup{index}"
        data.account(dup, f"duplicate {index}", domain.upper(), "TARGET")
        world.account_domain[dup] = domain
        world.account_name_key[dup] = f"duplicate {index}"
        world.account_status[dup] = "TARGET"

    strangers = [Company(f"stranger {i}", f"stranger{i}.org") for i in range(4)]
    for partner_id in PARTNERS:
        data.partner(partner_id, "CONTACTS")
        for index in range(26):
            roll = rng.random()
            record_id = f"r{index:02d}"
            status = rng.choice(PARTNER_STATUSES)
            if roll < 0.04:  # neither a domain nor a usable name
                data.partner_account(partner_id, record_id, "!!!", None, status)
                world.records.append(Record(f"{partner_id}/{record_id}", partner_id, None, None,
                                            status))  # fmt: skip
                continue
            company = rng.choice(strangers) if roll < 0.15 else rng.choice(companies)
            domain = None if rng.random() < 0.3 else company.domain
            data.partner_account(
                partner_id,
                record_id,
                _dirty_name(rng, company.name_key),
                None if domain is None else _dirty_domain(rng, domain),
                status,
            )
            world.records.append(
                Record(f"{partner_id}/{record_id}", partner_id, domain, company.name_key, status)
            )
    _people(rng, world)
    return world


DAY = date(2026, 3, 1)
DAYS = (DAY - timedelta(days=45), DAY, DAY + timedelta(days=45))
"""The days every answer is checked on: generated spans start and end around them."""


def _span(rng: random.Random) -> tuple[date | None, date | None]:
    """Open, a leaver, a future start, a future end, or one that ended before it began."""

    def near() -> date:
        return DAY + timedelta(days=rng.randrange(-90, 91, 15))

    start = None if rng.random() < 0.5 else near()
    end = None if rng.random() < 0.6 else near()
    return start, end


def _people(rng: random.Random, world: World) -> None:
    data = world.data
    for s in range(3):
        data.seller(f"s{s}")
        world.sellers.add(f"s{s}")
    contacts: list[str] = []
    for partner_id in PARTNERS:
        for c in range(3):
            person = f"{partner_id}-c{c}"
            data.person(person)
            start, end = _span(rng)
            data.employ(person, partner_id, start=start, end=end)
            world.jobs.append(Span(person, partner_id, start, end))
            contacts.append(person)
    staff: list[str] = []
    accounts = sorted(world.account_domain)
    for account_id in accounts:
        for n in range(rng.choice([0, 1, 2, 3])):
            person = f"{account_id}-x{n}"
            data.person(person, title=rng.choice([None, "CFO", "CTO"]))
            start, end = _span(rng)
            data.employ(person, account_id, start=start, end=end)
            world.jobs.append(Span(person, account_id, start, end))
            if rng.random() < 0.15:  # a mover: a second employment at another account
                elsewhere = rng.choice([a for a in accounts if a != account_id])
                start2, end2 = _span(rng)
                data.employ(person, elsewhere, start=start2, end=end2)
                world.jobs.append(Span(person, elsewhere, start2, end2))
            staff.append(person)
            if rng.random() < 0.5:
                role = rng.choice(["ECONOMIC_BUYER", "DECISION_MAKER", "INFLUENCER"])
                role_start, role_end = _span(rng)
                data.role(person, account_id, role, start=role_start, end=role_end)
                world.roles.append(Span(person, account_id, role_start, role_end, role))
    if not staff:
        return
    for _ in range(len(staff) * 2):
        a, b = rng.choice(contacts), rng.choice(staff)
        strength = round(rng.uniform(0.05, 1.0), 2)
        data.know(a, b, strength)
        pair = frozenset((a, b))
        world.knows[pair] = max(strength, world.knows.get(pair, 0.0))
    for _ in range(len(staff) // 2):
        seller, person = rng.choice(sorted(world.sellers)), rng.choice(staff)
        data.know(seller, person, 0.5, from_seller=True)
        world.knows[frozenset((seller, person))] = 0.5


# --- the reference answer ------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    statuses: dict[str, tuple[OurStatus, PartnerAccountStatus]]
    unresolved: dict[str, UnmatchedReason]
    ambiguous_candidates: dict[str, set[str]]
    duplicates: dict[str, set[str]]


def _our_status(world: World, account_id: str) -> OurStatus:
    if world.account_status[account_id] == "CUSTOMER":
        return OurStatus.CUSTOMER
    if "OPEN" in world.opportunity_states[account_id]:
        return OurStatus.OPEN_OPPORTUNITY
    return OurStatus.PROSPECT_TARGET


def _expected(world: World, partner_id: str) -> Expected:
    by_domain: dict[str, set[str]] = defaultdict(set)
    by_name: dict[str, set[str]] = defaultdict(set)
    for account_id, domain in world.account_domain.items():
        if domain is not None:
            by_domain[domain].add(account_id)
        by_name[world.account_name_key[account_id]].add(account_id)
    matched: dict[str, set[Record]] = defaultdict(set)
    unresolved: dict[str, UnmatchedReason] = {}
    ambiguous: dict[str, set[str]] = {}
    for record in (r for r in world.records if r.partner_id == partner_id):
        if record.domain is not None:
            found = by_domain.get(record.domain, set())
            none, several = (
                UnmatchedReason.NO_ACCOUNT_WITH_DOMAIN,
                UnmatchedReason.SEVERAL_ACCOUNTS_WITH_DOMAIN,
            )
        elif record.name_key is not None:
            found = by_name.get(record.name_key, set())
            none, several = (
                UnmatchedReason.NO_ACCOUNT_WITH_NAME,
                UnmatchedReason.SEVERAL_ACCOUNTS_WITH_NAME,
            )
        else:
            unresolved[record.id] = UnmatchedReason.NO_DOMAIN_OR_NAME
            continue
        if not found:
            unresolved[record.id] = none
        elif len(found) > 1:
            unresolved[record.id] = several
            ambiguous[record.id] = set(found)
        else:
            matched[next(iter(found))].add(record)
    statuses = {
        account_id: (
            _our_status(world, account_id),
            PartnerAccountStatus(max((r.status for r in recs), key=RANK.__getitem__)),
        )
        for account_id, recs in matched.items()
    }
    duplicates = {a: {r.id for r in recs} for a, recs in matched.items() if len(recs) > 1}
    return Expected(statuses, unresolved, ambiguous, duplicates)


def _uncovered(world: World, partner_id: str, account_id: str, day: date) -> set[str]:
    employer = world.employer(day)
    contacts = {p for p, orgs in employer.items() if partner_id in orgs}
    known_by_us = {
        p for pair in world.knows for p in pair if pair & world.sellers and p not in world.sellers
    }
    return {
        person
        for person, orgs in employer.items()
        if account_id in orgs
        and person not in known_by_us
        and any(frozenset((c, person)) in world.knows for c in contacts if c != person)
    }


def _warmth(world: World, partner_id: str, account_id: str, day: date) -> float | None:
    contacts = {p for p, orgs in world.employer(day).items() if partner_id in orgs}
    strengths = [
        world.knows[frozenset((c, b))]
        for c in contacts
        for b in world.buyers(account_id, day)
        if c != b and frozenset((c, b)) in world.knows
    ]
    return max(strengths) if strengths else None


SEEDS = list(range(8))


@pytest.mark.parametrize("seed", SEEDS)
async def test_overlap_matches_plain_sets(graph: GraphClient, workspace: str, seed: int) -> None:
    """Matrix, pages, matching report and uncovered people equal the set-based answer."""
    world = _generate(seed)
    await load_overlap_data(graph, workspace, world.data)
    for partner_id in PARTNERS:
        expected = _expected(world, partner_id)
        overlap = await partner_overlap(graph, workspace, partner_id, first=100)
        for day in DAYS:
            pages, uncovered = await _walk_pages(graph, workspace, partner_id, day)
            assert pages == expected.statuses
            for account_id in expected.statuses:
                assert uncovered[account_id] == _uncovered(world, partner_id, account_id, day)
        assert overlap.total_count == len(expected.statuses)
        for cell in overlap.matrix:
            assert cell.count == sum(
                1 for s in expected.statuses.values() if s == (cell.our_status, cell.partner_status)
            )
        report = overlap.matching
        assert report is not None
        got = {u.record.id: u.reason for u in (*report.ambiguous, *report.unmatched)}
        assert got == expected.unresolved
        assert {
            a.record.id: set(a.candidate_account_ids) for a in report.ambiguous
        } == expected.ambiguous_candidates
        assert {d.account_id: set(d.record_ids) for d in report.duplicates} == expected.duplicates


async def _walk_pages(
    graph: GraphClient, workspace: str, partner_id: str, day: date
) -> tuple[dict[str, tuple[OurStatus, PartnerAccountStatus]], dict[str, set[str]]]:
    """Every overlapping account's statuses and uncovered people on the day, in small pages."""
    pages: dict[str, tuple[OurStatus, PartnerAccountStatus]] = {}
    uncovered: dict[str, set[str]] = {}
    after = None
    while True:  # small pages, to walk the cursors
        page = await partner_overlap(graph, workspace, partner_id, first=4, after=after, as_of=day)
        assert page.accounts is not None
        for _, account in page.accounts.items:
            assert account.account_id not in pages
            pages[account.account_id] = (account.our_status, account.partner_status)
            assert account.uncovered_people is not None
            uncovered[account.account_id] = {p.id for p in account.uncovered_people}
            assert account.uncovered_people_count == len(uncovered[account.account_id])
        if not page.accounts.has_next_page:
            return pages, uncovered
        after = page.accounts.end_cursor


@pytest.mark.parametrize("seed", SEEDS)
async def test_introductions_shared_and_figures_match_plain_sets(
    graph: GraphClient, workspace: str, seed: int
) -> None:
    """Warm introductions, the two-partner intersection and program figures equal the sets."""
    world = _generate(seed)
    await load_overlap_data(graph, workspace, world.data)
    expected = {p: _expected(world, p) for p in PARTNERS}
    for partner_id in PARTNERS:
        statuses = expected[partner_id].statuses
        candidates = [
            a
            for a, (ours, theirs) in statuses.items()
            if theirs is PartnerAccountStatus.CUSTOMER and ours is not OurStatus.CUSTOMER
        ]
        for day in DAYS:
            ranked = sorted(
                ((a, _warmth(world, partner_id, a, day)) for a in candidates),
                key=lambda item: (item[1] is None, -(item[1] or 0.0), item[0]),
            )
            page = await warm_introductions(graph, workspace, partner_id, first=100, as_of=day)
            assert [(i.account_id, i.warmth) for _, i in page.items] == ranked
        figures = await program_figures(graph, workspace, partner_id)
        assert figures.overlapping_accounts == len(statuses)
        assert figures.in_pipeline == sum(1 for a in statuses if world.opportunity_states[a])
        assert figures.closed_won == sum(
            1 for a in statuses if "WON" in world.opportunity_states[a]
        )
    for account_id in sorted({r.place for r in world.roles}):
        for day in DAYS:
            best = await best_partner_for_account(graph, workspace, account_id, as_of=day)
            assert set(best.economic_buyer_ids) == world.buyers(
                account_id, day, ("ECONOMIC_BUYER",)
            )
    shared = await shared_by_all_partners(graph, workspace, list(PARTNERS), first=100)
    common = set(expected["p1"].statuses) & set(expected["p2"].statuses)
    assert [s.account_id for _, s in shared.items] == sorted(common)
    for _, account in shared.items:
        assert [(s.partner_id, s.status) for s in account.partner_statuses] == [
            (p, expected[p].statuses[account.account_id][1]) for p in PARTNERS
        ]
