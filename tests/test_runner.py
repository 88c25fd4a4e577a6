"""Walking a journey: the tester's locale, idempotent step saves, answer checks, submission."""

from __future__ import annotations

from typing import Any

import anyio
import pytest
from httpx import AsyncClient

from backend.tables import Answer, Participation, StepResult
from tests.helpers import (
    accepted_journey,
    answer_invitation,
    csrf_headers,
    launched_campaign,
    login,
    only_invitation,
    signed_up,
    signed_up_tester,
    small_definition,
)

pytestmark = pytest.mark.anyio


async def _save_step(tester: AsyncClient, journey: dict[str, Any], body: dict[str, Any]):
    step = journey["use_cases"][0]["steps"][0]["id"]
    return await tester.put(
        f"/api/v1/participations/{journey['participation_id']}/steps/{step}",
        json=body,
        headers=await csrf_headers(tester),
    )


async def _save_answers(tester: AsyncClient, journey: dict[str, Any], answers: dict[str, Any]):
    return await tester.put(
        f"/api/v1/participations/{journey['participation_id']}/answers",
        json={"answers": answers},
        headers=await csrf_headers(tester),
    )


async def _submit(tester: AsyncClient, journey: dict[str, Any]):
    return await tester.post(
        f"/api/v1/participations/{journey['participation_id']}/submit",
        headers=await csrf_headers(tester),
    )


async def test_journey_is_in_the_testers_locale(client: AsyncClient, browsers) -> None:
    journey = await accepted_journey(client, browsers())

    use_case = journey["use_cases"][0]
    step = use_case["steps"][0]
    assert journey["locale"] == "fr-FR"
    assert use_case["title"] == "Payer une facture"
    assert step["instruction"] == "Ouvrez l'app"
    assert step["questions"][0]["text"] == "Où ?"
    assert [o["label"] for o in step["questions"][0]["options"]] == ["Accueil", "Menu"]
    assert journey["next_step_id"] == step["id"]


async def test_missing_translation_falls_back_to_the_default_locale(
    client: AsyncClient, browsers
) -> None:
    definition = small_definition()
    definition["use_cases"][0]["steps"][0]["instruction"] = {"en-GB": "Open the app"}

    journey = await accepted_journey(client, browsers(), definition)

    assert journey["use_cases"][0]["steps"][0]["instruction"] == "Open the app"


async def test_saving_a_step_twice_keeps_one_result_and_resumes(
    client: AsyncClient, browsers
) -> None:
    tester = browsers()
    journey = await accepted_journey(client, tester)

    first = await _save_step(tester, journey, {"status": "blocked", "answers": {"found": "home"}})
    second = await _save_step(
        tester, journey, {"status": "completed", "seconds_spent": 42, "answers": {"found": "menu"}}
    )
    again = browsers()
    await login(again, "tess@example.org")
    resumed = (await again.get(f"/api/v1/participations/{journey['participation_id']}")).json()

    assert first.status_code == 200
    assert second.status_code == 200
    assert await StepResult.count() == 1
    assert await Answer.count() == 1
    step = resumed["use_cases"][0]["steps"][0]
    assert (step["status"], step["seconds_spent"]) == ("completed", 42)
    assert step["questions"][0]["answer"] == "menu"
    assert resumed["state"] == "in_progress"
    assert resumed["next_step_id"] is None


@pytest.mark.parametrize(
    ("where", "answers", "reason"),
    [
        ("journey", {"ease": 6}, "ease: 6 is outside 1 to 5"),
        ("journey", {"ease": "five"}, "ease: expected a whole number from 1 to 5, got 'five'"),
        ("journey", {"ease": True}, "ease: expected a whole number from 1 to 5, got True"),
        ("step", {"found": "kitchen"}, "found: 'kitchen' is not one of the options offered"),
        ("step", {"nope": 1}, "nope: no such question here"),
        ("journey", {"found": "home"}, "found: no such question here"),
    ],
)
async def test_invalid_answers_are_422_naming_the_question(
    client: AsyncClient, browsers, where: str, answers: dict[str, Any], reason: str
) -> None:
    tester = browsers()
    journey = await accepted_journey(client, tester)

    if where == "step":
        response = await _save_step(tester, journey, {"status": "completed", "answers": answers})
    else:
        response = await _save_answers(tester, journey, answers)

    assert response.status_code == 422
    assert response.json()["detail"] == reason
    assert response.json()["extra"]["question"] == next(iter(answers))
    assert await Answer.count() == 0
    assert await StepResult.count() == 0


async def test_wrong_step_status_is_400(client: AsyncClient, browsers) -> None:
    tester = browsers()
    journey = await accepted_journey(client, tester)

    response = await _save_step(tester, journey, {"status": "done"})

    assert response.status_code == 400
    assert "status" in str(response.json()["extra"])


async def test_a_step_missing_a_required_answer_is_stored_but_not_done(
    client: AsyncClient, browsers
) -> None:
    tester = browsers()
    journey = await accepted_journey(client, tester)
    await _save_step(tester, journey, {"status": "completed", "answers": {"found": "home"}})

    cleared = await _save_step(tester, journey, {"status": "completed", "seconds_spent": 9})
    resumed = (await tester.get(f"/api/v1/participations/{journey['participation_id']}")).json()

    assert cleared.status_code == 200
    assert cleared.json()["counted"] is False
    assert cleared.json()["status"] is None
    assert [(m["question"], m["text"]) for m in cleared.json()["missing"]] == [("found", "Où ?")]
    assert await StepResult.count() == 0, "the step no longer counts as done"
    assert await Answer.count() == 0, "the answer the tester cleared is gone"
    assert resumed["use_cases"][0]["steps"][0]["status"] is None
    assert resumed["next_step_id"] == journey["use_cases"][0]["steps"][0]["id"]


async def test_submit_lists_missing_required_answers(client: AsyncClient, browsers) -> None:
    tester = browsers()
    journey = await accepted_journey(client, tester)
    unfinished = await _save_step(tester, journey, {"status": "completed"})

    nothing_done = await _submit(tester, journey)
    await _save_step(tester, journey, {"status": "completed", "answers": {"found": "home"}})
    refused = await _submit(tester, journey)
    await _save_answers(tester, journey, {"ease": 4})
    accepted = await _submit(tester, journey)
    late = await _save_answers(tester, journey, {"ease": 5})

    assert unfinished.json()["counted"] is False
    assert nothing_done.status_code == 422
    assert nothing_done.json()["detail"] == "Walk at least one step before submitting"
    assert refused.status_code == 422
    assert refused.json()["detail"] == (
        "Answer these required questions first: “Était-ce facile ?”"
    ), "named by their text in the tester's locale, not by their ids"
    assert [m["question"] for m in refused.json()["extra"]] == ["ease"]
    assert accepted.status_code == 200
    assert accepted.json()["state"] == "submitted"
    assert late.status_code == 409
    assert (await Answer.select(Answer.number).where(Answer.number.is_not_null()).first()) == {
        "number": 4
    }


async def test_blocked_step_needs_no_answers_to_submit(client: AsyncClient, browsers) -> None:
    tester = browsers()
    journey = await accepted_journey(client, tester)
    await _save_step(tester, journey, {"status": "blocked"})
    await _save_answers(tester, journey, {"ease": 1})

    assert (await _submit(tester, journey)).status_code == 200


async def test_another_testers_participation_is_404(client: AsyncClient, browsers) -> None:
    tester = browsers()
    journey = await accepted_journey(client, tester)
    intruder = browsers()
    await signed_up_tester(intruder, "eve@example.org", locale="de-DE", country="DE")

    reads = await intruder.get(f"/api/v1/participations/{journey['participation_id']}")
    saves = await _save_step(intruder, journey, {"status": "completed"})
    submits = await _submit(intruder, journey)

    assert [reads.status_code, saves.status_code, submits.status_code] == [404, 404, 404]
    assert await StepResult.count() == 0


async def test_invited_but_not_accepted_cannot_walk(client: AsyncClient, browsers) -> None:
    tester = browsers()
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    await signed_up_tester(tester, "tess@example.org")
    await launched_campaign(client)
    invitation = await only_invitation(tester)
    journey = (await tester.get(f"/api/v1/participations/{invitation['id']}")).json()

    response = await _save_step(tester, journey, {"status": "completed"})

    assert response.status_code == 409
    assert "only an accepted journey can be walked" in response.json()["detail"]


async def test_two_concurrent_saves_of_one_step_give_one_result(
    client: AsyncClient, browsers
) -> None:
    tester = browsers()
    journey = await accepted_journey(client, tester)
    statuses: list[int] = []

    async def save(status: str) -> None:
        statuses.append((await _save_step(tester, journey, {"status": status})).status_code)

    async with anyio.create_task_group() as group:
        group.start_soon(save, "skipped")
        group.start_soon(save, "blocked")

    assert statuses == [200, 200]
    assert await StepResult.count() == 1
    assert (await Participation.select(Participation.state).first())["state"] == "in_progress"


async def test_saves_arriving_together_are_each_applied_or_refused_alone(
    client: AsyncClient, browsers
) -> None:
    """Concurrent saves share one transaction; a refused one does not sink the others."""
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    walkers = [browsers(), browsers()]
    for number, tester in enumerate(walkers):
        await signed_up_tester(tester, f"walker{number}@example.org")
    # A third tester of the same locale, invited but never accepting: once the walkers fill
    # the quota, the invitation expires and the journey cannot be walked.
    idle = await signed_up_tester(browsers(), "idle@example.org")
    await launched_campaign(client)
    invitation = await only_invitation(idle)
    idle_journey = (await idle.get(f"/api/v1/participations/{invitation['id']}")).json()
    journeys = []
    for tester in walkers:
        invitation = await only_invitation(tester)
        assert (await answer_invitation(tester, invitation, "accept")).status_code == 200
        journeys.append((await tester.get(f"/api/v1/participations/{invitation['id']}")).json())
    journeys.append(idle_journey)
    statuses: dict[int, int] = {}

    async def save(index: int, tester: AsyncClient) -> None:
        body = {"status": "completed", "answers": {"found": ["home", "menu", "home"][index]}}
        statuses[index] = (await _save_step(tester, journeys[index], body)).status_code

    async with anyio.create_task_group() as group:
        for index, tester in enumerate([*walkers, idle]):
            group.start_soon(save, index, tester)

    assert statuses == {0: 200, 1: 200, 2: 409}
    stored = await StepResult.select(StepResult.participation).order_by(StepResult.participation)
    assert [row["participation"] for row in stored] == [
        journeys[0]["participation_id"],
        journeys[1]["participation_id"],
    ]
    answers = await Answer.select(Answer.participation, Answer.choices).order_by(
        Answer.participation
    )
    assert [(a["participation"], a["choices"]) for a in answers] == [
        (journeys[0]["participation_id"], '["home"]'),
        (journeys[1]["participation_id"], '["menu"]'),
    ]
