"""The report's headline: how far the walk got, how usable and loyal-making the journey
was against published benchmarks, and the worst issues."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import msgspec

from campaigns.words import N_
from reports.questions import QuestionStatistics, nps
from reports.top import FrictionPoint

# Sauro and Lewis's curved grading scale for SUS (Quantifying the User Experience, 2nd
# ed., table 8.5): the lowest score of each grade; below the last one is an F.
SUS_GRADES = (
    (84.1, "A+"),
    (80.8, "A"),
    (78.9, "A-"),
    (77.2, "B+"),
    (74.1, "B"),
    (72.6, "B-"),
    (71.1, "C+"),
    (65.0, "C"),
    (62.7, "C-"),
    (51.7, "D"),
)
SUS_AVERAGE = 68.0
# Sauro's average of the Single Ease Question over hundreds of tasks, on its 1-7 scale.
SEQ_BENCHMARK = 5.5
WORST = 3

SUS_GRADE_NOTE = N_(
    "SUS grade on the Sauro-Lewis curved scale (A+ from 84.1, C from 65.0, F below 51.7);"
    " 68 is the average of hundreds of studies"
)
SEQ_NOTE = N_("SEQ benchmark: 5.5, the average over hundreds of tasks on the 1-7 scale")


def sus_grade(score: float) -> str:
    """The letter grade of a SUS score on the curved scale."""
    for lowest, grade in SUS_GRADES:
        if score >= lowest:
            return grade
    return "F"


class NpsSplit(msgspec.Struct):
    """NPS with the shares of detractors (0-6), passives (7-8) and promoters (9-10)."""

    score: float
    n: int
    detractors: float
    passives: float
    promoters: float


def nps_split(counts: Mapping[float, int]) -> NpsSplit | None:
    """The split of 0-10 answers; None without answers."""
    n = sum(counts.values())
    score = nps(counts)
    if not n or score is None:
        return None

    def share(low: float, high: float) -> float:
        return round(sum(c for v, c in counts.items() if low <= v <= high) / n, 3)

    return NpsSplit(
        score=score,
        n=n,
        detractors=share(0, 6),
        passives=share(7, 8),
        promoters=share(9, 10),
    )


class Headline(msgspec.Struct):
    """The first row of the report."""

    testers_done: int
    quota: int
    completion: float | None
    sus: float | None
    sus_grade: str | None
    sus_average: float
    nps: NpsSplit | None
    seq: float | None
    seq_n: int
    seq_benchmark: float
    worst: list[FrictionPoint]
    notes: list[str]


def _counts(distribution: Mapping[str, int]) -> dict[float, int]:
    return {float(value): count for value, count in distribution.items()}


def headline(
    done_and_quota: Iterable[tuple[int, int]],
    sus: float | None,
    statistics: Iterable[QuestionStatistics],
    top: list[FrictionPoint],
    locale: str | None = None,
) -> Headline:
    """The headline from each locale's (testers done, quota), the SUS score, the question
    statistics (of `locale`, or of all locales) and the ranked friction points. NPS is the
    first NPS question's; SEQ pools every SEQ question's answers."""
    pairs = list(done_and_quota)
    done = sum(d for d, _ in pairs)
    quota = sum(q for _, q in pairs)
    overall = [row for row in statistics if row.locale == (locale or "all")]
    first_nps = next((row for row in overall if row.score_name == "NPS"), None)
    seq_rows = [row for row in overall if row.score_name == "SEQ" and row.summary.n]
    seq_n = sum(row.summary.n for row in seq_rows)
    seq_total = sum(
        value * count
        for row in seq_rows
        for value, count in _counts(row.summary.distribution).items()
    )
    return Headline(
        testers_done=done,
        quota=quota,
        completion=round(done / quota, 3) if quota else None,
        sus=sus,
        sus_grade=None if sus is None else sus_grade(sus),
        sus_average=SUS_AVERAGE,
        nps=nps_split(_counts(first_nps.summary.distribution)) if first_nps else None,
        seq=round(seq_total / seq_n, 2) if seq_n else None,
        seq_n=seq_n,
        seq_benchmark=SEQ_BENCHMARK,
        worst=top[:WORST],
        notes=[SUS_GRADE_NOTE, SEQ_NOTE],
    )
