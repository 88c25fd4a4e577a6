"""Accepted findings for an issue tracker: a generic CSV, formula-safe like the workbook, and
a CSV that Jira's importer takes as it is (Summary, Description, Priority, Labels, Issue Type).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import msgspec

from reports.cells import FORMULA_TRIGGERS

JIRA_PRIORITY = {"critical": "Highest", "major": "High", "minor": "Medium", "cosmetic": "Low"}
# Jira's summary field holds at most 255 characters.
SUMMARY_LENGTH = 255
# Jira reads a repeated column as several values of one field.
JIRA_HEADER = ["Summary", "Description", "Priority", "Labels", "Labels", "Labels", "Issue Type"]
GENERIC_HEADER = [
    "ID",
    "Title",
    "Description",
    "Steps to reproduce",
    "Expected result",
    "Actual result",
    "Severity",
    "Kind",
    "Stage",
    "Locale",
    "Country",
    "Device",
    "Use case",
    "Step",
    "Reports",
    "Screenshots",
    "Link",
]


class TrackedFinding(msgspec.Struct, frozen=True):
    """An accepted finding with everything a ticket needs, links made absolute."""

    id: int
    title: str
    description: str
    steps_to_reproduce: str
    expected_result: str
    actual_result: str
    severity: str
    kind: str
    stage: str
    locale: str
    country: str
    device: str
    use_case: str
    step: str
    reports: int
    screenshots: list[str]
    link: str


def jira_summary(title: str) -> str:
    """The title without the characters a spreadsheet would start a formula with: trimmed,
    not quote-prefixed, since Jira would show the quote."""
    summary = title.strip()
    while summary.startswith(FORMULA_TRIGGERS):
        summary = summary[1:].lstrip()
    return (summary or "Untitled finding")[:SUMMARY_LENGTH]


def jira_description(finding: TrackedFinding) -> str:
    """The ticket's body in Jira's wiki markup: what happened, how to reproduce it, expected
    and actual results, where and on what, and the screenshots."""
    parts = [f"h3. {heading}\n{text.strip()}" for heading, text in _sections(finding) if text]
    environment = [
        f"* Stage: {finding.stage}",
        f"* Locale: {finding.locale} ({finding.country})",
        f"* Device: {finding.device or '-'}",
        f"* Use case / step: {finding.use_case} / {finding.step}",
        f"* Reports: {finding.reports}",
    ]
    parts.append("h3. Environment\n" + "\n".join(environment))
    if finding.screenshots:
        parts.append("h3. Screenshots\n" + "\n".join(f"* {url}" for url in finding.screenshots))
    parts.append(f"[Finding #{finding.id} in Parcours|{finding.link}]")
    return "\n\n".join(parts)


def _sections(finding: TrackedFinding) -> list[tuple[str, str]]:
    return [
        ("What happened", finding.description),
        ("Steps to reproduce", finding.steps_to_reproduce),
        ("Expected result", finding.expected_result),
        ("Actual result", finding.actual_result),
    ]


def jira_row(finding: TrackedFinding) -> list[str]:
    """One line of the Jira CSV."""
    return [
        jira_summary(finding.title),
        jira_description(finding),
        JIRA_PRIORITY.get(finding.severity, "Medium"),
        finding.stage,
        finding.locale,
        finding.kind,
        "Bug",
    ]


def safe_text(value: object) -> str:
    """A cell that no spreadsheet runs as a formula: risky text gets a leading apostrophe,
    as Excel itself writes typed text."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def generic_row(finding: TrackedFinding) -> list[str]:
    """One line of the generic CSV, every cell formula-safe."""
    cells: list[object] = [
        finding.id,
        finding.title,
        finding.description,
        finding.steps_to_reproduce,
        finding.expected_result,
        finding.actual_result,
        finding.severity,
        finding.kind,
        finding.stage,
        finding.locale,
        finding.country,
        finding.device,
        finding.use_case,
        finding.step,
        finding.reports,
        " ".join(finding.screenshots),
        finding.link,
    ]
    return [safe_text(cell) for cell in cells]


def csv_text(rows: Iterable[list[str]]) -> str:
    """Rows as CSV text, with the line endings RFC 4180 asks for."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()
