"""KNOWS and INFLUENCES rows for a plan: exactly the budget, each pair at most once per kind.

Most rows are drawn account by account (colleagues know their manager and their department;
sellers know people at the accounts they work, as each account's engagement mode says), then
partner contacts who know people at the accounts their partner shares, sellers who know partner
contacts, and acquaintances across accounts, which also fill whatever the per-account quotas
could not hold (a small account has few distinct pairs).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from typing import Final

from seeds.plan import Plan, Row, iso

_SELLER_SOURCES: Final = ("email", "meeting", "call", "event", "crm")
_PEER_SOURCES: Final = ("email", "meeting", "linkedin", "crm")
_CROSS_SOURCES: Final = ("former colleague", "industry event", "linkedin")
_TIMES: Final = tuple(f"T{h:02d}:{m:02d}:00Z" for h in range(7, 20) for m in (0, 15, 30, 45))
_MAX_DAYS: Final = 720

# Shares of the budget; cross-account acquaintances take the rest.
_COLLEAGUES: Final = 0.55
_INFLUENCES: Final = 0.15
_SELLERS: Final = 0.07
_PARTNER_CONTACTS: Final = 0.08
_SELLER_CONTACTS: Final = 0.01


def relationship_rows(plan: Plan, rng: random.Random) -> Iterator[Row]:
    """The relationships section: what the relationship-row target leaves after the structure."""
    budget = max(0, plan.sizes.relationships - plan.structural_relationship_rows())
    return _Relationships(plan, rng, budget).rows()


class _Relationships:
    def __init__(self, plan: Plan, rng: random.Random, budget: int) -> None:
        self.plan = plan
        self.rand = rng.random
        self.budget = budget
        self.emitted = 0
        self.n_people = plan.sizes.people
        self.n_nodes = plan.sizes.people + plan.sizes.sellers
        self.knows: set[int] = set()
        self.influences: set[int] = set()
        self.days = [iso(plan.today - d) for d in range(_MAX_DAYS + 1)]

    # -- small pieces ------------------------------------------------------------------------

    def _new_pair(self, a: int, b: int) -> bool:
        if a == b:
            return False
        key = a * self.n_nodes + b if a < b else b * self.n_nodes + a
        if key in self.knows:
            return False
        self.knows.add(key)
        return True

    def _seen(self) -> str:
        rand = self.rand
        days = min(_MAX_DAYS, int(-70.0 * math.log(1.0 - rand())))
        return self.days[days] + _TIMES[int(rand() * len(_TIMES))]

    def _strength(self, low: float, high: float) -> float:
        return round(low + (high - low) * self.rand(), 2) or 0.01

    def _seller_strength(self) -> float:
        return self._strength(0.5, 1.0) if self.rand() < 0.5 else self._strength(0.05, 0.5)

    def _person_knows(self, a: int, b: int, source: str, strength: float, seen: bool) -> Row:
        ids = self.plan.person_ids
        row: Row = {
            "kind": "KNOWS",
            "fromId": ids[a],
            "fromKind": "PERSON",
            "toId": ids[b],
            "toKind": "PERSON",
            "strength": strength,
            "source": source,
        }
        if seen:
            row["lastInteractionAt"] = self._seen()
        return row

    def _seller_knows(self, seller: int, person: int, source: str, strength: float) -> Row:
        return {
            "kind": "KNOWS",
            "fromId": self.plan.seller_ids[seller],
            "fromKind": "SELLER",
            "toId": self.plan.person_ids[person],
            "toKind": "PERSON",
            "strength": strength,
            "source": source,
            "lastInteractionAt": self._seen(),
        }

    # -- the sequence ------------------------------------------------------------------------

    def rows(self) -> Iterator[Row]:
        plan, b = self.plan, self.budget
        members = plan.account_members
        contacts = self.n_people - plan.first_contact
        colleague_quota = _quotas(
            round(b * _COLLEAGUES),
            [len(m) ** 1.2 if len(m) > 1 else 0.0 for m in members],
            [int(0.45 * len(m) * (len(m) - 1) / 2) for m in members],
        )
        influence_quota = _quotas(
            round(b * _INFLUENCES),
            [len(m) ** 1.2 if len(m) > 1 else 0.0 for m in members],
            [int(0.15 * len(m) * (len(m) - 1)) for m in members],
        )
        current = [sum(1 for p in m if plan.current_at(p, a)) for a, m in enumerate(members)]
        seller_weights = [
            float(current[a]) if mode in ("owner", "multi") else 0.0
            for a, mode in enumerate(plan.engagement)
        ]
        seller_caps = [
            current[a] * (1 if mode == "owner" else 3) for a, mode in enumerate(plan.engagement)
        ]
        seller_quota = _quotas(round(b * _SELLERS), seller_weights, seller_caps)
        for account in range(plan.sizes.accounts):
            if self.emitted >= b:
                return
            yield from self._account(
                account, seller_quota[account], colleague_quota[account], influence_quota[account]
            )
        if contacts:
            yield from self._limited(self._partner_contacts(round(b * _PARTNER_CONTACTS)))
            yield from self._limited(
                self._seller_contacts(min(round(b * _SELLER_CONTACTS), contacts * 3))
            )
        yield from self._limited(self._acquaintances(b - self.emitted))
        # Only a tiny workspace gets here: it has run out of distinct pairs of people.
        yield from self._limited(self._any_seller_knows(b - self.emitted))
        yield from self._limited(self._any_influences(b - self.emitted))

    def _limited(self, rows: Iterator[Row]) -> Iterator[Row]:
        for row in rows:
            if self.emitted >= self.budget:
                return
            self.emitted += 1
            yield row

    def _account(
        self, account: int, sellers: int, colleagues: int, influences: int
    ) -> Iterator[Row]:
        plan, rand = self.plan, self.rand
        members = plan.account_members[account]
        current = [p for p in members if plan.current_at(p, account)]
        n = len(members)
        if not n:
            return
        by_dept: dict[str, list[int]] = {}
        for p in members:
            by_dept.setdefault(plan.top_dept[p], []).append(p)
        owner = plan.account_owner[account]
        mode = plan.engagement[account]
        offset = self.n_people

        def colleague(person: int) -> int:
            roll = rand()
            if plan.moved_to[person] == account:  # a newcomer knows whom they work with now
                return members[int(roll * n)]
            if roll < 0.3 and plan.manager[person] >= 0:
                return plan.manager[person]
            group = by_dept[plan.top_dept[person]] if roll < 0.7 else members
            return group[int(rand() * len(group))]

        rows: list[Row] = []
        if mode == "single" and current:
            # Exactly one person known, by the owner: a single-threaded account.
            person = current[int(rand() * len(current))]
            if self._new_pair(offset + owner, person):
                rows.append(
                    self._seller_knows(
                        owner, person, _SELLER_SOURCES[int(rand() * 5)], self._strength(0.55, 1.0)
                    )
                )
        made = tries = 0
        while made < sellers and tries < 4 * sellers + 10 and current:
            tries += 1
            pool = members if rand() < 0.1 else current  # some know people who since left
            person = pool[int(rand() * len(pool))]
            seller = owner
            if mode != "owner" and rand() >= 0.5:
                seller = int(rand() * plan.sizes.sellers)
            if self._new_pair(offset + seller, person):
                made += 1
                rows.append(
                    self._seller_knows(
                        seller, person, _SELLER_SOURCES[int(rand() * 5)], self._seller_strength()
                    )
                )
        made = tries = 0
        while made < colleagues and tries < 4 * colleagues + 10:
            tries += 1
            person = members[int(rand() * n)]
            other = colleague(person)
            if self._new_pair(person, other):
                made += 1
                rows.append(
                    self._person_knows(
                        person,
                        other,
                        _PEER_SOURCES[int(rand() * 4)],
                        self._strength(0.1, 1.0),
                        rand() < 0.4,
                    )
                )
        made = tries = 0
        ids = plan.person_ids
        while made < influences and tries < 4 * influences + 10:
            tries += 1
            person = members[int(rand() * n)]
            other = colleague(person)
            key = person * self.n_nodes + other
            if person != other and key not in self.influences:
                self.influences.add(key)
                made += 1
                rows.append(
                    {
                        "kind": "INFLUENCES",
                        "fromId": ids[person],
                        "fromKind": "PERSON",
                        "toId": ids[other],
                        "toKind": "PERSON",
                        "strength": self._strength(0.2, 0.9),
                    }
                )
        yield from self._limited(iter(rows))

    def _partner_contacts(self, quota: int) -> Iterator[Row]:
        plan, rand = self.plan, self.rand
        first, last = plan.first_contact, self.n_people
        made = tries = 0
        while made < quota and tries < 4 * quota + 10:
            tries += 1
            contact = first + int(rand() * (last - first))
            overlap = plan.partner_overlap[plan.org[contact]]
            account = overlap[int(rand() * len(overlap))]
            holders = plan.role_holders[account]
            if holders and rand() < 0.4:
                person = holders[int(rand() * len(holders))]
            else:
                pool = plan.account_members[account]
                if not pool:
                    continue
                person = pool[int(rand() * len(pool))]
                if not plan.current_at(person, account):
                    continue
            if self._new_pair(contact, person):
                made += 1
                yield self._person_knows(contact, person, "partner", self._seller_strength(), True)

    def _seller_contacts(self, quota: int) -> Iterator[Row]:
        plan, rand = self.plan, self.rand
        first, last = plan.first_contact, self.n_people
        managers = plan.partner_manager_pool
        made = tries = 0
        while made < quota and tries < 4 * quota + 10:
            tries += 1
            if rand() < 0.7:
                seller = managers[int(rand() * len(managers))]
            else:
                seller = int(rand() * plan.sizes.sellers)
            contact = first + int(rand() * (last - first))
            if self._new_pair(self.n_people + seller, contact):
                made += 1
                yield self._seller_knows(
                    seller, contact, "partner program", self._strength(0.4, 1.0)
                )

    def _acquaintances(self, quota: int) -> Iterator[Row]:
        plan, rand = self.plan, self.rand
        people = plan.first_contact
        if people < 2:
            return
        made = tries = 0
        while made < quota and tries < 20 * quota + 1000:
            tries += 1
            a, b = int(rand() * people), int(rand() * people)
            if plan.org[a] == plan.org[b] and tries < 10 * quota:
                continue  # prefer other companies; accept any pair once that is exhausted
            if self._new_pair(a, b):
                made += 1
                source = _CROSS_SOURCES[int(rand() * 3)]
                yield self._person_knows(a, b, source, self._strength(0.05, 0.7), False)

    def _any_seller_knows(self, quota: int) -> Iterator[Row]:
        plan, rand = self.plan, self.rand
        if not self.n_people:
            return
        made = tries = 0
        while made < quota and tries < 20 * quota + 100:
            tries += 1
            seller, person = int(rand() * plan.sizes.sellers), int(rand() * self.n_people)
            if self._new_pair(self.n_people + seller, person):
                made += 1
                yield self._seller_knows(seller, person, "crm", self._seller_strength())

    def _any_influences(self, quota: int) -> Iterator[Row]:
        plan, rand = self.plan, self.rand
        people, ids = plan.first_contact, plan.person_ids
        made = tries = 0
        while made < quota and tries < 20 * quota + 100 and people > 1:
            tries += 1
            a, b = int(rand() * people), int(rand() * people)
            key = a * self.n_nodes + b
            if a != b and key not in self.influences:
                self.influences.add(key)
                made += 1
                yield {
                    "kind": "INFLUENCES",
                    "fromId": ids[a],
                    "fromKind": "PERSON",
                    "toId": ids[b],
                    "toKind": "PERSON",
                    "strength": self._strength(0.2, 0.9),
                }


def _quotas(total: int, weights: list[float], caps: list[int]) -> list[int]:
    """``total`` split by weight, each share capped; what the caps cut is left to the fill."""
    weight = sum(weights)
    if total <= 0 or weight <= 0:
        return [0] * len(weights)
    scale = total / weight
    return [min(cap, int(w * scale + 0.5)) for w, cap in zip(weights, caps, strict=True)]
