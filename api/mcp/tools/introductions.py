"""Asking for an introduction: written ahead of the ``requestIntroduction`` mutation.

The tool is offered only once the schema has ``Mutation.requestIntroduction`` (``needs_field``)
and its document validates against the schema; until then the server leaves it out. It follows
the mutation as the intro-requests work defines it (key, accountId, targetId, introducerId,
requesterId, introducerKind, path of warmestPaths hops, note); tests/api/test_mcp_http.py fails
while the mutation exists and the tool is not offered, and runs the tool end to end once it is.
"""

from __future__ import annotations

from api.mcp import arguments as a
from api.mcp.telling import who
from api.mcp.tool import Answer, ToolSpec

REQUEST_INTRODUCTION = """
mutation McpRequestIntroduction(
  $key: String!, $accountId: ID!, $targetId: ID!, $introducerId: ID!, $requesterId: ID!,
  $introducerKind: HumanKind! = PERSON, $path: [IntroPathStepInput!], $note: String
) {
  requestIntroduction(
    key: $key, accountId: $accountId, targetId: $targetId, introducerId: $introducerId,
    requesterId: $requesterId, introducerKind: $introducerKind, path: $path, note: $note
  ) {
    replayed
    request {
      id state accountId accountName note requestedAt partnerId partnerName
      target { id name title }
      introducer { id kind name }
      requester { id name }
    }
  }
}
"""

_KIND = a.enum(["PERSON", "SELLER"], "PERSON (a contact, ours or a partner's) or SELLER.")

_STEP = {
    "type": "object",
    "description": "One hop of a warmest_paths answer: from.id, from.kind, to.id, to.kind, "
    "relationship, strength.",
    "properties": {
        "fromId": a.an_id("The hop's from.id."),
        "fromKind": _KIND,
        "toId": a.an_id("The hop's to.id."),
        "toKind": _KIND,
        "relationship": a.enum(["KNOWS", "REPORTS_TO", "INFLUENCES"], "The hop's relationship."),
        "strength": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
    },
    "required": ["fromId", "fromKind", "toId", "toKind", "relationship", "strength"],
    "additionalProperties": False,
}


def _summary(answer: Answer) -> str:
    request = answer.get("request", {})
    text = (
        f"Introduction to {who(request.get('target'))} at {request.get('accountName')} through "
        f"{who(request.get('introducer'))}"
        + (f" ({request['partnerName']})" if request.get("partnerName") else "")
        + f", asked by {who(request.get('requester'))}: request {request.get('id')}, "
        f"{request.get('state')}."
    )
    if answer.get("replayed"):
        text += " This key was used before with the same content: nothing new was written."
    return text


def tools(_max_page_size: int) -> list[ToolSpec]:
    """The intro-request tool (offered once the schema has the mutation)."""
    return [
        ToolSpec(
            name="request_introduction",
            title="Request an introduction",
            description=(
                "Ask for a warm introduction to a person at an account (the target): through a "
                "colleague (introducerKind SELLER), a contact, or a partner's contact, asked by "
                "one of our sellers (requesterId), optionally along the warmest_paths hops it "
                "came from, with a note. Creates a REQUESTED intro request. Idempotent by key: "
                "the same key and content replays the first answer."
            ),
            properties={
                "key": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 200,
                    "description": "Your idempotency key for this request.",
                },
                "accountId": a.an_id("The account the target works at."),
                "targetId": a.an_id("The person to be introduced to."),
                "introducerId": a.an_id("Who is asked to introduce us."),
                "requesterId": a.an_id("The seller asking (one of ours)."),
                "introducerKind": {**_KIND, "default": "PERSON"},
                "path": {
                    "type": "array",
                    "items": _STEP,
                    "description": "The warmest_paths hops, ending with the introducer "
                    "introducing the target.",
                },
                "note": {
                    "type": "string",
                    "maxLength": 2000,
                    "description": "A note for the introducer.",
                },
            },
            required=("key", "accountId", "targetId", "introducerId", "requesterId"),
            document=REQUEST_INTRODUCTION,
            operation="McpRequestIntroduction",
            root="requestIntroduction",
            summarize=_summary,
            read_only=False,
            needs_field="Mutation.requestIntroduction",
        )
    ]
