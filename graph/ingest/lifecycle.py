"""Explicit changes of state that an upsert does not express: ending an employment, ending a
buying role, and deleting an entity with what it owns.

A delete never leaves dangling relationships (DETACH DELETE) nor ids that point nowhere: the
entity's owned children go with it (a partner's shared accounts, an account's context items,
pain points and opportunities, a person's pain points, an opportunity's roles), and references
held as properties are cleared (a deleted seller no longer owns accounts or deals).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient, fetch_all
from graph.core.errors import NotFound
from graph.core.model import OrganizationKind
from graph.core.roles import check_buying_role
from graph.core.temporal import employed_on, role_held_on
from graph.ingest.bundle import ErrorCode, InvalidRows, RowError
from graph.signals.marks import forget_account, mark_touched


class EntityKind(StrEnum):
    """What ``delete_entity`` can delete: every node kind of the model that has an id."""

    SELLER = "SELLER"
    ACCOUNT = "ACCOUNT"
    PARTNER = "PARTNER"
    PARTNER_ACCOUNT = "PARTNER_ACCOUNT"
    PERSON = "PERSON"
    OPPORTUNITY = "OPPORTUNITY"
    CONTEXT_ITEM = "CONTEXT_ITEM"
    PAIN_POINT = "PAIN_POINT"


_DELETES: dict[EntityKind, LiteralString] = {
    EntityKind.SELLER: """
        MATCH (n:Seller {workspace: $workspace, id: $id})
        OPTIONAL MATCH (owned)-[:OWNED_BY]->(n)
        SET owned.ownerSellerId = null
        WITH DISTINCT n
        DETACH DELETE n""",
    EntityKind.ACCOUNT: """
        MATCH (n:Account {workspace: $workspace, id: $id})
        OPTIONAL MATCH (n)-[:HAS_CONTEXT|HAS_PAIN]->(child)
        OPTIONAL MATCH (deal:Opportunity)-[:FOR_ACCOUNT]->(n)
        WITH n, collect(DISTINCT child) + collect(DISTINCT deal) AS owned
        FOREACH (x IN owned | DETACH DELETE x)
        DETACH DELETE n""",
    EntityKind.PARTNER: """
        MATCH (n:Partner {workspace: $workspace, id: $id})
        OPTIONAL MATCH (n)-[:SHARES]->(shared:PartnerAccount)
        WITH n, collect(shared) AS owned
        FOREACH (x IN owned | DETACH DELETE x)
        DETACH DELETE n""",
    EntityKind.PARTNER_ACCOUNT: """
        MATCH (n:PartnerAccount {workspace: $workspace, id: $id})
        DETACH DELETE n""",
    EntityKind.PERSON: """
        MATCH (n:Person {workspace: $workspace, id: $id})
        OPTIONAL MATCH (n)-[:HAS_PAIN]->(pain:PainPoint)
        WITH n, collect(pain) AS owned
        FOREACH (x IN owned | DETACH DELETE x)
        DETACH DELETE n""",
    EntityKind.OPPORTUNITY: """
        MATCH (n:Opportunity {workspace: $workspace, id: $id})
        OPTIONAL MATCH (:Person)-[role:HOLDS_ROLE {opportunityId: $id}]->
                       (:Account {workspace: $workspace, id: n.accountId})
        DELETE role
        WITH DISTINCT n
        DETACH DELETE n""",
    EntityKind.CONTEXT_ITEM: """
        MATCH (n:ContextItem {workspace: $workspace, id: $id})
        DETACH DELETE n""",
    EntityKind.PAIN_POINT: """
        MATCH (n:PainPoint {workspace: $workspace, id: $id})
        DETACH DELETE n""",
}


@dataclass(frozen=True)
class Deletion:
    """What a delete removed; deleting an id that is not there removes nothing."""

    kind: EntityKind
    id: str
    nodes_deleted: int
    relationships_deleted: int

    @property
    def deleted(self) -> bool:
        """True when the entity existed and is gone."""
        return self.nodes_deleted > 0


async def delete_entity(graph: GraphClient, workspace: str, kind: EntityKind, id: str) -> Deletion:
    """Delete one entity of the workspace with the children it owns (see the module doc)."""

    async def work(tx: AsyncManagedTransaction) -> tuple[int, int]:
        # Marked before the delete: afterwards the entity's neighbourhood is gone.
        await mark_touched(tx, workspace, [id])
        result = await tx.run(_DELETES[kind], workspace=workspace, id=id)
        summary = await result.consume()
        if kind is EntityKind.ACCOUNT:
            await forget_account(tx, workspace, id)
        return summary.counters.nodes_deleted, summary.counters.relationships_deleted

    nodes, relationships = await graph.write(work)
    return Deletion(kind, id, nodes, relationships)


# The employments to end: those that hold on the new end date ($day), or start after it
# (refused as END_BEFORE_START).
_CURRENT_EMPLOYMENTS: LiteralString = (
    """
MATCH (p:Person {workspace: $workspace, id: $personId})
CALL (p) {
  MATCH (p)-[e:EMPLOYED_AT]->(o:Account {workspace: $workspace, id: $organizationId})
  WHERE NOT $atPartner
  RETURN e
  UNION
  MATCH (p)-[e:EMPLOYED_AT]->(o:Partner {workspace: $workspace, id: $organizationId})
  WHERE $atPartner
  RETURN e
}
WITH e WHERE ("""
    + employed_on("e")
    + """) OR e.startDate > $day
RETURN e.id AS id, coalesce(e.startDate > $day, false) AS endsBeforeStart
"""
)

_END_EMPLOYMENTS: LiteralString = """
MATCH (p:Person {workspace: $workspace, id: $personId})-[e:EMPLOYED_AT]->(o)
WHERE e.id IN $ids AND o.id = $organizationId
SET e.endDate = $endDate
"""


# Which ends of a change exist, so a missing one is reported as the missing thing it is.
_ENDS_EXIST: LiteralString = """
RETURN EXISTS { (:Person {workspace: $workspace, id: $personId}) } AS person,
       CASE WHEN $atPartner
            THEN EXISTS { (:Partner {workspace: $workspace, id: $organizationId}) }
            ELSE EXISTS { (:Account {workspace: $workspace, id: $organizationId}) } END
         AS organization,
       $opportunityId = '' OR EXISTS {
         (:Opportunity {workspace: $workspace, id: $opportunityId}) } AS opportunity
"""


async def _check_ends(tx: AsyncManagedTransaction, params: dict[str, Any]) -> None:
    """``NotFound`` (the one text for a missing thing) for a person, organization or deal the
    workspace does not have."""
    rows = await fetch_all(tx, _ENDS_EXIST, {"atPartner": False, "opportunityId": "", **params})
    found = rows[0]
    if not found["person"]:
        raise NotFound.of("Person", params["personId"], argument="personId")
    if not found["organization"]:
        kind = "Partner" if params.get("atPartner") else "Account"
        argument = "organizationId" if "atPartner" in params else "accountId"
        raise NotFound.of(kind, params["organizationId"], argument=argument)
    if not found["opportunity"]:
        raise NotFound.of("Opportunity", params["opportunityId"], argument="opportunityId")


@dataclass(frozen=True)
class EndedEmployment:
    """The employments (normally one) that ended."""

    person_id: str
    organization_id: str
    employment_ids: tuple[str, ...]
    end_date: date


async def end_employment(
    graph: GraphClient,
    workspace: str,
    person_id: str,
    organization_id: str,
    end_date: date,
    organization_kind: OrganizationKind = OrganizationKind.ACCOUNT,
) -> EndedEmployment:
    """Set ``endDate`` on the person's current employment(s) at an organization.

    The employment ended is the one that holds on ``end_date`` (the first day it no longer
    holds, in the temporal rule of ``graph.core.temporal``). Raises ``NotFound`` when the
    person has no employment there that holds on that day, and ``InvalidRows``
    (END_BEFORE_START) when the end would precede the start; nothing is written then.
    """
    params: dict[str, Any] = {
        "workspace": workspace,
        "personId": person_id,
        "organizationId": organization_id,
        "atPartner": organization_kind == OrganizationKind.PARTNER,
        "endDate": end_date,
        "day": end_date,
    }

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        await _check_ends(tx, params)
        current = await fetch_all(tx, _CURRENT_EMPLOYMENTS, params)
        if current and not any(row["endsBeforeStart"] for row in current):
            ids = [row["id"] for row in current]
            await (await tx.run(_END_EMPLOYMENTS, {**params, "ids": ids})).consume()
            await mark_touched(tx, workspace, [person_id, organization_id])
        return current

    current = await graph.write(work)
    if not current:
        raise NotFound(
            f"Person {person_id!r} has no employment at {organization_id!r} that holds on "
            f"{end_date.isoformat()}.",
            extensions={"field": "endDate"},
        )
    if any(row["endsBeforeStart"] for row in current):
        raise InvalidRows(
            [
                RowError(
                    "employments",
                    None,
                    "endDate",
                    "must not be before the employment's start date",
                    ErrorCode.END_BEFORE_START,
                )
            ]
        )
    return EndedEmployment(
        person_id, organization_id, tuple(str(row["id"]) for row in current), end_date
    )


# The role to end: held on the new end date ($day), or starting after it (END_BEFORE_START).
_FIND_ROLE: LiteralString = (
    """
MATCH (p:Person {workspace: $workspace, id: $personId})
      -[h:HOLDS_ROLE {role: $role, opportunityId: $opportunityId}]->
      (a:Account {workspace: $workspace, id: $accountId})
WHERE ("""
    + role_held_on("h")
    + """) OR h.fromDate > $day
RETURN coalesce(h.fromDate > $day, false) AS endsBeforeStart
"""
)

_END_ROLE: LiteralString = """
MATCH (p:Person {workspace: $workspace, id: $personId})
      -[h:HOLDS_ROLE {role: $role, opportunityId: $opportunityId}]->
      (a:Account {workspace: $workspace, id: $accountId})
SET h.toDate = $toDate
"""


@dataclass(frozen=True)
class EndedBuyingRole:
    """A buying role that now has an end date."""

    person_id: str
    account_id: str
    role: str
    opportunity_id: str | None
    to_date: date


async def end_buying_role(
    graph: GraphClient,
    workspace: str,
    person_id: str,
    account_id: str,
    role: str,
    to_date: date,
    opportunity_id: str | None = None,
) -> EndedBuyingRole:
    """Set ``toDate`` on a role a person holds at an account (optionally for one deal).

    The role must hold on ``to_date`` (its first day no longer held). Raises ``InvalidInput``
    naming the nearest roles when the workspace knows no such role (a typo), ``NotFound`` when
    the person holds no such role then, and ``InvalidRows`` (END_BEFORE_START) when
    the end would precede the role's start; nothing is written then.
    """
    params: dict[str, Any] = {
        "workspace": workspace,
        "personId": person_id,
        "accountId": account_id,
        "role": role,
        "opportunityId": opportunity_id or "",
        "toDate": to_date,
        "day": to_date,
    }

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        await _check_ends(tx, {**params, "organizationId": account_id})
        await check_buying_role(tx, workspace, role)
        found = await fetch_all(tx, _FIND_ROLE, params)
        if found and not found[0]["endsBeforeStart"]:
            await (await tx.run(_END_ROLE, params)).consume()
            await mark_touched(tx, workspace, [person_id, account_id])
        return found

    found = await graph.write(work)
    if not found:
        raise NotFound(
            f"Person {person_id!r} holds no role {role!r} at account {account_id!r}"
            + (f" for opportunity {opportunity_id!r}" if opportunity_id else "")
            + f" on {to_date.isoformat()}.",
            extensions={"field": "toDate"},
        )
    if found[0]["endsBeforeStart"]:
        raise InvalidRows(
            [
                RowError(
                    "buyingRoles",
                    None,
                    "toDate",
                    "must not be before the role's start date",
                    ErrorCode.END_BEFORE_START,
                )
            ]
        )
    return EndedBuyingRole(person_id, account_id, role, opportunity_id, to_date)
