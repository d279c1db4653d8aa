"""Which buying roles a workspace knows, and the check that a role asked for is one of them.

A workspace's roles are the standard ``BuyingRole`` values, its declared custom roles
(``Workspace.customRoles``) and every role already held at one of its accounts (a custom role
imported with a ``HOLDS_ROLE`` counts even when it was never declared). A role that is none of
them is a typo, not a question with no answer: ``InvalidInput`` naming the nearest roles, so
``role: "CFO"`` does not silently answer "no role holder".
"""

from __future__ import annotations

import difflib
from typing import LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import fetch_values
from graph.core.errors import InvalidInput
from graph.core.model import BuyingRole

STANDARD_ROLES: frozenset[str] = frozenset(role.value for role in BuyingRole)

# Seeks the HOLDS_ROLE.role index; the account's label and workspace scope the hit.
_ROLE_IN_USE: LiteralString = """
OPTIONAL MATCH (w:Workspace {id: $workspace})
RETURN $role IN coalesce(w.customRoles, []) OR EXISTS {
  MATCH (:Person)-[h:HOLDS_ROLE]->(a:Account)
  WHERE h.role = $role AND a.workspace = $workspace
} AS known
"""

_ROLES_IN_USE: LiteralString = """
OPTIONAL MATCH (w:Workspace {id: $workspace})
RETURN coalesce(w.customRoles, []) + COLLECT {
  MATCH (a:Account {workspace: $workspace})<-[h:HOLDS_ROLE]-(:Person)
  RETURN DISTINCT h.role AS role
} AS roles
"""


async def load_workspace_roles(tx: AsyncManagedTransaction, workspace: str) -> frozenset[str]:
    """Every role the workspace knows: the standard ones, its custom ones and those in use."""
    rows = await fetch_values(tx, _ROLES_IN_USE, {"workspace": workspace})
    found = {str(role) for role in rows[0]["roles"] if role is not None} if rows else set()
    return STANDARD_ROLES | found


async def check_buying_role(
    tx: AsyncManagedTransaction, workspace: str, role: str, field: str = "role"
) -> None:
    """``InvalidInput`` (``field`` the GraphQL argument) unless ``role`` is a standard role or
    one the workspace knows; the message and ``extensions.suggestions`` name the nearest."""
    if role in STANDARD_ROLES:
        return
    rows = await fetch_values(tx, _ROLE_IN_USE, {"workspace": workspace, "role": role})
    if rows and rows[0]["known"]:
        return
    known = sorted(await load_workspace_roles(tx, workspace))
    nearest = _nearest(role, known)
    hint = f" Did you mean {' or '.join(nearest)}?" if nearest else ""
    raise InvalidInput(
        f"{role!r} is not a buying role of this workspace.{hint}",
        field=field,
        extensions={"suggestions": nearest, "roles": known},
    )


def check_standard_role(role: str, field: str = "role") -> None:
    """``InvalidInput`` unless ``role`` is a standard role, naming only standard roles: for a
    caller who must not learn the workspace's own (custom) roles, such as a partner."""
    if role in STANDARD_ROLES:
        return
    nearest = _nearest(role, sorted(STANDARD_ROLES))
    hint = f" Did you mean {' or '.join(nearest)}?" if nearest else ""
    raise InvalidInput(
        f"{role!r} is not a standard buying role.{hint}",
        field=field,
        extensions={"suggestions": nearest, "roles": sorted(STANDARD_ROLES)},
    )


def _nearest(role: str, known: list[str]) -> list[str]:
    """The closest role names (``difflib``), compared in the roles' own spelling (upper case,
    words joined by ``_``); the three least far when none is close (``CFO`` is far from every
    name letter by letter)."""
    spelled = role.strip().upper().replace(" ", "_").replace("-", "_")
    return difflib.get_close_matches(spelled, known, n=3, cutoff=0.6) or (
        difflib.get_close_matches(spelled, known, n=3, cutoff=0.0)
    )
