"""The flags an account's facts and walks raise, each with its weight, a sentence and the people
behind it; the score is their weights' sum, capped at 100 (``score_of``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph.core.model import BuyingRole, HumanKind
from graph.reach.engagement import EngagedContact
from graph.reach.risk.facts import Facts
from graph.reach.risk.model import Departure, RaisedFlag, RiskFlag, RiskSettings, Someone


def someone(facts: Facts, person_id: str) -> Someone:
    """A person of the account, named as the facts know them."""
    person = facts.staff.get(person_id)
    return Someone(person_id, None if person is None else person.name, HumanKind.PERSON)


def holders(facts: Facts, role: str) -> list[str]:
    """Ids of the people employed there who hold ``role`` on the day."""
    return sorted(p for p, roles in facts.roles.items() if role in roles and p in facts.staff)


@dataclass(frozen=True)
class Graphwise:
    """What the walks found: the single points of failure, and whether a champion reaches an
    economic buyer (None when there is no champion or no economic buyer)."""

    single_points: tuple[Someone, ...]
    champion_access: bool | None


def raise_flags(
    facts: Facts,
    engaged: tuple[EngagedContact, ...],
    graphwise: Graphwise,
    settings: RiskSettings,
) -> list[RaisedFlag]:
    """The raised flags, in a fixed order, each with its weight from ``settings``."""
    weights = settings.weights
    raised: list[RaisedFlag] = []

    def flag(
        which: RiskFlag,
        detail: str,
        people: Iterable[Someone] = (),
        departures: Iterable[Departure] = (),
    ) -> None:
        raised.append(
            RaisedFlag(which, weights.get(which, 0), detail, tuple(people), tuple(departures))
        )

    contacts = [Someone(e.id, e.name, HumanKind.PERSON) for e in engaged]
    if not engaged:
        flag(RiskFlag.NO_ENGAGED_CONTACT, "Nobody at the account is engaged by our team.")
    if len(engaged) == 1:
        flag(RiskFlag.SINGLE_THREADED, "The deal rests on one engaged contact.", contacts)
    sellers = {s for e in engaged for s in e.seller_ids}
    if len(sellers) == 1:
        (seller,) = sellers
        flag(
            RiskFlag.SINGLE_SELLER,
            "Every engaged relationship is held by one seller.",
            [Someone(seller, _seller_name(facts, seller), HumanKind.SELLER)],
        )
    departments = {e.department for e in engaged}
    if len(engaged) >= 2 and len(departments) == 1 and None not in departments:
        flag(
            RiskFlag.SINGLE_DEPARTMENT,
            f"Every engaged contact works in {departments.pop()}.",
            contacts,
        )
    buyers = holders(facts, BuyingRole.ECONOMIC_BUYER)
    engaged_ids = {e.id for e in engaged}
    if not buyers:
        flag(RiskFlag.ECONOMIC_BUYER_UNKNOWN, "No economic buyer is mapped at the account.")
    elif not engaged_ids & set(buyers):
        flag(
            RiskFlag.ECONOMIC_BUYER_UNENGAGED,
            "The economic buyer is mapped but nobody on our team engages them.",
            [someone(facts, b) for b in buyers],
        )
    champions = holders(facts, BuyingRole.CHAMPION)
    if not champions:
        flag(RiskFlag.NO_CHAMPION, "Nobody at the account champions us.")
    elif graphwise.champion_access is False:
        flag(
            RiskFlag.CHAMPION_WITHOUT_ACCESS,
            f"No champion reaches the economic buyer within {settings.champion_hops} hops.",
            [someone(facts, c) for c in champions],
        )
    if graphwise.single_points:
        names = ", ".join(p.name or p.id for p in graphwise.single_points)
        flag(
            RiskFlag.SINGLE_POINT_OF_FAILURE,
            f"Every path within {settings.max_hops} hops to the economic buyer goes through "
            f"{names}.",
            graphwise.single_points,
        )
    if facts.departures:
        flag(
            RiskFlag.CONTACT_LEFT,
            f"{len(facts.departures)} engaged contact(s) or role holder(s) left within "
            f"{settings.lookback_days} days.",
            [Someone(d.id, d.name, HumanKind.PERSON) for d in facts.departures],
            facts.departures,
        )
    return raised


def _seller_name(facts: Facts, seller: str) -> str | None:
    for person in facts.staff.values():
        for tie in person.ties:
            if tie.seller == seller:
                return tie.seller_name
    return None


def score_of(flags: Iterable[RaisedFlag]) -> int:
    """The sum of the raised flags' weights, capped at 100."""
    return min(100, sum(flag.weight for flag in flags))
