"""Bulk inserts for the generator: sqlite3's executemany or PostgreSQL's COPY.

Rows carry explicit ids so the generator can link them without reading them back; the
PostgreSQL sequences are moved past them afterwards so the app's own inserts do not collide.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Sequence
from typing import Any

import asyncpg
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine


class BulkWriter:
    """Appends rows to tables of the app's database as fast as its driver allows."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sqlite: sqlite3.Connection | None = None
        self.postgres: asyncpg.Connection | None = None

    async def __aenter__(self) -> BulkWriter:
        if isinstance(self.engine, SQLiteEngine):
            # Piccolo registered its adapters on the sqlite3 module, so datetimes and
            # decimals are stored exactly as the app stores them.
            self.sqlite = sqlite3.connect(
                self.engine.connection_kwargs["database"], timeout=60, check_same_thread=False
            )
            self.sqlite.execute("PRAGMA synchronous=OFF")
        elif isinstance(self.engine, PostgresEngine):
            self.postgres = await asyncpg.connect(self.engine.config["dsn"])
        else:
            raise TypeError(f"unsupported engine {self.engine!r}")
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.sqlite is not None:
            self.sqlite.commit()
            self.sqlite.close()
        if self.postgres is not None:
            await self.postgres.close()

    async def next_id(self, table: str) -> int:
        """The first free id of the table."""
        query = f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}"  # noqa: S608 - our table names
        if self.sqlite is not None:
            return self.sqlite.execute(query).fetchone()[0]
        assert self.postgres is not None
        return await self.postgres.fetchval(query)

    async def insert(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """Append the rows (tuples in `columns` order)."""
        if not rows:
            return
        if self.sqlite is not None:
            marks = ", ".join("?" * len(columns))
            statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
            await asyncio.to_thread(self.sqlite.executemany, statement, rows)
            return
        assert self.postgres is not None
        await self.postgres.copy_records_to_table(table, records=rows, columns=list(columns))
        await self.postgres.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
        )
