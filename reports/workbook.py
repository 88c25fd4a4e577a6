"""The campaign report as an Excel workbook, written in openpyxl's write-only mode.

Sheets are created up front so they appear in reading order, then filled in any order:
findings, answers and testers arrive in batches straight from the database, so memory stays
flat however many rows there are. Every value goes through `reports.cells.safe`.
"""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.drawing.image import Image
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from reports.cells import safe
from reports.choices import ChoiceDistribution
from reports.friction import FrictionCell
from reports.questions import QuestionStatistics, Summary
from reports.rows import AnswerLine, FindingLine, Overview, TesterLine

COMPLETION_FORMULA = "completion = submitted or approved testers ÷ quota"
# Embedded images stay in memory until the file is saved; past this many, rows keep the link.
MAX_THUMBNAILS = 3000
_THUMB_PX = 80
_THUMB_ROW_PT = 64

_FINDINGS = (
    ("ID", 8),
    ("Use case", 18),
    ("Step", 18),
    ("Stage", 14),
    ("Touchpoint", 12),
    ("Locale", 9),
    ("Country", 8),
    ("Device", 16),
    ("Severity", 10),
    ("Reported severity", 10),
    ("Kind", 13),
    ("Emotion", 8),
    ("Title", 40),
    ("Description", 60),
    ("Steps to reproduce", 40),
    ("Expected result", 30),
    ("Actual result", 30),
    ("Review", 11),
    ("Reason", 18),
    ("Duplicate of", 10),
    ("Duplicates", 10),
    ("Tester", 12),
    ("Filed at (UTC)", 18),
    ("Screenshot", 14),
    ("Thumbnail", 16),
)
_QUESTIONS = (
    ("Question", 22),
    ("Kind", 13),
    ("Locale", 9),
    ("n", 7),
    ("Mean", 8),
    ("Median", 8),
    ("SD", 8),
    ("Score", 8),
    ("Score value", 10),
    ("Option", 16),
    ("Picks", 8),
    ("Share", 8),
    ("Formula", 70),
)
_ANSWERS = (
    ("Tester", 12),
    ("Locale", 9),
    ("Use case", 18),
    ("Step", 18),
    ("Question", 20),
    ("Question text", 50),
    ("Answer", 80),
)
_TESTERS = (
    ("Tester", 12),
    ("Locale", 9),
    ("Country", 8),
    ("Device", 16),
    ("State", 12),
    ("Accepted at (UTC)", 18),
    ("Submitted at (UTC)", 18),
    ("Steps completed", 10),
    ("Steps blocked", 10),
    ("Findings", 9),
)
_BOLD = Font(bold=True)
_LINK = Font(color="0563C1", underline="single")
_HEADER_FILL = PatternFill("solid", fgColor="E8EEF4")


class ReportWorkbook:
    """A write-only workbook with the report's six sheets."""

    def __init__(self) -> None:
        self.book = Workbook(write_only=True)
        self.overview_sheet = self.book.create_sheet("Overview")
        self.heatmap_sheet = self.book.create_sheet("Friction heatmap")
        self.findings_sheet = self._table("Findings", _FINDINGS)
        self.questions_sheet = self._table("Questions", _QUESTIONS)
        self.answers_sheet = self._table("Answers", _ANSWERS)
        self.testers_sheet = self._table("Testers", _TESTERS)
        self.rows = {sheet.title: 1 for sheet in self.book.worksheets}
        self.thumbnails = 0
        self.thumbnails_left_out = 0

    def _table(self, title: str, columns: tuple[tuple[str, int], ...]) -> WriteOnlyWorksheet:
        sheet = self.book.create_sheet(title)
        for index, (_, width) in enumerate(columns, 1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        sheet.append([self._header(sheet, name) for name, _ in columns])
        return sheet

    @staticmethod
    def _header(sheet: WriteOnlyWorksheet, name: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, name)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        return cell

    def _append(self, sheet: WriteOnlyWorksheet, values: Iterable[Any]) -> int:
        """Append a row of safe values; returns its row number."""
        sheet.append([safe(sheet, value) for value in values])
        self.rows[sheet.title] += 1
        return self.rows[sheet.title]

    def add_findings(self, lines: Iterable[FindingLine]) -> None:
        """One row per finding, with its screenshot linked and its thumbnail embedded."""
        sheet = self.findings_sheet
        for line in lines:
            row = self.rows[sheet.title] + 1
            link = None
            if line.screenshot_url:
                link = WriteOnlyCell(sheet, "open")
                link.hyperlink = line.screenshot_url
                link.font = _LINK
            if line.thumbnail is not None:
                self._embed(line.thumbnail, row)
            self._append(sheet, [*finding_values(line), link])

    def _embed(self, thumbnail: bytes, row: int) -> None:
        if self.thumbnails >= MAX_THUMBNAILS:
            self.thumbnails_left_out += 1
            return
        image = Image(BytesIO(thumbnail))
        scale = _THUMB_PX / max(image.height, 1)
        image.width, image.height = round(image.width * scale), _THUMB_PX
        self.findings_sheet.add_image(image, f"{get_column_letter(len(_FINDINGS))}{row}")
        self.findings_sheet.row_dimensions[row].height = _THUMB_ROW_PT
        self.thumbnails += 1

    def add_answers(self, lines: Iterable[AnswerLine]) -> None:
        """One row per qualitative answer."""
        for line in lines:
            self._append(self.answers_sheet, answer_values(line))

    def add_testers(self, lines: Iterable[TesterLine]) -> None:
        """One row per participation, under its pseudonym only."""
        for line in lines:
            self._append(self.testers_sheet, tester_values(line))

    def write_heatmap(self, locales: list[str], cells: list[FrictionCell], formula: str) -> None:
        """The stage × locale grid with a colour scale and a bar chart, then every cell's detail."""
        sheet = self.heatmap_sheet
        sheet.column_dimensions["A"].width = 16
        for index in range(2, len(locales) + 12):
            sheet.column_dimensions[get_column_letter(index)].width = 11
        sheet.freeze_panes = "B2"
        sheet.append([self._header(sheet, name) for name in ["Stage", *locales]])
        stages = list(dict.fromkeys(cell.stage for cell in cells))
        index_of = {(cell.stage, cell.locale): cell.index for cell in cells}
        for stage in stages:
            self._append(sheet, [stage, *(index_of[stage, locale] for locale in locales)])
        last = len(stages) + 1
        grid = f"B2:{get_column_letter(len(locales) + 1)}{last}"
        sheet.conditional_formatting.add(
            grid,
            ColorScaleRule(
                start_type="min",
                start_color="FFF7EC",
                mid_type="percentile",
                mid_value=50,
                mid_color="FC8D59",
                end_type="max",
                end_color="B30000",
            ),
        )
        self._append(sheet, [])
        self._append(sheet, [formula])
        self._append(sheet, ["An empty cell means no tester reached that stage in that locale."])
        self._append(sheet, [])
        detail = [
            "Stage",
            "Locale",
            "Friction index",
            "Critical",
            "Major",
            "Minor",
            "Cosmetic",
            "Blocked steps",
            "Blocked rate",
            "Testers",
            *(cells[0].kinds if cells else {}),
        ]
        sheet.append([self._header(sheet, name) for name in detail])
        self.rows[sheet.title] += 1
        for cell in cells:
            self._append(
                sheet,
                [
                    cell.stage,
                    cell.locale,
                    cell.index,
                    *cell.findings.values(),
                    cell.blocked_steps,
                    cell.blocked_rate,
                    cell.testers,
                    *cell.kinds.values(),
                ],
            )
        if locales and stages:
            chart = BarChart()
            chart.type = "bar"
            chart.title = "Friction index by stage and locale"
            chart.y_axis.title = "friction index"
            chart.height, chart.width = 9, 18
            data = Reference(sheet, min_col=2, max_col=len(locales) + 1, min_row=1, max_row=last)
            chart.add_data(data, titles_from_data=True)
            chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last))
            sheet.add_chart(chart, f"{get_column_letter(len(locales) + 3)}2")

    def write_questions(
        self,
        statistics: list[QuestionStatistics],
        choices: list[ChoiceDistribution],
        sus: dict[str, float | None],
        formulas: dict[str, str],
    ) -> None:
        """Statistics per question × locale, choice picks, SUS, then a chart per question."""
        sheet = self.questions_sheet
        for stat in statistics:
            summary = stat.summary
            self._append(
                sheet,
                [
                    stat.question,
                    stat.kind,
                    stat.locale,
                    summary.n,
                    summary.mean,
                    summary.median,
                    summary.sd,
                    stat.score_name,
                    stat.score,
                    None,
                    None,
                    None,
                    formulas.get(stat.score_name or ""),
                ],
            )
        for choice in choices:
            for option in choice.options:
                self._append(
                    sheet,
                    [
                        choice.question,
                        choice.kind,
                        choice.locale,
                        choice.n,
                        *(None,) * 5,
                        option.option,
                        option.count,
                        option.share,
                        formulas.get("share"),
                    ],
                )
        for locale, score in sus.items():
            self._append(
                sheet,
                ["SUS", "sus", locale, *(None,) * 4, "SUS", score, *(None,) * 3, formulas["SUS"]],
            )
        last = get_column_letter(len(_QUESTIONS))
        sheet.auto_filter.ref = f"A1:{last}{self.rows[sheet.title]}"
        self._distribution_charts(statistics)

    def _distribution_charts(self, statistics: list[QuestionStatistics]) -> None:
        """Below the table, each question's answers per value and locale, charted beside it."""
        sheet = self.questions_sheet
        by_question: dict[str, list[QuestionStatistics]] = {}
        for stat in statistics:
            by_question.setdefault(stat.question, []).append(stat)
        self._append(sheet, [])
        chart_row = self.rows[sheet.title] + 1
        for question, stats in by_question.items():
            locales = [stat.locale for stat in stats]
            values = sorted({float(v) for s in stats for v in s.summary.distribution}, key=float)
            if not values:
                continue
            top = self._append(sheet, [f"{question}: answers per value", *locales])
            for value in values:
                self._append(sheet, [_number(value), *(_count(s.summary, value) for s in stats)])
            chart = BarChart()
            chart.title = question
            chart.x_axis.title = "answer"
            chart.y_axis.title = "testers"
            chart.height, chart.width = 7, 16
            data = Reference(
                sheet,
                min_col=2,
                max_col=len(locales) + 1,
                min_row=top,
                max_row=top + len(values),
            )
            chart.add_data(data, titles_from_data=True)
            chart.set_categories(
                Reference(sheet, min_col=1, min_row=top + 1, max_row=top + len(values))
            )
            sheet.add_chart(chart, f"O{chart_row}")
            chart_row += 15

    def write_overview(self, overview: Overview) -> None:
        """Campaign, dates, testers per locale with completion, headline scores, findings."""
        sheet = self.overview_sheet
        sheet.column_dimensions["A"].width = 24
        for letter in "BCDEFGH":
            sheet.column_dimensions[letter].width = 14
        sheet.column_dimensions["I"].width = 70
        title = WriteOnlyCell(sheet, overview.campaign)
        title.font = Font(bold=True, size=14)
        sheet.append([title])
        for label, value in (
            ("Product", overview.product),
            ("Organization", overview.organization),
            ("Status", overview.status),
            ("Starts on", overview.starts_on),
            ("Ends on", overview.ends_on),
            ("Launched at (UTC)", overview.launched_at),
            ("Closed at (UTC)", overview.closed_at),
            ("Generated at (UTC)", overview.generated_at),
        ):
            self._append(sheet, [label, value])
        self._append(sheet, [])
        states = ["invited", "accepted", "in_progress", "submitted", "approved", "declined"]
        heading = ["Locale", "Quota", *states, "Completion"]
        sheet.append([self._header(sheet, name) for name in heading])
        total_quota, totals = 0, dict.fromkeys(states, 0)
        for entry in overview.locales:
            counts = {state: entry.counts.get(state, 0) for state in states}
            total_quota += entry.quota
            for state, count in counts.items():
                totals[state] += count
            completion = _completion(entry.quota, counts)
            self._append(sheet, [entry.locale, entry.quota, *counts.values(), completion])
        completion = _completion(total_quota, totals)
        self._append(sheet, ["all", total_quota, *totals.values(), completion])
        self._append(sheet, [COMPLETION_FORMULA])
        self._append(sheet, [])
        sheet.append([self._header(sheet, name) for name in ("Headline", "Value", "Formula")])
        for headline in overview.headlines:
            self._append(sheet, [headline.name, headline.value, headline.formula])
        self._append(sheet, [])
        sheet.append([self._header(sheet, name) for name in ("Findings", "Count")])
        for state, count in overview.findings.items():
            self._append(sheet, [state, count])
        if self.thumbnails_left_out:
            self._append(sheet, [])
            self._append(
                sheet,
                [
                    f"Thumbnails are embedded for the first {MAX_THUMBNAILS} findings with a "
                    f"screenshot; {self.thumbnails_left_out} more are linked only.",
                ],
            )

    def save(self, target: Path | IO[bytes]) -> None:
        """Close every sheet: filters on the tables, then write the file."""
        for sheet, columns in (
            (self.findings_sheet, _FINDINGS),
            (self.answers_sheet, _ANSWERS),
            (self.testers_sheet, _TESTERS),
        ):
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{self.rows[sheet.title]}"
        self.book.save(target)


def finding_values(line: FindingLine) -> list[Any]:
    """The Findings sheet's cells of one finding, up to the screenshot link."""
    return [
        line.id,
        line.use_case,
        line.step,
        line.stage,
        line.touchpoint,
        line.locale,
        line.country,
        line.device,
        line.severity,
        line.reported_severity,
        line.kind,
        line.emotion,
        line.title,
        line.description,
        line.steps_to_reproduce,
        line.expected_result,
        line.actual_result,
        line.review,
        line.review_reason,
        line.duplicate_of,
        line.duplicates,
        line.tester,
        line.created_at,
    ]


def answer_values(line: AnswerLine) -> list[Any]:
    """The Answers sheet's cells of one answer."""
    return [
        line.tester,
        line.locale,
        line.use_case,
        line.step,
        line.question,
        line.question_text,
        line.answer,
    ]


def tester_values(line: TesterLine) -> list[Any]:
    """The Testers sheet's cells of one participation."""
    return [
        line.tester,
        line.locale,
        line.country,
        line.device,
        line.state,
        line.accepted_at,
        line.submitted_at,
        line.steps_completed,
        line.steps_blocked,
        line.findings,
    ]


def _completion(quota: int, counts: dict[str, int]) -> float | None:
    done = counts["submitted"] + counts["approved"]
    return round(done / quota, 3) if quota else None


def _number(value: float) -> float | int:
    return int(value) if value.is_integer() else value


def _count(summary: Summary, value: float) -> int:
    return summary.distribution.get(str(_number(value)), 0)
