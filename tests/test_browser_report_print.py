"""Printing the demo's report from Chromium ("Save as PDF") gives a clean A4 report of at
most 8 pages: the figures without the site's header, menus and forms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.load import running_server
from tests.browser import chromium
from tests.test_browser_shell import _sign_in
from tests.test_cli import _parcours

pytestmark = pytest.mark.anyio


async def test_the_demo_report_prints_on_at_most_eight_a4_pages(client, tmp_path: Path) -> None:
    seeded = await _parcours("demo", "--seed-only")
    assert seeded.returncode == 0, seeded.stderr
    with running_server(tmp_path / "server.log") as (_, base):
        async with chromium() as browser:
            page = await browser.new_page(locale="en-GB")
            await _sign_in(page, base, "client")
            await page.goto(f"{base}/campaigns/1/report")
            await page.emulate_media(media="print")
            hidden = await page.evaluate(
                "['.bar', '.foot', '.actions', '.screen-only']"
                ".map(s => document.querySelector(s))"
                ".filter(e => e && getComputedStyle(e).display !== 'none')"
                ".map(e => e.className)"
            )
            shown = await page.locator(".tiles").is_visible()
            pdf = await page.pdf(format="A4", print_background=True)
    (tmp_path / "report.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))

    assert hidden == [], "header, footer, buttons and open answers stay off paper"
    assert shown, "the headline is printed"
    assert 1 <= pages <= 8, f"{pages} pages"
