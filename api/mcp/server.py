"""The MCP server: lists the tools and runs each through the GraphQL schema.

A call is checked against the tool's input schema (a mistake is ``INVALID_INPUT`` naming the
argument), then runs the tool's fixed document with ``schema.execute`` in the request context the
transport gives for the caller: the same schema, extensions and context ``/graphql`` uses, so the
GraphQL layer alone decides what the caller may see. A GraphQL error becomes a tool error
(``isError``) carrying its code, message and extensions.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import graphql
import mcp_types as types
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from mcp.server.context import ServerRequestContext
from mcp.server.lowlevel import Server
from mcp.shared.exceptions import MCPError
from strawberry.schema import BaseSchema

from api.mcp.tool import ToolSpec, compact
from api.mcp.tools import accounts, introductions, partners, reach, selling
from graph.core.errors import GraphError, InvalidInput, NotFound, preview
from schema.core.context import RequestContext

log = logging.getLogger("accountmap.mcp")

ContextFor = Callable[[ServerRequestContext[Any, Any]], Awaitable[RequestContext]]
"""How a transport turns one MCP request into the GraphQL request context of its caller."""

INSTRUCTIONS = (
    "Account maps of B2B target accounts: the people at each account, their buying roles "
    "(economic buyer, decision maker, champion, blocker ...), who on our team or at a partner "
    "knows them, single-threaded risk, partner overlap and deal qualification (BANT). Ids are the "
    "workspace's own (the demo data's read acc-..., per-..., opp-..., sel-..., par-...); start "
    "from portfolio_risk or portfolio_coverage to find accounts, then ask about one by its id. "
    "Every answer is scoped to the caller's workspace, and a partner credential's to its own "
    "overlap. Pass asOf (YYYY-MM-DD) to ask about another day than today; the demo data's day "
    "is 2026-11-20."
)


def all_tools(max_page_size: int) -> list[ToolSpec]:
    """Every tool written, offered or not."""
    return [
        *accounts.tools(max_page_size),
        *reach.tools(max_page_size),
        *partners.tools(max_page_size),
        *selling.tools(max_page_size),
        *introductions.tools(max_page_size),
    ]


def _has_field(schema: graphql.GraphQLSchema, dotted: str) -> bool:
    type_name, _, field = dotted.partition(".")
    named = schema.get_type(type_name)
    return isinstance(named, graphql.GraphQLObjectType) and field in named.fields


def offered_tools(schema: BaseSchema, max_page_size: int) -> list[ToolSpec]:
    """The tools this schema can answer. A tool written ahead of its mutation (``needs_field``)
    is left out until the schema has it and its document validates; any other tool whose document
    does not validate is a fault of this module, refused at startup."""
    sdl = graphql.build_schema(schema.as_str())
    offered = []
    for spec in all_tools(max_page_size):
        if spec.needs_field is not None and not _has_field(sdl, spec.needs_field):
            continue
        problems = graphql.validate(sdl, graphql.parse(spec.document))
        if problems and spec.needs_field is not None:
            log.warning(
                "MCP tool %s not offered: its document does not fit %s (%s)",
                spec.name,
                spec.needs_field,
                problems[0].message,
            )
            continue
        if problems:
            raise ValueError(f"MCP tool {spec.name}: {problems[0].message}")
        offered.append(spec)
    return offered


def _described(spec: ToolSpec) -> types.Tool:
    return types.Tool(
        name=spec.name,
        title=spec.title,
        description=spec.description,
        input_schema=spec.input_schema,
        annotations=types.ToolAnnotations(
            title=spec.title,
            read_only_hint=spec.read_only,
            destructive_hint=False,
            idempotent_hint=True,
            open_world_hint=False,
        ),
    )


def _argument_error(
    error: ValidationError, spec: ToolSpec, arguments: dict[str, Any]
) -> InvalidInput:
    """A JSON Schema failure as the GraphQL layer would word it: the argument and what to send."""
    known = ", ".join(spec.properties)
    if error.validator == "additionalProperties":
        unknown = sorted(set(arguments) - set(spec.properties))
        name = preview(unknown[0] if unknown else "", 60)
        return InvalidInput(f"Unknown argument '{name}'; the arguments are {known}.", field=name)
    if error.validator == "required":
        name = next((n for n in spec.required if n not in arguments), "")
        return InvalidInput(f"'{name}' is required.", field=name)
    name = str(error.absolute_path[0]) if error.absolute_path else ""
    bound = spec.properties.get(name, {})
    if error.validator in {"minimum", "maximum"}:
        message = f"'{name}' must be between {bound.get('minimum')} and {bound.get('maximum')}."
    elif error.validator == "enum":
        message = f"'{name}' must be one of {', '.join(map(str, bound.get('enum', [])))}."
    elif error.validator == "format":
        message = f"'{name}' must be a day as YYYY-MM-DD."
    elif error.validator in {"minLength", "maxLength"} and "maxLength" in bound:
        message = (
            f"'{name}' must be {bound.get('minLength', 0)} to {bound['maxLength']} characters."
        )
    else:
        message = f"'{name}': {preview(error.message, 120)}"
    return InvalidInput(message, field=name)


def _error_result(errors: list[dict[str, Any]]) -> types.CallToolResult:
    """A tool error: each error's code and message, as text and as structured content."""
    lines = []
    for error in errors:
        where = f" (field {error['field']})" if error.get("field") else ""
        lines.append(f"{error['code']}: {error['message']}{where}")
    return types.CallToolResult(
        content=[types.TextContent(type="text", text="\n".join(lines))],
        structured_content={"errors": errors},
        is_error=True,
    )


def _coded(error: GraphError) -> dict[str, Any]:
    return {"code": error.code, "message": error.message, **error.extensions}


def _from_graphql(error: graphql.GraphQLError) -> dict[str, Any]:
    extensions = dict(error.extensions or {})
    code = extensions.pop("code", "INTERNAL_SERVER_ERROR")
    return {"code": code, "message": error.message, **extensions}


class ToolRunner:
    """Runs tools for one schema; ``context_for`` says who calls."""

    def __init__(self, schema: BaseSchema, context_for: ContextFor, max_page_size: int) -> None:
        self.schema = schema
        self.context_for = context_for
        self.tools = {spec.name: spec for spec in offered_tools(schema, max_page_size)}
        self.validators = {
            name: Draft202012Validator(spec.input_schema, format_checker=FormatChecker())
            for name, spec in self.tools.items()
        }

    async def list_tools(
        self, _ctx: ServerRequestContext[Any, Any], _params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        return types.ListToolsResult(tools=[_described(spec) for spec in self.tools.values()])

    async def call_tool(
        self, ctx: ServerRequestContext[Any, Any], params: types.CallToolRequestParams
    ) -> types.CallToolResult:
        spec = self.tools.get(params.name)
        if spec is None:
            raise MCPError(types.INVALID_PARAMS, f"Unknown tool '{preview(params.name, 60)}'.")
        arguments = dict(params.arguments or {})
        try:
            problem = next(iter(self.validators[spec.name].iter_errors(arguments)), None)
            if problem is not None:
                raise _argument_error(problem, spec, arguments)
            context = await self.context_for(ctx)
            variables = spec.variables(arguments, context.principal)
        except GraphError as error:
            return _error_result([_coded(error)])
        result = await self.schema.execute(
            spec.document,
            variable_values=variables,
            context_value=context,
            operation_name=spec.operation,
        )
        if result.errors:
            return _error_result([_from_graphql(error) for error in result.errors])
        value = (result.data or {}).get(spec.root)
        if value is None:
            return _error_result([_coded(NotFound(spec.missing))])
        return self._answer(spec, compact(value))

    def _answer(self, spec: ToolSpec, answer: Any) -> types.CallToolResult:
        structured = answer if isinstance(answer, dict) else {"items": answer}
        try:
            summary = spec.summarize(answer)
        except (KeyError, TypeError, ValueError, AttributeError):
            # The answer stands without its sentence; a summary bug must not hide the data.
            log.exception("MCP tool %s: no summary for this answer", spec.name)
            summary = json.dumps(structured)[:2000]
        return types.CallToolResult(
            content=[types.TextContent(type="text", text=summary)],
            structured_content=structured,
        )


def _version() -> str:
    try:
        return version("accountmap")
    except PackageNotFoundError:
        return "0"


def build_server(schema: BaseSchema, context_for: ContextFor, *, max_page_size: int) -> Server[Any]:
    """The MCP server whose tools run through ``schema`` as ``context_for``'s caller."""
    runner = ToolRunner(schema, context_for, max_page_size)
    return Server(
        "accountmap",
        version=_version(),
        title="Account maps",
        instructions=INSTRUCTIONS,
        on_list_tools=runner.list_tools,
        on_call_tool=runner.call_tool,
    )
