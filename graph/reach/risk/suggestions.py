"""Whom to engage next at an account, and why: people employed there that our team does not
engage yet, ranked by the summed weights of their reasons (``SUGGESTION_WEIGHTS``), then name."""

from __future__ import annotations

from graph.core.model import BuyingRole
from graph.reach.engagement import EngagedContact
from graph.reach.risk.facts import Facts, Staff
from graph.reach.risk.model import SUGGESTION_WEIGHTS, SuggestionReason


def suggest(
    facts: Facts, engaged: tuple[EngagedContact, ...]
) -> list[tuple[Staff, tuple[SuggestionReason, ...], int]]:
    """Every person worth engaging next with their reasons and score, best first."""
    engaged_ids = {e.id for e in engaged}
    thread = facts.staff[engaged[0].id] if len(engaged) == 1 else None
    left_roles = {role for d in facts.departures for role in d.roles}
    ranked = []
    for person in facts.staff.values():
        if person.id in engaged_ids:
            continue
        roles = facts.roles.get(person.id, set())
        reasons: list[SuggestionReason] = []
        if BuyingRole.ECONOMIC_BUYER.value in roles:
            reasons.append(SuggestionReason.IS_ECONOMIC_BUYER)
        if roles - {BuyingRole.ECONOMIC_BUYER.value}:
            reasons.append(SuggestionReason.HOLDS_ROLE)
        if thread is not None and person.id in thread.managers:
            reasons.append(SuggestionReason.MANAGER_OF_SINGLE_THREAD)
        if thread is not None and set(thread.managers) & set(person.managers):
            reasons.append(SuggestionReason.PEER_OF_SINGLE_THREAD)
        if person.partner_known:
            reasons.append(SuggestionReason.KNOWN_BY_PARTNER)
        if roles & left_roles:
            reasons.append(SuggestionReason.SUCCESSOR_OF_FORMER_CONTACT)
        if reasons:
            score = sum(SUGGESTION_WEIGHTS[r] for r in reasons)
            ranked.append((person, tuple(reasons), score))
    ranked.sort(key=lambda item: (-item[2], item[0].name or "", item[0].id))
    return ranked
