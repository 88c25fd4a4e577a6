"""Pages for testers: invitations, profile with consent, and the step-by-step journey."""

from __future__ import annotations

from typing import Any, get_args

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from backend.errors import DomainError, NotFound
from backend.http.answer_forms import answers_from_form
from backend.http.errors import status_of
from backend.http.forms import describe_validation_error
from backend.http.guards import role_in, signed_in_user
from backend.http.participations import read_finding_form
from backend.services.findings import report_finding
from backend.services.participations import (
    AnswersSave,
    JourneyView,
    StepSave,
    journey,
    save_answers,
    save_step,
    submit,
)
from backend.services.people import load_me
from backend.services.profiles import load_profile, save_profile
from backend.services.recruitment import accept, decline
from campaigns.profiles import CONSENT_VERSION, AgeBand, ProfileInput, profile_problems
from campaigns.vocabulary import DeviceKind, FindingKind, Role, Severity


def _locate(view: JourneyView, step_id: int) -> tuple[Any, Any, int, int]:
    """The use case and step with this id, the step's number and the journey's step count."""
    steps = [(use_case, step) for use_case in view.use_cases for step in use_case.steps]
    for number, (use_case, step) in enumerate(steps, start=1):
        if step.id == step_id:
            return use_case, step, number, len(steps)
    raise NotFound("step.not_found", "No step {step_id} in this journey", step_id=step_id)


def _next_step(view: JourneyView, step_id: int) -> int | None:
    ids = [step.id for use_case in view.use_cases for step in use_case.steps]
    position = ids.index(step_id)
    return ids[position + 1] if position + 1 < len(ids) else None


class TesterPages(Controller):
    """Mobile-first pages; every action is a plain form post."""

    include_in_schema = False
    guards = (role_in(Role.tester),)

    @post("/invitations/{participation_id:int}/{answer:str}")
    async def answer_invitation(
        self, request: Request, participation_id: FromPath[int], answer: FromPath[str]
    ) -> Response:
        """Accept or decline from the home page, then show the result there."""
        user = signed_in_user(request)
        action = {"accept": accept, "decline": decline}.get(answer)
        if action is None:
            raise NotFound("invitation.unknown_answer", "Unknown answer {answer!r}", answer=answer)
        try:
            await action(user, participation_id)
        except NotFound:
            raise
        except DomainError as error:
            return Redirect(f"/?notice={error.message}")
        if answer == "accept":
            return Redirect(f"/journeys/{participation_id}")
        return Redirect("/")

    @get("/profile")
    async def profile_form(self, request: Request) -> Template:
        """The profile form, filled with what is stored."""
        user = signed_in_user(request)
        stored = await load_profile(user.id)
        form: dict[str, Any] = {}
        if stored:
            device = stored.devices[0] if stored.devices else {}
            form = {
                "country": stored.country,
                "locale": stored.locale,
                "languages": ", ".join(stored.languages),
                "age_band": stored.age_band or "",
                "consent": stored.consent_version == CONSENT_VERSION,
                **{f"device_{key}": value for key, value in device.items()},
            }
        return await _profile_page(request, form, None, 200)

    @post("/profile")
    async def save_profile_form(self, request: Request) -> Response:
        """Store the profile, or show the form again with what is wrong."""
        form = dict((await request.form()).items())
        fields = {
            "country": form.get("country", "").strip().upper(),
            "locale": form.get("locale", "").strip(),
            "languages": [
                part.strip().lower()
                for part in form.get("languages", "").split(",")
                if part.strip()
            ],
            "age_band": form.get("age_band") or None,
            "devices": [
                {
                    "kind": form.get("device_kind", ""),
                    "os": form.get("device_os", "").strip(),
                    "os_version": form.get("device_os_version", "").strip(),
                    "browser": form.get("device_browser", "").strip(),
                }
            ],
            "consent_version": CONSENT_VERSION if form.get("consent") else None,
        }
        try:
            profile = msgspec.convert(fields, ProfileInput)
        except msgspec.ValidationError as error:
            return await _profile_page(request, form, describe_validation_error(error), 400)
        problems = list(profile_problems(profile))
        if problems:
            message = "; ".join(f"{p.path}: {p.message}" for p in problems)
            return await _profile_page(request, form, message, 422)
        await save_profile(signed_in_user(request).id, profile)
        return Redirect("/?notice=Profile saved")

    @get("/journeys/{participation_id:int}")
    async def overview(self, request: Request, participation_id: FromPath[int]) -> Template:
        """The journey at a glance: use cases, steps done, and a button to carry on."""
        view = await journey(signed_in_user(request), participation_id)
        return await _page(request, "journey.html", {"j": view})

    @get("/journeys/{participation_id:int}/steps/{step_id:int}")
    async def step_page(
        self, request: Request, participation_id: FromPath[int], step_id: FromPath[int]
    ) -> Template:
        """One step: its instruction, its questions, and how it went."""
        view = await journey(signed_in_user(request), participation_id)
        return await _step_page(request, view, step_id, None, 200)

    @post("/journeys/{participation_id:int}/steps/{step_id:int}")
    async def save_step_form(
        self, request: Request, participation_id: FromPath[int], step_id: FromPath[int]
    ) -> Response:
        """Save the step and go to the next one (or to the end of the journey)."""
        user = signed_in_user(request)
        view = await journey(user, participation_id)
        _, step, _, _ = _locate(view, step_id)
        form = await request.form()
        try:
            save = msgspec.convert(
                {
                    "status": form.get("status") or "",
                    "answers": answers_from_form(form, step.questions),
                },
                StepSave,
            )
            await save_step(user, participation_id, step_id, save)
        except msgspec.ValidationError as error:
            return await _step_page(request, view, step_id, describe_validation_error(error), 400)
        except DomainError as error:
            return await _step_page(request, view, step_id, error.message, status_of(error))
        following = _next_step(view, step_id)
        if following is None:
            return Redirect(f"/journeys/{participation_id}/end")
        return Redirect(f"/journeys/{participation_id}/steps/{following}")

    @get("/journeys/{participation_id:int}/steps/{step_id:int}/finding")
    async def finding_form(
        self, request: Request, participation_id: FromPath[int], step_id: FromPath[int]
    ) -> Template:
        """The form to report a problem on this step, with screenshots and blur areas."""
        view = await journey(signed_in_user(request), participation_id)
        use_case, step, _, _ = _locate(view, step_id)
        return await _page(
            request,
            "finding.html",
            {
                "j": view,
                "use_case": use_case,
                "step": step,
                "kinds": list(FindingKind),
                "severities": list(Severity),
            },
        )

    @post("/journeys/{participation_id:int}/steps/{step_id:int}/finding")
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
            use_case, step, _, _ = _locate(view, step_id)
            context = {
                "j": view,
                "use_case": use_case,
                "step": step,
                "kinds": list(FindingKind),
                "severities": list(Severity),
                "error": error.message,
            }
            return await _page(request, "finding.html", context, status_of(error))
        return Redirect(
            f"/journeys/{participation_id}/steps/{step_id}?notice=Problem reported, thank you"
        )

    @get("/journeys/{participation_id:int}/end")
    async def end_page(self, request: Request, participation_id: FromPath[int]) -> Template:
        """The questions about whole use cases and the journey, and the submit button."""
        view = await journey(signed_in_user(request), participation_id)
        return await _page(request, "journey_end.html", {"j": view})

    @post("/journeys/{participation_id:int}/end")
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
            return await _page(
                request, "journey_end.html", {"j": view, "error": error.message}, status_of(error)
            )
        return Redirect(f"/journeys/{participation_id}?notice=Submitted, thank you")


async def _page(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> Template:
    me = await load_me(signed_in_user(request).id)
    notice = request.query_params.get("notice")
    return Template(
        template, context={"me": me, "notice": notice, **context}, status_code=status_code
    )


async def _step_page(
    request: Request, view: JourneyView, step_id: int, error: str | None, status_code: int
) -> Template:
    use_case, step, number, total = _locate(view, step_id)
    context = {
        "j": view,
        "use_case": use_case,
        "step": step,
        "number": number,
        "total": total,
        "error": error,
    }
    return await _page(request, "step.html", context, status_code)


async def _profile_page(
    request: Request, form: dict[str, Any], error: str | None, status_code: int
) -> Template:
    context = {
        "form": form,
        "error": error,
        "device_kinds": list(DeviceKind),
        "age_bands": get_args(AgeBand),
        "consent_version": CONSENT_VERSION,
    }
    return await _page(request, "profile.html", context, status_code)
