"""Apply Piccolo migrations from code, for `parcours migrate`, `serve` and the tests."""

from __future__ import annotations

from piccolo.apps.migrations.commands.forwards import run_forwards

import backend.db  # noqa: F401 - sets PICCOLO_CONF before Piccolo looks for it


class MigrationError(RuntimeError):
    """The database could not be brought to the current schema."""


async def migrate() -> None:
    """Bring the configured database to the newest schema."""
    response = await run_forwards(app_name="all")
    if not response.success:
        raise MigrationError(response.message or "migrations failed")
