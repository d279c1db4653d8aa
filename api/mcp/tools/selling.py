"""Selling: BANT qualification of a deal, buying-committee coverage."""

from __future__ import annotations

from typing import Any

from api.mcp import arguments as a
from api.mcp.telling import clause, listed, path_text, role_words, share, who
from api.mcp.tool import Answer, ToolSpec

QUALIFICATION = """
query McpQualification($opportunityId: ID!, $asOf: Date) {
  opportunityQualification(opportunityId: $opportunityId, asOf: $asOf) {
    opportunity { id name stage amount currency closeDate state account { id name } }
    asOf qualified
    budget { entered amount currency }
    authority {
      entered status
      holders {
        id name title roles stance engaged
        path { warmth hopCount hops { from { name } to { name } } }
      }
    }
    need { entered painPoints { text severity person { name } } }
    timeline { entered closeDate daysToClose }
    missing { code detail }
  }
}
"""

_COVERAGE = """
    accountName asOf stakeholdersMapped committeeMembers committeeMembersWithSuggestions
    typicalCommitteeSize committeeShare rolesCovered rolesMissing economicBuyerMapped
    economicBuyerEngaged engagedContacts rolesAddedBySuggestions
    suggestions { person { id name } title role confidence reason }
"""

COMMITTEE_COVERAGE = f"""
query McpCommitteeCoverage($accountId: ID!, $minConfidence: Float! = 0.5, $asOf: Date) {{
  committeeCoverage(accountId: $accountId, minConfidence: $minConfidence, asOf: $asOf) {{
    {_COVERAGE}
  }}
}}
"""

PORTFOLIO_COVERAGE = """
query McpPortfolioCoverage(
  $sellerId: ID, $minConfidence: Float! = 0.5, $weakest: Int! = 5, $asOf: Date
) {
  portfolioCoverage(
    sellerId: $sellerId, minConfidence: $minConfidence, weakest: $weakest, asOf: $asOf
  ) {
    asOf accounts averageStakeholdersMapped averageCommitteeMembers shareWithFullCommittee
    shareWithFullCommitteeWithSuggestions shareWithEconomicBuyerMapped
    shareWithEconomicBuyerEngaged roles { role shareCovered }
    weakest {
      accountName committeeMembers stakeholdersMapped economicBuyerMapped economicBuyerEngaged
      rolesMissing
    }
  }
}
"""


def _qualification_summary(answer: Answer) -> str:
    deal = answer["opportunity"]
    account = deal.get("account", {}).get("name", "its account")
    verdict = "qualified" if answer.get("qualified") else "not yet qualified"
    budget = answer.get("budget", {})
    authority = answer.get("authority", {})
    holders = authority.get("holders", [])
    need = answer.get("need", {}).get("painPoints", [])
    timeline = answer.get("timeline", {})
    amount = (
        f"{budget['amount']:,.0f} {budget.get('currency', '')}".strip()
        if budget.get("amount")
        else "no amount"
    )
    text = (
        f"{deal['name']} at {account} is {verdict} on {answer.get('asOf')} (BANT). "
        f"Budget: {clause(budget.get('entered')) or 'not entered'}, {amount}. "
        f"Authority: {role_words(authority.get('status', ''))}"
    )
    if holders:
        engaged = [h for h in holders if h.get("engaged")]
        text += f" ({listed(who(h) + (' engaged' if h in engaged else '') for h in holders)})"
        reachable = [h for h in holders if not h.get("engaged") and h.get("path")]
        if reachable:
            text += f"; warmest path: {path_text(reachable[0]['path'])}"
    text += f". Need: {listed((clause(p['text']) for p in need[:3]), empty='no pain point documented')}."
    days = timeline.get("daysToClose")
    text += f" Timeline: close {timeline.get('closeDate', 'not set')}"
    text += f" ({days} days)." if days is not None else "."
    missing: list[dict[str, Any]] = answer.get("missing", [])
    if missing:
        text += f" Missing: {'; '.join(clause(m['detail']) for m in missing)}."
    return text


def _coverage_summary(coverage: Answer) -> str:
    eb = (
        "an engaged economic buyer"
        if coverage.get("economicBuyerEngaged")
        else "an economic buyer mapped but not engaged"
        if coverage.get("economicBuyerMapped")
        else "no economic buyer mapped"
    )
    text = (
        f"{coverage.get('accountName', 'The account')}'s buying committee on {coverage['asOf']}: "
        f"{coverage['committeeMembers']} of a typical {coverage['typicalCommitteeSize']} "
        f"({share(coverage['committeeShare'])}; {coverage['committeeMembersWithSuggestions']} "
        f"counting suggested roles), {coverage['stakeholdersMapped']} people mapped, "
        f"{coverage['engagedContacts']} engaged, {eb}. Roles covered: "
        f"{listed(role_words(r) for r in coverage.get('rolesCovered', []))}; missing: "
        f"{listed(role_words(r) for r in coverage.get('rolesMissing', []))}."
    )
    suggestions = coverage.get("suggestions", [])
    if suggestions:
        text += " Suggested: " + "; ".join(
            f"{who(s.get('person'))} as {role_words(s['role'])} ({s['confidence']:.2f})"
            for s in suggestions[:3]
        )
        text += "."
    return text


def _portfolio_coverage_summary(answer: Answer) -> str:
    weakest = answer.get("weakest", [])
    return (
        f"Across {answer['accounts']} accounts being worked on {answer['asOf']}: on average "
        f"{answer['averageStakeholdersMapped']:.1f} people mapped and "
        f"{answer['averageCommitteeMembers']:.1f} on the buying committee; "
        f"{share(answer['shareWithFullCommittee'])} have a full committee (7 or more), "
        f"{share(answer['shareWithEconomicBuyerMapped'])} an economic buyer mapped and "
        f"{share(answer['shareWithEconomicBuyerEngaged'])} an engaged one. Weakest: "
        + listed(
            f"{w.get('accountName')} ({w['committeeMembers']} on the committee"
            + (", no economic buyer" if not w.get("economicBuyerMapped") else "")
            + ")"
            for w in weakest
        )
        + "."
    )


def tools(max_page_size: int) -> list[ToolSpec]:
    """The qualification and coverage tools."""
    return [
        ToolSpec(
            name="deal_qualification",
            title="Deal qualification (BANT)",
            description=(
                "BANT for a deal (opportunity): Budget and Timeline from the deal, Authority from "
                "the graph (is an economic buyer or decision maker engaged, by which sellers, "
                "else the warmest path to them), Need from the pain points of the account and "
                "its people, whether it is qualified and what is missing. Our own team only."
            ),
            properties={
                "opportunityId": a.an_id("The deal's id (opp-...)."),
                "asOf": a.AS_OF,
            },
            required=("opportunityId",),
            document=QUALIFICATION,
            operation="McpQualification",
            root="opportunityQualification",
            summarize=_qualification_summary,
            missing="No deal with that id in this workspace.",
        ),
        ToolSpec(
            name="committee_coverage",
            title="Buying-committee coverage",
            description=(
                "How much of an account's buying committee is mapped: the people holding a buying "
                "role against the typical 6.8 who sign off a B2B purchase, the roles covered and "
                "missing, whether the economic buyer is mapped and engaged, and the roles people "
                "probably hold (suggested from title, seniority and reporting line). Our own "
                "team only."
            ),
            properties={
                "accountId": a.an_id("The account."),
                "minConfidence": a.CONFIDENCE,
                "asOf": a.AS_OF,
            },
            required=("accountId",),
            document=COMMITTEE_COVERAGE,
            operation="McpCommitteeCoverage",
            root="committeeCoverage",
            summarize=_coverage_summary,
            missing="No account with that id in this workspace.",
        ),
        ToolSpec(
            name="portfolio_coverage",
            title="Portfolio coverage",
            description=(
                "Buying-committee coverage across the accounts being worked (customers and "
                "accounts with an open deal, one seller's when sellerId is given): people mapped "
                "and on the committee on average, the share with a full committee and with an "
                "economic buyer mapped or engaged, per-role shares, and the weakest accounts. "
                "Our own team only."
            ),
            properties={
                "sellerId": a.an_id("Only this seller's accounts (as owner or deal owner)."),
                "minConfidence": a.CONFIDENCE,
                "weakest": {
                    **a.first(max_page_size, default=5),
                    "description": "How many of the weakest accounts to list.",
                },
                "asOf": a.AS_OF,
            },
            document=PORTFOLIO_COVERAGE,
            operation="McpPortfolioCoverage",
            root="portfolioCoverage",
            summarize=_portfolio_coverage_summary,
        ),
    ]
