"""What a request selects below a field, so that a resolver asks the graph layer only for the
parts that will be shown."""

from __future__ import annotations

from collections.abc import Iterable

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from schema.core.context import Info


def names_selected_below(info: Info) -> frozenset[str]:
    """Every field name selected anywhere below the field being resolved, through fragments
    (a name met at any depth counts: asking for a little more than needed is harmless, less
    never happens)."""
    return names_in(info.selected_fields)


def names_in(selections: Iterable[Selection]) -> frozenset[str]:
    """Every field name in ``selections`` and below them, through fragments."""
    names: set[str] = set()
    _collect(selections, names)
    return frozenset(names)


def child_fields(info: Info) -> list[SelectedField]:
    """The fields selected directly below the field being resolved (fragments opened)."""
    children: list[SelectedField] = []
    for field in info.selected_fields:
        _children(field.selections, children)
    return children


def _children(selections: Iterable[Selection], children: list[SelectedField]) -> None:
    for selection in selections:
        if isinstance(selection, SelectedField):
            children.append(selection)
        else:
            _children(selection.selections, children)


def _collect(selections: Iterable[Selection], names: set[str]) -> None:
    for selection in selections:
        if isinstance(selection, SelectedField):
            names.add(selection.name)
        if isinstance(selection, SelectedField | FragmentSpread | InlineFragment):
            _collect(selection.selections, names)
