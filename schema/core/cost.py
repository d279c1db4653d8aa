"""A query's cost, computed before it runs, and the limit on it (``ACCOUNTMAP_MAX_QUERY_COST``).

The rules (docs/LIMITS.md lists them with examples):
- every selected field costs 1 point;
- the lists of a connection (``edges``, ``nodes``) multiply what is selected under them by the
  connection's ``first`` (``DEFAULT_PAGE_SIZE`` when not given); its ``totalCount`` and
  ``pageInfo`` are counted once;
- any other list multiplies what is selected under it by ``LIST_ESTIMATE``;
- a field that searches or scans declares a ``FieldCost`` in its metadata (``COST``): ``base``
  points, doubled for every hop its hop bound allows beyond 4, times the number of alternatives
  it returns (``k``); these multiply with the lists around them like every other field.

The cost depends on the variables (``first: $n``), so it is computed for each request after
validation, from the coerced variables. A request over the limit gets QUERY_TOO_COSTLY, naming
the cost and the limit, and nothing runs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    NamedTypeNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    get_operation_ast,
)
from graphql.execution import ExecutionResult
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from strawberry.extensions import SchemaExtension

from graph.core.errors import GraphError
from schema.core.pagination import DEFAULT_PAGE_SIZE

COST = "accountmap.cost"
"""The metadata key under which a field declares its ``FieldCost``."""

LIST_ESTIMATE = 5
"""How many items a list without ``first`` is assumed to hold (roles, steps, flags ...)."""

DEFAULT_MAX_COST = 20_000


@dataclass(frozen=True)
class FieldCost:
    """What a searching or scanning field adds to its 1 point.

    ``hops`` names the argument holding its hop bound (``maxHops``, or ``options.maxHops`` inside
    an input object) and ``default_hops`` the bound used when it is not given;
    ``alternatives`` names the argument holding how many answers it returns (``k``)."""

    base: int
    hops: str | None = None
    default_hops: int = 4
    alternatives: str | None = None
    default_alternatives: int = 1

    def points(self, arguments: Mapping[str, Any]) -> int:
        """The field's cost for these (coerced) arguments."""
        points = self.base
        if self.hops is not None:
            # No field accepts a bound over 6 (it refuses larger ones): capped, so that an
            # absurd maxHops costs what the field would refuse rather than an absurd number.
            hops = min(_argument(arguments, self.hops, self.default_hops), 6)
            points *= 2 ** max(0, hops - 4)
        if self.alternatives is not None:
            points *= max(1, _argument(arguments, self.alternatives, self.default_alternatives))
        return points


SEARCH = FieldCost(base=50, hops="maxHops", alternatives="k", default_alternatives=3)
"""A warmest-path search (k alternatives within maxHops)."""
RISK = FieldCost(base=50, hops="options.maxHops", default_hops=3)
"""One account's risk: facts plus a path search per engaged contact."""
SCAN = FieldCost(base=1_000)
"""A pass over the whole workspace (every account, every overlap)."""
RISK_SCAN = FieldCost(base=2_000, hops="options.maxHops", default_hops=3)
"""The risk of every worked account."""


def _argument(arguments: Mapping[str, Any], path: str, default: int) -> int:
    value: Any = arguments
    for name in path.split("."):
        value = value.get(name) if isinstance(value, Mapping) else None
    if isinstance(value, Mapping):  # an input object: strawberry's coerced value is a dict
        return default
    return value if isinstance(value, int) and not isinstance(value, bool) else default


class QueryTooCostly(GraphError):
    """The query would cost more than the limit: it is refused before anything runs."""

    code = "QUERY_TOO_COSTLY"


def _unwrap(type_: GraphQLOutputType) -> GraphQLOutputType:
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return type_


class _Costing:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: VariableValues,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def fields(
        self, selection_set: SelectionSetNode, parent: GraphQLObjectType | GraphQLInterfaceType
    ) -> Iterator[tuple[FieldNode, GraphQLObjectType | GraphQLInterfaceType]]:
        """The fields of a selection set with the type each is selected on (fragments
        flattened; the depth limiter already bounds how deep they go)."""
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                yield selection, parent
                continue
            condition: NamedTypeNode | None
            if isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is None:
                    continue
                condition, selections = fragment.type_condition, fragment.selection_set
            else:
                assert isinstance(selection, InlineFragmentNode)
                condition, selections = selection.type_condition, selection.selection_set
            on = parent
            if condition is not None:
                named = self.schema.get_type(condition.name.value)
                if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
                    on = named
            yield from self.fields(selections, on)

    def of(
        self,
        selection_set: SelectionSetNode,
        parent: GraphQLObjectType | GraphQLInterfaceType,
        page: int | None = None,
    ) -> int:
        """The cost of a selection set; ``page`` is the ``first`` of the connection ``parent``
        is (it multiplies the connection's lists, not its ``totalCount`` or ``pageInfo``)."""
        total = 0
        for node, on in self.fields(selection_set, parent):
            definition = on.fields.get(node.name.value)
            if definition is None:  # __typename and the introspection fields
                total += 0 if node.name.value == "__typename" else 1
                continue
            arguments = get_argument_values(definition, node, self.variables)
            points = 1
            declared = _declared_cost(definition.extensions)
            if declared is not None:
                points += declared.points(arguments)
            type_ = _unwrap(definition.type)
            named = get_named_type(type_)
            first = arguments.get("first") if "first" in definition.args else None
            size = first if isinstance(first, int) and first > 0 else DEFAULT_PAGE_SIZE
            under = 0
            if node.selection_set is not None and isinstance(
                named, GraphQLObjectType | GraphQLInterfaceType
            ):
                under = self.of(
                    node.selection_set, named, size if "first" in definition.args else None
                )
            if isinstance(type_, GraphQLList):
                under *= page if page is not None else LIST_ESTIMATE
            total += points + under
        return total


def _declared_cost(extensions: Mapping[str, Any] | None) -> FieldCost | None:
    definition = (extensions or {}).get("strawberry-definition")
    metadata = getattr(definition, "metadata", None) or {}
    cost = metadata.get(COST)
    return cost if isinstance(cost, FieldCost) else None


def query_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
) -> int | None:
    """The cost of the operation to run, or ``None`` when it cannot be costed because its
    variables do not coerce (execution then reports that, with its code)."""
    operation = get_operation_ast(document, operation_name)
    if not isinstance(operation, OperationDefinitionNode):
        return None
    coerced = get_variable_values(
        schema, operation.variable_definitions or (), dict(variables or {})
    )
    if isinstance(coerced, list):
        return None
    root = schema.get_root_type(operation.operation)
    if root is None:
        return None
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    return _Costing(schema, fragments, coerced).of(operation.selection_set, root)


class QueryCostLimit(SchemaExtension):
    """Before execution, refuse an operation whose cost is over ``max_cost``."""

    def __init__(self, *, max_cost: int = DEFAULT_MAX_COST) -> None:
        self.max_cost = max_cost

    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        if execution.graphql_document is not None and execution.result is None:
            cost = query_cost(
                execution.schema._schema,
                execution.graphql_document,
                execution.operation_name,
                execution.variables,
            )
            if cost is not None and cost > self.max_cost:
                problem = QueryTooCostly(
                    f"This query would cost {cost:,} points; the limit is {self.max_cost:,} "
                    "(ACCOUNTMAP_MAX_QUERY_COST). Ask for smaller pages (first), fewer aliases "
                    "or a lower maxHops; docs/LIMITS.md says how the cost is counted.",
                    extensions={"cost": cost, "maxCost": self.max_cost},
                )
                execution.result = ExecutionResult(
                    data=None, errors=[GraphQLError(problem.message, original_error=problem)]
                )
        yield
