"""The write side of the API: batch upserts per section, whole bundles, and explicit endings and
deletes. Admins, members and integration keys may write; viewers and partners get FORBIDDEN.

A batch is all or nothing: one invalid row (or one reference to an id the workspace lacks)
rejects the whole batch with ``extensions.code`` INVALID_INPUT and ``extensions.errors`` listing
every problem as ``{section, row, field, reason, code}``; nothing is written.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from graph.ingest import lifecycle
from graph.ingest.bundle import ErrorCode, parse_bundle
from graph.ingest.upserts import upsert_bundle
from schema.core.context import Info
from schema.core.enums import OrganizationKind
from schema.core.errors import ApiError
from schema.core.permissions import require_write
from schema.ingest.enums import EntityKind
from schema.ingest.payloads import (
    DeleteEntityPayload,
    EndBuyingRolePayload,
    EndEmploymentPayload,
    UpsertPayload,
)
from schema.ingest.upsert_inputs import (
    AccountInput,
    BuyingRoleInput,
    ContextItemInput,
    EmploymentInput,
    OpportunityInput,
    PainPointInput,
    PartnerAccountInput,
    PartnerInput,
    PersonInput,
    RelationshipInput,
    ReportingLineInput,
    SellerInput,
    row_of,
)


class BatchTooLarge(ApiError):
    """More rows than one request may carry (the ``max_batch_rows`` setting)."""

    code = "BATCH_TOO_LARGE"


async def _load(info: Info, bundle: Any) -> UpsertPayload:
    workspace = require_write(info)
    maximum = info.context.limits.max_batch_rows
    parsed = parse_bundle(bundle, max_rows=maximum)
    errors = [e.as_dict() for e in parsed.errors]
    if any(e["code"] == ErrorCode.BATCH_TOO_LARGE for e in errors):
        raise BatchTooLarge(
            f"At most {maximum} rows per request; split the batch (re-sending rows is harmless).",
            extensions={"errors": errors, "max": maximum},
        )
    return UpsertPayload.of(await upsert_bundle(info.context.graph, workspace, parsed))


def _rows(description: str) -> Any:
    return strawberry.argument(description=description)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Create or update sellers (our team) by id.")
    async def upsert_sellers(
        self, info: Info, rows: Annotated[list[SellerInput], _rows("Sellers to upsert.")]
    ) -> UpsertPayload:
        return await _load(info, {"sellers": [row_of(r) for r in rows]})

    @strawberry.mutation(description="Create or update accounts by id.")
    async def upsert_accounts(
        self, info: Info, rows: Annotated[list[AccountInput], _rows("Accounts to upsert.")]
    ) -> UpsertPayload:
        return await _load(info, {"accounts": [row_of(r) for r in rows]})

    @strawberry.mutation(description="Create or update partner companies by id.")
    async def upsert_partners(
        self, info: Info, rows: Annotated[list[PartnerInput], _rows("Partners to upsert.")]
    ) -> UpsertPayload:
        return await _load(info, {"partners": [row_of(r) for r in rows]})

    @strawberry.mutation(
        description="Create or update partners' shared accounts by (partnerId, externalId)."
    )
    async def upsert_partner_accounts(
        self,
        info: Info,
        rows: Annotated[list[PartnerAccountInput], _rows("Shared accounts to upsert.")],
    ) -> UpsertPayload:
        return await _load(info, {"partnerAccounts": [row_of(r) for r in rows]})

    @strawberry.mutation(description="Create or update people by id.")
    async def upsert_people(
        self, info: Info, rows: Annotated[list[PersonInput], _rows("People to upsert.")]
    ) -> UpsertPayload:
        return await _load(info, {"people": [row_of(r) for r in rows]})

    @strawberry.mutation(description="Create or update employments (person at an organization).")
    async def upsert_employments(
        self, info: Info, rows: Annotated[list[EmploymentInput], _rows("Employments to upsert.")]
    ) -> UpsertPayload:
        return await _load(info, {"employments": [row_of(r) for r in rows]})

    @strawberry.mutation(description="Create or update reporting lines (person to manager).")
    async def upsert_reporting_lines(
        self,
        info: Info,
        rows: Annotated[list[ReportingLineInput], _rows("Reporting lines to upsert.")],
    ) -> UpsertPayload:
        return await _load(info, {"reportingLines": [row_of(r) for r in rows]})

    @strawberry.mutation(description="Create or update opportunities (deals) by id.")
    async def upsert_opportunities(
        self,
        info: Info,
        rows: Annotated[list[OpportunityInput], _rows("Opportunities to upsert.")],
    ) -> UpsertPayload:
        return await _load(info, {"opportunities": [row_of(r) for r in rows]})

    @strawberry.mutation(
        description="Create or update buying roles; custom roles join the workspace's list."
    )
    async def upsert_buying_roles(
        self, info: Info, rows: Annotated[list[BuyingRoleInput], _rows("Roles to upsert.")]
    ) -> UpsertPayload:
        return await _load(info, {"buyingRoles": [row_of(r) for r in rows]})

    @strawberry.mutation(description="Create or update KNOWS and INFLUENCES relationships.")
    async def upsert_relationships(
        self,
        info: Info,
        rows: Annotated[list[RelationshipInput], _rows("Relationships to upsert.")],
    ) -> UpsertPayload:
        return await _load(info, {"relationships": [row_of(r) for r in rows]})

    @strawberry.mutation(description="Create or update account context items by id.")
    async def upsert_context_items(
        self,
        info: Info,
        rows: Annotated[list[ContextItemInput], _rows("Context items to upsert.")],
    ) -> UpsertPayload:
        return await _load(info, {"contextItems": [row_of(r) for r in rows]})

    @strawberry.mutation(description="Create or update pain points by id.")
    async def upsert_pain_points(
        self, info: Info, rows: Annotated[list[PainPointInput], _rows("Pain points to upsert.")]
    ) -> UpsertPayload:
        return await _load(info, {"painPoints": [row_of(r) for r in rows]})

    @strawberry.mutation(
        description="Load a whole bundle (docs/IMPORT_FORMAT.md) in one transaction: every "
        "section, or nothing. Rows reference ids earlier in the bundle or already stored."
    )
    async def import_bundle(
        self,
        info: Info,
        bundle: Annotated[JSON, strawberry.argument(description="The bundle: {section: [row]}.")],
    ) -> UpsertPayload:
        return await _load(info, bundle)

    @strawberry.mutation(description="End a person's current employment at an organization.")
    async def end_employment(
        self,
        info: Info,
        person_id: Annotated[strawberry.ID, strawberry.argument(description="The person.")],
        organization_id: Annotated[
            strawberry.ID, strawberry.argument(description="The account or partner.")
        ],
        end_date: Annotated[
            date,
            strawberry.argument(
                description="The first day they no longer work there; the employment that "
                "holds on that day ends."
            ),
        ],
        organization_kind: Annotated[
            OrganizationKind, strawberry.argument(description="ACCOUNT or PARTNER.")
        ] = OrganizationKind.ACCOUNT,
    ) -> EndEmploymentPayload:
        workspace = require_write(info)
        ended = await lifecycle.end_employment(
            info.context.graph, workspace, person_id, organization_id, end_date, organization_kind
        )
        return EndEmploymentPayload.of(ended, organization_kind)

    @strawberry.mutation(description="End a buying role a person holds at an account.")
    async def end_buying_role(
        self,
        info: Info,
        person_id: Annotated[strawberry.ID, strawberry.argument(description="The holder.")],
        account_id: Annotated[strawberry.ID, strawberry.argument(description="The account.")],
        role: Annotated[
            str,
            strawberry.argument(
                description="A standard role or a custom role the workspace knows (a typo is "
                "INVALID_INPUT naming the nearest roles)."
            ),
        ],
        to_date: Annotated[
            date,
            strawberry.argument(
                description="The first day the role is no longer held; it must hold on that day."
            ),
        ],
        opportunity_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="The deal, for a deal-specific role."),
        ] = None,
    ) -> EndBuyingRolePayload:
        workspace = require_write(info)
        ended = await lifecycle.end_buying_role(
            info.context.graph, workspace, person_id, account_id, role, to_date, opportunity_id
        )
        return EndBuyingRolePayload.of(ended)

    @strawberry.mutation(
        description="Delete an entity with what it owns (a partner's shared accounts; an "
        "account's deals, context and pain points; a person's pain points); no relationship "
        "is left dangling. Deleting an id that is not there reports deleted: false."
    )
    async def delete_entity(
        self,
        info: Info,
        kind: Annotated[EntityKind, strawberry.argument(description="What kind of entity.")],
        id: Annotated[strawberry.ID, strawberry.argument(description="Its id.")],
    ) -> DeleteEntityPayload:
        workspace = require_write(info)
        return DeleteEntityPayload.of(
            await lifecycle.delete_entity(info.context.graph, workspace, kind, id)
        )
