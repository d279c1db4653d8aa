"""What one tool is: a fixed GraphQL document, its input schema, and how its answer is told."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from api.mcp.arguments import JsonSchema, input_schema
from graph.core.credentials import Principal

Answer = Any
"""The root field's value, compacted (``compact``): dicts, lists and scalars."""


def no_change(arguments: dict[str, Any], _caller: Principal) -> dict[str, Any]:
    """Variables are the arguments as given (their names are the GraphQL variables')."""
    return arguments


@dataclass(frozen=True)
class ToolSpec:
    """One tool. ``document`` holds one operation named ``operation`` whose variables are the
    tool's arguments (after ``variables``); its answer is the value of the root field ``root``."""

    name: str
    title: str
    description: str
    properties: Mapping[str, JsonSchema]
    document: str
    operation: str
    root: str
    summarize: Callable[[Answer], str]
    required: tuple[str, ...] = ()
    variables: Callable[[dict[str, Any], Principal], dict[str, Any]] = no_change
    read_only: bool = True
    needs_field: str | None = None
    """``Type.field`` the schema must have for the tool to be offered (a tool written ahead of
    the schema it needs); None: always offered."""
    missing: str = "Nothing was found for those arguments in this workspace."
    """The NOT_FOUND message when the root field answers null without an error."""

    @property
    def input_schema(self) -> JsonSchema:
        """The JSON Schema of the tool's arguments."""
        return input_schema(dict(self.properties), self.required)


def compact(value: Any) -> Any:
    """A GraphQL answer made compact for an assistant: a connection becomes its items (with
    ``totalCount`` and ``nextCursor`` when they were asked for), and null fields are left out."""
    if isinstance(value, list):
        return [compact(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "edges" in value:
        items = [compact(edge["node"]) for edge in value["edges"]]
        if "totalCount" not in value and "pageInfo" not in value:
            return items
        page = value.get("pageInfo") or {}
        shaped: dict[str, Any] = {"totalCount": value.get("totalCount"), "items": items}
        if page.get("hasNextPage"):
            shaped["nextCursor"] = page.get("endCursor")
        return {k: v for k, v in shaped.items() if v is not None}
    return {key: compact(item) for key, item in value.items() if item is not None}
