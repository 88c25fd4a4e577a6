"""What reaches people, on a 390×844 phone in Chromium: a forgotten password replaced through
the e-mailed link, and a known problem confirmed with "Me too" instead of filed again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from httpx import AsyncClient
from playwright.async_api import expect

from backend.tables import Finding, OutboxMessage
from bench.load import running_server
from tests.browser import PHONE, chromium, last_page
from tests.helpers import (
    PASSWORD,
    accepted_journey,
    answer_invitation,
    csrf_headers,
    only_invitation,
    signed_up_manager,
    signed_up_tester,
)
from tests.test_browser_review import _problems

pytestmark = pytest.mark.anyio

NEW_PASSWORD = "copper lantern meadow violin"


async def _reset_link(address: str) -> str:
    mail = await (
        OutboxMessage.select(OutboxMessage.text_body)
        .where((OutboxMessage.to_address == address) & (OutboxMessage.kind == "password_reset"))
        .first()
    )
    assert mail, f"no reset link was e-mailed to {address}"
    found = re.search(r"/password-reset/\S+", mail["text_body"])
    assert found
    return found[0]


async def test_a_forgotten_password_and_a_known_problem_on_a_phone(
    client: AsyncClient, browsers, tmp_path: Path
) -> None:
    first = browsers()
    journey = await accepted_journey(client, first)
    step = journey["use_cases"][0]["steps"][0]["id"]
    filed = await first.post(
        f"/api/v1/participations/{journey['participation_id']}/steps/{step}/findings",
        data={"title": "Pay button hidden", "kind": "usability", "severity": "major"},
        headers=await csrf_headers(first),
    )
    manager = await signed_up_manager(browsers())
    await manager.patch(
        f"/api/v1/findings/{filed.json()['id']}",
        json={"review": "accepted"},
        headers=await csrf_headers(manager),
    )
    second = await signed_up_tester(browsers(), "sam@example.org")
    invitation = await only_invitation(second)
    assert (await answer_invitation(second, invitation, "accept")).status_code == 200
    problems: list[str] = []

    with running_server(tmp_path / "server.log") as (_, base):
        async with chromium() as browser:
            context = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            page = await context.new_page()

            await page.goto(f"{base}/login")
            await page.click("text=Forgot your password?")
            await page.fill("#email", "sam@example.org")
            await page.click("form.stack button[type=submit]")
            await expect(page.locator(".notice[role=status]")).to_contain_text("If an account")
            problems += await _problems(page, "reset asked")
            await page.goto(base + await _reset_link("sam@example.org"))
            await page.fill("#password", NEW_PASSWORD)
            await page.click("form.stack button[type=submit]")
            await page.wait_for_url(f"{base}/login")
            await expect(page.locator("main")).to_contain_text("Your new password is set")
            await page.fill("#email", "sam@example.org")
            await page.fill("#password", PASSWORD)
            await page.click("form.stack button[type=submit]")
            await expect(page.locator("[role=alert]")).to_contain_text("Wrong email or password")
            await page.fill("#password", NEW_PASSWORD)
            await page.click("form.stack button[type=submit]")
            await page.wait_for_url(f"{base}/")

            await page.goto(f"{base}/journeys/{invitation['id']}/steps/{step}/finding")
            known = page.locator(".known-issues")
            await expect(known).to_contain_text("Pay button hidden")
            problems += await _problems(page, "problem form with a known problem")
            await known.locator("button:has-text('Me too')").click()
            await page.wait_for_url(f"{base}/journeys/{invitation['id']}/steps/{step}")
            await expect(page.locator("main")).to_contain_text("your confirmation is recorded")
            await last_page(page, "known-problem-confirmed")

    copies = await Finding.select(Finding.participation).where(
        Finding.participation == invitation["id"]
    )
    assert copies == [{"participation": invitation["id"]}], "a confirmation, not a new report"
    assert "\n".join(problems) == ""
