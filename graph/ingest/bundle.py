"""A whole bundle checked at once: every row of every section, reported as row errors.

``parse_bundle`` turns a bundle (the JSON object of docs/IMPORT_FORMAT.md) into validated rows
plus the list of everything wrong with it; nothing is written while that list is non-empty.
References are checked in two steps: ids found earlier in the same bundle here, the rest against
the graph by ``graph.ingest.upserts`` inside the write transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from graph.core.batching import batched
from graph.core.errors import InvalidInput, preview
from graph.core.model import Label
from graph.ingest.rows import SECTION_OF_LABEL, SECTIONS, Reference, Row


class ErrorCode(StrEnum):
    """Stable codes of row errors; programs switch on these, people read the reason."""

    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    INVALID_EMAIL = "INVALID_EMAIL"
    INVALID_URL = "INVALID_URL"
    INVALID_DOMAIN = "INVALID_DOMAIN"
    INVALID_CURRENCY = "INVALID_CURRENCY"
    INVALID_ROLE = "INVALID_ROLE"
    INVALID_ENUM = "INVALID_ENUM"
    INVALID_KIND = "INVALID_KIND"
    INVALID_NUMBER = "INVALID_NUMBER"
    INVALID_DATE = "INVALID_DATE"
    INVALID_TIMESTAMP = "INVALID_TIMESTAMP"
    INVALID_TYPE = "INVALID_TYPE"
    INVALID_VALUE = "INVALID_VALUE"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    END_BEFORE_START = "END_BEFORE_START"
    SELF_REFERENCE = "SELF_REFERENCE"
    EXACTLY_ONE_OWNER = "EXACTLY_ONE_OWNER"
    UNKNOWN_FIELD = "UNKNOWN_FIELD"
    UNKNOWN_SECTION = "UNKNOWN_SECTION"
    UNKNOWN_REFERENCE = "UNKNOWN_REFERENCE"
    DUPLICATE_ID = "DUPLICATE_ID"
    ID_TAKEN = "ID_TAKEN"
    WRONG_ACCOUNT = "WRONG_ACCOUNT"
    BATCH_TOO_LARGE = "BATCH_TOO_LARGE"


_PYDANTIC_CODES: dict[str, ErrorCode] = {
    "missing": ErrorCode.REQUIRED,
    "string_too_short": ErrorCode.REQUIRED,
    "string_too_long": ErrorCode.TOO_LONG,
    "too_long": ErrorCode.TOO_LONG,
    "enum": ErrorCode.INVALID_ENUM,
    "literal_error": ErrorCode.INVALID_ENUM,
    "greater_than": ErrorCode.OUT_OF_RANGE,
    "greater_than_equal": ErrorCode.OUT_OF_RANGE,
    "less_than": ErrorCode.OUT_OF_RANGE,
    "less_than_equal": ErrorCode.OUT_OF_RANGE,
    "int_parsing": ErrorCode.INVALID_NUMBER,
    "int_type": ErrorCode.INVALID_NUMBER,
    "int_from_float": ErrorCode.INVALID_NUMBER,
    "float_parsing": ErrorCode.INVALID_NUMBER,
    "float_type": ErrorCode.INVALID_NUMBER,
    "finite_number": ErrorCode.INVALID_NUMBER,
    "extra_forbidden": ErrorCode.UNKNOWN_FIELD,
}

#: The field a duplicate is reported on, for sections keyed by more than an ``id``.
_KEY_FIELD: dict[str, str] = {
    "partnerAccounts": "externalId",
    "reportingLines": "managerId",
    "buyingRoles": "role",
    "relationships": "toId",
}


@dataclass(frozen=True)
class RowError:
    """One problem with one row: where it is, what is wrong, and a code to switch on.

    ``row`` is the 0-based index within the section; ``section``, ``row`` and ``field`` are
    None for problems of the bundle as a whole (e.g. BATCH_TOO_LARGE).
    """

    section: str | None
    row: int | None
    field: str | None
    reason: str
    code: str

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``extensions.errors`` and of the CLI's report (a section or field
        name the client made up is repeated by its first characters only)."""
        return {
            "section": None if self.section is None else preview(self.section),
            "row": self.row,
            "field": None if self.field is None else preview(self.field),
            "reason": preview(self.reason, 300),
            "code": self.code,
        }

    def __str__(self) -> str:
        where = self.section or "bundle"
        if self.row is not None:
            where += f"[{self.row}]"
        if self.field:
            where += f".{self.field}"
        return f"{where}: {self.reason} ({self.code})"


class InvalidRows(InvalidInput):
    """A batch with invalid rows: nothing of it was written. ``extensions.errors`` lists every
    problem as ``{section, row, field, reason, code}``."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        count = len(errors)
        super().__init__(
            f"The batch was rejected and nothing was written: {count} problem"
            f"{'s' if count != 1 else ''} (see extensions.errors).",
            extensions={"errors": [error.as_dict() for error in errors]},
        )
        self.errors = tuple(errors)


@dataclass(frozen=True)
class PendingReference:
    """A reference not satisfied within the bundle: it must exist in the graph."""

    section: str
    row: int
    reference: Reference

    def error(self) -> RowError:
        """The row error reported when the graph does not have the id either."""
        noun = self.reference.label.value
        return RowError(
            self.section,
            self.row,
            self.reference.field,
            f"no {noun} with id {self.reference.id!r} in this workspace or earlier in the batch",
            ErrorCode.UNKNOWN_REFERENCE,
        )


@dataclass(frozen=True)
class ParsedBundle:
    """Validated rows per section (load order) and every problem found.

    ``positions`` holds each valid row's index in the original input, so that errors found
    later (unknown references) name the row the caller sent even when earlier rows were invalid
    or the bundle was cut into chunks.
    """

    sections: Mapping[str, tuple[Row, ...]]
    errors: tuple[RowError, ...] = ()
    positions: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        """How many valid rows the bundle holds, across sections."""
        return sum(len(rows) for rows in self.sections.values())

    def rows(self, section: str) -> tuple[Row, ...]:
        """The rows of one section (empty when absent)."""
        return self.sections.get(section, ())

    def position(self, section: str, index: int) -> int:
        """The original input index of the ``index``-th valid row of a section."""
        positions = self.positions.get(section)
        return index if positions is None else positions[index]

    def chunks(self, batch_size: int) -> Iterator[ParsedBundle]:
        """Single-section pieces of at most ``batch_size`` rows, in load order."""
        for section, rows in self.sections.items():
            for indexes in batched(range(len(rows)), batch_size):
                yield ParsedBundle(
                    {section: tuple(rows[i] for i in indexes)},
                    positions={section: tuple(self.position(section, i) for i in indexes)},
                )

    def pending_references(self) -> list[PendingReference]:
        """References whose id is not among the rows of the referenced section in this bundle."""
        known: dict[Label, set[str]] = {
            label: {str(getattr(row, "id", "")) for row in self.rows(section)}
            for label, section in SECTION_OF_LABEL.items()
        }
        pending = []
        for section, rows in self.sections.items():
            for index, row in enumerate(rows):
                for reference in row.references():
                    if reference.id not in known[reference.label]:
                        position = self.position(section, index)
                        pending.append(PendingReference(section, position, reference))
        return pending


def _code(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind.isupper():  # our own PydanticCustomError codes
        return kind
    if kind in _PYDANTIC_CODES:
        return _PYDANTIC_CODES[kind]
    if kind.startswith("date"):
        return ErrorCode.INVALID_DATE
    if kind.startswith(("datetime", "timezone")):
        return ErrorCode.INVALID_TIMESTAMP
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return ErrorCode.INVALID_TYPE
    return ErrorCode.INVALID_VALUE


def _reason(error: ErrorDetails, code: str) -> str:
    if code == ErrorCode.REQUIRED:
        return "is required"
    if error["type"] == "extra_forbidden":
        return "is not a field of this section"
    return error["msg"]


def row_errors(section: str, index: int, error: ValidationError) -> list[RowError]:
    """Pydantic's report on one row as row errors with stable codes."""
    found = []
    for detail in error.errors(include_url=False):
        loc = detail["loc"]
        ctx = detail.get("ctx") or {}
        name = str(loc[0]) if loc else ctx.get("field")
        if len(loc) > 1:
            name = f"{name}[{loc[1]}]"
        code = _code(detail)
        found.append(RowError(section, index, name, _reason(detail, code), code))
    return found


def _duplicates(section: str, rows: Sequence[tuple[int, Row]]) -> list[RowError]:
    seen: dict[tuple[str, ...], int] = {}
    errors = []
    for index, row in rows:
        key = row.key()
        if key in seen:
            errors.append(
                RowError(
                    section,
                    index,
                    _KEY_FIELD.get(section, "id"),
                    f"repeats the row at index {seen[key]} (same key {'/'.join(key)!r})",
                    ErrorCode.DUPLICATE_ID,
                )
            )
        else:
            seen[key] = index
    return errors


def parse_bundle(raw: Any, *, max_rows: int | None = None) -> ParsedBundle:
    """Validate every row of a bundle; the result's ``errors`` lists every problem found.

    ``max_rows`` bounds the total across sections (the API's batch limit); a bundle over it is
    rejected as a whole with BATCH_TOO_LARGE before any row is looked at.
    """
    if not isinstance(raw, Mapping):
        return ParsedBundle(
            {},
            (
                RowError(
                    None,
                    None,
                    None,
                    "a bundle is a JSON object whose keys are sections",
                    ErrorCode.INVALID_TYPE,
                ),
            ),
        )
    errors: list[RowError] = []
    for name in raw:
        if name not in SECTIONS:
            errors.append(
                RowError(
                    str(name),
                    None,
                    None,
                    f"unknown section; the sections are {', '.join(SECTIONS)}",
                    ErrorCode.UNKNOWN_SECTION,
                )
            )
    lists: dict[str, list[Any]] = {}
    for name in SECTIONS:
        value = raw.get(name)
        if value is None:
            continue
        if not isinstance(value, list):
            errors.append(
                RowError(name, None, None, "a section is a list of rows", ErrorCode.INVALID_TYPE)
            )
            continue
        lists[name] = value
    total = sum(len(rows) for rows in lists.values())
    if max_rows is not None and total > max_rows:
        reason = f"{total} rows is more than the {max_rows} one batch may hold; split it"
        return ParsedBundle({}, (RowError(None, None, None, reason, ErrorCode.BATCH_TOO_LARGE),))
    sections: dict[str, tuple[Row, ...]] = {}
    positions: dict[str, tuple[int, ...]] = {}
    for name, items in lists.items():
        model = SECTIONS[name]
        valid: list[tuple[int, Row]] = []
        for index, item in enumerate(items):
            if not isinstance(item, Mapping):
                errors.append(
                    RowError(name, index, None, "a row is an object", ErrorCode.INVALID_TYPE)
                )
                continue
            try:
                valid.append((index, model.model_validate(item)))
            except ValidationError as error:
                errors.extend(row_errors(name, index, error))
        errors.extend(_duplicates(name, valid))
        sections[name] = tuple(row for _, row in valid)
        positions[name] = tuple(index for index, _ in valid)
    return ParsedBundle(sections, tuple(errors), positions)


def validate_bundle(raw: Any, *, max_rows: int | None = None) -> list[RowError]:
    """Every problem of a bundle that can be seen without the graph (no reference lookups)."""
    return list(parse_bundle(raw, max_rows=max_rows).errors)
