"""Generated workspaces for the partner-boundary property tests, and the plain-Python answer to
"what may this partner credential see": written here on its own, not taken from the product.

Every id and every name in a world is distinct and recognisable (names are ``N-<id>``), so a test
can find any of them in a response and say whose it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from hypothesis import strategies as st

from tests.overlap_fixture import OverlapData
from tests.reference.temporal import in_force

DAY = date(2026, 3, 1)
DAYS = (DAY - timedelta(days=40), DAY, DAY + timedelta(days=40))
LEVELS = ("NONE", "COUNTS", "ACCOUNTS", "CONTACTS")
CALLER = "p1"
OTHER = "p2"
OUR_TEAM = "our-team"


@dataclass(frozen=True)
class Span:
    """An employment or a role, with its days."""

    person: str
    place: str
    start: date | None
    end: date | None
    role: str = ""

    def holds(self, day: date) -> bool:
        """Held on the day: begun (or no start), not yet ended (or no end)."""
        return in_force(self.start, self.end, day)


@dataclass
class World:
    """A generated workspace and what the reference needs to know about it."""

    level: str
    data: OverlapData = field(default_factory=OverlapData)
    accounts: list[str] = field(default_factory=list)
    sellers: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    shared: dict[str, set[str]] = field(default_factory=dict)  # partner -> accounts it shares
    records: dict[str, set[str]] = field(default_factory=dict)  # partner -> record ids
    jobs: list[Span] = field(default_factory=list)
    knows: set[frozenset[str]] = field(default_factory=set)

    def everything(self) -> dict[str, str]:
        """Every id and name in the workspace -> the id it stands for."""
        ids = [
            *self.accounts,
            *self.sellers,
            *self.people,
            CALLER,
            OTHER,
            *(r for records in self.records.values() for r in records),
        ]
        found = {i: i for i in ids}
        found.update({f"N-{i}": i for i in ids})
        return found

    def contacts(self, day: date) -> set[str]:
        """CALLER's contacts on the day."""
        return {j.person for j in self.jobs if j.place == CALLER and j.holds(day)}

    def allowed(self, day: date) -> set[str]:
        """The ids a partner credential of CALLER may see on the day, by the boundary's rule."""
        allowed = {CALLER, OUR_TEAM}
        if self.level in ("ACCOUNTS", "CONTACTS"):
            allowed |= self.shared[CALLER] | self.records[CALLER]
        if self.level == "CONTACTS":
            contacts = self.contacts(day)
            allowed |= contacts
            allowed |= {
                j.person
                for j in self.jobs
                if j.place in self.shared[CALLER]
                and j.holds(day)
                and any(frozenset((c, j.person)) in self.knows for c in contacts - {j.person})
            }
        return allowed


def _span(draw: st.DrawFn) -> tuple[date | None, date | None]:
    # Mostly open: a world where nobody is current shows nothing worth checking.
    offsets = st.sampled_from(range(-80, 81, 20))
    start = None if draw(st.sampled_from([True, True, False])) else draw(offsets)
    end = None if draw(st.sampled_from([True, True, False])) else draw(offsets)
    return (
        None if start is None else DAY + timedelta(days=start),
        None if end is None else DAY + timedelta(days=end),
    )


@st.composite
def worlds(draw: st.DrawFn) -> World:
    """Accounts, two partners sharing some of them, contacts and staff with leavers, future
    starts and movers, buying roles, and who knows whom (ours, theirs, and across)."""
    world = World(level=draw(st.sampled_from((*LEVELS, "CONTACTS", "CONTACTS"))))
    data = world.data
    world.sellers = ["s0", "s1"]
    for seller in world.sellers:
        data.seller(seller, f"N-{seller}")
    world.accounts = [f"a{i}" for i in range(draw(st.integers(2, 5)))]
    for account in world.accounts:
        status = draw(st.sampled_from(["TARGET", "PROSPECT", "CUSTOMER", "LOST"]))
        data.account(account, f"N-{account}", f"{account}.example.com", status)
        if draw(st.booleans()):
            state = draw(st.sampled_from(["OPEN", "WON", "LOST"]))
            data.opportunity(f"{account}-o", account, state)
    for partner, level in ((CALLER, world.level), (OTHER, "CONTACTS")):
        data.partner(partner, level, f"N-{partner}")
        shared = draw(st.sets(st.sampled_from(world.accounts), min_size=1))
        world.shared[partner] = shared
        world.records[partner] = set()
        for account in sorted(shared):
            status = draw(st.sampled_from(["CUSTOMER", "OPPORTUNITY", "PROSPECT"]))
            data.partner_account(partner, account, f"N-{account}", f"{account}.example.com", status)
            world.records[partner].add(f"{partner}/{account}")
    contacts: list[str] = []
    for partner in (CALLER, OTHER):
        for n in range(draw(st.integers(1, 2))):
            person = f"{partner}-c{n}"
            contacts.append(person)
            _employ(draw, world, person, partner)
    staff: list[str] = []
    for account in world.accounts:
        for n in range(draw(st.integers(1, 3))):
            person = f"{account}-x{n}"
            staff.append(person)
            _employ(draw, world, person, account)
            if draw(st.integers(0, 5)) == 0:  # a mover
                elsewhere = draw(st.sampled_from([a for a in world.accounts if a != account]))
                _employ(draw, world, person, elsewhere, known=True)
            role = draw(st.sampled_from(["ECONOMIC_BUYER", "ECONOMIC_BUYER", "CHAMPION"]))
            start, end = _span(draw)
            data.role(person, account, role, start=start, end=end)
    world.people = contacts + staff
    for contact in contacts:  # our sellers know the partners' contacts: routes run through them
        if draw(st.integers(0, 2)) > 0:
            world.knows.add(frozenset(("s0", contact)))
            data.know("s0", contact, draw(st.sampled_from([0.6, 0.9])), from_seller=True)
    strengths = st.sampled_from([0.2, 0.4, 0.6, 0.8, 0.9, 1.0])
    anyone = world.sellers + world.people
    for i, a in enumerate(anyone):
        for b in anyone[i + 1 :]:
            if b in world.sellers or frozenset((a, b)) in world.knows:
                continue
            # Its contacts know half the people, everyone else a third of them.
            odds = [True, False] if a.startswith(f"{CALLER}-") else [False, False, True]
            if draw(st.sampled_from(odds)):
                world.knows.add(frozenset((a, b)))
                data.know(a, b, draw(strengths), from_seller=a in world.sellers)
    return world


def _employ(draw: st.DrawFn, world: World, person: str, place: str, known: bool = False) -> None:
    if not known:
        world.data.person(person, f"N-{person}", title=draw(st.sampled_from([None, "CFO"])))
    start, end = _span(draw)
    world.data.employ(person, place, start=start, end=end)
    world.jobs.append(Span(person, place, start, end))
