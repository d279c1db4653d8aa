"""The demo bundle (seeds/demo/bundle.json) is sound and tells the stories of STORIES.md.

Checked in plain Python on the JSON, on the demo's own date (``DEMO_TODAY``): engaged contacts
as issue 5 defines them (KNOWS from a seller, strength >= 0.5, last interaction within 90 days),
paths as issue 5 walks them (KNOWS both ways, current REPORTS_TO both ways at 0.5 unless given,
INFLUENCES forward), warmth as the product of strengths.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import pytest

from seeds.demo import read_demo_bundle
from seeds.demo_build import BUNDLE_PATH, DEMO_TODAY
from tests.seeds.bundle_checks import (
    Bundle,
    department_of,
    employed_on,
    employments_of,
    engaged_contacts,
    integrity_problems,
    normalize_domain,
    partner_contacts,
    role_holders,
    walk_edges,
    warmest_path,
)

TODAY = DEMO_TODAY


@cache
def demo() -> Bundle:
    """The committed demo bundle, read as the package ships it."""
    return read_demo_bundle()


def sellers() -> list[str]:
    """Every seller as a path node."""
    return [f"SELLER:{r['id']}" for r in demo()["sellers"]]


def test_demo_bundle_is_sound() -> None:
    """Every reference resolves, dates are ordered, enums and strengths are valid."""
    assert integrity_problems(demo()) == []


def test_demo_rows_validate_with_the_importer_models() -> None:
    """The importer's row validation (graph/ingest/bundle.py, graph/ingest/rows.py) finds nothing wrong."""
    bundle_module = pytest.importorskip("graph.ingest.bundle")
    assert bundle_module.validate_bundle(demo()) == []


def test_demo_has_the_promised_size() -> None:
    """About 25 accounts, a few hundred people, 8 sellers, 3 partners, under 300 KB."""
    bundle = demo()
    assert 20 <= len(bundle["accounts"]) <= 30
    assert 200 <= len(bundle["people"]) <= 400
    assert len(bundle["sellers"]) == 8
    assert len(bundle["partners"]) == 3
    assert BUNDLE_PATH.stat().st_size < 300_000


def test_a_deal_hanging_on_one_champion() -> None:
    """(a) Harborview: one engaged contact, the champion, on every path to the buyer."""
    bundle, account = demo(), "acc-harborview"
    assert any(r["accountId"] == account and r["state"] == "OPEN" for r in bundle["opportunities"])
    assert engaged_contacts(bundle, account, TODAY) == {"per-maya-lindqvist": {"sel-dana"}}
    assert "per-maya-lindqvist" in role_holders(bundle, account, "CHAMPION", TODAY)
    [buyer] = role_holders(bundle, account, "ECONOMIC_BUYER", TODAY)
    edges = walk_edges(bundle)
    found = warmest_path(edges, sellers(), f"PERSON:{buyer}")
    assert found is not None
    assert "PERSON:per-maya-lindqvist" in found[1]
    assert (
        warmest_path(
            edges, sellers(), f"PERSON:{buyer}", banned=frozenset({"PERSON:per-maya-lindqvist"})
        )
        is None
    )


def test_a_champion_who_left_for_another_tracked_account() -> None:
    """(b) Priya left Quarry Peak (champion, ended job) for Lumen Bay (current job)."""
    bundle, person = demo(), "per-priya-raman"
    jobs = {r["organizationId"]: r for r in employments_of(bundle, person)}
    old, new = jobs["acc-quarrypeak"], jobs["acc-lumenbay"]
    left = date.fromisoformat(old["endDate"])
    assert 0 < (TODAY - left).days <= 180
    assert "endDate" not in new
    assert date.fromisoformat(new["startDate"]) >= left
    assert {r["id"] for r in bundle["accounts"]} >= {"acc-quarrypeak", "acc-lumenbay"}
    [champion] = [
        r
        for r in bundle["buyingRoles"]
        if r["personId"] == person and r["accountId"] == "acc-quarrypeak"
    ]
    assert champion["role"] == "CHAMPION"
    assert date.fromisoformat(champion["toDate"]) <= left
    assert employed_on(bundle, person, "acc-lumenbay", TODAY)
    assert any(
        r["accountId"] == "acc-quarrypeak" and r["state"] == "OPEN" for r in bundle["opportunities"]
    )
    assert engaged_contacts(bundle, "acc-quarrypeak", TODAY) == {}
    # Before she left, she was the account's one engaged thread.
    before = left - timedelta(days=1)
    assert set(engaged_contacts(bundle, "acc-quarrypeak", before, stale_days=10_000)) == {person}


def test_an_economic_buyer_reachable_only_through_a_partner_contact() -> None:
    """(c) Cobalt Ridge: only Stratus's Lena (CONTACTS) reaches the economic buyer."""
    bundle, account = demo(), "acc-cobaltridge"
    levels = {r["id"]: r["sharingLevel"] for r in bundle["partners"]}
    assert levels["par-stratus"] == "CONTACTS"
    contacts = partner_contacts(bundle)
    assert contacts["per-lena-fischer"] == "par-stratus"
    [buyer] = role_holders(bundle, account, "ECONOMIC_BUYER", TODAY)
    assert any(
        r["kind"] == "KNOWS" and {r["fromId"], r["toId"]} == {"per-lena-fischer", buyer}
        for r in bundle["relationships"]
    )
    assert engaged_contacts(bundle, account, TODAY, min_strength=0.0, stale_days=10_000) == {}
    edges = walk_edges(bundle)
    banned = frozenset(f"PERSON:{p}" for p in contacts)
    assert warmest_path(edges, sellers(), f"PERSON:{buyer}", banned=banned) is None
    found = warmest_path(edges, sellers(), f"PERSON:{buyer}")
    assert found is not None
    assert "PERSON:per-lena-fischer" in found[1]
    assert any(
        normalize_domain(r.get("domain") or r.get("website") or "") == "cobaltridge-energy.com"
        for r in bundle["partnerAccounts"]
        if r["partnerId"] == "par-stratus"
    )


def test_accounts_shared_with_two_partners() -> None:
    """(d) Aldercrest and Pinecrest match records of both Stratus and Meridian."""
    bundle = demo()
    ours = {r["domain"]: r["id"] for r in bundle["accounts"]}
    sharers: dict[str, set[str]] = {}
    for r in bundle["partnerAccounts"]:
        raw = r.get("domain") or r.get("website")
        if raw and normalize_domain(raw) in ours:
            sharers.setdefault(ours[normalize_domain(raw)], set()).add(r["partnerId"])
    for account in ("acc-aldercrest", "acc-pinecrest"):
        assert sharers[account] >= {"par-stratus", "par-meridian"}, account
    stratus_aldercrest = [
        r
        for r in bundle["partnerAccounts"]
        if r["partnerId"] == "par-stratus"
        and normalize_domain(r.get("domain") or r.get("website") or "") == "aldercrest.com"
    ]
    assert len(stratus_aldercrest) == 2  # a duplicate in the partner's CRM
    assert any(not r.get("domain") and not r.get("website") for r in bundle["partnerAccounts"])


def test_a_healthy_multi_threaded_account() -> None:
    """(e) Brightwater: many engaged contacts, sellers and departments; buyer engaged."""
    bundle, account = demo(), "acc-brightwater"
    engaged = engaged_contacts(bundle, account, TODAY)
    assert len(engaged) >= 5
    assert len(set().union(*engaged.values())) >= 3
    assert len({department_of(bundle, p) for p in engaged}) >= 4
    [buyer] = role_holders(bundle, account, "ECONOMIC_BUYER", TODAY)
    assert buyer in engaged
    [champion] = role_holders(bundle, account, "CHAMPION", TODAY)
    assert any(
        r["kind"] == "KNOWS" and {r["fromId"], r["toId"]} == {champion, buyer}
        for r in bundle["relationships"]
    )


def test_a_blocker_on_the_warmest_path() -> None:
    """(f) Ironleaf: the warmest path crosses the blocker; avoiding him is colder."""
    bundle, account = demo(), "acc-ironleaf"
    [buyer] = role_holders(bundle, account, "ECONOMIC_BUYER", TODAY)
    opposed = {
        r["personId"]
        for r in bundle["buyingRoles"]
        if r["accountId"] == account and (r["role"] == "BLOCKER" or r["stance"] == "DETRACTOR")
    }
    assert opposed == {"per-victor-hale"}
    edges = walk_edges(bundle)
    best = warmest_path(edges, sellers(), f"PERSON:{buyer}")
    assert best is not None
    assert "PERSON:per-victor-hale" in best[1]
    avoided = warmest_path(
        edges, sellers(), f"PERSON:{buyer}", banned=frozenset(f"PERSON:{p}" for p in opposed)
    )
    assert avoided is not None
    assert avoided[0] < best[0]
    assert "PERSON:per-grace-kim" in avoided[1]


def test_the_readme_account_has_history() -> None:
    """acc-northwind (the README example) has a leaver and differs on 2025-06-30."""
    bundle, account = demo(), "acc-northwind"
    people = {r["personId"] for r in bundle["employments"] if r["organizationId"] == account}
    now = {p for p in people if employed_on(bundle, p, account, TODAY)}
    then = {p for p in people if employed_on(bundle, p, account, date(2025, 6, 30))}
    assert now
    assert then
    assert now != then
    assert people - now  # someone left
