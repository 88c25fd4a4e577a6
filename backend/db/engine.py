"""Engine choice (SQLite by default, PostgreSQL via DATABASE_URL) and writing transactions."""

from __future__ import annotations

import asyncio
import sqlite3
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import aiosqlite
from aiosqlite import Connection
from piccolo.engine.base import Engine
from piccolo.engine.finder import engine_finder
from piccolo.engine.postgres import PostgresEngine, PostgresTransaction
from piccolo.engine.sqlite import (
    SQLiteEngine,
    SQLiteTransaction,
    TransactionType,
    convert_int_out,
    dict_factory,
)
from piccolo.query import Select
from piccolo.table import Table

from backend.settings import Settings

SQLITE_BUSY_TIMEOUT_SECONDS = 30


def _integer(value: bytes) -> int:
    """An INTEGER column's value as read: int() of its digits, and Piccolo's own conversion
    (through Decimal, for a float stored in an integer column) only when that fails."""
    try:
        return int(value)
    except ValueError:
        return convert_int_out(value)


# Piccolo converts every INTEGER it reads through a Python wrapper and a Decimal, which cost
# more than the query itself in reports that read thousands of counts (30 ms instead of 20
# for the bench campaign's answer counts).
sqlite3.register_converter("INTEGER", _integer)


# Connections each event loop keeps open: the writer (one at a time, see writing_transaction)
# and readers beside it under WAL. Opening a connection starts a thread, so reusing them is
# most of the difference between dozens and hundreds of step saves a second.
POOL_SIZE = 8
# Reports sort and group in temporary b-trees: in memory, not in files. Reads go through a
# memory map of the file, shared by every connection through the OS's page cache, rather
# than through each connection's own cache.
_PRAGMAS = (
    "foreign_keys = 1",
    "synchronous = NORMAL",
    "secure_delete = ON",
    "temp_store = MEMORY",
    f"mmap_size = {256 * 1024 * 1024}",
)


class _Pool:
    """Open connections kept for reuse, at most `size` lent at once."""

    def __init__(self, opener: Callable[[], Awaitable[Connection]], size: int) -> None:
        self._opener = opener
        self._idle: list[Connection] = []
        self._slots = asyncio.Semaphore(size)

    async def acquire(self) -> Connection:
        """An idle connection, or a new one while there is room; waits otherwise."""
        await self._slots.acquire()
        try:
            return self._idle.pop() if self._idle else await self._opener()
        except BaseException:
            self._slots.release()
            raise

    async def release(self, connection: Connection) -> None:
        """Take a connection back, rolled back if a transaction was left open on it."""
        try:
            if connection.in_transaction:
                await connection.rollback()
            self._idle.append(connection)
        except BaseException:
            # A connection in doubt is not lent again.
            connection.stop()
            raise
        finally:
            self._slots.release()

    def discard(self, connection: Connection) -> None:
        """Give up a connection whose state is unknown (its query was cancelled midway)."""
        connection.stop()
        self._slots.release()

    async def close(self) -> None:
        """Close every idle connection."""
        idle, self._idle = self._idle, []
        for connection in idle:
            await connection.close()


class _Lent:
    """A pooled connection as Piccolo's transactions and batches use it: closing it hands it
    back to the pool instead."""

    def __init__(self, connection: Connection, pool: _Pool) -> None:
        object.__setattr__(self, "_connection", connection)
        object.__setattr__(self, "_pool", pool)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._connection, name, value)

    async def close(self) -> None:
        """Return the connection to the pool."""
        await self._pool.release(self._connection)


class ParcoursSQLiteEngine(SQLiteEngine):
    """Piccolo's SQLite engine with persistent connections and the settings a WAL database
    wants on each.

    Piccolo opens a connection (and its thread) for every query outside a transaction and
    for every transaction; this engine keeps them open per event loop instead.

    synchronous=NORMAL is SQLite's advice for WAL: a commit no longer waits for fsync, yet a
    killed process loses nothing that was committed (the WAL is in the OS's hands) and the
    database cannot be corrupted; only a power cut may drop the last commits.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pools: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Pool] = (
            weakref.WeakKeyDictionary()
        )

    def _pool(self) -> _Pool:
        loop = asyncio.get_running_loop()
        pool = self._pools.get(loop)
        if pool is None:
            pool = self._pools[loop] = _Pool(self._open, POOL_SIZE)
        return pool

    async def _open(self) -> Connection:
        """A new connection with foreign keys on, synchronous=NORMAL, and secure_delete, so
        erased personal data is overwritten in the file, not just unlinked."""
        pending = aiosqlite.connect(**self.connection_kwargs)
        # A kept connection must not hold the process open at exit: its thread is a daemon
        # (committed data is safe in the WAL whatever happens to the thread); aiosqlite offers
        # no option for it.
        pending._thread.daemon = True
        connection = await pending
        connection.row_factory = dict_factory  # type: ignore[assignment]
        for pragma in _PRAGMAS:
            await connection.execute(f"PRAGMA {pragma}")
        return connection

    async def get_connection(self) -> Connection:
        """A pooled connection for a transaction or a batch; closing it returns it."""
        pool = self._pool()
        return _Lent(await pool.acquire(), pool)  # type: ignore[return-value]

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: type[Table] | None = None,
    ) -> Any:
        """A query outside any transaction, on a pooled connection, committed at once."""
        pool = self._pool()
        connection = await pool.acquire()
        try:
            async with connection.execute(query, args or []) as cursor:
                rows = await cursor.fetchall()
            await connection.commit()
        except Exception:
            await pool.release(connection)
            raise
        except BaseException:
            pool.discard(connection)
            raise
        await pool.release(connection)
        return rows

    async def _run_in_existing_connection(
        self,
        connection: Any,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: type[Table] | None = None,
    ) -> Any:
        """A query inside the current transaction; the connection was set up when opened."""
        async with connection.execute(query, args or []) as cursor:
            return await cursor.fetchall()

    async def close_connections(self) -> None:
        """Close this event loop's kept connections (at shutdown)."""
        pool = self._pools.pop(asyncio.get_running_loop(), None)
        if pool is not None:
            await pool.close()


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


def row_lock(alias: str) -> str:
    """`FOR UPDATE OF <alias>` for a raw query on PostgreSQL; nothing on SQLite, where the
    IMMEDIATE writing transaction already holds the writer lock."""
    return f" FOR UPDATE OF {alias}" if current_engine().engine_type == "postgres" else ""


def locked(query: Select) -> Select:
    """`SELECT ... FOR UPDATE OF <its table>` on PostgreSQL; SQLite has no row locks and
    needs none, since the IMMEDIATE writing transaction already holds the writer lock.

    Only the queried table's rows are locked: PostgreSQL refuses to lock the nullable side
    of the outer joins that foreign-key columns bring in.
    """
    if query.table._meta.db.engine_type == "postgres":
        return query.lock_rows(of=(query.table,))
    return query
