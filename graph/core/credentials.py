"""Callers and their credentials: roles, principals, and API keys stored hashed in the graph.

An API key reads ``am_<key id>_<secret>``. Only a SHA-256 of the whole key is stored: the secret is
256 random bits, so a slow password hash would add nothing but latency to every request.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from cachetools import TTLCache
from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all, fetch_one
from graph.core.dates import to_datetime
from graph.core.errors import NotFound


class Role(StrEnum):
    """What a credential may do inside its workspace."""

    ADMIN = "admin"
    MEMBER = "member"
    VIEWER = "viewer"
    INTEGRATION = "integration"
    PARTNER = "partner"

    @property
    def can_write(self) -> bool:
        """Admins, members and integration scripts write; viewers and partners only read."""
        return self in (Role.ADMIN, Role.MEMBER, Role.INTEGRATION)


@dataclass(frozen=True)
class Principal:
    """Who is calling: the workspace every statement is scoped to, the role, and for partner
    callers the partner whose sharing level bounds what they see."""

    workspace: str
    role: Role
    subject: str
    partner_id: str | None = None


@dataclass(frozen=True)
class ApiKeyInfo:
    """An API key as listed (never with its secret)."""

    id: str
    workspace: str
    name: str
    role: Role
    partner_id: str | None
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class NewApiKey:
    """A freshly created key: ``secret`` is shown once and never stored."""

    info: ApiKeyInfo
    secret: str


def hash_api_key(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode()).hexdigest()


def _info(row: dict[str, Any]) -> ApiKeyInfo:
    created_at = to_datetime(row["createdAt"])
    assert created_at is not None, "every key is stored with createdAt"
    return ApiKeyInfo(
        id=str(row["id"]),
        workspace=str(row["workspace"]),
        name=str(row["name"]),
        role=Role(str(row["role"])),
        partner_id=None if row.get("partnerId") is None else str(row["partnerId"]),
        created_at=created_at,
        revoked_at=to_datetime(row.get("revokedAt")),
    )


_KEY_FIELDS = """
    k.id AS id, k.workspace AS workspace, k.name AS name, k.role AS role,
    k.partnerId AS partnerId, k.createdAt AS createdAt, k.revokedAt AS revokedAt
"""

_CREATE_KEY = (
    """
    MERGE (w:Workspace {id: $workspace})
      ON CREATE SET w.name = $workspace, w.createdAt = datetime()
    CREATE (k:ApiKey {id: $id, workspace: $workspace, name: $name, role: $role,
                      partnerId: $partnerId, hash: $hash, createdAt: datetime()})
    RETURN """
    + _KEY_FIELDS
)


async def create_api_key(
    client: GraphClient, workspace: str, name: str, role: Role, partner_id: str | None = None
) -> NewApiKey:
    """Create a key for a workspace (created too when new). The secret is returned once."""
    if role is Role.PARTNER and not partner_id:
        raise ValueError("a partner key needs the partner id it speaks for")
    key_id = secrets.token_hex(6)
    secret = f"am_{key_id}_{secrets.token_urlsafe(32)}"

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        return await fetch_one(
            tx,
            _CREATE_KEY,
            {
                "workspace": workspace,
                "id": key_id,
                "name": name,
                "role": role.value,
                "partnerId": partner_id,
                "hash": hash_api_key(secret),
            },
        )

    row = await client.write(work)
    assert row is not None
    return NewApiKey(_info(row), secret)


async def list_api_keys(client: GraphClient, workspace: str) -> list[ApiKeyInfo]:
    """Every key of a workspace, revoked ones included, oldest first."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await fetch_all(
            tx,
            "MATCH (k:ApiKey {workspace: $workspace}) RETURN"
            + _KEY_FIELDS
            + " ORDER BY k.createdAt, k.id",
            {"workspace": workspace},
        )

    return [_info(row) for row in await client.read(work)]


async def revoke_api_key(client: GraphClient, workspace: str, key_id: str) -> ApiKeyInfo:
    """Revoke a key of this workspace; revoking twice keeps the first revocation time."""

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        return await fetch_one(
            tx,
            "MATCH (k:ApiKey {id: $id, workspace: $workspace}) "
            "SET k.revokedAt = coalesce(k.revokedAt, datetime()) RETURN" + _KEY_FIELDS,
            {"id": key_id, "workspace": workspace},
        )

    row = await client.write(work)
    if row is None:
        raise NotFound(f"No API key {key_id!r} in workspace {workspace!r}.")
    return _info(row)


async def find_principal_by_api_key(client: GraphClient, key: str) -> Principal | None:
    """The principal a presented key stands for, or None if it is unknown or revoked."""
    if not key.startswith("am_"):
        return None
    return await _find_principal_by_hash(client, hash_api_key(key))


async def _find_principal_by_hash(client: GraphClient, key_hash: str) -> Principal | None:

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        return await fetch_one(
            tx,
            "MATCH (k:ApiKey {hash: $hash}) WHERE k.revokedAt IS NULL RETURN" + _KEY_FIELDS,
            {"hash": key_hash},
        )

    row = await client.read(work)
    if row is None:
        return None
    info = _info(row)
    return Principal(info.workspace, info.role, f"api-key:{info.id}", info.partner_id)


class PrincipalCache:
    """The principals of recently presented keys, kept ``seconds`` in this process, so that a
    request does not read Neo4j to know its caller. Keyed by the key's hash (never the key);
    unknown and revoked keys are not kept (they are read every time). A key revoked elsewhere
    is therefore refused at most ``seconds`` after its revocation; ``seconds`` 0 reads every
    time. Each process keeps its own: several workers stay independent."""

    def __init__(
        self,
        seconds: float,
        maxsize: int = 10_000,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds = seconds
        self._kept: TTLCache[str, Principal] | None = (
            TTLCache(maxsize=maxsize, ttl=seconds, timer=timer) if seconds > 0 else None
        )

    async def find(self, client: GraphClient, key: str) -> Principal | None:
        """What ``find_principal_by_api_key`` answers, from this process's memory when the key
        was found within the last ``seconds``."""
        if not key.startswith("am_"):
            return None
        key_hash = hash_api_key(key)
        if self._kept is not None and (kept := self._kept.get(key_hash)) is not None:
            return kept
        principal = await _find_principal_by_hash(client, key_hash)
        if principal is not None and self._kept is not None:
            self._kept[key_hash] = principal
        return principal
