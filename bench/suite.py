"""All benchmarks against the database the environment selects; prints one JSON document.

    python -m bench.suite BIG_CAMPAIGN SMALL_CAMPAIGN OUT_DIR

bench/run.py generates the campaigns and calls this once per database.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import msgspec

from backend.db.engine import current_engine
from backend.services.reports import build_report, friction_report
from backend.tables import Campaign
from bench import report_http, saves, upload
from bench.measure import measured

# The bare GROUP BYs behind the heatmap: accepted findings per cell, and the step tally.
_BARE_HEATMAP = [
    """SELECT stage, locale, severity, COUNT(*) FROM finding
       WHERE campaign = {} AND review = 'accepted' GROUP BY stage, locale, severity""",
    """SELECT stage, locale, COUNT(DISTINCT participation), COUNT(*) FROM step_result
       WHERE campaign = {} GROUP BY stage, locale""",
]


async def _median(work: Callable[[], Awaitable[Any]], repeat: int = 5) -> float:
    await work()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        await work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def export(campaign_id: int, out: Path) -> dict[str, float]:
    """`parcours export-report` against a bare openpyxl write of the same cells."""
    env = dict(os.environ)
    ours = measured(
        [
            sys.executable,
            "-m",
            "backend.cli",
            "export-report",
            str(campaign_id),
            "-o",
            str(out / f"report-{campaign_id}.xlsx"),
        ],
        env,
    )
    bare = measured(
        [
            sys.executable,
            "-m",
            "bench.baseline_export",
            str(campaign_id),
            str(out / f"bare-{campaign_id}.xlsx"),
        ],
        env,
    )
    written = msgspec.json.decode(bare.stdout)
    return {
        "seconds": ours.seconds,
        "peak_mb": ours.peak_mb,
        "bare_seconds": written["seconds"],
        "bare_peak_mb": bare.peak_mb,
        "cells": written["cells"],
    }


async def report(campaign_id: int) -> dict[str, float]:
    """The JSON report's aggregates and the heatmap alone, against the bare GROUP BYs."""
    campaign = await Campaign.select().where(Campaign.id == campaign_id).first()
    engine = current_engine()

    async def bare() -> None:
        for query in _BARE_HEATMAP:
            await engine.run_ddl(query.format(int(campaign_id)))

    return {
        "heatmap_seconds": await _median(lambda: friction_report(campaign_id)),
        "report_seconds": await _median(lambda: build_report(campaign)),
        "bare_seconds": await _median(bare),
    }


async def run_all(big: int, small: int, out: Path) -> dict[str, Any]:
    """Every benchmark's figures."""
    return {
        "export": {"big": export(big, out), "small": export(small, out)},
        "report": {"big": await report(big), "small": await report(small)},
        "report_http": await asyncio.to_thread(report_http.run, big),
        # wrk, compiled, so that the client leaves the server its CPU.
        "load": await saves.run(seconds=20, connections=saves.TESTERS, workers=1),
        "upload": upload.compare(),
    }


def main() -> None:
    """Run every benchmark and print the figures as JSON."""
    big, small, out = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    print(msgspec.json.encode(asyncio.run(run_all(big, small, out))).decode())


if __name__ == "__main__":
    main()
