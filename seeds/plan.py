"""The generator's plan: the small structure of a workspace, decided up front, and its rows.

Accounts, org trees by department, leavers and movers, reporting lines, opportunities and buying
roles are held as compact per-index lists (a person is an int), so that a workspace of 100,000
people costs little memory; the section methods turn them into import rows lazily. The KNOWS and
INFLUENCES rows live in ``seeds/relationships.py``.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from graph.core.model import (
    AccountStatus,
    BuyingRole,
    OpportunityState,
    OrganizationKind,
    PartnerAccountStatus,
    SellerRole,
    Seniority,
    SharingLevel,
    Stance,
)
from graph.ingest.rows import SECTIONS
from seeds import vocabulary as v

Row = dict[str, Any]

# The import format's load order, from the importer itself so the two cannot drift apart.
SECTION_ORDER: Final = tuple(SECTIONS)
OUR_DOMAIN: Final = "northbeam.example"
CUSTOM_ROLE: Final = "EXECUTIVE_SPONSOR"

_C, _VP, _DIR, _MGR, _IC = (
    Seniority.C_LEVEL,
    Seniority.VP,
    Seniority.DIRECTOR,
    Seniority.MANAGER,
    Seniority.INDIVIDUAL_CONTRIBUTOR,
)
_RANK: Final = {_C: 0, _VP: 1, _DIR: 2, _MGR: 3, _IC: 4, Seniority.UNKNOWN: 5}
_NO_DATE: Final = 0


@dataclass(frozen=True)
class Sizes:
    """What the caller asked for."""

    accounts: int
    people: int
    sellers: int
    partners: int
    relationships: int
    opportunities: int


@dataclass
class _Role:
    person: int
    account: int
    role: str
    stance: str
    start: int
    end: int
    opportunity: int = -1


@dataclass
class _Opportunity:
    account: int
    state: str
    stage: str
    amount: int
    close: int
    owner: int
    people: list[int]


def iso(ordinal: int) -> str:
    """An ordinal day as ISO ``YYYY-MM-DD``."""
    return date.fromordinal(ordinal).isoformat()


class Plan:
    """Accounts, org trees, moves, roles and opportunities, held as compact per-index lists."""

    def __init__(self, seed: int, sizes: Sizes, today: date) -> None:
        rng = random.Random(seed)
        self.sizes = sizes
        self.today = today.toordinal()
        # Sub-seeds first, so that changing how the plan draws never shifts a section's stream.
        self.section_seeds = {section: rng.getrandbits(64) for section in SECTION_ORDER}
        self._plan_sellers(rng)
        self._plan_accounts(rng)
        self._plan_partners(rng)
        self._plan_people(rng)
        self._plan_moves(rng)
        self._plan_reporting(rng)
        self._plan_opportunities(rng)
        self._plan_roles(rng)
        self._plan_engagement(rng)

    # -- sellers, accounts, partners ---------------------------------------------------------

    def _plan_sellers(self, rng: random.Random) -> None:
        n = self.sizes.sellers
        self.seller_ids = [f"sel-{i:04d}" for i in range(n)]
        roles = [
            SellerRole.AE,
            SellerRole.AE,
            SellerRole.AE,
            SellerRole.CSM,
            SellerRole.CSM,
            SellerRole.SDR,
            SellerRole.REP,
            SellerRole.PARTNER_MANAGER,
        ]
        self.seller_roles: list[str] = [
            SellerRole.EXECUTIVE if i == 0 else rng.choice(roles) for i in range(n)
        ]
        self.seller_names = [
            f"{rng.choice(v.FIRST_NAMES)} {rng.choice(v.LAST_NAMES)}" for _ in range(n)
        ]
        owners = [
            i for i, r in enumerate(self.seller_roles) if r in (SellerRole.AE, SellerRole.CSM)
        ]
        self.account_owner_pool = owners or list(range(n))
        partner_managers = [
            i for i, r in enumerate(self.seller_roles) if r == SellerRole.PARTNER_MANAGER
        ]
        self.partner_manager_pool = partner_managers or list(range(n))

    def _plan_accounts(self, rng: random.Random) -> None:
        n = self.sizes.accounts
        self.account_ids = [f"acc-{i:05d}" for i in range(n)]
        self.account_names: list[str] = []
        self.account_domains: list[str] = []
        self.account_industry: list[str] = []
        self.account_country: list[str] = []
        self.account_status: list[AccountStatus] = []
        self.account_owner: list[int] = []
        self.taken_names: set[str] = set()
        self.taken_domains: set[str] = set()
        countries = list(v.COUNTRIES)
        statuses = list(AccountStatus)
        status_weights = (35, 30, 25, 5, 5)
        for _ in range(n):
            industry = rng.choice(list(v.INDUSTRY_NOUNS))
            country = rng.choices(countries, weights=v.COUNTRY_WEIGHTS)[0]
            name, domain = self._company_name(rng, industry, country)
            self.account_names.append(name)
            self.account_domains.append(domain)
            self.account_industry.append(industry)
            self.account_country.append(country)
            self.account_status.append(rng.choices(statuses, weights=status_weights)[0])
            self.account_owner.append(rng.choice(self.account_owner_pool))

    def _company_name(self, rng: random.Random, industry: str, country: str) -> tuple[str, str]:
        for attempt in itertools.count():
            stem = rng.choice(v.COMPANY_PREFIXES) + rng.choice(v.COMPANY_CORES)
            noun = rng.choice(v.INDUSTRY_NOUNS[industry])
            name = f"{stem} {noun}"
            slug = stem.lower() + (noun.lower() if rng.random() < 0.5 else "")
            if attempt > 20:
                name, slug = f"{name} {attempt}", f"{slug}{attempt}"
            tld = ".com" if rng.random() < 0.7 else _COUNTRY_TLDS[country]
            domain = slug + tld
            if name.lower() not in self.taken_names and domain not in self.taken_domains:
                self.taken_names.add(name.lower())
                self.taken_domains.add(domain)
                suffix = rng.choice(v.LEGAL_SUFFIXES)
                return (f"{name} {suffix}" if suffix else name), domain
        raise AssertionError("unreachable")

    def _plan_partners(self, rng: random.Random) -> None:
        n, accounts = self.sizes.partners, self.sizes.accounts
        self.partner_ids = [f"par-{i:03d}" for i in range(n)]
        self.partner_names: list[str] = []
        self.partner_domains: list[str] = []
        self.partner_levels: list[str] = []
        self.partner_overlap: list[list[int]] = []
        self.partner_list_size: list[int] = []
        fixed = (SharingLevel.CONTACTS, SharingLevel.ACCOUNTS, SharingLevel.COUNTS)
        levels = list(SharingLevel)
        for i in range(n):
            stem = rng.choice(v.COMPANY_PREFIXES) + rng.choice(v.COMPANY_CORES)
            name = f"{stem} {rng.choice(v.PARTNER_NOUNS)}"
            if name.lower() in self.taken_names:
                name = f"{name} {i}"
            self.taken_names.add(name.lower())
            domain = f"{stem.lower()}-partners{i}.com"
            self.taken_domains.add(domain)
            self.partner_names.append(name)
            self.partner_domains.append(domain)
            self.partner_levels.append(
                fixed[i] if i < len(fixed) else rng.choices(levels, weights=(1, 2, 4, 4))[0]
            )
            size = max(min(accounts, 3), round(accounts * rng.uniform(0.05, 0.25)))
            overlap = min(accounts, max(1, round(size * rng.uniform(0.55, 0.85))))
            self.partner_list_size.append(size)
            self.partner_overlap.append(sorted(rng.sample(range(accounts), overlap)))

    # -- people and their organizations ------------------------------------------------------

    def _plan_people(self, rng: random.Random) -> None:
        total, n_accounts, n_partners = self.sizes.people, self.sizes.accounts, self.sizes.partners
        contacts = 0
        if n_partners:
            contacts = min(total // 5, max(2 * n_partners, round(total * 0.01)))
        self.first_contact = total - contacts
        self.person_ids = [f"per-{i:06d}" for i in range(total)]
        self.org: list[int] = [0] * total  # account index, or partner index for contacts
        self.top_dept: list[str] = [""] * total
        self.dept: list[str] = [""] * total
        self.seniority: list[Seniority] = [_IC] * total
        self.title: list[str] = [""] * total
        self.manager: list[int] = [-1] * total
        self.start: list[int] = [_NO_DATE] * total
        self.end: list[int] = [_NO_DATE] * total
        self.moved_to: list[int] = [-1] * total
        self.move_start: list[int] = [_NO_DATE] * total
        self.move_manager: list[int] = [-1] * total

        # Heavy-tailed account sizes: most accounts have a handful of mapped people, a few many.
        weights = [min(rng.paretovariate(1.3), 40.0) for _ in range(n_accounts)]
        sizes = _apportion(self.first_contact, weights)
        self.account_home: list[range] = []
        self.account_exec: list[dict[str, int]] = []
        self.account_groups: list[dict[str, list[int]]] = []
        first = 0
        for account, size in enumerate(sizes):
            home = range(first, first + size)
            first += size
            self.account_home.append(home)
            self._build_org(rng, account, home)
        self.tracked_size = sizes
        for person in range(self.first_contact, total):
            partner = (person - self.first_contact) % n_partners
            self.org[person] = partner
            self.top_dept[person] = self.dept[person] = "Partnerships"
            self.seniority[person] = rng.choice((_MGR, _MGR, _DIR, _IC))
            self.title[person] = rng.choice(_PARTNER_TITLES)
            self.start[person] = self.today - rng.randint(60, 3000)

    def _build_org(self, rng: random.Random, account: int, home: range) -> None:
        execs: dict[str, int] = {}
        groups: dict[str, list[int]] = {}
        self.account_exec.append(execs)
        self.account_groups.append(groups)
        for person in home:
            self.org[person] = account
            if rng.random() < 0.08:  # a leaver
                self.end[person] = self.today - rng.randint(5, 720)
                self.start[person] = self.end[person] - rng.randint(180, 3000)
            else:
                self.start[person] = self.today - rng.randint(30, 4000)
        if not home:
            return
        if len(home) == 1:
            person = home[0]
            top = rng.choice(v.DEPARTMENT_ORDER[:6])
            self._set_job(person, top, top, _DIR, f"Head of {top}")
            groups[top] = [person]
            return
        ceo = home[0]
        self._set_job(ceo, "Executive", "Executive", _C, "Chief Executive Officer")
        groups["Executive"] = [ceo]
        n_execs = min(len(v.DEPARTMENT_ORDER), (len(home) + 4) // 6)
        order = list(v.DEPARTMENT_ORDER[1:])
        rng.shuffle(order)
        order = ["Finance", *order] if rng.random() < 0.85 else [*order, "Finance"]
        chosen = order[: max(1, n_execs)]
        for offset, top in enumerate(chosen, start=1):
            if offset >= len(home):
                break
            person = home[offset]
            self._set_job(person, top, top, _C, v.DEPARTMENTS[top][0])
            self.manager[person] = ceo
            execs[top] = person
        heads = list(execs)
        rest = home[1 + len(execs) :]
        if not heads:
            return
        dept_weights = [v.DEPARTMENT_WEIGHTS[top] for top in heads]
        members: dict[str, list[int]] = {top: [] for top in heads}
        for person in rest:
            members[rng.choices(heads, weights=dept_weights)[0]].append(person)
        for top, group in members.items():
            head = execs[top]
            groups[top] = [head, *group]
            ladder = (_VP, _DIR, _MGR) if len(group) > 6 else (_DIR, _MGR)
            depth: dict[int, int] = {head: 0}
            subs = v.DEPARTMENTS[top][1]
            for j, person in enumerate(group):
                boss = head if j < 3 else group[j // 3 - 1]
                self.manager[person] = boss
                depth[person] = depth[boss] + 1
                level = depth[person] - 1
                seniority = ladder[level] if level < len(ladder) else _IC
                sub = self.dept[boss] if boss != head and rng.random() < 0.7 else rng.choice(subs)
                self._set_job(person, top, sub, seniority, _title(rng, top, sub, seniority))

    def _set_job(self, person: int, top: str, dept: str, seniority: Seniority, title: str) -> None:
        self.top_dept[person] = top
        self.dept[person] = dept
        self.seniority[person] = seniority
        self.title[person] = title

    def _plan_moves(self, rng: random.Random) -> None:
        n = self.sizes.accounts
        self.account_members: list[list[int]] = [list(home) for home in self.account_home]
        if n < 2:
            return
        for person in range(self.first_contact):
            if not self.end[person] or rng.random() >= 0.4:
                continue
            target = rng.randrange(n - 1)
            target += target >= self.org[person]
            self.moved_to[person] = target
            self.move_start[person] = min(self.end[person] + rng.randint(1, 60), self.today)
            head = self.account_exec[target].get(self.top_dept[person])
            home = self.account_home[target]
            for boss in (head, home[0] if len(home) > 1 else None):
                if boss is not None and not self.end[boss] and self.start[boss] <= self.today:
                    self.move_manager[person] = boss
                    break
            self.account_members[target].append(person)

    def current_at(self, person: int, account: int) -> bool:
        """Whether the person is employed at the account today."""
        if self.moved_to[person] == account:
            return True
        return self.org[person] == account and not self.end[person]

    def _plan_reporting(self, rng: random.Random) -> None:
        # (person, manager, from, to, strength or -1)
        self.reporting: list[tuple[int, int, int, int, float]] = []
        add = self.reporting.append
        for person in range(self.first_contact):
            boss = self.manager[person]
            if boss >= 0 and rng.random() < 0.93:
                start = max(self.start[person], self.start[boss])
                ends = [e for e in (self.end[person], self.end[boss]) if e]
                stop = min(ends) if ends else _NO_DATE
                if not stop or stop > start:
                    add((person, boss, start, stop, _maybe_strength(rng)))
                grand = self.manager[boss]
                boss_end = self.end[boss]
                person_end = self.end[person]
                # The manager left first: the report moves up to the manager's manager.
                if boss_end and grand >= 0 and (not person_end or person_end > boss_end):
                    start = max(boss_end, self.start[person], self.start[grand])
                    ends = [e for e in (person_end, self.end[grand]) if e]
                    stop = min(ends) if ends else _NO_DATE
                    if not stop or stop > start:
                        add((person, grand, start, stop, _maybe_strength(rng)))
            boss = self.move_manager[person]
            if boss >= 0:
                start = max(self.move_start[person], self.start[boss])
                add((person, boss, start, _NO_DATE, _maybe_strength(rng)))

    # -- deals and buying roles --------------------------------------------------------------

    def _plan_opportunities(self, rng: random.Random) -> None:
        weights = [_OPPORTUNITY_WEIGHT[s] for s in self.account_status]
        cumulative = list(itertools.accumulate(weights))
        self.opportunities: list[_Opportunity] = []
        self.open_opportunity: dict[int, int] = {}
        for index in range(self.sizes.opportunities):
            account = bisect.bisect(cumulative, rng.random() * cumulative[-1])
            account = min(account, self.sizes.accounts - 1)
            status = self.account_status[account]
            states, state_weights = _STATE_BY_STATUS[status]
            state = rng.choices(states, weights=state_weights)[0]
            if state == OpportunityState.OPEN:
                stage = rng.choice(v.OPEN_STAGES)
                close = self.today + rng.randint(7, 270)
                self.open_opportunity.setdefault(account, index)
            else:
                stage = "Closed Won" if state == OpportunityState.WON else "Closed Lost"
                close = self.today - rng.randint(10, 700)
            amount = int(round(rng.lognormvariate(11.0, 0.8), -3)) or 1000
            owner = (
                self.account_owner[account]
                if rng.random() < 0.7
                else rng.randrange(self.sizes.sellers)
            )
            self.opportunities.append(_Opportunity(account, state, stage, amount, close, owner, []))

    def _plan_roles(self, rng: random.Random) -> None:
        self.roles: list[_Role] = []
        self.role_holders: list[list[int]] = [[] for _ in range(self.sizes.accounts)]
        self.labels: dict[int, list[str]] = {}
        for account in range(self.sizes.accounts):
            self._roles_for(rng, account)
        for opportunity in self.opportunities:
            current = [
                p
                for p in self.account_members[opportunity.account]
                if self.current_at(p, opportunity.account)
            ]
            current_set = set(current)
            holders = [p for p in self.role_holders[opportunity.account] if p in current_set]
            pool = holders if holders and rng.random() < 0.8 else current
            if pool:
                opportunity.people = sorted(
                    set(rng.sample(pool, min(len(pool), rng.randint(1, 4))))
                )

    def _roles_for(self, rng: random.Random, account: int) -> None:
        members = self.account_members[account]
        current = [p for p in members if self.current_at(p, account)]
        if not current:
            return
        leavers = [p for p in self.account_home[account] if self.end[p]]
        engaged_status = self.account_status[account] != AccountStatus.TARGET
        open_opp = self.open_opportunity.get(account, -1)
        taken: set[tuple[int, str]] = set()

        def since(person: int) -> int:
            joined = (
                self.move_start[person] if self.moved_to[person] == account else self.start[person]
            )
            return max(joined, self.today - rng.randint(30, 900))

        def add(person: int, role: str, stance: str, *, ended: bool = False) -> None:
            if (person, role) in taken:
                return
            taken.add((person, role))
            opportunity = -1
            if open_opp >= 0 and role in _DEAL_ROLES and rng.random() < 0.4:
                opportunity = open_opp
            if ended:
                end = self.end[person]
                start = max(self.start[person], end - rng.randint(60, 700))
                self.roles.append(_Role(person, account, role, stance, start, end, opportunity))
                return
            self.roles.append(
                _Role(person, account, role, stance, since(person), _NO_DATE, opportunity)
            )
            self.role_holders[account].append(person)
            label = _LABELS.get(role)
            if label:
                labels = self.labels.setdefault(person, [])
                if label not in labels:
                    labels.append(label)

        def pick(pool: list[int], ranks: tuple[Seniority, ...], depts: tuple[str, ...] = ()) -> int:
            fits = [
                p
                for p in pool
                if self.seniority[p] in ranks
                and (not depts or self.dept[p] in depts or self.top_dept[p] in depts)
            ]
            return rng.choice(fits) if fits else -1

        by_rank = sorted(current, key=lambda p: (_RANK[self.seniority[p]], p))
        # The economic buyer: the CFO, else the CEO, else the most senior person mapped.
        if rng.random() < (0.92 if engaged_status else 0.6):
            finance = self.account_exec[account].get("Finance", -1)
            home = self.account_home[account]
            ceo = home[0] if len(home) > 1 else -1
            buyer = ceo if rng.random() < 0.3 or finance < 0 else finance
            if buyer >= 0 and self.end[buyer]:
                add(buyer, BuyingRole.ECONOMIC_BUYER, _stance(rng, 0.3, 0.6), ended=True)
                buyer = -1
            if buyer < 0 or not self.current_at(buyer, account):
                buyer = by_rank[0]
            add(buyer, BuyingRole.ECONOMIC_BUYER, _stance(rng, 0.3, 0.6))
        if rng.random() < 0.7:
            for _ in range(rng.randint(1, 2)):
                person = pick(current, (_C, _VP))
                if person >= 0:
                    add(person, BuyingRole.DECISION_MAKER, _stance(rng, 0.35, 0.5))
        if rng.random() < 0.4:
            person = pick(current, (_VP, _DIR, _C), ("Finance", "Operations"))
            if person >= 0:
                add(person, BuyingRole.BUDGET_HOLDER, _stance(rng, 0.3, 0.55))
        if rng.random() < (0.75 if engaged_status else 0.3):
            person = pick(current, (_DIR, _MGR, _VP))
            if person >= 0:
                add(person, BuyingRole.CHAMPION, Stance.SUPPORTER)
        if leavers and rng.random() < 0.15:
            person = pick(leavers, (_DIR, _MGR, _VP))
            if person >= 0:  # a champion who left (some moved to another account we track)
                add(person, BuyingRole.CHAMPION, Stance.SUPPORTER, ended=True)
        if rng.random() < 0.25:
            person = pick(current, (_VP, _DIR, _MGR), _BLOCKER_DEPTS)
            person = person if person >= 0 else pick(current, (_VP, _DIR))
            if person >= 0:
                stance = Stance.DETRACTOR if rng.random() < 0.85 else Stance.NEUTRAL
                add(person, BuyingRole.BLOCKER, stance)
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            add(rng.choice(current), BuyingRole.INFLUENCER, _stance(rng, 0.35, 0.45))
        if rng.random() < 0.5:
            person = pick(
                current, (_VP, _DIR, _MGR, _IC), ("Engineering", "IT", "Data", "Security")
            )
            if person >= 0:
                add(person, BuyingRole.TECHNICAL_EVALUATOR, _stance(rng, 0.3, 0.55))
        for _ in range(rng.choice((0, 0, 1, 2, 3))):
            person = pick(current, (_IC, _MGR))
            if person >= 0:
                add(person, BuyingRole.END_USER, _stance(rng, 0.4, 0.5))
        if rng.random() < 0.25:
            person = pick(current, (_VP, _DIR, _MGR, _IC, _C), ("Legal", "Compliance"))
            if person >= 0:
                add(person, BuyingRole.LEGAL, _stance(rng, 0.2, 0.6))
        if rng.random() < 0.25:
            person = pick(current, (_VP, _DIR, _MGR, _IC), ("Procurement",))
            if person >= 0:
                add(person, BuyingRole.PROCUREMENT, _stance(rng, 0.2, 0.6))
        if rng.random() < 0.08:
            person = pick(current, (_C,))
            if person >= 0:
                add(person, CUSTOM_ROLE, Stance.SUPPORTER)

    def _plan_engagement(self, rng: random.Random) -> None:
        """How our sellers cover each account: nobody, one thread, the owner only, or many."""
        self.engagement: list[str] = []
        for account in range(self.sizes.accounts):
            mode = rng.choices(("none", "single", "owner", "multi"), weights=(12, 15, 20, 53))[0]
            if not any(self.current_at(p, account) for p in self.account_members[account]):
                mode = "none"
            self.engagement.append(mode)

    # -- section rows ------------------------------------------------------------------------

    def seller_rows(self, rng: random.Random) -> Iterator[Row]:
        taken: set[str] = set()
        for i, seller_id in enumerate(self.seller_ids):
            name = self.seller_names[i]
            yield {
                "id": seller_id,
                "name": name,
                "email": _unique_email(name, OUR_DOMAIN, taken),
                "title": v.SELLER_TITLES[self.seller_roles[i]],
                "role": self.seller_roles[i],
            }

    def account_rows(self, rng: random.Random) -> Iterator[Row]:
        for a, account_id in enumerate(self.account_ids):
            tracked = self.tracked_size[a]
            employees = max(10, tracked * rng.randint(15, 150) + rng.randint(0, 99))
            region = v.COUNTRIES[self.account_country[a]][0]
            row: Row = {
                "id": account_id,
                "name": self.account_names[a],
                "domain": self.account_domains[a],
                "industry": self.account_industry[a],
                "employees": employees,
                "annualRevenue": int(round(employees * rng.uniform(80_000, 400_000), -3)),
                "country": self.account_country[a],
                "region": region,
                "technologies": sorted(rng.sample(v.TECHNOLOGIES, rng.randint(1, 5))),
                "competitorProducts": sorted(
                    rng.sample(v.COMPETITOR_PRODUCTS, rng.choice((0, 0, 1, 1, 2)))
                ),
                "tier": rng.choices(("Tier 1", "Tier 2", "Tier 3"), weights=(2, 3, 5))[0],
                "status": self.account_status[a],
                "ownerSellerId": self.seller_ids[self.account_owner[a]],
            }
            yield row

    def partner_rows(self, rng: random.Random) -> Iterator[Row]:
        for i, partner_id in enumerate(self.partner_ids):
            yield {
                "id": partner_id,
                "name": self.partner_names[i],
                "domain": self.partner_domains[i],
                "sharingLevel": self.partner_levels[i],
            }

    def partner_account_rows(self, rng: random.Random) -> Iterator[Row]:
        statuses = list(PartnerAccountStatus)
        for i, partner_id in enumerate(self.partner_ids):
            prefix = rng.choice(("SF", "HS", "CRM", "ACCT"))
            external = (
                f"{prefix}-{n:06d}"
                for n in itertools.count(rng.randint(1000, 90000), rng.randint(1, 7))
            )
            for position, account in enumerate(self.partner_overlap[i]):
                # Duplicates in the partner's CRM: the first shared account, and some others.
                copies = 2 if position == 0 or rng.random() < 0.05 else 1
                for _ in range(copies):
                    row: Row = {
                        "partnerId": partner_id,
                        "externalId": next(external),
                        "name": self._name_variant(rng, account),
                    }
                    roll = rng.random()
                    if roll < 0.55:
                        row["domain"] = self.account_domains[account]
                    elif roll < 0.80:
                        row["domain"] = _dirty_domain(rng, self.account_domains[account])
                    elif roll < 0.87:
                        row["website"] = f"https://www.{self.account_domains[account]}/"
                    # else: a name-only record, matched by name if at all
                    row["status"] = rng.choices(statuses, weights=(4, 2, 4))[0]
                    yield row
            for _ in range(self.partner_list_size[i] - len(self.partner_overlap[i])):
                industry = rng.choice(list(v.INDUSTRY_NOUNS))
                stem = rng.choice(v.COMPANY_PREFIXES) + rng.choice(v.COMPANY_CORES)
                name = f"{stem} {rng.choice(v.INDUSTRY_NOUNS[industry])} {rng.choice(_FOREIGN)}"
                row = {"partnerId": partner_id, "externalId": next(external), "name": name}
                if rng.random() < 0.9:
                    row["domain"] = f"{stem.lower()}-{rng.choice(_FOREIGN).lower()}.net"
                row["status"] = rng.choices(statuses, weights=(4, 2, 4))[0]
                yield row

    def _name_variant(self, rng: random.Random, account: int) -> str:
        name = self.account_names[account]
        roll = rng.random()
        if roll < 0.7:
            return name
        if roll < 0.85:
            return name.upper()
        return name.lower()

    def people_rows(self, rng: random.Random) -> Iterator[Row]:
        taken: set[str] = set()
        for person, person_id in enumerate(self.person_ids):
            first, last = rng.choice(v.FIRST_NAMES), rng.choice(v.LAST_NAMES)
            name = f"{first} {last}"
            contact = person >= self.first_contact
            if contact:
                domain = self.partner_domains[self.org[person]]
                city = rng.choice(v.COUNTRIES["United States"][1])
            else:
                account = self.moved_to[person] if self.moved_to[person] >= 0 else self.org[person]
                domain = self.account_domains[account]
                city = rng.choice(v.COUNTRIES[self.account_country[account]][1])
            row: Row = {"id": person_id, "name": name}
            if rng.random() < 0.6:
                row["photoUrl"] = f"https://images.example.com/people/{person_id}.jpg"
            row["email"] = _unique_email(name, domain, taken)
            if rng.random() < 0.7:
                row["phone"] = f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
            if rng.random() < 0.8:
                row["linkedinUrl"] = (
                    f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{person:x}"
                )
            row["location"] = city
            row["title"] = self.title[person]
            row["department"] = self.dept[person]
            row["seniority"] = self.seniority[person]
            summaries = v.ROLE_SUMMARIES.get(self.dept[person])
            if summaries and rng.random() < 0.5:
                row["roleSummary"] = rng.choice(summaries)
            labels = self.labels.get(person)
            if labels:
                row["labels"] = list(labels)
            yield row

    def employment_rows(self, rng: random.Random) -> Iterator[Row]:
        for person, person_id in enumerate(self.person_ids):
            contact = person >= self.first_contact
            row: Row = {
                "personId": person_id,
                "organizationId": (self.partner_ids if contact else self.account_ids)[
                    self.org[person]
                ],
                "organizationKind": OrganizationKind.PARTNER
                if contact
                else OrganizationKind.ACCOUNT,
                "title": self.title[person],
                "department": self.dept[person],
                "startDate": iso(self.start[person]),
            }
            if self.end[person]:
                row["endDate"] = iso(self.end[person])
            yield row
            if self.moved_to[person] >= 0:
                yield {
                    "personId": person_id,
                    "organizationId": self.account_ids[self.moved_to[person]],
                    "organizationKind": OrganizationKind.ACCOUNT,
                    "title": self.title[person],
                    "department": self.dept[person],
                    "startDate": iso(self.move_start[person]),
                }

    def reporting_rows(self, rng: random.Random) -> Iterator[Row]:
        for person, boss, start, stop, strength in self.reporting:
            row: Row = {
                "personId": self.person_ids[person],
                "managerId": self.person_ids[boss],
                "fromDate": iso(start),
            }
            if stop:
                row["toDate"] = iso(stop)
            if strength > 0:
                row["strength"] = strength
            yield row

    def opportunity_rows(self, rng: random.Random) -> Iterator[Row]:
        for index, opportunity in enumerate(self.opportunities):
            account = opportunity.account
            short = self.account_names[account].split(" ")[0]
            row: Row = {
                "id": f"opp-{index:06d}",
                "accountId": self.account_ids[account],
                "name": f"{short} - {rng.choice(_PRODUCTS)}",
                "stage": opportunity.stage,
                "amount": opportunity.amount,
                "currency": v.COUNTRIES[self.account_country[account]][2],
                "closeDate": iso(opportunity.close),
                "state": opportunity.state,
            }
            if opportunity.state == OpportunityState.OPEN or rng.random() < 0.5:
                row["budget"] = rng.choice(v.BANT_BUDGET)
                row["authority"] = rng.choice(v.BANT_AUTHORITY)
                row["need"] = rng.choice(v.BANT_NEED)
                row["timeline"] = rng.choice(v.BANT_TIMELINE)
            row["ownerSellerId"] = self.seller_ids[opportunity.owner]
            row["personIds"] = [self.person_ids[p] for p in opportunity.people]
            yield row

    def buying_role_rows(self, rng: random.Random) -> Iterator[Row]:
        for role in self.roles:
            row: Row = {
                "personId": self.person_ids[role.person],
                "accountId": self.account_ids[role.account],
                "role": role.role,
            }
            if role.opportunity >= 0:
                row["opportunityId"] = f"opp-{role.opportunity:06d}"
            row["stance"] = role.stance
            row["fromDate"] = iso(role.start)
            if role.end:
                row["toDate"] = iso(role.end)
            yield row

    def structural_relationship_rows(self) -> int:
        """Rows of employments, reporting lines and buying roles (fixed by the plan)."""
        employments = self.sizes.people + sum(1 for t in self.moved_to if t >= 0)
        return employments + len(self.reporting) + len(self.roles)

    def context_rows(self, rng: random.Random) -> Iterator[Row]:
        counter = itertools.count()
        kinds = list(v.CONTEXT_TEXTS)
        for account, account_id in enumerate(self.account_ids):
            engaged = self.account_status[account] != AccountStatus.TARGET
            for _ in range(rng.choice((0, 1, 2, 3, 4) if engaged else (0, 0, 1))):
                kind = rng.choice(kinds)
                row: Row = {
                    "id": f"ctx-{next(counter):06d}",
                    "accountId": account_id,
                    "kind": kind,
                    "text": rng.choice(v.CONTEXT_TEXTS[kind]),
                }
                if kind in ("GOAL", "PLAN"):
                    row["horizon"] = rng.choice(("quarter", "year", "multi-year"))
                if kind in ("MILESTONE", "GOAL"):
                    row["dueDate"] = iso(self.today + rng.randint(-60, 365))
                yield row

    def pain_rows(self, rng: random.Random) -> Iterator[Row]:
        counter = itertools.count()
        for account, account_id in enumerate(self.account_ids):
            if rng.random() < 0.4:
                yield {
                    "id": f"pain-{next(counter):06d}",
                    "text": rng.choice(v.ACCOUNT_PAINS),
                    "accountId": account_id,
                    "severity": rng.randint(1, 5),
                }
            for person in dict.fromkeys(self.role_holders[account]):
                pains = v.PAINS_BY_DEPARTMENT.get(self.dept[person]) or v.PAINS_BY_DEPARTMENT.get(
                    self.top_dept[person]
                )
                if pains and rng.random() < 0.35:
                    yield {
                        "id": f"pain-{next(counter):06d}",
                        "text": rng.choice(pains),
                        "personId": self.person_ids[person],
                        "severity": rng.randint(1, 5),
                    }


# --------------------------------------------------------------------------------------------
# Small helpers and tables


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` by weight: every slot gets one while there is enough, the rest by weight."""
    n = len(weights)
    base = 1 if total >= n else 0
    sizes = [base] * n
    if base == 0:
        for i in range(total):
            sizes[i] += 1
        return sizes
    rest = total - n
    scale = rest / sum(weights)
    shares = [w * scale for w in weights]
    for i, share in enumerate(shares):
        sizes[i] += int(share)
    left = total - sum(sizes)
    by_remainder = sorted(range(n), key=lambda i: (-(shares[i] - int(shares[i])), i))
    for i in by_remainder[:left]:
        sizes[i] += 1
    return sizes


def _title(rng: random.Random, top: str, dept: str, seniority: Seniority) -> str:
    if seniority == _VP:
        return f"VP of {dept}"
    if seniority == _DIR:
        return f"{rng.choice(('Director of', 'Head of'))} {dept}"
    if seniority == _MGR:
        return f"{dept} Manager"
    return rng.choice(v.DEPARTMENTS[top][2])


def _stance(rng: random.Random, supporter: float, neutral: float) -> str:
    roll = rng.random()
    if roll < supporter:
        return Stance.SUPPORTER
    return Stance.NEUTRAL if roll < supporter + neutral else Stance.DETRACTOR


def _maybe_strength(rng: random.Random) -> float:
    return round(rng.uniform(0.4, 0.9), 2) if rng.random() < 0.6 else -1.0


def _unique_email(name: str, domain: str, taken: set[str]) -> str:
    local = ".".join(part.lower() for part in name.split())
    for n in itertools.count(1):
        email = f"{local}{n if n > 1 else ''}@{domain}"
        if email not in taken:
            taken.add(email)
            return email
    raise AssertionError("unreachable")


def _dirty_domain(rng: random.Random, domain: str) -> str:
    """The shapes partner CRMs hold a website in."""
    head, _, tld = domain.partition(".")
    shapes = (
        f"https://www.{head.capitalize()}.{tld}/about",
        domain.upper(),
        f"www.{domain}",
        f"http://{domain}/",
        f"https://{domain}/contact-us?ref=partner",
        f"WWW.{domain.upper()}",
    )
    return rng.choice(shapes)


_COUNTRY_TLDS: Final = {
    "United States": ".com",
    "Canada": ".ca",
    "United Kingdom": ".co.uk",
    "Germany": ".de",
    "France": ".fr",
    "Netherlands": ".nl",
    "Sweden": ".se",
    "Spain": ".es",
    "Australia": ".com.au",
    "Japan": ".co.jp",
    "Singapore": ".com.sg",
    "India": ".in",
    "Brazil": ".com.br",
    "Mexico": ".com.mx",
}
_OPPORTUNITY_WEIGHT: Final = {
    AccountStatus.TARGET: 0.2,
    AccountStatus.PROSPECT: 3.0,
    AccountStatus.CUSTOMER: 2.0,
    AccountStatus.FORMER_CUSTOMER: 1.0,
    AccountStatus.LOST: 1.5,
}
_O, _W, _L = OpportunityState.OPEN, OpportunityState.WON, OpportunityState.LOST
_STATE_BY_STATUS: Final[
    dict[AccountStatus, tuple[tuple[OpportunityState, ...], tuple[int, ...]]]
] = {
    AccountStatus.TARGET: ((_O,), (1,)),
    AccountStatus.PROSPECT: ((_O, _L), (8, 2)),
    AccountStatus.CUSTOMER: ((_W, _O), (6, 4)),
    AccountStatus.FORMER_CUSTOMER: ((_W, _L), (7, 3)),
    AccountStatus.LOST: ((_L, _O), (9, 1)),
}
_DEAL_ROLES: Final = frozenset(
    {
        BuyingRole.CHAMPION,
        BuyingRole.TECHNICAL_EVALUATOR,
        BuyingRole.END_USER,
        BuyingRole.INFLUENCER,
        BuyingRole.DECISION_MAKER,
    }
)
_BLOCKER_DEPTS: Final = ("IT", "Security", "Legal", "Procurement", "Compliance")
_LABELS: Final[dict[str, str]] = {
    BuyingRole.ECONOMIC_BUYER: "final-decision-maker",
    BuyingRole.DECISION_MAKER: "decision-maker",
    BuyingRole.CHAMPION: "champion",
    BuyingRole.BLOCKER: "blocker",
    BuyingRole.INFLUENCER: "influencer",
}
_PARTNER_TITLES: Final = (
    "Partner Account Manager",
    "Alliance Director",
    "Solutions Consultant",
    "Channel Manager",
    "Customer Success Lead",
)
_PRODUCTS: Final = (
    "Account Mapping Platform",
    "Partner Overlap Add-on",
    "Enterprise Expansion",
    "Renewal",
    "Pilot",
    "Regional Rollout",
)
_FOREIGN: Final = ("Holdings", "Global", "International", "Ventures", "Worldwide")
