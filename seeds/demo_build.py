"""Builds ``seeds/demo/bundle.json``, the demo workspace, from the tables in ``seeds/demo/tables``
(run: ``python -m seeds.demo_build``).

The demo is data: one CSV per bundle section, a row per line, read with ``seeds/demo/STORIES.md``
beside it. The tables hold what a person chose (names, titles, dates, roles, who knows whom, the
deals and their BANT notes); this builder adds only what follows from them, so no fact is typed
twice:

- a seller's email (``first.last@northbeam.example``) and title (from the role);
- an account's region (from the country) and annual revenue (210,000 per employee);
- a person's photo and LinkedIn URLs and email (at the domain of their latest employer), and
  their current title and department (those of their latest employment);
- an employment's organization kind (PARTNER for a partner's id) and a relationship end's kind
  (SELLER for a ``sel-`` id).

A table's columns are the section's fields in the bundle's order; an empty cell leaves the field
out (an empty list column that every row carries, such as ``technologies``, stays ``[]``); list
cells separate items with ``;``. The rank and file of each account (the colleagues who make an
org chart look like one) were drawn once with a seeded generator and are kept as rows like the
rest: they know colleagues of their own account only and report to its managers, so they never
change a story. The output is committed; ``tests/seeds/test_demo_build.py`` rebuilds it and
compares byte for byte.

Dates are anchored on ``DEMO_TODAY``: the recency windows of the risk flags (90 days for an
engaged contact, 180 for a departure) hold when evaluated on that date.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

from seeds import vocabulary as v
from seeds.plan import SECTION_ORDER

Row = dict[str, Any]

DEMO_TODAY: Final = date(2026, 11, 20)
DEMO_DIR: Final = Path(__file__).parent / "demo"
TABLES: Final = DEMO_DIR / "tables"
BUNDLE_PATH: Final = DEMO_DIR / "bundle.json"
_OUR_DOMAIN: Final = "northbeam.example"
_REVENUE_PER_EMPLOYEE: Final = 210_000
LIST_SEPARATOR: Final = ";"


@dataclass(frozen=True)
class _Lookups:
    """What derived fields read from other sections."""

    domain_of: Mapping[str, str]
    partners: frozenset[str]
    latest_employment: Mapping[str, Mapping[str, str]]


Derive = Callable[[Mapping[str, str], _Lookups], Any]


def _kind_of_end(column: str) -> Derive:
    return lambda row, _: "SELLER" if row[column].startswith("sel-") else "PERSON"


def _person_email(row: Mapping[str, str], lookups: _Lookups) -> str:
    first, _, last = row["name"].partition(" ")
    employer = lookups.latest_employment[row["id"]]["organizationId"]
    return f"{first.lower()}.{last.lower().replace(' ', '')}@{lookups.domain_of[employer]}"


def _linkedin(row: Mapping[str, str], lookups: _Lookups) -> str:
    first, _, last = row["name"].partition(" ")
    return f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-demo"


# Each section's fields in bundle order: a column type (str, int, float; "list" always present,
# "list?" left out when empty) or a derivation from the row and the other sections.
_SPEC: Final[dict[str, dict[str, str | Derive]]] = {
    "sellers": {
        "id": "str",
        "name": "str",
        "email": lambda r, _: f"{r['name'].lower().replace(' ', '.')}@{_OUR_DOMAIN}",
        "title": lambda r, _: v.SELLER_TITLES[r["role"]],
        "role": "str",
    },
    "accounts": {
        "id": "str",
        "name": "str",
        "domain": "str",
        "industry": "str",
        "employees": "int",
        "annualRevenue": lambda r, _: int(r["employees"]) * _REVENUE_PER_EMPLOYEE,
        "country": "str",
        "region": lambda r, _: v.COUNTRIES[r["country"]][0],
        "technologies": "list",
        "competitorProducts": "list",
        "tier": "str",
        "status": "str",
        "ownerSellerId": "str",
    },
    "partners": {"id": "str", "name": "str", "domain": "str", "sharingLevel": "str"},
    "partnerAccounts": {
        "partnerId": "str",
        "externalId": "str",
        "name": "str",
        "domain": "str",
        "website": "str",
        "status": "str",
    },
    "people": {
        "id": "str",
        "name": "str",
        "photoUrl": lambda r, _: f"https://images.example.com/demo/{r['id']}.jpg",
        "email": _person_email,
        "linkedinUrl": _linkedin,
        "location": "str",
        "title": lambda r, lookups: lookups.latest_employment[r["id"]]["title"],
        "department": lambda r, lookups: lookups.latest_employment[r["id"]]["department"],
        "seniority": "str",
        "roleSummary": "str",
        "labels": "list?",
    },
    "employments": {
        "personId": "str",
        "organizationId": "str",
        "organizationKind": lambda r, lookups: (
            "PARTNER" if r["organizationId"] in lookups.partners else "ACCOUNT"
        ),
        "title": "str",
        "department": "str",
        "startDate": "str",
        "endDate": "str",
    },
    "reportingLines": {
        "personId": "str",
        "managerId": "str",
        "fromDate": "str",
        "toDate": "str",
        "strength": "float",
    },
    "opportunities": {
        "id": "str",
        "accountId": "str",
        "name": "str",
        "stage": "str",
        "amount": "int",
        "currency": "str",
        "closeDate": "str",
        "state": "str",
        "budget": "str",
        "authority": "str",
        "need": "str",
        "timeline": "str",
        "ownerSellerId": "str",
        "personIds": "list",
    },
    "buyingRoles": {
        "personId": "str",
        "accountId": "str",
        "role": "str",
        "opportunityId": "str",
        "stance": "str",
        "fromDate": "str",
        "toDate": "str",
    },
    "relationships": {
        "kind": "str",
        "fromId": "str",
        "fromKind": _kind_of_end("fromId"),
        "toId": "str",
        "toKind": _kind_of_end("toId"),
        "strength": "float",
        "source": "str",
        "lastInteractionAt": "str",
    },
    "contextItems": {
        "id": "str",
        "accountId": "str",
        "kind": "str",
        "text": "str",
        "horizon": "str",
        "dueDate": "str",
    },
    "painPoints": {
        "id": "str",
        "text": "str",
        "accountId": "str",
        "personId": "str",
        "severity": "int",
    },
}


def table_columns(section: str) -> list[str]:
    """The columns of a section's table: its fields that are not derived."""
    return [name for name, kind in _SPEC[section].items() if isinstance(kind, str)]


def read_table(section: str, tables: Path = TABLES) -> list[dict[str, str]]:
    """A section's table as rows of text cells (UTF-8 CSV with a header)."""
    with (tables / f"{section}.csv").open(newline="", encoding="utf-8") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


def _value(kind: str, cell: str) -> Any:
    """A cell as the bundle's value; None leaves the field out."""
    if kind == "list":
        return [item for item in cell.split(LIST_SEPARATOR) if item]
    if not cell:
        return None
    if kind == "list?":
        return cell.split(LIST_SEPARATOR)
    return {"int": int, "float": float}.get(kind, str)(cell)


def build(tables: Path = TABLES) -> dict[str, list[Row]]:
    """The demo bundle, sections in load order."""
    cells = {section: read_table(section, tables) for section in SECTION_ORDER}
    latest: dict[str, dict[str, str]] = {}
    for employment in cells["employments"]:
        latest[employment["personId"]] = employment
    lookups = _Lookups(
        domain_of={row["id"]: row["domain"] for row in cells["accounts"] + cells["partners"]},
        partners=frozenset(row["id"] for row in cells["partners"]),
        latest_employment=latest,
    )
    bundle: dict[str, list[Row]] = {}
    for section in SECTION_ORDER:
        rows: list[Row] = []
        for cell_row in cells[section]:
            row: Row = {}
            for name, kind in _SPEC[section].items():
                value = (
                    _value(kind, cell_row[name])
                    if isinstance(kind, str)
                    else kind(cell_row, lookups)
                )
                if value is not None:
                    row[name] = value
            rows.append(row)
        bundle[section] = rows
    return bundle


def render(sections: Mapping[str, list[Row]]) -> str:
    """The bundle as committed: one row per line, for reviewable diffs."""
    lines = ["{"]
    for index, (name, rows) in enumerate(sections.items()):
        lines.append(f"  {json.dumps(name)}: [")
        lines.extend(
            f"    {json.dumps(row, ensure_ascii=False)}{',' if i < len(rows) - 1 else ''}"
            for i, row in enumerate(rows)
        )
        lines.append("  ]" + ("," if index < len(sections) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def write(path: Path = BUNDLE_PATH) -> dict[str, int]:
    """Write the bundle; returns the row counts."""
    sections = build()
    path.write_text(render(sections), encoding="utf-8")
    return {name: len(rows) for name, rows in sections.items()}


if __name__ == "__main__":
    print(write())
