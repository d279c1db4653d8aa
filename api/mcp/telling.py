"""Small phrases the tools' one-paragraph summaries are made of."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def who(person: Mapping[str, Any] | None) -> str:
    """A person's or seller's name, or what stands for one that may not be shown."""
    if not person:
        return "someone"
    if person.get("name"):
        return str(person["name"])
    if person.get("id") == "our-team":
        return "our team"
    return "a hidden contact"


def listed(items: Iterable[str], *, empty: str = "none") -> str:
    """``a, b and c``."""
    words = [item for item in items if item]
    if not words:
        return empty
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


def path_text(path: Mapping[str, Any]) -> str:
    """``Dana -> Maya -> Oren (warmth 0.51, 2 hops)``, or its warmth alone when it is hidden."""
    hops = path.get("hops") or []
    warmth = f"warmth {path.get('warmth', 0):.2f}, {path.get('hopCount', len(hops))} hops"
    if not hops:
        return f"a path hidden by the sharing level ({warmth})"
    chain = [who(hops[0].get("from"))] + [who(hop.get("to")) for hop in hops]
    hidden = ", partly hidden" if path.get("hidden") else ""
    return f"{' -> '.join(chain)} ({warmth}{hidden})"


def share(value: float | None) -> str:
    """0.55 as ``55%``."""
    return "n/a" if value is None else f"{round(value * 100)}%"


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 account``, ``3 accounts``."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def clause(text: str | None) -> str:
    """A sentence of the data used inside ours: without its closing period."""
    return (text or "").strip().rstrip(".")


def role_words(role: str) -> str:
    """ECONOMIC_BUYER as ``economic buyer``."""
    return role.lower().replace("_", " ")
