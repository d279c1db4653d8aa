"""The demo workspace is data: seeds/demo/tables/*.csv rebuild seeds/demo/bundle.json exactly."""

from __future__ import annotations

import csv

from seeds.demo_build import BUNDLE_PATH, TABLES, build, render, table_columns
from seeds.plan import SECTION_ORDER


def test_tables_rebuild_the_committed_bundle_byte_for_byte() -> None:
    """The builder's output from the tables is the committed bundle.json, byte for byte."""
    assert render(build()) == BUNDLE_PATH.read_text(encoding="utf-8")


def test_one_table_per_section_with_exactly_its_columns() -> None:
    """Every section has a table whose header is its non-derived fields, in bundle order, and
    every row fills that header (no stray or missing cells)."""
    assert sorted(p.stem for p in TABLES.glob("*.csv")) == sorted(SECTION_ORDER)
    for section in SECTION_ORDER:
        with (TABLES / f"{section}.csv").open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == table_columns(section), section
        assert all(len(row) == len(rows[0]) for row in rows[1:]), section


def test_derived_fields_follow_the_tables() -> None:
    """Facts typed once reach the fields derived from them: a seller's email comes from the
    name, a person's current title is their latest employment's."""
    bundle = build()
    sellers = {row["id"]: row for row in bundle["sellers"]}
    assert sellers["sel-dana"]["email"] == "dana.whitfield@northbeam.example"
    latest = {row["personId"]: row for row in bundle["employments"]}
    for person in bundle["people"]:
        assert person["title"] == latest[person["id"]]["title"]
