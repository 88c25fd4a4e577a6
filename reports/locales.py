"""Locales compared: at each stage, each locale's friction against the other locales' pooled
friction, stated in words only where the gap is large and both sides have enough testers."""

from __future__ import annotations

import msgspec

from campaigns.words import N_
from reports.friction import BLOCKED_WEIGHT, FrictionCell

# A gap worth stating: at least twice (or at most half) the others' friction...
NOTABLE = 2.0
# ...with at least this many testers on each side.
ENOUGH = 5
FORMULA = N_(
    "ratio = the locale's friction index ÷ the friction index of the other locales pooled"
    " (their weighted findings and blocked steps over their testers); stated where it is at"
    " least 2× or at most 0.5× and both sides have at least 5 testers"
)


class LocaleGap(msgspec.Struct):
    """One stage × locale against the other locales at that stage."""

    stage: str
    locale: str
    index: float | None
    others_index: float | None
    ratio: float | None
    testers: int
    others_testers: int
    notable: bool


def _burden(cell: FrictionCell) -> float:
    return cell.weighted_findings + BLOCKED_WEIGHT * cell.blocked_steps


def compare_locales(cells: list[FrictionCell]) -> list[LocaleGap]:
    """Every stage × locale cell beside the others of its stage, in the heatmap's order."""
    by_stage: dict[str, list[FrictionCell]] = {}
    for cell in cells:
        by_stage.setdefault(cell.stage, []).append(cell)
    gaps = []
    for cell in cells:
        others = [c for c in by_stage[cell.stage] if c.locale != cell.locale]
        others_testers = sum(c.testers for c in others)
        others_index = sum(_burden(c) for c in others) / others_testers if others_testers else None
        ratio = (
            cell.index / others_index
            if cell.index is not None and others_index  # neither missing nor zero
            else None
        )
        gaps.append(
            LocaleGap(
                stage=cell.stage,
                locale=cell.locale,
                index=cell.index,
                others_index=None if others_index is None else round(others_index, 2),
                ratio=None if ratio is None else round(ratio, 2),
                testers=cell.testers,
                others_testers=others_testers,
                notable=ratio is not None
                and (ratio >= NOTABLE or ratio <= 1 / NOTABLE)
                and cell.testers >= ENOUGH
                and others_testers >= ENOUGH,
            )
        )
    return gaps


class LocalesCompared(msgspec.Struct):
    """The comparison of every cell, the formula behind it, and for each stage with a gap
    stated, one screenshot of an accepted finding per locale (stage → locale → id)."""

    formula: str
    gaps: list[LocaleGap]
    screenshots: dict[str, dict[str, int]]
