"""Statistics of quantitative answers, computed from value → count distributions."""

from __future__ import annotations

import math
from collections.abc import Mapping

import msgspec

from campaigns.words import N_
from reports.choices import SHARE_FORMULA, ChoiceDistribution
from reports.qualitative import TextAnswers

NPS_FORMULA = N_("NPS = % promoters (answers 9 and 10) minus % detractors (answers 0 to 6)")
CSAT_FORMULA = N_("CSAT = % of answers that are 4 or 5 on the 1-5 satisfaction scale")
SEQ_FORMULA = N_("SEQ = mean of the 1-7 Single Ease Question")
SUS_FORMULA = N_(
    "SUS = 2.5 × (sum over odd items of (score minus 1) + sum over even items of"
    " (5 minus score)), per tester, then averaged"
)
FORMULAS = {
    "NPS": NPS_FORMULA,
    "CSAT": CSAT_FORMULA,
    "SEQ": SEQ_FORMULA,
    "SUS": SUS_FORMULA,
    "share": SHARE_FORMULA,
}


class Summary(msgspec.Struct):
    """n, mean, median, standard deviation and the distribution of one set of answers."""

    n: int
    mean: float | None
    median: float | None
    sd: float | None
    distribution: dict[str, int]


class QuestionStatistics(msgspec.Struct):
    """One quantitative question in one locale (or `all` of them)."""

    question: str
    kind: str
    locale: str
    summary: Summary
    score_name: str | None = None
    score: float | None = None


def summarize(counts: Mapping[float, int]) -> Summary:
    """Summary statistics from a value → count distribution (sample standard deviation).

    The dashboard summarizes every question × locale on each request, so this walks the
    sorted values a fixed number of times and no more.
    """
    items = sorted((value, count) for value, count in counts.items() if count > 0)
    if not items:
        return Summary(n=0, mean=None, median=None, sd=None, distribution={})
    n = sum(count for _, count in items)
    mean = sum(value * count for value, count in items) / n
    sd = None
    if n > 1:
        sd = round(math.sqrt(sum(c * (v - mean) ** 2 for v, c in items) / (n - 1)), 2)
    return Summary(
        n=n,
        mean=round(mean, 2),
        median=_median(items, n),
        sd=sd,
        distribution={_label(value): count for value, count in items},
    )


def _label(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _median(items: list[tuple[float, int]], n: int) -> float:
    """The middle value (or the mean of the two middle ones) of sorted (value, count) pairs."""
    low, high = (n - 1) // 2, n // 2
    found: list[float] = []
    seen = 0
    for value, count in items:
        seen += count
        while len(found) < 2 and (low, high)[len(found)] < seen:
            found.append(value)
        if len(found) == 2:
            break
    return (found[0] + found[1]) / 2


def nps(counts: Mapping[float, int]) -> float | None:
    """Net Promoter Score from 0-10 answers."""
    n = sum(counts.values())
    if not n:
        return None
    promoters = sum(c for v, c in counts.items() if v >= 9)
    detractors = sum(c for v, c in counts.items() if v <= 6)
    return round(100 * (promoters - detractors) / n, 1)


def csat(counts: Mapping[float, int]) -> float | None:
    """Share of satisfied answers (4 or 5) on a 1-5 scale, in percent."""
    n = sum(counts.values())
    return round(100 * sum(c for v, c in counts.items() if v >= 4) / n, 1) if n else None


def sus(respondents: list[list[int]]) -> float | None:
    """Mean SUS score over testers who answered all ten items, given in item order."""
    scores = [
        2.5 * sum(score - 1 if item % 2 == 0 else 5 - score for item, score in enumerate(items))
        for items in respondents
        if len(items) == 10
    ]
    return round(sum(scores) / len(scores), 1) if scores else None


class QuestionsReport(msgspec.Struct):
    """Per question × locale: statistics, choice distributions, text answers; SUS; formulas."""

    statistics: list[QuestionStatistics]
    choices: list[ChoiceDistribution]
    texts: list[TextAnswers]
    sus: dict[str, float | None]
    formulas: dict[str, str]
