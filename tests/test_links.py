"""What is under test is one tap away: a link per use case or step, per locale, web addresses
only, with test credentials shown once the tester has accepted."""

from __future__ import annotations

import pytest
from httpx import AsyncClient

from tests.helpers import (
    answer_invitation,
    created_campaign,
    csrf_headers,
    launched_campaign,
    only_invitation,
    signed_up,
    signed_up_tester,
    small_definition,
)

pytestmark = pytest.mark.anyio


def _linked(url: object) -> dict:
    definition = small_definition()
    definition["use_cases"][0]["link"] = {
        "url": url,
        "label": {"en-GB": "Open the shop", "fr-FR": "Ouvrir la boutique"},
        "credentials": "user demo@shop.test / password Shop-2027",
    }
    return definition


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "file:///etc/passwd", "shop.example/fr", {"fr-FR": "ftp://x.test"}],
)
async def test_only_web_addresses_are_links(client: AsyncClient, url: object) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")

    response = await client.post(
        "/api/v1/campaigns", json=_linked(url), headers=await csrf_headers(client)
    )

    assert response.status_code == 422
    assert "is not a web address" in response.json()["detail"]
    assert "use_cases[0].link.url" in response.json()["detail"]


async def test_the_step_shows_the_link_and_credentials_once_accepted(
    client: AsyncClient, browsers
) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    tester = await signed_up_tester(browsers(), "tess@example.org")
    url = {"en-GB": "https://shop.example/uk", "fr-FR": "https://shop.example/fr"}
    await launched_campaign(client, _linked(url))
    invitation = await only_invitation(tester)
    path = f"/api/v1/participations/{invitation['id']}"

    before = (await tester.get(path)).json()["use_cases"][0]["steps"][0]["link"]
    await answer_invitation(tester, invitation, "accept")
    after = (await tester.get(path)).json()["use_cases"][0]["steps"][0]["link"]
    step = after and (await tester.get(f"/journeys/{invitation['id']}")).text

    assert before == {"url": "https://shop.example/fr", "label": "Ouvrir la boutique"}
    assert after["credentials"] == "user demo@shop.test / password Shop-2027"
    assert step is not None


async def test_links_survive_the_yaml_round_trip(client: AsyncClient) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    campaign = await created_campaign(client, _linked("https://shop.example/"))

    exported = await client.get(f"/api/v1/campaigns/{campaign['id']}/definition.yaml")
    again = await client.post(
        "/api/v1/campaigns/import",
        content=exported.text.replace("Pay by phone", "Pay by phone, wave 2"),
        headers=await csrf_headers(client),
    )

    assert "https://shop.example/" in exported.text
    assert again.status_code == 201, again.text
    assert again.json()["definition"]["use_cases"][0]["link"]["url"] == "https://shop.example/"
