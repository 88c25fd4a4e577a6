"""GDPR: a tester exports everything held about it, then erases itself."""

from __future__ import annotations

import io
from typing import Any

import pytest
from httpx import AsyncClient
from litestar import Litestar
from PIL import Image

from backend.settings import load_settings
from backend.tables import Answer, Finding, Participation, StepResult
from tests.helpers import PASSWORD, accepted_journey, csrf_headers, login

pytestmark = pytest.mark.anyio


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (80, 120), (250, 200, 0)).save(out, "PNG")
    return out.getvalue()


async def _walked(client: AsyncClient, tester: AsyncClient) -> dict[str, Any]:
    """A journey with a saved step, answers, and a finding with a screenshot."""
    journey = await accepted_journey(client, tester)
    base = f"/api/v1/participations/{journey['participation_id']}"
    step = journey["use_cases"][0]["steps"][0]["id"]
    headers = await csrf_headers(tester)
    await tester.put(
        f"{base}/steps/{step}",
        json={"status": "completed", "answers": {"found": "home"}},
        headers=headers,
    )
    await tester.put(f"{base}/answers", json={"answers": {"ease": 2}}, headers=headers)
    finding = await tester.post(
        f"{base}/steps/{step}/findings",
        data={"title": "Where is pay?", "kind": "usability", "severity": "minor"},
        files=[("screenshots", ("s.png", _png(), "image/png"))],
        headers=headers,
    )
    assert finding.status_code == 201, finding.text
    return finding.json()


async def _erase(tester: AsyncClient, password: str):
    return await tester.request(
        "DELETE", "/api/v1/me", json={"password": password}, headers=await csrf_headers(tester)
    )


async def test_export_holds_everything_about_the_tester(client: AsyncClient, browsers) -> None:
    tester = browsers()
    finding = await _walked(client, tester)

    export = await tester.get("/api/v1/me/export")

    body = export.json()
    assert export.status_code == 200
    assert "attachment" in export.headers["content-disposition"]
    assert body["account"]["email"] == "tess@example.org"
    assert body["profile"]["country"] == "FR"
    assert body["participations"][0]["state"] == "in_progress"
    assert body["step_results"][0]["status"] == "completed"
    assert sorted(a["question"] for a in body["answers"]) == ["ease", "found"]
    assert body["findings"][0]["title"] == "Where is pay?"
    assert body["screenshots"][0]["url"] == finding["screenshots"][0]["url"]
    assert "$argon2" not in export.text
    assert "token_hash" not in export.text


async def test_erasure_removes_the_person_and_keeps_anonymous_aggregates(
    client: AsyncClient, browsers, app: Litestar
) -> None:
    tester = browsers()
    finding = await _walked(client, tester)
    files_before = set(app.state.screenshots.files())
    counts = [await Answer.count(), await StepResult.count(), await Finding.count()]

    erased = await _erase(tester, PASSWORD)

    assert erased.status_code == 204
    assert (await tester.get("/api/v1/me/export")).status_code == 401
    assert (await login(browsers(), "tess@example.org")).status_code == 401
    assert [await Answer.count(), await StepResult.count(), await Finding.count()] == counts
    assert (await Participation.select(Participation.tester).first())["tester"] is None
    assert len(files_before - set(app.state.screenshots.files())) == 2, "image and thumbnail"
    assert (await client.get(finding["screenshots"][0]["url"])).status_code == 404


async def test_erasure_needs_the_password(client: AsyncClient, browsers) -> None:
    tester = browsers()
    await _walked(client, tester)

    refused = await _erase(tester, "not my password")

    assert refused.status_code == 403
    assert (await tester.get("/api/v1/me/export")).status_code == 200


async def test_erasure_leaves_no_copy_in_the_sqlite_files(client: AsyncClient, browsers) -> None:
    settings = load_settings()
    if settings.uses_postgres:
        pytest.skip("SQLite's files only; PostgreSQL reclaims space with VACUUM")
    tester = browsers()
    await _walked(client, tester)
    files = [
        settings.sqlite_path,
        settings.sqlite_path.with_name(settings.sqlite_path.name + "-wal"),
    ]

    assert (await _erase(tester, PASSWORD)).status_code == 204

    stored = b"".join(path.read_bytes() for path in files if path.exists())
    assert b"tess@example.org" not in stored
