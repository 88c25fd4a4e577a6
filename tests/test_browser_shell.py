"""The application shell on the demo, for every role, on a 390×844 phone and a 1440×900 screen:
the navigation names the role's pages and reaches each, inner pages carry breadcrumbs, no page
scrolls sideways, and every page passes the accessibility checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.async_api import Page

from backend.tables import Participation, Step
from bench.load import running_server
from tests.browser import PHONE, accessibility_problems, chromium, last_page
from tests.test_cli import _parcours

pytestmark = pytest.mark.anyio

SCREEN = {"width": 1440, "height": 900}
PASSWORD = "parcours-demo"
NAVIGATION = {
    "client": ["/", "/campaigns/new"],
    "manager": ["/", "/findings", "/testers", "/outbox"],
    "tester": ["/", "/journeys", "/profile"],
}


async def _inner_pages(role: str) -> list[str]:
    """Pages below the navigation that each role reaches from it."""
    if role == "tester":
        journey = (
            await Participation.select(Participation.id)
            .where(Participation.tester.email == "tester@demo.parcours.test")
            .where(Participation.state != "invited")
            .first()
        )
        step = (await Step.select(Step.id).order_by(Step.id).first())["id"]
        assert journey is not None, "the tester accepted the demo's invitation"
        base = f"/journeys/{journey['id']}"
        return [base, f"{base}/steps/{step}", f"{base}/steps/{step}/finding", f"{base}/end"]
    return [
        "/campaigns/1",
        "/campaigns/1/report",
        "/campaigns/1/report/questions/checkout_ease",
        "/campaigns/1/answers/return_feeling?locale=fr-FR",
        "/campaigns/1/findings",
        "/campaigns/1/close",
    ]


async def _sign_in(page: Page, base: str, role: str) -> None:
    await page.goto(f"{base}/login")
    await page.fill("#email", f"{role}@demo.parcours.test")
    await page.fill("#password", PASSWORD)
    await page.click("form.stack button[type=submit]")
    await page.wait_for_url(f"{base}/")


async def _sideways(page: Page) -> int:
    """How far the page scrolls sideways, in CSS pixels (0 when it does not)."""
    return await page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


async def test_every_page_of_every_role_fits_and_navigates(client, tmp_path: Path) -> None:
    seeded = await _parcours("demo", "--seed-only")
    assert seeded.returncode == 0, seeded.stderr
    problems: list[str] = []
    navigation: dict[str, list[str]] = {}
    no_crumbs: list[str] = []
    told: dict[str, str] = {}

    with running_server(tmp_path / "server.log") as (_, base):
        async with chromium() as browser:
            for size_name, size in (("phone", PHONE), ("screen", SCREEN)):
                for role in NAVIGATION:
                    context = await browser.new_context(
                        viewport=size, is_mobile=size is PHONE, locale="en-GB"
                    )
                    page = await context.new_page()
                    await _sign_in(page, base, role)
                    links = page.locator("nav.menu a")
                    navigation[f"{role} {size_name}"] = [
                        await links.nth(i).get_attribute("href") for i in range(await links.count())
                    ]
                    for i in range(await links.count()):
                        await page.locator("nav.menu a").nth(i).click()
                        await page.wait_for_load_state()
                        current = page.locator("nav.menu a[aria-current=page]")
                        if await current.count() != 1:
                            problems.append(f"{page.url}: the menu does not mark where we are")
                        problems += await _checked(page, size_name)
                    await page.goto(f"{base}/")
                    accept = page.locator("form[action$='/accept'] button")
                    if await accept.count():
                        await accept.first.click()
                        await page.wait_for_url(f"{base}/journeys/**")
                    for path in await _inner_pages(role):
                        response = await page.goto(base + path)
                        assert response is not None, path
                        assert response.ok, path
                        if not await page.locator("nav.crumbs").count():
                            no_crumbs.append(path)
                        problems += await _checked(page, size_name)
                    if role == "client" and size is PHONE:
                        told[size_name] = await _delete_the_draft(page, base)
                        problems += await _checked(page, size_name)
                    await last_page(page, f"shell-{role}-{size_name}")
                    await context.close()
            # Without JavaScript the same action goes through a confirmation page.
            context = await browser.new_context(viewport=PHONE, java_script_enabled=False)
            page = await context.new_page()
            await _sign_in(page, base, "client")
            told["no script"] = await _close_the_campaign(page, base)
            problems += await _checked(page, "phone")
            await context.close()

    assert navigation == {
        f"{role} {size}": links
        for role, links in NAVIGATION.items()
        for size in ("phone", "screen")
    }
    assert no_crumbs == []
    assert told == {
        "phone": "Draft “Acme Pay — everyday payments journey” deleted",
        "no script": "Campaign closed; the report is final",
    }
    assert "\n".join(problems) == ""


async def _delete_the_draft(page: Page, base: str) -> str:
    """Delete the demo's draft through its confirmation dialog; the message that follows."""
    await page.goto(f"{base}/")
    await page.locator("li.card:has(.badge-draft) a").first.click()
    await page.click("a[data-dialog=confirm-delete]")
    dialog = page.locator("dialog#confirm-delete")
    await dialog.locator("button[type=submit]").click()
    await page.wait_for_url(f"{base}/")
    return await page.locator(".flash").inner_text()


async def _close_the_campaign(page: Page, base: str) -> str:
    """Close the running campaign through its confirmation page; the message that follows."""
    await page.goto(f"{base}/campaigns/1")
    await page.click("a[data-dialog=confirm-close]")
    await page.wait_for_url(f"{base}/campaigns/1/close")
    await page.locator("main form button[type=submit]").click()
    await page.wait_for_url(f"{base}/campaigns/1")
    return await page.locator(".flash").inner_text()


async def _checked(page: Page, size_name: str) -> list[str]:
    found = [f"{page.url} ({size_name}): {p}" for p in await accessibility_problems(page)]
    if (overflow := await _sideways(page)) > 0:
        found.append(f"{page.url} ({size_name}): scrolls {overflow}px sideways")
    return found
