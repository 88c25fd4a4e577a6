"""Question reports: statistics of quantitative answers, choice picks, text answers."""

from __future__ import annotations

from collections import defaultdict

from piccolo.query.functions.aggregate import Count

from backend.tables import Answer, Question
from campaigns.text import localize
from campaigns.vocabulary import QuestionKind
from reports.choices import ChoiceDistribution, distribution
from reports.qualitative import TextAnswers, group_texts
from reports.questions import (
    FORMULAS,
    QuestionsReport,
    QuestionStatistics,
    csat,
    nps,
    summarize,
    sus,
)

# The JSON report and dashboard show the latest answers; the workbook has every one.
TEXTS_KEPT = 100
_CHOICE = (QuestionKind.single_choice, QuestionKind.multi_choice)


_NUMERIC = ("rating", "nps", "seq", "number", "yes_no")


def _score(
    kind: str, measure: str | None, counts: dict[float, int]
) -> tuple[str | None, float | None]:
    if kind == "nps":
        return "NPS", nps(counts)
    if kind == "rating" and measure == "csat":
        return "CSAT", csat(counts)
    if kind == "seq":
        return "SEQ", summarize(counts).mean
    return None, None


async def questions_report(campaign_id: int, locales: list[str]) -> QuestionsReport:
    """Statistics, choice shares, the latest text answers and SUS, per question × locale."""
    return QuestionsReport(
        statistics=await question_statistics(campaign_id, locales),
        choices=await choice_distributions(campaign_id, locales),
        texts=await latest_texts(campaign_id, locales),
        sus=await sus_by_locale(campaign_id, locales),
        formulas=FORMULAS,
    )


async def question_texts(campaign_id: int, language: str | None = None) -> dict[str, str]:
    """Each question's text by its key, for titles: in the reader's `language` where the
    campaign has it, else in its default locale."""
    rows = await (
        Question.select(
            Question.key, Question.text, Question.campaign.default_locale.as_alias("locale")
        )
        .where(Question.campaign == campaign_id)
        .output(load_json=True)
    )
    return {
        row["key"]: localize(row["text"], language or row["locale"], row["locale"]) for row in rows
    }


async def question_statistics(campaign_id: int, locales: list[str]) -> list[QuestionStatistics]:
    """Statistics from one GROUP BY over answers (question, locale, value)."""
    questions = await (
        Question.select(Question.id, Question.key, Question.kind, Question.measure)
        .where((Question.campaign == campaign_id) & Question.kind.is_in(list(_NUMERIC)))
        .order_by(Question.position)
    )
    counted = await (
        Answer.select(Answer.question, Answer.locale, Answer.number, Count(alias="count"))
        .where((Answer.campaign == campaign_id) & Answer.number.is_not_null())
        .group_by(Answer.question, Answer.locale, Answer.number)
    )
    counts: dict[tuple[int, str], dict[float, int]] = defaultdict(lambda: defaultdict(int))
    for row in counted:
        counts[row["question"], row["locale"]][row["number"]] += row["count"]
        counts[row["question"], "all"][row["number"]] += row["count"]
    statistics = []
    for question in questions:
        for locale in [*locales, "all"]:
            cell = counts.get((question["id"], locale), {})
            name, score = _score(question["kind"], question["measure"], cell)
            statistics.append(
                QuestionStatistics(
                    question=question["key"],
                    kind=question["kind"],
                    locale=locale,
                    summary=summarize(cell),
                    score_name=name,
                    score=score,
                )
            )
    return statistics


async def choice_distributions(campaign_id: int, locales: list[str]) -> list[ChoiceDistribution]:
    """Picks per option and locale; picks are JSON lists, which PostgreSQL cannot GROUP BY,
    so they are counted here."""
    questions = await (
        Question.select(Question.id, Question.key, Question.kind, Question.config)
        .where((Question.campaign == campaign_id) & Question.kind.is_in(list(_CHOICE)))
        .order_by(Question.position)
        .output(load_json=True)
    )
    picks: dict[tuple[int, str], list[list[str]]] = defaultdict(list)
    for row in await (
        Answer.select(Answer.question, Answer.locale, Answer.choices)
        .where((Answer.campaign == campaign_id) & Answer.choices.is_not_null())
        .output(load_json=True)
    ):
        picks[row["question"], row["locale"]].append(row["choices"])
        picks[row["question"], "all"].append(row["choices"])
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


async def latest_texts(campaign_id: int, locales: list[str]) -> list[TextAnswers]:
    """The latest text answers of each question × locale, and how many there are."""
    keys = {
        row["id"]: row["key"]
        for row in await Question.select(Question.id, Question.key)
        .where((Question.campaign == campaign_id) & (Question.kind == QuestionKind.text))
        .order_by(Question.position)
    }
    rows = await (
        Answer.select(Answer.question, Answer.locale, Answer.text)
        .where((Answer.campaign == campaign_id) & Answer.question.is_in([*keys, -1]))
        .where(Answer.text.is_not_null())
        .order_by(Answer.id, ascending=False)
    )
    return group_texts(
        list(keys.values()),
        locales,
        ((keys[row["question"]], row["locale"], row["text"]) for row in rows),
        keep=TEXTS_KEPT,
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
