"""A real server in a child process, and a crowd of testers ready to save steps on it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
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
    User,
)
from bench.generate import definition
from campaigns.vocabulary import TokenKind


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
