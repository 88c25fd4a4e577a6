"""The journey runner API: read the journey, save steps and answers, submit."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post, put
from litestar.datastructures import UploadFile
from litestar.params import FromPath, JSONBody, QueryParameter

from backend.errors import Malformed
from backend.http.forms import describe_validation_error, read_form
from backend.http.guards import role_in, signed_in_user
from backend.http.sessions import settings_of
from backend.screenshots.images import CleanImage, Rectangle
from backend.services.findings import (
    MAX_SCREENSHOTS,
    FindingView,
    SimilarFinding,
    clean_all,
    confirm_finding,
    report_finding,
    similar_findings,
)
from backend.services.participations import (
    AnswersSave,
    JourneyView,
    StepSave,
    StepSaved,
    journey,
    save_answers,
    save_step,
    submit,
)
from campaigns.findings import FindingInput
from campaigns.vocabulary import Role


class BlurArea(msgspec.Struct, forbid_unknown_fields=True):
    """A rectangle to blur on one of the uploaded screenshots (0 is the first)."""

    screenshot: Annotated[int, msgspec.Meta(ge=0)]
    x: Annotated[int, msgspec.Meta(ge=0)]
    y: Annotated[int, msgspec.Meta(ge=0)]
    width: Annotated[int, msgspec.Meta(ge=1)]
    height: Annotated[int, msgspec.Meta(ge=1)]

    def rectangle(self) -> Rectangle:
        """The area without the screenshot index."""
        return Rectangle(x=self.x, y=self.y, width=self.width, height=self.height)


async def read_finding_form(request: Request) -> tuple[FindingInput, list[CleanImage]]:
    """The finding's fields and its cleaned screenshots from a multipart form; 4xx saying
    what is wrong before anything is stored."""
    form = await request.form()
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    try:
        finding = read_form(fields, FindingInput)
        blur = msgspec.json.decode(form.get("blur") or "[]", type=list[BlurArea])
    except (msgspec.ValidationError, msgspec.DecodeError) as error:
        raise Malformed("form.invalid", describe_validation_error(error)) from error
    files = [f for f in form.getall("screenshots", []) if isinstance(f, UploadFile) and f.filename]
    if len(files) > MAX_SCREENSHOTS:
        raise Malformed(
            "finding.too_many_screenshots",
            "At most {limit} screenshots per finding",
            limit=MAX_SCREENSHOTS,
        )
    areas: dict[int, list[Rectangle]] = {}
    for area in blur:
        if area.screenshot >= len(files):
            raise Malformed(
                "finding.blur_unknown_screenshot",
                "blur names screenshot {index}, not sent",
                index=area.screenshot,
            )
        areas.setdefault(area.screenshot, []).append(area.rectangle())
    images = await clean_all(
        [await f.read() for f in files], areas, settings_of(request).max_upload_bytes
    )
    return finding, images


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
