"""The journey runner API: read the journey, save steps and answers, submit."""

from __future__ import annotations

from litestar import Controller, Request, get, post, put
from litestar.params import FromPath, JSONBody

from backend.auth.guards import role_in, signed_in_user
from backend.services.participations import (
    AnswersSave,
    JourneyView,
    StepSave,
    journey,
    save_answers,
    save_step,
    submit,
)
from backend.tables.accounts import Role


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
    ) -> JourneyView:
        """Save a step's result and answers (autosave: saving again replaces them)."""
        return await save_step(signed_in_user(request), participation_id, step_id, data)

    @put("/answers")
    async def answer(
        self, request: Request, participation_id: FromPath[int], data: JSONBody[AnswersSave]
    ) -> JourneyView:
        """Save answers to use-case and end-of-journey questions."""
        return await save_answers(signed_in_user(request), participation_id, data)

    @post("/submit", status_code=200)
    async def hand_in(self, request: Request, participation_id: FromPath[int]) -> JourneyView:
        """Submit; 422 lists every required question still unanswered."""
        return await submit(signed_in_user(request), participation_id)
