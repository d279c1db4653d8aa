"""Asking for an introduction: written ahead of the ``requestIntroduction`` mutation.

The tool is offered only once the schema has ``Mutation.requestIntroduction`` (``needs_field``)
and its document validates against the schema; until then the server leaves it out. When the
mutation lands, check ``REQUEST_INTRODUCTION``'s input and selection against it
(``tests/api/test_mcp_http.py`` fails while the mutation exists and the tool is not offered).
"""

from __future__ import annotations

from api.mcp import arguments as a
from api.mcp.telling import who
from api.mcp.tool import Answer, ToolSpec

REQUEST_INTRODUCTION = """
mutation McpRequestIntroduction(
  $targetId: ID!, $introducerId: ID!, $path: [ID!], $note: String, $clientKey: String!
) {
  requestIntroduction(
    input: {
      targetId: $targetId, introducerId: $introducerId, path: $path, note: $note,
      clientKey: $clientKey
    }
  ) {
    request { id state target { id name } introducer { id name } }
  }
}
"""


def _summary(answer: Answer) -> str:
    request = answer.get("request", {})
    return (
        f"Introduction to {who(request.get('target'))} through {who(request.get('introducer'))} "
        f"requested (request {request.get('id')}, state {request.get('state')}). Sending the same "
        "clientKey again changes nothing."
    )


def tools(_max_page_size: int) -> list[ToolSpec]:
    """The intro-request tool (offered once the schema has the mutation)."""
    return [
        ToolSpec(
            name="request_introduction",
            title="Request an introduction",
            description=(
                "Ask for a warm introduction: name the person to reach (the target), who should "
                "introduce us (a colleague, a contact, or a partner's contact), the path it came "
                "from (the ids along a warmest path) and a note. Idempotent by clientKey: the "
                "same key never makes a second request."
            ),
            properties={
                "targetId": a.an_id("The person to be introduced to."),
                "introducerId": a.an_id(
                    "Who introduces us: a seller, a contact or a partner's contact."
                ),
                "path": {
                    "type": "array",
                    "items": a.an_id("A person's or seller's id."),
                    "description": "The ids along the path the introduction follows.",
                },
                "note": {
                    "type": "string",
                    "maxLength": 2000,
                    "description": "A note for the introducer.",
                },
                "clientKey": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 128,
                    "description": "Your idempotency key for this request.",
                },
            },
            required=("targetId", "introducerId", "clientKey"),
            document=REQUEST_INTRODUCTION,
            operation="McpRequestIntroduction",
            root="requestIntroduction",
            summarize=_summary,
            read_only=False,
            needs_field="Mutation.requestIntroduction",
        )
    ]
