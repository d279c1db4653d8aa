"""The values a bundle row may hold: ids, names, texts, emails, URLs, domains, currencies, role
names, strengths and lists, each a pydantic type with its own check and error code, plus the
``Reference`` a row makes to another entity."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from graph.core.model import Label
from graph.core.normalize import InvalidDomain, normalize_domain

MAX_ID = 128
MAX_NAME = 200
MAX_TEXT = 2000
MAX_URL = 2000
LIST_SEPARATOR = ";"

_CUSTOM_ROLE = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


# email_validator's own dot-atom rule for an ASCII local part (RFC 5322 3.2.3).
_ATEXT = r"a-zA-Z0-9_!#$%&'*+\-/=?^`{|}~"
_DOT_ATOM = re.compile(f"[{_ATEXT}]+(?:\\.[{_ATEXT}]+)*")
_MAX_LOCAL = 64
_MAX_EMAIL = 254


@lru_cache(maxsize=4096)
def _email_domain(domain: str) -> str | None:
    """The normalized domain of an address at ``domain``, or None when it is not valid.

    Checking the domain (IDNA, special-use names, label rules) is most of email_validator's
    cost, and the people of one company share one domain, so it is asked once per domain.
    """
    try:
        return validate_email(f"x@{domain}", check_deliverability=False).domain
    except EmailNotValidError:
        return None


def normalize_email(value: str) -> str:
    """A valid address as email_validator normalizes it; INVALID_EMAIL (a row error) if not."""
    local, _, domain = value.rpartition("@")
    # The common case: a plain ASCII address, checked part by part with email_validator's rules
    # and normalized as it does (the local part kept, the domain normalized). Anything else,
    # and every invalid address, goes through email_validator whole for its exact answer.
    if (
        len(value) <= _MAX_EMAIL
        and len(local) <= _MAX_LOCAL
        and value.isascii()
        and _DOT_ATOM.fullmatch(local)
        and (normalized := _email_domain(domain)) is not None
    ):
        return f"{local}@{normalized}"
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise PydanticCustomError(
            "INVALID_EMAIL", "not a valid email address: {detail}", {"detail": str(error)}
        ) from None


def _url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise PydanticCustomError("INVALID_URL", "must be an http(s) URL with a host name")
    if len(value) > MAX_URL:
        raise PydanticCustomError("TOO_LONG", "must be at most {max} characters", {"max": MAX_URL})
    return value


def _domain(value: str) -> str:
    try:
        return normalize_domain(value)
    except InvalidDomain as error:
        raise PydanticCustomError(
            "INVALID_DOMAIN", "not a usable domain: {detail}", {"detail": str(error)}
        ) from None


def _currency(value: str) -> str:
    upper = value.upper()
    if not _CURRENCY.match(upper):
        raise PydanticCustomError("INVALID_CURRENCY", "must be an ISO 4217 code of 3 letters")
    return upper


def _role(value: str) -> str:
    if len(value) > 64 or not _CUSTOM_ROLE.match(value):
        raise PydanticCustomError(
            "INVALID_ROLE",
            "must be a standard buying role or a custom one in UPPER_SNAKE_CASE (at most 64)",
        )
    return value


def _within_calendar(value: datetime) -> datetime:
    """A moment whose UTC form is a real day (years 1 to 9999): Neo4j would store one beyond,
    but no driver could read it back."""
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise PydanticCustomError(
            "INVALID_TIMESTAMP", "must fall between the years 1 and 9999 in UTC"
        ) from None
    return value


def _split_list(value: Any) -> Any:
    """CSV cells carry lists as ``a;b;c``."""
    if isinstance(value, str):
        return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]
    return value


Id = Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME)]
Short = Annotated[str, StringConstraints(max_length=MAX_NAME)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]
LongText = Annotated[str, StringConstraints(max_length=MAX_TEXT)]
Email = Annotated[str, StringConstraints(max_length=254), AfterValidator(normalize_email)]
Url = Annotated[str, AfterValidator(_url)]
Domain = Annotated[str, StringConstraints(max_length=MAX_URL), AfterValidator(_domain)]
Currency = Annotated[str, AfterValidator(_currency)]
RoleName = Annotated[str, AfterValidator(_role)]
Strength = Annotated[float, Field(gt=0, le=1)]
Moment = Annotated[AwareDatetime, AfterValidator(_within_calendar)]
NameList = Annotated[list[Name], BeforeValidator(_split_list), Field(max_length=100)]
IdList = Annotated[list[Id], BeforeValidator(_split_list), Field(max_length=1000)]


@dataclass(frozen=True)
class Reference:
    """One id a row points at: the field it sits in, and the label it must carry."""

    field: str
    label: Label
    id: str


def end_not_before_start(start: date | None, end: date | None, field: str) -> None:
    if start is not None and end is not None and end < start:
        raise PydanticCustomError(
            "END_BEFORE_START",
            "must not be before the start ({start})",
            {"start": str(start), "field": field},
        )
