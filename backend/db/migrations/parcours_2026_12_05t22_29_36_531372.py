"""Findings of different locales grouped into one issue: a lead finding, and the others
pointing at it (a link of its own, distinct from "duplicate")."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import ForeignKey
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-05T22:29:36:531372"
VERSION = "1.38.0"
DESCRIPTION = "findings grouped into issues across locales"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="parcours", description=DESCRIPTION)

    manager.add_column(
        table_class_name="Finding",
        tablename="finding",
        column_name="issue_of",
        db_column_name="issue_of",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params={
            "references": "self",
            "on_delete": OnDelete.set_null,
            "on_update": OnUpdate.cascade,
            "target_column": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": True,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
