"""Campaign reports: SQL aggregates handed to the reports package."""

from __future__ import annotations

import asyncio
import statistics
from collections import Counter, defaultdict
from collections.abc import Awaitable
from typing import Any

import msgspec
from piccolo.query.functions.aggregate import Min

from backend.auth.identity import CurrentUser
from backend.db.unions import union_all
from backend.errors import Invalid
from backend.services.access import visible_campaign
from backend.services.campaign_store import step_titles
from backend.services.campaigns import locale_progress
from backend.services.question_reports import (
    TEXTS_KEPT,
    TEXTS_QUOTED,
    NumberCounts,
    number_counts,
    questions_report,
)
from backend.services.top_points import top_points
from backend.tables import (
    CampaignLocale,
    FrictionCount,
    MoodCount,
    Question,
    Screenshot,
    StageReach,
    Step,
    StepCount,
    StepResult,
)
from campaigns.vocabulary import ParticipationState, QuestionKind, ReviewState, Stage
from reports.campaign import CampaignReport
from reports.completion import FORMULAS as STEP_FORMULAS
from reports.completion import CompletionReport, StepInfo, middle_positions, step_funnel
from reports.friction import (
    BLOCKED_RATE_FORMULA,
    FORMULA,
    FindingCount,
    FrictionReport,
    StageTally,
    friction_heatmap,
)
from reports.headline import headline
from reports.journey_map import StageColumn, journey_map, seq_feeling
from reports.locales import FORMULA as LOCALES_FORMULA
from reports.locales import LocalesCompared, compare_locales

# Who reached each stage × locale, with their results and blocked steps, from the tally the
# triggers keep per tester and stage (a few rows per tester, not one per step result).
_REACH = """
    SELECT stage, locale, COUNT(*) AS testers, SUM(n) AS results, SUM(blocked) AS blocked
    FROM stage_reach
    WHERE campaign = {} AND n > 0
    GROUP BY stage, locale
"""


# A step's middle time or two, read from step_result_time_idx (or, for one locale, the few
# results of that step and locale sorted): never every time of every step.
_MIDDLE = """
    SELECT step, seconds_spent AS seconds FROM step_result
    WHERE campaign = {{}} AND step = {{}} AND seconds_spent IS NOT NULL {}
    ORDER BY seconds_spent LIMIT {{}} OFFSET {{}}
"""
_IN_LOCALE = "AND locale = {}"
# Each step's results per status, and how many were timed, of all locales or of one.
_STATUSES = """
    SELECT step, status, SUM(n) AS count, SUM(timed) AS timed FROM step_count
    WHERE campaign = {{}} AND n > 0 {}
    GROUP BY step, status
"""


async def campaign_locales(campaign_id: int) -> list[str]:
    """The campaign's locales in the order it lists them."""
    return [
        row["locale"]
        for row in await CampaignLocale.select(CampaignLocale.locale)
        .where(CampaignLocale.campaign == campaign_id)
        .order_by(CampaignLocale.id)
    ]


async def friction_report(campaign_id: int, locales: list[str] | None = None) -> FrictionReport:
    """Friction by stage × locale from the findings' and step results' tallies."""
    if locales is None:
        locales = await campaign_locales(campaign_id)
    accepted, tallies, stages = await asyncio.gather(
        FrictionCount.select(
            FrictionCount.stage,
            FrictionCount.locale,
            FrictionCount.severity,
            FrictionCount.kind,
            FrictionCount.n.as_alias("count"),
        )
        .where((FrictionCount.campaign == campaign_id) & (FrictionCount.n > 0))
        .run(),
        StageReach.raw(_REACH, campaign_id).run(),
        Step.select(Step.stage).where(Step.campaign == campaign_id).distinct().run(),
    )
    cells = friction_heatmap(
        [FindingCount(**row) for row in accepted],
        [StageTally(**{**row, "blocked": int(row["blocked"] or 0)}) for row in tallies],
        locales,
        [row["stage"] for row in stages],
    )
    return FrictionReport(
        formula=FORMULA, blocked_rate_formula=BLOCKED_RATE_FORMULA, locales=locales, cells=cells
    )


async def journey_feelings(
    campaign_id: int, numbers: Awaitable[NumberCounts]
) -> tuple[list[StageColumn], dict[tuple[str, str], Counter[float]]]:
    """The journey map's stages with their touchpoints, and how testers felt per stage ×
    locale (findings' moods, and the SEQ answers among `numbers` asked at a step):
    everything the map needs but the friction."""
    steps = await (
        Step.select(Step.stage, Step.touchpoint)
        .where(Step.campaign == campaign_id)
        .order_by(Step.id)
    )
    touchpoints: dict[str, list[str]] = {}
    for step in steps:
        seen = touchpoints.setdefault(step["stage"], [])
        if step["touchpoint"] not in seen:
            seen.append(step["touchpoint"])
    columns = [StageColumn(s.value, touchpoints[s.value]) for s in Stage if s.value in touchpoints]
    feelings: dict[tuple[str, str], Counter[float]] = defaultdict(Counter)
    for row in await MoodCount.select(
        MoodCount.review, MoodCount.stage, MoodCount.locale, MoodCount.emotion, MoodCount.n
    ).where((MoodCount.campaign == campaign_id) & (MoodCount.n > 0)):
        if row["review"] not in (ReviewState.rejected, ReviewState.duplicate):
            feelings[row["stage"], row["locale"]][float(row["emotion"])] += row["n"]
    stage_of = {
        row["id"]: row["stage"]
        for row in await Question.select(Question.id, Question.step.stage.as_alias("stage")).where(
            (Question.campaign == campaign_id)
            & (Question.kind == QuestionKind.seq)
            & Question.step.is_not_null()
        )
    }
    for (question, locale), cell in (await numbers).items():
        if question in stage_of:
            for value, count in cell.items():
                feelings[stage_of[question], locale][seq_feeling(value)] += count
    return columns, feelings


async def locales_compared(campaign_id: int, friction: FrictionReport) -> LocalesCompared:
    """Each cell against the other locales of its stage, with one screenshot per locale of
    the stages where a gap is stated, to set side by side."""
    gaps = compare_locales(friction.cells)
    stages = sorted({gap.stage for gap in gaps if gap.notable})
    screenshots: dict[str, dict[str, int]] = {}
    for row in await (
        Screenshot.select(
            Screenshot.finding.stage.as_alias("stage"),
            Screenshot.finding.locale.as_alias("locale"),
            Min(Screenshot.id, alias="first"),
        )
        .where(
            (Screenshot.finding.campaign == campaign_id)
            & Screenshot.finding.stage.is_in([*stages, ""])
            & (Screenshot.finding.review == ReviewState.accepted)
        )
        .group_by(Screenshot.finding.stage, Screenshot.finding.locale)
    ):
        screenshots.setdefault(row["stage"], {})[row["locale"]] = row["first"]
    return LocalesCompared(formula=LOCALES_FORMULA, gaps=gaps, screenshots=screenshots)


async def completion_report(campaign_id: int, locale: str | None = None) -> CompletionReport:
    """Step figures from the step results' tally, and each step's middle times."""
    titles = await step_titles(campaign_id)
    steps = [
        StepInfo(
            id=row["id"],
            key=row["key"],
            use_case=row["use_case"],
            stage=row["stage"],
            use_case_title=titles[row["id"]][0],
            title=titles[row["id"]][1],
        )
        for row in await Step.select(
            Step.id, Step.key, Step.use_case.key.as_alias("use_case"), Step.stage
        )
        .where(Step.campaign == campaign_id)
        .order_by(Step.use_case.position)
        .order_by(Step.position)
    ]
    statuses: dict[int, dict[str, int]] = defaultdict(dict)
    timed: Counter[int] = Counter()
    for row in await StepCount.raw(
        _STATUSES.format(_IN_LOCALE if locale else ""), campaign_id, *([locale] if locale else [])
    ):
        statuses[row["step"]][row["status"]] = int(row["count"])
        timed[row["step"]] += int(row["timed"])
    middles: dict[int, list[float]] = defaultdict(list)
    for row in await union_all(
        StepResult,
        _MIDDLE.format(_IN_LOCALE if locale else ""),
        [
            (campaign_id, step, *([locale] if locale else []), *reversed(middle_positions(n)))
            for step, n in timed.items()
            if n
        ],
    ):
        middles[row["step"]].append(float(row["seconds"]))
    medians = {step: statistics.fmean(values) for step, values in middles.items()}
    return CompletionReport(steps=step_funnel(steps, statuses, medians), formulas=STEP_FORMULAS)


async def campaign_report(
    user: CurrentUser, campaign_id: int, locale: str | None = None, overview: bool = False
) -> CampaignReport:
    """The report of a campaign the user may see, of all its locales or of one."""
    campaign = await visible_campaign(user, campaign_id)
    return await build_report(campaign, locale, overview)


async def build_report(
    campaign: dict[str, Any], locale: str | None = None, overview: bool = False
) -> CampaignReport:
    """The report of a campaign row, for callers that have already checked access. With a
    locale, every part reads that locale only, and the comparison shows it against the others;
    a locale the campaign does not test is refused. An `overview` (the dashboard) has the
    question figures of all locales together, or of the locale in focus, not of each."""
    campaign_id = campaign["id"]
    locales = await campaign_locales(campaign_id)
    if locale is not None and locale not in locales:
        raise Invalid(
            "report.locale",
            "This campaign does not test in {locale}; it tests in {locales}",
            locale=locale,
            locales=", ".join(locales),
        )
    shown = [locale] if locale else locales
    # The parts read different tables and indexes: asked together, they run side by side on
    # the pool's connections.
    numbers = asyncio.ensure_future(number_counts(campaign_id))
    everywhere, (columns, feelings), top, questions, progress, completion = await asyncio.gather(
        friction_report(campaign_id, locales),
        journey_feelings(campaign_id, numbers),
        top_points(campaign_id, locale=locale),
        questions_report(
            campaign_id,
            shown,
            numbers,
            ([locale] if locale else []) if overview else None,
            TEXTS_QUOTED if overview else TEXTS_KEPT,
        ),
        locale_progress(campaign_id),
        completion_report(campaign_id, locale),
    )
    friction = msgspec.structs.replace(
        everywhere,
        locales=shown,
        cells=[cell for cell in everywhere.cells if cell.locale in shown],
    )
    compared = await locales_compared(campaign_id, everywhere)
    compared.gaps = [gap for gap in compared.gaps if gap.locale in shown]
    progress = [p for p in progress if p.locale in shown]
    finished = (ParticipationState.submitted, ParticipationState.approved)
    done = [(sum(p.counts.get(state, 0) for state in finished), p.quota) for p in progress]
    return CampaignReport(
        campaign_id=campaign_id,
        name=campaign["name"],
        status=campaign["status"],
        locale=locale,
        headline=headline(
            done, questions.sus.get(locale or "all"), questions.statistics, top.points, locale
        ),
        friction=friction,
        journey=journey_map(columns, shown, feelings, friction.cells),
        locales=compared,
        top=top,
        completion=completion,
        questions=questions,
    )
