"""How well introductions work, per introducer or per partner, on a day.

Over the requests that exist on day ``d`` (graph/intros/listing.py), grouped by introducer (a
seller or a person) or by the introducer's partner (requests through no partner left out):

- *answered*: requests that had become ACCEPTED or DECLINED by ``d``; *acceptance rate* =
  accepted / answered (null when none was answered yet);
- *time to intro*: for each request that had become INTRODUCED by ``d``, the time from its request
  to its INTRODUCED change, in days (fractional); the mean and the median of those (null when
  none).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from graph.core.client import GraphClient
from graph.core.model import HumanKind
from graph.core.pagination import Page, paginate
from graph.intros.listing import AgedRequest, IntroFilter, load_visible_requests
from graph.intros.states import OPEN_STATES, IntroState

SECONDS_PER_DAY = 86_400


class IntroGroup(StrEnum):
    """What the figures are grouped by."""

    INTRODUCER = "INTRODUCER"
    PARTNER = "PARTNER"


@dataclass(frozen=True)
class IntroFigures:
    """One introducer's or one partner's requests on a day."""

    group: IntroGroup
    id: str
    kind: HumanKind | None
    name: str | None
    requested: int
    open: int
    accepted: int
    declined: int
    introduced: int
    meetings_held: int
    expired: int
    withdrawn: int
    acceptance_rate: float | None
    mean_days_to_intro: float | None
    median_days_to_intro: float | None


def _reached(aged: AgedRequest, state: IntroState) -> bool:
    return any(c.to_state is state for c in aged.changes)


def days_to_intro(aged: AgedRequest) -> float | None:
    """Days (fractional) from request to introduction, when introduced by the day."""
    made = next((c.at for c in aged.changes if c.to_state is IntroState.INTRODUCED), None)
    if made is None:
        return None
    return (made - aged.requested_at).total_seconds() / SECONDS_PER_DAY


def figures_of(
    group: IntroGroup, group_id: str, kind: HumanKind | None, name: str | None,
    requests: Iterable[AgedRequest],
) -> IntroFigures:  # fmt: skip
    """The figures of one group's requests."""
    items = list(requests)
    accepted = sum(1 for r in items if _reached(r, IntroState.ACCEPTED))
    declined = sum(1 for r in items if _reached(r, IntroState.DECLINED))
    durations = [d for d in (days_to_intro(r) for r in items) if d is not None]
    answered = accepted + declined
    return IntroFigures(
        group=group,
        id=group_id,
        kind=kind,
        name=name,
        requested=len(items),
        open=sum(1 for r in items if r.state in OPEN_STATES),
        accepted=accepted,
        declined=declined,
        introduced=sum(1 for r in items if _reached(r, IntroState.INTRODUCED)),
        meetings_held=sum(1 for r in items if _reached(r, IntroState.MEETING_HELD)),
        expired=sum(1 for r in items if r.state is IntroState.EXPIRED),
        withdrawn=sum(1 for r in items if r.state is IntroState.WITHDRAWN),
        acceptance_rate=accepted / answered if answered else None,
        mean_days_to_intro=statistics.fmean(durations) if durations else None,
        median_days_to_intro=statistics.median(durations) if durations else None,
    )


def group_figures(group: IntroGroup, requests: Iterable[AgedRequest]) -> list[IntroFigures]:
    """Figures per introducer or per partner, ordered by (kind,) id."""
    groups: dict[tuple[str, str], list[AgedRequest]] = {}
    names: dict[tuple[str, str], str | None] = {}
    for aged in requests:
        request = aged.request
        if group is IntroGroup.INTRODUCER:
            key = (request.introducer_kind.value, request.introducer_id)
            names[key] = request.introducer_name
        elif request.partner_id is None:
            continue
        else:
            key = ("", request.partner_id)
            names[key] = request.partner_name
        groups.setdefault(key, []).append(aged)
    return [
        figures_of(group, key[1], HumanKind(key[0]) if key[0] else None, names[key], items)
        for key, items in sorted(groups.items())
    ]


async def intro_figures(
    client: GraphClient,
    workspace: str,
    group: IntroGroup,
    where: IntroFilter,
    day: date,
    first: int = 20,
    after: str | None = None,
    *,
    viewer_partner_id: str | None = None,
) -> Page[IntroFigures]:
    """A page of the figures per introducer or per partner over the requests matching ``where``
    that the caller may see on ``day``."""
    requests = await load_visible_requests(client, workspace, where, day, viewer_partner_id)
    found = group_figures(group, requests)
    return paginate(
        found,
        first=first,
        after=after,
        sort_key=f"intro-figures:{group.value}:{day.isoformat()}",
        position=lambda f: (f.kind.value if f.kind else "", f.id),
    )
