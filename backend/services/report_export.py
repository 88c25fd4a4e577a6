"""The report workbook: the aggregates it shows, then findings, answers and testers streamed
from the database in batches, each batch written in a worker thread."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any, TypeVar

import anyio.to_thread
from piccolo.columns.combination import Combinable
from piccolo.query import Select
from piccolo.query.functions.aggregate import Count
from piccolo.table import Table

from backend.clock import now
from backend.files import whole_file
from backend.screenshots.store import FileStore
from backend.services.campaigns import locale_progress
from backend.services.findings import device_label, duplicate_counts, screenshots_by_finding
from backend.services.question_reports import (
    choice_distributions,
    question_statistics,
    question_words,
    sus_by_locale,
)
from backend.services.reports import completion_report, friction_report
from backend.services.workbook_reader import workbook_reader
from backend.tables import (
    Answer,
    Campaign,
    Finding,
    Participation,
    Question,
    StepResult,
)
from campaigns.text import localize
from campaigns.vocabulary import QuestionKind
from frontend.catalogs import SOURCE_LANGUAGE
from reports.questions import FORMULAS, QuestionStatistics
from reports.rows import AnswerLine, FindingLine, Headline, LocaleTesters, Overview, TesterLine
from reports.workbook import ReportWorkbook

BATCH = 1000
Line = TypeVar("Line")
Progress = Callable[[int, int], None]


async def export_workbook(
    campaign_id: int,
    target: Path,
    store: FileStore,
    base_url: str,
    progress: Progress | None = None,
    language: str = SOURCE_LANGUAGE,
) -> None:
    """Write the campaign's workbook to `target`, whole or not at all, in `language`.

    `progress(done, total)` hears about every batch of rows; `base_url` prefixes the
    screenshot links.
    """
    campaign = await (
        Campaign.select(
            *Campaign.all_columns(), Campaign.organization.name.as_alias("organization_name")
        )
        .where(Campaign.id == campaign_id)
        .first()
    )
    if campaign is None:
        raise LookupError(f"no campaign {campaign_id}")
    friction = await friction_report(campaign_id)
    locales = friction.locales
    book = ReportWorkbook(workbook_reader(language))
    texts = (await question_words(campaign_id, language)).texts
    await anyio.to_thread.run_sync(
        book.write_heatmap, friction.locales, friction.cells, friction.formula
    )
    statistics = await question_statistics(campaign_id, locales)
    sus = await sus_by_locale(campaign_id, locales)
    await anyio.to_thread.run_sync(
        book.write_questions,
        statistics,
        await choice_distributions(campaign_id, locales),
        sus,
        FORMULAS,
        texts,
    )
    completion = await completion_report(campaign_id)
    await anyio.to_thread.run_sync(book.add_completion, completion.steps, completion.formulas)
    total = sum(
        [
            await Finding.count().where(Finding.campaign == campaign_id),
            await Answer.count().where(_text_answers(campaign_id)),
            await Participation.count().where(Participation.campaign == campaign_id),
        ]
    )
    done = 0

    def advance(rows: int) -> None:
        nonlocal done
        done += rows
        if progress is not None:
            progress(done, total)

    await _write_while_reading(
        finding_lines(campaign_id, store, base_url.rstrip("/")), book.add_findings, advance
    )
    await _write_while_reading(answer_lines(campaign), book.add_answers, advance)
    await _write_while_reading(tester_lines(campaign_id), book.add_testers, advance)
    overview = await _overview(campaign, statistics, sus, texts)
    await anyio.to_thread.run_sync(book.write_overview, overview)
    await anyio.to_thread.run_sync(_save_whole, book, target)


async def _write_while_reading(
    batches: AsyncIterator[list[Line]],
    write: Callable[[list[Line]], None],
    advance: Callable[[int], None],
) -> None:
    """Write each batch in a worker thread while the database reads the next: the two
    overlap (on PostgreSQL the reading is another process's work), one write at a time."""
    writing: asyncio.Future[None] | None = None
    try:
        async for lines in batches:
            if writing is not None:
                await writing
            writing = asyncio.ensure_future(anyio.to_thread.run_sync(write, lines))
            advance(len(lines))
    finally:
        # Even when reading fails, the last write finishes before the workbook is dropped.
        if writing is not None:
            await writing


def _save_whole(book: ReportWorkbook, target: Path) -> None:
    """Save beside the target and rename, so a failed export leaves no partial file."""
    with whole_file(target, suffix=".xlsx") as temporary:
        book.save(temporary)


async def keyset_batches(
    table: type[Table], query: Callable[[], Select]
) -> AsyncIterator[list[dict[str, Any]]]:
    """Keyset pages by id, so each page costs the same however deep it is.

    `query` makes a fresh query per page: Piccolo's `where` adds to the query it is called on.
    """
    last = 0
    while rows := await query().where(table.id > last).order_by(table.id).limit(BATCH):
        yield rows
        last = rows[-1]["id"]


async def finding_lines(
    campaign_id: int, store: FileStore, base_url: str
) -> AsyncIterator[list[FindingLine]]:
    """The campaign's findings in batches, each with its first screenshot's link and thumbnail."""

    def query() -> Select:
        return Finding.select(
            Finding.id,
            Finding.use_case.key.as_alias("use_case"),
            Finding.step.key.as_alias("step"),
            Finding.stage,
            Finding.step.touchpoint.as_alias("touchpoint"),
            Finding.locale,
            Finding.country,
            Finding.device_kind,
            Finding.device_os,
            Finding.severity,
            Finding.reported_severity,
            Finding.kind,
            Finding.emotion,
            Finding.title,
            Finding.description,
            Finding.steps_to_reproduce,
            Finding.expected_result,
            Finding.actual_result,
            Finding.review,
            Finding.review_reason,
            Finding.duplicate_of,
            Finding.participation.pseudonym.as_alias("tester"),
            Finding.created_at,
        ).where(Finding.campaign == campaign_id)

    async for rows in keyset_batches(Finding, query):
        ids = [row["id"] for row in rows]
        duplicates = await duplicate_counts(ids)
        first_shot = {
            finding: shots[0] for finding, shots in (await screenshots_by_finding(ids)).items()
        }
        thumbnails = await anyio.to_thread.run_sync(
            _read_thumbnails, store, [shot["thumbnail_sha256"] for shot in first_shot.values()]
        )
        lines = []
        for row in rows:
            shot = first_shot.get(row["id"])
            fields = {k: v for k, v in row.items() if k not in ("device_kind", "device_os")}
            lines.append(
                FindingLine(
                    **fields,
                    device=device_label(row),
                    duplicates=duplicates.get(row["id"], 0),
                    screenshot_url=f"{base_url}/api/v1/screenshots/{shot['id']}" if shot else None,
                    thumbnail=thumbnails.get(shot["thumbnail_sha256"]) if shot else None,
                )
            )
        yield lines


def _read_thumbnails(store: FileStore, digests: list[str]) -> dict[str, bytes]:
    """The thumbnails still on disk; a missing file costs the row its picture, not the export."""
    found = {}
    for digest in digests:
        try:
            found[digest] = store.read(digest)
        except FileNotFoundError:
            continue
    return found


def _text_answers(campaign_id: int) -> Combinable:
    return (Answer.campaign == campaign_id) & Answer.text.is_not_null()


async def answer_lines(campaign: dict[str, Any]) -> AsyncIterator[list[AnswerLine]]:
    """The campaign's text answers in batches, with their question in the default locale."""
    texts = {
        row["id"]: localize(row["text"], campaign["default_locale"], campaign["default_locale"])
        for row in await Question.select(Question.id, Question.text)
        .where((Question.campaign == campaign["id"]) & (Question.kind == QuestionKind.text.value))
        .output(load_json=True)
    }

    def query() -> Select:
        return Answer.select(
            Answer.id,
            Answer.participation.pseudonym.as_alias("tester"),
            Answer.locale,
            Answer.question.use_case.key.as_alias("use_case"),
            Answer.step.key.as_alias("step"),
            Answer.question,
            Answer.question.key.as_alias("question_key"),
            Answer.text,
        ).where(_text_answers(campaign["id"]))

    async for rows in keyset_batches(Answer, query):
        yield [
            AnswerLine(
                tester=row["tester"],
                locale=row["locale"],
                use_case=row["use_case"],
                step=row["step"],
                question=row["question_key"],
                question_text=texts.get(row["question"], ""),
                answer=row["text"],
            )
            for row in rows
        ]


async def tester_lines(campaign_id: int) -> AsyncIterator[list[TesterLine]]:
    """The campaign's participations in batches, pseudonymous, with their counts."""

    def query() -> Select:
        return Participation.select(
            Participation.id,
            Participation.pseudonym,
            Participation.locale,
            Participation.country,
            Participation.device_kind,
            Participation.device_os,
            Participation.state,
            Participation.accepted_at,
            Participation.submitted_at,
        ).where(Participation.campaign == campaign_id)

    async for rows in keyset_batches(Participation, query):
        ids = [row["id"] for row in rows]
        steps: dict[int, dict[str, int]] = defaultdict(dict)
        for row in await (
            StepResult.select(StepResult.participation, StepResult.status, Count(alias="n"))
            .where(StepResult.participation.is_in(ids))
            .group_by(StepResult.participation, StepResult.status)
        ):
            steps[row["participation"]][row["status"]] = row["n"]
        findings = {
            row["participation"]: row["n"]
            for row in await Finding.select(Finding.participation, Count(alias="n"))
            .where(Finding.participation.is_in(ids))
            .group_by(Finding.participation)
        }
        yield [
            TesterLine(
                tester=row["pseudonym"],
                locale=row["locale"],
                country=row["country"],
                device=device_label(row),
                state=row["state"],
                accepted_at=row["accepted_at"],
                submitted_at=row["submitted_at"],
                steps_completed=steps[row["id"]].get("completed", 0),
                steps_blocked=steps[row["id"]].get("blocked", 0),
                findings=findings.get(row["id"], 0),
            )
            for row in rows
        ]


async def _overview(
    campaign: dict[str, Any],
    statistics: list[QuestionStatistics],
    sus: dict[str, float | None],
    texts: dict[str, str],
) -> Overview:
    headlines = [
        Headline(
            name=f"{stat.score_name} · {texts.get(stat.question) or stat.question}",
            value=stat.score,
            formula=FORMULAS[stat.score_name],
        )
        for stat in statistics
        if stat.locale == "all" and stat.score_name
    ]
    if sus:
        headlines.append(Headline("SUS", sus.get("all"), FORMULAS["SUS"]))
    findings = {
        row["review"]: row["n"]
        for row in await Finding.select(Finding.review, Count(alias="n"))
        .where(Finding.campaign == campaign["id"])
        .group_by(Finding.review)
    }
    return Overview(
        campaign=campaign["name"],
        product=campaign["product"],
        status=campaign["status"],
        organization=campaign["organization_name"],
        starts_on=campaign["starts_on"],
        ends_on=campaign["ends_on"],
        launched_at=campaign["launched_at"],
        closed_at=campaign["closed_at"],
        generated_at=now(),
        locales=[
            LocaleTesters(locale=entry.locale, quota=entry.quota, counts=entry.counts)
            for entry in await locale_progress(campaign["id"])
        ],
        headlines=headlines,
        findings=findings,
    )
