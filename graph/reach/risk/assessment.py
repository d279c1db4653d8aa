"""One account's risk, assembled: the facts, the walks (reach, champion access and the paths to
the suggested people side by side), the flags, the score and the suggestions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient
from graph.core.errors import NotFound
from graph.core.model import BuyingRole, HumanKind
from graph.reach.describe import build_path, describe_nodes
from graph.reach.engagement import engaged_among
from graph.reach.paths import load_people
from graph.reach.risk.access import Reach, champion_walk, reach_walk, single_points
from graph.reach.risk.facts import load_facts_and_sellers, without
from graph.reach.risk.flags import Graphwise, holders, raise_flags, score_of, someone
from graph.reach.risk.model import AccountRisk, RiskSettings, Someone, Suggestion
from graph.reach.risk.suggestions import suggest
from graph.reach.search import FoundPath, warmest_walk
from graph.reach.walks import Neighbourhoods, Walk, WalkRules, walk_together

T = TypeVar("T")


async def assess(
    tx: AsyncManagedTransaction,
    workspace: str,
    account_ids: Sequence[str],
    day: date,
    settings: RiskSettings,
    suggestions: bool,
    gone_people: frozenset[str] = frozenset(),
    gone_sellers: frozenset[str] = frozenset(),
    hoods: Neighbourhoods | None = None,
) -> dict[str, AccountRisk]:
    """Each known account's risk on ``day`` (unknown ids are absent), with ``suggestions`` and
    their paths when asked, as if ``gone_people`` and ``gone_sellers`` had left. ``hoods``:
    neighbourhoods already pulled in this transaction under the same day and settings, shared
    by batch after batch (the portfolio); only without anyone gone."""
    facts, sellers = await load_facts_and_sellers(
        tx, workspace, account_ids, day, settings, suggestions
    )
    blocked_people = await load_people(tx, workspace, sorted(gone_people)) if gone_people else {}
    blocked = frozenset(blocked_people) | frozenset(
        node for node, sid in sellers.items() if sid in gone_sellers
    )
    sellers = {node: sid for node, sid in sellers.items() if node not in blocked}
    if gone_people or gone_sellers:
        facts = {a: without(f, gone_people, gone_sellers, day, settings) for a, f in facts.items()}
    targets = {
        a: frozenset(f.staff[p].node for p in holders(f, BuyingRole.ECONOMIC_BUYER))
        for a, f in facts.items()
    }
    if hoods is None:
        hoods = walk_neighbourhoods(tx, workspace, day, settings, blocked)
    else:
        assert not blocked, "shared neighbourhoods know nobody as gone"
    engaged = {a: engaged_among(f.staff.values(), day, settings) for a, f in facts.items()}
    chosen = {
        a: suggest(f, engaged[a])[: settings.max_suggestions] if suggestions else []
        for a, f in facts.items()
    }
    wanted = [(a, person) for a in facts for person, _, _ in chosen[a]]
    # Reach, champion access and the paths to every suggested person walk side by side: one
    # statement per level for all of them, each neighbourhood fetched once.
    reach: dict[str, Reach] = {}
    near: dict[str, set[str]] = {}
    found: list[list[FoundPath]] = []
    await walk_together(
        hoods,
        [
            _keeping(reach_walk(hoods, sellers, targets, settings.max_hops), reach.update),
            _keeping(champion_walk(hoods, targets, settings.champion_hops), near.update),
            *(
                _keeping(
                    warmest_walk(hoods, [person.node], sellers, settings.suggestion_path_hops, 1),
                    found.append,
                )
                for _, person in wanted
            ),
        ],
    )
    paths = {(a, person.id): p[0] for (a, person), p in zip(wanted, found, strict=True) if p}
    points = {a: single_points(reach[a], settings.max_hops) if a in reach else [] for a in facts}
    on_show = {n for nodes in points.values() for n in nodes} | {
        n for path in paths.values() for n in path.nodes
    }
    described = await describe_nodes(tx, workspace, on_show, day) if on_show else {}
    answers: dict[str, AccountRisk] = {}
    for account_id, f in facts.items():
        champions = holders(f, BuyingRole.CHAMPION)
        access = None
        if champions and targets[account_id]:
            access = any(f.staff[c].node in near[account_id] for c in champions)
        named = tuple(
            Someone(described[n].node.id, described[n].node.name, described[n].node.kind)
            for n in points[account_id]
        )
        flags = raise_flags(f, engaged[account_id], Graphwise(named, access), settings)
        answers[account_id] = AccountRisk(
            account_id=account_id,
            account_name=f.name,
            status=f.status,
            as_of=day,
            score=score_of(flags),
            flags=tuple(flags),
            engaged_contacts=engaged[account_id],
            economic_buyers=tuple(someone(f, b) for b in holders(f, BuyingRole.ECONOMIC_BUYER)),
            champions=tuple(someone(f, c) for c in champions),
            suggestions=tuple(
                Suggestion(
                    person=Someone(person.id, person.name, HumanKind.PERSON),
                    title=person.title,
                    reasons=reasons,
                    roles=tuple(sorted(f.roles.get(person.id, set()))),
                    score=score,
                    path=build_path(path, described)
                    if (path := paths.get((account_id, person.id)))
                    else None,
                )
                for person, reasons, score in chosen[account_id]
            ),
        )
    return answers


def walk_neighbourhoods(
    tx: AsyncManagedTransaction,
    workspace: str,
    day: date,
    settings: RiskSettings,
    blocked: frozenset[str] = frozenset(),
) -> Neighbourhoods:
    """The neighbourhoods the risk walks pull on ``day`` under ``settings``."""
    return Neighbourhoods(
        tx,
        workspace,
        WalkRules(day=day, reports_to_strength=settings.reports_to_strength),
        blocked=blocked,
    )


def _keeping(walk: Walk[T], keep: Callable[[T], object]) -> Walk[None]:
    """A walk that hands its answer to ``keep``, so walks of different answers run together."""
    keep((yield from walk))


async def assess_accounts_risk(
    client: GraphClient,
    workspace: str,
    account_ids: Sequence[str],
    settings: RiskSettings | None = None,
    as_of: date | None = None,
) -> dict[str, AccountRisk]:
    """Several accounts' flags, scores and suggestions in one read (their walks side by side);
    unknown ids are absent."""
    chosen = settings or RiskSettings()
    chosen.check()
    day = as_of or date.today()

    async def work(tx: AsyncManagedTransaction) -> dict[str, AccountRisk]:
        return await assess(tx, workspace, account_ids, day, chosen, True)

    return await client.read(work)


async def assess_account_risk(
    client: GraphClient,
    workspace: str,
    account_id: str,
    settings: RiskSettings | None = None,
    as_of: date | None = None,
) -> AccountRisk:
    """One account's flags, score and suggestions (with the warmest path to each).
    ``NotFound`` when the workspace has no such account."""
    answers = await assess_accounts_risk(client, workspace, [account_id], settings, as_of)
    if account_id not in answers:
        raise NotFound.of("Account", account_id, argument="accountId")
    return answers[account_id]
