"""The journey runner's writes: step saves, answers, submission."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from backend import clock
from backend.auth.identity import CurrentUser
from backend.db.engine import writing_transaction
from backend.errors import Conflict, Invalid, NotFound
from backend.services.journeys import JourneyView, journey, participation_of, questions_of
from backend.tables import Answer, Campaign, Participation, Question, Step, StepResult
from campaigns.answers import AnswerError, StoredAnswer, check_answer
from campaigns.lifecycle import OPEN_STATUSES
from campaigns.schema import Question as QuestionDefinition
from campaigns.text import localize
from campaigns.vocabulary import CampaignStatus, ParticipationState, StepStatus

_WALKING = (ParticipationState.accepted, ParticipationState.in_progress)


class StepSave(msgspec.Struct, forbid_unknown_fields=True):
    """What the tester did on a step, with its answers by question id (the whole step)."""

    status: StepStatus
    seconds_spent: Annotated[int, msgspec.Meta(ge=0, le=86_400)] | None = None
    answers: dict[str, Any] = {}
    # What blocked the tester, when `status` is blocked; kept only then.
    note: Annotated[str, msgspec.Meta(max_length=2000)] = ""


class AnswersSave(msgspec.Struct, forbid_unknown_fields=True):
    """Answers to use-case and journey questions, by question id."""

    answers: dict[str, Any]


class MissingAnswer(msgspec.Struct):
    """A required question still unanswered at submission: its id, its text, where it is."""

    question: str
    text: str
    where: str


async def locked_participation(user: CurrentUser, participation_id: int) -> dict[str, Any]:
    """The participation, re-read under its row lock and still walkable.

    The lock makes two saves of one participation (a double tap, two tabs) apply one after
    the other; on SQLite the writing transaction's lock already does.
    """
    participation = await participation_of(user, participation_id, lock=True)
    _walkable(participation)
    return participation


def _walkable(participation: dict[str, Any]) -> None:
    if participation["campaign_status"] not in OPEN_STATUSES:
        raise Conflict(
            "campaign.not_open",
            "This campaign is {status}",
            status=participation["campaign_status"],
        )
    if participation["state"] not in _WALKING:
        raise Conflict(
            "participation.not_walkable",
            "This participation is {state}: only an accepted journey can be walked",
            state=participation["state"],
        )


def _checked(
    answers: dict[str, Any], allowed: dict[str, tuple[dict[str, Any], QuestionDefinition]]
) -> list[tuple[int, StoredAnswer]]:
    """Each answer checked against its question; 422 naming the first bad one."""
    checked = []
    for key, value in answers.items():
        if key not in allowed:
            raise Invalid(
                "answer.unknown_question",
                "{question}: no such question here",
                extra={"question": key, "reason": "unknown"},
                question=key,
            )
        row, question = allowed[key]
        if value is None:
            continue
        try:
            checked.append((row["id"], check_answer(question, value)))
        except AnswerError as error:
            raise Invalid(
                "answer.invalid",
                "{question}: {reason}",
                extra={"question": key, "reason": str(error)},
                question=key,
                reason=error.message,
            ) from error
    return checked


async def _store_answers(
    participation: dict[str, Any],
    checked: list[tuple[int, StoredAnswer]],
    replaced: list[int],
    step_id: int | None,
) -> None:
    """Make the answers to `replaced` questions the `checked` ones: upserted on the unique
    (participation, question) index, and those the tester cleared removed."""
    kept = {question_id for question_id, _ in checked}
    cleared = [question_id for question_id in replaced if question_id not in kept]
    if cleared:
        await Answer.delete().where(
            (Answer.participation == participation["id"]) & Answer.question.is_in(cleared)
        )
    if checked:
        await Answer.insert(
            *(
                Answer(
                    participation=participation["id"],
                    question=question_id,
                    step=step_id,
                    campaign=participation["campaign"],
                    locale=participation["locale"],
                    number=stored.number,
                    text=stored.text,
                    choices=None
                    if stored.choices is None
                    else msgspec.json.encode(stored.choices).decode(),
                )
                for question_id, stored in checked
            )
        ).on_conflict(
            action="DO UPDATE",
            target=(Answer.participation, Answer.question),
            values=(Answer.number, Answer.text, Answer.choices, Answer.step),
        )


async def _start(participation: dict[str, Any]) -> None:
    """The first save of an accepted journey starts it; the campaign's first started journey
    moves a recruiting campaign to running."""
    if participation["state"] == ParticipationState.accepted:
        await Campaign.update({Campaign.status: CampaignStatus.running}).where(
            (Campaign.id == participation["campaign"])
            & (Campaign.status == CampaignStatus.recruiting)
        )
        await Participation.update(
            {
                Participation.state: ParticipationState.in_progress,
                Participation.started_at: clock.now(),
            }
        ).where(Participation.id == participation["id"])


class StepSaved(msgspec.Struct):
    """What an autosave stored; cheap to return, since the runner saves often.

    `counted` is false when the tester said they could do the step but left a required
    question unanswered: the answers are stored, the step is not done until `missing` is.
    """

    participation_id: int
    step_id: int
    status: str | None
    seconds_spent: int | None
    answers: int
    state: str
    counted: bool = True
    missing: list[MissingAnswer] = []


async def save_step(
    user: CurrentUser, participation_id: int, step_id: int, save: StepSave
) -> StepSaved:
    """Store the step's result and answers; saving the same step again replaces them."""
    p = await participation_of(user, participation_id)
    step = (
        await Step.select(Step.id, Step.stage)
        .where((Step.id == step_id) & (Step.campaign == p["campaign"]))
        .first()
    )
    if step is None:
        raise NotFound("step.not_found", "No step {step_id} in this journey", step_id=step_id)
    questions = {
        q.id: (row, q) for row, q in await questions_of(p["campaign"], Question.step == step_id)
    }
    checked = _checked(save.answers, questions)
    answered = {question_id for question_id, _ in checked}
    missing = [
        MissingAnswer(key, localize(question.text, p["locale"], p["default_locale"]), "step")
        for key, (row, question) in questions.items()
        if save.status == StepStatus.completed and row["required"] and row["id"] not in answered
    ]
    async with writing_transaction():
        p = await locked_participation(user, participation_id)
        await _store_answers(p, checked, [row["id"] for row, _ in questions.values()], step_id)
        if missing:
            # Not done yet: whatever the step said before no longer holds.
            await StepResult.delete().where(
                (StepResult.participation == participation_id) & (StepResult.step == step_id)
            )
        else:
            await _store_result(p, step, save)
        await _start(p)
    return StepSaved(
        participation_id=participation_id,
        step_id=step_id,
        status=None if missing else save.status,
        seconds_spent=save.seconds_spent,
        answers=len(checked),
        state=ParticipationState.in_progress
        if p["state"] == ParticipationState.accepted
        else p["state"],
        counted=not missing,
        missing=missing,
    )


async def _store_result(p: dict[str, Any], step: dict[str, Any], save: StepSave) -> None:
    """Insert or replace the step's one result row, upserted on the unique (participation,
    step) index."""
    note = save.note.strip() if save.status == StepStatus.blocked else ""
    await StepResult.insert(
        StepResult(
            participation=p["id"],
            step=step["id"],
            stage=step["stage"],
            campaign=p["campaign"],
            locale=p["locale"],
            status=save.status,
            seconds_spent=save.seconds_spent,
            note=note,
            updated_at=clock.now(),
        )
    ).on_conflict(
        action="DO UPDATE",
        target=(StepResult.participation, StepResult.step),
        values=(
            StepResult.status,
            StepResult.seconds_spent,
            StepResult.note,
            StepResult.updated_at,
        ),
    )


async def save_answers(user: CurrentUser, participation_id: int, save: AnswersSave) -> JourneyView:
    """Store answers to use-case and journey questions (those not on a step)."""
    p = await participation_of(user, participation_id)
    questions = {
        q.id: (row, q) for row, q in await questions_of(p["campaign"], Question.step.is_null())
    }
    checked = _checked(save.answers, questions)
    async with writing_transaction():
        p = await locked_participation(user, participation_id)
        answered = [questions[key][0]["id"] for key in save.answers]
        await _store_answers(p, checked, answered, None)
        await _start(p)
    return await journey(user, participation_id)


async def submit(user: CurrentUser, participation_id: int) -> JourneyView:
    """Hand the journey in, or 422 listing every required question still unanswered."""
    view = await journey(user, participation_id)
    missing = []
    for question in view.questions:
        if question.required and question.answer is None:
            missing.append(MissingAnswer(question.id, question.text, "end of the journey"))
    for use_case in view.use_cases:
        walked = [step for step in use_case.steps if step.status is not None]
        for step in use_case.steps:
            if step.status == StepStatus.completed:
                missing += [
                    MissingAnswer(q.id, q.text, f"{use_case.id}, step {step.id}")
                    for q in step.questions
                    if q.required and q.answer is None
                ]
        if walked:
            missing += [
                MissingAnswer(q.id, q.text, use_case.id)
                for q in use_case.questions
                if q.required and q.answer is None
            ]
    if not any(step.status for use_case in view.use_cases for step in use_case.steps):
        raise Invalid("participation.nothing_walked", "Walk at least one step before submitting")
    if missing:
        # Named by their text, as the tester read them, not by their ids.
        names = ", ".join(f"“{m.text}”" for m in missing)
        raise Invalid(
            "participation.required_unanswered",
            "Answer these required questions first: {names}",
            extra=msgspec.to_builtins(missing),
            names=names,
        )
    async with writing_transaction():
        p = await participation_of(user, participation_id)
        _walkable(p)
        await Participation.update(
            {
                Participation.state: ParticipationState.submitted,
                Participation.submitted_at: clock.now(),
            }
        ).where(Participation.id == participation_id)
    return await journey(user, participation_id)
