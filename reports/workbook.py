"""The campaign report as an Excel workbook, written in openpyxl's write-only mode.

Sheets are created up front so they appear in reading order, then filled in any order:
findings, answers and testers arrive in batches straight from the database, so memory stays
flat however many rows there are. Every value goes through `reports.cells.safe`; every
word, label and date is written for the `Reader`, in their language.
"""

from __future__ import annotations

import datetime as dt
import re
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

from campaigns.vocabulary import ParticipationState
from campaigns.words import N_
from reports import completion, friction, questions
from reports.cells import safe
from reports.choices import ChoiceDistribution
from reports.completion import COMPLETION_FORMULA, StepFunnel, quota_completion
from reports.friction import FrictionCell
from reports.questions import QuestionStatistics, Summary
from reports.reader import Reader
from reports.rows import AnswerLine, FindingLine, Overview, TesterLine
from reports.sheets import (
    ANSWERS,
    COMPLETION,
    FINDING_EXTRAS,
    FINDINGS,
    QUESTIONS,
    TESTERS,
    Column,
    friction_columns,
    question_lines,
    values,
)

# Embedded images stay in memory until the file is saved; past this many, rows keep the link.
MAX_THUMBNAILS = 3000
_THUMB_PX = 80
_THUMB_ROW_PT = 64
_BOLD = Font(bold=True)
_LINK = Font(color="0563C1", underline="single")
_HEADER_FILL = PatternFill("solid", fgColor="E8EEF4")
# Every formula behind a figure of the workbook, stated on the Overview in the reader's words.
FORMULAS = (
    friction.FORMULA,
    friction.BLOCKED_RATE_FORMULA,
    COMPLETION_FORMULA,
    *completion.FORMULAS.values(),
    *questions.FORMULAS.values(),
)
# Excel refuses these in a sheet's name, and names longer than 31 characters.
_NOT_IN_SHEET_NAMES = re.compile(r"[\\/?*\[\]:]")


class ReportWorkbook:
    """A write-only workbook with the report's seven sheets, each set up to print."""

    def __init__(self, reader: Reader | None = None) -> None:
        self.reader = reader or Reader()
        self.book = Workbook(write_only=True)
        self.columns: dict[str, int] = {}
        self.campaign = ""
        self.overview_sheet = self._sheet(N_("Overview"), titled=False)
        self.heatmap_sheet = self._sheet(N_("Friction heatmap"), titled=False)
        self.completion_sheet = self._table(N_("Completion"), self._layout(COMPLETION))
        self.findings_sheet = self._table(
            N_("Findings"),
            [*self._layout(FINDINGS), *((self.reader.text(h), w) for h, w in FINDING_EXTRAS)],
        )
        self.questions_sheet = self._table(N_("Questions"), self._layout(QUESTIONS))
        self.answers_sheet = self._table(N_("Answers"), self._layout(ANSWERS))
        self.testers_sheet = self._table(N_("Testers"), self._layout(TESTERS))
        self.rows = {sheet.title: 1 for sheet in self.book.worksheets}
        self.rows[self.overview_sheet.title] = self.rows[self.heatmap_sheet.title] = 0
        self.thumbnails = 0
        self.thumbnails_left_out = 0

    def _sheet(self, title: str, titled: bool) -> WriteOnlyWorksheet:
        name = _NOT_IN_SHEET_NAMES.sub(" ", self.reader.text(title))[:31].strip()
        sheet = self.book.create_sheet(name)
        _print_setup(sheet, titled)
        return sheet

    def _layout(self, columns: tuple[Column[Any], ...]) -> list[tuple[str, int]]:
        return [(column.heading(self.reader), column.width) for column in columns]

    def _table(self, title: str, columns: list[tuple[str, int]]) -> WriteOnlyWorksheet:
        sheet = self._sheet(title, titled=True)
        self.columns[sheet.title] = len(columns)
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
        """Append a row of safe values, dates as the reader writes them; returns its number."""
        sheet.append([self._cell(sheet, value) for value in values])
        self.rows[sheet.title] += 1
        return self.rows[sheet.title]

    def _cell(self, sheet: WriteOnlyWorksheet, value: Any) -> Any:
        value = safe(sheet, value)
        if not isinstance(value, dt.date):
            return value
        cell = WriteOnlyCell(sheet, value)
        # A datetime is a date too: test it first.
        if isinstance(value, dt.datetime):
            cell.number_format = self.reader.datetime_format
        else:
            cell.number_format = self.reader.date_format
        return cell

    def _headers(self, sheet: WriteOnlyWorksheet, names: Iterable[str]) -> None:
        """A row of header cells, already in the reader's words."""
        sheet.append([self._header(sheet, name) for name in names])
        self.rows[sheet.title] += 1

    def add_findings(self, lines: Iterable[FindingLine]) -> None:
        """One row per finding, with its screenshot linked and its thumbnail embedded."""
        sheet = self.findings_sheet
        for line in lines:
            row = self.rows[sheet.title] + 1
            link = None
            if line.screenshot_url:
                link = WriteOnlyCell(sheet, self.reader.text(N_("Open")))
                link.hyperlink = line.screenshot_url
                link.font = _LINK
            if line.thumbnail is not None:
                self._embed(line.thumbnail, row)
            self._append(sheet, [*values(FINDINGS, line, self.reader), link])

    def _embed(self, thumbnail: bytes, row: int) -> None:
        if self.thumbnails >= MAX_THUMBNAILS:
            self.thumbnails_left_out += 1
            return
        image = Image(BytesIO(thumbnail))
        scale = _THUMB_PX / max(image.height, 1)
        image.width, image.height = round(image.width * scale), _THUMB_PX
        column = get_column_letter(self.columns[self.findings_sheet.title])
        self.findings_sheet.add_image(image, f"{column}{row}")
        self.findings_sheet.row_dimensions[row].height = _THUMB_ROW_PT
        self.thumbnails += 1

    def add_answers(self, lines: Iterable[AnswerLine]) -> None:
        """One row per qualitative answer."""
        for line in lines:
            self._append(self.answers_sheet, values(ANSWERS, line, self.reader))

    def add_testers(self, lines: Iterable[TesterLine]) -> None:
        """One row per participation, under its pseudonym only."""
        for line in lines:
            self._append(self.testers_sheet, values(TESTERS, line, self.reader))

    def write_heatmap(self, locales: list[str], cells: list[FrictionCell], formula: str) -> None:
        """The stage × locale grid with a colour scale and a bar chart, then every cell's detail."""
        sheet, text, label = self.heatmap_sheet, self.reader.text, self.reader.label
        detail = friction_columns(list(cells[0].kinds) if cells else [])
        # The grid above the detail table shares its columns: stage first, then one per locale.
        widths = [column.width for column in detail]
        widths += [widths[-1]] * max(0, len(locales) + 1 - len(widths))
        for index, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "B2"
        self._headers(sheet, [text(N_("Stage")), *locales])
        stages = list(dict.fromkeys(cell.stage for cell in cells))
        index_of = {(cell.stage, cell.locale): cell.index for cell in cells}
        for stage in stages:
            self._append(sheet, [label(stage), *(index_of[stage, locale] for locale in locales)])
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
        self._append(sheet, [text(formula)])
        self._append(
            sheet, [text(N_("An empty cell means no tester reached that stage in that locale."))]
        )
        self._append(sheet, [])
        self._headers(sheet, (column.heading(self.reader) for column in detail))
        for cell in cells:
            self._append(sheet, values(detail, cell, self.reader))
        if locales and stages:
            chart = BarChart()
            chart.type = "bar"
            chart.title = text(N_("Friction index by stage and locale"))
            chart.y_axis.title = text(N_("Friction index"))
            chart.height, chart.width = 9, 18
            data = Reference(sheet, min_col=2, max_col=len(locales) + 1, min_row=1, max_row=last)
            chart.add_data(data, titles_from_data=True)
            chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last))
            # Below the detail table, never over a table.
            sheet.add_chart(chart, f"A{self.rows[sheet.title] + 2}")

    def write_questions(
        self,
        statistics: list[QuestionStatistics],
        choices: list[ChoiceDistribution],
        sus: dict[str, float | None],
        formulas: dict[str, str],
        texts: dict[str, str],
    ) -> None:
        """Statistics per question × locale, choice picks, SUS, then a chart per question
        titled with the question's text."""
        sheet = self.questions_sheet
        texts = {**texts, "SUS": self.reader.text(N_("System Usability Scale"))}
        for line in question_lines(statistics, choices, sus, formulas, texts):
            self._append(sheet, values(QUESTIONS, line, self.reader))
        last = get_column_letter(len(QUESTIONS))
        sheet.auto_filter.ref = f"A1:{last}{self.rows[sheet.title]}"
        self._distribution_charts(statistics, texts)

    def _distribution_charts(
        self, statistics: list[QuestionStatistics], texts: dict[str, str]
    ) -> None:
        """Below the table, each question's answers per value and locale, its chart beside
        it; each block takes the chart's height, so no chart covers the next table."""
        sheet = self.questions_sheet
        by_question: dict[str, list[QuestionStatistics]] = {}
        for stat in statistics:
            by_question.setdefault(stat.question, []).append(stat)
        self._append(sheet, [])
        for question, stats in by_question.items():
            locales = [stat.locale for stat in stats]
            values = sorted({float(v) for s in stats for v in s.summary.distribution}, key=float)
            if not values:
                continue
            title = texts.get(question, question)
            heading = self.reader.text(N_("Answers per value: %(question)s"))
            top = self._append(sheet, [heading % {"question": title}, *locales])
            for value in values:
                self._append(sheet, [_number(value), *(_count(s.summary, value) for s in stats)])
            chart = BarChart()
            chart.title = title
            chart.x_axis.title = self.reader.text(N_("Answer"))
            chart.y_axis.title = self.reader.text(N_("Testers"))
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
            sheet.add_chart(chart, f"{get_column_letter(len(locales) + 3)}{top}")
            while self.rows[sheet.title] < top + _CHART_ROWS:
                self._append(sheet, [])

    def add_completion(self, steps: Iterable[StepFunnel], formulas: dict[str, str]) -> None:
        """Per step in journey order: reached, completed, blocked, skipped, task success,
        drop-off and median time; then how each is computed."""
        sheet = self.completion_sheet
        for step in steps:
            self._append(sheet, values(COMPLETION, step, self.reader))
        self._append(sheet, [])
        for formula in formulas.values():
            self._append(sheet, [self.reader.text(formula)])

    def write_overview(self, overview: Overview) -> None:
        """Campaign, dates, testers per locale with completion, headline scores, findings,
        then how every figure of the workbook is computed."""
        sheet, text, label = self.overview_sheet, self.reader.text, self.reader.label
        self.campaign = overview.campaign
        sheet.column_dimensions["A"].width = 24
        for letter in "BCDEFGH":
            sheet.column_dimensions[letter].width = 14
        sheet.column_dimensions["I"].width = 70
        title = WriteOnlyCell(sheet, overview.campaign)
        title.font = Font(bold=True, size=14)
        sheet.append([title])
        self.rows[sheet.title] += 1
        for name, value in (
            (N_("Product"), overview.product),
            (N_("Organization"), overview.organization),
            (N_("Status"), label(overview.status)),
            (N_("Starts on"), overview.starts_on),
            (N_("Ends on"), overview.ends_on),
            (N_("Launched at (UTC)"), overview.launched_at),
            (N_("Closed at (UTC)"), overview.closed_at),
            (N_("Generated at (UTC)"), overview.generated_at),
        ):
            self._append(sheet, [text(name), value])
        self._append(sheet, [])
        states = [state.value for state in ParticipationState]
        self._headers(
            sheet,
            [text(N_("Locale")), text(N_("Quota")), *map(label, states), text(N_("Completion"))],
        )
        total_quota, totals = 0, dict.fromkeys(states, 0)
        for entry in overview.locales:
            counts = [entry.counts.get(state, 0) for state in states]
            total_quota += entry.quota
            for state, count in zip(states, counts, strict=True):
                totals[state] += count
            done = quota_completion(entry.quota, entry.counts)
            self._append(sheet, [entry.locale, entry.quota, *counts, done])
        done = quota_completion(total_quota, totals)
        self._append(sheet, [label("all"), total_quota, *totals.values(), done])
        self._append(sheet, [])
        self._headers(sheet, [text(N_("Headline")), text(N_("Value")), text(N_("Formula"))])
        for headline in overview.headlines:
            self._append(sheet, [headline.name, headline.value, text(headline.formula)])
        self._append(sheet, [])
        self._headers(sheet, [text(N_("Findings")), text(N_("Count"))])
        for state, count in overview.findings.items():
            self._append(sheet, [label(state), count])
        self._append(sheet, [])
        self._headers(sheet, [text(N_("How each figure is computed"))])
        for formula in FORMULAS:
            self._append(sheet, [text(formula)])
        if self.thumbnails_left_out:
            self._append(sheet, [])
            message = text(
                N_(
                    "Thumbnails are embedded for the first %(embedded)s findings with a "
                    "screenshot; %(linked)s more are linked only."
                )
            )
            self._append(
                sheet, [message % {"embedded": MAX_THUMBNAILS, "linked": self.thumbnails_left_out}]
            )

    def save(self, target: Path | IO[bytes]) -> None:
        """Close every sheet: filters on the tables, a footer naming the campaign and the
        page on each, then write the file."""
        for sheet in (self.findings_sheet, self.answers_sheet, self.testers_sheet):
            last = get_column_letter(self.columns[sheet.title])
            sheet.auto_filter.ref = f"A1:{last}{self.rows[sheet.title]}"
        for sheet in self.book.worksheets:
            # "&" starts a code in Excel's header and footer language; "&&" prints one.
            sheet.oddFooter.left.text = f"{self.campaign.replace('&', '&&')} · {sheet.title}"
            sheet.oddFooter.right.text = "&P / &N"
        self.book.save(target)


# A chart 7 cm high spans about this many rows of the default height.
_CHART_ROWS = 15
# Paper size 9 is A4 in the OOXML page setup.
_A4 = 9


def _print_setup(sheet: WriteOnlyWorksheet, titled: bool) -> None:
    """Landscape A4, as wide as one page and as long as it needs, with a table's header row
    repeated on every page. Set before any row: the sheet's properties are written first."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = _A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if titled:
        sheet.print_title_rows = "1:1"


def _number(value: float) -> float | int:
    return int(value) if value.is_integer() else value


def _count(summary: Summary, value: float) -> int:
    return summary.distribution.get(str(_number(value)), 0)
