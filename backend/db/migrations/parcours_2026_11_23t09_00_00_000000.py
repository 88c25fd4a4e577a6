"""Composite indexes: uniqueness that Piccolo's `Unique` cannot add on SQLite (no ALTER TABLE
ADD CONSTRAINT there), and the multi-column indexes the report queries group by."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-23T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "composite indexes"

INDEXES = {
    "campaign_locale_unique_idx": "UNIQUE INDEX|campaign_locale (campaign, locale)",
    "use_case_key_unique_idx": "UNIQUE INDEX|use_case (campaign, key)",
    "step_key_unique_idx": "UNIQUE INDEX|step (use_case, key)",
    "question_key_unique_idx": "UNIQUE INDEX|question (campaign, key)",
    "participation_tester_unique_idx": "UNIQUE INDEX|participation (campaign, tester)",
    "step_result_unique_idx": "UNIQUE INDEX|step_result (participation, step)",
    "answer_unique_idx": "UNIQUE INDEX|answer (participation, question)",
    "finding_report_idx": "INDEX|finding (campaign, review, stage, locale)",
    "step_result_report_idx": "INDEX|step_result (campaign, locale, status)",
    "answer_report_idx": "INDEX|answer (campaign, question, locale)",
    "participation_progress_idx": "INDEX|participation (campaign, locale, state)",
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="parcours", description=DESCRIPTION)

    async def create_indexes():
        engine = engine_finder()
        for name, spec in INDEXES.items():
            kind, target = spec.split("|")
            await engine.run_ddl(f"CREATE {kind} IF NOT EXISTS {name} ON {target}")

    async def drop_indexes():
        engine = engine_finder()
        for name in INDEXES:
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
