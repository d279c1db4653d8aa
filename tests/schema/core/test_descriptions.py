"""The schema documents itself: every type, field, argument and input field has a description."""

from __future__ import annotations

from graphql import GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType

from schema.root import build_schema

BUILT_IN = {"String", "Int", "Float", "Boolean", "ID"}


def _undocumented() -> list[str]:
    schema = build_schema()._schema
    missing = []
    for name, kind in schema.type_map.items():
        if name.startswith("__") or name in BUILT_IN:
            continue
        if not kind.description:
            missing.append(name)
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in kind.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                missing += [
                    f"{name}.{field_name}({arg})"
                    for arg, argument in field.args.items()
                    if not argument.description
                ]
        if isinstance(kind, GraphQLInputObjectType):
            missing += [f"{name}.{f}" for f, field in kind.fields.items() if not field.description]
    return missing


def test_everything_in_the_schema_has_a_description() -> None:
    """No type, field, argument or input field goes without a description (the API's docs)."""
    assert _undocumented() == []
