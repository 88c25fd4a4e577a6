"""Organizations get a folded name key (unique), and stored e-mail addresses are folded the
way new ones are (NFKC, case-folded). Rows whose folded form collides with another's are left
as they were and reported, never merged or dropped: an operator decides."""

import logging

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder
from piccolo.querystring import QueryString

from campaigns.identity import fold_email, name_key

ID = "2026-11-23T18:03:12:000000"
VERSION = "1.38.0"
DESCRIPTION = "identities folded: organization name keys, e-mail addresses"
logger = logging.getLogger("parcours.migrations")


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="parcours", description=DESCRIPTION)

    async def fold_identities():
        engine = engine_finder()
        taken: set[str] = set()
        for row in await engine.run_ddl("SELECT id, name FROM organization ORDER BY id"):
            key = name_key(row["name"])
            if key in taken:
                logger.warning(
                    "organization %s (%r) folds onto an earlier one; its key keeps its id",
                    row["id"],
                    row["name"],
                )
                key = f"{key}#{row['id']}"
            taken.add(key)
            await engine.run_querystring(
                QueryString("UPDATE organization SET name_key = {} WHERE id = {}", key, row["id"])
            )
        await engine.run_ddl(
            "CREATE UNIQUE INDEX IF NOT EXISTS organization_name_key_idx ON organization (name_key)"
        )
        emails = {row["email"] for row in await engine.run_ddl("SELECT email FROM parcours_user")}
        for row in await engine.run_ddl("SELECT id, email FROM parcours_user ORDER BY id"):
            folded = fold_email(row["email"])
            if folded == row["email"]:
                continue
            if folded in emails:
                logger.warning(
                    "user %s (%r) folds onto another account's address; left unchanged",
                    row["id"],
                    row["email"],
                )
                continue
            emails.add(folded)
            await engine.run_querystring(
                QueryString("UPDATE parcours_user SET email = {} WHERE id = {}", folded, row["id"])
            )

    async def drop_index():
        await engine_finder().run_ddl("DROP INDEX IF EXISTS organization_name_key_idx")

    manager.add_raw(fold_identities)
    manager.add_raw_backwards(drop_index)
    return manager
