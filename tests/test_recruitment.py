"""Tester profiles with consent, invitations on launch, quotas per locale."""

from __future__ import annotations

from typing import Any

import anyio
import pytest
from httpx import AsyncClient

from backend import tables
from backend.tables import Participation
from campaigns.profiles import CONSENT_VERSION
from tests.helpers import created_campaign, csrf_headers, signed_up, small_definition

pytestmark = pytest.mark.anyio

PHONE = {"kind": "phone", "os": "Android", "os_version": "15", "browser": "Chrome"}


def _profile(**changes: Any) -> dict[str, Any]:
    profile = {
        "country": "FR",
        "locale": "fr-FR",
        "languages": ["fr", "en"],
        "devices": [PHONE],
        "age_band": "25-34",
        "consent_version": CONSENT_VERSION,
    }
    return {**profile, **changes}


async def _put_profile(client: AsyncClient, profile: dict[str, Any]):
    return await client.put("/api/v1/me/profile", json=profile, headers=await csrf_headers(client))


async def _tester(app_client: AsyncClient, email: str, **changes: Any) -> AsyncClient:
    """Sign up a tester in a fresh browser of the same app and give it a profile."""
    await signed_up(app_client, email)
    response = await _put_profile(app_client, _profile(**changes))
    assert response.status_code == 200, response.text
    return app_client


async def _launch(client: AsyncClient, definition: dict[str, Any] | None = None) -> int:
    campaign = await created_campaign(client, definition)
    response = await client.post(
        f"/api/v1/campaigns/{campaign['id']}/launch", headers=await csrf_headers(client)
    )
    assert response.status_code == 200, response.text
    return campaign["id"]


async def _invitation(client: AsyncClient) -> dict[str, Any]:
    invitations = (await client.get("/api/v1/me/invitations")).json()
    assert len(invitations) == 1, invitations
    return invitations[0]


async def _answer(client: AsyncClient, invitation: dict[str, Any], verb: str):
    return await client.post(
        f"/api/v1/invitations/{invitation['id']}/{verb}", headers=await csrf_headers(client)
    )


async def test_profile_with_consent_is_stored(client: AsyncClient) -> None:
    await signed_up(client, "tess@example.org")

    stored = await _put_profile(client, _profile())
    read = await client.get("/api/v1/me/profile")

    assert stored.status_code == 200
    assert read.json()["devices"][0]["os"] == "Android"
    assert read.json()["consent_version"] == CONSENT_VERSION
    assert read.json()["consented_at"] is not None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"country": "XX"}, "country: 'XX' is not an ISO 3166 country code"),
        ({"locale": "fr-XX"}, "locale: 'XX' is not an ISO 3166 country code"),
        ({"locale": "zz-FR"}, "locale: 'zz' is not a known language code"),
        ({"languages": ["fr", "qq"]}, "languages[1]: 'qq' is not a known language code"),
        ({"devices": []}, "devices: add at least one device you can test on"),
        ({"consent_version": "2019-01"}, "consent must be given to the current terms"),
    ],
)
async def test_invalid_profile_is_422_and_not_stored(
    client: AsyncClient, changes: dict[str, Any], message: str
) -> None:
    await signed_up(client, "tess@example.org")

    response = await _put_profile(client, _profile(**changes))

    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert await tables.TesterProfile.count() == 0


async def test_profile_of_wrong_shape_is_400(client: AsyncClient) -> None:
    await signed_up(client, "tess@example.org")

    response = await _put_profile(client, _profile(devices=[{"kind": "fridge", "os": "x"}]))

    assert response.status_code == 400
    assert "devices" in str(response.json()["extra"])


async def test_only_testers_have_profiles(client: AsyncClient) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")

    assert (await _put_profile(client, _profile())).status_code == 403


async def test_launch_invites_only_matching_consenting_testers(
    client: AsyncClient, browsers
) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    fits = [await _tester(browsers(), f"fr{n}@example.org") for n in range(2)]
    wrong_locale = await _tester(browsers(), "de@example.org", locale="de-DE", country="DE")
    wrong_device = await _tester(
        browsers(), "tv@example.org", devices=[{"kind": "tv", "os": "Tizen"}]
    )
    wrong_country = await _tester(browsers(), "be@example.org", country="BE")
    no_consent = await _tester(browsers(), "nc@example.org", consent_version=None)

    campaign_id = await _launch(client)

    for tester in fits:
        assert (await _invitation(tester))["campaign_id"] == campaign_id
    for tester in (wrong_locale, wrong_device, wrong_country, no_consent):
        assert (await tester.get("/api/v1/me/invitations")).json() == []
    progress = (await client.get(f"/api/v1/campaigns/{campaign_id}/progress")).json()
    fr = next(entry for entry in progress["locales"] if entry["locale"] == "fr-FR")
    assert fr["counts"]["invited"] == 2


async def test_third_accept_on_a_quota_of_two_is_409(client: AsyncClient, browsers) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    testers = [await _tester(browsers(), f"fr{n}@example.org") for n in range(3)]
    campaign_id = await _launch(client)
    invitations = [await _invitation(tester) for tester in testers]

    first = await _answer(testers[0], invitations[0], "accept")
    second = await _answer(testers[1], invitations[1], "accept")
    third = await _answer(testers[2], invitations[2], "accept")

    assert first.status_code == 200
    assert second.status_code == 200
    assert third.status_code == 409
    assert "All 2 places for fr-FR in this campaign are taken" in third.json()["detail"]
    assert (await _invitation(testers[2]))["state"] == "expired"
    progress = (await client.get(f"/api/v1/campaigns/{campaign_id}/progress")).json()
    fr = next(entry for entry in progress["locales"] if entry["locale"] == "fr-FR")
    assert fr["filled"] == 2


async def test_decline_frees_the_place_for_the_next_match(client: AsyncClient, browsers) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    definition = small_definition()
    definition["target"]["locales"] = [{"locale": "fr-FR", "quota": 1}]
    testers = [await _tester(browsers(), f"fr{n}@example.org") for n in range(3)]
    await _launch(client, definition)
    assert (await testers[2].get("/api/v1/me/invitations")).json() == [], "quota 1 invites 2"

    declined = await _answer(testers[0], await _invitation(testers[0]), "decline")

    assert declined.json()[0]["state"] == "declined"
    assert (await _invitation(testers[2]))["state"] == "invited"


async def test_answering_twice_is_409(client: AsyncClient, browsers) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    tester = await _tester(browsers(), "fr@example.org")
    await _launch(client)
    invitation = await _invitation(tester)
    await _answer(tester, invitation, "accept")

    again = await _answer(tester, invitation, "decline")

    assert again.status_code == 409
    assert again.json()["detail"] == "This invitation is already accepted"


async def test_another_testers_invitation_is_404(client: AsyncClient, browsers) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    invited = await _tester(browsers(), "fr@example.org")
    intruder = await _tester(browsers(), "de@example.org", locale="de-DE", country="DE")
    await _launch(client)
    invitation = await _invitation(invited)

    response = await _answer(intruder, invitation, "accept")

    assert response.status_code == 404
    assert await Participation.count().where(Participation.state == "accepted") == 0


async def test_closed_campaign_cannot_be_joined(client: AsyncClient, browsers) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    tester = await _tester(browsers(), "fr@example.org")
    campaign_id = await _launch(client)
    await client.post(f"/api/v1/campaigns/{campaign_id}/close", headers=await csrf_headers(client))

    response = await _answer(tester, await _invitation(tester), "accept")

    assert response.status_code == 409
    assert response.json()["detail"] == "This campaign is closed"


async def test_two_racing_accepts_for_the_last_place_fill_it_once(
    client: AsyncClient, browsers
) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    definition = small_definition()
    definition["target"]["locales"] = [{"locale": "fr-FR", "quota": 1}]
    testers = [await _tester(browsers(), f"fr{n}@example.org") for n in range(2)]
    await _launch(client, definition)
    invitations = [await _invitation(tester) for tester in testers]
    statuses: list[int] = []

    async def accept(n: int) -> None:
        statuses.append((await _answer(testers[n], invitations[n], "accept")).status_code)

    async with anyio.create_task_group() as group:
        group.start_soon(accept, 0)
        group.start_soon(accept, 1)

    assert sorted(statuses) == [200, 409]
    assert await Participation.count().where(Participation.state == "accepted") == 1
