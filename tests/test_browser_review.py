"""The review workspace in Chromium on the demo, at 1440×900 and on a 390×844 phone: filter,
open a finding, decide and move on, find a duplicate's original by typing, decide in bulk,
a refused decision followed by a good one, and the same without JavaScript. With JavaScript
nothing reloads: a mark left on the window survives every step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from backend.tables import Finding
from bench.load import running_server
from tests.browser import PHONE, accessibility_problems, chromium, last_page
from tests.test_browser_shell import SCREEN, _sideways, _sign_in
from tests.test_cli import _parcours

pytestmark = pytest.mark.anyio


async def _problems(page: Page, where: str) -> list[str]:
    found = [f"{where}: {p}" for p in await accessibility_problems(page)]
    if (overflow := await _sideways(page)) > 0:
        found.append(f"{where}: scrolls {overflow}px sideways")
    return found


async def _not_reloaded(page: Page) -> bool:
    return await page.evaluate("window.__mark === 'kept'")


async def _review(page: Page, base: str, size_name: str) -> list[str]:
    """Work through the demo's new findings as a manager would; the problems seen."""
    problems: list[str] = []
    await page.goto(f"{base}/campaigns/1/findings")
    await page.evaluate("window.__mark = 'kept'")
    await page.select_option("#f-review", "new")
    await page.select_option("#f-sort", "severity")
    await page.click(".filters button[type=submit]")
    await expect(page).to_have_url(re.compile(r"review=new&sort=severity"))
    problems += await _problems(page, f"list ({size_name})")

    rows = page.locator("#rows a.row-link")
    first_title = await rows.first.locator(".row-title").inner_text()
    await rows.first.click()
    await expect(page.locator("#detail-title")).to_have_text(first_title)
    problems += await _problems(page, f"detail ({size_name})")
    await page.click("#then-toggle")
    await expect(page).to_have_url(re.compile(r"then=next"))

    # "a" accepts; the next finding in the same order is shown, with the message on it.
    shown = await page.locator("#detail-title").inner_text()
    await page.keyboard.press("a")
    await expect(page.locator("#decided")).to_contain_text("Here is the next one.")
    decided_id = int(shown.split()[0].lstrip("#"))
    await expect(page.locator("#decided")).to_contain_text(f"#{decided_id}")
    assert await page.locator("#detail-title").inner_text() != shown
    assert (await Finding.select(Finding.review).where(Finding.id == decided_id).first())[
        "review"
    ] == "accepted"

    # "j" moves down the list.
    before = await page.locator("#detail-title").inner_text()
    await page.keyboard.press("j")
    await expect(page.locator("#detail-title")).not_to_have_text(before)

    # The duplicate picker finds an original by a word of its title, as the manager types.
    copy = await page.locator("#detail-title").inner_text()
    await page.keyboard.press("d")
    await page.keyboard.type("3-D Secure")
    candidate = page.locator("#picker .candidate").first
    await expect(candidate).to_contain_text("3-D Secure")
    original = int((await candidate.locator("input").get_attribute("value")) or 0)
    await candidate.click()
    await page.click("#dup-form button[type=submit]")
    await expect(page.locator("#decided")).to_contain_text(copy.split()[0])
    copy_id = int(copy.split()[0].lstrip("#"))
    stored = await Finding.select(Finding.review, Finding.duplicate_of).where(Finding.id == copy_id)
    assert stored == [{"review": "duplicate", "duplicate_of": original}]

    # A refused question, then a good decision: no "405 Method Not Allowed".
    await page.fill("[data-key=i]", " ")
    await page.get_by_role("button", name="Ask for more information").click()
    await expect(page.locator("#detail [role=alert]")).to_contain_text("information")
    await page.click("#accept-form button")
    await expect(page.locator("#decided")).to_be_visible()
    assert "Method Not Allowed" not in await page.content()
    problems += await _problems(page, f"after decisions ({size_name})")

    # Bulk: back to the whole list (the phone shows the finding instead), tick two, accept.
    if size_name == "phone":
        await page.click("#detail a.back")
    await page.click(".filter-actions a")
    await expect(page).to_have_url(re.compile(r"/findings$"))
    boxes = page.locator("#rows input[type=checkbox]")
    picked = [await boxes.nth(i).get_attribute("value") for i in (0, 1)]
    await boxes.nth(0).check()
    await boxes.nth(1).check()
    await page.click("#bulk button[value=accepted]")
    await expect(page.locator("[role=status]").first).to_contain_text(
        "Decision saved for every selected finding (2)"
    )
    for finding_id in picked:
        row = await Finding.select(Finding.review).where(Finding.id == int(finding_id or 0))
        assert row == [{"review": "accepted"}]
    assert await _not_reloaded(page), "nothing reloaded the page"
    problems += await _problems(page, f"after bulk ({size_name})")
    return problems


async def test_review_at_both_sizes_and_without_javascript(client, tmp_path: Path) -> None:
    seeded = await _parcours("demo", "--seed-only")
    assert seeded.returncode == 0, seeded.stderr
    problems: list[str] = []
    with running_server(tmp_path / "server.log") as (_, base):
        async with chromium() as browser:
            for size_name, size in (("screen", SCREEN), ("phone", PHONE)):
                context = await browser.new_context(
                    viewport=size, is_mobile=size is PHONE, locale="en-GB"
                )
                page = await context.new_page()
                await _sign_in(page, base, "manager")
                problems += await _review(page, base, size_name)
                await last_page(page, f"review-{size_name}")
                await context.close()
                # The next pass starts from the demo's findings all waiting again.
                await Finding.update(
                    {
                        Finding.review: "new",
                        Finding.duplicate_of: None,
                        Finding.review_reason: None,
                    },
                    force=True,
                )

            context = await browser.new_context(viewport=PHONE, java_script_enabled=False)
            page = await context.new_page()
            await _sign_in(page, base, "manager")
            await page.goto(f"{base}/campaigns/1/findings?review=new")
            await page.locator("#rows a.row-link").first.click()
            shown = await page.locator("#detail-title").inner_text()
            await page.click("#accept-form button")
            await expect(page.locator("#decided")).to_contain_text(shown.split()[0])
            await expect(page).to_have_url(re.compile(r"review=new&finding=\d+"))
            problems += await _problems(page, "no script")
            await context.close()
    assert "\n".join(problems) == ""
