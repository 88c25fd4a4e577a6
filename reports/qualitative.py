"""Qualitative answers grouped by question and locale."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import msgspec


class TextAnswers(msgspec.Struct):
    """The text answers to one question in one locale: how many, and the latest of them."""

    question: str
    locale: str
    n: int
    answers: list[str]


def group_texts(
    questions: list[str],
    locales: list[str],
    counts: Mapping[tuple[str, str], int],
    latest: Iterable[tuple[str, str, str]],
) -> list[TextAnswers]:
    """Each question × locale with how many answered and its latest (question, locale, text)
    rows, in the order given."""
    groups = {
        (q, loc): TextAnswers(q, loc, counts.get((q, loc), 0), [])
        for q in questions
        for loc in locales
    }
    for question, locale, text in latest:
        group = groups.get((question, locale))
        if group is not None:
            group.answers.append(text)
    return list(groups.values())


class TextAnswer(msgspec.Struct):
    """One text answer, without who wrote it: the dashboard shows words, not testers."""

    id: int
    locale: str
    text: str


class TextPage(msgspec.Struct):
    """A page of one open question's answers, newest first; `next_before` continues it."""

    question: str
    locale: str | None
    total: int
    answers: list[TextAnswer]
    next_before: int | None
