"""Top friction points: accepted findings with their duplicates folded in, worst first."""

from __future__ import annotations

import msgspec

from campaigns.words import N_

RANK_FORMULA = N_(
    "rank = severity weight (critical 8, major 4, minor 2, cosmetic 1) × reports,"
    " where reports = 1 + duplicates folded into the finding; an issue grouped across"
    " locales adds up the ranks of its findings"
)


class FrictionPoint(msgspec.Struct):
    """An accepted finding (or the issue it leads, across locales), how many testers
    reported it, and its first screenshot."""

    finding_id: int
    title: str
    use_case: str
    step: str
    stage: str
    locale: str
    severity: str
    kind: str
    reports: int
    score: int
    screenshot_id: int | None = None
    # What people read: the use case's title and the step's short label.
    use_case_title: str = ""
    step_title: str = ""
    # Every locale of the issue, and the findings grouped under this one in other locales.
    locales: list[str] = []
    grouped: list[int] = []


class TopPoints(msgspec.Struct):
    """The worst accepted findings and how they were ranked."""

    formula: str
    points: list[FrictionPoint]
