"""Triggers keep the tallies of findings and step results, as answer_count's are kept.

The report then reads a few thousand counts instead of grouping every accepted finding
(55,000 in the bench campaign), every finding's mood (100,000) and every step result
(152,000, once per stage and tester and once per step and status) at each request.
"""

import functools

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from backend.db.tallies import Tally, start_tallies, stop_tallies

ID = "2026-12-07T16:13:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "finding and step result tallies kept by triggers"

TALLIES = [
    Tally(
        "friction_count",
        "finding",
        ("campaign", "stage", "locale", "severity", "kind"),
        condition="{row}.review = 'accepted'",
        reads=("review",),
    ),
    Tally("mood_count", "finding", ("campaign", "review", "stage", "locale", "emotion")),
    Tally(
        "stage_reach",
        "step_result",
        ("campaign", "stage", "locale", "participation"),
        counters={"blocked": "CASE WHEN {row}.status = 'blocked' THEN 1 ELSE 0 END"},
        reads=("status",),
    ),
    Tally(
        "step_count",
        "step_result",
        ("campaign", "step", "locale", "status"),
        counters={"timed": "CASE WHEN {row}.seconds_spent IS NULL THEN 0 ELSE 1 END"},
        reads=("seconds_spent",),
    ),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="parcours", description=DESCRIPTION)

    manager.add_raw(functools.partial(start_tallies, TALLIES))
    manager.add_raw_backwards(functools.partial(stop_tallies, TALLIES))
    return manager
