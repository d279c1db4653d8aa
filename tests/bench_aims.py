"""The aims of issue 13, read from a benchmark's results: each with its figure and met / not met.

The aims are stated for the 100,000-people workspace; at another size the table says which size
its figures come from (a smaller workspace meets them more easily).
"""

from __future__ import annotations

from typing import Any


def _query(results: dict[str, Any], name: str, people: int) -> dict[str, Any] | None:
    for row in results.get("queries", []):
        if row["name"] == name and row["people"] == people and "api_p50_ms" in row:
            return dict(row)
    return None


def _row(aim: str, figure: float | None, target: str, met: bool | None) -> dict[str, Any]:
    return {
        "aim": aim,
        "figure": figure,
        "target": target,
        "met": "not measured" if met is None else ("met" if met else "not met"),
    }


def _at_most(
    results: dict[str, Any], people: int, name: str, field: str, bound: float, aim: str
) -> dict[str, Any]:
    row = _query(results, name, people)
    figure = None if row is None else row[field]
    return _row(aim, figure, f"<= {bound:g}", None if figure is None else figure <= bound)


def aims(results: dict[str, Any], people: int, small: int) -> list[dict[str, Any]]:
    """Every aim with its figure from ``results`` (``people``: the main size, ``small``: the
    size growth is measured from)."""
    compare = results.get("compare", {}).get("account_map", {})
    rows = [
        _row(
            "account map: API p50 / @neo4j/graphql p50",
            compare.get("ratio"),
            "<= 0.8",
            None if compare.get("ratio") is None else compare["ratio"] <= 0.8,
        ),
        _row(
            "account map: req/s per worker / @neo4j/graphql's per process",
            compare.get("throughput_ratio"),
            ">= 1",
            None if compare.get("throughput_ratio") is None else compare["throughput_ratio"] >= 1.0,
        ),
    ]
    for name in ("account_map", "warmest_path_max_hops_4", "account_risk"):
        rows.append(
            _at_most(
                results, people, name, "api_direct_ratio_p50", 1.3, f"{name}: API p50 / direct p50"
            )
        )
    for name in ("portfolio_scan_total", "portfolio_coverage", "account_scores_whole_workspace"):
        rows.append(_at_most(results, people, name, "api_p50_ms", 3000, f"{name}: API ms"))
    rows += [
        _at_most(
            results,
            people,
            "warmest_path_max_hops_4",
            "api_p95_ms",
            30,
            "warmest path maxHops 4: API p95 ms",
        ),
        _row("warmest path maxHops 4: direct / in-memory search", None, "<= 10", None),
        _at_most(results, people, "account_risk", "api_p95_ms", 30, "account risk: API p95 ms"),
        _at_most(
            results, people, "partner_overlap", "api_p95_ms", 300, "partner overlap: API p95 ms"
        ),
    ]
    imported = results.get("import") or {}
    rows.append(
        _row(
            "import: rows/s / raw UNWIND rows/s",
            imported.get("ratio"),
            ">= 0.8",
            None if imported.get("ratio") is None else imported["ratio"] >= 0.8,
        )
    )
    for row in results.get("queries", []):
        if row["people"] != people or "api_p50_ms" not in row:
            continue
        smaller = _query(results, row["name"], small)
        if smaller and smaller["api_p50_ms"]:
            growth = round(row["api_p50_ms"] / smaller["api_p50_ms"], 2)
            rows.append(
                {
                    "aim": f"growth {small} -> {people} people: {row['name']} API p50",
                    "figure": growth,
                    "target": "stated",
                    "met": "-",
                }
            )
    return rows


def print_aims(results: dict[str, Any]) -> None:
    """The aims table, with the sizes and the machine load its figures were taken at."""
    people = max((q["people"] for q in results.get("queries", [])), default=0)
    load = results.get("load_average", {})
    print(
        f"\naims of issue 13 (stated for 100000 people; figures at {people} people; machine "
        f"load at start {load.get('start')}, at end {load.get('end')}):"
    )
    for row in results.get("aims", []):
        figure = "-" if row["figure"] is None else f"{row['figure']:g}"
        print(f"  {row['aim']:<62} {figure:>10}  {row['target']:<8} {row['met']}")
