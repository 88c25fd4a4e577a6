"""Step saves, the runner's most frequent write: one read before, then applied with the
saves that arrive meanwhile in one transaction (group commit)."""

from __future__ import annotations

import datetime as dt
import functools
import operator
from typing import Annotated, Any, NamedTuple

import msgspec

from backend import clock
from backend.auth.identity import CurrentUser
from backend.db.engine import row_lock, writing_transaction
from backend.db.group_commit import GroupCommit
from backend.db.tallies import hold_tallies
from backend.db.upserts import upsert
from backend.errors import DomainError, NotFound
from backend.services.campaign_store import question_from_row
from backend.services.participations import (
    AnswerRows,
    MissingAnswer,
    checked_answers,
    start_journeys,
    store_answers,
    walkable,
)
from backend.tables import Participation, StepResult
from campaigns.answers import StoredAnswer
from campaigns.schema import Question as QuestionDefinition
from campaigns.text import localize
from campaigns.vocabulary import ParticipationState, StepStatus


class StepSave(msgspec.Struct, forbid_unknown_fields=True):
    """What the tester did on a step, with its answers by question id (the whole step)."""

    status: StepStatus
    seconds_spent: Annotated[int, msgspec.Meta(ge=0, le=86_400)] | None = None
    answers: dict[str, Any] = {}
    # What blocked the tester, when `status` is blocked; kept only then.
    note: Annotated[str, msgspec.Meta(max_length=2000)] = ""


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


class _PendingSave(NamedTuple):
    """A checked step save waiting for its batch."""

    user_id: int
    participation_id: int
    step: dict[str, Any]
    save: StepSave
    answers: list[tuple[int, StoredAnswer]]
    # The step's questions: those not in `answers` were cleared by the tester.
    questions: list[int]
    missing: list[MissingAnswer]
    at: dt.datetime


async def save_step(
    user: CurrentUser, participation_id: int, step_id: int, save: StepSave
) -> StepSaved:
    """Store the step's result and answers; saving the same step again replaces them."""
    p, step, questions = await _step_to_save(user, participation_id, step_id)
    checked = checked_answers(save.answers, questions)
    answered = {question_id for question_id, _ in checked}
    missing = [
        MissingAnswer(key, localize(question.text, p["locale"], p["default_locale"]), "step")
        for key, (row, question) in questions.items()
        if save.status == StepStatus.completed and row["required"] and row["id"] not in answered
    ]
    pending = _PendingSave(
        user.id,
        participation_id,
        step,
        save,
        checked,
        [row["id"] for row, _ in questions.values()],
        missing,
        clock.now(),
    )
    return await _STEP_SAVES.submit(pending)


# The participation, the step and the step's questions in one round trip: a save is the
# most frequent request, and three ORM queries cost more to build than to run.
_STEP_TO_SAVE = (
    "SELECT p.id, p.campaign, p.locale, c.default_locale, s.id AS step_id, s.stage,"
    " q.id AS question_id, q.key, q.kind, q.required, q.measure, q.text, q.config"
    " FROM participation p JOIN campaign c ON c.id = p.campaign"
    " LEFT JOIN step s ON s.id = {} AND s.campaign = p.campaign"
    " LEFT JOIN question q ON q.step = s.id"
    " WHERE p.id = {} AND p.tester = {}"
    " ORDER BY q.position"
)


async def _step_to_save(
    user: CurrentUser, participation_id: int, step_id: int
) -> tuple[dict[str, Any], dict[str, Any], dict[str, tuple[dict[str, Any], QuestionDefinition]]]:
    """The tester's participation, the step in its campaign, and the step's questions by
    key; 404 for a participation or step that is not theirs."""
    rows = await Participation.raw(_STEP_TO_SAVE, step_id, participation_id, user.id)
    if not rows:
        raise NotFound(
            "participation.not_found",
            "No participation {participation_id}",
            participation_id=participation_id,
        )
    first = rows[0]
    if first["step_id"] is None:
        raise NotFound("step.not_found", "No step {step_id} in this journey", step_id=step_id)
    questions = {}
    for row in rows:
        if row["question_id"] is None:
            continue
        stored = {
            **row,
            "id": row["question_id"],
            "text": _json(row["text"]),
            "config": _json(row["config"]),
            "required": bool(row["required"]),
        }
        question = question_from_row(stored)
        questions[question.id] = (stored, question)
    return first, {"id": first["step_id"], "stage": first["stage"]}, questions


def _json(value: Any) -> Any:
    """A JSON column as raw SQL returns it (text on both databases), decoded."""
    return msgspec.json.decode(value) if isinstance(value, str | bytes) else value


_LOCKED = (
    "SELECT p.id, p.tester, p.campaign, p.locale, p.state, c.status AS campaign_status"
    " FROM participation p JOIN campaign c ON c.id = p.campaign WHERE p.id IN ({})"
)


async def _store_steps(batch: list[_PendingSave]) -> list[StepSaved | Exception]:
    """Apply a batch of step saves in one transaction, each participation re-read under its
    row lock and still walkable; a save refused alone leaves the others to apply."""
    ids = list({pending.participation_id for pending in batch})
    placeholders = ", ".join(["{}"] * len(ids))
    async with writing_transaction():
        rows = await Participation.raw(_LOCKED.format(placeholders) + row_lock("p"), *ids)
        found = {row["id"]: row for row in rows}
        results: list[StepSaved | Exception] = []
        applied: list[tuple[_PendingSave, dict[str, Any]]] = []
        for pending in batch:
            try:
                p = found.get(pending.participation_id)
                if p is None or p["tester"] != pending.user_id:
                    # Erased, or never the tester's: as if it had never existed.
                    raise NotFound(
                        "participation.not_found",
                        "No participation {participation_id}",
                        participation_id=pending.participation_id,
                    )
                walkable(p)
            except DomainError as refused:
                results.append(refused)
                continue
            applied.append((pending, p))
            results.append(_saved(pending, p))
        if not applied:
            return results
        await hold_tallies(p["campaign"] for _, p in applied)
        await store_answers(
            [AnswerRows(p, s.answers, s.questions, s.step["id"]) for s, p in applied], batch[0].at
        )
        # Not done yet: whatever such a step said before no longer holds.
        undone = [
            (StepResult.participation == s.participation_id) & (StepResult.step == s.step["id"])
            for s, _ in applied
            if s.missing
        ]
        if undone:
            await StepResult.delete().where(functools.reduce(operator.or_, undone))
        if done := [(s, p) for s, p in applied if not s.missing]:
            await _store_results(done)
        await start_journeys([p for _, p in applied], batch[0].at)
    return results


def _saved(pending: _PendingSave, p: dict[str, Any]) -> StepSaved:
    return StepSaved(
        participation_id=pending.participation_id,
        step_id=pending.step["id"],
        status=None if pending.missing else pending.save.status,
        seconds_spent=pending.save.seconds_spent,
        answers=len(pending.answers),
        state=ParticipationState.in_progress
        if p["state"] == ParticipationState.accepted
        else p["state"],
        counted=not pending.missing,
        missing=pending.missing,
    )


async def _store_results(done: list[tuple[_PendingSave, dict[str, Any]]]) -> None:
    """Insert or replace each step's one result row, upserted on the unique (participation,
    step) index."""
    await upsert(
        StepResult,
        (
            "participation",
            "step",
            "stage",
            "campaign",
            "locale",
            "status",
            "seconds_spent",
            "note",
            "updated_at",
        ),
        [
            (
                p["id"],
                s.step["id"],
                s.step["stage"],
                p["campaign"],
                p["locale"],
                s.save.status.value,
                s.save.seconds_spent,
                s.save.note.strip() if s.save.status == StepStatus.blocked else "",
                s.at,
            )
            for s, p in done
        ],
        conflict=("participation", "step"),
        update=("status", "seconds_spent", "note", "updated_at"),
    )


# A later save of the same step waits for the next batch, so it lands after the earlier one.
_STEP_SAVES: GroupCommit[_PendingSave, StepSaved] = GroupCommit(
    _store_steps, key=lambda pending: (pending.participation_id, pending.step["id"])
)
