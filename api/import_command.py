"""The body of ``accountmap import``: check the input, show what was mapped and what is wrong,
then load it batch by batch behind a progress bar and print the summary."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph.core.client import GraphClient
from graph.ingest.bundle import RowError
from graph.ingest.imports import (
    ImportSource,
    check_import,
    describe_mappings,
    section_sizes,
    write_batches,
)

MAX_ERRORS_SHOWN = 200

IMPORT_HELP = (
    "Import a bundle, per-section CSVs, or Salesforce / HubSpot exports into a workspace.\n\n"
    "PATH is a JSON bundle, a <section>.csv file, or a folder of them (docs/IMPORT_FORMAT.md); "
    "with --format salesforce, Account.csv, Contact.csv, Opportunity.csv, "
    "OpportunityContactRole.csv and User.csv (API field names); with --format hubspot, the "
    "companies, contacts and deals exports.\n\n"
    "The whole input is checked first (every row, and every id it references): if anything is "
    "wrong, the problems are listed and nothing is written. Rows are then written in batches of "
    "--batch-size rows, each batch its own transaction.\n\n"
    "Re-running is safe: every write is an idempotent upsert by id, so an interrupted import is "
    "finished by running the same command again (rows already loaded count as unchanged)."
)


def _rejected(errors: list[RowError]) -> int:
    return len({(e.section, e.row) for e in errors})


def print_errors(console: Console, errors: list[RowError]) -> None:
    """The problems of a rejected input, one per line (the first few hundred)."""
    table = Table("section", "row", "field", "code", "reason", title="Rejected rows")
    for error in errors[:MAX_ERRORS_SHOWN]:
        table.add_row(
            error.section or "",
            "" if error.row is None else str(error.row),
            error.field or "",
            error.code,
            error.reason,
        )
    console.print(table)
    if len(errors) > MAX_ERRORS_SHOWN:
        console.print(f"... and {len(errors) - MAX_ERRORS_SHOWN} more problems.")


async def run_import(
    graph: GraphClient,
    source: ImportSource,
    workspace: str,
    *,
    dry_run: bool,
    batch_size: int,
    console: Console,
) -> bool:
    """Check and load ``source`` into ``workspace``; False when the input was rejected."""
    for ignored in source.ignored:
        console.print(f"[yellow]Ignored[/yellow] {ignored} (not a file this format reads)")
    for line in describe_mappings(source.mappings):
        console.print(f"Mapped {line}")
    parsed = await check_import(graph, workspace, source.bundle)
    errors = [*source.errors, *parsed.errors]
    if errors:
        print_errors(console, errors)
        console.print(
            f"[red]Rejected: {_rejected(errors)} rows ({len(errors)} problems) of "
            f"{source.rows}. Nothing was written; fix them and run the import again.[/red]"
        )
        return False
    sizes = section_sizes(parsed)
    if dry_run:
        table = Table("section", "rows", title=f"Dry run: valid, would upsert into {workspace!r}")
        for section, rows in sizes.items():
            table.add_row(section, str(rows))
        console.print(table)
        console.print("Dry run: nothing was written. Rejected: 0 rows.")
        return True
    progress = Progress(
        TextColumn("{task.description:<16}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )
    with progress:
        task = progress.add_task("importing", total=parsed.total_rows)

        def advance(section: str, rows: int) -> None:
            progress.update(task, advance=rows, description=section)

        summary = await write_batches(
            graph, workspace, parsed, batch_size=batch_size, on_batch=advance
        )
    table = Table(
        "section", "created", "updated", "unchanged", title=f"Imported into {workspace!r}"
    )
    for counts in summary.sections:
        table.add_row(
            counts.section, str(counts.created), str(counts.updated), str(counts.unchanged)
        )
    total = summary.total
    table.add_row("total", str(total.created), str(total.updated), str(total.unchanged))
    console.print(table)
    console.print("Rejected: 0 rows.")
    return True
