"""The states of an intro request and the one table of legal changes between them.

REQUESTED -> ACCEPTED | DECLINED; ACCEPTED -> INTRODUCED -> MEETING_HELD; a request that is still
REQUESTED or ACCEPTED may instead EXPIRE (nobody answered, nothing happened) or be WITHDRAWN (we no
longer want it). DECLINED, MEETING_HELD, EXPIRED and WITHDRAWN are final. A partner credential
answers requests addressed to its contacts: it may accept, decline and say the introduction was
made, nothing else.
"""

from __future__ import annotations

from enum import StrEnum

from graph.core.errors import InvalidInput


class IntroState(StrEnum):
    """Where an intro request stands."""

    REQUESTED = "REQUESTED"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    INTRODUCED = "INTRODUCED"
    MEETING_HELD = "MEETING_HELD"
    EXPIRED = "EXPIRED"
    WITHDRAWN = "WITHDRAWN"


TRANSITIONS: dict[IntroState, frozenset[IntroState]] = {
    IntroState.REQUESTED: frozenset(
        {IntroState.ACCEPTED, IntroState.DECLINED, IntroState.EXPIRED, IntroState.WITHDRAWN}
    ),
    IntroState.ACCEPTED: frozenset(
        {IntroState.INTRODUCED, IntroState.EXPIRED, IntroState.WITHDRAWN}
    ),
    IntroState.INTRODUCED: frozenset({IntroState.MEETING_HELD}),
    IntroState.DECLINED: frozenset(),
    IntroState.MEETING_HELD: frozenset(),
    IntroState.EXPIRED: frozenset(),
    IntroState.WITHDRAWN: frozenset(),
}
"""From each state, the states a change may move it to."""

PARTNER_MAY_SET: frozenset[IntroState] = frozenset(
    {IntroState.ACCEPTED, IntroState.DECLINED, IntroState.INTRODUCED}
)
"""The changes a partner credential may make to a request addressed to its contacts."""

OPEN_STATES: frozenset[IntroState] = frozenset({IntroState.REQUESTED, IntroState.ACCEPTED})
"""States still waiting on someone."""


def allowed_from(state: IntroState) -> list[IntroState]:
    """The states a request in ``state`` may move to, in the enum's order."""
    return [s for s in IntroState if s in TRANSITIONS[state]]


def check_transition(current: IntroState, wanted: IntroState) -> None:
    """``InvalidInput`` naming ``state`` (with the current state and the allowed ones) unless
    ``current -> wanted`` is in the table."""
    if wanted not in TRANSITIONS[current]:
        allowed = allowed_from(current)
        options = ", ".join(allowed) if allowed else "nothing (it is final)"
        raise InvalidInput(
            f"An intro request that is {current.value} cannot become {wanted.value}; it may "
            f"become {options}.",
            field="state",
            extensions={"currentState": current.value, "allowed": [s.value for s in allowed]},
        )
