"""The sections of an import bundle (docs/IMPORT_FORMAT.md) and their row models, in load order.

The row models live by concept: ``row_base`` (what every row shares: patches, keys, references),
``values`` (the checked field types), ``entity_rows`` (nodes) and ``link_rows`` (relationships).
"""

from __future__ import annotations

from graph.core.model import Label
from graph.ingest.entity_rows import (
    AccountRow,
    ContextItemRow,
    OpportunityRow,
    PainPointRow,
    PartnerAccountRow,
    PartnerRow,
    PersonRow,
    SellerRow,
)
from graph.ingest.link_rows import (
    BuyingRoleRow,
    EmploymentRow,
    RelationshipKind,
    RelationshipRow,
    ReportingLineRow,
)
from graph.ingest.row_base import Row
from graph.ingest.values import LIST_SEPARATOR, MAX_ID, MAX_NAME, MAX_TEXT, MAX_URL, Reference

__all__ = [
    "LIST_SEPARATOR",
    "MAX_ID",
    "MAX_NAME",
    "MAX_TEXT",
    "MAX_URL",
    "SECTIONS",
    "SECTION_OF_LABEL",
    "AccountRow",
    "BuyingRoleRow",
    "ContextItemRow",
    "EmploymentRow",
    "OpportunityRow",
    "PainPointRow",
    "PartnerAccountRow",
    "PartnerRow",
    "PersonRow",
    "Reference",
    "RelationshipKind",
    "RelationshipRow",
    "ReportingLineRow",
    "Row",
    "SellerRow",
]

#: The bundle's sections in load order: references always point to an earlier section.
SECTIONS: dict[str, type[Row]] = {
    "sellers": SellerRow,
    "accounts": AccountRow,
    "partners": PartnerRow,
    "partnerAccounts": PartnerAccountRow,
    "people": PersonRow,
    "employments": EmploymentRow,
    "reportingLines": ReportingLineRow,
    "opportunities": OpportunityRow,
    "buyingRoles": BuyingRoleRow,
    "relationships": RelationshipRow,
    "contextItems": ContextItemRow,
    "painPoints": PainPointRow,
}

#: Which section's ids a label's references are satisfied by, within a bundle.
SECTION_OF_LABEL: dict[Label, str] = {
    Label.SELLER: "sellers",
    Label.ACCOUNT: "accounts",
    Label.PARTNER: "partners",
    Label.PERSON: "people",
    Label.OPPORTUNITY: "opportunities",
}
