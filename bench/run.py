"""Run every benchmark on SQLite (and PostgreSQL when DATABASE_URL is set); print and save
a markdown table of each figure beside its baseline from the same run.

    python -m bench.run [--testers 2000] [--findings 100000]

Each database gets a fresh data directory; the campaigns come from bench/generate.py with
a fixed seed, so runs are comparable.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import msgspec

RESULTS = Path(__file__).with_name("results.md")


def _run_json(command: list[str], env: dict[str, str]) -> Any:
    done = subprocess.run(command, env=env, capture_output=True, check=False)  # noqa: S603
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr.decode()[-3000:]}")
    return msgspec.json.decode(done.stdout.splitlines()[-1])


def _bench(database: str, env: dict[str, str], testers: int, findings: int) -> dict[str, Any]:
    print(f"[{database}] generating {findings} and {findings // 10} findings…", flush=True)
    generate = [sys.executable, "-m", "bench.generate", "--testers", str(testers)]
    big = _run_json([*generate, "--findings", str(findings)], env)
    small = _run_json([*generate, "--findings", str(findings // 10), "--seed", "2"], env)
    print(f"[{database}] generated in {big['seconds']} s and {small['seconds']} s", flush=True)
    out = Path(env["PARCOURS_DATA_DIR"]) / "bench"
    print(f"[{database}] measuring…", flush=True)
    suite = [sys.executable, "-m", "bench.suite", str(big["campaign_id"])]
    results = _run_json([*suite, str(small["campaign_id"]), str(out)], env)
    results["generated"] = {"big": big, "small": small}
    return results


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}×" if baseline else "-"


def _rows(database: str, r: dict[str, Any]) -> list[list[str]]:
    rows = []
    for size in ("big", "small"):
        e, n = r["export"][size], r["generated"][size]["findings"]
        rows.append(
            [
                database,
                f"Excel export, {n:,} findings: wall time",
                f"{e['seconds']:.1f} s",
                f"{e['bare_seconds']:.1f} s (bare openpyxl write)",
                _ratio(e["seconds"], e["bare_seconds"]),
                "≤ 2×" if size == "big" else "-",
            ]
        )
        rows.append(
            [
                database,
                f"Excel export, {n:,} findings: peak memory",
                f"{e['peak_mb']:.0f} MB",
                f"{e['bare_peak_mb']:.0f} MB (rows in memory)",
                _ratio(e["peak_mb"], e["bare_peak_mb"]),
                "< 500 MB" if size == "big" else "-",
            ]
        )
    for size in ("big", "small"):
        q, n = r["report"][size], r["generated"][size]["findings"]
        rows.append(
            [
                database,
                f"Heatmap aggregate, {n:,} findings",
                _ms(q["heatmap_seconds"]),
                f"{_ms(q['bare_seconds'])} (bare GROUP BY)",
                _ratio(q["heatmap_seconds"], q["bare_seconds"]),
                "< 300 ms" if size == "big" else "-",
            ]
        )
        rows.append(
            [
                database,
                f"Whole JSON report, {n:,} findings",
                _ms(q["report_seconds"]),
                f"{_ms(q['bare_seconds'])} (bare GROUP BY)",
                _ratio(q["report_seconds"], q["bare_seconds"]),
                "-",
            ]
        )
    h, n = r["report_http"], r["generated"]["big"]["findings"]
    for name, key in (
        ("JSON report", "json_seconds"),
        ("Report dashboard page", "page_seconds"),
        ("Report dashboard page, one locale", "locale_page_seconds"),
    ):
        rows.append(
            [
                database,
                f"{name} over HTTP, {n:,} findings",
                _ms(h[key]),
                f"{_ms(h['health_seconds'])} (/health, same server)",
                _ratio(h[key], h["health_seconds"]),
                "< 300 ms",
            ]
        )
    load = r["load"]
    s, h = load["saves"], load["health"]
    sqlite = database == "SQLite"
    rows.append(
        [
            database,
            f"Step saves, 50 testers (wrk, {s['requests']:,} requests): throughput",
            f"{s['per_second']:.0f} saves/s",
            f"{h['per_second']:.0f} req/s (/health)",
            _ratio(s["per_second"], h["per_second"]),
            ("≥ 500/s" if sqlite else "≥ 300/s") + " and ≥ 0.20×",
        ]
    )
    rows.append(
        [
            database,
            "Step saves: p50 / p99 latency",
            f"{s['p50_ms']:.0f} / {s['p99_ms']:.0f} ms",
            f"{h['p50_ms']:.0f} / {h['p99_ms']:.0f} ms",
            _ratio(s["p99_ms"], h["p99_ms"]) + " (p99)",
            "p99 < 150 ms" if sqlite else "-",
        ]
    )
    rows.append(
        [
            database,
            "Step saves: non-2xx; every saved step stored",
            f"{s['non_2xx']} non-2xx, {s['socket_errors']} socket errors; "
            f"{load['stored']} of {load['pairs']} stored, {load['lost']} lost",
            f"{h['non_2xx']} non-2xx",
            "-",
            "0 non-2xx, none lost",
        ]
    )
    for fmt, u in r["upload"].items():
        rows.append(
            [
                database,
                f"Screenshot upload, 1170×2532 {fmt}",
                _ms(u["ours"]),
                f"{_ms(u['bare'])} (bare Pillow)",
                _ratio(u["ours"], u["bare"]),
                "≤ 1.5×",
            ]
        )
    return rows


def _table(rows: list[list[str]]) -> str:
    head = ["Database", "Measure", "Parcours", "Baseline (same run)", "Ratio", "Target"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    """Bench SQLite, then PostgreSQL if DATABASE_URL is set; print and save the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--testers", type=int, default=2000)
    parser.add_argument("--findings", type=int, default=100_000)
    args = parser.parse_args()
    targets = {"SQLite": {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}}
    if os.environ.get("DATABASE_URL"):
        targets["PostgreSQL"] = dict(os.environ)
    rows = []
    for database, env in targets.items():
        with tempfile.TemporaryDirectory(prefix="parcours-bench-") as folder:
            env = {**env, "PARCOURS_DATA_DIR": folder, "PARCOURS_SECRET_KEY": "bench"}
            rows += _rows(database, _bench(database, env, args.testers, args.findings))
    table = _table(rows)
    header = (
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {platform.machine()}; "
        f"`python -m bench.run --testers {args.testers} --findings {args.findings}`"
    )
    RESULTS.write_text(f"# Benchmark results\n\n{header}\n\n{table}\n")
    print(f"\n{header}\n\n{table}\n\nSaved to {RESULTS}")


if __name__ == "__main__":
    main()
