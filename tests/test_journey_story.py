"""The whole tester story over HTTP, as issue 4 tells it, on the retail example."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from httpx import AsyncClient
from PIL import Image

from backend.tables import Answer, Finding, StepResult
from tests.helpers import PASSWORD, csrf_headers, login, profile, put_profile, signed_up

pytestmark = pytest.mark.anyio

RETAIL = (Path(__file__).parent.parent / "campaigns/examples/retail.yaml").read_bytes()
ANSWERS = {
    "rating": 4,
    "nps": 9,
    "seq": 6,
    "yes_no": True,
    "text": "Smooth, but the refund took long.",
}


def _answer(question: dict) -> object:
    if question["kind"] in ("single_choice",):
        return question["options"][0]["id"]
    if question["kind"] == "multi_choice":
        return [question["options"][0]["id"]]
    return ANSWERS[question["kind"]]


async def test_a_tester_walks_the_retail_journey_end_to_end(client: AsyncClient, browsers) -> None:
    tester = browsers()
    await signed_up(tester, "tess@example.org")
    assert (await put_profile(tester, profile(country="DE", locale="de-DE"))).status_code == 200
    await signed_up(client, "cfo@northwind.test", role="client", organization="Northwind")
    headers = {**await csrf_headers(client), "content-type": "application/yaml"}
    campaign = (
        await client.post("/api/v1/campaigns/import", content=RETAIL, headers=headers)
    ).json()
    await client.post(
        f"/api/v1/campaigns/{campaign['id']}/launch", headers=await csrf_headers(client)
    )

    invitation = (await tester.get("/api/v1/me/invitations")).json()[0]
    accepted = await tester.post(
        f"/api/v1/invitations/{invitation['id']}/accept", headers=await csrf_headers(tester)
    )
    base = f"/api/v1/participations/{invitation['id']}"
    journey = (await tester.get(base)).json()
    steps = [step for use_case in journey["use_cases"] for step in use_case["steps"]]
    first, rest = steps[0], steps[1:]
    saved = await tester.put(
        f"{base}/steps/{first['id']}",
        json={"status": "completed", "seconds_spent": 30, "answers": {}},
        headers=await csrf_headers(tester),
    )
    png = io.BytesIO()
    Image.new("RGB", (390, 844), (240, 240, 240)).save(png, "PNG")
    finding = await tester.post(
        f"{base}/steps/{first['id']}/findings",
        data={"title": "Anzeige führt zur Startseite", "kind": "content", "severity": "minor"},
        files=[("screenshots", ("ad.png", png.getvalue(), "image/png"))],
        headers=await csrf_headers(tester),
    )

    again = browsers()
    assert (await login(again, "tess@example.org", PASSWORD)).status_code == 200
    resumed = (await again.get(base)).json()
    for step in rest:
        response = await again.put(
            f"{base}/steps/{step['id']}",
            json={
                "status": "completed",
                "answers": {q["id"]: _answer(q) for q in step["questions"]},
            },
            headers=await csrf_headers(again),
        )
        assert response.status_code == 200, response.text
    closing = {q["id"]: _answer(q) for q in journey["questions"]}
    await again.put(f"{base}/answers", json={"answers": closing}, headers=await csrf_headers(again))
    submitted = await again.post(f"{base}/submit", headers=await csrf_headers(again))

    assert accepted.status_code == 200
    assert journey["use_cases"][0]["title"] == (
        "In einer Anzeige gesehene Sneaker kaufen und zurückschicken"
    )
    assert saved.status_code == 200
    assert finding.status_code == 201
    assert resumed["next_step_id"] == rest[0]["id"], "resumes at the first unsaved step"
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["state"] == "submitted"
    assert await StepResult.count() == len(steps)
    step_questions = sum(len(step["questions"]) for step in steps)
    assert await Answer.count() == step_questions + len(journey["questions"])
    assert await Finding.count() == 1
    other_campaign_step = await again.put(
        f"{base}/steps/999999", json={"status": "completed"}, headers=await csrf_headers(again)
    )
    assert other_campaign_step.status_code == 404
