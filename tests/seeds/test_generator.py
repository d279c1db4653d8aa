"""The deterministic generator: same arguments same bundle, sound references, counts honoured."""

from __future__ import annotations

import io
import json
from collections import Counter
from functools import cache

import pytest

from seeds.generator import (
    BENCHMARK,
    RELATIONSHIP_SECTIONS,
    SECTION_ORDER,
    Bundle,
    WorkspaceSize,
    count_relationship_rows,
    generate_bundle,
    generate_sections,
    write_bundle,
)
from tests.seeds.bundle_checks import integrity_problems, normalize_domain

SMALL: WorkspaceSize = {
    "accounts": 60,
    "people": 1_500,
    "sellers": 20,
    "partners": 4,
    "relationships": 15_000,
}


@cache
def small(seed: int = 11) -> Bundle:
    """One small generated bundle per seed, shared by the tests that only read it."""
    return generate_bundle(seed, **SMALL)


def test_same_seed_same_bundle() -> None:
    """Two runs with the same arguments give identical bundles, down to the JSON text."""
    first = generate_bundle(5, **SMALL)
    second = generate_bundle(5, **SMALL)
    assert json.dumps(first) == json.dumps(second)


def test_different_seed_different_bundle() -> None:
    """Another seed gives another workspace (names, structure and relationships all move)."""
    first, second = small(11), small(12)
    for section in ("accounts", "people", "reportingLines", "relationships"):
        assert first[section] != second[section], section


def test_sections_come_in_load_order() -> None:
    """The bundle holds every section of docs/IMPORT_FORMAT.md, in its load order."""
    assert tuple(small()) == SECTION_ORDER
    assert [name for name, _ in generate_sections(1, 2, 10, 1, 1, 0)] == list(SECTION_ORDER)


def test_requested_counts_are_honoured() -> None:
    """Accounts, people, sellers, partners and relationship rows come out exactly as asked."""
    bundle = small()
    assert len(bundle["accounts"]) == SMALL["accounts"]
    assert len(bundle["people"]) == SMALL["people"]
    assert len(bundle["sellers"]) == SMALL["sellers"]
    assert len(bundle["partners"]) == SMALL["partners"]
    assert count_relationship_rows(bundle) == SMALL["relationships"]
    assert len(bundle["opportunities"]) == round(SMALL["accounts"] * 0.8)


def test_explicit_opportunity_count() -> None:
    """The opportunities argument sets the number of deals."""
    bundle = generate_bundle(3, 10, 120, 3, 1, 900, opportunities=25)
    assert len(bundle["opportunities"]) == 25


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_generated_bundle_is_sound(seed: int) -> None:
    """References resolve, dates are ordered, strengths and enums are valid, jobs cover roles."""
    assert integrity_problems(small(seed)) == []


@pytest.mark.parametrize(
    ("sizes", "feasible"),
    [
        ((1, 0, 1, 0, 0), True),
        ((1, 1, 1, 0, 50), False),  # one person: no pair of people to know each other
        ((3, 2, 1, 1, 50), False),
        ((5, 40, 2, 2, 10), True),  # the structure alone exceeds the target
        ((30, 25, 2, 3, 400), True),
        ((2, 60, 1, 1, 700), True),
    ],
)
def test_tiny_and_lopsided_sizes(sizes: tuple[int, int, int, int, int], feasible: bool) -> None:
    """Edge sizes stay sound; the relationship target is met whenever the pairs exist."""
    accounts, people, sellers, partners, relationships = sizes
    bundle = generate_bundle(1, accounts, people, sellers, partners, relationships)
    assert integrity_problems(bundle) == []
    assert (len(bundle["accounts"]), len(bundle["people"])) == (accounts, people)
    structure = sum(len(bundle[s]) for s in RELATIONSHIP_SECTIONS if s != "relationships")
    expected = max(relationships, structure)
    if feasible:
        assert count_relationship_rows(bundle) == expected
    else:
        assert structure <= count_relationship_rows(bundle) <= expected


def test_invalid_sizes_are_refused() -> None:
    """A workspace without accounts or sellers, or with a negative count, is a ValueError."""
    with pytest.raises(ValueError, match="at least one"):
        generate_bundle(1, 0, 10, 1, 0, 0)
    with pytest.raises(ValueError, match="negative"):
        generate_bundle(1, 1, -1, 1, 0, 0)


def test_structure_looks_like_account_maps() -> None:
    """Buyers, champions, detractor blockers, leavers, movers and every edge kind appear."""
    bundle = small()
    roles = bundle["buyingRoles"]
    with_buyer = {r["accountId"] for r in roles if r["role"] == "ECONOMIC_BUYER"}
    assert len(with_buyer) > 0.6 * len(bundle["accounts"])
    assert any(r["role"] == "CHAMPION" for r in roles)
    assert any(r["role"] == "BLOCKER" and r["stance"] == "DETRACTOR" for r in roles)
    assert any(r["role"] == "CHAMPION" and r.get("toDate") for r in roles)
    jobs = Counter(r["personId"] for r in bundle["employments"])
    movers = [p for p, n in jobs.items() if n > 1]
    assert movers
    assert any(r.get("endDate") for r in bundle["employments"])
    assert any(r.get("organizationKind") == "PARTNER" for r in bundle["employments"])
    kinds = Counter((r["kind"], r["fromKind"], r["toKind"]) for r in bundle["relationships"])
    assert {
        ("KNOWS", "SELLER", "PERSON"),
        ("KNOWS", "PERSON", "PERSON"),
        ("INFLUENCES", "PERSON", "PERSON"),
    } <= set(kinds)
    states = {r["state"] for r in bundle["opportunities"]}
    assert states == {"OPEN", "WON", "LOST"}
    assert all(r["personIds"] for r in bundle["opportunities"] if r["state"] == "OPEN")


def test_partner_lists_are_dirty_and_overlap_ours() -> None:
    """Partner lists mix dirty domains, duplicates, name-only and foreign records."""
    bundle = small()
    ours = {r["domain"]: r["id"] for r in bundle["accounts"]}
    shared = bundle["partnerAccounts"]
    raw = [r.get("domain") or r.get("website") for r in shared]
    assert any(d and "://" in d for d in raw)
    assert any(d and d != d.lower() for d in raw)
    assert any(not r.get("domain") and not r.get("website") for r in shared)
    matched = [
        (r["partnerId"], ours[normalize_domain(d)])
        for r, d in zip(shared, raw, strict=True)
        if d and normalize_domain(d) in ours
    ]
    assert len(matched) != len(set(matched))  # the same account twice in one partner's list
    partners_per_account = Counter(account for _, account in set(matched))
    assert any(n >= 2 for n in partners_per_account.values())
    assert any(d and normalize_domain(d) not in ours for d in raw)


def test_streamed_json_equals_the_bundle() -> None:
    """write_bundle streams the same bundle generate_bundle builds, as valid JSON."""
    out = io.StringIO()
    counts = write_bundle(out, generate_sections(5, **SMALL))
    assert json.loads(out.getvalue()) == json.loads(json.dumps(generate_bundle(5, **SMALL)))
    assert counts["people"] == SMALL["people"]


def test_rows_validate_with_the_importer_models() -> None:
    """The importer's row models (graph/ingest/rows.py via graph/ingest/bundle.py) accept every generated row."""
    bundle_module = pytest.importorskip("graph.ingest.bundle")
    assert bundle_module.validate_bundle(small()) == []


@pytest.mark.slow
def test_benchmark_size_counts() -> None:
    """The benchmark workspace has exactly 1,000,000 relationship rows and the asked counts."""
    counts = {section: sum(1 for _ in rows) for section, rows in generate_sections(7, **BENCHMARK)}
    assert sum(counts[s] for s in RELATIONSHIP_SECTIONS) == BENCHMARK["relationships"]
    assert counts["people"] == BENCHMARK["people"]
    assert counts["accounts"] == BENCHMARK["accounts"]
    assert counts["sellers"] == BENCHMARK["sellers"]
    assert counts["partners"] == BENCHMARK["partners"]
