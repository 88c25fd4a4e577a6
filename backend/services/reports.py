"""Campaign reports: SQL aggregates handed to the reports package."""

from __future__ import annotations

import msgspec
from piccolo.query.functions.aggregate import Count

from backend.auth.identity import CurrentUser
from backend.auth.scopes import visible_campaign
from backend.tables import CampaignLocale, Finding, StepResult
from campaigns.vocabulary import ReviewState, StepStatus
from reports.friction import FORMULA, CellCount, FindingCount, FrictionCell, friction_heatmap

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


class CampaignReport(msgspec.Struct):
    """The campaign's aggregates (so far: friction by stage × locale)."""

    campaign_id: int
    name: str
    status: str
    friction: FrictionReport


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


async def campaign_report(user: CurrentUser, campaign_id: int) -> CampaignReport:
    """The report of a campaign the user may see."""
    campaign = await visible_campaign(user, campaign_id)
    return CampaignReport(
        campaign_id=campaign_id,
        name=campaign["name"],
        status=campaign["status"],
        friction=await friction_report(campaign_id),
    )
