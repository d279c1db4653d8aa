"""Arguments shared by the selling fields, each with its description once."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from graph.core.credentials import Role
from schema.core.context import Info
from schema.core.errors import Forbidden, InvalidInput

AsOf = Annotated[
    date | None,
    strawberry.argument(
        description="The day to judge on (who works there, holds a role, is "
        "engaged); default today."
    ),
]
AccountId = Annotated[strawberry.ID, strawberry.argument(description="The account's id.")]
MinConfidence = Annotated[
    float,
    strawberry.argument(description="Count only suggestions at least this confident, 0..1."),
]
ModelVersion = Annotated[
    int | None,
    strawberry.argument(description="Score with this scoring model version; default the latest."),
]
CoolDownDays = Annotated[
    int,
    strawberry.argument(
        description="Days after a purchase during which upselling waits (adoption first), 0..3650."
    ),
]


def day_of(as_of: date | None) -> date:
    """The day a query judges on: ``asOf``, else today (computed once per field)."""
    return as_of or date.today()


def checked_confidence(value: float) -> float:
    """``minConfidence`` checked to lie in 0..1."""
    if not 0.0 <= value <= 1.0:
        raise InvalidInput("'minConfidence' must be between 0 and 1.", field="minConfidence")
    return value


def checked_cool_down(days: int) -> int:
    """``coolDownDays`` checked to lie in 0..3650."""
    if not 0 <= days <= 3650:
        raise InvalidInput("'coolDownDays' must be between 0 and 3650.", field="coolDownDays")
    return days


def require_model_editor(info: Info) -> str:
    """The caller's workspace, if the caller is an admin or a member: the models that steer
    sales (scoring, personas) are agreed by people, not set by integration scripts."""
    principal = info.context.principal
    if principal.role not in (Role.ADMIN, Role.MEMBER):
        raise Forbidden(f"The {principal.role.value} role cannot change the workspace's models.")
    return principal.workspace
