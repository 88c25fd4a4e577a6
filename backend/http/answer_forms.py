"""Answers from an HTML form (`q.<question id>` fields) in the types the API takes."""

from __future__ import annotations

from typing import Any

from litestar.datastructures import FormMultiDict

from backend.services.participations import QuestionView

_WHOLE = {"rating", "nps", "seq"}


def _typed(kind: str, raw: str) -> Any:
    """Form text as the answer type, leaving anything unparsable for the checks to refuse."""
    try:
        if kind in _WHOLE:
            return int(raw)
        if kind == "number":
            return float(raw.replace(",", "."))
    except ValueError:
        return raw
    if kind == "yes_no":
        return {"yes": True, "no": False}.get(raw, raw)
    return raw


def answers_from_form(form: FormMultiDict, questions: list[QuestionView]) -> dict[str, Any]:
    """The answers given in the form; a question left blank is left out."""
    answers: dict[str, Any] = {}
    for question in questions:
        field = f"q.{question.id}"
        if question.kind == "multi_choice":
            picks = [value for value in form.getall(field, []) if isinstance(value, str)]
            if picks:
                answers[question.id] = picks
            continue
        raw = form.get(field)
        if isinstance(raw, str) and raw.strip():
            answers[question.id] = _typed(question.kind, raw.strip())
    return answers
