"""Builds ``seeds/demo/bundle.json``, the demo workspace (run: ``python -m seeds.demo_build``).

The accounts, the people who carry the stories (see ``seeds/demo/STORIES.md``), their roles,
who knows whom, the deals and the partner lists are written out by hand below. Only the rank and
file of each account (the colleagues who make an org chart look like one) come from a small
seeded helper, and they never get an edge that could change a story: they know colleagues of
their own account only, report to the account's executives, and no seller knows them at a story
account. The output is committed; rerunning this script reproduces it byte for byte.

Dates are anchored on ``DEMO_TODAY``: the recency windows of the risk flags (90 days for an
engaged contact, 180 for a departure) hold when evaluated on that date.
"""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path
from typing import Any, Final

from seeds import vocabulary as v
from seeds.plan import SECTION_ORDER

Row = dict[str, Any]

DEMO_TODAY: Final = date(2026, 11, 20)
BUNDLE_PATH: Final = Path(__file__).parent / "demo" / "bundle.json"
_OUR_DOMAIN: Final = "northbeam.example"


class _Demo:
    """Collects rows section by section, with a few helpers that keep them consistent."""

    def __init__(self) -> None:
        self.sections: dict[str, list[Row]] = {name: [] for name in SECTION_ORDER}
        self.domain_of: dict[str, str] = {}
        self.rng = random.Random(2026)
        self.filler_names: set[str] = set()
        self.context_counter = 0
        self.pain_counter = 0
        self.start_of: dict[str, str] = {}

    def seller(self, id_: str, name: str, role: str) -> None:
        email = f"{name.lower().replace(' ', '.')}@{_OUR_DOMAIN}"
        self.sections["sellers"].append(
            {"id": id_, "name": name, "email": email, "title": v.SELLER_TITLES[role], "role": role}
        )

    def account(
        self,
        id_: str,
        name: str,
        domain: str,
        industry: str,
        country: str,
        employees: int,
        status: str,
        owner: str,
        tier: str,
        technologies: tuple[str, ...] = (),
        competitors: tuple[str, ...] = (),
    ) -> None:
        region = v.COUNTRIES[country][0]
        self.domain_of[id_] = domain
        self.sections["accounts"].append(
            {
                "id": id_,
                "name": name,
                "domain": domain,
                "industry": industry,
                "employees": employees,
                "annualRevenue": employees * 210_000,
                "country": country,
                "region": region,
                "technologies": list(technologies),
                "competitorProducts": list(competitors),
                "tier": tier,
                "status": status,
                "ownerSellerId": owner,
            }
        )

    def partner(self, id_: str, name: str, domain: str, level: str) -> None:
        self.domain_of[id_] = domain
        self.sections["partners"].append(
            {"id": id_, "name": name, "domain": domain, "sharingLevel": level}
        )

    def shares(
        self,
        partner: str,
        external: str,
        name: str,
        status: str,
        *,
        domain: str | None = None,
        website: str | None = None,
    ) -> None:
        row: Row = {"partnerId": partner, "externalId": external, "name": name}
        if domain is not None:
            row["domain"] = domain
        if website is not None:
            row["website"] = website
        row["status"] = status
        self.sections["partnerAccounts"].append(row)

    def person(
        self,
        id_: str,
        name: str,
        org: str,
        title: str,
        department: str,
        seniority: str,
        start: str,
        *,
        end: str | None = None,
        kind: str = "ACCOUNT",
        labels: tuple[str, ...] = (),
        summary: str | None = None,
        location: str | None = None,
    ) -> str:
        first, _, last = name.partition(" ")
        row: Row = {
            "id": id_,
            "name": name,
            "photoUrl": f"https://images.example.com/demo/{id_}.jpg",
            "email": f"{first.lower()}.{last.lower().replace(' ', '')}@{self.domain_of[org]}",
            "linkedinUrl": f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-demo",
            "location": location or "",
            "title": title,
            "department": department,
            "seniority": seniority,
        }
        if not row["location"]:
            del row["location"]
        if summary:
            row["roleSummary"] = summary
        if labels:
            row["labels"] = list(labels)
        self.sections["people"].append(row)
        self.start_of[id_] = start
        self.employ(id_, org, title, department, start, end=end, kind=kind)
        return id_

    def employ(
        self,
        person: str,
        org: str,
        title: str,
        department: str,
        start: str,
        *,
        end: str | None = None,
        kind: str = "ACCOUNT",
    ) -> None:
        row: Row = {
            "personId": person,
            "organizationId": org,
            "organizationKind": kind,
            "title": title,
            "department": department,
            "startDate": start,
        }
        if end:
            row["endDate"] = end
        self.sections["employments"].append(row)

    def moved(
        self, person: str, organization: str, title: str, department: str, seniority: str
    ) -> None:
        """The person's own record follows them to the new job."""
        for row in self.sections["people"]:
            if row["id"] == person:
                row.update(title=title, department=department, seniority=seniority)
                local = row["email"].partition("@")[0]
                row["email"] = f"{local}@{self.domain_of[organization]}"

    def reports(
        self,
        person: str,
        manager: str,
        start: str,
        *,
        end: str | None = None,
        strength: float | None = None,
    ) -> None:
        row: Row = {"personId": person, "managerId": manager, "fromDate": start}
        if end:
            row["toDate"] = end
        if strength is not None:
            row["strength"] = strength
        self.sections["reportingLines"].append(row)

    def role(
        self,
        person: str,
        account: str,
        role: str,
        stance: str,
        start: str,
        *,
        end: str | None = None,
        opportunity: str | None = None,
    ) -> None:
        row: Row = {"personId": person, "accountId": account, "role": role}
        if opportunity:
            row["opportunityId"] = opportunity
        row.update(stance=stance, fromDate=start)
        if end:
            row["toDate"] = end
        self.sections["buyingRoles"].append(row)

    def knows(
        self, a: str, b: str, strength: float, *, seen: str | None = None, source: str = "meeting"
    ) -> None:
        row: Row = {
            "kind": "KNOWS",
            "fromId": a,
            "fromKind": "SELLER" if a.startswith("sel-") else "PERSON",
            "toId": b,
            "toKind": "SELLER" if b.startswith("sel-") else "PERSON",
            "strength": strength,
            "source": source,
        }
        if seen:
            row["lastInteractionAt"] = f"{seen}T10:00:00Z"
        self.sections["relationships"].append(row)

    def influences(self, a: str, b: str, strength: float) -> None:
        self.sections["relationships"].append(
            {
                "kind": "INFLUENCES",
                "fromId": a,
                "fromKind": "PERSON",
                "toId": b,
                "toKind": "PERSON",
                "strength": strength,
            }
        )

    def deal(
        self,
        id_: str,
        account: str,
        name: str,
        stage: str,
        amount: int,
        currency: str,
        close: str,
        state: str,
        owner: str,
        people: tuple[str, ...],
        bant: tuple[str, str, str, str] | None = None,
    ) -> None:
        row: Row = {
            "id": id_,
            "accountId": account,
            "name": name,
            "stage": stage,
            "amount": amount,
            "currency": currency,
            "closeDate": close,
            "state": state,
        }
        if bant:
            row.update(budget=bant[0], authority=bant[1], need=bant[2], timeline=bant[3])
        row.update(ownerSellerId=owner, personIds=list(people))
        self.sections["opportunities"].append(row)

    def context(
        self,
        account: str,
        kind: str,
        text: str,
        *,
        horizon: str | None = None,
        due: str | None = None,
    ) -> None:
        self.context_counter += 1
        row: Row = {
            "id": f"ctx-demo-{self.context_counter:03d}",
            "accountId": account,
            "kind": kind,
            "text": text,
        }
        if horizon:
            row["horizon"] = horizon
        if due:
            row["dueDate"] = due
        self.sections["contextItems"].append(row)

    def pain(
        self, text: str, severity: int, *, account: str | None = None, person: str | None = None
    ) -> None:
        self.pain_counter += 1
        row: Row = {"id": f"pain-demo-{self.pain_counter:03d}", "text": text}
        if account:
            row["accountId"] = account
        if person:
            row["personId"] = person
        row["severity"] = severity
        self.sections["painPoints"].append(row)

    def staff(
        self, account: str, managers: dict[str, str], count: int, *, knows_each_other: int = 0
    ) -> list[str]:
        """The account's rank and file: ``count`` people under the given department heads."""
        rng = self.rng
        short = account.removeprefix("acc-")
        made: list[str] = []
        departments = list(managers)
        for index in range(count):
            department = departments[index % len(departments)]
            name = self._filler_name()
            seniority = "MANAGER" if index < len(departments) else "INDIVIDUAL_CONTRIBUTOR"
            top = department if department in v.DEPARTMENTS else "Operations"
            title = (
                f"{department} Manager"
                if seniority == "MANAGER"
                else rng.choice(v.DEPARTMENTS[top][2])
            )
            start = date(2017 + rng.randrange(8), 1 + rng.randrange(12), 1).isoformat()
            person = self.person(
                f"per-{short}-{index + 1:02d}", name, account, title, department, seniority, start
            )
            boss = (
                managers[department] if seniority == "MANAGER" else made[index % len(departments)]
            )
            self.reports(person, boss, max(start, self.start_of[boss]))
            made.append(person)
        for _ in range(knows_each_other):
            a, b = rng.sample(made, 2)
            self.knows(a, b, round(rng.uniform(0.3, 0.9), 2), source="email")
        return made

    def _filler_name(self) -> str:
        while True:
            name = f"{self.rng.choice(v.FIRST_NAMES)} {self.rng.choice(v.LAST_NAMES)}"
            if name not in self.filler_names:
                self.filler_names.add(name)
                return name


def build() -> dict[str, list[Row]]:
    """The demo bundle, sections in load order."""
    d = _Demo()
    _team(d)
    _accounts(d)
    _partners(d)
    _story_single_thread(d)
    _story_champion_left(d)
    _story_partner_only(d)
    _story_shared_accounts(d)
    _story_healthy(d)
    _story_blocker(d)
    for spec in _FILLER_ACCOUNTS:
        _filler_account(d, *spec)
    _northwind_history(d)
    _dedupe_relationships(d)
    return d.sections


def _team(d: _Demo) -> None:
    d.seller("sel-dana", "Dana Whitfield", "AE")
    d.seller("sel-marcus", "Marcus Bell", "AE")
    d.seller("sel-oliver", "Oliver Grant", "PARTNER_MANAGER")
    d.seller("sel-sam", "Sam Ortega", "AE")
    d.seller("sel-ana", "Ana Petrova", "CSM")
    d.seller("sel-jules", "Jules Moreau", "SDR")
    d.seller("sel-kim", "Kim Adler", "CSM")
    d.seller("sel-ravi", "Ravi Menon", "EXECUTIVE")


def _accounts(d: _Demo) -> None:
    us, uk, de = "United States", "United Kingdom", "Germany"
    d.account(
        "acc-harborview",
        "Harborview Logistics",
        "harborviewlogistics.com",
        "Logistics",
        us,
        2400,
        "PROSPECT",
        "sel-dana",
        "Tier 1",
        ("SAP", "Salesforce", "AWS"),
        ("Clari",),
    )
    d.account(
        "acc-quarrypeak",
        "Quarry Peak Manufacturing",
        "quarrypeak.com",
        "Manufacturing",
        us,
        3100,
        "PROSPECT",
        "sel-marcus",
        "Tier 1",
        ("Oracle", "Azure"),
    )
    d.account(
        "acc-lumenbay",
        "Lumen Bay Health",
        "lumenbayhealth.com",
        "Healthcare",
        us,
        5200,
        "TARGET",
        "sel-marcus",
        "Tier 2",
        ("Workday", "ServiceNow"),
    )
    d.account(
        "acc-cobaltridge",
        "Cobalt Ridge Energy",
        "cobaltridge-energy.com",
        "Energy",
        us,
        6800,
        "PROSPECT",
        "sel-sam",
        "Tier 1",
        ("SAP", "Snowflake"),
        ("Demandbase",),
    )
    d.account(
        "acc-aldercrest",
        "Aldercrest Retail Group",
        "aldercrest.com",
        "Retail",
        uk,
        9100,
        "CUSTOMER",
        "sel-kim",
        "Tier 1",
        ("Salesforce", "Snowflake", "Google Cloud"),
    )
    d.account(
        "acc-pinecrest",
        "Pinecrest Financial",
        "pinecrestfinancial.com",
        "Financial Services",
        us,
        4300,
        "PROSPECT",
        "sel-sam",
        "Tier 1",
        ("Salesforce", "Okta"),
        ("Crossbeam",),
    )
    d.account(
        "acc-brightwater",
        "Brightwater Insurance",
        "brightwater-insurance.com",
        "Insurance",
        us,
        7600,
        "CUSTOMER",
        "sel-ana",
        "Tier 1",
        ("Salesforce", "ServiceNow", "AWS", "Tableau"),
    )
    d.account(
        "acc-ironleaf",
        "Ironleaf Pharmaceuticals",
        "ironleafpharma.com",
        "Biotech",
        de,
        3900,
        "PROSPECT",
        "sel-sam",
        "Tier 1",
        ("SAP", "Workday"),
        ("6sense",),
    )
    for (
        account_id,
        name,
        domain,
        industry,
        country,
        employees,
        status,
        owner,
        tier,
        *_,
    ) in _FILLER_ACCOUNTS:
        d.account(
            account_id,
            name,
            domain,
            industry,
            country,
            employees,
            status,
            owner,
            tier,
            ("Salesforce", "Slack"),
        )


def _partners(d: _Demo) -> None:
    d.partner("par-stratus", "Stratus Cloud Partners", "stratuscloudpartners.com", "CONTACTS")
    d.partner("par-meridian", "Meridian Data Alliance", "meridiandata.io", "ACCOUNTS")
    d.partner("par-northgate", "Northgate Systems Integrators", "northgate-si.com", "COUNTS")
    # Stratus: dirty domains, a duplicate, a name-only record, and accounts we do not hold.
    d.shares(
        "par-stratus",
        "STR-1001",
        "Cobalt Ridge Energy",
        "CUSTOMER",
        domain="https://www.CobaltRidge-Energy.com/about",
    )
    d.shares(
        "par-stratus", "STR-1002", "ALDERCREST RETAIL GROUP", "CUSTOMER", domain="ALDERCREST.COM"
    )
    d.shares(
        "par-stratus",
        "STR-1003",
        "Aldercrest Retail",
        "CUSTOMER",
        website="http://www.aldercrest.com/",
    )
    d.shares(
        "par-stratus",
        "STR-1004",
        "Pinecrest Financial",
        "OPPORTUNITY",
        domain="pinecrestfinancial.com",
    )
    d.shares(
        "par-stratus",
        "STR-1005",
        "Brightwater Insurance",
        "CUSTOMER",
        domain="www.brightwater-insurance.com",
    )
    d.shares("par-stratus", "STR-1006", "Harborview Logistics", "PROSPECT")
    d.shares(
        "par-stratus", "STR-1007", "Bluefin Outdoor Co", "CUSTOMER", domain="bluefinoutdoor.com"
    )
    d.shares("par-stratus", "STR-1008", "Gannet Foods", "PROSPECT", domain="gannetfoods.co.uk")
    # Meridian: overlaps Stratus on Aldercrest and Pinecrest.
    d.shares(
        "par-meridian", "MDA-77", "Aldercrest Retail Group", "PROSPECT", domain="www.aldercrest.com"
    )
    d.shares(
        "par-meridian",
        "MDA-78",
        "Pinecrest Financial",
        "CUSTOMER",
        domain="https://www.PinecrestFinancial.com/about",
    )
    d.shares("par-meridian", "MDA-79", "Silverpine Software", "CUSTOMER", domain="silverpine.io")
    d.shares("par-meridian", "MDA-80", "Kestrel Payments", "OPPORTUNITY", domain="KESTRELPAY.DE")
    d.shares("par-meridian", "MDA-81", "Northwind Traders", "PROSPECT")
    d.shares("par-meridian", "MDA-82", "Osprey Mobility", "CUSTOMER", domain="ospreymobility.com")
    # Northgate shares counts only with its own callers, but its list is ours to match.
    d.shares(
        "par-northgate", "NG-5", "Ironleaf Pharmaceuticals", "CUSTOMER", domain="ironleafpharma.com"
    )
    d.shares(
        "par-northgate", "NG-6", "Cobalt Ridge Energy", "PROSPECT", domain="cobaltridge-energy.com"
    )
    d.shares(
        "par-northgate",
        "NG-7",
        "Westbrook Manufacturing",
        "CUSTOMER",
        domain="http://westbrookmfg.com",
    )
    d.shares("par-northgate", "NG-8", "Halcyon Devices", "OPPORTUNITY", domain="halcyondevices.com")
    # Partner contacts: people employed by the partners.
    d.person(
        "per-lena-fischer",
        "Lena Fischer",
        "par-stratus",
        "Alliance Director",
        "Partnerships",
        "DIRECTOR",
        "2019-04-01",
        kind="PARTNER",
        location="Chicago",
    )
    d.person(
        "per-tomas-novak",
        "Tomas Novak",
        "par-stratus",
        "Partner Account Manager",
        "Partnerships",
        "MANAGER",
        "2021-09-01",
        kind="PARTNER",
        location="London",
    )
    d.person(
        "per-rahul-shah",
        "Rahul Shah",
        "par-meridian",
        "Channel Manager",
        "Partnerships",
        "MANAGER",
        "2020-02-01",
        kind="PARTNER",
        location="New York",
    )
    d.person(
        "per-nina-hansen",
        "Nina Hansen",
        "par-meridian",
        "Solutions Consultant",
        "Partnerships",
        "INDIVIDUAL_CONTRIBUTOR",
        "2022-06-01",
        kind="PARTNER",
    )
    d.person(
        "per-ivan-petrov",
        "Ivan Petrov",
        "par-northgate",
        "Partner Account Manager",
        "Partnerships",
        "MANAGER",
        "2018-11-01",
        kind="PARTNER",
        location="Munich",
    )
    d.person(
        "per-sara-lopez",
        "Sara Lopez",
        "par-northgate",
        "Customer Success Lead",
        "Partnerships",
        "MANAGER",
        "2023-01-09",
        kind="PARTNER",
    )
    # Our partner manager knows the partners' people.
    d.knows("sel-oliver", "per-lena-fischer", 0.8, seen="2026-11-05", source="partner program")
    d.knows("sel-oliver", "per-rahul-shah", 0.7, seen="2026-10-21", source="partner program")
    d.knows("sel-ravi", "per-ivan-petrov", 0.7, seen="2026-10-30", source="partner program")
    d.knows("sel-oliver", "per-tomas-novak", 0.5, seen="2026-08-14", source="partner program")


def _story_single_thread(d: _Demo) -> None:
    """(a) Harborview: a late-stage deal whose only thread is one champion."""
    a = "acc-harborview"
    ceo = d.person(
        "per-thomas-reyes",
        "Thomas Reyes",
        a,
        "Chief Executive Officer",
        "Executive",
        "C_LEVEL",
        "2016-05-01",
        location="Seattle",
    )
    cfo = d.person(
        "per-robert-okafor",
        "Robert Okafor",
        a,
        "Chief Financial Officer",
        "Finance",
        "C_LEVEL",
        "2019-02-11",
        labels=("final-decision-maker",),
        summary="Signs every software contract above 100k.",
        location="Seattle",
    )
    coo = d.person(
        "per-elena-marsh",
        "Elena Marsh",
        a,
        "Chief Operating Officer",
        "Operations",
        "C_LEVEL",
        "2018-07-01",
        location="Seattle",
    )
    maya = d.person(
        "per-maya-lindqvist",
        "Maya Lindqvist",
        a,
        "Director of Operations",
        "Operations",
        "DIRECTOR",
        "2020-03-16",
        labels=("champion",),
        summary="Runs the carrier network; pushed for the route-planning pilot.",
        location="Tacoma",
    )
    kenji = d.person(
        "per-kenji-ito",
        "Kenji Ito",
        a,
        "Director of IT",
        "IT",
        "DIRECTOR",
        "2021-01-04",
        location="Seattle",
    )
    d.reports(cfo, ceo, "2019-02-11")
    d.reports(coo, ceo, "2018-07-01")
    d.reports(maya, coo, "2020-03-16", strength=0.8)
    d.reports(kenji, coo, "2021-01-04")
    d.staff(a, {"Operations": maya, "Finance": cfo, "IT": kenji}, 9, knows_each_other=4)
    opp = "opp-harborview-routes"
    d.deal(
        opp,
        a,
        "Harborview - Route planning rollout",
        "Negotiation",
        180_000,
        "USD",
        "2027-01-29",
        "OPEN",
        "sel-dana",
        (maya, cfo),
        (
            "Needs CFO sign-off above 100k.",
            "CFO signs; the COO sponsors.",
            "Carrier delays are found out too late.",
            "Go-live before peak season in March.",
        ),
    )
    d.role(cfo, a, "ECONOMIC_BUYER", "NEUTRAL", "2026-06-01")
    d.role(maya, a, "CHAMPION", "SUPPORTER", "2026-04-15", opportunity=opp)
    d.role(kenji, a, "TECHNICAL_EVALUATOR", "NEUTRAL", "2026-07-01", opportunity=opp)
    d.role(coo, a, "DECISION_MAKER", "NEUTRAL", "2026-06-01")
    # The one thread: Dana knows Maya, and only Maya knows the CFO.
    d.knows("sel-dana", maya, 0.85, seen="2026-11-10", source="meeting")
    d.knows(maya, cfo, 0.6, source="meeting")
    d.context(a, "GOAL", "Cut late deliveries by a third before peak season.", horizon="year")
    d.context(a, "MILESTONE", "Board budget review.", due="2026-12-15")
    d.pain(
        "Needs a clear ROI case against cheaper competitors before approving spend.", 4, person=cfo
    )
    d.pain("Carrier delays are found out too late.", 5, person=maya)


def _story_champion_left(d: _Demo) -> None:
    """(b) Priya Raman championed Quarry Peak's deal, then left for Lumen Bay Health."""
    a, b = "acc-quarrypeak", "acc-lumenbay"
    ceo = d.person(
        "per-alan-mercer",
        "Alan Mercer",
        a,
        "Chief Executive Officer",
        "Executive",
        "C_LEVEL",
        "2015-01-05",
        location="Chicago",
    )
    coo = d.person(
        "per-daniel-brooks",
        "Daniel Brooks",
        a,
        "Chief Operating Officer",
        "Operations",
        "C_LEVEL",
        "2018-09-01",
        labels=("final-decision-maker",),
        location="Chicago",
    )
    cfo = d.person(
        "per-sofia-marin",
        "Sofia Marin",
        a,
        "Chief Financial Officer",
        "Finance",
        "C_LEVEL",
        "2020-01-13",
        location="Chicago",
    )
    priya = d.person(
        "per-priya-raman",
        "Priya Raman",
        a,
        "Director of Operations",
        "Operations",
        "DIRECTOR",
        "2021-03-01",
        end="2026-09-15",
        summary="Ran plant scheduling; championed our pilot.",
        location="Chicago",
    )
    hugo = d.person(
        "per-hugo-silva",
        "Hugo Silva",
        a,
        "Director of Operations",
        "Operations",
        "DIRECTOR",
        "2026-10-15",
        location="Chicago",
    )
    tom = d.person(
        "per-tom-keller",
        "Tom Keller",
        a,
        "Procurement Manager",
        "Procurement",
        "MANAGER",
        "2022-05-02",
        location="Milwaukee",
    )
    d.reports(coo, ceo, "2018-09-01")
    d.reports(cfo, ceo, "2020-01-13")
    d.reports(priya, coo, "2021-03-01", end="2026-09-15", strength=0.8)
    d.reports(hugo, coo, "2026-10-15")
    d.reports(tom, cfo, "2022-05-02")
    d.staff(a, {"Operations": hugo, "Finance": cfo, "Procurement": tom}, 8, knows_each_other=4)
    opp = "opp-quarrypeak-scheduling"
    d.deal(
        opp,
        a,
        "Quarry Peak - Plant scheduling",
        "Proposal",
        240_000,
        "USD",
        "2027-02-26",
        "OPEN",
        "sel-marcus",
        (coo,),
        (
            "Funded from the operations cost-savings program.",
            "COO has final say.",
            "Manual handoffs between plants waste capacity.",
            "Decision this quarter.",
        ),
    )
    d.role(coo, a, "ECONOMIC_BUYER", "NEUTRAL", "2025-11-01")
    d.role(priya, a, "CHAMPION", "SUPPORTER", "2025-02-01", end="2026-09-15")
    d.role(tom, a, "PROCUREMENT", "NEUTRAL", "2026-08-01", opportunity=opp)
    d.knows("sel-marcus", priya, 0.9, seen="2026-11-12", source="call")
    d.knows(priya, coo, 0.8, source="meeting")
    # The weak, stale contact left after Priya: a cold route to the COO through procurement.
    d.knows("sel-marcus", tom, 0.35, seen="2026-05-20", source="email")
    d.context(a, "CHALLENGE", "The pilot's sponsor left; the successor is new in the role.")
    d.context(a, "MILESTONE", "Contract decision at the Q1 steering committee.", due="2027-02-15")

    # Lumen Bay: where Priya went. A target account with nobody else we know.
    ceo_b = d.person(
        "per-grace-holloway",
        "Grace Holloway",
        b,
        "Chief Executive Officer",
        "Executive",
        "C_LEVEL",
        "2017-03-01",
        location="Boston",
    )
    cfo_b = d.person(
        "per-omar-haddad",
        "Omar Haddad",
        b,
        "Chief Financial Officer",
        "Finance",
        "C_LEVEL",
        "2021-06-14",
        location="Boston",
    )
    d.employ(priya, b, "VP of Operations", "Operations", "2026-10-01")
    d.moved(priya, b, "VP of Operations", "Operations", "VP")
    d.reports(cfo_b, ceo_b, "2021-06-14")
    d.reports(priya, ceo_b, "2026-10-01")
    d.staff(b, {"Operations": ceo_b, "Finance": cfo_b}, 8, knows_each_other=3)
    d.role(cfo_b, b, "ECONOMIC_BUYER", "NEUTRAL", "2026-10-01")
    d.knows(priya, cfo_b, 0.5, source="meeting")
    d.context(b, "GOAL", "Consolidate scheduling tools across 14 clinics.", horizon="year")


def _story_partner_only(d: _Demo) -> None:
    """(c) Cobalt Ridge: only Stratus's Lena Fischer knows the CFO; none of us knows anyone."""
    a = "acc-cobaltridge"
    ceo = d.person(
        "per-marta-kowalski",
        "Marta Kowalski",
        a,
        "Chief Executive Officer",
        "Executive",
        "C_LEVEL",
        "2014-10-01",
        location="Denver",
    )
    cfo = d.person(
        "per-henrik-aalto",
        "Henrik Aalto",
        a,
        "Chief Financial Officer",
        "Finance",
        "C_LEVEL",
        "2019-08-19",
        labels=("final-decision-maker",),
        location="Denver",
    )
    vpe = d.person(
        "per-felix-wagner",
        "Felix Wagner",
        a,
        "VP of Engineering",
        "Engineering",
        "VP",
        "2020-04-01",
        location="Denver",
    )
    coo = d.person(
        "per-amara-okafor",
        "Amara Okafor",
        a,
        "Chief Operating Officer",
        "Operations",
        "C_LEVEL",
        "2018-01-08",
        location="Houston",
    )
    d.reports(cfo, ceo, "2019-08-19")
    d.reports(vpe, ceo, "2020-04-01")
    d.reports(coo, ceo, "2018-01-08")
    d.staff(a, {"Finance": cfo, "Engineering": vpe, "Operations": coo}, 9, knows_each_other=4)
    opp = "opp-cobaltridge-grid"
    d.deal(
        opp,
        a,
        "Cobalt Ridge - Grid analytics",
        "Discovery",
        410_000,
        "USD",
        "2027-05-28",
        "OPEN",
        "sel-sam",
        (cfo,),
        (
            "No budget allocated yet.",
            "CFO signs.",
            "Outage planning lives in spreadsheets.",
            "Evaluating alternatives until year end.",
        ),
    )
    d.role(cfo, a, "ECONOMIC_BUYER", "SUPPORTER", "2026-09-01")
    d.role(vpe, a, "DECISION_MAKER", "NEUTRAL", "2026-09-01")
    d.knows("per-lena-fischer", cfo, 0.9, seen="2026-10-28", source="partner")
    d.knows("per-lena-fischer", coo, 0.6, seen="2026-09-30", source="partner")
    # Northgate (COUNTS) also has a way in: it exists and is colder, but is not named.
    d.knows("per-ivan-petrov", cfo, 0.5, seen="2026-07-15", source="partner")
    d.context(
        a, "PLAN", "Replace outage planning spreadsheets within 18 months.", horizon="multi-year"
    )
    d.pain("Outage planning lives in spreadsheets nobody trusts.", 4, account=a)


def _story_shared_accounts(d: _Demo) -> None:
    """(d) Aldercrest and Pinecrest are on both Stratus's and Meridian's lists."""
    a, p = "acc-aldercrest", "acc-pinecrest"
    ceo = d.person(
        "per-james-whitlock",
        "James Whitlock",
        a,
        "Chief Executive Officer",
        "Executive",
        "C_LEVEL",
        "2013-02-01",
        location="London",
    )
    cfo = d.person(
        "per-fiona-grant",
        "Fiona Grant",
        a,
        "Chief Financial Officer",
        "Finance",
        "C_LEVEL",
        "2018-05-14",
        location="London",
    )
    coo = d.person(
        "per-bilal-khan",
        "Bilal Khan",
        a,
        "Chief Operating Officer",
        "Operations",
        "C_LEVEL",
        "2019-09-02",
        location="Manchester",
    )
    vpit = d.person(
        "per-astrid-larsen",
        "Astrid Larsen",
        a,
        "VP of IT",
        "IT",
        "VP",
        "2020-11-16",
        location="London",
    )
    d.reports(cfo, ceo, "2018-05-14")
    d.reports(coo, ceo, "2019-09-02")
    d.reports(vpit, coo, "2020-11-16")
    d.staff(a, {"Operations": coo, "IT": vpit, "Finance": cfo}, 9, knows_each_other=4)
    d.deal(
        "opp-aldercrest-2025",
        a,
        "Aldercrest - Account Mapping Platform",
        "Closed Won",
        95_000,
        "GBP",
        "2025-06-30",
        "WON",
        "sel-kim",
        (cfo, vpit),
    )
    d.deal(
        "opp-aldercrest-renewal",
        a,
        "Aldercrest - Renewal",
        "Negotiation",
        110_000,
        "GBP",
        "2027-06-30",
        "OPEN",
        "sel-kim",
        (cfo,),
    )
    d.role(cfo, a, "ECONOMIC_BUYER", "SUPPORTER", "2025-03-01")
    d.role(vpit, a, "CHAMPION", "SUPPORTER", "2025-03-01")
    d.knows("sel-kim", vpit, 0.8, seen="2026-11-02", source="meeting")
    d.knows("sel-kim", cfo, 0.6, seen="2026-10-01", source="meeting")
    d.knows("per-tomas-novak", coo, 0.7, seen="2026-10-11", source="partner")
    d.knows("per-rahul-shah", coo, 0.6, seen="2026-09-03", source="partner")
    d.knows("per-lena-fischer", vpit, 0.5, seen="2026-06-20", source="partner")

    ceo_p = d.person(
        "per-william-hayes",
        "William Hayes",
        p,
        "Chief Executive Officer",
        "Executive",
        "C_LEVEL",
        "2012-06-01",
        location="New York",
    )
    cfo_p = d.person(
        "per-claire-dubois",
        "Claire Dubois",
        p,
        "Chief Financial Officer",
        "Finance",
        "C_LEVEL",
        "2021-01-18",
        location="New York",
    )
    cro_p = d.person(
        "per-diego-santos",
        "Diego Santos",
        p,
        "Chief Revenue Officer",
        "Sales",
        "C_LEVEL",
        "2022-03-07",
        location="New York",
    )
    dir_p = d.person(
        "per-leila-haddad",
        "Leila Haddad",
        p,
        "Director of Sales Operations",
        "Sales",
        "DIRECTOR",
        "2023-02-13",
        location="Boston",
    )
    d.reports(cfo_p, ceo_p, "2021-01-18")
    d.reports(cro_p, ceo_p, "2022-03-07")
    d.reports(dir_p, cro_p, "2023-02-13", strength=0.7)
    d.staff(p, {"Sales": dir_p, "Finance": cfo_p}, 8, knows_each_other=3)
    d.deal(
        "opp-pinecrest-pilot",
        p,
        "Pinecrest - Pilot",
        "Qualification",
        60_000,
        "USD",
        "2027-03-31",
        "OPEN",
        "sel-sam",
        (dir_p,),
    )
    d.role(cfo_p, p, "ECONOMIC_BUYER", "NEUTRAL", "2026-08-01")
    d.role(dir_p, p, "CHAMPION", "SUPPORTER", "2026-08-01")
    d.role(cro_p, p, "DECISION_MAKER", "SUPPORTER", "2026-08-01")
    d.knows("sel-sam", dir_p, 0.7, seen="2026-11-09", source="meeting")
    d.knows("sel-jules", cro_p, 0.4, seen="2026-10-02", source="email")
    d.knows("per-rahul-shah", cfo_p, 0.8, seen="2026-10-19", source="partner")
    d.knows("per-nina-hansen", cro_p, 0.6, seen="2026-09-12", source="partner")
    d.knows("per-lena-fischer", cfo_p, 0.4, seen="2026-05-02", source="partner")


def _story_healthy(d: _Demo) -> None:
    """(e) Brightwater: a customer mapped across departments, known by four of us."""
    a = "acc-brightwater"
    people = {
        "ceo": (
            "per-victoria-lane",
            "Victoria Lane",
            "Chief Executive Officer",
            "Executive",
            "C_LEVEL",
        ),
        "cfo": ("per-samuel-osei", "Samuel Osei", "Chief Financial Officer", "Finance", "C_LEVEL"),
        "coo": (
            "per-ingrid-nilsson",
            "Ingrid Nilsson",
            "Chief Operating Officer",
            "Operations",
            "C_LEVEL",
        ),
        "cio": ("per-arjun-mehta", "Arjun Mehta", "Chief Information Officer", "IT", "C_LEVEL"),
        "claims": (
            "per-hannah-becker",
            "Hannah Becker",
            "VP of Claims Operations",
            "Operations",
            "VP",
        ),
        "proc": (
            "per-luis-ortega",
            "Luis Ortega",
            "Director of Procurement",
            "Procurement",
            "DIRECTOR",
        ),
        "sec": ("per-mei-tanaka", "Mei Tanaka", "Director of IT Security", "Security", "DIRECTOR"),
        "legal": (
            "per-paula-reyes",
            "Paula Reyes",
            "Corporate Counsel",
            "Legal",
            "INDIVIDUAL_CONTRIBUTOR",
        ),
    }
    ids: dict[str, str] = {}
    for key, (id_, name, title, dept, seniority) in people.items():
        labels = {"cfo": ("final-decision-maker",), "claims": ("champion",)}.get(key, ())
        ids[key] = d.person(
            id_, name, a, title, dept, seniority, "2019-04-01", labels=labels, location="Hartford"
        )
    for key, boss in (
        ("cfo", "ceo"),
        ("coo", "ceo"),
        ("cio", "ceo"),
        ("claims", "coo"),
        ("proc", "cfo"),
        ("sec", "cio"),
        ("legal", "cfo"),
    ):
        d.reports(ids[key], ids[boss], "2019-04-01")
    d.staff(
        a,
        {"Operations": ids["claims"], "IT": ids["cio"], "Finance": ids["cfo"]},
        10,
        knows_each_other=5,
    )
    d.deal(
        "opp-brightwater-2025",
        a,
        "Brightwater - Account Mapping Platform",
        "Closed Won",
        210_000,
        "USD",
        "2025-03-31",
        "WON",
        "sel-ana",
        (ids["cfo"], ids["claims"]),
    )
    opp = "opp-brightwater-expansion"
    d.deal(
        opp,
        a,
        "Brightwater - Claims team expansion",
        "Solution Design",
        320_000,
        "USD",
        "2027-03-15",
        "OPEN",
        "sel-ana",
        (ids["cfo"], ids["claims"], ids["cio"]),
        (
            "Approved in this year's IT budget.",
            "CFO signs; COO sponsors.",
            "Claims handlers re-key data between three systems.",
            "Go-live before Q2.",
        ),
    )
    d.role(ids["cfo"], a, "ECONOMIC_BUYER", "SUPPORTER", "2024-11-01")
    d.role(ids["coo"], a, "DECISION_MAKER", "SUPPORTER", "2024-11-01")
    d.role(ids["claims"], a, "CHAMPION", "SUPPORTER", "2024-11-01")
    d.role(ids["cio"], a, "TECHNICAL_EVALUATOR", "NEUTRAL", "2026-09-01", opportunity=opp)
    d.role(ids["proc"], a, "PROCUREMENT", "NEUTRAL", "2026-09-01", opportunity=opp)
    d.role(ids["sec"], a, "INFLUENCER", "NEUTRAL", "2026-09-01")
    d.role(ids["legal"], a, "LEGAL", "NEUTRAL", "2026-09-01")
    d.role(ids["ceo"], a, "EXECUTIVE_SPONSOR", "SUPPORTER", "2024-11-01")
    for seller, key, strength, seen in (
        ("sel-ana", "claims", 0.9, "2026-11-16"),
        ("sel-ana", "coo", 0.7, "2026-10-30"),
        ("sel-sam", "cfo", 0.8, "2026-11-04"),
        ("sel-sam", "cio", 0.6, "2026-10-22"),
        ("sel-ravi", "ceo", 0.7, "2026-09-25"),
        ("sel-kim", "sec", 0.6, "2026-11-11"),
        ("sel-kim", "proc", 0.55, "2026-10-08"),
    ):
        d.knows(seller, ids[key], strength, seen=seen, source="meeting")
    d.knows(ids["claims"], ids["cfo"], 0.7, source="meeting")
    d.influences(ids["claims"], ids["coo"], 0.8)
    d.influences(ids["sec"], ids["cio"], 0.6)
    d.context(a, "GOAL", "Settle 80% of claims within ten days.", horizon="year")
    d.context(a, "STAKE", "The COO's efficiency program is judged on the claims backlog.")
    d.pain(
        "Needs resource use and operational efficiency visible week to week.", 3, person=ids["coo"]
    )


def _story_blocker(d: _Demo) -> None:
    """(f) Ironleaf: the warmest way to the CFO runs through the blocker."""
    a = "acc-ironleaf"
    ceo = d.person(
        "per-helena-schmidt",
        "Helena Schmidt",
        a,
        "Chief Executive Officer",
        "Executive",
        "C_LEVEL",
        "2016-01-04",
        location="Munich",
    )
    cfo = d.person(
        "per-jonas-weber",
        "Jonas Weber",
        a,
        "Chief Financial Officer",
        "Finance",
        "C_LEVEL",
        "2019-10-01",
        labels=("final-decision-maker",),
        location="Munich",
    )
    cio = d.person(
        "per-rania-haddad",
        "Rania Haddad",
        a,
        "Chief Information Officer",
        "IT",
        "C_LEVEL",
        "2020-07-01",
        location="Munich",
    )
    victor = d.person(
        "per-victor-hale",
        "Victor Hale",
        a,
        "Head of IT Security",
        "Security",
        "DIRECTOR",
        "2018-03-12",
        labels=("blocker",),
        summary="Owns vendor security reviews; prefers the incumbent.",
        location="Munich",
    )
    grace = d.person(
        "per-grace-kim",
        "Grace Kim",
        a,
        "Director of Finance Operations",
        "Finance",
        "DIRECTOR",
        "2022-02-01",
        labels=("champion",),
        location="Berlin",
    )
    d.reports(cfo, ceo, "2019-10-01")
    d.reports(cio, ceo, "2020-07-01")
    d.reports(victor, cio, "2020-07-01")
    d.reports(grace, cfo, "2022-02-01", strength=0.7)
    d.staff(a, {"IT": cio, "Finance": grace, "Engineering": cio}, 9, knows_each_other=4)
    opp = "opp-ironleaf-trials"
    d.deal(
        opp,
        a,
        "Ironleaf - Clinical ops mapping",
        "Solution Design",
        150_000,
        "EUR",
        "2027-04-30",
        "OPEN",
        "sel-sam",
        (grace, victor),
        (
            "Needs CFO sign-off above 100k.",
            "CFO signs.",
            "Vendor security reviews take months.",
            "Decision this quarter.",
        ),
    )
    d.role(cfo, a, "ECONOMIC_BUYER", "NEUTRAL", "2026-07-01")
    d.role(victor, a, "BLOCKER", "DETRACTOR", "2026-07-01", opportunity=opp)
    d.role(grace, a, "CHAMPION", "SUPPORTER", "2026-07-01", opportunity=opp)
    d.knows("sel-sam", victor, 0.9, seen="2026-11-03", source="event")
    d.knows(victor, cfo, 0.9, source="meeting")
    d.knows("sel-ana", grace, 0.6, seen="2026-10-27", source="meeting")
    d.influences(victor, cio, 0.7)
    d.pain("Vendor security reviews take months.", 4, person=victor)
    d.pain(
        "Needs a clear ROI case against cheaper competitors before approving spend.", 3, person=cfo
    )


# id, name, domain, industry, country, employees, status, owner, tier, staff, known, open deal
_FILLER_ACCOUNTS: Final = (
    (
        "acc-northwind",
        "Northwind Traders",
        "northwindtraders.com",
        "Retail",
        "United States",
        1800,
        "CUSTOMER",
        "sel-dana",
        "Tier 2",
        8,
        3,
        True,
    ),
    (
        "acc-silverpine",
        "Silverpine Software",
        "silverpine.io",
        "Software",
        "United States",
        650,
        "PROSPECT",
        "sel-jules",
        "Tier 2",
        7,
        2,
        True,
    ),
    (
        "acc-redwoodmutual",
        "Redwood Mutual",
        "redwoodmutual.com",
        "Insurance",
        "United States",
        5400,
        "TARGET",
        "sel-sam",
        "Tier 1",
        8,
        0,
        False,
    ),
    (
        "acc-novacare",
        "NovaCare Clinics",
        "novacareclinics.com",
        "Healthcare",
        "United States",
        2900,
        "PROSPECT",
        "sel-marcus",
        "Tier 2",
        7,
        2,
        True,
    ),
    (
        "acc-granitepeak",
        "Granite Peak Construction",
        "granitepeakconstruction.com",
        "Construction",
        "Canada",
        1200,
        "TARGET",
        "sel-dana",
        "Tier 3",
        6,
        1,
        False,
    ),
    (
        "acc-eastlake",
        "Eastlake Media",
        "eastlakemedia.com",
        "Media",
        "United Kingdom",
        900,
        "LOST",
        "sel-jules",
        "Tier 3",
        6,
        1,
        False,
    ),
    (
        "acc-verdantbio",
        "Verdant Biosciences",
        "verdantbio.com",
        "Biotech",
        "United States",
        1500,
        "PROSPECT",
        "sel-marcus",
        "Tier 2",
        7,
        2,
        True,
    ),
    (
        "acc-oakfield",
        "Oakfield Learning",
        "oakfieldlearning.com",
        "Education",
        "United States",
        700,
        "TARGET",
        "sel-jules",
        "Tier 3",
        6,
        0,
        False,
    ),
    (
        "acc-polarnet",
        "Polarnet Telecom",
        "polarnet.se",
        "Telecommunications",
        "Sweden",
        3300,
        "CUSTOMER",
        "sel-kim",
        "Tier 2",
        8,
        3,
        False,
    ),
    (
        "acc-sunmesa",
        "Sun Mesa Energy",
        "sunmesaenergy.com",
        "Energy",
        "United States",
        2100,
        "PROSPECT",
        "sel-sam",
        "Tier 2",
        7,
        1,
        True,
    ),
    (
        "acc-fernhill",
        "Fernhill Foods",
        "fernhillfoods.co.uk",
        "Retail",
        "United Kingdom",
        4100,
        "FORMER_CUSTOMER",
        "sel-kim",
        "Tier 2",
        7,
        1,
        False,
    ),
    (
        "acc-kestrel",
        "Kestrel Payments",
        "kestrelpay.de",
        "Financial Services",
        "Germany",
        1100,
        "PROSPECT",
        "sel-ana",
        "Tier 1",
        7,
        2,
        True,
    ),
    (
        "acc-maplegate",
        "Maplegate Bank",
        "maplegatebank.ca",
        "Financial Services",
        "Canada",
        8800,
        "TARGET",
        "sel-ravi",
        "Tier 1",
        8,
        1,
        False,
    ),
    (
        "acc-hanami",
        "Hanami Robotics",
        "hanamirobotics.jp",
        "Manufacturing",
        "Japan",
        2600,
        "TARGET",
        "sel-dana",
        "Tier 2",
        6,
        0,
        False,
    ),
    (
        "acc-coralbay",
        "Coralbay Shipping",
        "coralbayshipping.com.au",
        "Logistics",
        "Australia",
        1400,
        "PROSPECT",
        "sel-jules",
        "Tier 3",
        6,
        1,
        True,
    ),
    (
        "acc-larkspur",
        "Larkspur Analytics",
        "larkspuranalytics.com",
        "Software",
        "United States",
        480,
        "CUSTOMER",
        "sel-ana",
        "Tier 2",
        7,
        2,
        True,
    ),
    (
        "acc-westbrook",
        "Westbrook Manufacturing",
        "westbrookmfg.com",
        "Manufacturing",
        "United States",
        3600,
        "FORMER_CUSTOMER",
        "sel-marcus",
        "Tier 2",
        7,
        1,
        False,
    ),
)


def _filler_account(
    d: _Demo,
    account: str,
    name: str,
    domain: str,
    industry: str,
    country: str,
    employees: int,
    status: str,
    owner: str,
    tier: str,
    staff: int,
    known: int,
    open_deal: bool,
) -> None:
    """A supporting account: executives, staff, an economic buyer and a few threads."""
    rng = d.rng
    short = account.removeprefix("acc-")
    city = v.COUNTRIES[country][1][0]
    currency = v.COUNTRIES[country][2]
    execs: dict[str, str] = {}
    for dept, title in (
        ("Executive", "Chief Executive Officer"),
        ("Finance", "Chief Financial Officer"),
        ("Operations", "Chief Operating Officer"),
        ("IT", "Chief Information Officer"),
    ):
        execs[dept] = d.person(
            f"per-{short}-{dept.lower()}",
            d._filler_name(),
            account,
            title,
            dept,
            "C_LEVEL",
            f"{2012 + rng.randrange(10)}-0{1 + rng.randrange(9)}-01",
            location=city,
        )
    for dept in ("Finance", "Operations", "IT"):
        d.reports(execs[dept], execs["Executive"], "2022-01-01")
    people = d.staff(
        account,
        {k: p for k, p in execs.items() if k != "Executive"},
        staff,
        knows_each_other=staff // 2,
    )
    managers = people[:3]
    d.role(
        execs["Finance"],
        account,
        "ECONOMIC_BUYER",
        rng.choice(("NEUTRAL", "SUPPORTER")),
        "2026-01-15",
    )
    if status in ("PROSPECT", "CUSTOMER"):
        d.role(managers[1], account, "CHAMPION", "SUPPORTER", "2026-03-01")
        d.role(execs["IT"], account, "TECHNICAL_EVALUATOR", "NEUTRAL", "2026-03-01")
    if status == "LOST":
        d.role(managers[2], account, "BLOCKER", "DETRACTOR", "2025-06-01")
    contacts = [managers[1], execs["Operations"], execs["Finance"], managers[0]]
    sellers = [owner, "sel-jules", "sel-ana"]
    for index in range(known):
        d.knows(
            sellers[index % len(sellers)],
            contacts[index],
            round(rng.uniform(0.5, 0.9), 2),
            seen=f"2026-{9 + rng.randrange(3):02d}-{10 + rng.randrange(18):02d}",
        )
    if open_deal:
        d.deal(
            f"opp-{short}-1",
            account,
            f"{name} - {rng.choice(('Pilot', 'Regional Rollout'))}",
            rng.choice(v.OPEN_STAGES),
            1000 * rng.randint(40, 250),
            currency,
            "2027-03-31",
            "OPEN",
            owner,
            (managers[1],),
        )
    if status in ("CUSTOMER", "FORMER_CUSTOMER"):
        d.deal(
            f"opp-{short}-0",
            account,
            f"{name} - Account Mapping Platform",
            "Closed Won",
            1000 * rng.randint(40, 250),
            currency,
            "2024-12-20",
            "WON",
            owner,
            (execs["Finance"],),
        )
    if status == "LOST":
        d.deal(
            f"opp-{short}-0",
            account,
            f"{name} - Pilot",
            "Closed Lost",
            1000 * rng.randint(40, 120),
            currency,
            "2026-04-30",
            "LOST",
            owner,
            (managers[2],),
        )
    d.context(account, "GOAL", rng.choice(v.CONTEXT_TEXTS["GOAL"]), horizon="year")
    d.pain(rng.choice(v.ACCOUNT_PAINS), rng.randint(2, 5), account=account)


def _northwind_history(d: _Demo) -> None:
    """Northwind (the README's example account): a departure and a new hire around mid-2025."""
    a = "acc-northwind"
    left = d.person(
        "per-northwind-ruth",
        "Ruth Abbott",
        a,
        "Director of Purchasing",
        "Procurement",
        "DIRECTOR",
        "2019-05-06",
        end="2026-03-31",
        location="New York",
    )
    d.reports(left, "per-northwind-finance", "2022-01-01", end="2026-03-31")
    d.role(left, a, "PROCUREMENT", "SUPPORTER", "2024-09-01", end="2026-03-31")
    d.knows("sel-dana", left, 0.7, seen="2026-03-02", source="meeting")
    hire = d.person(
        "per-northwind-owen",
        "Owen Castillo",
        a,
        "Director of Procurement",
        "Procurement",
        "DIRECTOR",
        "2026-04-13",
        location="New York",
    )
    d.reports(hire, "per-northwind-finance", "2026-04-13")
    d.role(hire, a, "PROCUREMENT", "NEUTRAL", "2026-05-01")


def _dedupe_relationships(d: _Demo) -> None:
    """Filler colleagues may draw the same pair twice; KNOWS is stored once per pair."""
    seen: set[tuple[str, str, str]] = set()
    kept: list[Row] = []
    for row in d.sections["relationships"]:
        a, b = row["fromId"], row["toId"]
        key = (row["kind"], *sorted((a, b))) if row["kind"] == "KNOWS" else (row["kind"], a, b)
        if key not in seen:
            seen.add(key)
            kept.append(row)
    d.sections["relationships"] = kept


def write(path: Path = BUNDLE_PATH) -> dict[str, int]:
    """Write the bundle (one row per line, for reviewable diffs); returns the row counts."""
    sections = build()
    lines = ["{"]
    for index, (name, rows) in enumerate(sections.items()):
        lines.append(f"  {json.dumps(name)}: [")
        lines.extend(
            f"    {json.dumps(row, ensure_ascii=False)}{',' if i < len(rows) - 1 else ''}"
            for i, row in enumerate(rows)
        )
        lines.append("  ]" + ("," if index < len(sections) - 1 else ""))
    lines.append("}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {name: len(rows) for name, rows in sections.items()}


if __name__ == "__main__":
    print(write())
