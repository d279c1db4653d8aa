"""Normal forms for the values records are matched on: web domains and company names.

Imports, partner matching and overlap all compare accounts by these keys, so they live here, with
no dependency on the rest of the graph layer but its error kinds.
"""

from __future__ import annotations

import re
import unicodedata

import idna

from graph.core.errors import InvalidInput

_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_PORT = re.compile(r":\d*$")

# Legal-form words dropped from the end of a company name ("Acme, Inc." and "ACME GmbH" are one
# company). Only trailing words go: "Co" inside "Coca Co Brands" is part of the name.
LEGAL_SUFFIXES = frozenset(
    {
        "ab", "ag", "as", "bv", "co", "company", "corp", "corporation", "gmbh", "inc",
        "incorporated", "kg", "kk", "limited", "llc", "llp", "lp", "ltd", "nv", "oy", "plc",
        "pty", "sa", "sarl", "sas", "spa", "srl",
    }
)  # fmt: skip


class InvalidDomain(InvalidInput):
    """A value that cannot be read as a web domain; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="domain")


def normalize_domain(value: str) -> str:
    """The bare lowercase host of a domain or website, in punycode.

    ``https://www.Acme.com:443/about?x=1`` becomes ``acme.com``; ``bücher.de`` becomes
    ``xn--bcher-kva.de``. Raises ``InvalidDomain`` for anything that is not a host name.
    """
    text = value.strip()
    if "://" in text:
        scheme, text = text.split("://", 1)
        if scheme.lower() not in ("http", "https"):
            raise InvalidDomain(f"only http and https websites are accepted, not {scheme!r}")
    elif text.startswith("//"):
        text = text[2:]
    host = re.split(r"[/?#]", text, maxsplit=1)[0]
    host = host.rsplit("@", 1)[-1]
    host = _PORT.sub("", host).rstrip(".").lower()
    if host.startswith("www."):
        host = host[4:]
    if not host:
        raise InvalidDomain("no host name in it")
    try:
        ascii_host = idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError as error:
        raise InvalidDomain(f"not a valid host name ({error})") from None
    labels = ascii_host.split(".")
    if len(labels) < 2:
        raise InvalidDomain("a domain needs at least one dot (e.g. acme.com)")
    if len(ascii_host) > 253 or not all(_LABEL.match(label) for label in labels):
        raise InvalidDomain("not a valid host name")
    if labels[-1].isdigit():
        raise InvalidDomain("an IP address is not a domain")
    return ascii_host


def company_name_key(name: str) -> str:
    """A company name reduced for matching: accents, case, punctuation and legal form removed.

    ``"Société Générale S.A."`` and ``"societe generale"`` share the key ``"societe generale"``;
    ``"Acme, Inc."`` and ``"ACME Corp"`` share ``"acme"``. A name made only of a legal form keeps
    it, so the key is never empty for a non-empty name.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ").replace(".", "").replace("'", "").replace("\u2019", "")
    words = re.sub(r"[\W_]+", " ", text).split()
    # "& Co." leaves a dangling "and" once "co" is gone.
    while len(words) > 1 and (words[-1] in LEGAL_SUFFIXES or words[-1] == "and"):
        words.pop()
    return " ".join(words)
