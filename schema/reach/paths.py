"""Warmest paths from our team to an account's buying committee."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from graph.core.credentials import Role
from graph.reach import paths as graph_paths
from schema.core.context import Info
from schema.core.enums import BuyingRole, HumanKind, OrganizationKind, RelType, SharingLevel
from schema.core.errors import Forbidden
from schema.partners.boundary import partner_path_view

PathReason = strawberry.enum(
    graph_paths.PathReason, description="Why a warmest-path answer holds no path."
)


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
            if node.organisation_id is None
            else strawberry.ID(node.organisation_id),
            organization_name=node.organisation_name,
            organization_kind=node.organisation_kind,
            buying_roles=list(node.buying_roles),
        )


@strawberry.type(description="One introduction along a path.")
class PathHop:
    source: PathPerson = strawberry.field(name="from", description="Who makes the introduction.")
    target: PathPerson = strawberry.field(name="to", description="Whom they introduce us to.")
    relationship: RelType = strawberry.field(
        description="KNOWS, REPORTS_TO (either way) or INFLUENCES (influencer to influenced)."
    )
    strength: float = strawberry.field(description="The relationship's strength, in (0, 1].")


@strawberry.type(description="A path from one of our sellers to a role holder.")
class WarmPath:
    warmth: float = strawberry.field(description="The product of the strengths along the path.")
    hop_count: int = strawberry.field(description="How many introductions it takes.")
    seller_id: strawberry.ID | None = strawberry.field(description="The seller it starts from.")
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

    @classmethod
    def of(cls, path: graph_paths.WarmPath) -> WarmPath:
        """From the graph layer's value."""
        return cls(
            warmth=path.warmth,
            hop_count=path.hop_count,
            seller_id=_id(path.seller_id),
            first_contact_id=_id(path.first_contact_id),
            target_id=_id(path.target_id),
            hops=[
                PathHop(
                    source=PathPerson.of(h.source),
                    target=PathPerson.of(h.target),
                    relationship=h.relationship,
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
    reason: PathReason | None = strawberry.field(  # type: ignore[valid-type]
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


async def caller_sharing_level(info: Info) -> SharingLevel | None:
    """None for our own team; a partner caller's sharing level (Forbidden at NONE)."""
    principal = info.context.principal
    if principal.role is not Role.PARTNER:
        return None
    level = None
    if principal.partner_id:
        level = await graph_paths.find_partner_sharing_level(
            info.context.graph, principal.workspace, principal.partner_id
        )
    if level is None or level is SharingLevel.NONE:
        raise Forbidden("Your partner's sharing level (NONE) does not show paths.")
    return level


async def resolve_warmest_paths(
    info: Info,
    account_id: Annotated[
        strawberry.ID, strawberry.argument(description="The account whose role holders to reach.")
    ],
    role: Annotated[
        str,
        strawberry.argument(
            description="The buying role to reach: a standard one or a custom role of the "
            "workspace; any other value is INVALID_INPUT naming the nearest roles."
        ),
    ] = BuyingRole.ECONOMIC_BUYER.value,
    from_: Annotated[
        list[strawberry.ID] | None,
        strawberry.argument(name="from", description="Sellers to start from; default all of them."),
    ] = None,
    via_partners: Annotated[
        bool,
        strawberry.argument(description="Let partner contacts carry the path (as sharing allows)."),
    ] = False,
    avoid: Annotated[
        bool, strawberry.argument(description="Keep blockers and detractors off the path.")
    ] = False,
    max_hops: Annotated[int, strawberry.argument(description="Hop bound, 1 to 6.")] = 4,
    k: Annotated[
        int,
        strawberry.argument(
            description="Alternatives, each with a different first contact (1 to 10)."
        ),
    ] = 1,
    as_of: Annotated[
        date | None,
        strawberry.argument(description="Judge roles and employment on this day (default today)."),
    ] = None,
) -> WarmestPaths | None:
    """The warmest paths from our team to whoever holds `role` at the account; null with a
    NOT_FOUND error for an unknown account."""
    day = as_of or date.today()
    partner_view = await partner_path_view(info, account_id, day, from_)  # the partner boundary
    sharing = await caller_sharing_level(info)
    answer = await graph_paths.find_warmest_paths(
        info.context.graph,
        info.context.workspace,
        str(account_id),
        role=role,
        from_seller_ids=None if from_ is None else [str(s) for s in from_],
        via_partners=via_partners or partner_view is not None,
        avoid=avoid,
        max_hops=max_hops,
        k=k,
        as_of=day,
        partner_sharing=sharing,
    )
    return WarmestPaths.of(answer if partner_view is None else partner_view.redact(answer))
