"""Cursors are parsed strictly: anything a client forges is INVALID_CURSOR, never an internal
error (deep JSON, huge numbers, NaN, wrong shapes, non-base64, over-long text)."""

from __future__ import annotations

import base64

import pytest

from graph.core.pagination import (
    MAX_CURSOR_CHARS,
    InvalidCursor,
    decode_cursor,
    encode_cursor,
    paginate,
)


def _forge(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def test_a_cursor_we_handed_out_reads_back() -> None:
    """encode then decode gives the sort values and the id."""
    cursor = encode_cursor("name", ["Acme", 3, None, 1.5, True], "acc-1")
    assert decode_cursor(cursor, "name") == (["Acme", 3, None, 1.5, True], "acc-1")


@pytest.mark.parametrize(
    "cursor",
    [
        _forge("[" * 5000),
        _forge('["name",[' + "[" * 3000 + "]" * 3000 + '],"acc-1"]'),
        _forge('["name",[1' + "0" * 40 + '],"acc-1"]'),
        _forge('["name",[-1' + "0" * 40 + '],"acc-1"]'),
        _forge('["name",[1e999],"acc-1"]'),
        _forge('["name",[NaN],"acc-1"]'),
        _forge('["name",[Infinity],"acc-1"]'),
        _forge('["name",[{"a":1}],"acc-1"]'),
        _forge('["name","Acme","acc-1"]'),
        _forge('["name",[],7]'),
        _forge('{"name":1}'),
        _forge('["name",[]]'),
        _forge("null"),
        "!!!not-base64!!!",
        "a\ud800b",
        "\x00",
        "",
        "A" * (MAX_CURSOR_CHARS + 1),
        base64.urlsafe_b64encode(b"\xff\xfe\xfd").decode(),
    ],
)
def test_forged_cursors_are_invalid_cursor(cursor: str) -> None:
    """Each forged shape raises InvalidCursor naming the 'after' argument."""
    with pytest.raises(InvalidCursor) as raised:
        decode_cursor(cursor, "name")
    assert raised.value.extensions == {"field": "after"}


def test_a_cursor_of_another_sort_is_refused() -> None:
    """A cursor remembers its sort; another sort's cursor is INVALID_CURSOR."""
    with pytest.raises(InvalidCursor, match="another sort order"):
        decode_cursor(encode_cursor("name", ["Acme"], "acc-1"), "score")


def test_a_cursor_of_another_list_shape_is_refused_by_the_paginator() -> None:
    """Sort values that do not compare with the list's positions are INVALID_CURSOR."""
    items = [("a", 1), ("b", 2)]
    cursor = encode_cursor("k", ["text"], "x")
    with pytest.raises(InvalidCursor):
        paginate(items, first=1, after=cursor, sort_key="k", position=lambda i: (i[1], i[0]))
