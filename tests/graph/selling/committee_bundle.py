"""A small buying committee for the role-suggestion and coverage tests (hand-worked answers)."""

from __future__ import annotations

from typing import Any

RECENT = "2026-01-02T10:00:00Z"

# id, name, title, department, seniority, manager
STAFF = (
    ("ceo", "Alex Chief", "Chief Executive Officer", "Executive", "C_LEVEL", None),
    ("cfo", "Fay Money", "CFO", "Finance", "C_LEVEL", "ceo"),
    ("fin", "Fred Ledger", "Finance Director", "Finance", "DIRECTOR", "cfo"),
    ("it", "Ivy Tech", "IT Manager", "IT", "MANAGER", "ceo"),
    ("buyer", "Bo Buyer", "Procurement Lead", "Procurement", "MANAGER", "cfo"),
    ("ops", "Olga Ops", "Director of Operations", "Operations", "DIRECTOR", "ceo"),
    ("ic1", "Pat One", "Planner", "Operations", "INDIVIDUAL_CONTRIBUTOR", "ops"),
    ("ic2", "Pat Two", "Planner", "Operations", "INDIVIDUAL_CONTRIBUTOR", "ops"),
    ("ic3", "Pat Three", "Planner", "Operations", "INDIVIDUAL_CONTRIBUTOR", "ops"),
    ("counsel", "Cleo Counsel", "General Counsel", "Legal", "VP", "ceo"),
    ("champ", "Cara Champ", "Sales Director", "Sales", "DIRECTOR", "ceo"),
)


def committee_bundle() -> dict[str, Any]:
    """acc (CUSTOMER, 11 people, a champion only), acc2 (open deal, an engaged economic
    buyer), empty (open deal, nobody mapped), idle (TARGET, no deal: not in the portfolio)."""
    people = [
        {"id": i, "name": n, "title": t, "department": d, "seniority": s}
        for i, n, t, d, s, _ in STAFF
    ] + [
        {
            "id": "eve",
            "name": "Eve Payer",
            "title": "CFO",
            "department": "Finance",
            "seniority": "C_LEVEL",
        },
        {
            "id": "leaver",
            "name": "Lee Left",
            "title": "CFO",
            "department": "Finance",
            "seniority": "C_LEVEL",
        },
    ]
    return {
        "sellers": [{"id": "s1", "name": "Sam"}],
        "accounts": [
            {"id": "acc", "name": "Acme", "status": "CUSTOMER"},
            {"id": "acc2", "name": "Beta", "status": "PROSPECT"},
            {"id": "empty", "name": "Empty", "status": "PROSPECT"},
            {"id": "idle", "name": "Idle", "status": "TARGET"},
        ],
        "people": people,
        "employments": [
            {"personId": i, "organizationId": "acc", "startDate": "2020-01-01"} for i, *_ in STAFF
        ]
        + [
            {"personId": "eve", "organizationId": "acc2", "startDate": "2020-01-01"},
            {
                "personId": "leaver",
                "organizationId": "acc",
                "startDate": "2018-01-01",
                "endDate": "2025-01-01",
            },
        ],
        "reportingLines": [{"personId": i, "managerId": m} for i, *_, m in STAFF if m is not None],
        "opportunities": [
            {"id": "deal2", "accountId": "acc2", "name": "Beta deal"},
            {"id": "deal3", "accountId": "empty", "name": "Empty deal"},
        ],
        "buyingRoles": [
            {"personId": "champ", "accountId": "acc", "role": "CHAMPION"},
            {"personId": "eve", "accountId": "acc2", "role": "ECONOMIC_BUYER"},
            {"personId": "leaver", "accountId": "acc", "role": "ECONOMIC_BUYER"},
        ],
        "relationships": [
            {
                "kind": "KNOWS",
                "fromId": "s1",
                "fromKind": "SELLER",
                "toId": "champ",
                "strength": 0.8,
                "lastInteractionAt": RECENT,
            },
            {
                "kind": "KNOWS",
                "fromId": "s1",
                "fromKind": "SELLER",
                "toId": "eve",
                "strength": 0.9,
                "lastInteractionAt": RECENT,
            },
        ],
    }
