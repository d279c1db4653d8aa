"""What every row of an import bundle shares (docs/IMPORT_FORMAT.md).

A row validates one record and knows three things about it: its key within the section (for
duplicate detection), the ids it references (checked against the graph before anything is
written), and the record the upsert statement receives (``key``, references, ``props`` with only
the fields the row gave, ``defaults`` applied when the node or relationship is created).

Upserts are patches: a field present in a row is written (``null`` clears it), a field the row
leaves out keeps its stored value. Blank strings count as absent for required fields and as
``null`` for optional ones, so a CSV's empty cell clears a value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache, lru_cache
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic.alias_generators import to_camel

from graph.ingest.values import Reference


class Row(BaseModel):
    """What every section's row shares: camelCase fields, no unknown ones, blanks as absent."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=False,
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        use_enum_values=True,
        validate_default=True,
    )

    #: Bundle fields that are not node or relationship properties (keys and references).
    structural: ClassVar[frozenset[str]] = frozenset({"id"})

    @model_validator(mode="before")
    @classmethod
    def _blanks(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        absent = _absent_when_blank(cls)
        cleaned: dict[str, Any] = {}
        for name, value in data.items():
            if value is None or (isinstance(value, str) and not value.strip()):
                if _snake(str(name)) in absent:
                    continue  # a blank required or defaulted field is absent
                value = None
            cleaned[str(name)] = value
        return cleaned

    def key(self) -> tuple[str, ...]:
        """What identifies the row within its section (two rows with one key are duplicates)."""
        return (str(getattr(self, "id", "")),)

    def references(self) -> list[Reference]:
        """The ids this row points at, each to be found in the graph or earlier in the bundle."""
        return []

    def given(self) -> dict[str, Any]:
        """The fields the row set, camelCase, with values as the driver takes them.

        The validated values are already in that form (enums as their values, dates, numbers,
        strings and lists of strings), so this reads them rather than paying for a dump.
        """
        given = self.model_fields_set
        return {alias: getattr(self, name) for name, alias in _aliases(type(self)) if name in given}

    def props(self) -> dict[str, Any]:
        """The properties to write: every field the row gave, except keys and references."""
        return {k: v for k, v in self.given().items() if k not in self.structural}

    def defaults(self) -> dict[str, Any]:
        """Defaults for fields the row left out, applied only when the entity is created."""
        given = self.model_fields_set
        return {
            alias: getattr(self, name)
            for name, alias in _defaulted(type(self))
            if name not in given
        }

    def record(self) -> dict[str, Any]:
        """The map one ``UNWIND $rows AS row`` iteration receives."""
        return {"props": self.props(), "defaults": self.defaults()}


@lru_cache(maxsize=1024)  # bounded: the names come from the caller's input
def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


@cache
def _absent_when_blank(model: type[Row]) -> frozenset[str]:
    """The fields a blank value leaves out rather than clears: required or defaulted ones."""
    return frozenset(
        name
        for name, field in model.model_fields.items()
        if field.is_required() or field.default is not None
    )


@cache
def _aliases(model: type[Row]) -> tuple[tuple[str, str], ...]:
    """(field, alias) of every field, in declaration order."""
    return tuple((name, field.alias or name) for name, field in model.model_fields.items())


@cache
def _defaulted(model: type[Row]) -> tuple[tuple[str, str], ...]:
    """(field, alias) of the optional fields with a default that are node or edge properties."""
    return tuple(
        (name, alias)
        for name, field in model.model_fields.items()
        if not field.is_required()
        and field.default is not None
        and (alias := field.alias or name) not in model.structural
    )
