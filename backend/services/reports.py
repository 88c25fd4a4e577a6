"""Campaign reports: SQL aggregates handed to the reports package."""

from __future__ import annotations

import asyncio
import statistics
from collections import Counter, defaultdict
from collections.abc import Awaitable
from typing import Any

import msgspec
from piccolo.query.functions.aggregate import Count, Min

from backend.auth.identity import CurrentUser
from backend.db.unions import union_all
from backend.errors import Invalid
from backend.services.access import visible_campaign
from backend.services.campaign_store import step_titles
from backend.services.campaigns import locale_progress
from backend.services.findings import screenshots_by_finding
from backend.services.question_reports import (
    TEXTS_KEPT,
    TEXTS_QUOTED,
    NumberCounts,
    number_counts,
    questions_report,
)
from backend.tables import (
    CampaignLocale,
    Finding,
    Question,
    Screenshot,
    Step,
    StepResult,
)
from campaigns.vocabulary import ParticipationState, QuestionKind, ReviewState, Stage, StepStatus
from reports.campaign import CampaignReport
from reports.completion import FORMULAS as STEP_FORMULAS
from reports.completion import CompletionReport, StepInfo, middle_positions, step_funnel
from reports.friction import (
    BLOCKED_RATE_FORMULA,
    FORMULA,
    SEVERITY_WEIGHTS,
    FindingCount,
    FrictionReport,
    StageTally,
    friction_heatmap,
)
from reports.headline import headline
from reports.journey_map import StageColumn, journey_map, seq_feeling
from reports.locales import FORMULA as LOCALES_FORMULA
from reports.locales import LocalesCompared, compare_locales
from reports.top import RANK_FORMULA, FrictionPoint, TopPoints

# Step results carry their step's stage, so this reads the covering step_result_tally_idx.
_TALLY = """
    SELECT stage, locale, COUNT(DISTINCT participation) AS testers, COUNT(*) AS results,
        SUM(CASE WHEN status = {} THEN 1 ELSE 0 END) AS blocked
    FROM step_result
    WHERE campaign = {}
    GROUP BY stage, locale
"""


# Ranked in SQL so a campaign with many accepted findings sends back only the top few.
_WEIGHT = "CASE finding.severity {} ELSE 0 END".format(
    " ".join(
        f"WHEN '{severity.value}' THEN {weight}" for severity, weight in SEVERITY_WEIGHTS.items()
    )
)
_TOP = f"""
    SELECT COALESCE(finding.issue_of, finding.id) AS id,
        SUM(1 + COALESCE(folded.n, 0)) AS reports,
        SUM(({_WEIGHT}) * (1 + COALESCE(folded.n, 0))) AS score
    FROM finding LEFT JOIN (
        SELECT duplicate_of, COUNT(*) AS n FROM finding
        WHERE campaign = {{}} AND duplicate_of IS NOT NULL GROUP BY duplicate_of
    ) AS folded ON folded.duplicate_of = finding.id
    WHERE finding.campaign = {{}} AND finding.review = {{}}
        AND ({{}} = '' OR finding.locale = {{}})
    GROUP BY COALESCE(finding.issue_of, finding.id)
    ORDER BY score DESC, id
    LIMIT {{}}
"""  # noqa: S608
TOP_POINTS = 10
# A step's middle time or two, read from step_result_time_idx (or, for one locale, the few
# results of that step and locale sorted): never every time of every step.
_MIDDLE = """
    SELECT step, seconds_spent AS seconds FROM step_result
    WHERE campaign = {{}} AND step = {{}} AND seconds_spent IS NOT NULL {}
    ORDER BY seconds_spent LIMIT {{}} OFFSET {{}}
"""
_IN_LOCALE = "AND locale = {}"


async def campaign_locales(campaign_id: int) -> list[str]:
    """The campaign's locales in the order it lists them."""
    return [
        row["locale"]
        for row in await CampaignLocale.select(CampaignLocale.locale)
        .where(CampaignLocale.campaign == campaign_id)
        .order_by(CampaignLocale.id)
    ]


async def friction_report(campaign_id: int, locales: list[str] | None = None) -> FrictionReport:
    """Friction by stage × locale from three GROUP BY queries, run side by side."""
    if locales is None:
        locales = await campaign_locales(campaign_id)
    accepted, tallies, stages = await asyncio.gather(
        Finding.select(
            Finding.stage, Finding.locale, Finding.severity, Finding.kind, Count(alias="count")
        )
        .where((Finding.campaign == campaign_id) & (Finding.review == ReviewState.accepted))
        .group_by(Finding.stage, Finding.locale, Finding.severity, Finding.kind)
        .run(),
        StepResult.raw(_TALLY, StepStatus.blocked.value, campaign_id).run(),
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
    # Grouped in finding_mood_idx's own order, review first, so no sort is needed; the
    # few rejected and duplicate groups are dropped here.
    for row in await (
        Finding.select(
            Finding.review, Finding.stage, Finding.locale, Finding.emotion, Count(alias="n")
        )
        .where(Finding.campaign == campaign_id)
        .group_by(Finding.review, Finding.stage, Finding.locale, Finding.emotion)
    ):
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


async def top_points(
    campaign_id: int, limit: int = TOP_POINTS, locale: str | None = None
) -> TopPoints:
    """Accepted findings ranked by severity weight × reports, duplicates folded in; with a
    locale, only that locale's findings count."""
    ranked = await Finding.raw(
        _TOP,
        campaign_id,
        campaign_id,
        ReviewState.accepted.value,
        locale or "",
        locale or "",
        limit,
    )
    ids = [row["id"] for row in ranked]
    # Each issue's locales: its lead's and those of the accepted findings grouped under it.
    issues: dict[int, list[dict[str, Any]]] = {}
    # Two lookups, each by its own index alone: SQLite would scan for the two joined by OR,
    # and, asked for the review too, would read every accepted finding by finding_review.
    leads, members = await asyncio.gather(
        *(
            Finding.select(Finding.id, Finding.issue_of, Finding.locale, Finding.review)
            .where(column.is_in([*ids, -1]))
            .run()
            for column in (Finding.id, Finding.issue_of)
        )
    )
    for row in sorted([*leads, *members], key=lambda row: row["id"]):
        if row["review"] == ReviewState.accepted:
            issues.setdefault(row["issue_of"] or row["id"], []).append(row)
    details = {
        row["id"]: row
        for row in await Finding.select(
            Finding.id,
            Finding.title,
            Finding.use_case.key.as_alias("use_case"),
            Finding.step.key.as_alias("step"),
            Finding.stage,
            Finding.locale,
            Finding.severity,
            Finding.kind,
            Finding.use_case.id.as_alias("use_case_id"),
            Finding.step.id.as_alias("step_id"),
        ).where(Finding.id.is_in([*ids, -1]))
    }
    titles = await step_titles(campaign_id)
    shots = await screenshots_by_finding(ids)
    points = [
        FrictionPoint(
            finding_id=row["id"],
            **{
                k: v
                for k, v in details[row["id"]].items()
                if k not in ("id", "use_case_id", "step_id")
            },
            use_case_title=titles[details[row["id"]]["step_id"]][0],
            step_title=titles[details[row["id"]]["step_id"]][1],
            reports=int(row["reports"]),
            score=int(row["score"]),
            locales=sorted({member["locale"] for member in issues.get(row["id"], [])}),
            grouped=[m["id"] for m in issues.get(row["id"], []) if m["id"] != row["id"]],
            screenshot_id=shots[row["id"]][0]["id"] if row["id"] in shots else None,
        )
        for row in ranked
    ]
    return TopPoints(formula=RANK_FORMULA, points=points)


async def completion_report(campaign_id: int, locale: str | None = None) -> CompletionReport:
    """Step figures from one GROUP BY over step results, and each step's middle times."""
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
    for row in await (
        StepResult.select(
            StepResult.step,
            StepResult.status,
            Count(alias="count"),
            Count(StepResult.seconds_spent, alias="timed"),
        )
        .where(_results_of(campaign_id, locale))
        .group_by(StepResult.step, StepResult.status)
    ):
        statuses[row["step"]][row["status"]] = row["count"]
        timed[row["step"]] += row["timed"]
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


def _results_of(campaign_id: int, locale: str | None) -> Any:
    """The campaign's step results, of one locale or of all when none is chosen."""
    where = StepResult.campaign == campaign_id
    return where & (StepResult.locale == locale) if locale else where


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
