"""Engine choice (SQLite by default, PostgreSQL via DATABASE_URL) and writing transactions."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiosqlite import Connection
from piccolo.engine.base import Engine
from piccolo.engine.finder import engine_finder
from piccolo.engine.postgres import PostgresEngine, PostgresTransaction
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType
from piccolo.query import Select

from backend.settings import Settings

SQLITE_BUSY_TIMEOUT_SECONDS = 30


class ParcoursSQLiteEngine(SQLiteEngine):
    """Piccolo's SQLite engine with the settings a WAL database wants on every connection
    a transaction opens.

    synchronous=NORMAL is SQLite's advice for WAL: a commit no longer waits for fsync, yet a
    killed process loses nothing that was committed (the WAL is in the OS's hands) and the
    database cannot be corrupted; only a power cut may drop the last commits.
    """

    async def get_connection(self) -> Connection:
        """A connection with foreign keys on (Piccolo's default), synchronous=NORMAL, and
        secure_delete, so erased personal data is overwritten in the file, not just unlinked
        (whatever this SQLite build's default)."""
        connection = await super().get_connection()
        await connection.execute("PRAGMA synchronous = NORMAL")
        await connection.execute("PRAGMA secure_delete = ON")
        return connection


def make_engine(settings: Settings) -> Engine:
    """The engine the settings ask for; SQLite waits for the writer lock instead of failing."""
    if settings.database_url:
        return PostgresEngine(config={"dsn": settings.database_url})
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return ParcoursSQLiteEngine(path=str(settings.sqlite_path), timeout=SQLITE_BUSY_TIMEOUT_SECONDS)


def current_engine() -> Engine:
    """The engine configured in backend.piccolo_conf."""
    engine = engine_finder()
    if engine is None:
        raise RuntimeError("No Piccolo engine configured (PICCOLO_CONF)")
    return engine


# One SQLite writer at a time per process, queued fairly on the event loop; a lock per loop,
# since an asyncio.Lock belongs to the loop it first waits on.
_writers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


@asynccontextmanager
async def writing_transaction(
    engine: Engine | None = None,
) -> AsyncIterator[SQLiteTransaction | PostgresTransaction]:
    """A transaction for read-then-write work.

    SQLite's default DEFERRED transactions fail with "database is locked" when two of them
    upgrade to writers at once; IMMEDIATE takes the writer lock up front and waits instead.
    Waiting inside SQLite means sleeping and retrying, which starves some writers for
    seconds under load, so writers of this process also queue on an asyncio lock first.
    """
    engine = engine or current_engine()
    if not isinstance(engine, SQLiteEngine):
        async with engine.transaction() as transaction:
            yield transaction
        return
    if engine.current_transaction.get() is not None:
        # Nested: the outer transaction already holds both locks.
        async with engine.transaction() as transaction:
            yield transaction
        return
    lock = _writers.setdefault(asyncio.get_running_loop(), asyncio.Lock())
    async with lock, engine.transaction(transaction_type=TransactionType.immediate) as transaction:
        yield transaction


async def prepare_engine(engine: Engine) -> None:
    """One-time start-up settings: WAL lets readers run beside the single SQLite writer."""
    if isinstance(engine, SQLiteEngine):
        await engine.run_ddl("PRAGMA journal_mode=WAL")


async def flush_deleted(engine: Engine | None = None) -> None:
    """After an erasure on SQLite, copy the WAL into the database and empty it, so the old
    pages of deleted rows (zeroed by secure_delete) leave no copy in the log either."""
    engine = engine or current_engine()
    if isinstance(engine, SQLiteEngine):
        await engine.run_ddl("PRAGMA wal_checkpoint(TRUNCATE)")


async def check_engine(engine: Engine) -> None:
    """Raise if the database does not answer a trivial query."""
    await engine.run_ddl("SELECT 1")


def locked(query: Select) -> Select:
    """`SELECT ... FOR UPDATE OF <its table>` on PostgreSQL; SQLite has no row locks and
    needs none, since the IMMEDIATE writing transaction already holds the writer lock.

    Only the queried table's rows are locked: PostgreSQL refuses to lock the nullable side
    of the outer joins that foreign-key columns bring in.
    """
    if query.table._meta.db.engine_type == "postgres":
        return query.lock_rows(of=(query.table,))
    return query
