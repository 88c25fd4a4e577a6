"""What each table of the workbook holds: one column spec per sheet, header, width and value
side by side, so a header can never drift from the value under it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import msgspec

from campaigns.vocabulary import Severity
from reports.choices import ChoiceDistribution
from reports.completion import StepFunnel
from reports.friction import FrictionCell
from reports.questions import QuestionStatistics
from reports.rows import AnswerLine, FindingLine, TesterLine

Line = TypeVar("Line")


class Column(Generic[Line]):
    """A column of a sheet: its header, its width in characters, and how a line fills it."""

    __slots__ = ("header", "value", "width")

    def __init__(self, header: str, width: int, value: Callable[[Line], Any]) -> None:
        self.header = header
        self.width = width
        self.value = value


def field(name: str) -> Callable[[Any], Any]:
    """A column value read from the line's attribute of that name."""
    return lambda line: getattr(line, name)


def values(columns: tuple[Column[Line], ...], line: Line) -> list[Any]:
    """The cells of one line, in column order."""
    return [column.value(line) for column in columns]


FINDINGS: tuple[Column[FindingLine], ...] = (
    Column("ID", 8, field("id")),
    Column("Use case", 18, field("use_case")),
    Column("Step", 18, field("step")),
    Column("Stage", 14, field("stage")),
    Column("Touchpoint", 12, field("touchpoint")),
    Column("Locale", 9, field("locale")),
    Column("Country", 8, field("country")),
    Column("Device", 16, field("device")),
    Column("Severity", 10, field("severity")),
    Column("Reported severity", 10, field("reported_severity")),
    Column("Kind", 13, field("kind")),
    Column("Emotion", 8, field("emotion")),
    Column("Title", 40, field("title")),
    Column("Description", 60, field("description")),
    Column("Steps to reproduce", 40, field("steps_to_reproduce")),
    Column("Expected result", 30, field("expected_result")),
    Column("Actual result", 30, field("actual_result")),
    Column("Review", 11, field("review")),
    Column("Reason", 18, field("review_reason")),
    Column("Duplicate of", 10, field("duplicate_of")),
    Column("Duplicates", 10, field("duplicates")),
    Column("Tester", 12, field("tester")),
    Column("Filed at (UTC)", 18, field("created_at")),
)
# The Findings sheet ends with two cells the writer makes itself: a link and a picture.
FINDING_EXTRAS = (("Screenshot", 14), ("Thumbnail", 16))

ANSWERS: tuple[Column[AnswerLine], ...] = (
    Column("Tester", 12, field("tester")),
    Column("Locale", 9, field("locale")),
    Column("Use case", 18, field("use_case")),
    Column("Step", 18, field("step")),
    Column("Question", 20, field("question")),
    Column("Question text", 50, field("question_text")),
    Column("Answer", 80, field("answer")),
)

COMPLETION: tuple[Column[StepFunnel], ...] = (
    Column("Use case", 28, field("use_case_title")),
    Column("Step", 34, field("step_title")),
    Column("Stage", 14, field("stage")),
    Column("Reached", 9, field("reached")),
    Column("Completed", 10, field("completed")),
    Column("Blocked", 9, field("blocked")),
    Column("Skipped", 9, field("skipped")),
    Column("Task success", 11, field("task_success")),
    Column("Drop-off", 10, field("drop_off")),
    Column("Median time (s)", 12, field("median_seconds")),
)

TESTERS: tuple[Column[TesterLine], ...] = (
    Column("Tester", 12, field("tester")),
    Column("Locale", 9, field("locale")),
    Column("Country", 8, field("country")),
    Column("Device", 16, field("device")),
    Column("State", 12, field("state")),
    Column("Accepted at (UTC)", 18, field("accepted_at")),
    Column("Submitted at (UTC)", 18, field("submitted_at")),
    Column("Steps completed", 10, field("steps_completed")),
    Column("Steps blocked", 10, field("steps_blocked")),
    Column("Findings", 9, field("findings")),
)


class QuestionLine(msgspec.Struct, kw_only=True):
    """One row of the Questions sheet: a statistic, an option's picks, or a SUS score."""

    question: str
    kind: str
    locale: str
    n: int | None = None
    mean: float | None = None
    median: float | None = None
    sd: float | None = None
    score_name: str | None = None
    score: float | None = None
    option: str | None = None
    picks: int | None = None
    share: float | None = None
    formula: str | None = None


QUESTIONS: tuple[Column[QuestionLine], ...] = (
    Column("Question", 22, field("question")),
    Column("Kind", 13, field("kind")),
    Column("Locale", 9, field("locale")),
    Column("n", 7, field("n")),
    Column("Mean", 8, field("mean")),
    Column("Median", 8, field("median")),
    Column("SD", 8, field("sd")),
    Column("Score", 8, field("score_name")),
    Column("Score value", 10, field("score")),
    Column("Option", 16, field("option")),
    Column("Picks", 8, field("picks")),
    Column("Share", 8, field("share")),
    Column("Formula", 70, field("formula")),
)


def question_lines(
    statistics: list[QuestionStatistics],
    choices: list[ChoiceDistribution],
    sus: dict[str, float | None],
    formulas: dict[str, str],
) -> list[QuestionLine]:
    """The Questions sheet's rows: statistics, then each option's picks, then SUS."""
    lines = [
        QuestionLine(
            question=stat.question,
            kind=stat.kind,
            locale=stat.locale,
            n=stat.summary.n,
            mean=stat.summary.mean,
            median=stat.summary.median,
            sd=stat.summary.sd,
            score_name=stat.score_name,
            score=stat.score,
            formula=formulas.get(stat.score_name or ""),
        )
        for stat in statistics
    ]
    lines += [
        QuestionLine(
            question=choice.question,
            kind=choice.kind,
            locale=choice.locale,
            n=choice.n,
            option=option.option,
            picks=option.count,
            share=option.share,
            formula=formulas.get("share"),
        )
        for choice in choices
        for option in choice.options
    ]
    lines += [
        QuestionLine(
            question="SUS",
            kind="sus",
            locale=locale,
            score_name="SUS",
            score=score,
            formula=formulas["SUS"],
        )
        for locale, score in sus.items()
    ]
    return lines


def friction_columns(kinds: list[str]) -> tuple[Column[FrictionCell], ...]:
    """The heatmap sheet's detail table: one row per stage × locale cell, a column per kind."""
    return (
        Column("Stage", 16, field("stage")),
        Column("Locale", 11, field("locale")),
        Column("Friction index", 11, field("index")),
        *(
            Column(severity.value.capitalize(), 11, _severity_count(severity.value))
            for severity in Severity
        ),
        Column("Blocked steps", 11, field("blocked_steps")),
        Column("Blocked rate", 11, field("blocked_rate")),
        Column("Testers", 11, field("testers")),
        *(Column(kind, 11, _kind_count(kind)) for kind in kinds),
    )


def _severity_count(severity: str) -> Callable[[FrictionCell], int]:
    return lambda cell: cell.findings.get(severity, 0)


def _kind_count(kind: str) -> Callable[[FrictionCell], int]:
    return lambda cell: cell.kinds.get(kind, 0)
