"""Step saves under load: a real uvicorn server, 50 testers saving steps concurrently."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import msgspec

from backend.services.campaign_store import create_campaign
from backend.services.tokens import issue_token
from backend.tables import (
    Campaign,
    Organization,
    Participation,
    Question,
    Step,
    StepResult,
    User,
)
from bench.generate import definition
from campaigns.vocabulary import TokenKind


class LoadResult(msgspec.Struct):
    """Throughput and latency of one load run."""

    requests: int
    seconds: float
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    server_errors: int


class Walker(msgspec.Struct):
    """One simulated tester: its token, participation and the steps it will save."""

    token: str
    participation_id: int
    step_ids: list[int]
    answer_keys: list[list[str]]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(
    log: Path, *arguments: str, **env: str
) -> Iterator[tuple[subprocess.Popen, str]]:
    """`parcours serve` in a child process, with any further `arguments` (`--workers 2`);
    yields (process, base URL) once /health answers.

    The log is appended to, so a restart keeps the earlier run's lines; the server is
    stopped afterwards unless it already died.
    """
    port = free_port()
    with log.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603 - our own command
            [sys.executable, "-m", "backend.cli", "serve", "--port", str(port), *arguments],
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"the server did not start; see {log}")
            time.sleep(0.2)
        yield process, base
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


async def walkers(testers: int, steps_each: int, label: str) -> list[Walker]:
    """A running campaign with `testers` accepted testers, each holding an API token."""
    organization = (
        await Organization.select(Organization.id).first()
        or (await Organization.insert(Organization(name="Load Co")))[0]
    )
    campaign_id = await create_campaign(definition(f"Load {label}"), organization["id"], None)
    await Campaign.update({Campaign.status: "running"}).where(Campaign.id == campaign_id)
    steps = (
        await Step.select(Step.id, Step.key, Step.use_case)
        .where(Step.campaign == campaign_id)
        .order_by(Step.id)
    )
    chosen = steps[:steps_each]
    keys: dict[int, list[str]] = {}
    for row in await Question.select(Question.key, Question.step).where(
        Question.step.is_in([step["id"] for step in chosen])
    ):
        keys.setdefault(row["step"], []).append(row["key"])
    result = []
    for n in range(testers):
        user = await User.insert(
            User(
                email=f"load-{label}-{campaign_id}-{n}@bench.test",
                name=f"Load {n}",
                password_hash="!",  # noqa: S106 - these testers sign in by token only
                role="tester",
            )
        )
        participation = await Participation.insert(
            Participation(
                campaign=campaign_id,
                tester=user[0]["id"],
                pseudonym=f"L{campaign_id}-{n}",
                locale="en-GB",
                country="GB",
                state="accepted",
            )
        )
        token = await issue_token(user[0]["id"], TokenKind.api, None, "load test")
        result.append(
            Walker(
                token=token,
                participation_id=participation[0]["id"],
                step_ids=[s["id"] for s in chosen],
                answer_keys=[sorted(keys.get(s["id"], [])) for s in chosen],
            )
        )
    return result


async def _timed(
    request: Awaitable[httpx.Response], latencies: list[float], codes: list[int]
) -> None:
    """Await the (not yet started) request, recording its latency and status (0: failed)."""
    started = time.perf_counter()
    try:
        response = await request
        codes.append(response.status_code)
    except httpx.HTTPError:
        codes.append(0)
    latencies.append(time.perf_counter() - started)


def _summary(latencies: list[float], codes: list[int], seconds: float) -> LoadResult:
    ordered = sorted(latencies)
    cut = statistics.quantiles(ordered, n=100) if len(ordered) > 1 else ordered * 99
    return LoadResult(
        requests=len(codes),
        seconds=round(seconds, 2),
        per_second=round(len(codes) / seconds, 1),
        p50_ms=round(cut[49] * 1000, 1),
        p95_ms=round(cut[94] * 1000, 1),
        p99_ms=round(cut[98] * 1000, 1),
        errors=sum(1 for code in codes if not 200 <= code < 300),
        server_errors=sum(1 for code in codes if code >= 500 or code == 0),
    )


async def save_steps(base: str, crowd: list[Walker]) -> tuple[LoadResult, int]:
    """Every walker saves its steps one after another, all walkers at once.

    Returns the figures and how many saves were acknowledged with a 2xx.
    """
    latencies: list[float] = []
    codes: list[int] = []
    limits = httpx.Limits(max_connections=len(crowd))
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:

        async def walk(walker: Walker) -> None:
            headers = {"authorization": f"Bearer {walker.token}"}
            for step_id, keys in zip(walker.step_ids, walker.answer_keys, strict=True):
                url = f"/api/v1/participations/{walker.participation_id}/steps/{step_id}"
                answers = {key: 4 for key in keys}
                body = {"status": "completed", "seconds_spent": 42, "answers": answers}
                await _timed(client.put(url, json=body, headers=headers), latencies, codes)

        started = time.perf_counter()
        await asyncio.gather(*(walk(walker) for walker in crowd))
        seconds = time.perf_counter() - started
    acknowledged = sum(1 for code in codes if 200 <= code < 300)
    return _summary(latencies, codes, seconds), acknowledged


async def health(base: str, clients: int, each: int) -> LoadResult:
    """The baseline: the same server's /health under the same concurrency and count."""
    latencies: list[float] = []
    codes: list[int] = []
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:

        async def poll() -> None:
            for _ in range(each):
                await _timed(client.get("/health"), latencies, codes)

        started = time.perf_counter()
        await asyncio.gather(*(poll() for _ in range(clients)))
        seconds = time.perf_counter() - started
    return _summary(latencies, codes, seconds)


async def stored_results(crowd: list[Walker]) -> int:
    """Step results stored for the crowd's participations."""
    ids = [walker.participation_id for walker in crowd]
    return await StepResult.count().where(StepResult.participation.is_in(ids))
