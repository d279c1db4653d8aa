"""Reach: warmest paths to a buying role, single-threaded risk, what-if."""

from __future__ import annotations

from typing import Any

from api.mcp import arguments as a
from api.mcp.telling import clause, listed, path_text, plural, role_words, who
from api.mcp.tool import Answer, ToolSpec

RISK_FLAGS = [
    "NO_ENGAGED_CONTACT",
    "SINGLE_THREADED",
    "SINGLE_SELLER",
    "SINGLE_DEPARTMENT",
    "ECONOMIC_BUYER_UNKNOWN",
    "ECONOMIC_BUYER_UNENGAGED",
    "NO_CHAMPION",
    "CHAMPION_WITHOUT_ACCESS",
    "SINGLE_POINT_OF_FAILURE",
    "CONTACT_LEFT",
]

_PATH = """
      warmth hopCount hidden viaPartnerIds
      seller { id name }
      hops {
        from { id name kind organizationName }
        to { id kind name title organizationName buyingRoles }
        relationship strength
      }
"""

WARMEST_PATHS = f"""
query McpWarmestPaths(
  $accountId: ID!, $role: String! = "ECONOMIC_BUYER", $from: [ID!], $viaPartners: Boolean! = false,
  $avoid: Boolean! = false, $maxHops: Int! = 4, $k: Int! = 1, $asOf: Date
) {{
  warmestPaths(
    accountId: $accountId, role: $role, from: $from, viaPartners: $viaPartners, avoid: $avoid,
    maxHops: $maxHops, k: $k, asOf: $asOf
  ) {{
    accountId role asOf maxHops roleHolderIds reason
    paths {{ {_PATH} }}
  }}
}}
"""

_RISK = """
    accountName status asOf score
    flags { flag weight detail people { id name kind } }
    engagedContacts { id name title strength sellers { name } }
    economicBuyers { id name }
    champions { id name }
    suggestions {
      person { id name } title reasons roles
      path { warmth hopCount hops { from { name } to { name } } }
    }
"""

ACCOUNT_RISK = f"""
query McpAccountRisk($accountId: ID!, $asOf: Date) {{
  accountRisk(accountId: $accountId, asOf: $asOf) {{ {_RISK} }}
}}
"""

PORTFOLIO_RISK = """
query McpPortfolioRisk(
  $first: Int! = 10, $after: String, $sellerId: ID, $flag: RiskFlag, $minScore: Int! = 0, $asOf: Date
) {
  portfolioRisk(
    first: $first, after: $after, asOf: $asOf,
    where: { sellerId: $sellerId, flag: $flag, minScore: $minScore }
  ) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { account { id name status owner { name } } score flags { flag detail } } }
  }
}
"""

WHAT_IF_LEAVES = """
query McpWhatIfLeaves($accountId: ID!, $personId: ID, $sellerId: ID, $asOf: Date) {
  whatIfLeaves(accountId: $accountId, personId: $personId, sellerId: $sellerId, asOf: $asOf) {
    scoreChange
    before { accountName score flags { flag } }
    after { accountName score flags { flag detail people { id name } } }
  }
}
"""


def _paths_summary(answer: Answer) -> str:
    role = role_words(answer.get("role", "ECONOMIC_BUYER"))
    paths: list[dict[str, Any]] = answer.get("paths", [])
    if not paths:
        reason = role_words(answer.get("reason", "NO_PATH"))
        return (
            f"No warm path to the {role} of account {answer.get('accountId')} within "
            f"{answer.get('maxHops')} hops on {answer.get('asOf')}: {reason}."
        )
    best, *others = paths
    text = f"The warmest path to the {role} on {answer.get('asOf')} is {path_text(best)}."
    if best.get("viaPartnerIds"):
        text += f" It runs through partner {listed(best['viaPartnerIds'])}."
    if others:
        text += " Alternatives: " + "; ".join(path_text(p) for p in others) + "."
    return text + " Warmth is the product of the relationship strengths along the path."


def _risk_sentence(risk: Answer) -> str:
    flags = risk.get("flags", [])
    name = risk.get("accountName", "The account")
    if not flags:
        return f"{name} has a single-threaded risk score of {risk.get('score')}/100 and no flags."
    return (
        f"{name} has a single-threaded risk score of {risk.get('score')}/100 with "
        f"{plural(len(flags), 'flag')}: "
        + "; ".join(f"{f['flag']} ({clause(f['detail'])})" for f in flags)
        + "."
    )


def _risk_summary(risk: Answer) -> str:
    text = _risk_sentence(risk)
    engaged = risk.get("engagedContacts", [])
    text += f" Engaged contacts: {listed(who(c) for c in engaged)}."
    suggestions = risk.get("suggestions", [])
    if suggestions:
        nexts = [
            who(s.get("person"))
            + (f" via {path_text(s['path'])}" if s.get("path") else " (no warm path)")
            for s in suggestions[:3]
        ]
        text += f" Engage next: {'; '.join(nexts)}."
    return text


def _portfolio_summary(page: Answer) -> str:
    items: list[dict[str, Any]] = page.get("items", [])
    if not items:
        return "No account in the portfolio matches (customers and accounts with an open deal)."
    top = [
        f"{i['account']['name']} {i['score']} ({listed(f['flag'] for f in i.get('flags', []))})"
        for i in items[:5]
    ]
    text = (
        f"{plural(page.get('totalCount', len(items)), 'account')} at risk match, riskiest "
        f"first: {'; '.join(top)}."
    )
    if page.get("nextCursor"):
        text += " More: pass nextCursor as after."
    return text


def _what_if_summary(answer: Answer) -> str:
    before, after = answer.get("before", {}), answer.get("after", {})
    gained = sorted(
        {f["flag"] for f in after.get("flags", [])} - {f["flag"] for f in before.get("flags", [])}
    )
    change = answer.get("scoreChange", 0)
    return (
        f"If they left, {before.get('accountName', 'the account')}'s risk score would go from "
        f"{before.get('score')} to {after.get('score')} ({change:+d}); new flags: "
        f"{listed(gained)}. Nothing was written: this is computed."
    )


def tools(max_page_size: int) -> list[ToolSpec]:
    """The reach tools."""
    return [
        ToolSpec(
            name="warmest_paths",
            title="Warmest paths to a buying role",
            description=(
                "Who can introduce us to the person holding a buying role at an account (the "
                "economic buyer by default; or DECISION_MAKER, CHAMPION, a custom role ...): the "
                "warmest paths from our sellers through the people they know, warmth being the "
                "product of the relationship strengths, with each hop named. viaPartners lets "
                "partner contacts carry the path; avoid keeps blockers and detractors off it. "
                "No path is an answer with a reason, not an error. A partner credential may ask "
                "about accounts of its own overlap and sees only its own contacts."
            ),
            properties={
                "accountId": a.an_id("The account whose role holders to reach."),
                "role": {
                    "type": "string",
                    "minLength": 1,
                    "default": "ECONOMIC_BUYER",
                    "description": "The buying role to reach: ECONOMIC_BUYER, DECISION_MAKER, "
                    "BUDGET_HOLDER, INFLUENCER, CHAMPION, TECHNICAL_EVALUATOR, ... or a custom "
                    "role of the workspace.",
                },
                "from": {
                    "type": "array",
                    "items": a.an_id("A seller's id."),
                    "description": "Start only from these sellers (default: all of our team).",
                },
                "viaPartners": {
                    "type": "boolean",
                    "default": False,
                    "description": "Let partner contacts carry the path.",
                },
                "avoid": {
                    "type": "boolean",
                    "default": False,
                    "description": "Keep blockers and detractors off the path.",
                },
                "maxHops": a.MAX_HOPS,
                "k": a.ALTERNATIVES,
                "asOf": a.AS_OF,
            },
            required=("accountId",),
            document=WARMEST_PATHS,
            operation="McpWarmestPaths",
            root="warmestPaths",
            summarize=_paths_summary,
            missing="No account with that id in this workspace.",
        ),
        ToolSpec(
            name="account_risk",
            title="Account risk (single-threaded)",
            description=(
                "One account's single-threaded risk: a 0-100 score and the flags behind it "
                "(SINGLE_THREADED, ECONOMIC_BUYER_UNENGAGED, NO_CHAMPION, CONTACT_LEFT ...) with "
                "the people concerned, the contacts our team has engaged, the economic buyers and "
                "champions, and whom to engage next with the warmest path to each. Our own team "
                "only."
            ),
            properties={"accountId": a.an_id("The account."), "asOf": a.AS_OF},
            required=("accountId",),
            document=ACCOUNT_RISK,
            operation="McpAccountRisk",
            root="accountRisk",
            summarize=_risk_summary,
            missing="No account with that id in this workspace.",
        ),
        ToolSpec(
            name="portfolio_risk",
            title="Portfolio risk",
            description=(
                "The portfolio's riskiest accounts first: customers and accounts with an open "
                "deal, each with its 0-100 single-threaded risk score and flags; filter by a "
                "seller (owner or deal owner), a flag or a minimum score. Our own team only."
            ),
            properties={
                "sellerId": a.an_id("Only this seller's accounts."),
                "flag": a.enum(RISK_FLAGS, "Only accounts raising this flag."),
                "minScore": {
                    "type": "integer",
                    "default": 0,
                    "description": "Only accounts scoring at least this (scores are 0-100).",
                },
                "first": a.first(max_page_size),
                "after": a.AFTER,
                "asOf": a.AS_OF,
            },
            document=PORTFOLIO_RISK,
            operation="McpPortfolioRisk",
            root="portfolioRisk",
            summarize=_portfolio_summary,
        ),
        ToolSpec(
            name="what_if_leaves",
            title="What if someone leaves",
            description=(
                "What-if: an account's single-threaded risk before and after a person at the "
                "account (personId) or one of our sellers (sellerId) left, computed without "
                "writing anything: the score change and the flags it would raise. Our own team "
                "only."
            ),
            properties={
                "accountId": a.an_id("The account."),
                "personId": a.an_id("The person who would leave the account."),
                "sellerId": a.an_id("Or the seller who would leave our team."),
                "asOf": a.AS_OF,
            },
            required=("accountId",),
            document=WHAT_IF_LEAVES,
            operation="McpWhatIfLeaves",
            root="whatIfLeaves",
            summarize=_what_if_summary,
            missing="No account with that id in this workspace.",
        ),
    ]
