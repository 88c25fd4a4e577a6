"""Indexes for ranking the top issues without grouping every accepted finding.

Findings in no issue rank by their severity's weight, ties by id: the first few of each
severity are read along finding_single_idx. The findings of issues are found along
finding_issue_idx, a small index, as most findings are in none.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-07T16:14:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "indexes for ranking findings inside and outside issues"

INDEXES = {
    "finding_single_idx": "(campaign, review, severity, id, locale) WHERE issue_of IS NULL",
    "finding_issue_idx": "(campaign, issue_of) WHERE issue_of IS NOT NULL",
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="parcours", description=DESCRIPTION)

    async def create_indexes():
        for name, target in INDEXES.items():
            await engine_finder().run_ddl(f"CREATE INDEX IF NOT EXISTS {name} ON finding {target}")

    async def drop_indexes():
        for name in INDEXES:
            await engine_finder().run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
