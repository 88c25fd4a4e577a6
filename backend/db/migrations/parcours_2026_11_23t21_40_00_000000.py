"""One step result per participation and step, and one answer per participation and
question, as unique indexes: saves then write with upserts instead of a read before each
write. Any duplicate a race once left behind keeps only its newest row."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-23T21:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique step results and answers, for upserts"

_INDEXES = {
    "step_result_participation_step_idx": ("step_result", "participation, step"),
    "answer_participation_question_idx": ("answer", "participation, question"),
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="parcours", description=DESCRIPTION)

    async def add_indexes():
        engine = engine_finder()
        for name, (table, columns) in _INDEXES.items():
            await engine.run_ddl(
                f"DELETE FROM {table} WHERE id NOT IN "  # noqa: S608 - our own names
                f"(SELECT MAX(id) FROM {table} GROUP BY {columns})"
            )
            await engine.run_ddl(f"CREATE UNIQUE INDEX IF NOT EXISTS {name} ON {table} ({columns})")

    async def drop_indexes():
        for name in _INDEXES:
            await engine_finder().run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(add_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
