"""Per-request DataLoaders: one Cypher statement per GraphQL level, never one per row.

Two shapes: things by id (accounts, people, sellers, deals), and parts of a thing asked with the
same arguments (an account's people on a day, a page of its deals ...), keyed by ``(id, args)``:
the keys of one tick are grouped by ``args`` and each group is one statement.

They read the member's view of the workspace, so asking for one as a partner is FORBIDDEN: a
partner reads through the overlap queries only, whatever object a field of theirs returns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar, cast

from strawberry.dataloader import DataLoader

from graph.accounts import account_map as graph_map
from graph.accounts import accounts as graph_accounts
from graph.accounts import opportunities as graph_opportunities
from graph.accounts import people as graph_people
from graph.accounts import sellers as graph_sellers
from graph.core.client import GraphClient
from graph.core.errors import GraphError
from graph.core.pagination import Page
from graph.partners import boundary as graph_boundary
from graph.partners import directory as graph_directory
from schema.core.context import Info
from schema.core.permissions import require_member_read

V = TypeVar("V")
A = TypeVar("A", bound=Hashable)

ByIds = Callable[[GraphClient, str, Sequence[str]], Awaitable[Mapping[str, V]]]
ByIdsWith = Callable[[GraphClient, str, Sequence[str], A], Awaitable[Mapping[str, V]]]


def _by_id(info: Info, name: str, fetch: ByIds[V]) -> DataLoader[str, V | None]:
    """A loader of things by id (None for an id the workspace lacks)."""
    require_member_read(info)
    context = info.context
    if name not in context.loaders:

        async def load(ids: Sequence[str]) -> list[V | None]:
            found = await fetch(context.graph, context.workspace, ids)
            return [found.get(i) for i in ids]

        context.loaders[name] = DataLoader(load_fn=load)
    return cast(DataLoader[str, V | None], context.loaders[name])


def by_id_with(
    info: Info, name: str, fetch: ByIdsWith[A, V], missing: Callable[[], V]
) -> DataLoader[tuple[str, A], V]:
    """A loader keyed by ``(id, arguments)``: one statement per distinct ``arguments``."""
    require_member_read(info)
    context = info.context
    if name not in context.loaders:

        async def load(keys: Sequence[tuple[str, A]]) -> list[V | GraphError]:
            groups: dict[A, list[str]] = defaultdict(list)
            for item_id, arguments in keys:
                if item_id not in groups[arguments]:
                    groups[arguments].append(item_id)
            results: dict[tuple[str, A], V | GraphError] = {}
            for arguments, ids in groups.items():
                try:
                    found = await fetch(context.graph, context.workspace, ids, arguments)
                except GraphError as error:
                    # Arguments the graph layer refuses (a typo'd role, a missing model
                    # version) fail the fields that asked with them, not the whole batch.
                    results.update({(item_id, arguments): error for item_id in ids})
                    continue
                for item_id in ids:
                    results[(item_id, arguments)] = found.get(item_id) or missing()
            return [results[key] for key in keys]

        context.loaders[name] = DataLoader(load_fn=load)
    return cast(DataLoader[tuple[str, A], V], context.loaders[name])


def _empty_page() -> Page[Any]:
    return Page(items=(), has_next_page=False, total_count=0)


def accounts(info: Info) -> DataLoader[str, graph_accounts.Account | None]:
    """Accounts by id."""
    return _by_id(info, "accounts", graph_accounts.find_accounts)


def people(info: Info) -> DataLoader[str, graph_people.Person | None]:
    """People by id."""
    return _by_id(info, "people", graph_people.find_people)


def sellers(info: Info) -> DataLoader[str, graph_sellers.Seller | None]:
    """Sellers by id."""
    return _by_id(info, "sellers", graph_sellers.find_sellers)


def opportunities(info: Info) -> DataLoader[str, graph_opportunities.Opportunity | None]:
    """Deals by id."""
    return _by_id(info, "opportunities", graph_opportunities.find_opportunities)


def partners(info: Info) -> DataLoader[str, graph_boundary.Partner | None]:
    """Partners by id (our own team's view: a partner reads its own through `partner(id)`)."""
    return _by_id(info, "partners", graph_directory.find_partners)


def account_people(
    info: Info,
) -> DataLoader[tuple[str, graph_map.AccountPeopleQuery], Page[graph_map.MappedPerson]]:
    """A page of an account's people, keyed by (account id, query)."""
    return by_id_with(info, "account_people", graph_map.find_account_people, _empty_page)


def account_opportunities(
    info: Info,
) -> DataLoader[
    tuple[str, graph_opportunities.OpportunityQuery], Page[graph_opportunities.Opportunity]
]:
    """A page of an account's deals, keyed by (account id, query)."""
    return by_id_with(
        info,
        "account_opportunities",
        graph_opportunities.find_opportunities_by_account,
        _empty_page,
    )


async def _context(
    graph: GraphClient, workspace: str, ids: Sequence[str], _: None
) -> Mapping[str, list[graph_map.ContextEntry]]:
    return await graph_map.find_context(graph, workspace, ids)


async def _pains(
    graph: GraphClient, workspace: str, ids: Sequence[str], _: None
) -> Mapping[str, list[graph_map.PainPointEntry]]:
    return await graph_map.find_pain_points(graph, workspace, ids)


def account_context(info: Info) -> DataLoader[tuple[str, None], list[graph_map.ContextEntry]]:
    """An account's context items, keyed by (account id, None)."""
    return by_id_with(info, "account_context", _context, list)


def account_pain_points(
    info: Info,
) -> DataLoader[tuple[str, None], list[graph_map.PainPointEntry]]:
    """An account's pain points and its people's, keyed by (account id, None)."""
    return by_id_with(info, "account_pain_points", _pains, list)


def coverage(info: Info) -> DataLoader[tuple[str, date], graph_map.Coverage | None]:
    """Buying-committee coverage, keyed by (account id, day)."""
    return by_id_with(info, "coverage", graph_map.find_coverage, lambda: None)


async def _managers(
    graph: GraphClient, workspace: str, ids: Sequence[str], day: date
) -> Mapping[str, str | None]:
    return await graph_people.find_managers(graph, workspace, ids, day)


def managers(info: Info) -> DataLoader[tuple[str, date], str | None]:
    """The id of whom a person reports to, keyed by (person id, day)."""
    return by_id_with(info, "managers", _managers, lambda: None)


async def _reports(
    graph: GraphClient, workspace: str, ids: Sequence[str], page: tuple[date, int, str | None]
) -> Mapping[str, Page[graph_people.Person]]:
    day, first, after = page
    return await graph_people.find_reports(graph, workspace, ids, day, first=first, after=after)


def reports(
    info: Info,
) -> DataLoader[tuple[str, tuple[date, int, str | None]], Page[graph_people.Person]]:
    """A page of a manager's direct reports, keyed by (person id, (day, first, after))."""
    return by_id_with(info, "reports", _reports, _empty_page)


def person_roles(info: Info) -> DataLoader[tuple[str, date], list[graph_people.HeldRole]]:
    """The buying roles a person holds, keyed by (person id, day)."""
    return by_id_with(info, "person_roles", graph_people.find_roles_of_people, list)


async def _employments(
    graph: GraphClient, workspace: str, ids: Sequence[str], _: None
) -> Mapping[str, list[graph_people.Employment]]:
    return await graph_people.find_employments(graph, workspace, ids)


def employments(info: Info) -> DataLoader[tuple[str, None], list[graph_people.Employment]]:
    """A person's employments, keyed by (person id, None)."""
    return by_id_with(info, "employments", _employments, list)
