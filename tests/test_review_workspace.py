"""The review workspace: orders that page without gaps, counts per filter, moving on after a
decision, and the duplicate picker's candidates."""

from __future__ import annotations

import re

import pytest
from httpx import AsyncClient

from backend.tables import Finding
from tests.helpers import accepted_journey, csrf_headers, form_token, signed_up_manager

pytestmark = pytest.mark.anyio

FILED = (
    ("Card payment fails after 3-D Secure", "minor"),
    ("Price shown without tax", "critical"),
    ("Typo in footer", "cosmetic"),
    ("Card payment fails at the 3D Secure step", "major"),
    ("Basket empties on reload", "critical"),
    ("Slow search results", "minor"),
    ("Payment by card fails after 3-D Secure", "major"),
)
SEVERITY_ORDER = ("critical", "major", "minor", "cosmetic")


@pytest.fixture
async def workspace(client: AsyncClient, browsers):
    """Seven findings on one step, three folded into others; (manager, campaign, ids)."""
    tester = browsers()
    journey = await accepted_journey(client, tester)
    step = journey["use_cases"][0]["steps"][0]["id"]
    ids = []
    for title, severity in FILED:
        response = await tester.post(
            f"/api/v1/participations/{journey['participation_id']}/steps/{step}/findings",
            data={"title": title, "kind": "payment", "severity": severity},
            headers=await csrf_headers(tester),
        )
        ids.append(response.json()["id"])
    manager = await signed_up_manager(browsers())
    for copy, original in ((ids[6], ids[0]), (ids[3], ids[0]), (ids[5], ids[2])):
        response = await manager.patch(
            f"/api/v1/findings/{copy}",
            json={"review": "duplicate", "duplicate_of": original},
            headers=await csrf_headers(manager),
        )
        assert response.status_code == 200, response.text
    campaign = (await Finding.select(Finding.campaign).first())["campaign"]
    return manager, campaign, ids


async def _every_page(manager: AsyncClient, campaign: int, sort: str) -> list[int]:
    """All the findings through the API, two at a time, in the given order."""
    seen: list[int] = []
    while True:
        params: dict[str, str | int] = {"sort": sort, "limit": 2}
        if seen:
            params["before"] = seen[-1]
        response = await manager.get(f"/api/v1/campaigns/{campaign}/findings", params=params)
        assert response.status_code == 200, response.text
        if not response.json():
            return seen
        seen += [row["id"] for row in response.json()]


async def test_each_order_pages_through_every_finding_once(workspace) -> None:
    manager, campaign, ids = workspace
    severity = dict(zip(ids, (s for _, s in FILED), strict=True))
    reports = {ids[0]: 2, ids[2]: 1}

    by_severity = await _every_page(manager, campaign, "severity")
    by_reports = await _every_page(manager, campaign, "reports")
    oldest = await _every_page(manager, campaign, "oldest")
    newest = await _every_page(manager, campaign, "newest")
    unknown = await manager.get(f"/api/v1/campaigns/{campaign}/findings", params={"sort": "mood"})

    assert by_severity == sorted(ids, key=lambda i: (SEVERITY_ORDER.index(severity[i]), -i))
    assert by_reports == sorted(ids, key=lambda i: (-reports.get(i, 0), -i))
    assert oldest == sorted(ids)
    assert newest == sorted(ids, reverse=True)
    assert unknown.status_code == 400


async def test_each_filter_option_says_how_many_it_holds(workspace) -> None:
    manager, campaign, _ = workspace
    url = f"/campaigns/{campaign}/findings"

    everything = (await manager.get(url)).text
    critical = (await manager.get(url, params={"severity": "critical"})).text

    assert ">Critical (2)</option>" in everything
    assert ">Major (2)</option>" in everything
    assert ">Duplicate (3)</option>" in everything
    assert ">New (4)</option>" in everything
    # Counts under the other filters: of the critical findings, none is a duplicate,
    # while the severity list still counts every severity.
    assert ">Duplicate (0)</option>" in critical
    assert ">New (2)</option>" in critical
    assert ">Minor (2)</option>" in critical


async def test_moving_on_after_a_decision_shows_the_next_finding_in_the_order(workspace) -> None:
    manager, campaign, ids = workspace
    url = f"/campaigns/{campaign}/findings"
    here = f"{url}?review=new&sort=severity&then=next&finding={ids[4]}"
    token = await form_token(manager, here)

    decided = await manager.post(
        f"{url}/{ids[4]}/review",
        data={"review": "accepted", "next": here, "_csrf_token": token},
    )
    landed = await manager.get(decided.headers["location"].split("#")[0])
    last = await manager.post(
        f"{url}/{ids[2]}/review",
        data={"review": "accepted", "next": f"{url}?review=new&sort=severity&then=next"},
        headers={"x-csrftoken": manager.cookies["csrftoken"]},
    )

    # Left among the new ones by severity: #2 critical, #1 minor, #3 cosmetic; #5 came first.
    assert decided.headers["location"].endswith(f"&finding={ids[1]}#finding-{ids[1]}")
    assert f'id="detail-title">#{ids[1]} ' in landed.text
    assert f"Decision saved on finding #{ids[4]}" in landed.text
    assert "Here is the next one." in landed.text
    assert f'id="finding-{ids[4]}"' not in landed.text, "accepted: no longer among the new"
    assert last.headers["location"].endswith(f"&finding={ids[2]}#finding-{ids[2]}"), (
        "nothing after the last one: it stays shown"
    )


async def test_the_duplicate_picker_offers_similar_findings_and_finds_by_words(workspace) -> None:
    manager, campaign, ids = workspace
    url = f"/campaigns/{campaign}/findings"

    similar = (await manager.get(url, params={"finding": ids[1]})).text
    card = (await manager.get(url, params={"finding": ids[4], "dup_q": "3-D"})).text
    typed = (await manager.get(url, params={"finding": ids[4], "dup_q": "futer typo"})).text

    offered = re.findall(r'name="duplicate_of" value="(\d+)"', similar)
    assert offered == [], "nothing titled like a price without tax"
    by_words = re.findall(r'name="duplicate_of" value="(\d+)"', card)
    assert by_words == [str(ids[0])], "originals only: the copies of #1 are not offered"
    assert re.findall(r'name="duplicate_of" value="(\d+)"', typed) == [str(ids[2])]
    picked = (await manager.get(url, params={"finding": ids[0]})).text
    assert re.findall(r'name="duplicate_of" value="(\d+)"', picked) == [], (
        "the copies of #1 are duplicates already, and #1 is not its own original"
    )
