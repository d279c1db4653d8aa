"""PartnerView.redact on hand-made answers: which paths a partner sees, and how."""

from __future__ import annotations

from datetime import date

from graph.core.model import HumanKind, OrganizationKind, RelType
from graph.partners.boundary import OUR_TEAM, Disclosure, PartnerView
from graph.reach.paths import PathHop, PathNode, PathReason, WarmestPaths, WarmPath

DAY = date(2026, 3, 1)
VIEW = PartnerView(
    partner_id="p1",
    disclosure=Disclosure.CONTACTS,
    day=DAY,
    account_ids=frozenset({"acme"}),
    contact_ids=frozenset({"c1"}),
    known_people=frozenset({"x", "eb"}),
)


def _node(node_id: str, org: str | None = None, kind: OrganizationKind | None = None) -> PathNode:
    human = HumanKind.SELLER if node_id.startswith("s") else HumanKind.PERSON
    return PathNode(node_id, human, f"N-{node_id}", None, org, org, kind, ())


def _path(*ids: str, orgs: dict[str, tuple[str, OrganizationKind]] | None = None) -> WarmPath:
    orgs = orgs or {}
    nodes = [_node(i, *orgs.get(i, (None, None))) for i in ids]
    hops = tuple(PathHop(nodes[i], nodes[i + 1], RelType.KNOWS, 0.5) for i in range(len(nodes) - 1))
    return WarmPath(0.5 ** len(hops), len(hops), ids[0], ids[1], ids[-1], hops, (), False)


def _answer(*paths: WarmPath, holders: tuple[str, ...] = ("eb", "eb2")) -> WarmestPaths:
    return WarmestPaths("acme", "ECONOMIC_BUYER", DAY, 4, holders, paths, None)


def test_paths_start_at_our_team_and_skip_routes_without_its_contacts() -> None:
    """Our own route is dropped; a route through its contact starts at "our team" there."""
    ours = _path("s1", "eb")
    theirs = _path("s1", "y", "c1", "eb", orgs={"c1": ("p1", OrganizationKind.PARTNER)})
    redacted = VIEW.redact(_answer(ours, theirs))
    assert redacted.role_holder_ids == ("eb",)
    (path,) = redacted.paths
    assert [(h.source.id, h.target.id) for h in path.hops] == [("our-team", "c1"), ("c1", "eb")]
    assert path.hops[0].source == OUR_TEAM
    assert (path.seller_id, path.first_contact_id, path.hop_count) == (None, "c1", 3)
    assert path.via_partner_ids == ("p1",)


def test_a_route_whose_rest_leaves_its_contacts_keeps_only_its_warmth() -> None:
    """c1 -> x -> eb2: the x-eb2 relationship is ours, so only warmth and length show."""
    redacted = VIEW.redact(_answer(_path("s1", "c1", "x", "eb2")))
    (path,) = redacted.paths
    assert path.hidden
    assert (path.hops, path.target_id, path.first_contact_id) == ((), None, None)
    assert path.warmth == 0.125


def test_organizations_outside_its_world_are_blanked() -> None:
    """Another partner or an account outside the overlap never shows as an organization."""
    path = _path(
        "s1",
        "c1",
        "eb",
        orgs={"c1": ("p2", OrganizationKind.PARTNER), "eb": ("lonely", OrganizationKind.ACCOUNT)},
    )
    (shown,) = VIEW.redact(_answer(path)).paths
    assert {h.target.organization_id for h in shown.hops} == {None}


def test_no_visible_path_gives_a_reason() -> None:
    """Without a visible holder the reason is NO_ROLE_HOLDER_MAPPED, else NO_PATH_WITHIN_MAX_HOPS."""
    assert VIEW.redact(_answer(holders=("eb2",))).reason is PathReason.NO_ROLE_HOLDER_MAPPED
    assert VIEW.redact(_answer(_path("s1", "eb"))).reason is PathReason.NO_PATH_WITHIN_MAX_HOPS
