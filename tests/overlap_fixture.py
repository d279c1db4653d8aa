"""A small loader for partner-overlap test data, writing nodes exactly as graph/core/model.py describes
them (domains and name keys stored normalized, as the importer stores them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.core.client import GraphClient
from graph.core.normalize import InvalidDomain, company_name_key, normalize_domain


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def stored_domain(raw: str | None) -> str | None:
    """The domain as the importer would store it (None when it is not a domain)."""
    if raw is None or not raw.strip():
        return None
    try:
        return normalize_domain(raw)
    except InvalidDomain:
        return None


def stored_name_key(name: str) -> str | None:
    """The name key as the importer would store it."""
    return company_name_key(name) or None


@dataclass
class OverlapData:
    """Rows to load; each list holds plain dicts with the model's camelCase fields."""

    sellers: list[dict[str, Any]] = field(default_factory=list)
    accounts: list[dict[str, Any]] = field(default_factory=list)
    partners: list[dict[str, Any]] = field(default_factory=list)
    partner_accounts: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    employments: list[dict[str, Any]] = field(default_factory=list)
    opportunities: list[dict[str, Any]] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)
    knows: list[dict[str, Any]] = field(default_factory=list)

    def seller(self, id: str, name: str | None = None) -> None:
        self.sellers.append({"id": id, "name": name or id})

    def account(
        self, id: str, name: str, domain: str | None = None, status: str = "TARGET"
    ) -> None:
        self.accounts.append(
            {
                "id": id,
                "name": name,
                "nameKey": stored_name_key(name),
                "domain": stored_domain(domain),
                "status": status,
            }
        )

    def partner(self, id: str, sharing_level: str = "ACCOUNTS", name: str | None = None) -> None:
        self.partners.append({"id": id, "name": name or id, "sharingLevel": sharing_level})

    def partner_account(
        self, partner_id: str, external_id: str, name: str, domain: str | None, status: str
    ) -> None:
        self.partner_accounts.append(
            {
                "partnerId": partner_id,
                "externalId": external_id,
                "name": name,
                "nameKey": stored_name_key(name),
                "domain": stored_domain(domain),
                "status": status,
            }
        )

    def person(self, id: str, name: str | None = None, title: str | None = None) -> None:
        self.people.append({"id": id, "name": name or id, "title": title})

    def employ(
        self,
        person_id: str,
        organization_id: str,
        *,
        ended: bool = False,
        start: date | None = None,
        end: date | None = None,
    ) -> None:
        """``ended`` is an employment that ended long ago; ``start``/``end`` give exact days."""
        self.employments.append(
            {
                "personId": person_id,
                "organizationId": organization_id,
                "startDate": _iso(start),
                "endDate": "2020-01-01" if ended else _iso(end),
            }
        )

    def opportunity(self, id: str, account_id: str, state: str) -> None:
        self.opportunities.append({"id": id, "accountId": account_id, "state": state})

    def role(
        self,
        person_id: str,
        account_id: str,
        role: str,
        *,
        ended: bool = False,
        start: date | None = None,
        end: date | None = None,
    ) -> None:
        """``ended`` is a role that ended long ago; ``start``/``end`` give exact days."""
        self.roles.append(
            {
                "personId": person_id,
                "accountId": account_id,
                "role": role,
                "fromDate": _iso(start),
                "toDate": "2020-01-01" if ended else _iso(end),
            }
        )

    def know(self, from_id: str, to_id: str, strength: float, *, from_seller: bool = False) -> None:
        self.knows.append(
            {"fromId": from_id, "toId": to_id, "strength": strength, "fromSeller": from_seller}
        )


_STATEMENTS: tuple[tuple[str, LiteralString], ...] = (
    (
        "sellers",
        "UNWIND $rows AS r CREATE (:Seller {workspace: $workspace, id: r.id, name: r.name})",
    ),
    (
        "accounts",
        """UNWIND $rows AS r
        CREATE (:Account {workspace: $workspace, id: r.id, name: r.name, nameKey: r.nameKey,
                          domain: r.domain, status: r.status})""",
    ),
    (
        "partners",
        """UNWIND $rows AS r
        CREATE (:Partner {workspace: $workspace, id: r.id, name: r.name,
                          sharingLevel: r.sharingLevel})""",
    ),
    (
        "partner_accounts",
        """UNWIND $rows AS r
        MATCH (p:Partner {workspace: $workspace, id: r.partnerId})
        CREATE (p)-[:SHARES]->(:PartnerAccount {
            workspace: $workspace, id: r.partnerId + '/' + r.externalId, partnerId: r.partnerId,
            externalId: r.externalId, name: r.name, nameKey: r.nameKey, domain: r.domain,
            status: r.status})""",
    ),
    (
        "people",
        """UNWIND $rows AS r
        CREATE (:Person {workspace: $workspace, id: r.id, name: r.name, title: r.title})""",
    ),
    (
        "employments",
        """UNWIND $rows AS r
        MATCH (x:Person {workspace: $workspace, id: r.personId})
        CALL (r) {
          MATCH (o:Account {workspace: $workspace, id: r.organizationId}) RETURN o
          UNION
          MATCH (o:Partner {workspace: $workspace, id: r.organizationId}) RETURN o
        }
        CREATE (x)-[:EMPLOYED_AT {id: r.personId + '@' + r.organizationId + '#',
                                  startDate: date(r.startDate), endDate: date(r.endDate)}]->(o)""",
    ),
    (
        "opportunities",
        """UNWIND $rows AS r
        MATCH (a:Account {workspace: $workspace, id: r.accountId})
        CREATE (:Opportunity {workspace: $workspace, id: r.id, accountId: r.accountId,
                              name: r.id, state: r.state})-[:FOR_ACCOUNT]->(a)""",
    ),
    (
        "roles",
        """UNWIND $rows AS r
        MATCH (x:Person {workspace: $workspace, id: r.personId})
        MATCH (a:Account {workspace: $workspace, id: r.accountId})
        CREATE (x)-[:HOLDS_ROLE {role: r.role, opportunityId: '', stance: 'NEUTRAL',
                                 fromDate: date(r.fromDate), toDate: date(r.toDate)}]->(a)""",
    ),
    (
        "knows",
        """UNWIND $rows AS r
        CALL (r) {
          MATCH (s:Seller {workspace: $workspace, id: r.fromId}) WHERE r.fromSeller RETURN s
          UNION
          MATCH (s:Person {workspace: $workspace, id: r.fromId}) WHERE NOT r.fromSeller
          RETURN s
        }
        MATCH (t:Person {workspace: $workspace, id: r.toId})
        CREATE (s)-[:KNOWS {strength: r.strength, source: 'test'}]->(t)""",
    ),
)


async def load_overlap_data(graph: GraphClient, workspace: str, data: OverlapData) -> None:
    """Write the rows into ``workspace`` in one transaction, in dependency order."""

    async def work(tx: AsyncManagedTransaction) -> None:
        for section, statement in _STATEMENTS:
            rows = getattr(data, section)
            if rows:
                result = await tx.run(statement, {"workspace": workspace, "rows": rows})
                await result.consume()

    await graph.write(work)


def small_world_data(p1_sharing_level: str = "CONTACTS") -> OverlapData:
    """Seven accounts, two partners, one duplicate, one ambiguous name, one unknown domain,
    and a few people: the hand-checked world of the overlap tests."""
    data = OverlapData()
    data.seller("s1", "Sam Seller")
    data.account("acme", "Acme Widgets", "acme.com", "PROSPECT")
    data.account("globex", "Globex", "globex.com", "CUSTOMER")
    data.account("initech", "Initech", "initech.com", "TARGET")
    data.account("umbrella", "Umbrella Corp", None, "LOST")
    data.account("hooli-1", "Hooli", "hooli.com", "TARGET")
    data.account("hooli-2", "Hooli", "hooli.io", "TARGET")
    data.account("lonely", "Lonely Inc", "lonely.com", "FORMER_CUSTOMER")
    data.opportunity("o1", "initech", "OPEN")
    data.opportunity("o2", "globex", "WON")
    data.opportunity("o3", "acme", "LOST")
    data.partner("p1", p1_sharing_level, "Partner One")
    data.partner("p2", "ACCOUNTS", "Partner Two")
    data.partner_account("p1", "1", "ACME widgets, Inc.", "https://www.Acme.com/x", "CUSTOMER")
    data.partner_account("p1", "2", "Acme", "ACME.COM", "PROSPECT")
    data.partner_account("p1", "3", "Globex", "globex.com", "OPPORTUNITY")
    data.partner_account("p1", "4", "Initech LLC", None, "CUSTOMER")
    data.partner_account("p1", "5", "Hooli", None, "CUSTOMER")
    data.partner_account("p1", "6", "Nowhere", "nowhere.com", "PROSPECT")
    data.partner_account("p1", "7", "UMBRELLA", None, "CUSTOMER")
    data.partner_account("p2", "a", "Acme", "acme.com", "OPPORTUNITY")
    data.partner_account("p2", "b", "Globex", "globex.com", "CUSTOMER")
    # people: partner contact c1 at p1 knows the economic buyer of acme and a stranger there
    data.person("c1", "Cara Contact")
    data.person("c-old", "Old Contact")
    data.person("eb", "Erin Buyer", "CFO")
    data.person("dm", "Dan Decider")
    data.person("x", "Xavier")
    data.person("known", "Kim Known")
    data.employ("c1", "p1")
    data.employ("c-old", "p1", ended=True)
    data.employ("eb", "acme")
    data.employ("dm", "initech")
    data.employ("x", "acme")
    data.employ("known", "acme")
    data.role("eb", "acme", "ECONOMIC_BUYER")
    data.role("dm", "initech", "DECISION_MAKER")
    data.know("c1", "eb", 0.9)
    data.know("c1", "x", 0.4)
    data.know("c-old", "known", 0.8)
    data.know("c1", "known", 0.3)
    data.know("s1", "known", 0.5, from_seller=True)
    data.know("c1", "dm", 0.2)
    data.know("s1", "eb", 0.6, from_seller=True)
    return data
