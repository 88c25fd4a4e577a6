"""The friction index of DESIGN.md, per journey stage × locale."""

from __future__ import annotations

from collections import defaultdict

import msgspec

from campaigns.vocabulary import FindingKind, Severity, Stage
from campaigns.words import N_

SEVERITY_WEIGHTS = {
    Severity.critical: 8,
    Severity.major: 4,
    Severity.minor: 2,
    Severity.cosmetic: 1,
}
BLOCKED_WEIGHT = 8
FORMULA = N_(
    "friction index = (8 × critical + 4 × major + 2 × minor + 1 × cosmetic accepted findings"
    " + 8 × blocked steps) ÷ testers who reached the stage"
)


BLOCKED_RATE_FORMULA = N_("blocked-step rate = blocked step results ÷ step results in the cell")


class FindingCount(msgspec.Struct, frozen=True):
    """How many accepted findings of one severity and kind a stage × locale cell holds."""

    stage: str
    locale: str
    severity: str
    kind: str
    count: int


class StageTally(msgspec.Struct, frozen=True):
    """Step results of one stage × locale cell: testers who reached it, results, blocked."""

    stage: str
    locale: str
    testers: int
    results: int
    blocked: int


class FrictionCell(msgspec.Struct):
    """One cell of the heatmap; `index` is None where no tester reached the stage."""

    stage: str
    locale: str
    index: float | None
    weighted_findings: int
    findings: dict[str, int]
    kinds: dict[str, int]
    blocked_steps: int
    blocked_rate: float | None
    testers: int


def friction_heatmap(
    accepted: list[FindingCount], tallies: list[StageTally], locales: list[str], stages: list[str]
) -> list[FrictionCell]:
    """Every stage × locale cell of the campaign's own stages, in journey order, locales as
    given."""
    severities: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    kinds: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in accepted:
        severities[row.stage, row.locale][row.severity] += row.count
        kinds[row.stage, row.locale][row.kind] += row.count
    tally_of = {(row.stage, row.locale): row for row in tallies}
    cells = []
    for stage in (s for s in Stage if s.value in stages):
        for locale in locales:
            key = (stage.value, locale)
            by_severity = {s.value: severities[key].get(s.value, 0) for s in Severity}
            weighted = sum(SEVERITY_WEIGHTS[s] * by_severity[s.value] for s in Severity)
            tally = tally_of.get(key, StageTally(stage, locale, 0, 0, 0))
            index = (
                (weighted + BLOCKED_WEIGHT * tally.blocked) / tally.testers
                if tally.testers
                else None
            )
            cells.append(
                FrictionCell(
                    stage=stage.value,
                    locale=locale,
                    index=None if index is None else round(index, 2),
                    weighted_findings=weighted,
                    findings=by_severity,
                    kinds={k.value: kinds[key].get(k.value, 0) for k in FindingKind},
                    blocked_steps=tally.blocked,
                    blocked_rate=round(tally.blocked / tally.results, 3) if tally.results else None,
                    testers=tally.testers,
                )
            )
    return cells


class FrictionReport(msgspec.Struct):
    """The friction heatmap with the formula that made it."""

    formula: str
    blocked_rate_formula: str
    locales: list[str]
    cells: list[FrictionCell]
