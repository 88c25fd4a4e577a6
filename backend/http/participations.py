"""The journey runner API: read the journey, save steps and answers, submit."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, post, put
from litestar.params import FromPath, JSONBody, QueryParameter

from backend.http.forms import read_finding_form
from backend.http.guards import role_in, signed_in_user
from backend.services.findings import (
    FindingView,
    SimilarFinding,
    confirm_finding,
    report_finding,
    similar_findings,
)
from backend.services.journeys import JourneyView, journey
from backend.services.participations import AnswersSave, save_answers, submit
from backend.services.step_saves import StepSave, StepSaved, save_step
from campaigns.vocabulary import Role


class ParticipationController(Controller):
    """Only the participation's tester may read or write it; anyone else gets 404."""

    path = "/api/v1/participations/{participation_id:int}"
    tags = ("participations",)
    guards = (role_in(Role.tester),)

    @get("/")
    async def read(self, request: Request, participation_id: FromPath[int]) -> JourneyView:
        """The journey in the tester's locale, with saved results, and where to resume."""
        return await journey(signed_in_user(request), participation_id)

    @put("/steps/{step_id:int}")
    async def save(
        self,
        request: Request,
        participation_id: FromPath[int],
        step_id: FromPath[int],
        data: JSONBody[StepSave],
    ) -> StepSaved:
        """Save a step's result and answers (autosave: saving again replaces them)."""
        return await save_step(signed_in_user(request), participation_id, step_id, data)

    @put("/answers")
    async def answer(
        self, request: Request, participation_id: FromPath[int], data: JSONBody[AnswersSave]
    ) -> JourneyView:
        """Save answers to use-case and end-of-journey questions."""
        return await save_answers(signed_in_user(request), participation_id, data)

    @get("/steps/{step_id:int}/findings/similar")
    async def similar(
        self,
        request: Request,
        participation_id: FromPath[int],
        step_id: FromPath[int],
        title: Annotated[str, QueryParameter(min_length=3, max_length=200)],
    ) -> list[SimilarFinding]:
        """Findings other testers reported on this step with a title like `title`."""
        return await similar_findings(signed_in_user(request), participation_id, step_id, title)

    @post("/steps/{step_id:int}/findings/{finding_id:int}/me-too", status_code=201)
    async def me_too(
        self,
        request: Request,
        participation_id: FromPath[int],
        step_id: FromPath[int],
        finding_id: FromPath[int],
    ) -> FindingView:
        """Confirm a finding already reported on this step instead of filing it again."""
        user = signed_in_user(request)
        return await confirm_finding(user, participation_id, step_id, finding_id)

    @post("/submit", status_code=200)
    async def hand_in(self, request: Request, participation_id: FromPath[int]) -> JourneyView:
        """Submit; 422 lists every required question still unanswered."""
        return await submit(signed_in_user(request), participation_id)


class FindingUploadController(Controller):
    """Filing a finding with its screenshots; mounted with the upload body limit."""

    path = "/api/v1/participations/{participation_id:int}"
    tags = ("participations",)
    guards = (role_in(Role.tester),)

    @post("/steps/{step_id:int}/findings", status_code=201)
    async def file_finding(
        self, request: Request, participation_id: FromPath[int], step_id: FromPath[int]
    ) -> FindingView:
        """Report a finding on a step: form fields plus up to five `screenshots` files, and
        an optional `blur` field, a JSON list of {screenshot, x, y, width, height} areas
        to blur before anything is stored."""
        finding, images = await read_finding_form(request)
        return await report_finding(
            signed_in_user(request),
            participation_id,
            step_id,
            finding,
            images,
            request.app.state.screenshots,
        )
