"""The Cypher of the batch upserts: one ``UNWIND $rows`` statement per section (per pair of end
labels for KNOWS).

Each statement compares the stored properties with the row's before it writes, so it can say
how many rows created, updated or left unchanged an entity, and ends with one row of counts
(``rows``, ``created``, ``unchanged``).
"""

from __future__ import annotations

from typing import LiteralString

from graph.core.model import HumanKind

# A row is unchanged when every property it gives equals the stored one (null equals null).
_SAME: LiteralString = (
    "all(k IN keys(row.props) WHERE "
    "coalesce(old[k] = row.props[k], old[k] IS NULL AND row.props[k] IS NULL))"
)
_COUNTS: LiteralString = """
RETURN count(*) AS rows,
       sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN same THEN 1 ELSE 0 END) AS unchanged
"""


def _node_merge(label: LiteralString) -> LiteralString:
    """The opening every node section shares: compare, then MERGE by (workspace, id)."""
    return (
        "UNWIND $rows AS row\n"
        "OPTIONAL MATCH (old:" + label + " {workspace: $workspace, id: row.id})\n"
        "WITH row, old IS NULL AS created, old IS NOT NULL AND " + _SAME + " AS same\n"
        "MERGE (n:" + label + " {workspace: $workspace, id: row.id})\n"
        "ON CREATE SET n += row.defaults\n"
        "SET n += row.props\n"
        "WITH n, row, created, same\n"
    )


# Keeps (n)-[:OWNED_BY]->(:Seller) in step with n.ownerSellerId.
_SYNC_OWNER: LiteralString = """
CALL (n) {
  OPTIONAL MATCH (n)-[o:OWNED_BY]->(s:Seller)
  WHERE n.ownerSellerId IS NULL OR s.id <> n.ownerSellerId
  DELETE o
}
CALL (n) {
  MATCH (s:Seller {workspace: $workspace, id: n.ownerSellerId})
  MERGE (n)-[:OWNED_BY]->(s)
}
"""

_UPSERT_SELLERS: LiteralString = _node_merge("Seller") + _COUNTS
_UPSERT_ACCOUNTS: LiteralString = _node_merge("Account") + _SYNC_OWNER + _COUNTS
_UPSERT_PARTNERS: LiteralString = _node_merge("Partner") + _COUNTS
_UPSERT_PEOPLE: LiteralString = _node_merge("Person") + _COUNTS

_UPSERT_PARTNER_ACCOUNTS: LiteralString = (
    _node_merge("PartnerAccount")
    + """
CALL (n) {
  MATCH (p:Partner {workspace: $workspace, id: n.partnerId})
  MERGE (p)-[:SHARES]->(n)
}
"""
    + _COUNTS
)

_UPSERT_EMPLOYMENTS: LiteralString = (
    """
UNWIND $rows AS row
MATCH (p:Person {workspace: $workspace, id: row.personId})
CALL (row) {
  MATCH (o:Account {workspace: $workspace, id: row.organizationId}) WHERE NOT row.atPartner
  RETURN o
  UNION
  MATCH (o:Partner {workspace: $workspace, id: row.organizationId}) WHERE row.atPartner
  RETURN o
}
OPTIONAL MATCH (p)-[old:EMPLOYED_AT {id: row.id}]->(o)
WITH row, p, o, old IS NULL AS created, old IS NOT NULL AND """
    + _SAME
    + """ AS same
MERGE (p)-[e:EMPLOYED_AT {id: row.id}]->(o)
SET e += row.props
WITH row, p, o, created, same
CALL (row, p, o) {
  // an employment id that moved to another organization leaves no copy behind
  MATCH (p)-[moved:EMPLOYED_AT {id: row.id}]->(other) WHERE other <> o
  DELETE moved
}
"""
    + _COUNTS
)

_UPSERT_REPORTING_LINES: LiteralString = (
    """
UNWIND $rows AS row
MATCH (p:Person {workspace: $workspace, id: row.personId})
MATCH (m:Person {workspace: $workspace, id: row.managerId})
OPTIONAL MATCH (p)-[old:REPORTS_TO]->(m)
WITH row, p, m, old IS NULL AS created, old IS NOT NULL AND """
    + _SAME
    + """ AS same
MERGE (p)-[r:REPORTS_TO]->(m)
SET r += row.props
"""
    + _COUNTS
)

_UPSERT_OPPORTUNITIES: LiteralString = (
    """
UNWIND $rows AS row
OPTIONAL MATCH (old:Opportunity {workspace: $workspace, id: row.id})
WITH row, old IS NULL AS created,
     old IS NOT NULL AND """
    + _SAME
    + """ AND (row.personIds IS NULL OR (
       COUNT { (:Person)-[:ON_OPPORTUNITY]->(old) } = size(row.personIds)
       AND all(pid IN row.personIds WHERE EXISTS {
         (:Person {workspace: $workspace, id: pid})-[:ON_OPPORTUNITY]->(old) }))) AS same
MERGE (n:Opportunity {workspace: $workspace, id: row.id})
ON CREATE SET n += row.defaults
SET n += row.props
WITH n, row, created, same
CALL (n) {
  OPTIONAL MATCH (n)-[f:FOR_ACCOUNT]->(a:Account) WHERE a.id <> n.accountId
  DELETE f
}
CALL (n) {
  MATCH (a:Account {workspace: $workspace, id: n.accountId})
  MERGE (n)-[:FOR_ACCOUNT]->(a)
}
"""
    + _SYNC_OWNER
    + """
CALL (n, row) {
  OPTIONAL MATCH (x:Person)-[r:ON_OPPORTUNITY]->(n)
  WHERE row.personIds IS NOT NULL AND NOT x.id IN row.personIds
  DELETE r
}
CALL (n, row) {
  UNWIND coalesce(row.personIds, []) AS pid
  MATCH (x:Person {workspace: $workspace, id: pid})
  MERGE (x)-[:ON_OPPORTUNITY]->(n)
}
"""
    + _COUNTS
)

_UPSERT_BUYING_ROLES: LiteralString = (
    """
UNWIND $rows AS row
MATCH (p:Person {workspace: $workspace, id: row.personId})
MATCH (a:Account {workspace: $workspace, id: row.accountId})
OPTIONAL MATCH (p)-[old:HOLDS_ROLE {role: row.role, opportunityId: row.opportunityId}]->(a)
WITH row, p, a, old IS NULL AS created, old IS NOT NULL AND """
    + _SAME
    + """ AS same
MERGE (p)-[h:HOLDS_ROLE {role: row.role, opportunityId: row.opportunityId}]->(a)
ON CREATE SET h += row.defaults
SET h += row.props
"""
    + _COUNTS
)

ADD_CUSTOM_ROLES: LiteralString = """
MATCH (w:Workspace {id: $workspace})
WITH w, [r IN $roles WHERE NOT r IN coalesce(w.customRoles, [])] AS added
WHERE size(added) > 0
SET w.customRoles = coalesce(w.customRoles, []) + added
"""

# Relationship rows carry a given lastInteractionAt as ISO text (see RelationshipRow.record);
# it joins the props here, as the datetime the comparison and the write expect.
_WITH_TIMESTAMP: LiteralString = """
UNWIND $rows AS input
WITH input, input.props AS given
WITH CASE WHEN input.lastInteractionAt IS NULL THEN input
     ELSE input {.*, props: given {.*, lastInteractionAt: datetime(input.lastInteractionAt)}}
     END AS row
"""


def _upsert_knows(from_label: LiteralString, to_label: LiteralString) -> LiteralString:
    """KNOWS between two ends of fixed labels (one statement per combination of kinds, so
    each end is one index seek). KNOWS is symmetric: the undirected MATCH and MERGE find it
    whichever way it was stored."""
    return (
        _WITH_TIMESTAMP
        + "MATCH (a:"
        + from_label
        + " {workspace: $workspace, id: row.fromId})\n"
        + "MATCH (b:"
        + to_label
        + " {workspace: $workspace, id: row.toId})\n"
        + "OPTIONAL MATCH (a)-[old:KNOWS]-(b)\n"
        + "WITH row, a, b, old IS NULL AS created, old IS NOT NULL AND "
        + _SAME
        + " AS same\n"
        + "MERGE (a)-[k:KNOWS]-(b)\n"
        + "SET k += row.props\n"
        + _COUNTS
    )


UPSERT_KNOWS: dict[tuple[HumanKind, HumanKind], LiteralString] = {
    (HumanKind.PERSON, HumanKind.PERSON): _upsert_knows("Person", "Person"),
    (HumanKind.PERSON, HumanKind.SELLER): _upsert_knows("Person", "Seller"),
    (HumanKind.SELLER, HumanKind.PERSON): _upsert_knows("Seller", "Person"),
    (HumanKind.SELLER, HumanKind.SELLER): _upsert_knows("Seller", "Seller"),
}

UPSERT_INFLUENCES: LiteralString = (
    _WITH_TIMESTAMP
    + """
MATCH (a:Person {workspace: $workspace, id: row.fromId})
MATCH (b:Person {workspace: $workspace, id: row.toId})
OPTIONAL MATCH (a)-[old:INFLUENCES]->(b)
WITH row, a, b, old IS NULL AS created, old IS NOT NULL AND """
    + _SAME
    + """ AS same
MERGE (a)-[i:INFLUENCES]->(b)
SET i += row.props
"""
    + _COUNTS
)

_UPSERT_CONTEXT_ITEMS: LiteralString = (
    _node_merge("ContextItem")
    + """
CALL (n) {
  OPTIONAL MATCH (a:Account)-[c:HAS_CONTEXT]->(n) WHERE a.id <> n.accountId
  DELETE c
}
CALL (n) {
  MATCH (a:Account {workspace: $workspace, id: n.accountId})
  MERGE (a)-[:HAS_CONTEXT]->(n)
}
"""
    + _COUNTS
)

_UPSERT_PAIN_POINTS: LiteralString = (
    _node_merge("PainPoint")
    + """
CALL (n) {
  OPTIONAL MATCH (o)-[h:HAS_PAIN]->(n)
  WHERE NOT (coalesce(o:Account AND o.id = n.accountId, false)
             OR coalesce(o:Person AND o.id = n.personId, false))
  DELETE h
}
CALL (n) {
  MATCH (a:Account {workspace: $workspace, id: n.accountId})
  MERGE (a)-[:HAS_PAIN]->(n)
}
CALL (n) {
  MATCH (p:Person {workspace: $workspace, id: n.personId})
  MERGE (p)-[:HAS_PAIN]->(n)
}
"""
    + _COUNTS
)

UPSERTS: dict[str, LiteralString] = {
    "sellers": _UPSERT_SELLERS,
    "accounts": _UPSERT_ACCOUNTS,
    "partners": _UPSERT_PARTNERS,
    "partnerAccounts": _UPSERT_PARTNER_ACCOUNTS,
    "people": _UPSERT_PEOPLE,
    "employments": _UPSERT_EMPLOYMENTS,
    "reportingLines": _UPSERT_REPORTING_LINES,
    "opportunities": _UPSERT_OPPORTUNITIES,
    "buyingRoles": _UPSERT_BUYING_ROLES,
    "contextItems": _UPSERT_CONTEXT_ITEMS,
    "painPoints": _UPSERT_PAIN_POINTS,
}

MERGE_WORKSPACE: LiteralString = """
MERGE (w:Workspace {id: $workspace})
  ON CREATE SET w.name = $workspace, w.createdAt = datetime()
"""
