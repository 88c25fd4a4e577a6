"""The campaign definition: what a client writes in YAML, TOML or JSON.

Structure and types are checked here by msgspec; rules that span fields (unique ids,
default-locale texts, quotas) are in campaigns.rules.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec

from campaigns.text import Localized
from campaigns.vocabulary import DeviceKind, Stage, Touchpoint

Key = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[a-z][a-z0-9_]{0,63}$",
        description="lower-case letters, digits and _, starting with a letter",
    ),
]
Locale = Annotated[
    str,
    msgspec.Meta(pattern=r"^[a-z]{2,3}-[A-Z]{2}$", description="BCP 47, such as fr-FR"),
]
Country = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{2}$", description="ISO 3166, such as FR")]
Label = Annotated[str, msgspec.Meta(max_length=200)]

# Bounds that keep every page of a campaign cheap to render; a real campaign had 10 use
# cases, about 80 steps and 23 questions a tester.
MAX_USE_CASES = 50
MAX_STEPS = 500
MAX_QUESTIONS = 300
MAX_OPTIONS = 50
MAX_LOCALES = 50


class _Strict(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """Unknown fields are errors: a misspelt key must not be silently ignored."""


class Option(_Strict, kw_only=True):
    """One answer a choice question offers."""

    id: Key
    label: Localized


class ScaleLabels(_Strict, kw_only=True):
    """What the two ends of a rating scale mean."""

    low: Localized
    high: Localized


class _Question(_Strict, tag_field="kind", kw_only=True):
    id: Key
    text: Localized
    required: bool = True


class TextQuestion(_Question, tag="text", kw_only=True):
    """Qualitative: free text."""

    max_length: Annotated[int, msgspec.Meta(ge=1, le=10_000)] = 2000


class RatingQuestion(_Question, tag="rating", kw_only=True):
    """A Likert scale of 5 or 7 points; `measure` marks a CSAT rating or a SUS item."""

    scale: Literal[5, 7] = 5
    labels: ScaleLabels | None = None
    measure: Literal["csat", "sus"] | None = None


class NpsQuestion(_Question, tag="nps", kw_only=True):
    """How likely to recommend, 0 to 10."""


class SeqQuestion(_Question, tag="seq", kw_only=True):
    """Single Ease Question: how easy was the task, 1 to 7."""


class SingleChoiceQuestion(_Question, tag="single_choice", kw_only=True):
    """Pick one option."""

    options: Annotated[list[Option], msgspec.Meta(max_length=MAX_OPTIONS)]


class MultiChoiceQuestion(_Question, tag="multi_choice", kw_only=True):
    """Pick between min_picks and max_picks options."""

    options: Annotated[list[Option], msgspec.Meta(max_length=MAX_OPTIONS)]
    min_picks: Annotated[int, msgspec.Meta(ge=0)] = 0
    max_picks: Annotated[int, msgspec.Meta(ge=1)] | None = None


class YesNoQuestion(_Question, tag="yes_no", kw_only=True):
    """Yes or no."""


class NumberQuestion(_Question, tag="number", kw_only=True):
    """A number within optional bounds."""

    min: float | None = None
    max: float | None = None
    unit: Localized | None = None


Question = (
    TextQuestion
    | RatingQuestion
    | NpsQuestion
    | SeqQuestion
    | SingleChoiceQuestion
    | MultiChoiceQuestion
    | YesNoQuestion
    | NumberQuestion
)
QUANTITATIVE = (
    RatingQuestion,
    NpsQuestion,
    SeqQuestion,
    SingleChoiceQuestion,
    MultiChoiceQuestion,
    YesNoQuestion,
    NumberQuestion,
)


class Link(_Strict, kw_only=True):
    """What is under test, one tap away: a web, app-store or build address (per locale where
    it differs), what the button says, and test credentials shown only to accepted testers."""

    url: Localized
    label: Localized | None = None
    credentials: Localized | None = None


class Step(_Strict, kw_only=True):
    """One instruction inside a use case."""

    id: Key
    stage: Stage
    touchpoint: Touchpoint
    instruction: Localized
    # A short label for reports and lists ("Checkout"); the instruction's first words if absent.
    title: Localized | None = None
    expected_outcome: Localized | None = None
    link: Link | None = None
    questions: Annotated[list[Question], msgspec.Meta(max_length=MAX_QUESTIONS)] = []


class UseCase(_Strict, kw_only=True):
    """One journey to walk, as a persona in a scenario."""

    id: Key
    title: Localized
    persona: Localized | None = None
    scenario: Localized | None = None
    link: Link | None = None
    steps: Annotated[list[Step], msgspec.Meta(max_length=MAX_STEPS)] = []
    questions: Annotated[list[Question], msgspec.Meta(max_length=MAX_QUESTIONS)] = []


class LocaleTarget(_Strict, kw_only=True):
    """A locale to cover and how many testers it needs."""

    locale: Locale
    quota: int


class DeviceTarget(_Strict, kw_only=True):
    """A device kind to cover, optionally limited to some operating systems."""

    kind: DeviceKind
    os: Annotated[list[Label], msgspec.Meta(max_length=20)] = []


class Target(_Strict, kw_only=True):
    """Who should test: countries, locales with quotas, devices."""

    locales: Annotated[list[LocaleTarget], msgspec.Meta(max_length=MAX_LOCALES)]
    countries: Annotated[list[Country], msgspec.Meta(max_length=250)] = []
    devices: Annotated[list[DeviceTarget], msgspec.Meta(max_length=20)] = []


class CampaignDefinition(_Strict, kw_only=True):
    """A whole campaign as a client describes it."""

    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    product: Label = ""
    description: Annotated[str, msgspec.Meta(max_length=10_000)] = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    incentive: Label = ""
    default_locale: Locale
    target: Target
    questions: Annotated[list[Question], msgspec.Meta(max_length=MAX_QUESTIONS)] = []
    use_cases: Annotated[list[UseCase], msgspec.Meta(max_length=MAX_USE_CASES)] = []


def kind_of(question: Question) -> str:
    """The question's kind, which msgspec keeps as the struct's tag."""
    return question.__struct_config__.tag


def all_questions(definition: CampaignDefinition) -> list[tuple[str, Question]]:
    """Every question with its path, in the order a tester meets them."""
    found = [(f"questions[{i}]", q) for i, q in enumerate(definition.questions)]
    for u, use_case in enumerate(definition.use_cases):
        base = f"use_cases[{u}]"
        for s, step in enumerate(use_case.steps):
            found += [
                (f"{base}.steps[{s}].questions[{i}]", q) for i, q in enumerate(step.questions)
            ]
        found += [(f"{base}.questions[{i}]", q) for i, q in enumerate(use_case.questions)]
    return found


def question_mix(definition: CampaignDefinition) -> tuple[int, int]:
    """How many qualitative and quantitative questions a tester walking every use case meets."""
    questions = [question for _, question in all_questions(definition)]
    quantitative = sum(isinstance(question, QUANTITATIVE) for question in questions)
    return len(questions) - quantitative, quantitative
