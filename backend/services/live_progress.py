"""Where a running campaign stands, for the campaign page that refreshes itself: per locale the
testers at each stage of the funnel against the quota, per use case who finished it, and the
findings waiting for review."""

from __future__ import annotations

from collections import Counter

import msgspec
from piccolo.query.functions.aggregate import Count

from backend.clock import today
from backend.services.campaigns import locale_progress
from backend.tables import Campaign, Finding, Step, StepResult, UseCase
from campaigns.lifecycle import falls_behind, time_left
from campaigns.text import localize
from campaigns.vocabulary import ParticipationState, ReviewState


class LocaleLive(msgspec.Struct):
    """One locale's funnel against its quota; `behind` when it risks missing the quota."""

    locale: str
    quota: int
    invited: int
    accepted: int
    walking: int
    submitted: int
    findings_waiting: int
    behind: bool


class UseCaseLive(msgspec.Struct):
    """How many testers of each locale walked every step of one use case."""

    key: str
    title: str
    finished: dict[str, int]


class LiveProgress(msgspec.Struct):
    """The campaign's live progress; `time_left` is the share of its days still ahead."""

    time_left: float | None
    locales: list[LocaleLive]
    use_cases: list[UseCaseLive]
    findings_waiting: int


async def live_progress(campaign_id: int) -> LiveProgress:
    """The campaign's progress now, for callers that checked access."""
    campaign = (
        await Campaign.select(Campaign.starts_on, Campaign.ends_on, Campaign.default_locale)
        .where(Campaign.id == campaign_id)
        .first()
    )
    left = time_left(campaign["starts_on"], campaign["ends_on"], today())
    waiting = {
        row["locale"]: row["n"]
        for row in await Finding.select(Finding.locale, Count(alias="n"))
        .where((Finding.campaign == campaign_id) & (Finding.review == ReviewState.new))
        .group_by(Finding.locale)
    }
    locales = []
    for entry in await locale_progress(campaign_id):
        counts = entry.counts
        submitted = sum(
            counts[state]
            for state in (
                ParticipationState.submitted,
                ParticipationState.approved,
                ParticipationState.rejected,
            )
        )
        locales.append(
            LocaleLive(
                locale=entry.locale,
                quota=entry.quota,
                invited=counts[ParticipationState.invited],
                accepted=counts[ParticipationState.accepted],
                walking=counts[ParticipationState.in_progress],
                submitted=submitted,
                findings_waiting=waiting.get(entry.locale, 0),
                behind=falls_behind(submitted, entry.quota, left),
            )
        )
    return LiveProgress(
        time_left=left,
        locales=locales,
        use_cases=await _use_cases(campaign_id, campaign["default_locale"]),
        findings_waiting=sum(waiting.values()),
    )


async def _use_cases(campaign_id: int, default_locale: str) -> list[UseCaseLive]:
    use_cases = (
        await UseCase.select(UseCase.id, UseCase.key, UseCase.title)
        .where(UseCase.campaign == campaign_id)
        .order_by(UseCase.position)
        .output(load_json=True)
    )
    steps = {
        row["use_case"]: row["n"]
        for row in await Step.select(Step.use_case, Count(alias="n"))
        .where(Step.campaign == campaign_id)
        .group_by(Step.use_case)
    }
    walked = await (
        StepResult.select(
            StepResult.participation,
            StepResult.locale,
            StepResult.step.use_case.as_alias("use_case"),
            Count(alias="n"),
        )
        .where(StepResult.campaign == campaign_id)
        .group_by(StepResult.participation, StepResult.locale, StepResult.step.use_case)
    )
    finished: dict[int, Counter[str]] = {}
    for row in walked:
        if row["n"] >= steps.get(row["use_case"], 0):
            finished.setdefault(row["use_case"], Counter())[row["locale"]] += 1
    return [
        UseCaseLive(
            key=use_case["key"],
            title=localize(use_case["title"], default_locale, default_locale),
            finished=dict(finished.get(use_case["id"], Counter())),
        )
        for use_case in use_cases
    ]
