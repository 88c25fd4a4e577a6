"""Nothing a tester types is lost: a refused form comes back as it was left, a submitted
journey is read, not edited, and required questions say so before anyone submits."""

from __future__ import annotations

import copy
import re

import pytest
from httpx import AsyncClient

from backend.tables import Answer, StepResult
from tests.helpers import accepted_journey, csrf_headers, form_token, signed_up, small_definition

pytestmark = pytest.mark.anyio


def _with_multi_choice() -> dict:
    definition = small_definition()
    step = definition["use_cases"][0]["steps"][0]
    step["questions"].append(
        {
            "id": "channels",
            "kind": "multi_choice",
            "text": {"en-GB": "Which did you use?", "fr-FR": "Lesquels ?"},
            "max_picks": 2,
            "required": False,
            "options": [
                {"id": opt, "label": {"en-GB": opt.title(), "fr-FR": opt.title()}}
                for opt in ("app", "web", "phone", "shop")
            ],
        }
    )
    return copy.deepcopy(definition)


async def _step_path(client: AsyncClient, tester: AsyncClient, definition: dict) -> str:
    journey = await accepted_journey(client, tester, definition)
    return (
        f"/journeys/{journey['participation_id']}/steps/{journey['use_cases'][0]['steps'][0]['id']}"
    )


async def test_a_refused_upload_keeps_every_field(client: AsyncClient, browsers) -> None:
    tester = browsers()
    step = await _step_path(client, tester, small_definition())
    typed = {
        "title": "Le bouton payer ne répond pas",
        "kind": "payment",
        "severity": "critical",
        "emotion": "-2",
        "description": "Rien ne se passe après trois appuis.",
        "steps_to_reproduce": "1. Panier 2. Payer",
        "expected_result": "La page de paiement",
        "actual_result": "Rien",
    }

    refused = await tester.post(
        f"{step}/finding",
        data={**typed, "_csrf_token": await form_token(tester, f"{step}/finding")},
        files=[("screenshots", ("notes.png", b"just some text, not a picture", "image/png"))],
    )

    assert refused.status_code == 415
    page = refused.text
    assert 'value="Le bouton payer ne répond pas"' in page
    assert re.search(r'value="payment"\s+selected', page)
    assert re.search(r'value="critical"\s+required\s+checked', page)
    assert re.search(r'value="-2"\s+checked', page)
    for field in ("description", "steps_to_reproduce", "expected_result", "actual_result"):
        assert f">{typed[field]}</textarea>" in page, field


async def test_a_refused_step_keeps_its_ticks(client: AsyncClient, browsers) -> None:
    tester = browsers()
    step = await _step_path(client, tester, _with_multi_choice())

    refused = await tester.post(
        step,
        data={
            "_csrf_token": await form_token(tester, step),
            "status": "blocked",
            "q.found": "menu",
            "q.channels": ["app", "web", "phone"],
        },
    )

    assert refused.status_code == 422
    for option in ("app", "web", "phone"):
        assert re.search(rf'value="{option}"\s+checked', refused.text), option
    assert re.search(r'value="menu"\s+checked', refused.text)
    assert re.search(r'value="blocked"\s+checked', refused.text)


async def test_done_without_a_required_answer_keeps_the_answers_and_says_what_is_missing(
    client: AsyncClient, browsers
) -> None:
    tester = browsers()
    tester.headers["accept-language"] = "fr"
    step = await _step_path(client, tester, _with_multi_choice())
    token = await form_token(tester, step)

    unfinished = await tester.post(
        step,
        data={"_csrf_token": token, "status": "completed", "q.channels": ["app", "web"]},
    )
    overview = await tester.get(step.rsplit("/steps/", 1)[0])

    assert unfinished.status_code == 200, "stored, so not refused"
    assert "Pour que l'étape compte comme faite, répondez à : « Où ? »" in unfinished.text
    assert re.search(r'id="q-found-error">Répondez ici', unfinished.text), "marked at the field"
    assert re.search(r'value="completed"[^>]*checked', unfinished.text)
    for option in ("app", "web"):
        assert re.search(rf'value="{option}"\s+checked', unfinished.text), option
    assert await Answer.count() == 1
    assert await StepResult.count() == 0
    assert "0 / 1" in overview.text or "0/1" in overview.text or "0 sur 1" in overview.text


async def test_a_refused_submission_marks_each_missing_question(
    client: AsyncClient, browsers
) -> None:
    tester = browsers()
    tester.headers["accept-language"] = "fr"
    step = await _step_path(client, tester, small_definition())
    await tester.post(
        step,
        data={
            "_csrf_token": await form_token(tester, step),
            "status": "completed",
            "q.found": "menu",
        },
    )
    end = step.rsplit("/steps/", 1)[0] + "/end"

    refused = await tester.post(end, data={"_csrf_token": await form_token(tester, end)})

    assert refused.status_code == 422
    assert re.search(r'id="q-ease-error">Cette question attend une réponse', refused.text)


async def test_required_questions_are_marked_on_the_step(client: AsyncClient, browsers) -> None:
    tester = browsers()
    step = await _step_path(client, tester, _with_multi_choice())

    page = (await tester.get(step, headers={"accept-language": "en"})).text

    found = page[page.index("Où ?") : page.index("Lesquels ?")]
    assert 'class="required"' in found
    assert 'class="required"' not in page[page.index("Lesquels ?") :].split("</fieldset>")[0]


async def test_a_submitted_journey_is_read_only(client: AsyncClient, browsers) -> None:
    tester = browsers()
    journey = await accepted_journey(client, tester)
    pid = journey["participation_id"]
    step_id = journey["use_cases"][0]["steps"][0]["id"]
    headers = await csrf_headers(tester)
    await tester.put(
        f"/api/v1/participations/{pid}/steps/{step_id}",
        json={"status": "completed", "answers": {"found": "menu"}},
        headers=headers,
    )
    await tester.put(
        f"/api/v1/participations/{pid}/answers", json={"answers": {"ease": 4}}, headers=headers
    )
    assert (await tester.post(f"/api/v1/participations/{pid}/submit", headers=headers)).is_success

    step = await tester.get(f"/journeys/{pid}/steps/{step_id}")
    end = await tester.get(f"/journeys/{pid}/end")

    assert step.status_code == 200
    assert 'id="step-form"' not in step.text
    assert "/finding" not in step.text
    assert "Menu" in step.text, "the answer is shown"
    assert '<form method="post" action="/journeys' not in end.text


async def test_a_wrong_locale_is_explained_in_words_next_to_the_field(
    client: AsyncClient,
) -> None:
    await signed_up(client, "tess@example.org")
    token = await form_token(client, "/profile")

    refused = await client.post(
        "/profile",
        data={
            "_csrf_token": token,
            "country": "FR",
            "locale": "french",
            "device_kind": "phone",
            "device_os": "Android",
            "consent": "yes",
        },
        headers={"accept-language": "en"},
    )

    assert refused.status_code == 400
    assert '<p class="error" id="locale-error">Choose your language and country from the list' in (
        refused.text
    )
    assert "regex" not in refused.text
    assert "expected" not in refused.text
    assert re.search(r'value="FR"\s+selected', refused.text), "the rest is kept"


async def test_a_blocked_step_keeps_what_blocked_the_tester(client: AsyncClient, browsers) -> None:
    tester = browsers()
    journey = await accepted_journey(client, tester)
    pid = journey["participation_id"]
    step = f"/journeys/{pid}/steps/{journey['use_cases'][0]['steps'][0]['id']}"

    saved = await tester.post(
        step,
        data={
            "_csrf_token": await form_token(tester, step),
            "status": "blocked",
            "note": "The payment page never loaded on 4G",
        },
    )
    read = (await tester.get(f"/api/v1/participations/{pid}")).json()
    exported = (await tester.get("/api/v1/me/export")).json()

    assert saved.status_code in (302, 303)
    assert read["use_cases"][0]["steps"][0]["note"] == "The payment page never loaded on 4G"
    assert exported["step_results"][0]["note"] == "The payment page never loaded on 4G"
    assert "The payment page never loaded on 4G</textarea>" in (await tester.get(step)).text
