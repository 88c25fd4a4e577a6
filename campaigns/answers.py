"""Checking a tester's answer against its question, and the stored form of answers."""

from __future__ import annotations

from typing import Any

import msgspec

from campaigns.messages import Message
from campaigns.schema import (
    MultiChoiceQuestion,
    NpsQuestion,
    NumberQuestion,
    Question,
    RatingQuestion,
    SeqQuestion,
    SingleChoiceQuestion,
    TextQuestion,
    YesNoQuestion,
)


class StoredAnswer(msgspec.Struct, frozen=True):
    """An answer in the columns that hold it: a number, a text or a list of option ids."""

    number: float | None = None
    text: str | None = None
    choices: list[str] | None = None


class AnswerError(ValueError):
    """An answer its question does not accept; the message says why, in words a tester can
    act on (it is shown on the step, translated)."""

    def __init__(self, template: str, **params: object) -> None:
        self.message = Message(template, **params)
        super().__init__(str(self.message))


def _whole(value: Any, low: int, high: int) -> StoredAnswer:
    if isinstance(value, bool) or not isinstance(value, int):
        raise AnswerError(
            "expected a whole number from {low} to {high}, got {value}",
            low=low,
            high=high,
            value=repr(value),
        )
    if not low <= value <= high:
        raise AnswerError("{value} is outside {low} to {high}", value=value, low=low, high=high)
    return StoredAnswer(number=value)


def check_answer(question: Question, value: Any) -> StoredAnswer:
    """The answer as stored, or AnswerError saying what the question accepts."""
    match question:
        case TextQuestion():
            if not isinstance(value, str) or not value.strip():
                raise AnswerError("expected some text")
            if len(value) > question.max_length:
                raise AnswerError(
                    "at most {limit} characters, got {length}",
                    limit=question.max_length,
                    length=len(value),
                )
            return StoredAnswer(text=value.strip())
        case RatingQuestion():
            return _whole(value, 1, question.scale)
        case NpsQuestion():
            return _whole(value, 0, 10)
        case SeqQuestion():
            return _whole(value, 1, 7)
        case YesNoQuestion():
            if not isinstance(value, bool):
                raise AnswerError("expected yes or no, got {value}", value=repr(value))
            return StoredAnswer(number=int(value))
        case NumberQuestion():
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise AnswerError("expected a number, got {value}", value=repr(value))
            if question.min is not None and value < question.min:
                raise AnswerError(
                    "{value} is below the minimum {low}", value=value, low=f"{question.min:g}"
                )
            if question.max is not None and value > question.max:
                raise AnswerError(
                    "{value} is above the maximum {high}", value=value, high=f"{question.max:g}"
                )
            return StoredAnswer(number=value)
        case SingleChoiceQuestion():
            if value not in [option.id for option in question.options]:
                raise AnswerError("{value} is not one of the options offered", value=repr(value))
            return StoredAnswer(choices=[value])
        case MultiChoiceQuestion():
            return StoredAnswer(choices=_picks(question, value))
    raise AnswerError("this question cannot be answered")


def _picks(question: MultiChoiceQuestion, value: Any) -> list[str]:
    options = [option.id for option in question.options]
    if not isinstance(value, list) or not all(isinstance(pick, str) for pick in value):
        raise AnswerError("expected a list of option ids")
    unknown = [pick for pick in value if pick not in options]
    if unknown:
        raise AnswerError("{value} is not one of the options offered", value=repr(unknown[0]))
    if len(set(value)) != len(value):
        raise AnswerError("an option is picked twice")
    most = question.max_picks if question.max_picks is not None else len(options)
    if not question.min_picks <= len(value) <= most:
        raise AnswerError(
            "pick {least} to {most} options, not {picked}",
            least=question.min_picks,
            most=most,
            picked=len(value),
        )
    return list(value)


def answer_value(question: Question, stored: StoredAnswer) -> Any:
    """The stored answer in the shape the tester sent it."""
    match question:
        case TextQuestion():
            return stored.text
        case YesNoQuestion():
            return bool(stored.number)
        case RatingQuestion() | NpsQuestion() | SeqQuestion():
            return None if stored.number is None else int(stored.number)
        case NumberQuestion():
            return stored.number
        case SingleChoiceQuestion():
            return stored.choices[0] if stored.choices else None
    return stored.choices
