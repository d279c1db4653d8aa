"""The one store of versioned definitions (scoring models, persona sets)."""

from __future__ import annotations

import pytest

from graph.core.client import GraphClient
from graph.core.errors import NotFound
from graph.core.model import Label
from graph.core.versioned import find_version, list_versions, save_version


async def test_versions_count_up_per_label_and_keep_their_fields(
    graph: GraphClient, workspace: str
) -> None:
    """Each label numbers its own versions; fields come back as saved; nothing is overwritten."""
    first = await save_version(graph, Label.SCORING_MODEL, workspace, {"criteria": [1]}, "a")
    second = await save_version(graph, Label.SCORING_MODEL, workspace, {"criteria": [2]})
    personas = await save_version(graph, Label.PERSONA_SET, workspace, {"personas": [{"k": 1}]})
    assert (first.version, second.version, personas.version) == (1, 2, 1)
    assert first.created_at is not None
    latest = await find_version(graph, Label.SCORING_MODEL, workspace)
    assert (latest.version, dict(latest.fields)) == (2, {"criteria": [2]})
    old = await find_version(graph, Label.SCORING_MODEL, workspace, 1)
    assert (old.note, dict(old.fields)) == ("a", {"criteria": [1]})
    listed = await list_versions(graph, Label.SCORING_MODEL, workspace)
    assert [v.version for v in listed] == [2, 1]


async def test_nothing_saved_is_version_zero_and_a_missing_version_is_not_found(
    graph: GraphClient, workspace: str
) -> None:
    """Version 0 without fields when nothing was saved; NotFound names the argument."""
    empty = await find_version(graph, Label.PERSONA_SET, workspace)
    assert (empty.version, dict(empty.fields)) == (0, {})
    with pytest.raises(NotFound) as raised:
        await find_version(graph, Label.PERSONA_SET, workspace, 4, argument="modelVersion")
    assert raised.value.extensions["field"] == "modelVersion"
    await save_version(graph, Label.PERSONA_SET, workspace, {"personas": []})
    assert await list_versions(graph, Label.PERSONA_SET, workspace + "-other") == []
