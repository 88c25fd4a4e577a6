"""The campaign builder in Chromium, at 1440×900 and on a 390×844 phone: a client starts from
a template, trims it to two locales and four steps, adds questions of four kinds in both
locales, drags a step into place, previews a step as a French tester, launches, then corrects
wording after launch (autosaved) while the structure stays locked."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from backend.tables import Campaign, CampaignLocale, Question, Step
from bench.load import running_server
from tests.browser import PHONE, chromium, last_page
from tests.test_browser_review import _problems
from tests.test_browser_shell import SCREEN, _sign_in
from tests.test_cli import _parcours

pytestmark = pytest.mark.anyio

NEW_KINDS = ("rating", "yes_no", "number", "single_choice")


async def _press(page: Page, op: str) -> None:
    """A button of the builder's form: it saves the form and comes back to the builder."""
    await page.click(f"button[name=op][value='{op}']")
    await page.wait_for_load_state()


async def _build(page: Page, base: str) -> int:
    await page.goto(f"{base}/campaigns/new")
    retail = page.locator(".cards.templates .card", has_text="Northwind Shoes")
    await retail.locator("button").click()
    await page.wait_for_url(f"{base}/campaigns/*")
    campaign_id = int(page.url.rstrip("/").split("/")[-1])
    await page.click("text=Edit in the builder")
    await page.wait_for_url(f"{base}/campaigns/{campaign_id}/build")

    await _press(page, "remove:target.locales[2]")
    for _ in range(3):
        await _press(page, "remove:use_cases[0].steps[1]")
    questions = "use_cases[1].steps[0].questions"
    for kind in NEW_KINDS:
        await _press(page, f"add:question:{questions}:{kind}")
    for number, kind in enumerate(NEW_KINDS, start=1):
        path = f"{questions}[{number}]"
        await page.fill(f"[name='{path}.text.en-GB']", f"How was it ({kind})?")
        await page.fill(f"[name='{path}.text.fr-FR']", f"Comment était-ce ({kind}) ?")
    for option, (english, french) in enumerate((("Yes, easily", "Oui"), ("Not at all", "Non"))):
        path = f"{questions}[4].options[{option}].label"
        await page.fill(f"[name='{path}.en-GB']", english)
        await page.fill(f"[name='{path}.fr-FR']", french)
    await page.click(".builder-bar button[type=submit] >> nth=0")
    await page.wait_for_load_state()
    await expect(page.locator("#to-fix")).to_have_text("Complete: ready to launch")

    # Dragging the third step's handle onto the first step puts it first. The drag events
    # are dispatched: headless Chromium starts no native drag from mouse moves that scroll.
    third = await page.input_value("[name='use_cases[0].steps[2].id']")
    carried = await page.evaluate_handle("() => new DataTransfer()")
    handle = page.locator(".drag-handle[data-path='use_cases[0].steps[2]']")
    await handle.dispatch_event("dragstart", {"dataTransfer": carried})
    first = page.locator("#f-use_cases-0-steps-0")
    await first.dispatch_event("dragover", {"dataTransfer": carried})
    await first.dispatch_event("drop", {"dataTransfer": carried})
    await expect(page.locator("[name='use_cases[0].steps[0].id']")).to_have_value(third)
    return campaign_id


@pytest.mark.parametrize("size", ["screen", "phone"])
async def test_a_client_builds_previews_launches_and_corrects_wording(
    client, tmp_path: Path, size: str
) -> None:
    seeded = await _parcours("demo", "--seed-only")
    assert seeded.returncode == 0, seeded.stderr
    problems: list[str] = []
    with running_server(tmp_path / "server.log") as (_, base):
        async with chromium() as browser:
            context = await browser.new_context(
                viewport=PHONE if size == "phone" else SCREEN,
                is_mobile=size == "phone",
                has_touch=size == "phone",
                locale="en-GB",
            )
            page = await context.new_page()
            await _sign_in(page, base, "client")
            campaign_id = await _build(page, base)
            problems += await _problems(page, f"builder ({size})")

            await page.click("text=Preview as a tester")
            await page.select_option("#preview-locale", "fr-FR")
            await page.click(".preview-controls button[type=submit]")
            frame = page.locator(".phone-frame")
            await expect(frame).to_have_attribute("lang", "fr-FR")
            await expect(frame).to_contain_text("Étape 1 sur 4")
            problems += await _problems(page, f"preview ({size})")

            await page.goto(f"{base}/campaigns/{campaign_id}")
            await page.click("a[data-dialog=confirm-launch]")
            await page.locator("dialog#confirm-launch button[type=submit]").click()
            await page.wait_for_selector(".badge-recruiting")

            await page.click("text=Correct the wording")
            await expect(page.locator(".warning")).to_contain_text(
                "its texts can still be corrected"
            )
            await expect(page.locator("[name='target.locales[0].quota']")).to_have_attribute(
                "readonly", ""
            )
            assert await page.locator("button[name=op]").count() == 0
            await page.fill("[name=incentive]", "A 30 EUR voucher and the trainers")
            await expect(page.locator("#autosave-status")).to_have_text("Saved", timeout=10_000)
            problems += await _problems(page, f"builder after launch ({size})")
            await last_page(page, f"builder-launched-{size}")

    campaign = await Campaign.select(Campaign.status, Campaign.incentive).where(
        Campaign.id == campaign_id
    )
    assert campaign == [{"status": "recruiting", "incentive": "A 30 EUR voucher and the trainers"}]
    locales = await CampaignLocale.select(CampaignLocale.locale).where(
        CampaignLocale.campaign == campaign_id
    )
    assert sorted(row["locale"] for row in locales) == ["en-GB", "fr-FR"]
    assert await Step.count().where(Step.campaign == campaign_id) == 4
    kinds = {
        row["kind"]
        for row in await Question.select(Question.kind).where(Question.campaign == campaign_id)
    }
    assert set(NEW_KINDS) <= kinds
    assert "\n".join(problems) == ""
