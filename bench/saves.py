"""Step saves under load from a compiled load generator (wrk), beside the same server's
/health in the same run, and none lost: every save acknowledged must be stored.

    python -m bench.saves [--seconds 20] [--connections 50] [--workers 1]

The database is the one the environment selects (SQLite by default, DATABASE_URL for
PostgreSQL). wrk comes from Debian's packages (`apt-get install wrk`); being compiled, it
leaves the server's CPU to the server, unlike a Python client.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import msgspec

from backend.db.migrate import migrate
from backend.tables import StepResult
from bench import load

SCRIPT = Path(__file__).with_name("saves.lua")
TESTERS = 50
STEPS_EACH = 40


class WrkRun(msgspec.Struct):
    """What wrk reports for one run."""

    per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    socket_errors: int


def _found(pattern: str, output: str, default: str | None = None) -> str:
    """The first group of `pattern` in wrk's output."""
    match = re.search(pattern, output)
    if match is None:
        if default is None:
            raise ValueError(f"wrk said nothing matching {pattern!r}:\n{output}")
        return default
    return match[1]


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if match is None:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match[1]) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match[2]]


def parse(output: str) -> WrkRun:
    """The figures from wrk's --latency output."""
    errors = re.findall(r"(?:connect|read|write|timeout) (\d+)", output)
    return WrkRun(
        per_second=float(_found(r"Requests/sec:\s+([\d.]+)", output)),
        p50_ms=_ms(_found(r"\s50%\s+(\S+)", output)),
        p99_ms=_ms(_found(r"\s99%\s+(\S+)", output)),
        requests=int(_found(r"(\d+) requests in", output)),
        non_2xx=int(_found(r"Non-2xx or 3xx responses: (\d+)", output, "0")),
        socket_errors=sum(int(n) for n in errors),
    )


def wrk(url: str, seconds: int, connections: int, *extra: str) -> WrkRun:
    """One wrk run against `url`."""
    command = [
        shutil.which("wrk") or "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        *extra,
    ]
    if "--" in extra:
        at = command.index("--")
        command[at:at] = [url]
    else:
        command.append(url)
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return parse(done.stdout)


def save_lines(crowd: list[load.Walker], folder: Path) -> Path:
    """The file saves.lua reads: per line a tester's token, a step's address and its save."""
    lines = folder / "saves.tsv"
    lines.write_text(
        "".join(
            f"{walker.token}\t/api/v1/participations/{walker.participation_id}/steps/"
            f"{step_id}\t"
            + msgspec.json.encode(
                {"status": "completed", "seconds_spent": 42, "answers": dict.fromkeys(keys, 4)}
            ).decode()
            + "\n"
            for walker in crowd
            for step_id, keys in zip(walker.step_ids, walker.answer_keys, strict=True)
        )
    )
    return lines


async def run(seconds: int, connections: int, workers: int) -> dict[str, object]:
    """Saves and /health against one server; stored results checked against the saves."""
    await migrate()
    crowd = await load.walkers(TESTERS, STEPS_EACH, "wrk")
    pairs = sum(len(walker.step_ids) for walker in crowd)
    with tempfile.TemporaryDirectory() as folder:
        lines = save_lines(crowd, Path(folder))
        log = Path(folder) / "server.log"
        with load.running_server(log, "--workers", str(workers)) as (_, base):
            health = wrk(f"{base}/health", seconds, connections)
            saves = wrk(base, seconds, connections, "-s", str(SCRIPT), "--", str(lines))
    ids = [walker.participation_id for walker in crowd]
    stored = await StepResult.count().where(StepResult.participation.is_in(ids))
    # Each request saved one of the pairs, cycling; once every pair was sent at least once,
    # every one must be stored.
    expected = min(pairs, saves.requests - saves.non_2xx)
    return {
        "saves": msgspec.to_builtins(saves),
        "health": msgspec.to_builtins(health),
        "ratio": round(saves.per_second / health.per_second, 2),
        "pairs": pairs,
        "stored": stored,
        "lost": max(0, expected - stored),
    }


def main() -> None:
    """Run and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=TESTERS)
    parser.add_argument("--workers", type=int, default=1)
    arguments = parser.parse_args()
    result = asyncio.run(run(arguments.seconds, arguments.connections, arguments.workers))
    saves, health = result["saves"], result["health"]
    print(
        f"saves {saves['per_second']:.0f}/s (p50 {saves['p50_ms']:.0f} ms, p99 "
        f"{saves['p99_ms']:.0f} ms, non-2xx {saves['non_2xx']}, socket errors "
        f"{saves['socket_errors']}) | /health {health['per_second']:.0f}/s (p99 "
        f"{health['p99_ms']:.0f} ms) | ratio {result['ratio']}× | stored {result['stored']} "
        f"of {result['pairs']}, lost {result['lost']}"
    )


if __name__ == "__main__":
    main()
