"""Step saves while managers download workbooks: 50 testers' saves under wrk, first alone,
then beside exports of a generated campaign running back to back, in the same server and run.

    python -m bench.exports_beside_saves [--findings 10000] [--exports 3] [--seconds 20]

The figure is how much slower the saves go beside the exports (p50 and throughput, as
ratios to the saves alone); the workbook is built in a child process, so the target is at
most 1.5×.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import threading
import time
from pathlib import Path

import httpx
import msgspec

from backend.db.migrate import migrate
from backend.services.tokens import issue_token
from backend.tables import User
from bench import load
from bench.generate import generate
from bench.saves import SCRIPT, STEPS_EACH, TESTERS, save_lines, wrk
from campaigns.vocabulary import Role, TokenKind


def _exporting(base: str, token: str, campaign_id: int, stop: threading.Event, done: list[float]):
    """Download the workbook again and again until told to stop; each download's seconds."""
    url = f"{base}/api/v1/campaigns/{campaign_id}/report.xlsx"
    with httpx.Client(headers={"authorization": f"Bearer {token}"}, timeout=600) as client:
        while not stop.is_set():
            started = time.perf_counter()
            response = client.get(url)
            response.raise_for_status()
            done.append(time.perf_counter() - started)


async def run(findings: int, exports: int, seconds: int) -> dict[str, object]:
    """Saves alone, then beside `exports` exporters; the ratios of the two."""
    await migrate()
    generated = await generate(max(200, findings // 20), findings, 1, min(300, findings // 50))
    manager = await User.insert(
        User(
            email=f"bench-manager-{generated.campaign_id}@bench.test",
            name="Bench Manager",
            password_hash="!",  # noqa: S106 - signs in by token only
            role=Role.manager,
        )
    )
    token = await issue_token(manager[0]["id"], TokenKind.api, None, "export bench")
    crowd = await load.walkers(TESTERS, STEPS_EACH, "exports")
    with tempfile.TemporaryDirectory() as folder:
        lines = save_lines(crowd, Path(folder))
        with load.running_server(Path(folder) / "server.log") as (_, base):
            alone = wrk(base, seconds, TESTERS, "-s", str(SCRIPT), "--", str(lines))
            stop, durations = threading.Event(), []
            workers = [
                threading.Thread(
                    target=_exporting,
                    args=(base, token, generated.campaign_id, stop, durations),
                )
                for _ in range(exports)
            ]
            for worker in workers:
                worker.start()
            await asyncio.sleep(2)  # let the exports get under way before measuring
            beside = wrk(base, seconds, TESTERS, "-s", str(SCRIPT), "--", str(lines))
            stop.set()
            for worker in workers:
                worker.join()
    return {
        "findings": generated.findings,
        "alone": msgspec.to_builtins(alone),
        "beside": msgspec.to_builtins(beside),
        "p50_ratio": round(beside.p50_ms / alone.p50_ms, 2),
        "throughput_ratio": round(alone.per_second / beside.per_second, 2),
        "exports_done": len(durations),
        "export_seconds": round(sum(durations) / len(durations), 1) if durations else None,
    }


def main() -> None:
    """Run and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=10_000)
    parser.add_argument("--exports", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=20)
    arguments = parser.parse_args()
    result = asyncio.run(run(arguments.findings, arguments.exports, arguments.seconds))
    alone, beside = result["alone"], result["beside"]
    print(
        f"{result['findings']} findings, {arguments.exports} exporters | saves alone "
        f"{alone['per_second']:.0f}/s p50 {alone['p50_ms']:.0f} ms | beside the exports "
        f"{beside['per_second']:.0f}/s p50 {beside['p50_ms']:.0f} ms | slower by "
        f"{result['p50_ratio']}× (p50), {result['throughput_ratio']}× (throughput) | "
        f"{result['exports_done']} exports, {result['export_seconds']} s each"
    )


if __name__ == "__main__":
    main()
