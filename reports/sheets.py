"""What each table of the workbook holds: one column spec per sheet, header, width and value
side by side, so a header can never drift from the value under it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Literal, TypeVar

import msgspec

from campaigns.vocabulary import Severity
from campaigns.words import N_
from reports.choices import ChoiceDistribution
from reports.completion import StepFunnel
from reports.friction import FrictionCell
from reports.questions import QuestionStatistics
from reports.reader import Reader
from reports.rows import AnswerLine, FindingLine, TesterLine

Line = TypeVar("Line")
Reads = Literal["label", "text"] | None


class Column(Generic[Line]):
    """A column of a sheet: its header (a marked message, or a label when `labelled`), its
    width in characters, how a line fills it, and whether what it holds is read through the
    reader's words: `label` for vocabulary values, `text` for marked messages."""

    __slots__ = ("header", "labelled", "reads", "value", "width")

    def __init__(
        self,
        header: str,
        width: int,
        value: Callable[[Line], Any],
        reads: Reads = None,
        labelled: bool = False,
    ) -> None:
        self.header = header
        self.width = width
        self.value = value
        self.reads = reads
        self.labelled = labelled

    def heading(self, reader: Reader) -> str:
        """The header in the reader's words."""
        return reader.label(self.header) if self.labelled else reader.text(self.header)


def field(name: str) -> Callable[[Any], Any]:
    """A column value read from the line's attribute of that name."""
    return lambda line: getattr(line, name)


def values(columns: tuple[Column[Line], ...], line: Line, reader: Reader) -> list[Any]:
    """The cells of one line, in column order, vocabulary and messages in the reader's words."""
    cells = []
    for column in columns:
        value = column.value(line)
        if column.reads is not None and isinstance(value, str):
            value = reader.label(value) if column.reads == "label" else reader.text(value)
        cells.append(value)
    return cells


FINDINGS: tuple[Column[FindingLine], ...] = (
    Column(N_("ID"), 8, field("id")),
    Column(N_("Use case"), 18, field("use_case")),
    Column(N_("Step"), 18, field("step")),
    Column(N_("Stage"), 14, field("stage"), "label"),
    Column(N_("Touchpoint"), 12, field("touchpoint"), "label"),
    Column(N_("Locale"), 9, field("locale")),
    Column(N_("Country"), 8, field("country")),
    Column(N_("Device"), 16, field("device")),
    Column(N_("Severity"), 10, field("severity"), "label"),
    Column(N_("Reported severity"), 10, field("reported_severity"), "label"),
    Column(N_("Kind"), 13, field("kind"), "label"),
    Column(N_("Emotion"), 8, field("emotion")),
    Column(N_("Title"), 40, field("title")),
    Column(N_("Description"), 60, field("description")),
    Column(N_("Steps to reproduce"), 40, field("steps_to_reproduce")),
    Column(N_("Expected result"), 30, field("expected_result")),
    Column(N_("Actual result"), 30, field("actual_result")),
    Column(N_("Review"), 11, field("review"), "label"),
    Column(N_("Reason"), 18, field("review_reason"), "label"),
    Column(N_("Duplicate of"), 10, field("duplicate_of")),
    Column(N_("Duplicates"), 10, field("duplicates")),
    Column(N_("Tester"), 12, field("tester")),
    Column(N_("Filed at (UTC)"), 18, field("created_at")),
)
# The Findings sheet ends with two cells the writer makes itself: a link and a picture.
FINDING_EXTRAS = ((N_("Screenshot"), 14), (N_("Thumbnail"), 16))

ANSWERS: tuple[Column[AnswerLine], ...] = (
    Column(N_("Tester"), 12, field("tester")),
    Column(N_("Locale"), 9, field("locale")),
    Column(N_("Use case"), 18, field("use_case")),
    Column(N_("Step"), 18, field("step")),
    Column(N_("Question"), 20, field("question")),
    Column(N_("Question text"), 50, field("question_text")),
    Column(N_("Answer"), 80, field("answer")),
)

COMPLETION: tuple[Column[StepFunnel], ...] = (
    Column(N_("Use case"), 28, field("use_case_title")),
    Column(N_("Step"), 34, field("step_title")),
    Column(N_("Stage"), 14, field("stage"), "label"),
    Column(N_("Reached"), 9, field("reached")),
    Column(N_("Completed"), 10, field("completed")),
    Column(N_("Blocked"), 9, field("blocked")),
    Column(N_("Skipped"), 9, field("skipped")),
    Column(N_("Task success"), 11, field("task_success")),
    Column(N_("Drop-off"), 10, field("drop_off")),
    Column(N_("Median time (s)"), 12, field("median_seconds")),
)

TESTERS: tuple[Column[TesterLine], ...] = (
    Column(N_("Tester"), 12, field("tester")),
    Column(N_("Locale"), 9, field("locale")),
    Column(N_("Country"), 8, field("country")),
    Column(N_("Device"), 16, field("device")),
    Column(N_("State"), 12, field("state"), "label"),
    Column(N_("Accepted at (UTC)"), 18, field("accepted_at")),
    Column(N_("Submitted at (UTC)"), 18, field("submitted_at")),
    Column(N_("Steps completed"), 10, field("steps_completed")),
    Column(N_("Steps blocked"), 10, field("steps_blocked")),
    Column(N_("Findings"), 9, field("findings")),
)


class QuestionLine(msgspec.Struct, kw_only=True):
    """One row of the Questions sheet: a statistic, an option's picks, or a SUS score."""

    question: str
    question_text: str
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
    Column(N_("Question"), 22, field("question")),
    Column(N_("Question text"), 40, field("question_text")),
    Column(N_("Kind"), 13, field("kind"), "label"),
    Column(N_("Locale"), 9, field("locale")),
    Column(N_("n"), 7, field("n")),
    Column(N_("Mean"), 8, field("mean")),
    Column(N_("Median"), 8, field("median")),
    Column(N_("SD"), 8, field("sd")),
    Column(N_("Score"), 8, field("score_name")),
    Column(N_("Score value"), 10, field("score")),
    Column(N_("Option"), 16, field("option")),
    Column(N_("Picks"), 8, field("picks")),
    Column(N_("Share"), 8, field("share")),
    Column(N_("Formula"), 70, field("formula"), "text"),
)


def question_lines(
    statistics: list[QuestionStatistics],
    choices: list[ChoiceDistribution],
    sus: dict[str, float | None],
    formulas: dict[str, str],
    texts: dict[str, str],
) -> list[QuestionLine]:
    """The Questions sheet's rows: statistics, then each option's picks, then SUS."""
    lines = [
        QuestionLine(
            question=stat.question,
            question_text=texts.get(stat.question, ""),
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
            question_text=texts.get(choice.question, ""),
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
            question_text=texts.get("SUS", ""),
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
        Column(N_("Stage"), 16, field("stage"), "label"),
        Column(N_("Locale"), 11, field("locale")),
        Column(N_("Friction index"), 11, field("index")),
        *(
            Column(severity.value, 11, _severity_count(severity.value), labelled=True)
            for severity in Severity
        ),
        Column(N_("Blocked steps"), 11, field("blocked_steps")),
        Column(N_("Blocked rate"), 11, field("blocked_rate")),
        Column(N_("Testers"), 11, field("testers")),
        *(Column(kind, 11, _kind_count(kind), labelled=True) for kind in kinds),
    )


def _severity_count(severity: str) -> Callable[[FrictionCell], int]:
    return lambda cell: cell.findings.get(severity, 0)


def _kind_count(kind: str) -> Callable[[FrictionCell], int]:
    return lambda cell: cell.kinds.get(kind, 0)
