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


class Ranked(msgspec.Struct, frozen=True):
    """A finding, or the issue it leads, with its reports and its rank score."""

    id: int
    reports: int
    score: int


def ranked_first(
    grouped: list[Ranked], singles: list[tuple[int, str]], weights: dict[str, int], limit: int
) -> list[Ranked]:
    """The `limit` highest scores, ties by id, of the findings that an issue or folded
    duplicates make more than themselves (`grouped`, scored in full), and of the rest
    (`singles`, as (id, severity)): each of those is one report scored by its weight."""
    alone = [Ranked(id, 1, weights.get(severity, 0)) for id, severity in singles]
    return sorted([*grouped, *alone], key=lambda point: (-point.score, point.id))[:limit]
