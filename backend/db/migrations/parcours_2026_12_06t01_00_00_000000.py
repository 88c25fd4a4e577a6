"""Covering indexes for the report's remaining scans at 100,000 findings.

The journey map's moods, the ranked top issues with their folded duplicates, the choice
picks, and each step's results and times (of all locales or of one) read an index only.
Picks are JSON, which PostgreSQL cannot order, so their index holds them as text, the form
the report groups them by.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-06T01:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "report covering indexes: moods, ranking, duplicates, picks, step results"

INDEXES = {
    "finding_mood_idx": "finding (campaign, review, stage, locale, emotion)",
    "finding_rank_idx": "finding (campaign, review, issue_of, severity, locale)",
    "finding_folded_idx": "finding (campaign, duplicate_of) WHERE duplicate_of IS NOT NULL",
    "answer_picks_idx": (
        "answer (campaign, question, locale, CAST(choices AS TEXT)) WHERE choices IS NOT NULL"
    ),
    "step_result_time_idx": "step_result (campaign, step, seconds_spent)",
    "step_result_locale_idx": "step_result (campaign, locale, step, status, seconds_spent)",
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="parcours", description=DESCRIPTION)

    async def create_indexes():
        engine = engine_finder()
        for name, target in INDEXES.items():
            await engine.run_ddl(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")

    async def drop_indexes():
        engine = engine_finder()
        for name in INDEXES:
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
