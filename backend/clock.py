"""The one clock of the services: every "now" and "today" comes from here, so that tests (and
a demo) can stand at a chosen moment instead of breaking when real dates pass.

`PARCOURS_NOW` (ISO 8601, e.g. 2027-01-20T09:00:00+00:00) fixes it for a whole process,
such as a server a test starts; `set_now` fixes it inside one process.
"""

from __future__ import annotations

import datetime as dt
import os

_fixed: dt.datetime | None = None


def set_now(moment: dt.datetime | None) -> None:
    """Stand at `moment` (timezone-aware) from now on; None returns to the real time."""
    global _fixed
    _fixed = moment


def now() -> dt.datetime:
    """The current time, in UTC."""
    if _fixed is not None:
        return _fixed
    if fixed := os.environ.get("PARCOURS_NOW"):
        return dt.datetime.fromisoformat(fixed).astimezone(dt.UTC)
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """Today's date, in UTC."""
    return now().date()
