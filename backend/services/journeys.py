"""A participation's journey as its tester reads it: in the tester's locale (falling back to
the campaign's default), with what was saved so far and where to resume."""

from __future__ import annotations

from typing import Any

import msgspec
from piccolo.columns.combination import Combinable

from backend.auth.identity import CurrentUser
from backend.db.engine import row_lock
from backend.errors import NotFound
from backend.services.campaign_store import question_from_row
from backend.tables import Answer, Campaign, Participation, Question, Step, StepResult, UseCase
from campaigns.answers import StoredAnswer, answer_value
from campaigns.schema import Question as QuestionDefinition
from campaigns.schema import kind_of
from campaigns.text import language_of, localize, pick_locale
from campaigns.vocabulary import ParticipationState


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


class LinkView(msgspec.Struct, omit_defaults=True):
    """What is under test, in the tester's locale; credentials only once they accepted."""

    url: str
    label: str | None = None
    credentials: str | None = None


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
    # The instruction is not written in the tester's language: it falls back to the default.
    fallback: bool = False
    # The step's own link, else its use case's.
    link: LinkView | None = None
    # What blocked the tester on this step, in their words.
    note: str = ""


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


_PARTICIPATION = (
    "SELECT p.id, p.campaign, p.locale, p.state, p.country, p.device_kind, p.device_os,"
    " c.name AS campaign_name, c.status AS campaign_status, c.default_locale AS default_locale"
    " FROM participation p JOIN campaign c ON c.id = p.campaign"
    " WHERE p.id = {} AND p.tester = {}"
)


def locate_step(view: JourneyView, step_id: int) -> tuple[UseCaseView, StepView, int, int]:
    """The use case and step with this id, the step's number and the journey's step count."""
    steps = [(use_case, step) for use_case in view.use_cases for step in use_case.steps]
    for number, (use_case, step) in enumerate(steps, start=1):
        if step.id == step_id:
            return use_case, step, number, len(steps)
    raise NotFound("step.not_found", "No step {step_id} in this journey", step_id=step_id)


async def participation_of(
    user: CurrentUser, participation_id: int, *, lock: bool = False
) -> dict[str, Any]:
    """The tester's own participation with its campaign's status, or 404; with `lock`, its
    row stays locked until the caller's transaction ends (PostgreSQL).

    Raw SQL: every step save runs it twice, and building the joined query through the ORM
    cost more than running it.
    """
    rows = await Participation.raw(
        _PARTICIPATION + (row_lock("p") if lock else ""), participation_id, user.id
    )
    row = rows[0] if rows else None
    if row is None:
        raise NotFound(
            "participation.not_found",
            "No participation {participation_id}",
            participation_id=participation_id,
        )
    return row


# An invitation the tester turned down, or that closed unanswered, opens nothing any more.
_CLOSED = (ParticipationState.declined, ParticipationState.expired)


async def readable_participation(user: CurrentUser, participation_id: int) -> dict[str, Any]:
    """The tester's own participation, or 404 when it is missing or was declined or expired."""
    participation = await participation_of(user, participation_id)
    if participation["state"] in _CLOSED:
        raise NotFound(
            "participation.closed",
            "This invitation was {state}; its journey is no longer open to you",
            state=participation["state"],
        )
    return participation


async def questions_of(
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


def _link_view(
    link: dict[str, Any] | None, locale: str, default: str, accepted: bool
) -> LinkView | None:
    if not link:
        return None
    return LinkView(
        url=localize(link["url"], locale, default),
        label=_localized(link.get("label"), locale, default),
        credentials=_localized(link.get("credentials"), locale, default) if accepted else None,
    )


def _falls_back(text: Any, locale: str, default: str) -> bool:
    chosen = pick_locale(text, locale, default)
    return chosen is not None and language_of(chosen) != language_of(locale)


async def journey(user: CurrentUser, participation_id: int) -> JourneyView:
    """The participation's journey in its locale (falling back to the default), with every
    saved result and answer, and the first step not yet saved."""
    p = await readable_participation(user, participation_id)
    results = {
        row["step"]: row
        for row in await StepResult.select(
            StepResult.step, StepResult.status, StepResult.seconds_spent, StepResult.note
        ).where(StepResult.participation == participation_id)
    }
    answers = {
        row["question"]: StoredAnswer(row["number"], row["text"], row["choices"])
        for row in await Answer.select(Answer.question, Answer.number, Answer.text, Answer.choices)
        .where(Answer.participation == participation_id)
        .output(load_json=True)
    }
    return await _journey_of(
        p["campaign"],
        p["locale"],
        p["default_locale"],
        p["campaign_name"],
        (participation_id, p["state"]),
        results,
        answers,
    )


async def preview_journey(campaign_id: int, locale: str) -> JourneyView:
    """The campaign's journey as a tester in `locale` would first see it: nothing saved yet,
    links and test credentials shown as to an accepted tester."""
    row = await (
        Campaign.select(Campaign.name, Campaign.default_locale)
        .where(Campaign.id == campaign_id)
        .first()
    )
    return await _journey_of(
        campaign_id, locale, row["default_locale"], row["name"], (0, "accepted"), {}, {}
    )


async def _journey_of(
    campaign_id: int,
    locale: str,
    default: str,
    campaign_name: str,
    participation: tuple[int, str],
    results: dict[int, dict[str, Any]],
    answers: dict[int, StoredAnswer],
) -> JourneyView:
    participation_id, state = participation
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
    questions = await questions_of(campaign_id)

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
                fallback=_falls_back(step["instruction"], locale, default),
                note=results.get(step["id"], {}).get("note") or "",
                link=_link_view(
                    step["link"] or use_case["link"], locale, default, state != "invited"
                ),
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
        campaign=campaign_name,
        locale=locale,
        state=state,
        questions=views(None, None),
        use_cases=use_case_views,
        next_step_id=next_step,
    )
