"""Questions and resends from before the conversation become its first messages.

A manager's question was a review event to `needs_info` with the question as its reason; a
resend was a review event `resent`. Each becomes a message of the finding's conversation, at
the time it happened, so that every thread starts where the exchange did. The review events
stay: they are the decision trail.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-06T03:12:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "earlier questions and resends become conversation messages"

COPY = """
    INSERT INTO finding_message (finding, author, from_manager, body, asks, resent, created_at)
    SELECT finding, actor, action = 'needs_info',
        CASE WHEN action = 'needs_info' THEN reason ELSE '' END,
        action = 'needs_info', action = 'resent', created_at
    FROM review_event WHERE action IN ('needs_info', 'resent')
    ORDER BY id
"""


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="parcours", description=DESCRIPTION)

    async def copy_questions_and_resends():
        await engine_finder().run_ddl(COPY)

    async def remove_copies():
        await engine_finder().run_ddl("DELETE FROM finding_message WHERE asks OR resent")

    manager.add_raw(copy_questions_and_resends)
    manager.add_raw_backwards(remove_copies)
    return manager
