"""Baseline for the export: the same cells written by a bare write-only openpyxl workbook.

    python -m bench.baseline_export CAMPAIGN_ID OUT.xlsx

Rows are read into memory first (not timed); then only the writing is timed. Prints JSON.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from typing import Any

import msgspec
from openpyxl import Workbook

from backend.screenshots.store import FileStore
from backend.services.report_export import answer_lines, finding_lines, tester_lines
from backend.services.workbook_reader import workbook_reader
from backend.settings import load_settings
from backend.tables import Campaign
from frontend.catalogs import SOURCE_LANGUAGE
from reports.cells import naive
from reports.sheets import ANSWERS, FINDINGS, TESTERS, values


def _naive(cells: list[Any]) -> list[Any]:
    """Excel has no time zones; our writer does the same conversion."""
    return [naive(cell) for cell in cells]


async def _rows(campaign_id: int) -> dict[str, list[list[Any]]]:
    campaign = await Campaign.select().where(Campaign.id == campaign_id).first()
    # The export's default reader: English words and labels, the same cells it writes.
    reader = workbook_reader(SOURCE_LANGUAGE)
    store = FileStore(load_settings().screenshots_dir)
    sheets: dict[str, list[list[Any]]] = {"Findings": [], "Answers": [], "Testers": []}
    async for lines in finding_lines(campaign_id, store, "http://127.0.0.1:8000"):
        sheets["Findings"] += [_naive(values(FINDINGS, line, reader)) for line in lines]
    async for lines in answer_lines(campaign):
        sheets["Answers"] += [values(ANSWERS, line, reader) for line in lines]
    async for lines in tester_lines(campaign_id):
        sheets["Testers"] += [_naive(values(TESTERS, line, reader)) for line in lines]
    return sheets


def main() -> None:
    """Load, then time a bare write of the same cells."""
    campaign_id, target = int(sys.argv[1]), Path(sys.argv[2])
    sheets = asyncio.run(_rows(campaign_id))
    started = time.perf_counter()
    book = Workbook(write_only=True)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(target)
    seconds = time.perf_counter() - started
    cells = sum(len(row) for rows in sheets.values() for row in rows)
    print(msgspec.json.encode({"seconds": seconds, "cells": cells}).decode())


if __name__ == "__main__":
    main()
