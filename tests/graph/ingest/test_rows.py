"""Bundle validation without the graph: every row error's code and reason, and normal forms."""

from __future__ import annotations

from typing import Any

import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from graph.core.normalize import company_name_key, normalize_domain
from graph.ingest.bundle import ErrorCode, RowError, parse_bundle, validate_bundle
from graph.ingest.rows import AccountRow, EmploymentRow, OpportunityRow, SellerRow
from graph.ingest.values import normalize_email


def _only_error(section: str, row: dict[str, Any]) -> RowError:
    errors = validate_bundle({section: [row]})
    assert len(errors) == 1, errors
    return errors[0]


PERSON = {"id": "p1", "name": "Pat Doe"}


@pytest.mark.parametrize(
    ("section", "row", "field", "code", "reason"),
    [
        ("people", {"id": "p1"}, "name", "REQUIRED", "is required"),
        ("people", {"id": "p1", "name": "   "}, "name", "REQUIRED", "is required"),
        ("people", {"id": "", "name": "Pat"}, "id", "REQUIRED", "is required"),
        ("people", {"id": "x" * 129, "name": "Pat"}, "id", "TOO_LONG", "at most 128 characters"),
        ("people", {**PERSON, "name": "n" * 201}, "name", "TOO_LONG", "at most 200 characters"),
        (
            "people",
            {**PERSON, "roleSummary": "s" * 2001},
            "roleSummary",
            "TOO_LONG",
            "at most 2000 characters",
        ),
        ("people", {**PERSON, "email": "pat@"}, "email", "INVALID_EMAIL", "not a valid email"),
        (
            "people",
            {**PERSON, "linkedinUrl": "linkedin.com/in/pat"},
            "linkedinUrl",
            "INVALID_URL",
            "http(s) URL",
        ),
        (
            "people",
            {**PERSON, "photoUrl": "javascript:alert(1)"},
            "photoUrl",
            "INVALID_URL",
            "http(s) URL",
        ),
        ("people", {**PERSON, "seniority": "BOSS"}, "seniority", "INVALID_ENUM", "'C_LEVEL'"),
        ("people", {**PERSON, "shoeSize": 42}, "shoeSize", "UNKNOWN_FIELD", "not a field"),
        (
            "accounts",
            {"id": "a1", "name": "Acme", "domain": "localhost"},
            "domain",
            "INVALID_DOMAIN",
            "at least one dot",
        ),
        (
            "accounts",
            {"id": "a1", "name": "Acme", "website": "ftp://acme.com"},
            "website",
            "INVALID_DOMAIN",
            "only http and https",
        ),
        (
            "accounts",
            {"id": "a1", "name": "Acme", "employees": -3},
            "employees",
            "OUT_OF_RANGE",
            "greater than or equal to 0",
        ),
        (
            "accounts",
            {"id": "a1", "name": "Acme", "employees": "many"},
            "employees",
            "INVALID_NUMBER",
            "valid integer",
        ),
        (
            "accounts",
            {"id": "a1", "name": "Acme", "status": "FRIEND"},
            "status",
            "INVALID_ENUM",
            "'TARGET'",
        ),
        (
            "relationships",
            {"kind": "KNOWS", "fromId": "p1", "toId": "p2", "strength": 0},
            "strength",
            "OUT_OF_RANGE",
            "greater than 0",
        ),
        (
            "relationships",
            {"kind": "KNOWS", "fromId": "p1", "toId": "p2", "strength": 1.01},
            "strength",
            "OUT_OF_RANGE",
            "less than or equal to 1",
        ),
        (
            "relationships",
            {"kind": "INFLUENCES", "fromId": "s1", "fromKind": "SELLER", "toId": "p2",
             "strength": 0.5},
            "kind",
            "INVALID_KIND",
            "two people",
        ),
        (
            "relationships",
            {"kind": "KNOWS", "fromId": "p1", "toId": "p1", "strength": 0.5},
            "toId",
            "SELF_REFERENCE",
            "two different ends",
        ),
        (
            "relationships",
            {"kind": "KNOWS", "fromId": "p1", "toId": "p2", "strength": 0.5,
             "lastInteractionAt": "2024-05-01T10:00:00"},
            "lastInteractionAt",
            "INVALID_TIMESTAMP",
            "timezone",
        ),
        (
            "employments",
            {"personId": "p1", "organizationId": "a1", "startDate": "2024-05-01",
             "endDate": "2024-04-30"},
            "endDate",
            "END_BEFORE_START",
            "must not be before the start (2024-05-01)",
        ),
        (
            "employments",
            {"personId": "p1", "organizationId": "a1", "startDate": "2024-02-30"},
            "startDate",
            "INVALID_DATE",
            "valid date",
        ),
        (
            "reportingLines",
            {"personId": "p1", "managerId": "p1"},
            "managerId",
            "SELF_REFERENCE",
            "report to themselves",
        ),
        (
            "buyingRoles",
            {"personId": "p1", "accountId": "a1", "role": "Executive Sponsor"},
            "role",
            "INVALID_ROLE",
            "UPPER_SNAKE_CASE",
        ),
        (
            "buyingRoles",
            {"personId": "p1", "accountId": "a1", "role": "CHAMPION", "fromDate": "2024-06-01",
             "toDate": "2024-01-01"},
            "toDate",
            "END_BEFORE_START",
            "must not be before the start",
        ),
        (
            "opportunities",
            {"id": "o1", "accountId": "a1", "name": "Deal", "currency": "dollars"},
            "currency",
            "INVALID_CURRENCY",
            "ISO 4217",
        ),
        (
            "painPoints",
            {"id": "pp1", "text": "Too slow"},
            "accountId",
            "EXACTLY_ONE_OWNER",
            "exactly one of accountId and personId",
        ),
        (
            "painPoints",
            {"id": "pp1", "text": "Too slow", "accountId": "a1", "severity": 9},
            "severity",
            "OUT_OF_RANGE",
            "less than or equal to 5",
        ),
        (
            "contextItems",
            {"id": "c1", "accountId": "a1", "kind": "WISH", "text": "x"},
            "kind",
            "INVALID_ENUM",
            "'GOAL'",
        ),
    ],
)  # fmt: skip
def test_row_error_code_and_reason(
    section: str, row: dict[str, Any], field: str, code: str, reason: str
) -> None:
    """Each kind of invalid value is reported on its field with a stable code and a reason."""
    error = _only_error(section, row)
    assert (error.section, error.row, error.field, error.code) == (section, 0, field, code)
    assert reason in error.reason


def test_every_problem_of_a_bundle_is_reported_with_its_row_index() -> None:
    """Validation does not stop at the first problem: each bad row is named by its index."""
    errors = validate_bundle(
        {
            "people": [PERSON, {"id": "p2"}, {"id": "p3", "name": "Ok", "email": "bad"}],
            "accounts": [{"id": "a1", "name": "Acme", "employees": -1}],
        }
    )
    assert [(e.section, e.row, e.field, e.code) for e in errors] == [
        ("accounts", 0, "employees", "OUT_OF_RANGE"),
        ("people", 1, "name", "REQUIRED"),
        ("people", 2, "email", "INVALID_EMAIL"),
    ]


def test_duplicate_ids_in_one_section_are_rejected() -> None:
    """Two rows with one id in a section are a DUPLICATE_ID error on the second one."""
    errors = validate_bundle({"people": [PERSON, {"id": "p2", "name": "B"}, PERSON]})
    assert [(e.row, e.field, e.code) for e in errors] == [(2, "id", "DUPLICATE_ID")]
    assert "index 0" in errors[0].reason


def test_symmetric_knows_in_both_directions_is_a_duplicate() -> None:
    """KNOWS is stored once, so a->b and b->a in one batch are the same row twice."""
    rows = [
        {"kind": "KNOWS", "fromId": "a", "toId": "b", "strength": 0.5},
        {"kind": "KNOWS", "fromId": "b", "toId": "a", "strength": 0.7},
        {"kind": "INFLUENCES", "fromId": "b", "toId": "a", "strength": 0.7},
    ]
    errors = validate_bundle({"relationships": rows})
    assert [(e.row, e.code) for e in errors] == [(1, "DUPLICATE_ID")]


def test_bundle_shape_errors() -> None:
    """An unknown section, a section that is not a list and a row that is not an object."""
    errors = validate_bundle({"contacts": [], "people": {"id": "p1"}, "accounts": ["Acme"]})
    assert [(e.section, e.row, e.code) for e in errors] == [
        ("contacts", None, "UNKNOWN_SECTION"),
        ("people", None, "INVALID_TYPE"),
        ("accounts", 0, "INVALID_TYPE"),
    ]
    assert validate_bundle([1, 2])[0].code == ErrorCode.INVALID_TYPE


def test_batch_too_large_is_reported_once_for_the_whole_bundle() -> None:
    """Over the row limit, the bundle is refused as a whole before any row is checked."""
    errors = validate_bundle({"people": [PERSON] * 3, "accounts": [{}] * 2}, max_rows=4)
    assert [(e.section, e.row, e.code) for e in errors] == [(None, None, "BATCH_TOO_LARGE")]
    assert "5 rows" in errors[0].reason
    assert "4" in errors[0].reason


def test_references_within_the_bundle_are_resolved_before_the_graph() -> None:
    """Only ids missing from the bundle's own earlier sections are left for the graph."""
    parsed = parse_bundle(
        {
            "accounts": [{"id": "a1", "name": "Acme"}],
            "people": [PERSON],
            "employments": [
                {"personId": "p1", "organizationId": "a1"},
                {"personId": "p9", "organizationId": "a1"},
            ],
        }
    )
    pending = [
        (p.section, p.row, p.reference.field, p.reference.id) for p in parsed.pending_references()
    ]
    assert pending == [("employments", 1, "personId", "p9")]


def test_account_row_normalizes_website_and_name_key() -> None:
    """A website becomes a bare punycode domain, and the name key drops the legal form."""
    row = AccountRow.model_validate(
        {"id": "a1", "name": "Bücher GmbH", "website": "https://www.Bücher.de:8443/shop?x=1"}
    )
    props = row.props()
    assert props["domain"] == "xn--bcher-kva.de"
    assert props["nameKey"] == "bucher"
    assert "website" not in props


def test_given_fields_only_are_written_and_defaults_wait_for_creation() -> None:
    """A row writes the fields it gives (null clears) and keeps defaults for new entities."""
    row = SellerRow.model_validate({"id": "s1", "name": "Sam", "title": None})
    assert row.props() == {"name": "Sam", "title": None}
    assert row.defaults() == {"role": "REP"}


def test_csv_style_cells_are_read() -> None:
    """Blank cells are absent for required fields, lists split on ';', numbers parse."""
    row = OpportunityRow.model_validate(
        {"id": "o1", "accountId": "a1", "name": "Deal", "amount": "1200.50", "personIds": "p1; p2;",
         "stage": "", "state": ""}
    )  # fmt: skip
    assert row.person_ids == ["p1", "p2"]
    assert row.amount == 1200.5
    assert row.props()["stage"] is None
    assert row.defaults() == {"state": "OPEN"}


def test_employment_default_id() -> None:
    """An employment without an id gets <personId>@<organizationId>#<startDate>."""
    row = EmploymentRow.model_validate(
        {"personId": "p1", "organizationId": "a1", "startDate": "2021-03-01"}
    )
    assert row.employment_id == "p1@a1#2021-03-01"
    assert EmploymentRow.model_validate(
        {"personId": "p1", "organizationId": "a1"}
    ).employment_id == ("p1@a1#")


@pytest.mark.parametrize(
    ("raw", "domain"),
    [
        ("Acme.COM", "acme.com"),
        ("https://www.acme.com/about", "acme.com"),
        ("http://user@shop.acme.co.uk:8080/x#y", "shop.acme.co.uk"),
        ("//www.example.org", "example.org"),
        ("münchen.de", "xn--mnchen-3ya.de"),
        ("acme.com.", "acme.com"),
    ],
)
def test_normalize_domain(raw: str, domain: str) -> None:
    """Domains lose scheme, www., port, path and case, and IDNs become punycode."""
    assert normalize_domain(raw) == domain


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Acme, Inc.", "acme"),
        ("ACME Corp", "acme"),
        ("Acme Ltd.", "acme"),
        ("Société Générale S.A.", "societe generale"),
        ("Müller & Co. KG", "muller"),
        ("Procter & Gamble Co", "procter and gamble"),
        ("Limited", "limited"),
    ],
)
def test_company_name_key(name: str, key: str) -> None:
    """Company names match across spelling, accents, punctuation and legal form."""
    assert company_name_key(name) == key


def _email_validator_answer(value: str) -> str:
    """email_validator's own verdict, whole: the normalized address or the error's reason."""
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as error:
        return f"not a valid email address: {error}"


def _our_answer(value: str) -> str:
    try:
        return normalize_email(value)
    except PydanticCustomError as error:
        return str(error)


_EMAIL_PARTS = st.sampled_from(
    ["a", "Z", "0", ".", "..", "-", "_", "+", "'", "@", " ", '"', "é", "x" * 60, "ß", "(", ","]
)
_DOMAINS = st.sampled_from(
    [
        "example.com",
        "Acme-Corp.IO",
        "sub.acme.co.uk",
        "xn--bcher-kva.de",
        "bücher.de",
        "localhost",
        "x.test",
        "-bad.com",
        "bad-.com",
        "ab--cd.com",
        "1.2.3.4",
        "[127.0.0.1]",
        "a..b.com",
        "com",
        "x" * 64 + ".com",
        ("y" * 60 + ".") * 4 + "com",
        "",
    ]
)


@settings(max_examples=400, deadline=None)
@given(local=st.lists(_EMAIL_PARTS, max_size=6).map("".join), domain=_DOMAINS)
def test_email_fast_path_answers_as_email_validator(local: str, domain: str) -> None:
    """Addresses checked part by part get email_validator's own normal form or error."""
    value = f"{local}@{domain}"
    assert _our_answer(value) == _email_validator_answer(value)
