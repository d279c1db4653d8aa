"""The arguments every list and day-dependent field of the accounts domain shares, described once."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

AsOf = Annotated[
    date | None,
    strawberry.argument(
        description="The day to answer for (people employed, roles held and reporting lines "
        "then); default: the parent's day, or today at the root."
    ),
]
ItemId = Annotated[strawberry.ID, strawberry.argument(description="The workspace's own id.")]
