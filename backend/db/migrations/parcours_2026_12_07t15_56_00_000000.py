"""Triggers keep answer_count equal to the numeric answers, whatever writes them.

Reports read a few thousand counts instead of grouping every numeric answer (380,000 in
the bench campaign) at each request. Triggers rather than the application keep the count so
that every path that writes answers (step saves, end-of-journey answers, bulk loads,
cascading deletes) keeps it, inside the writing transaction, so it is never behind.
"""

import functools

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from backend.db.tallies import Tally, start_tallies, stop_tallies

ID = "2026-12-07T15:56:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "answer counts kept by triggers"

TALLIES = [
    Tally(
        "answer_count",
        "answer",
        ("campaign", "question", "locale", "number"),
        condition="{row}.number IS NOT NULL",
    )
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="parcours", description=DESCRIPTION)

    manager.add_raw(functools.partial(start_tallies, TALLIES))
    manager.add_raw_backwards(functools.partial(stop_tallies, TALLIES))
    return manager
