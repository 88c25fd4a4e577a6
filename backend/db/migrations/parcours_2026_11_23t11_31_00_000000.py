"""Fill in the stage of existing step results, and add covering indexes for the report.

The heatmap counted step results per stage through a join to `step` on every request; with
the stage on the row both heatmap queries read an index only, as do the completion and the
answer statistics queries.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-23T11:31:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "backfill step result stages; report covering indexes"

INDEXES = {
    "finding_heatmap_idx": "finding (campaign, review, stage, locale, severity, kind)",
    "step_result_tally_idx": "step_result (campaign, stage, locale, status, participation)",
    "step_result_funnel_idx": "step_result (campaign, step, status, seconds_spent)",
    "answer_numbers_idx": "answer (campaign, question, locale, number)",
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="parcours", description=DESCRIPTION)

    async def backfill_and_index():
        engine = engine_finder()
        await engine.run_ddl(
            "UPDATE step_result SET stage = (SELECT step.stage FROM step "
            "WHERE step.id = step_result.step)"
        )
        for name, target in INDEXES.items():
            await engine.run_ddl(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")

    async def drop_indexes():
        engine = engine_finder()
        for name in INDEXES:
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(backfill_and_index)
    manager.add_raw_backwards(drop_indexes)
    return manager
