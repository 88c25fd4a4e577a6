"""Slowing down password guessing: failed sign-ins counted per account and per address, in
the database, so every server process sees the same count."""

from __future__ import annotations

import datetime as dt
import math

from backend import clock
from backend.errors import Throttled
from backend.tables import SignInFailure

WINDOW = dt.timedelta(minutes=15)
# Failures allowed in the window: a person mistypes a few times; a guesser needs thousands.
PER_ACCOUNT = 5
# Looser per address, where a whole office may sit behind one.
PER_ADDRESS = 50


async def refuse_if_throttled(account: str, address: str) -> None:
    """Throttled (429) while the account or the address has failed too often lately."""
    now = clock.now()
    since = now - WINDOW
    for column, key, limit in (
        (SignInFailure.account, account, PER_ACCOUNT),
        (SignInFailure.address, address, PER_ADDRESS),
    ):
        # The newest `limit` failures: once the oldest of them leaves the window, one more
        # attempt is allowed.
        latest = (
            await SignInFailure.select(SignInFailure.failed_at)
            .where((column == key) & (SignInFailure.failed_at > since))
            .order_by(SignInFailure.failed_at, ascending=False)
            .limit(limit)
        )
        if len(latest) >= limit:
            oldest = latest[-1]["failed_at"]
            wait = max(1, math.ceil((oldest + WINDOW - now).total_seconds()))
            raise Throttled(
                "sign_in.throttled",
                "Too many failed sign-ins; try again in {minutes} minutes or reset your password",
                retry_after=wait,
                minutes=math.ceil(wait / 60),
            )


async def record_failure(account: str, address: str) -> None:
    """Count one failed sign-in, and forget those that have left the window."""
    now = clock.now()
    await SignInFailure.delete().where(SignInFailure.failed_at < now - WINDOW)
    await SignInFailure.insert(SignInFailure(account=account, address=address, failed_at=now))
