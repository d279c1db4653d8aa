"""Warmest paths from our team to an account's buying committee."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Annotated

import strawberry
from strawberry.dataloader import DataLoader

from graph.core.client import GraphClient
from graph.core.roles import check_standard_role
from graph.reach import paths as graph_paths
from schema.accounts.people import Seller, seller_by_id
from schema.core import loaders
from schema.core.context import Info
from schema.core.enums import HumanKind, OrganizationKind
from schema.core.errors import NotFound
from schema.partners.boundary import partner_path_view
from schema.reach.arguments import (
    DEFAULT_ROLE,
    Alternatives,
    Avoid,
    FromSellers,
    MaxHops,
    PathsAsOf,
    Role,
    ViaPartners,
    path_search,
)
from schema.reach.enums import PathReason, PathRelationship


def _id(value: str | None) -> strawberry.ID | None:
    return None if value is None else strawberry.ID(value)


@strawberry.type(description="A person or seller on a path, as they are on the day asked.")
class PathPerson:
    id: strawberry.ID = strawberry.field(description="The person's or seller's id.")
    kind: HumanKind = strawberry.field(description="PERSON or SELLER (one of our team).")
    name: str | None = strawberry.field(description="Full name.")
    title: str | None = strawberry.field(description="Job title at their organization.")
    organization_id: strawberry.ID | None = strawberry.field(
        description="Where they work on the day (null for sellers and people between jobs)."
    )
    organization_name: str | None = strawberry.field(description="That organization's name.")
    organization_kind: OrganizationKind | None = strawberry.field(
        description="ACCOUNT, or PARTNER for a partner's contact."
    )
    buying_roles: list[str] = strawberry.field(
        description="Buying roles they hold at that organization on the day."
    )

    @classmethod
    def of(cls, node: graph_paths.PathNode) -> PathPerson:
        """From the graph layer's value."""
        return cls(
            id=strawberry.ID(node.id),
            kind=node.kind,
            name=node.name,
            title=node.title,
            organization_id=None
            if node.organization_id is None
            else strawberry.ID(node.organization_id),
            organization_name=node.organization_name,
            organization_kind=node.organization_kind,
            buying_roles=list(node.buying_roles),
        )


@strawberry.type(description="One introduction along a path.")
class PathHop:
    source: PathPerson = strawberry.field(name="from", description="Who makes the introduction.")
    target: PathPerson = strawberry.field(name="to", description="Whom they introduce us to.")
    relationship: PathRelationship = strawberry.field(
        description="KNOWS, REPORTS_TO (either way) or INFLUENCES (influencer to influenced)."
    )
    strength: float = strawberry.field(description="The relationship's strength, in (0, 1].")


@strawberry.type(description="A path from one of our sellers to a role holder.")
class WarmPath:
    warmth: float = strawberry.field(description="The product of the strengths along the path.")
    hop_count: int = strawberry.field(description="How many introductions it takes.")
    seller_id: strawberry.Private[str | None]
    first_contact_id: strawberry.ID | None = strawberry.field(
        description="The first person or seller after ours; alternatives differ here."
    )
    target_id: strawberry.ID | None = strawberry.field(description="The role holder it reaches.")
    hops: list[PathHop] = strawberry.field(description="The introductions, in order.")
    via_partner_ids: list[strawberry.ID] = strawberry.field(
        description="Partners whose contacts are on the path."
    )
    hidden: bool = strawberry.field(
        description="True when a partner's sharing level (or the caller's) hides who is on the "
        "path: only warmth and hop count are shown."
    )

    @strawberry.field(
        description="The seller it starts from; null on a path shown to a partner (it starts at "
        "'our team')."
    )
    async def seller(self, info: Info) -> Seller | None:
        return await seller_by_id(info, self.seller_id)

    @classmethod
    def of(cls, path: graph_paths.WarmPath) -> WarmPath:
        """From the graph layer's value."""
        return cls(
            warmth=path.warmth,
            hop_count=path.hop_count,
            seller_id=path.seller_id,
            first_contact_id=_id(path.first_contact_id),
            target_id=_id(path.target_id),
            hops=[
                PathHop(
                    source=PathPerson.of(h.source),
                    target=PathPerson.of(h.target),
                    relationship=PathRelationship(h.relationship.value),
                    strength=h.strength,
                )
                for h in path.hops
            ],
            via_partner_ids=[strawberry.ID(p) for p in path.via_partner_ids],
            hidden=path.hidden,
        )


@strawberry.type(description="The warmest paths to an account's role holders, or why none.")
class WarmestPaths:
    account_id: strawberry.ID = strawberry.field(description="The account asked about.")
    role: str = strawberry.field(description="The buying role searched for.")
    as_of: date = strawberry.field(description="The day roles and employment were judged on.")
    max_hops: int = strawberry.field(description="The hop bound used.")
    role_holder_ids: list[strawberry.ID] = strawberry.field(
        description="The people holding the role there and employed there on the day."
    )
    paths: list[WarmPath] = strawberry.field(description="Up to k paths, warmest first.")
    best: WarmPath | None = strawberry.field(description="The warmest path, or null.")
    reason: PathReason | None = strawberry.field(
        description="Why there is no path (NO_ROLE_HOLDER_MAPPED, NO_PATH_WITHIN_MAX_HOPS, "
        "NO_SELLERS); null when there is one."
    )

    @classmethod
    def of(cls, answer: graph_paths.WarmestPaths) -> WarmestPaths:
        """From the graph layer's value."""
        paths = [WarmPath.of(p) for p in answer.paths]
        return cls(
            account_id=strawberry.ID(answer.account_id),
            role=answer.role,
            as_of=answer.as_of,
            max_hops=answer.max_hops,
            role_holder_ids=[strawberry.ID(p) for p in answer.role_holder_ids],
            paths=paths,
            best=paths[0] if paths else None,
            reason=answer.reason,
        )


def _paths(info: Info) -> DataLoader[tuple[str, graph_paths.PathSearch], WarmestPaths | None]:
    """Our own team's warmest paths, keyed by (account id, search): one read per distinct
    search, the accounts' searches walking side by side."""

    async def search(
        graph: GraphClient, workspace: str, ids: Sequence[str], asked: graph_paths.PathSearch
    ) -> Mapping[str, WarmestPaths]:
        found = await graph_paths.find_warmest_paths_at(graph, workspace, ids, asked)
        return {account_id: WarmestPaths.of(answer) for account_id, answer in found.items()}

    return loaders.by_id_with(info, "warmest_paths", search, lambda: None)


async def warmest_paths_of(
    info: Info, account_id: str, search: graph_paths.PathSearch
) -> WarmestPaths:
    """The warmest paths to an account's role holders, for the root field and for
    ``Account.warmestPaths`` alike: a partner caller through the partner boundary (its overlap
    only, no choosing our sellers, the answer redacted to its view), our own team through the
    request's loader. ``NotFound`` for an unknown account."""
    from_ = (
        None
        if search.from_seller_ids is None
        else [strawberry.ID(s) for s in search.from_seller_ids]
    )
    partner_view = await partner_path_view(info, strawberry.ID(account_id), search.day, from_)
    if partner_view is None:
        found = await _paths(info).load((account_id, search))
        if found is None:
            raise NotFound.of("Account", account_id, argument="accountId")
        return found
    # A partner may ask for standard roles only: a typo must not list our custom roles.
    check_standard_role(search.role)
    answer = await graph_paths.find_warmest_paths(
        info.context.graph,
        info.context.workspace,
        account_id,
        role=search.role,
        via_partners=True,
        avoid=search.avoid,
        max_hops=search.max_hops,
        k=search.k,
        as_of=search.day,
    )
    return WarmestPaths.of(partner_view.redact(answer))


async def resolve_warmest_paths(
    info: Info,
    account_id: Annotated[
        strawberry.ID, strawberry.argument(description="The account whose role holders to reach.")
    ],
    role: Role = DEFAULT_ROLE,
    from_: FromSellers = None,
    via_partners: ViaPartners = False,
    avoid: Avoid = False,
    max_hops: MaxHops = 4,
    k: Alternatives = 1,
    as_of: PathsAsOf = None,
) -> WarmestPaths | None:
    """The warmest paths from our team to whoever holds `role` at the account; null with a
    NOT_FOUND error for an unknown account."""
    search = path_search(role, from_, via_partners, avoid, max_hops, k, as_of)
    return await warmest_paths_of(info, str(account_id), search)
