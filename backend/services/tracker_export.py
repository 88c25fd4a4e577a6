"""A campaign's accepted findings as CSV for an issue tracker, read in keyset batches so a
campaign of any size streams in flat memory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from enum import StrEnum

from piccolo.query import Select

from backend.services.findings import device_label, duplicate_counts, screenshots_by_finding
from backend.services.report_export import keyset_batches
from backend.tables import Finding
from campaigns.vocabulary import ReviewState
from reports.tracker import (
    GENERIC_HEADER,
    JIRA_HEADER,
    TrackedFinding,
    csv_text,
    generic_row,
    jira_row,
)


class TrackerFormat(StrEnum):
    """Which CSV: every field, formula-safe, or the columns Jira's importer maps itself."""

    generic = "generic"
    jira = "jira"


async def tracker_csv(campaign_id: int, form: TrackerFormat, base_url: str) -> AsyncIterator[str]:
    """The CSV text in chunks: the header, then a chunk per batch of accepted findings."""
    header, row = (
        (JIRA_HEADER, jira_row) if form is TrackerFormat.jira else (GENERIC_HEADER, generic_row)
    )
    yield csv_text([header])
    async for findings in tracked_findings(campaign_id, base_url.rstrip("/")):
        yield csv_text(row(finding) for finding in findings)


async def tracked_findings(campaign_id: int, base_url: str) -> AsyncIterator[list[TrackedFinding]]:
    """The campaign's accepted findings in batches, with links to them and their screenshots;
    duplicates folded into them count as reports."""

    def query() -> Select:
        return Finding.select(
            Finding.id,
            Finding.title,
            Finding.description,
            Finding.steps_to_reproduce,
            Finding.expected_result,
            Finding.actual_result,
            Finding.severity,
            Finding.kind,
            Finding.stage,
            Finding.locale,
            Finding.country,
            Finding.device_kind,
            Finding.device_os,
            Finding.use_case.key.as_alias("use_case"),
            Finding.step.key.as_alias("step"),
        ).where((Finding.campaign == campaign_id) & (Finding.review == ReviewState.accepted))

    async for rows in keyset_batches(Finding, query):
        ids = [row["id"] for row in rows]
        duplicates = await duplicate_counts(ids)
        shots = await screenshots_by_finding(ids)
        yield [
            TrackedFinding(
                **{k: v for k, v in row.items() if k not in ("device_kind", "device_os")},
                device=device_label(row),
                reports=1 + duplicates.get(row["id"], 0),
                screenshots=[
                    f"{base_url}/api/v1/screenshots/{shot['id']}"
                    for shot in shots.get(row["id"], [])
                ],
                link=f"{base_url}/campaigns/{campaign_id}/findings?finding={row['id']}",
            )
            for row in rows
        ]
