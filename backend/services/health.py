"""Whether the database answers, for the health check."""

from __future__ import annotations

from backend.db.engine import check_engine, current_engine


async def database_answers() -> bool:
    """True when a trivial query comes back; any failure to reach the database is False."""
    try:
        await check_engine(current_engine())
    except Exception:  # unhealthy whatever the kind of failure
        return False
    return True
