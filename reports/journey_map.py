"""The journey map computed from the data: per stage and locale, how testers felt (with a
confidence interval honest about the sample) over the friction they met."""

from __future__ import annotations

import math
from collections.abc import Mapping

import msgspec

from campaigns.words import N_
from reports.friction import FrictionCell

# Below this many testers at a stage, its point is drawn greyed: too few to read much into.
THIN = 5
METHOD = N_(
    "How testers felt, from -2 (very bad) to +2 (very good): the mood they gave their findings"
    " (rejected and duplicate ones left out) and their SEQ answers (1 to 7 read as -2 to +2)."
    " The bars are 95% confidence intervals by Student's t; points are greyed where fewer than"
    " 5 testers reached the stage."
)
# Two-sided 97.5% quantiles of Student's t by degrees of freedom; 1.96 beyond the table.
_T = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228)
_T_MORE = {15: 2.131, 20: 2.086, 30: 2.042, 60: 2.000, 120: 1.980}


def t_quantile(degrees: int) -> float:
    """The t value of a two-sided 95% interval (the nearest tabled degrees, rounded down)."""
    if degrees <= len(_T):
        return _T[degrees - 1]
    tabled = [d for d in _T_MORE if d <= degrees]
    return _T_MORE[max(tabled)] if tabled else _T[-1]


def seq_feeling(value: float) -> float:
    """An SEQ answer (1 very hard to 7 very easy) on the feeling scale of -2 to +2."""
    return (value - 4) * 2 / 3


class Interval(msgspec.Struct):
    """A mean with its 95% interval; no interval from a single observation."""

    n: int
    mean: float
    low: float | None
    high: float | None


def mean_interval(counts: Mapping[float, int]) -> Interval | None:
    """The mean of a value → count distribution with its Student's t interval."""
    n = sum(counts.values())
    if not n:
        return None
    mean = sum(value * count for value, count in counts.items()) / n
    if n < 2:
        return Interval(n=n, mean=round(mean, 2), low=None, high=None)
    variance = sum(count * (value - mean) ** 2 for value, count in counts.items()) / (n - 1)
    half = t_quantile(n - 1) * math.sqrt(variance / n)
    return Interval(n=n, mean=round(mean, 2), low=round(mean - half, 2), high=round(mean + half, 2))


class StageColumn(msgspec.Struct):
    """A stage of the campaign, in journey order, with the touchpoints of its steps."""

    stage: str
    touchpoints: list[str]


class MapPoint(msgspec.Struct):
    """One stage × locale: the feeling (None without observations), the testers who reached
    it and its friction index."""

    stage: str
    locale: str
    feeling: Interval | None
    testers: int
    friction: float | None
    thin: bool


class JourneyMap(msgspec.Struct):
    """The map: stages left to right, a line per locale, friction under it, and its method."""

    stages: list[StageColumn]
    locales: list[str]
    points: list[MapPoint]
    method: str


def journey_map(
    stages: list[StageColumn],
    locales: list[str],
    feelings: Mapping[tuple[str, str], Mapping[float, int]],
    cells: list[FrictionCell],
) -> JourneyMap:
    """The map from the feelings observed per (stage, locale) on the -2 to +2 scale and the
    friction heatmap's cells of the same campaign."""
    by_cell = {(cell.stage, cell.locale): cell for cell in cells}
    points = []
    for column in stages:
        for locale in locales:
            cell = by_cell.get((column.stage, locale))
            testers = cell.testers if cell else 0
            points.append(
                MapPoint(
                    stage=column.stage,
                    locale=locale,
                    feeling=mean_interval(feelings.get((column.stage, locale), {})),
                    testers=testers,
                    friction=cell.index if cell else None,
                    thin=testers < THIN,
                )
            )
    return JourneyMap(stages=stages, locales=locales, points=points, method=METHOD)
