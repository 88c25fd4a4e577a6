"""A tester's whole journey through the HTML forms alone, as on a phone without JavaScript."""

from __future__ import annotations

import io
import re

import pytest
from httpx import AsyncClient, Response
from PIL import Image

from backend import tables
from backend.tables import Answer, Finding, Participation, StepResult
from tests.helpers import form_token, launched_campaign, signed_up

pytestmark = pytest.mark.anyio


PROFILE = {
    "country": "fr",
    "locale": "fr-FR",
    "languages": "fr, en",
    "age_band": "25-34",
    "device_kind": "phone",
    "device_os": "Android",
    "consent": "yes",
}


async def test_profile_form_saves_and_explains_mistakes(client: AsyncClient) -> None:
    await signed_up(client, "tess@example.org")
    home = await client.get("/")
    token = await form_token(client, "/profile")

    wrong = await client.post("/profile", data={**PROFILE, "country": "XX", "_csrf_token": token})
    saved = await client.post(
        "/profile", data={**PROFILE, "_csrf_token": token}, follow_redirects=True
    )

    assert "Complete your profile" in home.text
    assert wrong.status_code == 422
    assert "&#39;XX&#39; is not an ISO 3166 country code" in wrong.text
    assert "Profil enregistré" in saved.text, "the fr-FR profile makes the interface French"
    assert (await tables.TesterProfile.select(tables.TesterProfile.country).first())[
        "country"
    ] == "FR"


async def _invited(client: AsyncClient, browsers) -> tuple[AsyncClient, Response]:
    """A tester who set its profile through the form and was invited; with its home page."""
    tester = browsers()
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    await signed_up(tester, "tess@example.org")
    await tester.post(
        "/profile", data={**PROFILE, "_csrf_token": await form_token(tester, "/profile")}
    )
    await launched_campaign(client)
    return tester, await tester.get("/")


async def test_walk_a_journey_with_forms_only(client: AsyncClient, browsers) -> None:
    tester, home = await _invited(client, browsers)
    accept_path = re.search(r'action="(/invitations/\d+/accept)"', home.text).group(1)

    overview = await tester.post(
        accept_path, data={"_csrf_token": await form_token(tester, "/")}, follow_redirects=True
    )
    step_path = re.search(r'href="(/journeys/\d+/steps/\d+)">Commencer', overview.text).group(1)
    step = await tester.get(step_path)
    wrong = await tester.post(
        step_path,
        data={
            "_csrf_token": await form_token(tester, step_path),
            "status": "completed",
            "q.found": "attic",
        },
    )
    shot = io.BytesIO()
    Image.new("RGB", (100, 160), (0, 90, 200)).save(shot, "PNG")
    reported = await tester.post(
        f"{step_path}/finding",
        data={
            "_csrf_token": await form_token(tester, f"{step_path}/finding"),
            "title": "Menu hidden",
            "kind": "usability",
            "severity": "major",
        },
        files=[("screenshots", ("s.png", shot.getvalue(), "image/png"))],
        follow_redirects=True,
    )
    end = await tester.post(
        step_path,
        data={
            "_csrf_token": await form_token(tester, step_path),
            "status": "completed",
            "q.found": "menu",
        },
        follow_redirects=True,
    )
    refused = await tester.post(
        end.url.path, data={"_csrf_token": await form_token(tester, end.url.path)}
    )
    submitted = await tester.post(
        end.url.path,
        data={"_csrf_token": await form_token(tester, end.url.path), "q.ease": "4"},
        follow_redirects=True,
    )

    assert "<h1>Ouvrez l&#39;app</h1>" in step.text
    assert 'name="q.found" value="home"' in step.text
    assert wrong.status_code == 422
    assert "Vérifiez la réponse signalée ci-dessous." in wrong.text
    assert re.search(
        r'id="q-found-error">&#39;attic&#39; ne fait pas partie des options proposées<', wrong.text
    ), "the reason sits next to the question, in the tester's language"
    assert "Problème signalé" in reported.text
    assert await Finding.count() == 1
    assert "<h1>Dernières questions</h1>" in end.text
    assert refused.status_code == 422
    assert "obligatoires : “Était-ce facile ?”" in refused.text, "named by its text"
    assert "Envoyé, merci" in submitted.text
    assert await StepResult.count() == 1
    assert await Answer.count() == 2
    assert (await Participation.select(Participation.state).first())["state"] == "submitted"


async def test_decline_from_the_home_page(client: AsyncClient, browsers) -> None:
    tester, home = await _invited(client, browsers)
    decline_path = re.search(r'action="(/invitations/\d+/decline)"', home.text).group(1)

    after = await tester.post(
        decline_path, data={"_csrf_token": await form_token(tester, "/")}, follow_redirects=True
    )

    assert 'badge-declined">Refusée' in after.text
