"""Starting a campaign on the site: from a shipped template, as a copy of an earlier one,
empty, or from a file that may replace a draft of the same name, never by accident; and
every template comes back unchanged as the YAML a client downloads."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
import yaml
from httpx import AsyncClient

from backend.tables import Campaign
from campaigns.loading import load_definition
from campaigns.templates import template_definition, templates
from tests.helpers import form_token, launched_campaign, signed_up

pytestmark = pytest.mark.anyio


@pytest.fixture
async def client_of_acme(client: AsyncClient) -> AsyncClient:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    return client


async def _post(client: AsyncClient, path: str, **fields: Any) -> Any:
    token = await form_token(client, "/campaigns/new")
    return await client.post(path, data={"_csrf_token": token, **fields})


async def _definition(client: AsyncClient, campaign_id: int) -> dict[str, Any]:
    response = await client.get(f"/api/v1/campaigns/{campaign_id}/definition.yaml")
    assert response.status_code == 200
    return yaml.safe_load(response.text)


def _id_of(response: Any) -> int:
    assert response.status_code in (302, 303), response.text
    return int(response.headers["location"].split("/")[2])


async def test_the_start_page_lists_every_template_by_name_and_purpose(
    client_of_acme: AsyncClient,
) -> None:
    page = await client_of_acme.get("/campaigns/new")

    assert page.status_code == 200
    assert len(templates()) == 3
    for template in templates():
        assert template.name in page.text
        assert template.purpose[:60] in page.text
    assert "campaigns/examples" not in page.text, "no path the client cannot reach"


@pytest.mark.parametrize("key", ["payments", "retail", "telecom"])
async def test_every_template_round_trips_through_the_yaml_download(
    client_of_acme: AsyncClient, key: str
) -> None:
    made = _id_of(await _post(client_of_acme, "/campaigns/new/template", template=key))
    downloaded = await client_of_acme.get(f"/api/v1/campaigns/{made}/definition.yaml")

    again = load_definition(downloaded.text, "yaml", "downloaded.yaml")

    assert msgspec.to_builtins(again) == msgspec.to_builtins(template_definition(key))


async def test_a_template_used_twice_makes_a_second_name(client_of_acme: AsyncClient) -> None:
    first = _id_of(await _post(client_of_acme, "/campaigns/new/template", template="retail"))
    second = _id_of(await _post(client_of_acme, "/campaigns/new/template", template="retail"))
    unknown = await _post(client_of_acme, "/campaigns/new/template", template="../secrets")

    names = [(await _definition(client_of_acme, i))["name"] for i in (first, second)]
    assert names == [
        "Northwind Shoes — from ad to return",
        "Northwind Shoes — from ad to return (2)",
    ]
    assert unknown.status_code == 404
    assert await Campaign.count() == 2


async def test_a_copy_is_the_next_wave_without_dates_and_only_of_ones_own(
    client_of_acme: AsyncClient, browsers
) -> None:
    original = await launched_campaign(client_of_acme)
    rival = browsers()
    await signed_up(rival, "cfo@rival.test", role="client", organization="Rival")

    copy = _id_of(await _post(client_of_acme, "/campaigns/new/copy", campaign=str(original)))
    stolen = await _post(rival, "/campaigns/new/copy", campaign=str(original))
    unchosen = await _post(client_of_acme, "/campaigns/new/copy", campaign="")

    copied = await _definition(client_of_acme, copy)
    source = await _definition(client_of_acme, original)
    assert copied["name"] == f"{source['name']} (2)"
    assert copied.get("starts_on") is None
    assert copied["use_cases"] == source["use_cases"]
    assert (await client_of_acme.get(f"/api/v1/campaigns/{copy}")).json()["status"] == "draft"
    assert stolen.status_code == 404
    assert unchosen.status_code == 400
    assert "Choose the campaign to copy" in unchosen.text


async def test_an_empty_start_needs_a_name_and_a_real_locale(client_of_acme: AsyncClient) -> None:
    made = _id_of(
        await _post(client_of_acme, "/campaigns/new/empty", name="Spring study", locale="fr-FR")
    )
    bad_locale = await _post(
        client_of_acme, "/campaigns/new/empty", name="Autumn study", locale="xx-Nowhere"
    )
    no_name = await _post(client_of_acme, "/campaigns/new/empty", name=" ", locale="fr-FR")

    definition = await _definition(client_of_acme, made)
    assert (definition["name"], definition["default_locale"]) == ("Spring study", "fr-FR")
    assert definition["target"]["locales"] == [{"locale": "fr-FR", "quota": 10}]
    assert bad_locale.status_code == 422
    assert 'value="Autumn study"' in bad_locale.text, "what was typed stays"
    assert no_name.status_code == 422
    assert await Campaign.count() == 1


async def _upload(client: AsyncClient, text: str, name: str = "study.yaml") -> Any:
    token = await form_token(client, "/campaigns/new")
    return await client.post(
        "/campaigns/new",
        data={"_csrf_token": token},
        files={"file": (name, text.encode(), "application/yaml")},
    )


def _file(quota: int) -> str:
    definition = msgspec.to_builtins(template_definition("retail"))
    definition["target"]["locales"][0]["quota"] = quota
    return yaml.safe_dump(definition, allow_unicode=True, sort_keys=False)


async def test_an_upload_with_a_drafts_name_asks_before_replacing(
    client_of_acme: AsyncClient,
) -> None:
    first = _id_of(await _upload(client_of_acme, _file(10)))

    asked = await _upload(client_of_acme, _file(25))
    count_while_asking = await Campaign.count()
    token = await form_token(client_of_acme, "/campaigns/new")
    form = {
        "_csrf_token": token,
        "draft": str(first),
        "filename": "study.yaml",
        "text": _file(25),
    }
    replaced = await client_of_acme.post(
        "/campaigns/new/replace", data={**form, "choice": "replace"}
    )
    kept = await client_of_acme.post("/campaigns/new/replace", data={**form, "choice": "both"})

    assert asked.status_code == 200
    assert "already exists" in asked.text
    assert count_while_asking == 1, "nothing stored before the client chose"
    assert _id_of(replaced) == first
    assert (await _definition(client_of_acme, first))["target"]["locales"][0]["quota"] == 25
    second = _id_of(kept)
    assert (await _definition(client_of_acme, second))["name"].endswith(" (2)")
    assert await Campaign.count() == 2


async def test_a_launched_campaign_is_never_replaced(client_of_acme: AsyncClient) -> None:
    launched = await launched_campaign(client_of_acme)
    token = await form_token(client_of_acme, "/campaigns/new")

    refused = await client_of_acme.post(
        "/campaigns/new/replace",
        data={
            "_csrf_token": token,
            "draft": str(launched),
            "filename": "study.yaml",
            "text": _file(25),
            "choice": "replace",
        },
        follow_redirects=True,
    )

    assert "no longer a draft" in refused.text
    assert (await client_of_acme.get(f"/api/v1/campaigns/{launched}")).json()[
        "status"
    ] == "recruiting"
    assert await Campaign.count() == 1
