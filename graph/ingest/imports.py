"""Bulk import: read a bundle (JSON, a folder of per-section CSVs, or CRM exports), check all
of it, then write it in bounded batches.

Nothing is written unless the whole input is valid, references included. Each batch (at most
``batch_size`` rows of one section) is its own transaction, so an import too large for one
transaction still loads; since every write is an idempotent upsert, re-running an interrupted
import finishes the job and reports what was already there as unchanged.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from graph.core.client import GraphClient
from graph.core.errors import InvalidInput
from graph.ingest.bundle import ErrorCode, InvalidRows, ParsedBundle, RowError, parse_bundle
from graph.ingest.crm import CsvRows, map_hubspot, map_salesforce
from graph.ingest.rows import SECTIONS
from graph.ingest.upserts import UpsertSummary, check_references, upsert_bundle

DEFAULT_BATCH_SIZE = 1000
SALESFORCE_OBJECTS = ("Account", "Contact", "Opportunity", "OpportunityContactRole", "User")
HUBSPOT_EXPORTS = ("companies", "contacts", "deals")


class ImportFormat(StrEnum):
    """What the input files are."""

    BUNDLE = "bundle"
    SALESFORCE = "salesforce"
    HUBSPOT = "hubspot"


class ImportSourceError(InvalidInput):
    """An input file that cannot be read at all (missing, not JSON, not CSV)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="paths")


@dataclass(frozen=True)
class ImportSource:
    """The input as one bundle, plus what mapping it rejected and what it mapped to what."""

    bundle: Mapping[str, list[dict[str, Any]]]
    errors: tuple[RowError, ...] = ()
    mappings: Mapping[tuple[str, str, str], int] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()

    @property
    def rows(self) -> int:
        """Rows across sections."""
        return sum(len(rows) for rows in self.bundle.values())


def _files(paths: Sequence[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() in (".csv", ".json"))
        elif path.is_file():
            found.append(path)
        else:
            raise ImportSourceError(f"{path}: no such file or folder")
    return found


def read_csv(path: Path) -> list[dict[str, str]]:
    """A CSV file's rows keyed by header (UTF-8, with or without a byte-order mark)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return [dict(row) for row in csv.DictReader(handle)]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise ImportSourceError(f"{path}: cannot read it as CSV ({error})") from None


def read_json(path: Path) -> Any:
    """A JSON file's content."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportSourceError(f"{path}: cannot read it as JSON ({error})") from None


def _read_bundle(files: list[Path]) -> ImportSource:
    bundle: dict[str, list[dict[str, Any]]] = {}
    errors: list[RowError] = []
    for path in files:
        if path.suffix.lower() == ".json":
            content = read_json(path)
            if not isinstance(content, dict):
                errors.append(
                    RowError(
                        path.name,
                        None,
                        None,
                        "a bundle is a JSON object of sections",
                        ErrorCode.INVALID_TYPE,
                    )
                )
                continue
            for section, rows in content.items():
                if isinstance(rows, list):
                    bundle.setdefault(section, []).extend(rows)
                else:
                    bundle[section] = rows  # parse_bundle reports the wrong type
        else:  # <section>.csv
            bundle.setdefault(path.stem, []).extend(read_csv(path))
    return ImportSource(bundle, tuple(errors), files=tuple(str(p) for p in files))


def _read_crm(files: list[Path], fmt: ImportFormat) -> ImportSource:
    tables: dict[str, CsvRows] = {}
    ignored: list[str] = []
    for path in files:
        stem = path.stem.lower()
        if fmt is ImportFormat.SALESFORCE:
            name = next((o for o in SALESFORCE_OBJECTS if o.lower() == stem), None)
        else:
            name = next((e for e in HUBSPOT_EXPORTS if e.rstrip("s")[:6] in stem), None)
        if name is None or path.suffix.lower() != ".csv":
            ignored.append(str(path))
            continue
        tables[name] = [*tables.get(name, []), *read_csv(path)]
    mapped = (map_salesforce if fmt is ImportFormat.SALESFORCE else map_hubspot)(tables)
    return ImportSource(
        mapped.bundle,
        tuple(mapped.errors),
        dict(mapped.mappings),
        tuple(str(p) for p in files if str(p) not in ignored),
        tuple(ignored),
    )


def read_source(paths: Sequence[Path], fmt: ImportFormat = ImportFormat.BUNDLE) -> ImportSource:
    """Read the input files into one bundle.

    ``bundle``: JSON bundles and ``<section>.csv`` files (list cells separated by ``;``).
    ``salesforce``: Account.csv, Contact.csv, Opportunity.csv, OpportunityContactRole.csv and
    User.csv with API field names. ``hubspot``: companies, contacts and deals exports.
    Folders are read file by file; raises ``ImportSourceError`` for unreadable files.
    """
    files = _files(paths)
    if fmt is ImportFormat.BUNDLE:
        return _read_bundle(files)
    return _read_crm(files, fmt)


async def check_import(
    graph: GraphClient, workspace: str, bundle: Mapping[str, Any]
) -> ParsedBundle:
    """Validate a whole bundle, references against the workspace included, writing nothing.

    References are looked up only once every row is valid: an invalid row's id would
    otherwise show up again as an unknown reference.
    """
    parsed = parse_bundle(bundle)
    if parsed.errors:
        return parsed
    unknown = await check_references(graph, workspace, parsed)
    if unknown:
        return ParsedBundle(parsed.sections, tuple(unknown), parsed.positions)
    return parsed


OnBatch = Callable[[str, int], None]


async def write_batches(
    graph: GraphClient,
    workspace: str,
    parsed: ParsedBundle,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_batch: OnBatch | None = None,
) -> UpsertSummary:
    """Write a checked bundle in load order, one transaction per batch of one section."""
    if batch_size < 1:
        raise InvalidInput("The batch size must be at least 1.", field="batchSize")
    summary = UpsertSummary()
    for chunk in parsed.chunks(batch_size):
        summary = summary + await upsert_bundle(graph, workspace, chunk, references_checked=True)
        if on_batch is not None:
            [(section, rows)] = chunk.sections.items()
            on_batch(section, len(rows))
    return summary


async def load_bundle(
    graph: GraphClient,
    workspace: str,
    bundle: Mapping[str, Any],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_batch: OnBatch | None = None,
) -> UpsertSummary:
    """Load a bundle dict into a workspace: check all of it, then write it in batches.

    The entry point for seeds, benchmarks and scripts. Raises ``InvalidRows`` (nothing
    written) when any row is invalid or points at an id neither in the bundle nor stored.
    Idempotent: loading the same bundle again reports every row unchanged.
    """
    parsed = await check_import(graph, workspace, bundle)
    if parsed.errors:
        raise InvalidRows(parsed.errors)
    return await write_batches(graph, workspace, parsed, batch_size=batch_size, on_batch=on_batch)


def section_sizes(parsed: ParsedBundle) -> dict[str, int]:
    """Rows per section in load order (for progress bars and dry-run reports)."""
    return {name: len(parsed.rows(name)) for name in SECTIONS if parsed.rows(name)}


def describe_mappings(mappings: Mapping[tuple[str, str, str], int]) -> list[str]:
    """One line per mapping: ``Role: 'Executive Sponsor' -> EXECUTIVE_SPONSOR (3 rows)``."""
    ordered = sorted(Counter(mappings).items())
    return [
        f"{what}: {external!r} -> {ours} ({count} row{'s' if count != 1 else ''})"
        for (what, external, ours), count in ordered
    ]
