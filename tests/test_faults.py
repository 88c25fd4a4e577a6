"""Crashes and contention against a real server process on the test database.

A server killed mid-work must lose no acknowledged save, leave no half-written step and, once
restarted, no orphan file; concurrent writers must never see SQLite's "database is locked".
These tests assert outcomes, never times.
"""

from __future__ import annotations

import asyncio
import copy
import io
import signal
from pathlib import Path
from typing import Any

import httpx
import pytest
from httpx import AsyncClient
from PIL import Image

from backend.settings import load_settings
from backend.tables import Answer, Finding, Screenshot, StepResult
from bench.load import running_server
from tests.helpers import PASSWORD, accepted_journey, small_definition

pytestmark = pytest.mark.anyio
STEPS = 12


def _long_definition() -> dict[str, Any]:
    """The small campaign with a use case of twelve steps, one question each."""
    definition = small_definition()
    first = definition["use_cases"][0]["steps"][0]
    steps = []
    for n in range(STEPS):
        step = copy.deepcopy(first)
        step["id"] = f"step{n}"
        step["questions"][0]["id"] = f"found{n}"
        steps.append(step)
    definition["use_cases"][0]["steps"] = steps
    return definition


def _phone_png() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((1170, 2532), 60).convert("RGB").save(out, "PNG")
    return out.getvalue()


async def _token(client: AsyncClient) -> str:
    response = await client.post(
        "/api/v1/auth/tokens",
        json={"email": "tess@example.org", "password": PASSWORD, "label": "faults"},
    )
    assert response.status_code == 201, response.text
    return response.json()["token"]


@pytest.fixture
async def walking(client: AsyncClient, browsers) -> tuple[str, dict[str, Any]]:
    """A tester's API token and accepted journey on the twelve-step campaign."""
    tester = browsers()
    journey = await accepted_journey(client, tester, _long_definition())
    return await _token(tester), journey


async def test_killed_server_keeps_acknowledged_saves_and_leaves_no_debris(
    walking, tmp_path: Path
) -> None:
    token, journey = walking
    pid = journey["participation_id"]
    steps = journey["use_cases"][0]["steps"]
    screenshot = _phone_png()
    saved: list[int] = []
    filed: list[int] = []
    log = tmp_path / "server.log"

    with running_server(log) as (process, base):
        headers = {"authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as http:

            async def save_all() -> None:
                for step in steps:
                    body = {"status": "completed", "answers": {step["questions"][0]["id"]: "menu"}}
                    response = await http.put(
                        f"/api/v1/participations/{pid}/steps/{step['id']}", json=body
                    )
                    if response.status_code == 200:
                        saved.append(step["id"])
                    if len(saved) == 4:
                        process.send_signal(signal.SIGKILL)

            async def upload_all() -> None:
                for n in range(6):
                    response = await http.post(
                        f"/api/v1/participations/{pid}/steps/{steps[0]['id']}/findings",
                        data={"title": f"Crash {n}", "kind": "bug", "severity": "major"},
                        files=[("screenshots", ("s.png", screenshot, "image/png"))],
                    )
                    if response.status_code == 201:
                        filed.append(response.json()["id"])

            await asyncio.gather(save_all(), upload_all(), upload_all(), return_exceptions=True)
        process.wait(timeout=30)

    store = load_settings().screenshots_dir
    store.mkdir(parents=True, exist_ok=True)
    (store / ".tmp-cut-short").write_bytes(b"half an upload")
    (store / ("ab" * 32)).write_bytes(b"renamed, never committed")
    with running_server(log, PARCOURS_ORPHAN_GRACE_SECONDS="0"):
        pass

    assert len(saved) >= 4
    results = {
        row["step"]: row for row in await StepResult.select().where(StepResult.participation == pid)
    }
    assert set(saved) <= set(results), "every acknowledged save is stored"
    for step_id in results:
        answers = await Answer.count().where(
            (Answer.participation == pid) & (Answer.step == step_id)
        )
        assert answers == 1, f"step {step_id} stored without its answer"
    assert set(filed) <= {row["id"] for row in await Finding.select(Finding.id)}
    referenced = set()
    for row in await Screenshot.select(Screenshot.sha256, Screenshot.thumbnail_sha256):
        referenced |= {row["sha256"], row["thumbnail_sha256"]}
    on_disk = {path.name for path in store.rglob("*") if path.is_file()}
    assert on_disk == referenced, "no orphan or temporary files after the restart"
    assert await Screenshot.count() == await Finding.count(), "one screenshot per finding"


async def test_concurrent_writers_never_see_database_is_locked(walking, tmp_path: Path) -> None:
    token, journey = walking
    pid = journey["participation_id"]
    log = tmp_path / "server.log"
    codes: list[int] = []

    with running_server(log) as (_, base):
        headers = {"authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as http:

            async def save(step: dict[str, Any]) -> None:
                body = {"status": "completed", "answers": {step["questions"][0]["id"]: "home"}}
                for _ in range(3):
                    response = await http.put(
                        f"/api/v1/participations/{pid}/steps/{step['id']}", json=body
                    )
                    codes.append(response.status_code)

            steps = journey["use_cases"][0]["steps"]
            await asyncio.gather(*(save(step) for step in steps * 2))

    assert codes == [200] * len(codes), sorted(set(codes))
    assert await StepResult.count() == STEPS, "saving a step again replaces it"
    assert "database is locked" not in log.read_text()
