"""The journey, step by step, as its tester walks it on a phone: overview, steps, problem
reports and the end page. Every action is a plain form post; JavaScript only autosaves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from backend.errors import DomainError, NotFound
from backend.http.errors import status_of, translated
from backend.http.flash import notice, redirect_with
from backend.http.forms import (
    answers_from_form,
    describe_validation_error,
    read_finding_form,
    text_fields,
)
from backend.http.guards import role_in, signed_in_user
from backend.http.labels import N_
from backend.http.rendering import page
from backend.http.sessions import settings_of
from backend.language import gettext
from backend.services.findings import confirm_finding, known_issues, report_finding
from backend.services.journeys import JourneyView, journey, locate_step
from backend.services.participations import AnswersSave, MissingAnswer, save_answers, submit
from backend.services.step_saves import StepSave, save_step
from campaigns.messages import Message
from campaigns.vocabulary import FindingKind, Role


def _next_step(view: JourneyView, step_id: int) -> int | None:
    ids = [step.id for use_case in view.use_cases for step in use_case.steps]
    position = ids.index(step_id)
    return ids[position + 1] if position + 1 < len(ids) else None


def _keep_typed(step: Any, form: Any) -> None:
    """A refused step comes back as the tester left it: their status and every answer."""
    step.status = form.get("status") or step.status
    step.note = form.get("note") or step.note
    typed = answers_from_form(form, step.questions)
    for question in step.questions:
        question.answer = typed.get(question.id)


class ParticipationPages(Controller):
    """Mobile-first pages of the tester's own participations; anyone else gets 404."""

    path = "/journeys/{participation_id:int}"
    include_in_schema = False
    guards = (role_in(Role.tester),)

    @get("/")
    async def overview(self, request: Request, participation_id: FromPath[int]) -> Template:
        """The journey at a glance: use cases, steps done, and a button to carry on."""
        view = await journey(signed_in_user(request), participation_id)
        return await page(request, "journey.html", {"j": view})

    @post("/steps/{step_id:int}/known/{finding_id:int}/me-too")
    async def me_too(
        self,
        request: Request,
        participation_id: FromPath[int],
        step_id: FromPath[int],
        finding_id: FromPath[int],
    ) -> Response:
        """Count the tester among those who met the known problem, and go back to the step."""
        await confirm_finding(signed_in_user(request), participation_id, step_id, finding_id)
        return redirect_with(
            request,
            f"/journeys/{participation_id}/steps/{step_id}",
            notice(N_("Thank you, your confirmation is recorded.")),
        )

    @get("/steps/{step_id:int}")
    async def step_page(
        self, request: Request, participation_id: FromPath[int], step_id: FromPath[int]
    ) -> Template:
        """One step: its instruction, its questions, and how it went."""
        view = await journey(signed_in_user(request), participation_id)
        return await _step_page(request, view, step_id, None, 200)

    @post("/steps/{step_id:int}")
    async def save_step_form(
        self, request: Request, participation_id: FromPath[int], step_id: FromPath[int]
    ) -> Response:
        """Save the step and go to the next one (or to the end of the journey)."""
        user = signed_in_user(request)
        view = await journey(user, participation_id)
        _, step, _, _ = locate_step(view, step_id)
        form = await request.form()
        try:
            save = msgspec.convert(
                {
                    "status": form.get("status") or "",
                    "answers": answers_from_form(form, step.questions),
                    "note": form.get("note") or "",
                },
                StepSave,
            )
            saved = await save_step(user, participation_id, step_id, save)
        except msgspec.ValidationError as error:
            _keep_typed(step, form)
            return await _step_page(request, view, step_id, describe_validation_error(error), 400)
        except DomainError as error:
            _keep_typed(step, form)
            message, problems = _refused_answers(error)
            return await _step_page(
                request, view, step_id, message, status_of(error), problems=problems
            )
        if saved.missing:
            # Stored, yet not done: the tester stays on the step, told which answers it lacks.
            view = await journey(user, participation_id)
            _, step, _, _ = locate_step(view, step_id)
            step.status = save.status
            unanswered = gettext(N_("Answer this to count the step as done."))
            return await _step_page(
                request,
                view,
                step_id,
                None,
                200,
                missing=saved.missing,
                problems={m.question: unanswered for m in saved.missing},
            )
        following = _next_step(view, step_id)
        if following is None:
            return Redirect(f"/journeys/{participation_id}/end")
        return Redirect(f"/journeys/{participation_id}/steps/{following}")

    @get("/end")
    async def end_page(self, request: Request, participation_id: FromPath[int]) -> Template:
        """The questions about whole use cases and the journey, and the submit button."""
        view = await journey(signed_in_user(request), participation_id)
        return await page(request, "journey_end.html", {"j": view})

    @post("/end")
    async def finish(self, request: Request, participation_id: FromPath[int]) -> Response:
        """Save the closing answers and submit the journey."""
        user = signed_in_user(request)
        view = await journey(user, participation_id)
        questions = view.questions + [q for u in view.use_cases for q in u.questions]
        form = await request.form()
        try:
            answers = answers_from_form(form, questions)
            if answers:
                await save_answers(user, participation_id, AnswersSave(answers=answers))
            await submit(user, participation_id)
        except DomainError as error:
            view = await journey(user, participation_id)
            kept = view.questions + [q for u in view.use_cases for q in u.questions]
            typed = answers_from_form(form, kept)
            for question in kept:
                question.answer = typed.get(question.id, question.answer)
            message, problems = _refused_answers(error)
            context = {"j": view, "error": message, "problems": problems}
            return await page(request, "journey_end.html", context, status_of(error))
        return redirect_with(
            request, f"/journeys/{participation_id}", notice(N_("Submitted, thank you"))
        )


def _refused_answers(error: DomainError) -> tuple[str, dict[str, str]]:
    """The message above a refused step or end page, and by question id what to show next
    to each field concerned: a refused answer's reason, or each required question a
    submission lacks."""
    reason = error.params.get("reason")
    if error.code == "answer.invalid" and isinstance(reason, Message):
        problem = {str(error.params["question"]): translated(reason)}
        return gettext(N_("Check the answer marked below.")), problem
    if error.code == "participation.required_unanswered" and isinstance(error.extra, list):
        needed = gettext(N_("This question needs an answer."))
        return translated(error), {missing["question"]: needed for missing in error.extra}
    return translated(error), {}


async def _step_page(
    request: Request,
    view: JourneyView,
    step_id: int,
    error: str | None,
    status_code: int,
    *,
    missing: Sequence[MissingAnswer] = (),
    problems: dict[str, str] | None = None,
) -> Template:
    use_case, step, number, total = locate_step(view, step_id)
    context = {
        "j": view,
        "use_case": use_case,
        "step": step,
        "number": number,
        "total": total,
        "error": error,
        "missing": missing,
        "problems": problems or {},
    }
    return await page(request, "step.html", context, status_code)


class FindingPages(Controller):
    """Reporting a problem with screenshots; mounted with the upload body limit."""

    path = "/journeys/{participation_id:int}"
    include_in_schema = False
    guards = (role_in(Role.tester),)

    @get("/steps/{step_id:int}/finding")
    async def finding_form(
        self, request: Request, participation_id: FromPath[int], step_id: FromPath[int]
    ) -> Template:
        """The form to report a problem on this step, with screenshots and blur areas."""
        view = await journey(signed_in_user(request), participation_id)
        return await _finding_page(request, view, step_id)

    @post("/steps/{step_id:int}/finding")
    async def file_finding_form(
        self, request: Request, participation_id: FromPath[int], step_id: FromPath[int]
    ) -> Response:
        """File the problem and return to the step, or show the form again with why not."""
        user = signed_in_user(request)
        try:
            finding, images = await read_finding_form(request)
            await report_finding(
                user, participation_id, step_id, finding, images, request.app.state.screenshots
            )
        except NotFound:
            raise
        except DomainError as error:
            view = await journey(user, participation_id)
            typed = text_fields(await request.form())
            return await _finding_page(
                request, view, step_id, translated(error), typed, status_of(error)
            )
        return redirect_with(
            request,
            f"/journeys/{participation_id}/steps/{step_id}",
            notice(N_("Problem reported, thank you")),
        )


async def _finding_page(
    request: Request,
    view: JourneyView,
    step_id: int,
    error: str | None = None,
    typed: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    """The problem form; a refused one comes back with everything typed."""
    use_case, step, number, _ = locate_step(view, step_id)
    context = {
        "j": view,
        "use_case": use_case,
        "step": step,
        "number": number,
        "kinds": list(FindingKind),
        "error": error,
        "form": typed or {},
        "max_upload_bytes": settings_of(request).max_upload_bytes,
        "known": await known_issues(signed_in_user(request), view.participation_id, step_id),
    }
    return await page(request, "finding.html", context, status_code)
