"""Single-threaded risk: which deals hang on one thread, why, and whom to engage next.

An *engaged contact* is the one rule of ``graph.reach.engagement`` (employed there on the day,
a KNOWS to one of our sellers of strength >= ``min_strength``, last interaction within
``stale_after_days``). The flags (each exact):

- NO_ENGAGED_CONTACT: nobody is engaged. SINGLE_THREADED: exactly one engaged contact.
- SINGLE_SELLER: every engaged relationship is held by the same seller.
- SINGLE_DEPARTMENT: two or more engaged contacts, all in the same (known) department.
- ECONOMIC_BUYER_UNKNOWN: nobody employed there holds the economic buyer role on the day.
- ECONOMIC_BUYER_UNENGAGED: an economic buyer is mapped but none of them is engaged.
- NO_CHAMPION: nobody employed there holds the champion role on the day.
- CHAMPION_WITHOUT_ACCESS: no champion reaches an economic buyer within ``champion_hops`` (2)
  hops of KNOWS or REPORTS_TO through people (a champion who is the economic buyer has access).
- SINGLE_POINT_OF_FAILURE: someone (theirs or ours) lies on every path of at most ``max_hops``
  from our team to the economic buyers (paths walked as in ``graph.reach.paths``; their removal
  leaves no such path). Named.
- CONTACT_LEFT: someone who was an engaged contact or held a buying role there (on their last
  day) left within ``lookback_days``; named, with the organization they work for now when we
  track it.

The score is the sum of the weights of the raised flags, capped at 100; the weights are
configurable (``RiskSettings.weights``) and default to ``DEFAULT_WEIGHTS``. Nothing here writes:
the what-if computes the same answer as if a person or seller were gone from the map.

The modules, one concept each: ``model`` (flags, settings, answers), ``facts`` (the one
statement per batch of accounts), ``access`` (the walks behind single points of failure and
champion access), ``flags`` (flags and score), ``suggestions``, ``assessment`` (one account,
assembled), ``what_if`` and ``portfolio``.
"""

from graph.reach.engagement import EngagedContact
from graph.reach.risk.assessment import assess_account_risk, assess_accounts_risk
from graph.reach.risk.model import (
    DEFAULT_WEIGHTS,
    SUGGESTION_WEIGHTS,
    AccountRisk,
    Departure,
    RaisedFlag,
    RiskFlag,
    RiskSettings,
    Someone,
    Suggestion,
    SuggestionReason,
    WhatIf,
    risk_weights,
)
from graph.reach.risk.portfolio import (
    PortfolioRiskWhere,
    load_portfolio_account_ids,
    scan_portfolio_risk,
)
from graph.reach.risk.what_if import what_if_leaves

__all__ = [
    "DEFAULT_WEIGHTS",
    "SUGGESTION_WEIGHTS",
    "AccountRisk",
    "Departure",
    "EngagedContact",
    "PortfolioRiskWhere",
    "RaisedFlag",
    "RiskFlag",
    "RiskSettings",
    "Someone",
    "Suggestion",
    "SuggestionReason",
    "WhatIf",
    "assess_account_risk",
    "assess_accounts_risk",
    "load_portfolio_account_ids",
    "risk_weights",
    "scan_portfolio_risk",
    "what_if_leaves",
]
