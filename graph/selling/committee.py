"""The people on an account's buying committee as the rules of suggestions, personas and
coverage see them: who works there on a day, with title, department, seniority, position in the
account's reporting tree and the buying roles held, in one statement for a batch of accounts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.accounts.accounts import Account, account_from_row
from graph.core.client import fetch_values
from graph.core.model import Seniority
from graph.core.temporal import employed_on, reports_on, role_held_on


@dataclass(frozen=True)
class StaffMember:
    """Someone employed at the account on the day, as the suggestion rules see them."""

    id: str
    name: str | None
    title: str | None
    department: str | None
    seniority: Seniority
    manager_ids: tuple[str, ...]  # their managers who also work at the account
    direct_reports: int  # people at the account who report to them
    roles: frozenset[str]  # buying roles they hold there on the day

    @property
    def at_top(self) -> bool:
        """Nobody at the account above them: the top of (a branch of) the reporting tree."""
        return not self.manager_ids


@dataclass(frozen=True)
class AccountStaff:
    """An account's people on the day, with who reports to whom and the roles held."""

    account: Account
    staff: tuple[StaffMember, ...]

    @property
    def account_id(self) -> str:
        """The account's id."""
        return self.account.id

    @property
    def account_name(self) -> str:
        """The account's name."""
        return self.account.name

    @property
    def roles_held(self) -> frozenset[str]:
        """Every buying role held there by someone employed there."""
        return frozenset(r for s in self.staff for r in s.roles)


# Who works there, reports to whom and holds which role: each judged on $day by the one rule.
_STAFF: LiteralString = (
    """
UNWIND $accountIds AS accountId
MATCH (a:Account {workspace: $workspace, id: accountId})
RETURN a {.*} AS account,
  COLLECT {
    MATCH (a)<-[e:EMPLOYED_AT]-(p:Person)
    WHERE p.workspace = $workspace AND """
    + employed_on("e")
    + """
    WITH p, e ORDER BY e.startDate DESC
    WITH p, collect(e)[0] AS e
    RETURN {id: p.id, name: p.name, title: coalesce(e.title, p.title),
      department: coalesce(e.department, p.department), seniority: p.seniority,
      managers: [(p)-[r:REPORTS_TO]->(m:Person)
        WHERE m.workspace = $workspace AND """
    + reports_on("r")
    + """ | m.id],
      roles: [(p)-[h:HOLDS_ROLE]->(a) WHERE """
    + role_held_on("h")
    + """ | h.role]} AS person
  } AS staff
"""
)


def _staff_of(row: dict[str, Any]) -> AccountStaff:
    people = list(row["staff"])
    here = {str(p["id"]) for p in people}
    managers = {str(p["id"]): sorted({m for m in p["managers"] if m in here}) for p in people}
    reports: dict[str, int] = {}
    for ups in managers.values():
        for m in ups:
            reports[m] = reports.get(m, 0) + 1
    staff = tuple(
        StaffMember(
            id=str(p["id"]),
            name=p["name"],
            title=p["title"],
            department=p["department"],
            seniority=Seniority(p["seniority"] or Seniority.UNKNOWN),
            manager_ids=tuple(managers[str(p["id"])]),
            direct_reports=reports.get(str(p["id"]), 0),
            roles=frozenset(p["roles"]),
        )
        for p in sorted(people, key=lambda p: (p["name"] or "", str(p["id"])))
    )
    return AccountStaff(account_from_row(row["account"]), staff)


async def load_account_staff(
    tx: AsyncManagedTransaction, workspace: str, account_ids: Sequence[str], day: date
) -> dict[str, AccountStaff]:
    """The people employed at each account on the day (one statement for the batch)."""
    rows = await fetch_values(
        tx, _STAFF, {"workspace": workspace, "accountIds": list(account_ids), "day": day}
    )
    return {str(r["account"]["id"]): _staff_of(r) for r in rows}
