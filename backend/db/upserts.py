"""Many-row upserts as raw statements, for the hot write paths."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from piccolo.table import Table

# Both SQLite (since 3.32) and PostgreSQL take up to 32,766 parameters in one statement.
MAX_PARAMETERS = 32_000


async def upsert(
    table: type[Table],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    conflict: Sequence[str],
    update: Sequence[str],
) -> None:
    """`INSERT … ON CONFLICT (conflict) DO UPDATE SET update` of all `rows`, in as few
    statements as the parameter limit allows.

    Raw SQL because building the same insert through the ORM costs more per row than
    running it (a Table instance and a query string for each); the syntax is the same on
    SQLite and PostgreSQL.
    """
    named = {*columns, *conflict, *update}
    if unknown := named - {column._meta.db_column_name for column in table._meta.columns}:
        raise ValueError(f"{table._meta.tablename} has no column {sorted(unknown)}")
    values = "(" + ", ".join(["{}"] * len(columns)) + ")"
    # Only names checked against the table above go into the text; values are parameters.
    head = f"INSERT INTO {table._meta.tablename} ({', '.join(columns)}) VALUES "  # noqa: S608
    tail = f" ON CONFLICT ({', '.join(conflict)}) DO UPDATE SET " + ", ".join(
        f"{column} = excluded.{column}" for column in update
    )
    each = max(1, MAX_PARAMETERS // len(columns))
    for start in range(0, len(rows), each):
        chunk = rows[start : start + each]
        sql = head + ", ".join([values] * len(chunk)) + tail
        await table.raw(sql, *(value for row in chunk for value in row))
