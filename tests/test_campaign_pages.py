"""Campaign pages: upload a file with inline errors, read the journey, launch and close."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from httpx import AsyncClient

from backend.tables import Campaign
from tests.helpers import created_campaign, form_token, signed_up, signed_up_tester

pytestmark = pytest.mark.anyio

RETAIL = (Path(__file__).parent.parent / "campaigns/examples/retail.yaml").read_text("utf-8")


async def _upload(client: AsyncClient, filename: str, text: str):
    token = await form_token(client, "/campaigns/new")
    return await client.post(
        "/campaigns/new",
        data={"_csrf_token": token},
        files={"file": (filename, text.encode(), "application/yaml")},
        follow_redirects=True,
    )


@pytest.fixture
async def acme(client: AsyncClient) -> AsyncClient:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme Bank")
    return client


async def test_upload_shows_the_campaign_with_steps_by_stage(acme: AsyncClient) -> None:
    page = await _upload(acme, "retail.yaml", RETAIL)

    assert page.status_code == 200
    assert "<h1>Northwind Shoes — from ad to return</h1>" in page.text
    stages = re.findall(r'<h4 class="stage stage-(\w+)">', page.text)
    assert stages[:5] == ["awareness", "consideration", "decision", "purchase", "post_purchase"]
    assert "Use the size guide to choose your size." in page.text
    assert "Launch recruitment" in page.text
    home = await acme.get("/")
    assert "Northwind Shoes" in home.text


async def test_upload_errors_are_shown_inline_with_their_line(acme: AsyncClient) -> None:
    broken = RETAIL.replace("stage: decision", "stage: decide")
    line = next(n for n, row in enumerate(broken.splitlines(), 1) if "decide" in row)

    page = await _upload(acme, "retail.yaml", broken)

    assert page.status_code == 422
    assert f'<span class="line">line {line}</span>' in page.text
    assert "&#39;decide&#39; is not one of awareness" in page.text
    assert await Campaign.count() == 0


async def test_upload_without_a_file_asks_for_one(acme: AsyncClient) -> None:
    token = await form_token(acme, "/campaigns/new")

    page = await acme.post("/campaigns/new", data={"_csrf_token": token}, files={"x": ("", b"")})

    assert page.status_code == 400
    assert "Choose a campaign definition file" in page.text


async def _confirmed(acme: AsyncClient, base: str, action: str, **kwargs):
    token = await form_token(acme, base)
    return await acme.post(
        f"{base}/{action}", data={"_csrf_token": token, "confirmed": "yes"}, **kwargs
    )


async def test_launch_asks_first_then_says_what_it_did(acme: AsyncClient, browsers) -> None:
    campaign = await created_campaign(acme)
    base = f"/campaigns/{campaign['id']}"
    await signed_up_tester(browsers(), "tess@example.org")

    unconfirmed = await acme.post(
        f"{base}/launch", data={"_csrf_token": await form_token(acme, base)}
    )
    confirmation = await acme.get(f"{base}/launch")
    still_draft = (await Campaign.select(Campaign.status).first())["status"]
    launched = await _confirmed(acme, base, "launch", follow_redirects=True)
    again = await acme.get(base)
    relaunch = await _confirmed(acme, base, "launch", follow_redirects=True)
    closed = await _confirmed(acme, base, "close", follow_redirects=True)

    assert unconfirmed.status_code in (302, 303)
    assert unconfirmed.headers["location"] == f"{base}/launch"
    assert still_draft == "draft"
    assert "Launch recruitment?" in confirmation.text
    assert re.search(r"French \(France\)</th><td[^>]*>2</td><td[^>]*>1</td>", confirmation.text)
    assert "English (United Kingdom): only 0 testers fit for a quota of 2" in confirmation.text
    assert 'name="confirmed" value="yes"' in confirmation.text
    assert "Recruitment launched. Testers invited: 1" in launched.text
    assert 'badge-recruiting">Recruiting' in launched.text
    assert "Recruitment launched" not in again.text, "a message shows once"
    assert "English (United Kingdom): 0 of 2 places held" in again.text
    assert "Too few testers who fit" in again.text
    assert "Cannot launch a recruiting campaign" in relaunch.text
    assert 'class="error flash"' in relaunch.text
    assert 'badge-closed">Closed' in closed.text
    assert "Campaign closed; the report is final" in closed.text


async def test_a_message_cannot_be_forged(acme: AsyncClient) -> None:
    campaign = await created_campaign(acme)
    acme.cookies.set("parcours_flash", "eyJ0ZW1wbGF0ZSI6IkNhbGwgNTU1In0.forged")

    page = await acme.get(f"/campaigns/{campaign['id']}?notice=Call+555")

    assert page.status_code == 200
    assert "Call 555" not in page.text


async def test_delete_asks_first_and_removes_a_draft(acme: AsyncClient) -> None:
    campaign = await created_campaign(acme)
    base = f"/campaigns/{campaign['id']}"

    confirmation = await acme.get(f"{base}/delete")
    response = await _confirmed(acme, base, "delete", follow_redirects=False)
    home = await acme.get("/")

    assert "This cannot be undone" in confirmation.text
    assert response.headers["location"] == "/"
    assert await Campaign.count() == 0
    assert "Draft “Pay by phone” deleted" in home.text


async def test_other_organizations_campaign_page_is_404(
    acme: AsyncClient, other_client: AsyncClient
) -> None:
    campaign = await created_campaign(acme)
    await signed_up(other_client, "ceo@rival.test", role="client", organization="Rival")
    token = await form_token(other_client, "/")

    page = await other_client.get(f"/campaigns/{campaign['id']}")
    launch = await other_client.post(
        f"/campaigns/{campaign['id']}/launch", data={"_csrf_token": token}
    )

    assert page.status_code == 404
    assert launch.status_code == 404
    assert (await Campaign.select(Campaign.status).first())["status"] == "draft"


async def test_tester_cannot_open_campaign_pages(client: AsyncClient) -> None:
    await signed_up(client, "tess@example.org")

    assert (await client.get("/campaigns/new")).status_code == 403
