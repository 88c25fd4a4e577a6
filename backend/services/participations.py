"""The journey runner's writes beside step saves: answers, submission, and what step saves
share with them (answer checks and storage, starting a journey)."""

from __future__ import annotations

import datetime as dt
import functools
import operator
from typing import Any, NamedTuple

import msgspec

from backend import clock
from backend.auth.identity import CurrentUser
from backend.db.engine import writing_transaction
from backend.db.upserts import upsert
from backend.errors import Conflict, Invalid
from backend.services.journeys import JourneyView, journey, participation_of, questions_of
from backend.tables import Answer, Campaign, Participation, Question
from campaigns.answers import AnswerError, StoredAnswer, check_answer
from campaigns.lifecycle import OPEN_STATUSES
from campaigns.schema import Question as QuestionDefinition
from campaigns.vocabulary import CampaignStatus, ParticipationState, StepStatus

_WALKING = (ParticipationState.accepted, ParticipationState.in_progress)


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
    walkable(participation)
    return participation


def walkable(participation: dict[str, Any]) -> None:
    """409 unless the campaign is open and the journey accepted or under way."""
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


def checked_answers(
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


class AnswerRows(NamedTuple):
    """Answers to store for one participation: `checked` replaces the answers to `replaced`."""

    participation: dict[str, Any]
    checked: list[tuple[int, StoredAnswer]]
    replaced: list[int]
    step_id: int | None


async def store_answers(entries: list[AnswerRows], at: dt.datetime) -> None:
    """Make each participation's answers to its `replaced` questions the `checked` ones:
    upserted on the unique (participation, question) index, and those the tester cleared
    removed, in one statement of each kind for all the entries."""
    cleared = []
    for entry in entries:
        kept = {question_id for question_id, _ in entry.checked}
        if gone := [q for q in entry.replaced if q not in kept]:
            cleared.append(
                (Answer.participation == entry.participation["id"]) & Answer.question.is_in(gone)
            )
    if cleared:
        await Answer.delete().where(functools.reduce(operator.or_, cleared))
    rows = [
        (
            entry.participation["id"],
            question_id,
            entry.step_id,
            entry.participation["campaign"],
            entry.participation["locale"],
            stored.number,
            stored.text,
            None if stored.choices is None else msgspec.json.encode(stored.choices).decode(),
            at,
        )
        for entry in entries
        for question_id, stored in entry.checked
    ]
    if rows:
        await upsert(
            Answer,
            _ANSWER_COLUMNS,
            rows,
            conflict=("participation", "question"),
            update=("number", "text", "choices", "step", "updated_at"),
        )


_ANSWER_COLUMNS = (
    "participation",
    "question",
    "step",
    "campaign",
    "locale",
    "number",
    "text",
    "choices",
    "updated_at",
)


async def start_journeys(participations: list[dict[str, Any]], at: dt.datetime) -> None:
    """The first save of an accepted journey starts it; the campaign's first started journey
    moves a recruiting campaign to running."""
    starting = {
        p["id"]: p["campaign"] for p in participations if p["state"] == ParticipationState.accepted
    }
    if not starting:
        return
    await Campaign.update({Campaign.status: CampaignStatus.running}).where(
        Campaign.id.is_in(list(set(starting.values())))
        & (Campaign.status == CampaignStatus.recruiting)
    )
    await Participation.update(
        {Participation.state: ParticipationState.in_progress, Participation.started_at: at}
    ).where(Participation.id.is_in(list(starting)))


async def save_answers(user: CurrentUser, participation_id: int, save: AnswersSave) -> JourneyView:
    """Store answers to use-case and journey questions (those not on a step)."""
    p = await participation_of(user, participation_id)
    questions = {
        q.id: (row, q) for row, q in await questions_of(p["campaign"], Question.step.is_null())
    }
    checked = checked_answers(save.answers, questions)
    async with writing_transaction():
        p = await locked_participation(user, participation_id)
        answered = [questions[key][0]["id"] for key in save.answers]
        now = clock.now()
        await store_answers([AnswerRows(p, checked, answered, None)], now)
        await start_journeys([p], now)
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
        walkable(p)
        await Participation.update(
            {
                Participation.state: ParticipationState.submitted,
                Participation.submitted_at: clock.now(),
            }
        ).where(Participation.id == participation_id)
    return await journey(user, participation_id)
