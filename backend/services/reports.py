"""Campaign reports: SQL aggregates handed to the reports package."""

from __future__ import annotations

from collections import defaultdict

import msgspec
from piccolo.query.functions.aggregate import Count

from backend.auth.identity import CurrentUser
from backend.auth.scopes import visible_campaign
from backend.tables import Answer, CampaignLocale, Finding, Question, Step, StepResult
from campaigns.vocabulary import ReviewState, StepStatus
from reports.completion import FORMULAS as STEP_FORMULAS
from reports.completion import StepFunnel, StepInfo, step_funnel
from reports.friction import FORMULA, CellCount, FindingCount, FrictionCell, friction_heatmap
from reports.questions import (
    CSAT_FORMULA,
    NPS_FORMULA,
    SEQ_FORMULA,
    SUS_FORMULA,
    Summary,
    csat,
    nps,
    summarize,
    sus,
)

# Steps' stages are joined in: reports group step results by the stage of their step.
_BY_STAGE = """
    SELECT step.stage AS stage, step_result.locale AS locale, {measure} AS count
    FROM step_result JOIN step ON step.id = step_result.step
    WHERE step_result.campaign = {{}} {condition}
    GROUP BY step.stage, step_result.locale
"""
_BLOCKED = _BY_STAGE.format(measure="COUNT(*)", condition="AND step_result.status = {}")
_REACHED = _BY_STAGE.format(measure="COUNT(DISTINCT step_result.participation)", condition="")


class FrictionReport(msgspec.Struct):
    """The friction heatmap with the formula that made it."""

    formula: str
    locales: list[str]
    cells: list[FrictionCell]


class QuestionStatistics(msgspec.Struct):
    """One quantitative question in one locale (or `all` of them)."""

    question: str
    kind: str
    locale: str
    summary: Summary
    score_name: str | None = None
    score: float | None = None


class QuestionsReport(msgspec.Struct):
    """Statistics per quantitative question × locale, the SUS score, and the formulas."""

    statistics: list[QuestionStatistics]
    sus: dict[str, float | None]
    formulas: dict[str, str]


class CompletionReport(msgspec.Struct):
    """Per step: reached, completed, blocked, drop-off, task success, median time."""

    steps: list[StepFunnel]
    formulas: dict[str, str]


class CampaignReport(msgspec.Struct):
    """The campaign's aggregates: friction, completion per step, question statistics."""

    campaign_id: int
    name: str
    status: str
    friction: FrictionReport
    completion: CompletionReport
    questions: QuestionsReport


async def friction_report(campaign_id: int) -> FrictionReport:
    """Friction by stage × locale from three GROUP BY queries."""
    locales = [
        row["locale"]
        for row in await CampaignLocale.select(CampaignLocale.locale)
        .where(CampaignLocale.campaign == campaign_id)
        .order_by(CampaignLocale.id)
    ]
    accepted = await (
        Finding.select(Finding.stage, Finding.locale, Finding.severity, Count(alias="count"))
        .where((Finding.campaign == campaign_id) & (Finding.review == ReviewState.accepted))
        .group_by(Finding.stage, Finding.locale, Finding.severity)
    )
    blocked = await StepResult.raw(_BLOCKED, campaign_id, StepStatus.blocked.value)
    reached = await StepResult.raw(_REACHED, campaign_id)
    cells = friction_heatmap(
        [FindingCount(**row) for row in accepted],
        [CellCount(**row) for row in blocked],
        [CellCount(**row) for row in reached],
        locales,
    )
    return FrictionReport(formula=FORMULA, locales=locales, cells=cells)


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
    return QuestionsReport(
        statistics=statistics,
        sus=await _sus_by_locale(campaign_id, locales),
        formulas={"NPS": NPS_FORMULA, "CSAT": CSAT_FORMULA, "SEQ": SEQ_FORMULA, "SUS": SUS_FORMULA},
    )


async def _sus_by_locale(campaign_id: int, locales: list[str]) -> dict[str, float | None]:
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


async def completion_report(campaign_id: int) -> CompletionReport:
    """Step figures from two GROUP BYs over step results (by status, by time spent)."""
    steps = [
        StepInfo(id=row["id"], key=row["key"], use_case=row["use_case"], stage=row["stage"])
        for row in await Step.select(
            Step.id, Step.key, Step.use_case.key.as_alias("use_case"), Step.stage
        )
        .where(Step.campaign == campaign_id)
        .order_by(Step.use_case.position)
        .order_by(Step.position)
    ]
    statuses: dict[int, dict[str, int]] = defaultdict(dict)
    for row in await (
        StepResult.select(StepResult.step, StepResult.status, Count(alias="count"))
        .where(StepResult.campaign == campaign_id)
        .group_by(StepResult.step, StepResult.status)
    ):
        statuses[row["step"]][row["status"]] = row["count"]
    seconds: dict[int, dict[float, int]] = defaultdict(dict)
    for row in await (
        StepResult.select(StepResult.step, StepResult.seconds_spent, Count(alias="count"))
        .where((StepResult.campaign == campaign_id) & StepResult.seconds_spent.is_not_null())
        .group_by(StepResult.step, StepResult.seconds_spent)
    ):
        seconds[row["step"]][row["seconds_spent"]] = row["count"]
    return CompletionReport(steps=step_funnel(steps, statuses, seconds), formulas=STEP_FORMULAS)


async def campaign_report(user: CurrentUser, campaign_id: int) -> CampaignReport:
    """The report of a campaign the user may see."""
    campaign = await visible_campaign(user, campaign_id)
    friction = await friction_report(campaign_id)
    return CampaignReport(
        campaign_id=campaign_id,
        name=campaign["name"],
        status=campaign["status"],
        friction=friction,
        completion=await completion_report(campaign_id),
        questions=await questions_report(campaign_id, friction.locales),
    )
