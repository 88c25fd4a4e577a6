"""The report dashboard of a campaign, for managers and the campaign's client."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template

from backend.http.guards import role_in, signed_in_user
from backend.http.rendering import page
from backend.services.campaigns import campaign_view, progress
from backend.services.question_reports import question_texts
from backend.services.reports import campaign_report
from campaigns.schema import all_questions
from campaigns.text import localize
from campaigns.vocabulary import Role


class ReportPages(Controller):
    """The dashboard beside GET /api/v1/campaigns/{id}/report; other organizations get 404."""

    path = "/campaigns"
    include_in_schema = False
    guards = (role_in(Role.client, Role.manager),)

    @get("/{campaign_id:int}/report")
    async def report(self, request: Request, campaign_id: FromPath[int]) -> Template:
        """The dashboard: heatmap, top friction points, completion funnel, question charts."""
        user = signed_in_user(request)
        report = await campaign_report(user, campaign_id)
        definition = (await campaign_view(campaign_id)).definition
        locale = definition.default_locale
        texts, options = await question_texts(campaign_id), {}
        for _, question in all_questions(definition):
            for option in getattr(question, "options", []):
                options[question.id, option.id] = localize(option.label, locale, locale)
        questions = report.questions
        context = {
            "report": report,
            "progress": await progress(user, campaign_id),
            "texts": texts,
            "options": options,
            "grouped": {
                "statistics": _by_question(questions.statistics),
                "choices": _by_question(questions.choices),
                "texts": _by_question(questions.texts),
            },
        }
        return await page(request, "report.html", context)


def _by_question(rows: list[Any]) -> list[tuple[str, list[Any]]]:
    """Rows grouped by their question, in the order the questions first appear."""
    groups: dict[str, list[Any]] = {}
    for row in rows:
        groups.setdefault(row.question, []).append(row)
    return list(groups.items())
