"""`parcours demo`: a realistic campaign, seeded once, with sign-ins that work."""

from __future__ import annotations

import pytest
from httpx import AsyncClient

from backend import clock
from backend.tables import Campaign, Finding, Participation, ReviewEvent, Screenshot
from tests.helpers import login
from tests.test_cli import _parcours

pytestmark = pytest.mark.anyio


async def test_demo_seeds_a_walked_and_reviewed_campaign_once(client: AsyncClient) -> None:
    first = await _parcours("demo", "--seed-only")
    again = await _parcours("demo", "--seed-only")

    assert first.returncode == 0, first.stderr
    out = first.stdout.decode()
    assert "client@demo.parcours.test" in out
    assert "password parcours-demo" in out
    campaign = await Campaign.select(Campaign.id, Campaign.status).order_by(Campaign.id).first()
    assert campaign["status"] == "running", "testers have started walking it"
    states = {
        row["state"]: row["count"]
        for row in await Participation.raw(
            "SELECT state, COUNT(*) AS count FROM participation GROUP BY state"
        )
    }
    assert states["submitted"] >= 20, states
    assert states["in_progress"] >= 1, "some testers stopped half-way"
    assert states["invited"] == 1, "the visitor's tester can still accept"
    findings = await Finding.count()
    assert findings >= 30
    assert await Screenshot.count() >= 20
    assert await ReviewEvent.count() >= findings // 2
    assert await Finding.count().where(Finding.review == "accepted") >= 10
    dates = (
        await Campaign.select(Campaign.starts_on, Campaign.ends_on).order_by(Campaign.id).first()
    )
    assert dates["starts_on"] < clock.today() < dates["ends_on"], "the demo stands mid-campaign"
    walks = await Participation.select(Participation.started_at, Participation.submitted_at).where(
        Participation.state == "submitted"
    )
    minutes = sorted((w["submitted_at"] - w["started_at"]).total_seconds() / 60 for w in walks)
    assert minutes[0] > 10, "testers take minutes per step, not milliseconds"
    assert all(w["submitted_at"] < clock.now() for w in walks), "nothing is walked in the future"
    french = await Finding.select(Finding.title, Finding.expected_result).where(
        Finding.locale == "fr-FR"
    )
    assert french
    assert all(f["expected_result"].startswith("Pouvoir continuer") for f in french)
    english = {
        f["title"] for f in await Finding.select(Finding.title).where(Finding.locale == "en-GB")
    }
    assert english
    assert not english & {f["title"] for f in french}, "French testers write in French"
    decided = await ReviewEvent.select(ReviewEvent.created_at)
    assert all(e["created_at"].date() < clock.today() for e in decided), "review is under way"
    assert again.returncode == 0, again.stderr
    assert await Finding.count() == findings, "the second run reuses the demo"

    assert (await client.get("/demo-shop/fr-FR/trail-runner")).status_code == 404, (
        "only `parcours demo` serves the demo shop"
    )
    assert (await login(client, "manager@demo.parcours.test", "parcours-demo")).status_code == 200
    report = (await client.get(f"/api/v1/campaigns/{campaign['id']}/report")).json()
    assert any(cell["index"] for cell in report["friction"]["cells"])
    points = report["top"]["points"]
    assert len(points) == 10
    assert any(point["screenshot_id"] for point in points), "top points show thumbnails"
