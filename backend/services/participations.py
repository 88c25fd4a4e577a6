"""The journey runner: a participation's journey in its locale, step saves, submission."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from piccolo.columns.combination import Combinable

from backend.auth.identity import CurrentUser
from backend.db.engine import locked, writing_transaction
from backend.errors import Conflict, Invalid, NotFound
from backend.services.campaign_store import question_from_row
from backend.tables import Answer, Participation, Question, Step, StepResult, UseCase
from campaigns.answers import AnswerError, StoredAnswer, answer_value, check_answer
from campaigns.lifecycle import OPEN_STATUSES
from campaigns.schema import Question as QuestionDefinition
from campaigns.schema import kind_of
from campaigns.text import localize
from campaigns.vocabulary import ParticipationState, StepStatus

_WALKING = (ParticipationState.accepted, ParticipationState.in_progress)


class OptionView(msgspec.Struct):
    """A choice as the tester reads it."""

    id: str
    label: str


class QuestionView(msgspec.Struct, omit_defaults=True):
    """A question in the tester's locale, with the tester's answer so far."""

    id: str
    kind: str
    text: str
    required: bool
    answer: Any = None
    scale: int | None = None
    low_label: str | None = None
    high_label: str | None = None
    options: list[OptionView] = []
    min_picks: int | None = None
    max_picks: int | None = None
    min: float | None = None
    max: float | None = None
    unit: str | None = None


class StepView(msgspec.Struct):
    """A step in the tester's locale, with what the tester saved for it."""

    id: int
    stage: str
    touchpoint: str
    instruction: str
    expected_outcome: str | None
    questions: list[QuestionView]
    status: str | None
    seconds_spent: int | None


class UseCaseView(msgspec.Struct):
    """A use case in the tester's locale."""

    id: str
    title: str
    persona: str | None
    scenario: str | None
    steps: list[StepView]
    questions: list[QuestionView]


class JourneyView(msgspec.Struct):
    """Everything the runner shows, and where to resume."""

    participation_id: int
    campaign: str
    locale: str
    state: str
    questions: list[QuestionView]
    use_cases: list[UseCaseView]
    next_step_id: int | None


class StepSave(msgspec.Struct, forbid_unknown_fields=True):
    """What the tester did on a step, with its answers by question id (the whole step)."""

    status: StepStatus
    seconds_spent: Annotated[int, msgspec.Meta(ge=0, le=86_400)] | None = None
    answers: dict[str, Any] = {}


class AnswersSave(msgspec.Struct, forbid_unknown_fields=True):
    """Answers to use-case and journey questions, by question id."""

    answers: dict[str, Any]


class MissingAnswer(msgspec.Struct):
    """A required question still unanswered at submission."""

    question: str
    where: str


async def participation_of(user: CurrentUser, participation_id: int) -> dict[str, Any]:
    """The tester's own participation with its campaign's status, or 404."""
    row = (
        await Participation.select(
            Participation.id,
            Participation.campaign,
            Participation.locale,
            Participation.state,
            Participation.country,
            Participation.device_kind,
            Participation.device_os,
            Participation.campaign.name.as_alias("campaign_name"),
            Participation.campaign.status.as_alias("campaign_status"),
            Participation.campaign.default_locale.as_alias("default_locale"),
        )
        .where((Participation.id == participation_id) & (Participation.tester == user.id))
        .first()
    )
    if row is None:
        raise NotFound(
            "participation.not_found",
            "No participation {participation_id}",
            participation_id=participation_id,
        )
    return row


async def locked_participation(user: CurrentUser, participation_id: int) -> dict[str, Any]:
    """The participation, re-read under its row lock and still walkable.

    The lock makes two saves of one participation (a double tap, two tabs) apply one after
    the other instead of both inserting the same step result.
    """
    await locked(
        Participation.select(Participation.id).where(Participation.id == participation_id)
    ).first()
    participation = await participation_of(user, participation_id)
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


async def _questions(
    campaign_id: int, where: Combinable | None = None
) -> list[tuple[dict[str, Any], QuestionDefinition]]:
    """The campaign's questions (those matching `where`) as rows and definitions."""
    query = Question.select().where(Question.campaign == campaign_id)
    if where is not None:
        query = query.where(where)
    rows = await query.order_by(Question.position).output(load_json=True)
    return [(row, question_from_row(row)) for row in rows]


def _localized(value: Any, locale: str, default: str) -> str | None:
    """A stored text as the tester reads it; None stays None."""
    return None if value is None else localize(value, locale, default)


def _question_view(
    question: QuestionDefinition, required: bool, answer: Any, locale: str, default: str
) -> QuestionView:
    def text(value: Any) -> str | None:
        return _localized(value, locale, default)

    labels = getattr(question, "labels", None)
    return QuestionView(
        id=question.id,
        kind=kind_of(question),
        text=text(question.text) or "",
        required=required,
        answer=answer,
        scale=getattr(question, "scale", None),
        low_label=text(labels.low) if labels else None,
        high_label=text(labels.high) if labels else None,
        options=[
            OptionView(id=o.id, label=text(o.label) or "") for o in getattr(question, "options", [])
        ],
        min_picks=getattr(question, "min_picks", None),
        max_picks=getattr(question, "max_picks", None),
        min=getattr(question, "min", None),
        max=getattr(question, "max", None),
        unit=text(getattr(question, "unit", None)),
    )


async def journey(user: CurrentUser, participation_id: int) -> JourneyView:
    """The participation's journey in its locale (falling back to the default), with every
    saved result and answer, and the first step not yet saved."""
    p = await participation_of(user, participation_id)
    locale, default, campaign_id = p["locale"], p["default_locale"], p["campaign"]
    use_cases = (
        await UseCase.select()
        .where(UseCase.campaign == campaign_id)
        .order_by(UseCase.position)
        .output(load_json=True)
    )
    steps = (
        await Step.select()
        .where(Step.campaign == campaign_id)
        .order_by(Step.position)
        .output(load_json=True)
    )
    results = {
        row["step"]: row
        for row in await StepResult.select(
            StepResult.step, StepResult.status, StepResult.seconds_spent
        ).where(StepResult.participation == participation_id)
    }
    answers = {
        row["question"]: StoredAnswer(row["number"], row["text"], row["choices"])
        for row in await Answer.select(Answer.question, Answer.number, Answer.text, Answer.choices)
        .where(Answer.participation == participation_id)
        .output(load_json=True)
    }
    questions = await _questions(campaign_id)

    def views(use_case_id: int | None, step_id: int | None) -> list[QuestionView]:
        return [
            _question_view(
                q,
                row["required"],
                answer_value(q, answers[row["id"]]) if row["id"] in answers else None,
                locale,
                default,
            )
            for row, q in questions
            if row["use_case"] == use_case_id and row["step"] == step_id
        ]

    def text(value: Any) -> str | None:
        return _localized(value, locale, default)

    use_case_views = []
    for use_case in use_cases:
        step_views = [
            StepView(
                id=step["id"],
                stage=step["stage"],
                touchpoint=step["touchpoint"],
                instruction=text(step["instruction"]) or "",
                expected_outcome=text(step["expected_outcome"]),
                questions=views(use_case["id"], step["id"]),
                status=results.get(step["id"], {}).get("status"),
                seconds_spent=results.get(step["id"], {}).get("seconds_spent"),
            )
            for step in steps
            if step["use_case"] == use_case["id"]
        ]
        use_case_views.append(
            UseCaseView(
                id=use_case["key"],
                title=text(use_case["title"]) or "",
                persona=text(use_case["persona"]),
                scenario=text(use_case["scenario"]),
                steps=step_views,
                questions=views(use_case["id"], None),
            )
        )
    next_step = next((s.id for u in use_case_views for s in u.steps if s.status is None), None)
    return JourneyView(
        participation_id=participation_id,
        campaign=p["campaign_name"],
        locale=locale,
        state=p["state"],
        questions=views(None, None),
        use_cases=use_case_views,
        next_step_id=next_step,
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
                reason=str(error),
            ) from error
    return checked


async def _store_answers(
    participation: dict[str, Any],
    checked: list[tuple[int, StoredAnswer]],
    replaced: list[int],
    step_id: int | None,
) -> None:
    """Replace the answers to `replaced` questions with `checked` ones."""
    await Answer.delete().where(
        (Answer.participation == participation["id"]) & Answer.question.is_in(replaced or [-1])
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
        )


async def _start(participation: dict[str, Any]) -> None:
    if participation["state"] == ParticipationState.accepted:
        await Participation.update(
            {
                Participation.state: ParticipationState.in_progress,
                Participation.started_at: dt.datetime.now(dt.UTC),
            }
        ).where(Participation.id == participation["id"])


class StepSaved(msgspec.Struct):
    """What an autosave stored; cheap to return, since the runner saves often."""

    participation_id: int
    step_id: int
    status: str
    seconds_spent: int | None
    answers: int
    state: str


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
        q.id: (row, q) for row, q in await _questions(p["campaign"], Question.step == step_id)
    }
    checked = _checked(save.answers, questions)
    async with writing_transaction():
        p = await locked_participation(user, participation_id)
        now = dt.datetime.now(dt.UTC)
        existing = (
            await StepResult.select(StepResult.id)
            .where((StepResult.participation == participation_id) & (StepResult.step == step_id))
            .first()
        )
        values = {
            StepResult.status: save.status,
            StepResult.seconds_spent: save.seconds_spent,
            StepResult.updated_at: now,
        }
        if existing:
            await StepResult.update(values).where(StepResult.id == existing["id"])
        else:
            await StepResult.insert(
                StepResult(
                    participation=participation_id,
                    step=step_id,
                    stage=step["stage"],
                    campaign=p["campaign"],
                    locale=p["locale"],
                    status=save.status,
                    seconds_spent=save.seconds_spent,
                )
            )
        await _store_answers(p, checked, [row["id"] for row, _ in questions.values()], step_id)
        await _start(p)
    return StepSaved(
        participation_id=participation_id,
        step_id=step_id,
        status=save.status,
        seconds_spent=save.seconds_spent,
        answers=len(checked),
        state=ParticipationState.in_progress
        if p["state"] == ParticipationState.accepted
        else p["state"],
    )


async def save_answers(user: CurrentUser, participation_id: int, save: AnswersSave) -> JourneyView:
    """Store answers to use-case and journey questions (those not on a step)."""
    p = await participation_of(user, participation_id)
    questions = {
        q.id: (row, q) for row, q in await _questions(p["campaign"], Question.step.is_null())
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
            missing.append(MissingAnswer(question.id, "end of the journey"))
    for use_case in view.use_cases:
        walked = [step for step in use_case.steps if step.status is not None]
        for step in use_case.steps:
            if step.status == StepStatus.completed:
                missing += [
                    MissingAnswer(q.id, f"{use_case.id}, step {step.id}")
                    for q in step.questions
                    if q.required and q.answer is None
                ]
        if walked:
            missing += [
                MissingAnswer(q.id, use_case.id)
                for q in use_case.questions
                if q.required and q.answer is None
            ]
    if not any(step.status for use_case in view.use_cases for step in use_case.steps):
        raise Invalid("participation.nothing_walked", "Walk at least one step before submitting")
    if missing:
        names = ", ".join(m.question for m in missing)
        raise Invalid(
            "participation.required_unanswered",
            "{count} required questions are unanswered: {names}",
            extra=msgspec.to_builtins(missing),
            count=len(missing),
            names=names,
        )
    async with writing_transaction():
        p = await participation_of(user, participation_id)
        _walkable(p)
        await Participation.update(
            {
                Participation.state: ParticipationState.submitted,
                Participation.submitted_at: dt.datetime.now(dt.UTC),
            }
        ).where(Participation.id == participation_id)
    return await journey(user, participation_id)
