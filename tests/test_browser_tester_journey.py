"""A tester's journey on a 390×844 phone, in French: signing up after the launch still brings
an invitation, autosave stores an unfinished step and says what it lacks, a blocked step asks
what blocked, and a submitted journey is read, not edited."""

from __future__ import annotations

from pathlib import Path

import pytest
from httpx import AsyncClient
from playwright.async_api import Page, expect

from backend.tables import Answer, Participation, StepResult
from bench.load import running_server
from tests.browser import PHONE, accessibility_problems, chromium, follow_signup_link, last_page
from tests.helpers import PASSWORD, launched_campaign, signed_up

pytestmark = pytest.mark.anyio


async def _sign_up_and_fill_the_profile(page: Page, base: str) -> None:
    await page.goto(f"{base}/signup")
    await page.fill("#name", "Camille Martin")
    await page.fill("#email", "camille@example.org")
    await page.fill("#password", PASSWORD)
    await page.click("form.stack button[type=submit]")
    await follow_signup_link(page, base, "camille@example.org", PASSWORD)
    await page.goto(f"{base}/profile")
    await page.select_option("#country", "FR")
    await page.select_option("#locale", "fr-FR")
    await page.fill("#languages", "fr")
    await page.select_option("#device_kind", "phone")
    await page.fill("#device_os", "Android")
    await page.check("input[name=consent]")
    await page.click("form.stack button[type=submit]")


async def test_a_late_tester_walks_a_journey_on_a_phone(
    client: AsyncClient, tmp_path: Path
) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    await launched_campaign(client)
    problems: dict[str, list] = {}

    with running_server(tmp_path / "server.log") as (_, base):
        async with chromium() as browser:
            context = await browser.new_context(
                viewport=PHONE, is_mobile=True, has_touch=True, locale="fr-FR"
            )
            page = await context.new_page()

            # Signed up after the launch: the profile that fits brings the invitation.
            await _sign_up_and_fill_the_profile(page, base)
            await page.goto(f"{base}/")
            invitation = page.locator("form[action$='/accept']")
            await expect(invitation).to_have_count(1)
            problems["home"] = await accessibility_problems(page)
            await invitation.locator("button").click()
            await page.wait_for_url(f"{base}/journeys/**")
            pid = (await Participation.select(Participation.id).first())["id"]
            await page.goto(f"{base}/journeys/{pid}")
            await page.click("a.button:has-text('Commencer'), a.button:has-text('Continuer')")
            step_url = page.url

            # "I could do it" with the required question unanswered: stored, not counted,
            # and autosave says which answer the step lacks.
            await page.check("input[name=status][value=completed]")
            status = page.locator("#autosave-status")
            await expect(status).to_contain_text("« Où ? »")
            problems["step"] = await accessibility_problems(page)
            not_counted = await StepResult.count()

            # Blocked, with what blocked: saved, and kept when the tester comes back.
            await page.check("input[name=status][value=blocked]")
            await page.fill("#note", "Le lien de l'e-mail mène à une page vide.")
            await page.click("#step-form button[type=submit]")
            await page.wait_for_url(f"{base}/journeys/{pid}/end")
            await page.goto(step_url)
            kept_note = await page.input_value("#note")
            kept_status = await page.is_checked("input[name=status][value=blocked]")

            # The end, then the journey is read-only.
            await page.goto(f"{base}/journeys/{pid}/end")
            await page.locator("label.point:has(input[name='q.ease'][value='4'])").click()
            await page.click(f"form[action='/journeys/{pid}/end'] button[type=submit]")
            await page.wait_for_selector(".flash")
            sent = await page.locator(".flash").inner_text()
            await page.goto(step_url)
            read_only = {
                "forms": await page.locator("#step-form").count(),
                "report links": await page.locator("a[href$='/finding']").count(),
                "note shown": await page.locator("text=page vide").count(),
            }
            problems["read-only step"] = await accessibility_problems(page)
            await last_page(page, "tester-read-only-step")

    assert not_counted == 0
    assert sent == "Envoyé, merci"
    assert (kept_note, kept_status) == ("Le lien de l'e-mail mène à une page vide.", True)
    assert read_only == {"forms": 0, "report links": 0, "note shown": 1}
    assert (await Participation.select(Participation.state).first())["state"] == "submitted"
    assert await Answer.count() == 1, "the ease answer; the blocked step needs none"
    assert problems == {page: [] for page in problems}
