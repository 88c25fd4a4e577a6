"""Step results carry their step's stage, as findings do; the next migration fills it in.

Piccolo runs a migration's raw steps before its column changes, hence two migrations.
"""

from enum import Enum

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-23T11:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "stage on step results"

STAGES = ["awareness", "consideration", "decision", "purchase", "post_purchase", "loyalty"]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="parcours", description=DESCRIPTION)
    manager.add_column(
        table_class_name="StepResult",
        tablename="step_result",
        column_name="stage",
        db_column_name="stage",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 16,
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": Enum("Stage", {stage: stage for stage in STAGES}),
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
