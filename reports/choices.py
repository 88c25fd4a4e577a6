"""Distributions of choice answers: how often each option was picked, per locale."""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from campaigns.words import N_

SHARE_FORMULA = N_("share = testers who picked the option ÷ testers who answered the question")


class OptionCount(msgspec.Struct):
    """One option: how many testers picked it and their share of those who answered."""

    option: str
    count: int
    share: float | None


class ChoiceDistribution(msgspec.Struct):
    """A choice question in one locale (or `all`): respondents and picks per option."""

    question: str
    kind: str
    locale: str
    n: int
    options: list[OptionCount]


def distribution(
    question: str,
    kind: str,
    locale: str,
    options: list[str],
    answers: Iterable[tuple[list[str], int]],
) -> ChoiceDistribution:
    """Count picks per option in the question's order from (picks, how many testers made
    them) pairs; unknown option ids are ignored."""
    counts = dict.fromkeys(options, 0)
    n = 0
    for picked, testers in answers:
        n += testers
        for option in set(picked):
            if option in counts:
                counts[option] += testers
    return ChoiceDistribution(
        question=question,
        kind=kind,
        locale=locale,
        n=n,
        options=[
            OptionCount(option=o, count=c, share=round(c / n, 3) if n else None)
            for o, c in counts.items()
        ],
    )
