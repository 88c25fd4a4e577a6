"""Campaign authoring over HTTP: create, import, read, edit, lifecycle, access, round trip."""

from __future__ import annotations

import copy

import pytest
import yaml
from httpx import AsyncClient

from backend.tables import Campaign, Participation, Question, Step, UseCase, User
from tests.helpers import created_campaign, csrf_headers, signed_up, small_definition

pytestmark = pytest.mark.anyio

CAMPAIGNS = "/api/v1/campaigns"


@pytest.fixture
async def acme(client: AsyncClient) -> AsyncClient:
    """The client fixture, signed in as a client of Acme Bank."""
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme Bank")
    return client


async def _send(client: AsyncClient, method: str, path: str, **kwargs: object):
    return await client.request(method, path, headers=await csrf_headers(client), **kwargs)


async def test_client_creates_a_draft_from_json(acme: AsyncClient) -> None:
    campaign = await created_campaign(acme)

    assert campaign["status"] == "draft"
    assert campaign["definition"]["use_cases"][0]["steps"][0]["stage"] == "awareness"
    assert campaign["warnings"] == []
    assert await UseCase.count() == 1
    assert await Step.count() == 1
    assert await Question.count() == 2
    listed = (await acme.get(CAMPAIGNS)).json()
    assert [c["id"] for c in listed] == [campaign["id"]]


async def test_import_yaml_and_toml(acme: AsyncClient) -> None:
    text = yaml.safe_dump(small_definition(), allow_unicode=True)
    toml = """\
name = "Refunds"
default_locale = "en-GB"
[target]
locales = [{ locale = "en-GB", quota = 3 }]
[[use_cases]]
id = "refund"
title = "Ask for a refund"
[[use_cases.steps]]
id = "ask"
stage = "post_purchase"
touchpoint = "chat"
instruction = "Ask the chat bot for a refund"
"""
    from_yaml = await acme.post(
        f"{CAMPAIGNS}/import",
        content=text.encode(),
        headers={**await csrf_headers(acme), "content-type": "application/yaml"},
    )
    from_toml = await acme.post(
        f"{CAMPAIGNS}/import?format=toml",
        content=toml.encode(),
        headers=await csrf_headers(acme),
    )

    assert from_yaml.status_code == 201, from_yaml.text
    assert from_toml.status_code == 201, from_toml.text
    assert from_toml.json()["definition"]["use_cases"][0]["steps"][0]["stage"] == "post_purchase"


async def test_broken_import_lists_problems_with_lines_and_stores_nothing(
    acme: AsyncClient,
) -> None:
    text = yaml.safe_dump(small_definition(), sort_keys=False).replace("awareness", "purchace")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "purchace" in row)

    response = await acme.post(
        f"{CAMPAIGNS}/import",
        content=text.encode(),
        headers={**await csrf_headers(acme), "content-type": "application/yaml"},
    )

    assert response.status_code == 422
    assert response.json()["extra"] == [
        {
            "path": "use_cases[0].steps[0].stage",
            "message": "'purchace' is not one of awareness, consideration, decision, purchase, "
            "post_purchase, loyalty",
            "line": line,
        }
    ]
    assert "line" in response.json()["detail"]
    assert await Campaign.count() == 0


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b'{"name": "x", ', "not valid JSON"),
        (b'{"name": 5}', "name: expected `str`, got `int`"),
        (b"[1, 2]", "expected `object`, got `array`"),
    ],
)
async def test_bad_json_definitions_are_422(acme: AsyncClient, body: bytes, detail: str) -> None:
    response = await acme.post(
        CAMPAIGNS,
        content=body,
        headers={**await csrf_headers(acme), "content-type": "application/json"},
    )

    assert response.status_code == 422
    assert detail in response.json()["detail"]
    assert await Campaign.count() == 0


async def test_non_utf8_import_is_refused(acme: AsyncClient) -> None:
    response = await acme.post(
        f"{CAMPAIGNS}/import",
        content="name: Café".encode("latin-1"),
        headers=await csrf_headers(acme),
    )

    assert response.status_code == 400
    assert "UTF-8" in response.json()["detail"]


async def test_other_organization_gets_404_everywhere(
    acme: AsyncClient, other_client: AsyncClient
) -> None:
    campaign = await created_campaign(acme)
    await signed_up(other_client, "ceo@rival.test", role="client", organization="Rival")
    base = f"{CAMPAIGNS}/{campaign['id']}"

    attempts = [
        await other_client.get(base),
        await other_client.get(f"{base}/definition.yaml"),
        await other_client.get(f"{base}/progress"),
        await _send(other_client, "PATCH", base, json={"name": "Hijacked"}),
        await _send(other_client, "DELETE", base),
        await _send(other_client, "POST", f"{base}/launch"),
    ]

    assert [response.status_code for response in attempts] == [404] * 6
    assert (await other_client.get(CAMPAIGNS)).json() == []
    stored = await Campaign.select(Campaign.name, Campaign.status).first()
    assert stored == {"name": "Pay by phone", "status": "draft"}


async def test_tester_cannot_create_or_list_campaigns(client: AsyncClient) -> None:
    await signed_up(client, "tess@example.org")

    created = await _send(client, "POST", CAMPAIGNS, json=small_definition())
    listed = await client.get(CAMPAIGNS)

    assert created.status_code == 403
    assert listed.status_code == 403
    assert await Campaign.count() == 0


async def test_anonymous_gets_401(client: AsyncClient) -> None:
    assert (await client.get(CAMPAIGNS)).status_code == 401


async def test_manager_sees_every_organizations_campaigns(
    acme: AsyncClient, other_client: AsyncClient
) -> None:
    campaign = await created_campaign(acme)
    me = await signed_up(other_client, "pm@parcours.test")
    await User.update({User.role: "manager"}).where(User.id == me["id"])

    listed = await other_client.get(CAMPAIGNS)
    launched = await _send(other_client, "POST", f"{CAMPAIGNS}/{campaign['id']}/launch")

    assert [c["id"] for c in listed.json()] == [campaign["id"]]
    assert launched.status_code == 200


async def test_lifecycle_launch_then_close(acme: AsyncClient) -> None:
    base = f"{CAMPAIGNS}/{(await created_campaign(acme))['id']}"

    launched = await _send(acme, "POST", f"{base}/launch")
    again = await _send(acme, "POST", f"{base}/launch")
    closed = await _send(acme, "POST", f"{base}/close")
    closed_again = await _send(acme, "POST", f"{base}/close")

    assert launched.json()["status"] == "recruiting"
    assert launched.json()["launched_at"] is not None
    assert again.status_code == 409
    assert again.json()["detail"] == "Cannot launch a recruiting campaign; only a draft one"
    assert closed.json()["status"] == "closed"
    assert closed_again.status_code == 409


async def test_draft_accepts_any_change(acme: AsyncClient) -> None:
    base = f"{CAMPAIGNS}/{(await created_campaign(acme))['id']}"
    use_cases = copy.deepcopy(small_definition()["use_cases"])
    use_cases[0]["steps"][0]["stage"] = "decision"

    response = await _send(acme, "PATCH", base, json={"use_cases": use_cases, "product": "App"})

    assert response.status_code == 200
    assert response.json()["definition"]["product"] == "App"
    assert await Step.select(Step.stage).first() == {"stage": "decision"}


async def test_launched_campaign_keeps_its_structure_but_fixes_typos(acme: AsyncClient) -> None:
    base = f"{CAMPAIGNS}/{(await created_campaign(acme))['id']}"
    await _send(acme, "POST", f"{base}/launch")
    restructured = copy.deepcopy(small_definition()["use_cases"])
    restructured[0]["steps"][0]["stage"] = "decision"
    reworded = copy.deepcopy(small_definition()["use_cases"])
    reworded[0]["steps"][0]["instruction"]["en-GB"] = "Open the banking app"

    refused = await _send(acme, "PATCH", base, json={"use_cases": restructured})
    fixed = await _send(acme, "PATCH", base, json={"use_cases": reworded})

    assert refused.status_code == 409
    assert "use_cases[0].steps[0].stage" in refused.json()["detail"]
    assert "only wording can be corrected" in refused.json()["detail"]
    assert fixed.status_code == 200
    stored = await Step.select(Step.instruction, Step.stage).output(load_json=True).first()
    assert stored["instruction"]["en-GB"] == "Open the banking app"
    assert stored["stage"] == "awareness"


async def test_invalid_patch_is_422_and_changes_nothing(acme: AsyncClient) -> None:
    base = f"{CAMPAIGNS}/{(await created_campaign(acme))['id']}"

    response = await _send(acme, "PATCH", base, json={"target": {"locales": []}})

    assert response.status_code == 422
    assert "at least one target locale" in response.json()["detail"]
    assert (await acme.get(f"{base}/progress")).json()["locales"][0]["locale"] == "en-GB"


async def test_only_drafts_can_be_deleted(acme: AsyncClient) -> None:
    draft = await created_campaign(acme)
    launched = await created_campaign(acme)
    await _send(acme, "POST", f"{CAMPAIGNS}/{launched['id']}/launch")

    deleted = await _send(acme, "DELETE", f"{CAMPAIGNS}/{draft['id']}")
    refused = await _send(acme, "DELETE", f"{CAMPAIGNS}/{launched['id']}")

    assert deleted.status_code == 204
    assert refused.status_code == 409
    assert await Campaign.count() == 1
    assert await UseCase.count() == 1


async def test_yaml_export_imports_back_to_the_same_definition(acme: AsyncClient) -> None:
    document = small_definition()
    document["starts_on"] = "2026-12-01"
    document["target"]["countries"] = ["GB", "NO"]
    original = await created_campaign(acme, document)

    exported = await acme.get(f"{CAMPAIGNS}/{original['id']}/definition.yaml")
    again = await acme.post(
        f"{CAMPAIGNS}/import",
        content=exported.content,
        headers={**await csrf_headers(acme), "content-type": "application/yaml"},
    )

    assert exported.status_code == 200
    assert again.status_code == 201, again.text
    assert again.json()["definition"] == original["definition"]


async def test_progress_counts_testers_per_locale_against_quota(acme: AsyncClient) -> None:
    campaign = await created_campaign(acme)
    testers = []
    for n in range(3):
        row = await User.insert(
            User(email=f"t{n}@e.test", name="T", password_hash="x", role="tester")
        )
        testers.append(row[0]["id"])
    states = [("fr-FR", "accepted"), ("fr-FR", "invited"), ("en-GB", "submitted")]
    for n, (locale, state) in enumerate(states):
        await Participation.insert(
            Participation(
                campaign=campaign["id"],
                tester=testers[n],
                pseudonym=f"P{n}",
                locale=locale,
                country=locale[-2:],
                state=state,
            )
        )

    progress = (await acme.get(f"{CAMPAIGNS}/{campaign['id']}/progress")).json()

    by_locale = {entry["locale"]: entry for entry in progress["locales"]}
    assert by_locale["fr-FR"]["quota"] == 2
    assert by_locale["fr-FR"]["counts"]["invited"] == 1
    assert by_locale["fr-FR"]["filled"] == 1
    assert by_locale["en-GB"]["filled"] == 1
    assert by_locale["en-GB"]["counts"]["submitted"] == 1


async def test_malformed_patch_is_400_and_changes_nothing(acme: AsyncClient) -> None:
    base = f"{CAMPAIGNS}/{(await created_campaign(acme))['id']}"

    response = await acme.patch(
        base,
        content=b'{"name": ',
        headers={**await csrf_headers(acme), "content-type": "application/json"},
    )

    assert response.status_code == 400
    assert "not valid JSON" in response.json()["detail"]
    assert (await Campaign.select(Campaign.name).first())["name"] == "Pay by phone"
