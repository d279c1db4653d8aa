"""CRM exports mapped onto bundle rows: Salesforce objects (API field names) and HubSpot CSV
exports (column labels), as described in CRM_EXPORTS.md.

The mapping is deliberately small and says what it did: every external role value and its
buying role, every account type and its status, and each row it could not map (with a reason)
instead of guessing. The rows it produces go through the same validation as any bundle.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.core.model import AccountStatus, BuyingRole, OpportunityState
from graph.core.normalize import company_name_key
from graph.ingest.bundle import ErrorCode, RowError

CsvRows = Sequence[Mapping[str, str]]

#: External buying-role values (lowercased) and the standard role each one means.
ROLE_SYNONYMS: dict[str, BuyingRole] = {
    "economic buyer": BuyingRole.ECONOMIC_BUYER,
    "economic decision maker": BuyingRole.ECONOMIC_BUYER,
    "decision maker": BuyingRole.DECISION_MAKER,
    "evaluator": BuyingRole.TECHNICAL_EVALUATOR,
    "technical buyer": BuyingRole.TECHNICAL_EVALUATOR,
    "technical evaluator": BuyingRole.TECHNICAL_EVALUATOR,
    "influencer": BuyingRole.INFLUENCER,
    "business user": BuyingRole.END_USER,
    "end user": BuyingRole.END_USER,
    "budget holder": BuyingRole.BUDGET_HOLDER,
    "blocker": BuyingRole.BLOCKER,
    "champion": BuyingRole.CHAMPION,
    "legal and compliance": BuyingRole.LEGAL,
    "legal": BuyingRole.LEGAL,
    "procurement": BuyingRole.PROCUREMENT,
}


def map_role(value: str) -> str:
    """Our role for an external value: a standard one, or the value as a custom role in
    UPPER_SNAKE_CASE ("Executive Sponsor" -> EXECUTIVE_SPONSOR)."""
    known = ROLE_SYNONYMS.get(" ".join(value.lower().split()))
    if known is not None:
        return known.value
    custom = re.sub(r"[^A-Za-z0-9]+", "_", value).strip("_").upper()
    if custom and custom[0].isdigit():
        custom = "ROLE_" + custom
    return custom[:64]


def salesforce_id18(value: str) -> str:
    """The 18-character form of a Salesforce id (15-character ids are case-sensitive; the
    3-character suffix encodes the case, so both forms of one record compare equal)."""
    if len(value) != 15 or not value.isalnum():
        return value
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
    suffix = ""
    for start in range(0, 15, 5):
        bits = sum(1 << i for i, ch in enumerate(value[start : start + 5]) if "A" <= ch <= "Z")
        suffix += alphabet[bits]
    return value + suffix


@dataclass
class CrmMapping:
    """Bundle rows from a CRM export, the rows that could not be mapped, and what was mapped
    to what (``mappings``: (what, external value, our value) -> rows)."""

    bundle: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    mappings: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def add(self, section: str, row: dict[str, Any]) -> None:
        """Append a bundle row, leaving out cells the export left blank."""
        self.bundle.setdefault(section, []).append(
            {k: v for k, v in row.items() if v not in (None, "", [])}
        )

    def reject(self, source: str, index: int, column: str, reason: str, code: str) -> None:
        """Record a row of the export that cannot be mapped."""
        self.errors.append(RowError(source, index, column, reason, code))


def _cell(row: Mapping[str, str], *names: str) -> str:
    """The first non-blank cell among ``names`` (header match ignores case and spaces)."""
    folded = {" ".join(k.lower().split()): v for k, v in row.items() if k is not None}
    for name in names:
        value = folded.get(" ".join(name.lower().split()))
        if value is not None and value.strip():
            return value.strip()
    return ""


def _truthy(value: str) -> bool:
    return value.strip().lower() in ("true", "1", "yes", "y")


def _sf(value: str) -> str:
    return salesforce_id18(value) if value else ""


def _full_name(row: Mapping[str, str]) -> str:
    return " ".join(p for p in (_cell(row, "FirstName", "First Name"),
                                _cell(row, "LastName", "Last Name")) if p)  # fmt: skip


# Salesforce --------------------------------------------------------------------------------


def _salesforce_status(account_type: str) -> str | None:
    """Our account status for a Salesforce Account.Type; None means "this is a partner"."""
    kind = account_type.lower()
    if "partner" in kind or "reseller" in kind:
        return None
    if kind.startswith("former"):
        return AccountStatus.FORMER_CUSTOMER.value
    if kind.startswith("customer"):
        return AccountStatus.CUSTOMER.value
    if kind.startswith("prospect"):
        return AccountStatus.PROSPECT.value
    return AccountStatus.TARGET.value


def map_salesforce(files: Mapping[str, CsvRows]) -> CrmMapping:
    """Map Salesforce exports (keys: Account, Contact, Opportunity, OpportunityContactRole,
    User) onto bundle rows. Accounts of a partner Type become partners, and their contacts
    partner contacts."""
    out = CrmMapping()
    for row in files.get("User", ()):
        out.add("sellers", {"id": _sf(_cell(row, "Id")), "name": _cell(row, "Name"),
                            "email": _cell(row, "Email"), "title": _cell(row, "Title")})  # fmt: skip
    partners: set[str] = set()
    for row in files.get("Account", ()):
        account_id = _sf(_cell(row, "Id"))
        account_type = _cell(row, "Type")
        status = _salesforce_status(account_type)
        out.mappings["Account.Type", account_type or "(blank)", status or "partner"] += 1
        if status is None:
            partners.add(account_id)
            out.add("partners", {"id": account_id, "name": _cell(row, "Name"),
                                 "domain": _cell(row, "Website")})  # fmt: skip
            continue
        if _cell(row, "ParentId"):
            out.mappings["Account.ParentId", "(any)", "not imported"] += 1
        out.add(
            "accounts",
            {
                "id": account_id,
                "name": _cell(row, "Name"),
                "website": _cell(row, "Website"),
                "industry": _cell(row, "Industry"),
                "employees": _cell(row, "NumberOfEmployees"),
                "annualRevenue": _cell(row, "AnnualRevenue"),
                "country": _cell(row, "BillingCountry"),
                "status": status,
                "ownerSellerId": _sf(_cell(row, "OwnerId")),
            },
        )
    for row in files.get("Contact", ()):
        person_id = _sf(_cell(row, "Id"))
        title, department = _cell(row, "Title"), _cell(row, "Department")
        location = ", ".join(p for p in (_cell(row, "MailingCity"),
                                         _cell(row, "MailingCountry")) if p)  # fmt: skip
        out.add("people", {"id": person_id, "name": _full_name(row), "email": _cell(row, "Email"),
                           "phone": _cell(row, "Phone"), "title": title,
                           "department": department, "location": location})  # fmt: skip
        account_id = _sf(_cell(row, "AccountId"))
        if account_id:
            kind = "PARTNER" if account_id in partners else "ACCOUNT"
            out.add("employments", {"personId": person_id, "organizationId": account_id,
                                    "organizationKind": kind, "title": title,
                                    "department": department})  # fmt: skip
        manager_id = _sf(_cell(row, "ReportsToId"))
        if manager_id:
            out.add("reportingLines", {"personId": person_id, "managerId": manager_id})
    deal_accounts: dict[str, str] = {}
    deal_people: dict[str, list[str]] = {}
    for row in files.get("OpportunityContactRole", ()):
        deal_people.setdefault(_sf(_cell(row, "OpportunityId")), []).append(
            _sf(_cell(row, "ContactId"))
        )
    for row in files.get("Opportunity", ()):
        deal_id = _sf(_cell(row, "Id"))
        deal_accounts[deal_id] = _sf(_cell(row, "AccountId"))
        closed, won = _truthy(_cell(row, "IsClosed")), _truthy(_cell(row, "IsWon"))
        state = OpportunityState.OPEN if not closed else (
            OpportunityState.WON if won else OpportunityState.LOST
        )  # fmt: skip
        deal: dict[str, Any] = {
            "id": deal_id,
            "accountId": deal_accounts[deal_id],
            "name": _cell(row, "Name"),
            "stage": _cell(row, "StageName"),
            "amount": _cell(row, "Amount"),
            "currency": _cell(row, "CurrencyIsoCode"),
            "closeDate": _cell(row, "CloseDate")[:10],
            "state": state.value,
            "ownerSellerId": _sf(_cell(row, "OwnerId")),
        }
        if deal_id in deal_people:
            deal["personIds"] = sorted(set(deal_people[deal_id]))
        out.add("opportunities", deal)
    for index, row in enumerate(files.get("OpportunityContactRole", ())):
        deal_id = _sf(_cell(row, "OpportunityId"))
        external = _cell(row, "Role")
        if not external:
            out.mappings["OpportunityContactRole.Role", "(blank)", "on the deal, no role"] += 1
            continue
        deal_account = deal_accounts.get(deal_id)
        if deal_account is None:
            out.reject(
                "OpportunityContactRole",
                index,
                "OpportunityId",
                f"opportunity {deal_id!r} is not in Opportunity.csv, so its account is unknown",
                ErrorCode.UNKNOWN_REFERENCE,
            )
            continue
        role = map_role(external)
        out.mappings["OpportunityContactRole.Role", external, role] += 1
        out.add("buyingRoles", {"personId": _sf(_cell(row, "ContactId")),
                                "accountId": deal_account, "role": role,
                                "opportunityId": deal_id})  # fmt: skip
    return out


# HubSpot -----------------------------------------------------------------------------------

_LIFECYCLE: dict[str, AccountStatus] = {
    "customer": AccountStatus.CUSTOMER,
    "evangelist": AccountStatus.CUSTOMER,
    "opportunity": AccountStatus.PROSPECT,
    "sales qualified lead": AccountStatus.PROSPECT,
    "marketing qualified lead": AccountStatus.PROSPECT,
    "lead": AccountStatus.PROSPECT,
    "subscriber": AccountStatus.PROSPECT,
}


def _first_id(value: str) -> str:
    return value.split(";")[0].strip() if value else ""


def map_hubspot(files: Mapping[str, CsvRows]) -> CrmMapping:
    """Map HubSpot CSV exports (keys: companies, contacts, deals) onto bundle rows. Contacts
    and deals find their company by associated id, else by company name."""
    out = CrmMapping()
    by_name: dict[str, list[str]] = {}
    for row in files.get("companies", ()):
        company_id = _cell(row, "Record ID", "Company ID")
        name = _cell(row, "Company name", "Name")
        stage = _cell(row, "Lifecycle Stage")
        status = _LIFECYCLE.get(stage.lower(), AccountStatus.TARGET).value
        out.mappings["Lifecycle Stage", stage or "(blank)", status] += 1
        by_name.setdefault(company_name_key(name), []).append(company_id)
        out.add(
            "accounts",
            {
                "id": company_id,
                "name": name,
                "website": _cell(row, "Company Domain Name", "Website URL"),
                "industry": _cell(row, "Industry"),
                "employees": _cell(row, "Number of Employees"),
                "annualRevenue": _cell(row, "Annual Revenue"),
                "country": _cell(row, "Country/Region", "Country"),
                "status": status,
            },
        )

    def company_of(source: str, index: int, row: Mapping[str, str]) -> str:
        company_id = _first_id(
            _cell(
                row,
                "Associated Company IDs",
                "Associated Company ID",
                "Associated Company IDs (Primary)",
                "Company IDs",
            )
        )
        if company_id:
            return company_id
        name = _cell(row, "Associated Company", "Company Name", "Company name")
        if not name:
            return ""
        matches = by_name.get(company_name_key(name), [])
        if len(matches) == 1:
            return matches[0]
        reason = (
            f"company {name!r} is not in the companies export"
            if not matches
            else f"company name {name!r} matches {len(matches)} companies; export company ids"
        )
        out.reject(source, index, "Associated Company", reason, ErrorCode.UNKNOWN_REFERENCE)
        return ""

    for index, row in enumerate(files.get("contacts", ())):
        person_id = _cell(row, "Record ID", "Contact ID")
        title = _cell(row, "Job Title")
        out.add("people", {"id": person_id, "name": _full_name(row), "email": _cell(row, "Email"),
                           "phone": _cell(row, "Phone Number"), "title": title})  # fmt: skip
        company_id = company_of("contacts", index, row)
        if company_id:
            out.add("employments", {"personId": person_id, "organizationId": company_id,
                                    "title": title})  # fmt: skip
        for external in [r.strip() for r in _cell(row, "Buying Role").split(";") if r.strip()]:
            if not company_id:
                out.reject("contacts", index, "Buying Role",
                           "a buying role needs the contact's company", ErrorCode.REQUIRED)  # fmt: skip
                break
            role = map_role(external)
            out.mappings["Buying Role", external, role] += 1
            out.add("buyingRoles", {"personId": person_id, "accountId": company_id, "role": role})
    for index, row in enumerate(files.get("deals", ())):
        stage = _cell(row, "Deal Stage")
        folded = stage.lower()
        state = (
            OpportunityState.WON if "closed won" in folded
            else OpportunityState.LOST if "closed lost" in folded
            else OpportunityState.OPEN
        )  # fmt: skip
        known_errors = len(out.errors)
        company_id = company_of("deals", index, row)
        if not company_id and len(out.errors) == known_errors:
            out.reject("deals", index, "Associated Company", "a deal needs its company",
                       ErrorCode.REQUIRED)  # fmt: skip
        if not company_id:
            continue
        contacts = _cell(row, "Associated Contact IDs", "Associated Contact ID")
        out.add(
            "opportunities",
            {
                "id": _cell(row, "Record ID", "Deal ID"),
                "accountId": company_id,
                "name": _cell(row, "Deal Name"),
                "stage": stage,
                "amount": _cell(row, "Amount"),
                "closeDate": _cell(row, "Close Date")[:10],
                "state": state.value,
                "personIds": [c.strip() for c in contacts.split(";") if c.strip()],
            },
        )
    return out
