"""Campaign pages: upload a file with inline errors, read the journey, launch and close."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from httpx import AsyncClient

from backend.tables import Campaign
from tests.helpers import created_campaign, form_token, signed_up

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


async def test_launch_and_close_buttons(acme: AsyncClient) -> None:
    campaign = await created_campaign(acme)
    base = f"/campaigns/{campaign['id']}"

    launched = await acme.post(
        f"{base}/launch", data={"_csrf_token": await form_token(acme, base)}, follow_redirects=True
    )
    relaunch = await acme.post(f"{base}/launch", data={"_csrf_token": await form_token(acme, base)})
    closed = await acme.post(
        f"{base}/close", data={"_csrf_token": await form_token(acme, base)}, follow_redirects=True
    )

    assert 'badge-recruiting">Recruiting' in launched.text
    assert "Close campaign" in launched.text
    assert relaunch.status_code == 409
    assert "Cannot launch a recruiting campaign" in relaunch.text
    assert 'badge-closed">Closed' in closed.text


async def test_delete_button_removes_a_draft(acme: AsyncClient) -> None:
    campaign = await created_campaign(acme)
    base = f"/campaigns/{campaign['id']}"

    response = await acme.post(
        f"{base}/delete", data={"_csrf_token": await form_token(acme, base)}, follow_redirects=False
    )

    assert response.headers["location"] == "/"
    assert await Campaign.count() == 0


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
