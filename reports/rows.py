"""Rows the workbook is written from, filled by whoever reads the database."""

from __future__ import annotations

import datetime as dt

import msgspec


class LocaleTesters(msgspec.Struct):
    """One locale's quota and its testers by participation state."""

    locale: str
    quota: int
    counts: dict[str, int]


class Headline(msgspec.Struct):
    """A headline figure of the campaign with the formula that made it."""

    name: str
    value: float | None
    formula: str


class Overview(msgspec.Struct):
    """What the workbook's first sheet says about the campaign."""

    campaign: str
    product: str
    status: str
    organization: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    launched_at: dt.datetime | None
    closed_at: dt.datetime | None
    generated_at: dt.datetime
    locales: list[LocaleTesters]
    headlines: list[Headline]
    findings: dict[str, int]


class FindingLine(msgspec.Struct):
    """One finding as a row of the Findings sheet; the thumbnail is JPEG bytes."""

    id: int
    use_case: str
    step: str
    stage: str
    touchpoint: str
    locale: str
    country: str
    device: str
    severity: str
    reported_severity: str
    kind: str
    emotion: int
    title: str
    description: str
    steps_to_reproduce: str
    expected_result: str
    actual_result: str
    review: str
    review_reason: str | None
    duplicate_of: int | None
    duplicates: int
    tester: str
    created_at: dt.datetime
    screenshot_url: str | None = None
    thumbnail: bytes | None = None


class AnswerLine(msgspec.Struct):
    """One qualitative answer as a row of the Answers sheet."""

    tester: str
    locale: str
    use_case: str | None
    step: str | None
    question: str
    question_text: str
    answer: str


class TesterLine(msgspec.Struct):
    """One participation, pseudonymous, as a row of the Testers sheet."""

    tester: str
    locale: str
    country: str
    device: str
    state: str
    accepted_at: dt.datetime | None
    submitted_at: dt.datetime | None
    steps_completed: int
    steps_blocked: int
    findings: int
