"""The risk model's vocabulary: flags and their weights, suggestion reasons, the settings, and
the answers (an account's risk, a what-if)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from graph.core.dates import check_day_count
from graph.core.errors import InvalidInput
from graph.core.model import HumanKind, OrganizationKind
from graph.reach.describe import WarmPath
from graph.reach.engagement import DEFAULT_MIN_STRENGTH, DEFAULT_STALE_AFTER_DAYS, EngagedContact
from graph.reach.paths import check_hops
from graph.reach.walks import DEFAULT_REPORTS_TO_STRENGTH


class RiskFlag(StrEnum):
    """Why a deal may go dark."""

    NO_ENGAGED_CONTACT = "NO_ENGAGED_CONTACT"
    SINGLE_THREADED = "SINGLE_THREADED"
    SINGLE_SELLER = "SINGLE_SELLER"
    SINGLE_DEPARTMENT = "SINGLE_DEPARTMENT"
    ECONOMIC_BUYER_UNKNOWN = "ECONOMIC_BUYER_UNKNOWN"
    ECONOMIC_BUYER_UNENGAGED = "ECONOMIC_BUYER_UNENGAGED"
    NO_CHAMPION = "NO_CHAMPION"
    CHAMPION_WITHOUT_ACCESS = "CHAMPION_WITHOUT_ACCESS"
    SINGLE_POINT_OF_FAILURE = "SINGLE_POINT_OF_FAILURE"
    CONTACT_LEFT = "CONTACT_LEFT"


DEFAULT_WEIGHTS: Mapping[RiskFlag, int] = MappingProxyType(
    {
        # Nobody to call is the worst case; one thread is next; a missing or unreached
        # economic buyer follows, then the flags that make a thread fragile.
        RiskFlag.NO_ENGAGED_CONTACT: 40,
        RiskFlag.SINGLE_THREADED: 25,
        RiskFlag.ECONOMIC_BUYER_UNKNOWN: 20,
        RiskFlag.ECONOMIC_BUYER_UNENGAGED: 15,
        RiskFlag.SINGLE_POINT_OF_FAILURE: 15,
        RiskFlag.CONTACT_LEFT: 15,
        RiskFlag.NO_CHAMPION: 10,
        RiskFlag.CHAMPION_WITHOUT_ACCESS: 10,
        RiskFlag.SINGLE_SELLER: 10,
        RiskFlag.SINGLE_DEPARTMENT: 5,
    }
)
"""Score points per raised flag; the score is their sum, capped at 100."""


class SuggestionReason(StrEnum):
    """Why a person is worth engaging next."""

    IS_ECONOMIC_BUYER = "IS_ECONOMIC_BUYER"
    HOLDS_ROLE = "HOLDS_ROLE"
    MANAGER_OF_SINGLE_THREAD = "MANAGER_OF_SINGLE_THREAD"
    PEER_OF_SINGLE_THREAD = "PEER_OF_SINGLE_THREAD"
    KNOWN_BY_PARTNER = "KNOWN_BY_PARTNER"
    SUCCESSOR_OF_FORMER_CONTACT = "SUCCESSOR_OF_FORMER_CONTACT"


SUGGESTION_WEIGHTS: Mapping[SuggestionReason, int] = MappingProxyType(
    {
        SuggestionReason.IS_ECONOMIC_BUYER: 5,
        SuggestionReason.MANAGER_OF_SINGLE_THREAD: 3,
        SuggestionReason.SUCCESSOR_OF_FORMER_CONTACT: 3,
        SuggestionReason.HOLDS_ROLE: 2,
        SuggestionReason.PEER_OF_SINGLE_THREAD: 1,
        SuggestionReason.KNOWN_BY_PARTNER: 1,
    }
)
"""How suggestions rank: the sum of their reasons' weights, then name."""


@dataclass(frozen=True)
class RiskSettings:
    """The thresholds and weights of the risk model (the issue's defaults)."""

    min_strength: float = DEFAULT_MIN_STRENGTH
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS
    lookback_days: int = 180
    max_hops: int = 3
    champion_hops: int = 2
    reports_to_strength: float = DEFAULT_REPORTS_TO_STRENGTH
    weights: Mapping[RiskFlag, int] = field(default_factory=lambda: DEFAULT_WEIGHTS)
    max_suggestions: int = 5
    suggestion_path_hops: int = 4

    def check(self) -> None:
        """``InvalidInput`` naming the GraphQL field unless the thresholds make sense."""
        if not 0.0 < self.min_strength <= 1.0:
            raise InvalidInput("minStrength must be in (0, 1].", field="minStrength")
        check_day_count(self.stale_after_days, "staleAfterDays")
        check_day_count(self.lookback_days, "lookbackDays")
        check_hops(self.max_hops, "maxHops")


@dataclass(frozen=True)
class Someone:
    """A person or seller named by a flag or a suggestion."""

    id: str
    name: str | None
    kind: HumanKind


@dataclass(frozen=True)
class Departure:
    """Someone who left the account within the lookback, and where they work now."""

    id: str
    name: str | None
    left_on: date
    was_engaged: bool
    roles: tuple[str, ...]
    new_organization_id: str | None
    new_organization_name: str | None
    new_organization_kind: OrganizationKind | None


@dataclass(frozen=True)
class RaisedFlag:
    """One flag with its weight, a sentence, and the people or departures behind it."""

    flag: RiskFlag
    weight: int
    detail: str
    people: tuple[Someone, ...] = ()
    departures: tuple[Departure, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    """A person to engage next, why, and the warmest path to them."""

    person: Someone
    title: str | None
    reasons: tuple[SuggestionReason, ...]
    roles: tuple[str, ...]
    score: int
    path: WarmPath | None


@dataclass(frozen=True)
class AccountRisk:
    """One account's single-threaded risk on a day."""

    account_id: str
    account_name: str | None
    status: str | None
    as_of: date
    score: int
    flags: tuple[RaisedFlag, ...]
    engaged_contacts: tuple[EngagedContact, ...]
    economic_buyers: tuple[Someone, ...]
    champions: tuple[Someone, ...]
    suggestions: tuple[Suggestion, ...]

    @property
    def flag_names(self) -> frozenset[RiskFlag]:
        """The raised flags as a set."""
        return frozenset(f.flag for f in self.flags)


@dataclass(frozen=True)
class WhatIf:
    """An account's risk now and as if someone left."""

    before: AccountRisk
    after: AccountRisk
    gone: Someone


def risk_weights(overrides: Mapping[str, int] | None = None) -> Mapping[RiskFlag, int]:
    """The default weights with some replaced (flag name -> points); ``InvalidInput`` on an
    unknown flag or a weight outside 0..100."""
    weights = dict(DEFAULT_WEIGHTS)
    for name, points in (overrides or {}).items():
        if name not in RiskFlag.__members__:
            raise InvalidInput(f"{name} is not a risk flag.", field="weights")
        if not 0 <= points <= 100:
            raise InvalidInput(f"The weight of {name} must be between 0 and 100.", field="weights")
        weights[RiskFlag(name)] = points
    return MappingProxyType(weights)
