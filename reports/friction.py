"""The friction index of DESIGN.md, per journey stage × locale."""

from __future__ import annotations

from collections import defaultdict

import msgspec

from campaigns.vocabulary import Severity, Stage

SEVERITY_WEIGHTS = {
    Severity.critical: 8,
    Severity.major: 4,
    Severity.minor: 2,
    Severity.cosmetic: 1,
}
BLOCKED_WEIGHT = 8
FORMULA = (
    "friction index = (8 × critical + 4 × major + 2 × minor + 1 × cosmetic accepted findings"
    " + 8 × blocked steps) ÷ testers who reached the stage"
)


class FindingCount(msgspec.Struct, frozen=True):
    """How many accepted findings of one severity a stage × locale cell holds."""

    stage: str
    locale: str
    severity: str
    count: int


class CellCount(msgspec.Struct, frozen=True):
    """A count for one stage × locale cell (blocked steps, testers who reached it)."""

    stage: str
    locale: str
    count: int


class FrictionCell(msgspec.Struct):
    """One cell of the heatmap; `index` is None where no tester reached the stage."""

    stage: str
    locale: str
    index: float | None
    weighted_findings: int
    findings: dict[str, int]
    blocked_steps: int
    testers: int


def friction_heatmap(
    accepted: list[FindingCount],
    blocked: list[CellCount],
    reached: list[CellCount],
    locales: list[str],
) -> list[FrictionCell]:
    """Every stage × locale cell, stages in journey order, locales as given."""
    findings: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for row in accepted:
        findings[row.stage, row.locale][row.severity] = row.count
    blocked_in = {(row.stage, row.locale): row.count for row in blocked}
    testers_in = {(row.stage, row.locale): row.count for row in reached}
    cells = []
    for stage in Stage:
        for locale in locales:
            key = (stage.value, locale)
            by_severity = {s.value: findings[key].get(s.value, 0) for s in Severity}
            weighted = sum(SEVERITY_WEIGHTS[s] * by_severity[s.value] for s in Severity)
            testers = testers_in.get(key, 0)
            stuck = blocked_in.get(key, 0)
            index = (weighted + BLOCKED_WEIGHT * stuck) / testers if testers else None
            cells.append(
                FrictionCell(
                    stage=stage.value,
                    locale=locale,
                    index=None if index is None else round(index, 2),
                    weighted_findings=weighted,
                    findings=by_severity,
                    blocked_steps=stuck,
                    testers=testers,
                )
            )
    return cells
