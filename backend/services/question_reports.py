"""Question reports: statistics of quantitative answers, choice picks, text answers."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable

import msgspec
from piccolo.query.functions.aggregate import Count

from backend.db.unions import union_all
from backend.errors import Invalid, NotFound
from backend.tables import Answer, AnswerCount, Question
from campaigns.text import localize
from campaigns.vocabulary import QuestionKind
from reports.choices import ChoiceDistribution, distribution
from reports.qualitative import TextAnswer, TextAnswers, TextPage, group_texts
from reports.questions import (
    FORMULAS,
    QuestionsReport,
    QuestionStatistics,
    Summary,
    csat,
    nps,
    summarize,
    sus,
)

# The JSON report and dashboard show the latest answers of each question × locale; the
# rest are paged (`text_answers`) and the workbook has every one.
TEXTS_KEPT = 10
# The dashboard quotes fewer: a taste of each locale, the rest a click away.
TEXTS_QUOTED = 5
# A page of one question's answers, and the most one request may ask for.
TEXT_PAGE = 50
MAX_TEXT_PAGE = 200
# Only the distinct pick lists come back, with how many testers made each.
_PICKS = """
    SELECT question, locale, CAST(choices AS TEXT) AS picked, COUNT(*) AS n
    FROM answer
    WHERE campaign = {} AND choices IS NOT NULL
    GROUP BY question, locale, CAST(choices AS TEXT)
"""
# The newest answers of one question × locale, read backwards along answer_report_idx.
_NEWEST = """
    SELECT id, question, locale, text FROM answer
    WHERE campaign = {} AND question = {} AND locale = {}
    ORDER BY id DESC LIMIT {}
"""
_CHOICE = (QuestionKind.single_choice, QuestionKind.multi_choice)


_NUMERIC = ("rating", "nps", "seq", "number", "yes_no")
# (question id, locale) → answer value → testers who gave it.
NumberCounts = dict[tuple[int, str], dict[float, int]]


def _score(
    kind: str, measure: str | None, counts: dict[float, int], summary: Summary
) -> tuple[str | None, float | None]:
    if kind == "nps":
        return "NPS", nps(counts)
    if kind == "rating" and measure == "csat":
        return "CSAT", csat(counts)
    if kind == "seq":
        return "SEQ", summary.mean
    return None, None


async def questions_report(
    campaign_id: int,
    locales: list[str],
    numbers: Awaitable[NumberCounts] | None = None,
    figure_locales: list[str] | None = None,
    texts_kept: int = TEXTS_KEPT,
) -> QuestionsReport:
    """Statistics, choice shares, the latest text answers and SUS, per question × locale;
    statistics and shares only of `figure_locales` (and all locales together) if given."""
    figures = locales if figure_locales is None else figure_locales
    statistics, choices, texts, scores = await asyncio.gather(
        question_statistics(campaign_id, figures, numbers),
        choice_distributions(campaign_id, figures),
        latest_texts(campaign_id, locales, texts_kept),
        sus_by_locale(campaign_id, locales),
    )
    return QuestionsReport(
        statistics=statistics, choices=choices, texts=texts, sus=scores, formulas=FORMULAS
    )


class QuestionWords(msgspec.Struct):
    """What the dashboard writes about its questions: each one's text and each option's
    label in the reader's language (where the campaign has it), each scale's ends, and the
    step a question is asked at, if any."""

    texts: dict[str, str]
    options: dict[tuple[str, str], str]
    scales: dict[str, tuple[int, int]]
    steps: dict[str, int]


async def question_words(campaign_id: int, language: str) -> QuestionWords:
    """The questions' words from their rows alone, without building the whole definition."""
    rows = await (
        Question.select(
            Question.key,
            Question.kind,
            Question.text,
            Question.config,
            Question.step,
            Question.campaign.default_locale.as_alias("default"),
        )
        .where(Question.campaign == campaign_id)
        .output(load_json=True)
    )
    words = QuestionWords(texts={}, options={}, scales={}, steps={})
    for row in rows:
        key, default = row["key"], row["default"]
        if row["step"] is not None:
            words.steps[key] = row["step"]
        words.texts[key] = localize(row["text"], language, default)
        for option in row["config"].get("options", []):
            words.options[key, option["id"]] = localize(option["label"], language, default)
        if row["kind"] == QuestionKind.rating:
            words.scales[key] = (1, int(row["config"].get("scale", 5)))
        elif row["kind"] == QuestionKind.seq:
            words.scales[key] = (1, 7)
    return words


async def number_counts(campaign_id: int, question: int | None = None) -> NumberCounts:
    """Every numeric answer (or one question's) counted per question id, locale and value,
    as the answer_count table keeps them; statistics and the journey map's ease both read
    it."""
    counts: NumberCounts = defaultdict(dict)
    where = (AnswerCount.campaign == campaign_id) & (AnswerCount.n > 0)
    if question is not None:
        where &= AnswerCount.question == question
    for row in await AnswerCount.select(
        AnswerCount.question, AnswerCount.locale, AnswerCount.number, AnswerCount.n
    ).where(where):
        counts[row["question"], row["locale"]][row["number"]] = row["n"]
    return counts


async def question_statistics(
    campaign_id: int,
    locales: list[str],
    numbers: Awaitable[NumberCounts] | None = None,
    key: str | None = None,
) -> list[QuestionStatistics]:
    """Statistics per question × locale (and all locales) from `number_counts`, read here
    unless the caller shares one it has already asked for; of one question with `key`."""
    where = (Question.campaign == campaign_id) & Question.kind.is_in(list(_NUMERIC))
    if key is not None:
        where &= Question.key == key
    questions = await (
        Question.select(Question.id, Question.key, Question.kind, Question.measure)
        .where(where)
        .order_by(Question.position)
    )
    if not questions:
        return []
    if numbers is None:
        numbers = number_counts(campaign_id, questions[0]["id"] if key is not None else None)
    counts: NumberCounts = defaultdict(lambda: defaultdict(int))
    for (question, locale), cell in (await numbers).items():
        counts[question, locale] = cell
        for value, count in cell.items():
            counts[question, "all"][value] += count
    statistics = []
    for question in questions:
        for locale in [*locales, "all"]:
            cell = counts.get((question["id"], locale), {})
            summary = summarize(cell)
            name, score = _score(question["kind"], question["measure"], cell, summary)
            statistics.append(
                QuestionStatistics(
                    question=question["key"],
                    kind=question["kind"],
                    locale=locale,
                    summary=summary,
                    score_name=name,
                    score=score,
                )
            )
    return statistics


async def choice_distributions(campaign_id: int, locales: list[str]) -> list[ChoiceDistribution]:
    """Picks per option and locale, from the distinct pick lists and how many made each:
    JSON cannot be grouped in PostgreSQL, its text can (and answer_picks_idx holds it)."""
    questions = await (
        Question.select(Question.id, Question.key, Question.kind, Question.config)
        .where((Question.campaign == campaign_id) & Question.kind.is_in(list(_CHOICE)))
        .order_by(Question.position)
        .output(load_json=True)
    )
    picks: dict[tuple[int, str], list[tuple[list[str], int]]] = defaultdict(list)
    for row in await Answer.raw(_PICKS, campaign_id):
        picked = (msgspec.json.decode(row["picked"]), row["n"])
        picks[row["question"], row["locale"]].append(picked)
        picks[row["question"], "all"].append(picked)
    return [
        distribution(
            question["key"],
            question["kind"],
            locale,
            [option["id"] for option in question["config"].get("options", [])],
            picks.get((question["id"], locale), []),
        )
        for question in questions
        for locale in [*locales, "all"]
    ]


async def latest_texts(
    campaign_id: int, locales: list[str], keep: int = TEXTS_KEPT
) -> list[TextAnswers]:
    """How many answered each text question × locale, and the latest `keep` of each: the
    rest are a page away (`text_answers`). A text question's answer always has its text (a
    cleared answer is deleted), so both read answer_report_idx without touching the rows
    of the answers left out."""
    keys = {
        row["id"]: row["key"]
        for row in await Question.select(Question.id, Question.key)
        .where((Question.campaign == campaign_id) & (Question.kind == QuestionKind.text))
        .order_by(Question.position)
    }
    if not keys or not locales:
        return []
    groups = [(campaign_id, question, locale, keep) for question in keys for locale in locales]
    counts, latest = await asyncio.gather(
        Answer.select(Answer.question, Answer.locale, Count(alias="n"))
        .where((Answer.campaign == campaign_id) & Answer.question.is_in(list(keys)))
        .group_by(Answer.question, Answer.locale)
        .run(),
        union_all(Answer, _NEWEST, groups),
    )
    return group_texts(
        list(keys.values()),
        locales,
        {(keys[row["question"]], row["locale"]): row["n"] for row in counts},
        (
            (keys[row["question"]], row["locale"], row["text"])
            for row in sorted(latest, key=lambda row: row["id"], reverse=True)
        ),
    )


async def text_answers(
    campaign_id: int,
    question_key: str,
    locale: str | None = None,
    before: int | None = None,
    limit: int = TEXT_PAGE,
) -> TextPage:
    """A page of an open question's answers, newest first, of one locale or all, starting
    below answer `before`: a keyset page, as cheap deep in the list as at its top."""
    if not 1 <= limit <= MAX_TEXT_PAGE:
        raise Invalid("answers.limit", "Ask for 1 to {most} answers at a time", most=MAX_TEXT_PAGE)
    question = await (
        Question.select(Question.id, Question.key)
        .where(
            (Question.campaign == campaign_id)
            & (Question.key == question_key)
            & (Question.kind == QuestionKind.text)
        )
        .first()
    )
    if question is None:
        raise NotFound(
            "question.not_found",
            "No open question {question} in this campaign",
            question=question_key,
        )
    where = (Answer.campaign == campaign_id) & (Answer.question == question["id"])
    if locale:
        where &= Answer.locale == locale
    total = await Answer.count().where(where)
    if before is not None:
        where &= Answer.id < before
    rows = await (
        Answer.select(Answer.id, Answer.locale, Answer.text)
        .where(where)
        .order_by(Answer.id, ascending=False)
        .limit(limit + 1)
    )
    return TextPage(
        question=question["key"],
        locale=locale,
        total=total,
        answers=[TextAnswer(**row) for row in rows[:limit]],
        next_before=rows[limit - 1]["id"] if len(rows) > limit else None,
    )


async def sus_by_locale(campaign_id: int, locales: list[str]) -> dict[str, float | None]:
    """SUS needs each tester's ten items together, so it is scored per participation."""
    items = [
        row["id"]
        for row in await Question.select(Question.id)
        .where((Question.campaign == campaign_id) & (Question.measure == "sus"))
        .order_by(Question.position)
    ]
    if len(items) != 10:
        return {}
    answers = await Answer.select(
        Answer.participation, Answer.locale, Answer.question, Answer.number
    ).where(Answer.question.is_in(items) & Answer.number.is_not_null())
    by_tester: dict[int, dict[int, int]] = defaultdict(dict)
    locale_of: dict[int, str] = {}
    for row in answers:
        by_tester[row["participation"]][row["question"]] = int(row["number"])
        locale_of[row["participation"]] = row["locale"]
    respondents = {
        tester: [scores[item] for item in items if item in scores]
        for tester, scores in by_tester.items()
    }
    return {
        locale: sus(
            [r for tester, r in respondents.items() if locale in ("all", locale_of[tester])]
        )
        for locale in [*locales, "all"]
    }
