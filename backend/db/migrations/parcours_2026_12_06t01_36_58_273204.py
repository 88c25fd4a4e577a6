"""Whether a person gets e-mail about their findings; invitations always go out."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Boolean
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T01:36:58:273204"
VERSION = "1.38.0"
DESCRIPTION = "testers may turn off e-mail about their findings"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="parcours", description=DESCRIPTION)

    manager.add_column(
        table_class_name="User",
        tablename="parcours_user",
        column_name="mail_updates",
        db_column_name="mail_updates",
        column_class_name="Boolean",
        column_class=Boolean,
        params={
            "default": True,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
