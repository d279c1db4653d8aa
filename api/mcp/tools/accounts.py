"""The account map."""

from __future__ import annotations

from typing import Any

from api.mcp import arguments as a
from api.mcp.telling import listed, plural, role_words
from api.mcp.tool import Answer, ToolSpec

ACCOUNT_MAP = """
query McpAccountMap($accountId: ID!, $asOf: Date, $first: Int! = 50, $after: String) {
  account(id: $accountId, asOf: $asOf) {
    id name domain industry employees country status tier
    owner { id name }
    people(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          person { id name seniority }
          title department
          manager { id name }
          roles { role stance }
          knownBy { name kind partnerName strength }
        }
      }
    }
    former: people(where: { current: false }, first: 20) {
      edges { node { person { id name } title endDate } }
    }
    opportunities(where: { state: OPEN }) {
      edges { node { id name stage amount currency closeDate owner { name } } }
    }
    coverage { stakeholdersMapped rolesCovered rolesMissing }
  }
}
"""


def _summary(account: Answer) -> str:
    people = account.get("people", {})
    items: list[dict[str, Any]] = people.get("items", [])
    role_holders = [
        f"{p['person'].get('name')} ({listed(role_words(r['role']) for r in p['roles'])})"
        for p in items
        if p.get("roles")
    ]
    unknown = [p["person"].get("name") for p in items if not p.get("knownBy")]
    former = account.get("former", [])
    deals = account.get("opportunities", [])
    coverage = account.get("coverage", {})
    owner = account.get("owner", {}).get("name", "nobody")
    parts = [
        f"{account['name']} ({account.get('status', '').lower()}, owned by {owner}) has "
        f"{plural(people.get('totalCount', len(items)), 'person', 'people')} on the map.",
        f"Buying roles{' on this page' if people.get('nextCursor') else ''}: {listed(role_holders)}.",
        f"Known by nobody on our side or at a partner: {listed(unknown)}."
        if unknown
        else "Everyone on the map is known by someone on our side or at a partner.",
    ]
    if former:
        parts.append(f"Left: {listed(f['person'].get('name') for f in former)}.")
    parts.append(
        f"Open deals: {listed(d['name'] + (' (' + d['stage'] + ')' if d.get('stage') else '') for d in deals)}."
    )
    if coverage.get("rolesMissing"):
        parts.append(
            f"Roles not covered: {listed(role_words(r) for r in coverage['rolesMissing'])}."
        )
    if people.get("nextCursor"):
        parts.append("More people: pass nextCursor as after.")
    return " ".join(parts)


def tools(max_page_size: int) -> list[ToolSpec]:
    """The account-map tools."""
    return [
        ToolSpec(
            name="account_map",
            title="Account map",
            description=(
                "The account map of one target account: the people working there on the day "
                "(title, department, manager, seniority), their buying roles and stance "
                "(economic buyer, champion, blocker ...), who on our team or at a partner knows "
                "them and how well, who has left, the open deals and which buying roles are "
                "covered or missing. Our own team only."
            ),
            properties={
                "accountId": a.an_id("The account's id (acc-...)."),
                "asOf": a.AS_OF,
                "first": a.first(max_page_size, default=50),
                "after": a.AFTER,
            },
            required=("accountId",),
            document=ACCOUNT_MAP,
            operation="McpAccountMap",
            root="account",
            summarize=_summary,
            missing="No account with that id in this workspace.",
        )
    ]
