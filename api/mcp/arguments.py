"""JSON Schema pieces for the tools' inputs, with the ranges the GraphQL arguments enforce."""

from __future__ import annotations

from typing import Any

from graph.reach.paths import MAX_ALTERNATIVES, MAX_HOPS_LIMIT
from schema.core.ids import MAX_ID_CHARS

JsonSchema = dict[str, Any]


def an_id(description: str) -> JsonSchema:
    """A workspace id (an account's, a person's, a deal's ...)."""
    return {"type": "string", "minLength": 1, "maxLength": MAX_ID_CHARS, "description": description}


AS_OF: JsonSchema = {
    "type": "string",
    "format": "date",
    "description": "The day to answer for, YYYY-MM-DD (default today). The demo data's day is "
    "2026-11-20.",
}

MAX_HOPS: JsonSchema = {
    "type": "integer",
    "minimum": 1,
    "maximum": MAX_HOPS_LIMIT,
    "default": 4,
    "description": f"Longest path, in hops (1 to {MAX_HOPS_LIMIT}).",
}

ALTERNATIVES: JsonSchema = {
    "type": "integer",
    "minimum": 1,
    "maximum": MAX_ALTERNATIVES,
    "default": 1,
    "description": f"How many paths, each with a different first contact (1 to {MAX_ALTERNATIVES}).",
}

CONFIDENCE: JsonSchema = {
    "type": "number",
    "minimum": 0,
    "maximum": 1,
    "default": 0.5,
    "description": "Count suggested buying roles only at least this confident, 0 to 1.",
}

AFTER: JsonSchema = {
    "type": "string",
    "description": "Continue after this cursor (the nextCursor of the previous answer).",
}


def first(max_page_size: int, default: int = 10) -> JsonSchema:
    """A page size, 1 to the server's maximum page size (``ACCOUNTMAP_MAX_PAGE_SIZE``)."""
    return {
        "type": "integer",
        "minimum": 1,
        "maximum": max_page_size,
        "default": default,
        "description": f"How many items (1 to {max_page_size}).",
    }


def enum(values: list[str], description: str) -> JsonSchema:
    """One of the GraphQL enum's values."""
    return {"type": "string", "enum": values, "description": description}


def input_schema(properties: dict[str, JsonSchema], required: tuple[str, ...] = ()) -> JsonSchema:
    """A tool's input: an object of exactly these properties."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }
