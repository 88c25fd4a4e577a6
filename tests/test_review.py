"""Managers review findings; clients read them; testers and strangers cannot."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient

from backend.tables import Finding
from tests.helpers import (
    accepted_journey,
    created_campaign,
    csrf_headers,
    signed_up,
    signed_up_manager,
)

pytestmark = pytest.mark.anyio


async def _findings(client: AsyncClient, tester: AsyncClient, titles: list[tuple[str, str]]):
    """Acme's campaign with one tester's findings, each (title, severity); their ids."""
    journey = await accepted_journey(client, tester)
    step = journey["use_cases"][0]["steps"][0]["id"]
    url = f"/api/v1/participations/{journey['participation_id']}/steps/{step}/findings"
    ids = []
    for title, severity in titles:
        response = await tester.post(
            url,
            data={"title": title, "kind": "usability", "severity": severity},
            headers=await csrf_headers(tester),
        )
        ids.append(response.json()["id"])
    return ids


async def _decide(who: AsyncClient, finding_id: int, decision: dict[str, Any]):
    return await who.patch(
        f"/api/v1/findings/{finding_id}", json=decision, headers=await csrf_headers(who)
    )


@pytest.fixture
async def reviewed(client: AsyncClient, browsers):
    """(client, tester, manager, finding ids) for three findings: major, minor, critical."""
    tester = browsers()
    ids = await _findings(
        client, tester, [("Menu hidden", "major"), ("Typo", "minor"), ("Crash", "critical")]
    )
    return client, tester, await signed_up_manager(browsers()), ids


async def test_manager_accepts_and_the_trail_says_who(reviewed) -> None:
    _, _, manager, ids = reviewed

    response = await _decide(manager, ids[0], {"review": "accepted"})

    assert response.status_code == 200
    assert [(e["action"], e["actor"], e["from_review"]) for e in response.json()] == [
        ("accepted", "Pat Manager", "new")
    ]
    assert (await Finding.select(Finding.review).where(Finding.id == ids[0]).first()) == {
        "review": "accepted"
    }


@pytest.mark.parametrize(
    ("decision", "detail"),
    [
        ({"review": "rejected"}, "A rejection needs a reason: one of duplicate, not_reproducible"),
        ({"review": "accepted", "reason": "out_of_scope"}, "Only a rejection takes a reason"),
        ({"review": "duplicate"}, "Name the original finding in duplicate_of"),
        ({"review": "needs_info"}, "Tell the tester what information is missing"),
        ({}, "Say what to change"),
    ],
)
async def test_incoherent_decisions_are_422(reviewed, decision: dict, detail: str) -> None:
    _, _, manager, ids = reviewed

    response = await _decide(manager, ids[0], decision)

    assert response.status_code == 422
    assert detail in response.json()["detail"]
    assert await Finding.count().where(Finding.review == "new") == 3


async def test_reject_with_a_reason_and_change_severity(reviewed) -> None:
    client, _, manager, ids = reviewed
    campaign = (await client.get("/api/v1/campaigns")).json()[0]["id"]

    await _decide(manager, ids[1], {"review": "rejected", "reason": "works_as_designed"})
    await _decide(manager, ids[0], {"severity": "critical", "note": "blocks payment"})
    listed = {
        f["id"]: f for f in (await client.get(f"/api/v1/campaigns/{campaign}/findings")).json()
    }

    assert (listed[ids[1]]["review"], listed[ids[1]]["review_reason"]) == (
        "rejected",
        "works_as_designed",
    )
    assert (listed[ids[0]]["severity"], listed[ids[0]]["reported_severity"]) == (
        "critical",
        "major",
    )


async def test_duplicates_point_at_an_original_without_chains(reviewed, browsers) -> None:
    client, _, manager, ids = reviewed
    menu, typo, crash = ids
    campaign = (await client.get("/api/v1/campaigns")).json()[0]["id"]

    itself = await _decide(manager, menu, {"review": "duplicate", "duplicate_of": menu})
    first = await _decide(manager, typo, {"review": "duplicate", "duplicate_of": menu})
    chain = await _decide(manager, crash, {"review": "duplicate", "duplicate_of": typo})
    has_own = await _decide(manager, menu, {"review": "duplicate", "duplicate_of": crash})
    elsewhere = await _decide(manager, crash, {"review": "duplicate", "duplicate_of": 999_999})
    listed = {
        f["id"]: f for f in (await client.get(f"/api/v1/campaigns/{campaign}/findings")).json()
    }

    assert itself.status_code == 409
    assert first.status_code == 200
    assert chain.status_code == 409
    assert "is itself a duplicate" in chain.json()["detail"]
    assert has_own.status_code == 409
    assert "has duplicates of its own" in has_own.json()["detail"]
    assert elsewhere.status_code == 422
    assert listed[menu]["duplicates"] == 1
    assert listed[typo]["duplicate_of"] == menu


async def test_filters(reviewed) -> None:
    client, _, _, _ = reviewed
    campaign = (await client.get("/api/v1/campaigns")).json()[0]["id"]
    url = f"/api/v1/campaigns/{campaign}/findings"

    major = await client.get(url, params={"severity": "major"})
    stage = await client.get(url, params={"stage": "awareness", "locale": "fr-FR"})
    bogus = await client.get(url, params={"stage": "bogus"})

    assert [f["title"] for f in major.json()] == ["Menu hidden"]
    assert len(stage.json()) == 3
    assert bogus.status_code == 400


async def test_who_may_read_and_decide(reviewed, other_client: AsyncClient) -> None:
    client, tester, _, ids = reviewed
    campaign = (await client.get("/api/v1/campaigns")).json()[0]["id"]
    url = f"/api/v1/campaigns/{campaign}/findings"
    await signed_up(other_client, "ceo@rival.test", role="client", organization="Rival")
    await created_campaign(other_client)

    assert (await client.get(url)).status_code == 200
    assert (await _decide(client, ids[0], {"review": "accepted"})).status_code == 403
    assert (await other_client.get(url)).status_code == 404
    assert (await other_client.get(f"/api/v1/findings/{ids[0]}/reviews")).status_code == 404
    assert (await tester.get(url)).status_code == 403
    assert (await _decide(tester, ids[0], {"review": "accepted"})).status_code == 403
    assert await Finding.count().where(Finding.review == "new") == 3
