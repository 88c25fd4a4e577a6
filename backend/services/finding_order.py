"""The orders the review list offers, and keyset paging in each of them."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from piccolo.columns.combination import WhereRaw
from piccolo.querystring import QueryString

from backend.tables import Finding
from campaigns.vocabulary import Severity, Stage


class FindingSort(StrEnum):
    """How the review list is ordered; findings that tie come newest first."""

    newest = "newest"
    oldest = "oldest"
    severity = "severity"
    stage = "stage"
    locale = "locale"
    reports = "reports"


def _rank(column: str, values: type[StrEnum]) -> str:
    """A column's position in its vocabulary's own order (worst severity, first stage)."""
    whens = " ".join(f"WHEN '{value}' THEN {index}" for index, value in enumerate(values))
    return f'(CASE "finding"."{column}" {whens} ELSE {len(values)} END)'


# Each order's key as SQL over the finding table, and whether larger keys come first.
# "reports" counts the "me too" reports and duplicates folded into the finding.
_KEYS: dict[FindingSort, tuple[str, bool]] = {
    FindingSort.severity: (_rank("severity", Severity), False),
    FindingSort.stage: (_rank("stage", Stage), False),
    FindingSort.locale: ('"finding"."locale"', False),
    FindingSort.reports: (
        '(SELECT COUNT(*) FROM "finding" AS "copy" WHERE "copy"."duplicate_of" = "finding"."id")',
        True,
    ),
}


def in_order(query: Any, sort: FindingSort) -> Any:
    """The select ordered by `sort`, then newest first (oldest first for "oldest")."""
    if sort in _KEYS:
        key, descending = _KEYS[sort]
        query = query.order_by(QueryString(key), ascending=not descending)
    return query.order_by(Finding.id, ascending=sort is FindingSort.oldest)


async def after(query: Any, sort: FindingSort, finding_id: int) -> Any:
    """The select narrowed to the findings that come after `finding_id` in `sort`'s order:
    the next page starts where the last one ended, whatever was decided meanwhile."""
    if sort is FindingSort.oldest:
        return query.where(Finding.id > finding_id)
    if sort not in _KEYS:
        return query.where(Finding.id < finding_id)
    key, descending = _KEYS[sort]
    # The key is one of _KEYS' fixed expressions; only the id is a value, and it is bound.
    cursor = f'SELECT {key} AS "key" FROM "finding" WHERE "id" = {{}}'  # noqa: S608
    rows = await Finding.raw(cursor, finding_id)
    if not rows:
        return query.where(Finding.id < finding_id)
    beyond = "<" if descending else ">"
    return query.where(
        WhereRaw(
            f'({key} {beyond} {{}} OR ({key} = {{}} AND "finding"."id" < {{}}))',
            rows[0]["key"],
            rows[0]["key"],
            finding_id,
        )
    )
