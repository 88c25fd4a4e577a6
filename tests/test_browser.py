"""The whole story in Debian's Chromium: a client launches, a tester walks on a phone, a
manager reviews and downloads the workbook. Every page visited passes the accessibility
checks of tests/browser.py; each test keeps a screenshot of its last page."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

import pytest
from httpx import AsyncClient
from openpyxl import load_workbook
from PIL import Image
from playwright.async_api import Page

from backend.tables import Campaign, Finding, Participation, Screenshot, StepResult
from bench.load import running_server
from tests.browser import PHONE, accessibility_problems, chromium, follow_signup_link, last_page
from tests.helpers import (
    PASSWORD,
    accepted_journey,
    created_campaign,
    csrf_headers,
    signed_up,
    signed_up_manager,
    small_definition,
)

pytestmark = pytest.mark.anyio
EXAMPLES = Path(__file__).parents[1] / "campaigns" / "examples"


class Visits:
    """Pages visited in a test, with what the accessibility checks found on each."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []

    async def check(self) -> None:
        """Run the accessibility checks on the page as it is now."""
        self.problems += await accessibility_problems(self.page)


def _three_steps() -> dict[str, Any]:
    definition = small_definition()
    first = definition["use_cases"][0]["steps"][0]
    steps = []
    for n, instruction in enumerate(("Open the app", "Find the bill", "Pay it")):
        step = copy.deepcopy(first)
        step["id"] = f"step{n + 1}"
        step["instruction"] = {"en-GB": instruction, "fr-FR": f"Étape {n + 1} : {instruction}"}
        step["questions"][0]["id"] = f"found{n + 1}"
        steps.append(step)
    definition["use_cases"][0]["steps"] = steps
    return definition


def _screenshot(folder: Path) -> Path:
    path = folder / "checkout.png"
    image = Image.new("RGB", (390, 844), (246, 247, 249))
    image.paste((11, 92, 173), (0, 0, 390, 64))
    image.save(path)
    return path


async def _sign_up(page: Page, base: str, role: str, email: str, **extra: str) -> None:
    await page.goto(f"{base}/signup")
    await page.check(f"input[name=role][value={role}]")
    await page.fill("#name", extra.get("name", "Sam"))
    await page.fill("#email", email)
    await page.fill("#password", PASSWORD)
    if organization := extra.get("organization"):
        await page.fill("#organization", organization)
    await page.click("text=Create account")
    await follow_signup_link(page, base, email, PASSWORD)


async def test_client_uploads_a_definition_and_launches_it(tmp_path: Path) -> None:
    with running_server(tmp_path / "server.log") as (_, base):
        async with chromium() as browser:
            page = await browser.new_page()
            visits = Visits(page)
            await page.goto(f"{base}/signup")
            await visits.check()
            await _sign_up(page, base, "client", "cfo@northwind.test", organization="Northwind")
            await visits.check()

            await page.click("main a.button:has-text('New campaign')")
            await page.wait_for_selector("#from-template")
            await visits.check()
            await page.set_input_files("#file", str(EXAMPLES / "retail.yaml"))
            await page.click("text=Check and save as draft")
            await page.wait_for_selector("text=Launch recruitment")
            await visits.check()
            # Launching asks first, in a dialog, and says afterwards what it did.
            await page.click("a[data-dialog=confirm-launch]")
            dialog = page.locator("dialog#confirm-launch")
            await dialog.wait_for()
            await visits.check()
            asked = await dialog.locator("h2").inner_text()
            await dialog.locator("button[type=submit]").click()
            await page.wait_for_selector(".badge-recruiting")
            told = await page.locator(".flash").inner_text()
            await visits.check()
            await last_page(page, "client-launched")

    campaign = await Campaign.select(Campaign.name, Campaign.status).first()
    assert campaign == {"name": "Northwind Shoes — from ad to return", "status": "recruiting"}
    assert asked == "Launch recruitment?"
    assert told == "Recruitment launched. Testers invited: 0"
    assert visits.problems == []


async def test_tester_walks_a_journey_on_a_phone(client: AsyncClient, tmp_path: Path) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    campaign = await created_campaign(client, _three_steps())
    screenshot = _screenshot(tmp_path)

    with running_server(tmp_path / "server.log") as (_, base):
        async with chromium() as browser:
            context = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            page = await context.new_page()
            visits = Visits(page)
            await _sign_up(page, base, "tester", "tess@example.org", name="Tess")
            await visits.check()
            await page.click("text=Complete your profile")
            await page.wait_for_selector("#country")
            await visits.check()
            await page.select_option("#country", "FR")
            await page.select_option("#locale", "fr-FR")
            await page.select_option("#device_kind", "phone")
            await page.fill("#device_os", "Android")
            await page.check("input[name=consent]")
            await page.click("text=Save profile")
            # The profile locale makes the interface French from here on.
            await page.wait_for_selector("text=Profil enregistré")

            launched = await client.post(
                f"/api/v1/campaigns/{campaign['id']}/launch", headers=await csrf_headers(client)
            )
            assert launched.status_code == 200, launched.text
            await page.reload()
            await visits.check()
            await page.click("button:has-text('Accepter')")
            await page.wait_for_selector("a:has-text('Commencer')")
            await visits.check()
            await page.click("a:has-text('Commencer')")
            await page.wait_for_selector("h1:has-text('Étape 1')")
            await visits.check()

            await page.click("text=Signaler un problème ici")
            await page.wait_for_selector("#finding-form")
            await visits.check()
            await page.fill("#title", "Le bouton payer est caché")
            await page.select_option("#kind", "usability")
            await page.check("input[name=severity][value=major]")
            await page.check("input[name=emotion][value='-1']")
            await page.set_input_files("#screenshots", str(screenshot))
            await page.click("text=Envoyer le signalement")
            await page.wait_for_selector("text=Problème signalé, merci")

            await page.check("input[name=status][value=completed]")
            await page.check("input[name='q.found1'][value=menu]")
            await page.click("text=Enregistrer et continuer")
            await page.wait_for_selector("h1:has-text('Étape 2')")

            # Answers are autosaved as they are given: a reload mid-step keeps them.
            await page.check("input[name=status][value=completed]")
            await page.check("input[name='q.found2'][value=home]")
            await page.wait_for_selector("#autosave-status:has-text('Enregistré')")
            await page.reload()
            assert await page.is_checked("input[name='q.found2'][value=home]")
            await page.click("text=Enregistrer et continuer")
            await page.wait_for_selector("h1:has-text('Étape 3')")

            # Leaving mid-journey and coming back resumes at the first unsaved step.
            await page.click(".crumbs a[href^='/journeys/']")
            await page.wait_for_selector("a:has-text('Continuer')")
            await visits.check()
            await page.click("a:has-text('Continuer')")
            await page.wait_for_selector("h1:has-text('Étape 3')")
            await page.check("input[name=status][value=completed]")
            await page.check("input[name='q.found3'][value=home]")
            await page.click("text=Enregistrer et continuer")
            await page.wait_for_selector("h1:has-text('Dernières questions')")
            await visits.check()
            await page.check("input[name='q.ease'][value='4']")
            await page.click("text=Envoyer mon parcours")
            await page.wait_for_selector("text=Envoyé, merci")
            await visits.check()
            await last_page(page, "tester-submitted")

    participation = await Participation.select(Participation.state).first()
    assert participation["state"] == "submitted"
    assert await StepResult.count().where(StepResult.status == "completed") == 3
    assert await Finding.count() == 1
    assert await Screenshot.count() == 1
    assert visits.problems == []


async def test_manager_accepts_sees_the_heatmap_change_and_downloads_the_workbook(
    client: AsyncClient, browsers, tmp_path: Path
) -> None:
    tester = browsers()
    journey = await accepted_journey(client, tester)
    pid, step = journey["participation_id"], journey["use_cases"][0]["steps"][0]["id"]
    await tester.put(
        f"/api/v1/participations/{pid}/steps/{step}",
        json={"status": "completed", "answers": {"found": "menu"}},
        headers=await csrf_headers(tester),
    )
    png = io.BytesIO()
    Image.new("RGB", (390, 844), (200, 30, 30)).save(png, "PNG")
    filed = await tester.post(
        f"/api/v1/participations/{pid}/steps/{step}/findings",
        data={"title": "Pay button hidden", "kind": "usability", "severity": "major"},
        files=[("screenshots", ("pay.png", png.getvalue(), "image/png"))],
        headers=await csrf_headers(tester),
    )
    assert filed.status_code == 201, filed.text
    await signed_up_manager(browsers())
    campaign_id = (await Campaign.select(Campaign.id).first())["id"]
    cell = "td[data-stage=awareness][data-locale=fr-FR]"

    with running_server(tmp_path / "server.log") as (_, base):
        async with chromium() as browser:
            page = await browser.new_page(accept_downloads=True)
            visits = Visits(page)
            await page.goto(f"{base}/login")
            await visits.check()
            await page.fill("#email", "pm@parcours.test")
            await page.fill("#password", PASSWORD)
            await page.click("button:has-text('Sign in')")
            await page.wait_for_url(f"{base}/")
            await page.goto(f"{base}/campaigns/{campaign_id}/report")
            await visits.check()
            before = await page.text_content(cell)

            await page.click("text=Review findings")
            await page.wait_for_selector("a.row-link")
            await visits.check()
            await page.click("a.row-link")
            await page.click("#accept-form button")
            await page.wait_for_selector("#detail .badge-accepted")
            await page.goto(f"{base}/campaigns/{campaign_id}/report")
            after = await page.text_content(cell)
            await visits.check()

            async with page.expect_download() as download_info:
                await page.click("text=Download Excel workbook")
            download = await download_info.value
            saved = tmp_path / download.suggested_filename
            await download.save_as(saved)
            workbook = load_workbook(saved)
            await last_page(page, "manager-report")

    assert saved.name.startswith("parcours-pay-by-phone-")
    assert saved.suffix == ".xlsx"
    assert (before, after) == ("0.0", "4.0"), "one tester reached it; an accepted major weighs 4"
    findings = list(workbook["Findings"].iter_rows(min_row=2, values_only=True))
    assert [(row[12], row[17]) for row in findings] == [("Pay button hidden", "Accepted")]
    heatmap = workbook["Friction heatmap"]
    header = [c.value for c in heatmap[1] if c.value]
    row = next(r for r in heatmap.iter_rows(min_row=2, values_only=True) if r[0] == "Awareness")
    assert row[header.index("fr-FR")] == 4.0
    assert visits.problems == []
