"""Qualitative answers grouped by question and locale."""

from __future__ import annotations

from collections.abc import Iterable

import msgspec


class TextAnswers(msgspec.Struct):
    """The text answers to one question in one locale: how many, and the latest of them."""

    question: str
    locale: str
    n: int
    answers: list[str]


def group_texts(
    questions: list[str], locales: list[str], rows: Iterable[tuple[str, str, str]], keep: int
) -> list[TextAnswers]:
    """Group (question, locale, text) rows; each group counts all and keeps the first `keep`."""
    groups = {(q, loc): TextAnswers(q, loc, 0, []) for q in questions for loc in locales}
    for question, locale, text in rows:
        group = groups.get((question, locale))
        if group is None:
            continue
        group.n += 1
        if len(group.answers) < keep:
            group.answers.append(text)
    return list(groups.values())
