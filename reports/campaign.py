"""The whole report of a campaign, as the JSON API and the dashboard show it."""

from __future__ import annotations

import msgspec

from reports.completion import CompletionReport
from reports.friction import FrictionReport
from reports.headline import Headline
from reports.journey_map import JourneyMap
from reports.locales import LocalesCompared
from reports.questions import QuestionsReport
from reports.top import TopPoints


class CampaignReport(msgspec.Struct):
    """The campaign's aggregates: headline, friction, top points, completion, questions."""

    campaign_id: int
    name: str
    status: str
    # The one locale the report reads, or None for all of them.
    locale: str | None
    headline: Headline
    friction: FrictionReport
    journey: JourneyMap
    locales: LocalesCompared
    top: TopPoints
    completion: CompletionReport
    questions: QuestionsReport
