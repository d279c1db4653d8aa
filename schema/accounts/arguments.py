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
First = Annotated[
    int,
    strawberry.argument(description="How many items per page (1 to the configured maximum)."),
]
After = Annotated[
    str | None,
    strawberry.argument(description="Start after this cursor (a previous page's endCursor)."),
]
ItemId = Annotated[strawberry.ID, strawberry.argument(description="The workspace's own id.")]
