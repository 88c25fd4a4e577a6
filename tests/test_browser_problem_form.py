"""The problem form on a 390×844 phone: a file that is no screenshot is caught before it is
sent, a refused upload keeps every field, and every screenshot gets its own blur canvas."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from httpx import AsyncClient
from PIL import Image

from backend.tables import Finding, Screenshot
from bench.load import running_server
from tests.browser import PHONE, accessibility_problems, chromium, last_page
from tests.helpers import PASSWORD, accepted_journey

pytestmark = pytest.mark.anyio


def _png(folder: Path, name: str, colour: tuple[int, int, int]) -> Path:
    path = folder / name
    Image.new("RGB", (390, 844), colour).save(path)
    return path


async def test_the_problem_form_keeps_work_and_blurs_every_screenshot(
    client: AsyncClient, browsers, tmp_path: Path
) -> None:
    journey = await accepted_journey(client, browsers())
    step = journey["use_cases"][0]["steps"][0]["id"]
    form_path = f"/journeys/{journey['participation_id']}/steps/{step}/finding"
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture")
    disguised = tmp_path / "notes.png"
    disguised.write_text("not a picture either")
    first, second = _png(tmp_path, "a.png", (200, 30, 30)), _png(tmp_path, "b.png", (30, 30, 200))

    with running_server(tmp_path / "server.log") as (_, base):
        async with chromium() as browser:
            context = await browser.new_context(
                viewport=PHONE, is_mobile=True, has_touch=True, locale="fr-FR"
            )
            page = await context.new_page()
            await page.goto(f"{base}/login")
            await page.fill("#email", "tess@example.org")
            await page.fill("#password", PASSWORD)
            await page.click("form.stack button[type=submit]")
            await page.wait_for_url(f"{base}/")
            await page.goto(base + form_path)
            await page.fill("#title", "Le bouton payer est caché")
            await page.fill("#description", "Il faut faire défiler trois fois.")
            await page.check("input[name=severity][value=major]")
            await page.check("input[name=emotion][value='-1']")

            # A text file is named and stopped before anything is sent.
            await page.set_input_files("#screenshots", str(notes))
            await page.click("button[type=submit]:has-text('Envoyer')")
            caught = await page.inner_text("#screenshots-error")
            still_here = page.url

            # A text file named .png passes the browser; the server refuses it and the form
            # comes back with everything typed.
            await page.set_input_files("#screenshots", str(disguised))
            await page.click("button[type=submit]:has-text('Envoyer')")
            await page.wait_for_selector("#form-error")
            kept = {
                "title": await page.input_value("#title"),
                "description": await page.input_value("#description"),
                "severity": await page.is_checked("input[name=severity][value=major]"),
                "emotion": await page.is_checked("input[name=emotion][value='-1']"),
            }
            problems = await accessibility_problems(page)

            # Two screenshots, two canvases; a rectangle on the second blurs the second.
            await page.set_input_files("#screenshots", [str(first), str(second)])
            second_canvas = page.locator(".blur-canvas").nth(1)
            await second_canvas.wait_for()
            # The canvas takes the screenshot's proportions once the picture is drawn.
            for _ in range(50):
                box = await second_canvas.bounding_box()
                if box and box["height"] > 200:
                    break
                await asyncio.sleep(0.1)
            await second_canvas.scroll_into_view_if_needed()
            box = await second_canvas.bounding_box()
            await page.mouse.move(box["x"] + 10, box["y"] + 10)
            await page.mouse.down()
            await page.mouse.move(box["x"] + 120, box["y"] + 80, steps=5)
            await page.mouse.up()
            blur = json.loads(await page.input_value("#blur"))
            await last_page(page, "tester-problem-form")
            await page.click("button[type=submit]:has-text('Envoyer')")
            await page.wait_for_selector("text=Problème signalé")

    assert "notes.txt" in caught
    assert still_here == base + form_path
    assert kept == {
        "title": "Le bouton payer est caché",
        "description": "Il faut faire défiler trois fois.",
        "severity": True,
        "emotion": True,
    }
    assert problems == []
    assert [area["screenshot"] for area in blur] == [1]
    assert await Finding.count() == 1
    assert await Screenshot.count() == 2
