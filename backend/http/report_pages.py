"""The report dashboard of a campaign, for managers and the campaign's client, and the same
dashboard read-only through a share link, for colleagues without an account."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from backend.errors import DomainError, NotFound
from backend.http.flash import notice, redirect_with, refusal
from backend.http.guards import role_in, signed_in_user
from backend.http.labels import N_
from backend.http.rendering import page
from backend.http.screenshots import PRIVATE
from backend.language import current_language, date_text
from backend.services.access import visible_campaign
from backend.services.campaigns import locale_progress
from backend.services.question_reports import question_statistics, question_words, text_answers
from backend.services.report_shares import (
    DEFAULT_DAYS,
    active_shares,
    create_share,
    revoke_share,
    shared_campaign,
    shared_thumbnail,
    shared_until,
)
from backend.services.reports import build_report, campaign_locales, campaign_report
from campaigns.vocabulary import Role
from reports.campaign import CampaignReport
from reports.questions import FORMULAS


class ReportPages(Controller):
    """The dashboard beside GET /api/v1/campaigns/{id}/report; other organizations get 404."""

    path = "/campaigns"
    include_in_schema = False
    guards = (role_in(Role.client, Role.manager),)

    @get("/{campaign_id:int}/report")
    async def report(self, request: Request, campaign_id: FromPath[int]) -> Template:
        """The dashboard: headline, journey map, heatmap, top points, funnel, questions."""
        user = signed_in_user(request)
        report = await campaign_report(
            user, campaign_id, request.query_params.get("locale") or None, overview=True
        )
        context = {
            **await _dashboard(report),
            "findings_base": f"/campaigns/{campaign_id}/findings",
            "thumbnail_url": lambda shot: f"/api/v1/screenshots/{shot}/thumbnail",
            "shares": await active_shares(user, campaign_id),
        }
        return await page(request, "report.html", context)

    @get("/{campaign_id:int}/answers/{question:str}")
    async def answers(
        self, request: Request, campaign_id: FromPath[int], question: FromPath[str]
    ) -> Template:
        """Every answer to an open question, newest first, a page at a time."""
        campaign = await visible_campaign(signed_in_user(request), campaign_id)
        query = request.query_params
        before = query.get("before", "")
        answers = await text_answers(
            campaign_id,
            question,
            query.get("locale") or None,
            int(before) if before.isdigit() else None,
        )
        words = await question_words(campaign_id, current_language())
        context = {
            "campaign": campaign,
            "page_of": answers,
            "question_text": words.texts.get(question, question),
            "locales": [entry.locale for entry in await locale_progress(campaign_id)],
            "first_page": before == "",
        }
        return await page(request, "answers.html", context)

    @get("/{campaign_id:int}/report/questions/{question:str}")
    async def question(
        self, request: Request, campaign_id: FromPath[int], question: FromPath[str]
    ) -> Template:
        """One quantitative question with every locale side by side, chart and figures."""
        campaign = await visible_campaign(signed_in_user(request), campaign_id)
        rows = await question_statistics(
            campaign_id, await campaign_locales(campaign_id), key=question
        )
        if not rows:
            raise NotFound(
                "question.not_found",
                "No question {question} with figures in this campaign",
                question=question,
            )
        words = await question_words(campaign_id, current_language())
        context = {
            "campaign": campaign,
            "key": question,
            "rows": rows,
            "texts": words.texts,
            "scales": words.scales,
            "formulas": FORMULAS,
        }
        return await page(request, "report_question.html", context)

    @post("/{campaign_id:int}/shares")
    async def share(self, request: Request, campaign_id: FromPath[int]) -> Response:
        """Make a read-only link and show it once, in the message after."""
        here = f"/campaigns/{campaign_id}/report"
        form = await request.form()
        days = str(form.get("days") or DEFAULT_DAYS)
        try:
            token, until = await create_share(
                signed_in_user(request), campaign_id, int(days) if days.isdigit() else 0
            )
        except NotFound:
            raise
        except DomainError as error:
            return redirect_with(request, here, refusal(error))
        link = f"{str(request.base_url).rstrip('/')}/shared/{token}"
        message = N_(
            "Link made; it works until {until}. Copy it now, it is shown only once: {link}"
        )
        return redirect_with(request, here, notice(message, until=date_text(until), link=link))

    @post("/{campaign_id:int}/shares/{share_id:int}/revoke")
    async def revoke(
        self, request: Request, campaign_id: FromPath[int], share_id: FromPath[int]
    ) -> Response:
        """End a link now."""
        await revoke_share(signed_in_user(request), campaign_id, share_id)
        here = f"/campaigns/{campaign_id}/report"
        return redirect_with(request, here, notice(N_("Link revoked; it no longer opens")))


class SharedReportPages(Controller):
    """The dashboard through a share link: no account, no findings, no tester data."""

    path = "/shared/{token:str}"
    include_in_schema = False

    @get("/")
    async def report(self, token: FromPath[str]) -> Template:
        """The campaign's dashboard, read-only; 404 once the link has expired or was revoked."""
        campaign = await shared_campaign(token)
        context = {
            **await _dashboard(await build_report(campaign, overview=True)),
            "me": None,
            "flash": None,
            "shared": True,
            "shared_until": await shared_until(token),
            "findings_base": None,
            "thumbnail_url": lambda shot: f"/shared/{token}/thumbnails/{shot}",
        }
        return Template("report.html", context=context)

    @get("/thumbnails/{screenshot_id:int}", media_type="image/jpeg")
    async def thumbnail(
        self, request: Request, token: FromPath[str], screenshot_id: FromPath[int]
    ) -> Response[bytes]:
        """A thumbnail the shared dashboard shows; nothing else."""
        row = await shared_thumbnail(token, screenshot_id)
        store = request.app.state.screenshots
        data = await anyio.to_thread.run_sync(store.read, row["thumbnail_sha256"])
        return Response(data, media_type="image/jpeg", headers=PRIVATE)


async def _dashboard(report: CampaignReport) -> dict[str, Any]:
    """What the dashboard shows beside the report: question and option texts in the
    reader's language where the campaign has it, testers per locale, the question rows
    grouped. Figures asked at a step go in one table in journey order, a line each; every
    other figure question gets its chart."""
    campaign_id = report.campaign_id
    words = await question_words(campaign_id, current_language())
    questions = report.questions
    everywhere = await locale_progress(campaign_id)
    statistics = _by_question(questions.statistics)
    focus = report.locale or "all"
    shown = {key: row for key, rows in statistics for row in rows if row.locale == focus}
    per_step: dict[int, list[str]] = {}
    for key, _ in statistics:
        if key in words.steps and key in shown:
            per_step.setdefault(words.steps[key], []).append(key)
    return {
        "report": report,
        "all_locales": [entry.locale for entry in everywhere],
        "progress": {"locales": [e for e in everywhere if report.locale in (None, e.locale)]},
        "texts": words.texts,
        "options": words.options,
        "scales": words.scales,
        "at_steps": [
            (step, [shown[key] for key in per_step[step.step_id]])
            for step in report.completion.steps
            if step.step_id in per_step
        ],
        "grouped": {
            "statistics": [(key, rows) for key, rows in statistics if key not in words.steps],
            "choices": _by_question(questions.choices),
            "texts": _by_question(questions.texts),
        },
    }


def _by_question(rows: list[Any]) -> list[tuple[str, list[Any]]]:
    """Rows grouped by their question, in the order the questions first appear."""
    groups: dict[str, list[Any]] = {}
    for row in rows:
        groups.setdefault(row.question, []).append(row)
    return list(groups.items())
