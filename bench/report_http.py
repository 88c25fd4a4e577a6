"""The JSON report and the dashboard page as a client waits for them: over HTTP from a
running server, each beside the same server's /health in the same run.

    python -m bench.report_http CAMPAIGN_ID [--repeat 9]

The campaign is one of bench/generate.py's; the requests carry a manager's API token.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import msgspec

from backend.db.migrate import migrate
from backend.services.tokens import issue_token
from backend.tables import User
from bench import load
from campaigns.vocabulary import Role, TokenKind


async def _manager_token() -> str:
    """An API token of a manager made for this run."""
    user = await User.insert(
        User(
            email=f"bench-{time.time_ns()}@bench.test",
            name="Bench manager",
            password_hash="!",  # noqa: S106 - signs in by token only
            role=Role.manager.value,
        )
    )
    return await issue_token(user[0]["id"], TokenKind.api, None, "report bench")


def _median_seconds(request: Callable[[], httpx.Response], repeat: int) -> float:
    """The median wall time of `repeat` requests after one to warm up; each must be a 200."""
    request().raise_for_status()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        request().raise_for_status()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(campaign_id: int, repeat: int = 9) -> dict[str, float]:
    """Median seconds of /health, the JSON report, the dashboard and a locale's dashboard."""
    asyncio.run(migrate())
    token = asyncio.run(_manager_token())
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "server.log"
        with (
            load.running_server(log) as (_, base),
            httpx.Client(
                base_url=base, headers={"authorization": f"Bearer {token}"}, timeout=60
            ) as http,
        ):
            locale = http.get(f"/api/v1/campaigns/{campaign_id}/report").json()["friction"][
                "locales"
            ][0]
            return {
                "health_seconds": _median_seconds(lambda: http.get("/health"), repeat),
                "json_seconds": _median_seconds(
                    lambda: http.get(f"/api/v1/campaigns/{campaign_id}/report"), repeat
                ),
                "page_seconds": _median_seconds(
                    lambda: http.get(f"/campaigns/{campaign_id}/report"), repeat
                ),
                "locale_page_seconds": _median_seconds(
                    lambda: http.get(f"/campaigns/{campaign_id}/report", params={"locale": locale}),
                    repeat,
                ),
            }


def main() -> None:
    """Print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("campaign", type=int)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    print(msgspec.json.encode(run(args.campaign, args.repeat)).decode())


if __name__ == "__main__":
    main()
