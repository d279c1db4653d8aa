"""Partners: the overlap, the best partner for an account, warm introductions."""

from __future__ import annotations

from typing import Any

from api.mcp import arguments as a
from api.mcp.telling import listed, plural, role_words
from api.mcp.tool import Answer, ToolSpec
from graph.core.credentials import Principal
from graph.core.errors import InvalidInput

PARTNER_OVERLAP = """
query McpPartnerOverlap(
  $partnerId: ID!, $ourStatus: OurOverlapStatus, $partnerStatus: PartnerAccountStatus,
  $first: Int! = 10, $after: String, $asOf: Date
) {
  partnerOverlap(
    partnerId: $partnerId, first: $first, after: $after, asOf: $asOf,
    where: { ourStatus: $ourStatus, partnerStatus: $partnerStatus }
  ) {
    partnerId partnerName sharingLevel disclosure totalCount
    matrix { ourStatus partnerStatus count }
    accounts {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          accountId name domain ourStatus partnerStatus uncoveredPeopleCount
          uncoveredPeople { id name title knownBy { contactName strength } }
        }
      }
    }
  }
}
"""

BEST_PARTNER = """
query McpBestPartner($accountId: ID!, $asOf: Date) {
  bestPartnerForAccount(accountId: $accountId, asOf: $asOf) {
    accountId name economicBuyerIds
    ourRoute { fromName buyerName strength }
    bestPartner { partnerId partnerName route { fromName buyerName strength } }
    partners { partnerId partnerName route { fromName buyerName strength } }
    partnerIsWarmer gap
  }
}
"""

WARM_INTRODUCTIONS = """
query McpWarmIntroductions($partnerId: ID!, $first: Int! = 10, $after: String, $asOf: Date) {
  warmIntroductions(partnerId: $partnerId, first: $first, after: $after, asOf: $asOf) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        accountId name ourStatus partnerStatus warmth reachableBuyers
        route { contactId contactName buyerId buyerName buyerRole strength }
      }
    }
  }
}
"""

_PARTNER_ID = a.an_id(
    "The partner (par-...). A partner credential may leave it out: its own partner."
)


def _own_partner(arguments: dict[str, Any], caller: Principal) -> dict[str, Any]:
    """``partnerId`` defaults to a partner credential's own partner; our team must name one."""
    if "partnerId" in arguments:
        return arguments
    if caller.partner_id is None:
        raise InvalidInput("Name the partner: 'partnerId' is required.", field="partnerId")
    return {**arguments, "partnerId": caller.partner_id}


def _overlap_summary(overlap: Answer) -> str:
    cells = [c for c in overlap.get("matrix", []) if c.get("count")]
    text = (
        f"{overlap['partnerName']} (sharing level {overlap['sharingLevel']}) shares "
        f"{plural(overlap.get('totalCount', 0), 'account')} with us"
    )
    if cells:
        text += ": " + "; ".join(
            f"{c['count']} our {role_words(c['ourStatus'])} x their "
            f"{role_words(c['partnerStatus'])}"
            for c in cells
        )
    text += "."
    accounts = overlap.get("accounts")
    if accounts is None:
        return text + " Accounts are not shown at this sharing level (counts only)."
    items: list[dict[str, Any]] = accounts.get("items", [])
    uncovered = [
        f"{i['name']} ({i['uncoveredPeopleCount']})" for i in items if i.get("uncoveredPeopleCount")
    ]
    text += f" Accounts: {listed(i['name'] for i in items)}."
    if uncovered:
        text += f" People only the partner knows: {listed(uncovered)}."
    if accounts.get("nextCursor"):
        text += " More: pass nextCursor as after."
    return text


def _route(route: dict[str, Any]) -> str:
    return f"{route['fromName']} knows {route['buyerName']} ({route['strength']:.2f})"


def _best_partner_summary(answer: Answer) -> str:
    if answer.get("gap") == "NO_ECONOMIC_BUYER":
        return f"{answer['name']} has no economic buyer mapped: no route to compare."
    ours = answer.get("ourRoute")
    best = answer.get("bestPartner")
    text = f"At {answer['name']}, our own best route to the economic buyer: "
    text += _route(ours) if ours else "none"
    text += ". Best partner: "
    text += f"{best['partnerName']}, whose {_route(best['route'])}" if best else "none"
    text += "."
    if answer.get("partnerIsWarmer"):
        text += " The partner's route is warmer: ask the partner for a warm introduction."
    return text


def _introductions_summary(page: Answer) -> str:
    items: list[dict[str, Any]] = page.get("items", [])
    if not items:
        return "No warm introduction: none of the partner's customers is our prospect or deal."

    def one(item: dict[str, Any]) -> str:
        route = item.get("route")
        if route:
            return (
                f"{item['name']} ({route['contactName']} knows {route['buyerName']}, "
                f"{role_words(route['buyerRole'])}, {route['strength']:.2f})"
            )
        if "warmth" not in item and "reachableBuyers" not in item:
            return str(item["name"])
        return f"{item['name']} (no known route)"

    text = (
        f"{plural(page.get('totalCount', len(items)), 'account')} where the partner's customer "
        f"is our prospect or deal, warmest first: {'; '.join(one(i) for i in items)}."
    )
    if page.get("nextCursor"):
        text += " More: pass nextCursor as after."
    return text


def tools(max_page_size: int) -> list[ToolSpec]:
    """The partner tools."""
    return [
        ToolSpec(
            name="partner_overlap",
            title="Partner overlap",
            description=(
                "Partner account mapping: which of our accounts a partner also holds, as a matrix "
                "of our status (customer, open opportunity, prospect/target) by theirs (customer, "
                "opportunity, prospect), the overlapping accounts of a cell, and the people "
                "there only the partner's contacts know (decision makers we have not reached). "
                "A partner credential sees its own overlap, as far as its sharing level allows."
            ),
            properties={
                "partnerId": _PARTNER_ID,
                "ourStatus": a.enum(
                    ["CUSTOMER", "OPEN_OPPORTUNITY", "PROSPECT_TARGET"], "Only this row."
                ),
                "partnerStatus": a.enum(
                    ["CUSTOMER", "OPPORTUNITY", "PROSPECT"], "Only this column."
                ),
                "first": a.first(max_page_size),
                "after": a.AFTER,
                "asOf": a.AS_OF,
            },
            document=PARTNER_OVERLAP,
            operation="McpPartnerOverlap",
            root="partnerOverlap",
            summarize=_overlap_summary,
            variables=_own_partner,
            missing="No partner with that id in this workspace.",
        ),
        ToolSpec(
            name="best_partner",
            title="Best partner for an account",
            description=(
                "Which partner's contacts know an account's economic buyer best, against our own "
                "sellers' direct relationships: whether to ask a partner for the introduction, "
                "and which one. Our own team only."
            ),
            properties={"accountId": a.an_id("The account."), "asOf": a.AS_OF},
            required=("accountId",),
            document=BEST_PARTNER,
            operation="McpBestPartner",
            root="bestPartnerForAccount",
            summarize=_best_partner_summary,
            missing="No account with that id in this workspace.",
        ),
        ToolSpec(
            name="warm_introductions",
            title="Warm introductions through a partner",
            description=(
                "Warm introductions: accounts that are our prospect, target or open deal and the "
                "partner's customer, ranked by how well the partner's contacts know the economic "
                "buyer or a decision maker there, with the contact who can introduce us. A "
                "partner credential sees its own (routes only at the CONTACTS sharing level)."
            ),
            properties={
                "partnerId": _PARTNER_ID,
                "first": a.first(max_page_size),
                "after": a.AFTER,
                "asOf": a.AS_OF,
            },
            document=WARM_INTRODUCTIONS,
            operation="McpWarmIntroductions",
            root="warmIntroductions",
            summarize=_introductions_summary,
            variables=_own_partner,
            missing="No partner with that id in this workspace.",
        ),
    ]
