"""Deterministic workspace generator: an import bundle (docs/IMPORT_FORMAT.md) of any size.

Everything comes from one ``random.Random(seed)``: the same arguments give the same bundle, byte
for byte. The shape is realistic enough for the traversals to find something: people employed at
accounts in reporting trees by department, partner contacts employed at partners, buying roles
(an economic buyer on most accounts, champions, blockers, detractors), leavers (some of whom moved
to another tracked account), sellers who know some people (some accounts with nobody engaged, some
single-threaded, some held by one seller), person-to-person KNOWS and INFLUENCES, opportunities with
BANT fields, partner shared account lists that overlap ours with dirty domains, duplicates and
name-only records, context items and pain points.

The small structure (accounts, org trees, roles, opportunities) is planned up front in compact
lists; the big sections (people, employments, reporting lines, relationships) are produced lazily
by ``generate_sections``, one iterator per section in the bundle's load order, each drawing from its
own sub-generator so that sections do not depend on how far the previous one was consumed.

``relationships`` is the total number of relationship rows, as the benchmark counts them:
``employments + reportingLines + buyingRoles + relationships``. The structure fixes the first
three; KNOWS and INFLUENCES rows fill the rest exactly (when the graph can hold that many distinct
pairs; if the structure alone exceeds the target, the relationships section is empty).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Final, TextIO, TypedDict

from seeds.plan import SECTION_ORDER, Plan, Row, Sizes
from seeds.relationships import relationship_rows

__all__ = [
    "BENCHMARK",
    "DEFAULT_TODAY",
    "RELATIONSHIP_SECTIONS",
    "SECTION_ORDER",
    "Bundle",
    "Row",
    "WorkspaceSize",
    "count_relationship_rows",
    "generate_bundle",
    "generate_sections",
    "write_bundle",
]

Bundle = dict[str, list[Row]]

RELATIONSHIP_SECTIONS: Final = ("employments", "reportingLines", "buyingRoles", "relationships")
DEFAULT_TODAY: Final = date(2026, 11, 1)


class WorkspaceSize(TypedDict):
    """The counts a generated workspace is asked for (``generate_bundle(seed, **size)``)."""

    accounts: int
    people: int
    sellers: int
    partners: int
    relationships: int


#: The benchmark workspace of issues 4-6.
BENCHMARK: Final[WorkspaceSize] = {
    "accounts": 5_000,
    "people": 100_000,
    "sellers": 500,
    "partners": 20,
    "relationships": 1_000_000,
}


def count_relationship_rows(bundle: Bundle) -> int:
    """Relationship rows as the benchmark counts them."""
    return sum(len(bundle.get(section, [])) for section in RELATIONSHIP_SECTIONS)


def generate_bundle(
    seed: int,
    accounts: int,
    people: int,
    sellers: int,
    partners: int,
    relationships: int,
    *,
    opportunities: int | None = None,
    today: date = DEFAULT_TODAY,
) -> Bundle:
    """The whole bundle in memory, sections in load order.

    The collector is paused while the rows pile up: a million fresh dicts would otherwise trigger
    full collections over and over, for nothing (rows hold no cycles).
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _collect(
            generate_sections(
                seed,
                accounts,
                people,
                sellers,
                partners,
                relationships,
                opportunities=opportunities,
                today=today,
            )
        )
    finally:
        if paused:
            gc.enable()


def _collect(sections: Iterator[tuple[str, Iterator[Row]]]) -> Bundle:
    return {section: list(rows) for section, rows in sections}


def generate_sections(
    seed: int,
    accounts: int,
    people: int,
    sellers: int,
    partners: int,
    relationships: int,
    *,
    opportunities: int | None = None,
    today: date = DEFAULT_TODAY,
) -> Iterator[tuple[str, Iterator[Row]]]:
    """(section, rows) in the load order of docs/IMPORT_FORMAT.md; rows are produced lazily.

    ``opportunities`` defaults to 80% of ``accounts``; ``today`` anchors every date (employment
    ends, last interactions, close dates) so that the output does not depend on the clock.
    """
    if accounts < 1 or sellers < 1:
        raise ValueError("a workspace needs at least one account and one seller")
    if min(people, partners, relationships) < 0 or (opportunities or 0) < 0:
        raise ValueError("counts must not be negative")
    plan = Plan(
        seed,
        Sizes(
            accounts=accounts,
            people=people,
            sellers=sellers,
            partners=partners,
            relationships=relationships,
            opportunities=round(accounts * 0.8) if opportunities is None else opportunities,
        ),
        today,
    )
    producers: dict[str, Callable[[random.Random], Iterator[Row]]] = {
        "sellers": plan.seller_rows,
        "accounts": plan.account_rows,
        "partners": plan.partner_rows,
        "partnerAccounts": plan.partner_account_rows,
        "people": plan.people_rows,
        "employments": plan.employment_rows,
        "reportingLines": plan.reporting_rows,
        "opportunities": plan.opportunity_rows,
        "buyingRoles": plan.buying_role_rows,
        "relationships": lambda rng: relationship_rows(plan, rng),
        "contextItems": plan.context_rows,
        "painPoints": plan.pain_rows,
    }
    for section in SECTION_ORDER:
        yield section, producers[section](random.Random(plan.section_seeds[section]))


def write_bundle(out: TextIO, sections: Iterator[tuple[str, Iterator[Row]]]) -> dict[str, int]:
    """Stream sections as one JSON bundle (a row per line); returns the row count per section."""
    # One encoder for every row: json.dumps with options would build a new one per call.
    encode = json.JSONEncoder(separators=(",", ":")).encode
    counts: dict[str, int] = {}
    out.write("{")
    for index, (section, rows) in enumerate(sections):
        out.write(("," if index else "") + f"\n{encode(section)}: [")
        count = 0
        lines: list[str] = []
        for count, row in enumerate(rows, start=1):
            lines.append(("," if count > 1 else "") + "\n" + encode(row))
            if len(lines) >= 10_000:
                out.write("".join(lines))
                lines.clear()
        out.write("".join(lines) + "\n]")
        counts[section] = count
    out.write("\n}\n")
    return counts


def main(argv: list[str] | None = None) -> None:
    """``python -m seeds.generator --seed 7 --out bundle.json`` (benchmark size by default)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, default=7)
    for name, default in BENCHMARK.items():
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--opportunities", type=int, default=None)
    parser.add_argument("--today", type=date.fromisoformat, default=DEFAULT_TODAY)
    parser.add_argument("--out", type=Path, default=None, help="file to write (default stdout)")
    args = parser.parse_args(argv)
    sections = generate_sections(
        args.seed,
        args.accounts,
        args.people,
        args.sellers,
        args.partners,
        args.relationships,
        opportunities=args.opportunities,
        today=args.today,
    )
    if args.out is None:
        counts = write_bundle(sys.stdout, sections)
    else:
        with args.out.open("w", encoding="utf-8") as out:
            counts = write_bundle(out, sections)
    print(json.dumps(counts), file=sys.stderr)


if __name__ == "__main__":
    main()
