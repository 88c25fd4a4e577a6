"""Many small LIMIT queries asked as one UNION ALL, within the databases' limits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from piccolo.table import Table

from backend.db.upserts import MAX_PARAMETERS

# SQLite takes at most 500 SELECTs in one compound statement.
MAX_PARTS = 400


async def union_all(
    table: type[Table], part: str, groups: Sequence[Sequence[Any]]
) -> list[dict[str, Any]]:
    """The rows of `part` (a SELECT with `{}` placeholders, which may end with ORDER BY and
    LIMIT) for each group of parameters, in as few UNION ALL statements as the limits allow.

    One statement of many index lookups instead of a round trip each: the newest answers of
    every question × locale, or the middle times of every step.
    """
    if not groups:
        return []
    each = max(1, min(MAX_PARTS, MAX_PARAMETERS // max(1, len(groups[0]))))
    rows: list[dict[str, Any]] = []
    for start in range(0, len(groups), each):
        chunk = groups[start : start + each]
        # Only the caller's fixed text goes in; every value is a parameter.
        sql = " UNION ALL ".join(f"SELECT * FROM ({part}) AS part_{n}" for n in range(len(chunk)))  # noqa: S608
        rows += await table.raw(sql, *(value for group in chunk for value in group))
    return rows
