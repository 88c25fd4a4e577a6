"""The conversation about a finding in Chromium, on the demo: a manager at 1440×900 asks the
tester for more information, the tester answers on a 390×844 phone with a screenshot, and the
manager writes back without the page reloading."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest
from PIL import Image
from playwright.async_api import expect

from backend.demo.seed import PASSWORD
from backend.tables import FindingMessage, Screenshot
from bench.load import running_server
from tests.browser import PHONE, chromium, last_page
from tests.test_browser_review import _problems
from tests.test_browser_shell import SCREEN, _sign_in
from tests.test_cli import _parcours

pytestmark = pytest.mark.anyio

QUESTION = "Which card did you pay with, and did your bank's app open?"
ANSWER = "A Visa debit card; the bank app opened, then the shop said the payment was declined."


async def _tester_files_a_finding(base: str) -> int:
    """The demo tester joins the demo campaign and reports a problem, over the API."""
    async with httpx.AsyncClient(base_url=base) as api:
        token = await api.post(
            "/api/v1/auth/tokens",
            json={"email": "tester@demo.parcours.test", "password": PASSWORD},
        )
        api.headers["Authorization"] = f"Bearer {token.json()['token']}"
        invitation = (await api.get("/api/v1/me/invitations")).json()[0]
        await api.post(f"/api/v1/invitations/{invitation['id']}/accept")
        journey = (await api.get(f"/api/v1/participations/{invitation['id']}")).json()
        step = journey["use_cases"][0]["steps"][0]["id"]
        filed = await api.post(
            f"/api/v1/participations/{invitation['id']}/steps/{step}/findings",
            data={
                "title": "Payment declined after approval",
                "kind": "payment",
                "severity": "major",
            },
        )
        assert filed.status_code == 201, filed.text
        return filed.json()["id"]


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (390, 600), "#c0392b").save(out, "PNG")
    return out.getvalue()


async def test_a_question_answered_on_a_phone(client, tmp_path: Path) -> None:
    seeded = await _parcours("demo", "--seed-only")
    assert seeded.returncode == 0, seeded.stderr
    problems: list[str] = []
    with running_server(tmp_path / "server.log") as (_, base):
        finding = await _tester_files_a_finding(base)
        detail = f"{base}/campaigns/1/findings?finding={finding}"
        async with chromium() as browser:
            desk = await browser.new_context(viewport=SCREEN, locale="en-GB")
            manager = await desk.new_page()
            await _sign_in(manager, base, "manager")
            await manager.goto(detail)
            await manager.fill(f"#note-{finding}", QUESTION)
            await manager.click(f"#detail form:has(#note-{finding}) button[type=submit]")
            await expect(manager.locator("#detail .thread")).to_contain_text(QUESTION)

            phone = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            tester = await phone.new_page()
            await _sign_in(tester, base, "tester")
            await expect(tester.locator(".card").first).to_contain_text(QUESTION)
            await tester.goto(f"{base}/me/findings/{finding}")
            await expect(tester.locator(".thread")).to_contain_text(QUESTION)
            await tester.fill("#body", ANSWER)
            await tester.set_input_files(
                "#screenshots",
                files=[{"name": "declined.png", "mimeType": "image/png", "buffer": _png()}],
            )
            await tester.click("#reply-form button[type=submit]")
            await expect(tester.locator(".message.mine").last).to_contain_text(ANSWER)
            await expect(tester.locator(".message.mine .message-shots img")).to_have_count(1)
            problems += await _problems(tester, "tester's conversation (phone)")
            await last_page(tester, "conversation-phone")

            await manager.goto(detail)
            await manager.evaluate("window.__mark = 'kept'")
            await expect(manager.locator("#detail .thread")).to_contain_text(ANSWER)
            await manager.fill(f"#message-{finding}", "Thanks, we reproduced it.")
            await manager.click(f"#detail form:has(#message-{finding}) button[type=submit]")
            await expect(manager.locator("#detail .message.mine").last).to_contain_text(
                "Thanks, we reproduced it."
            )
            assert await manager.evaluate("window.__mark === 'kept'"), "nothing reloaded"
            problems += await _problems(manager, "review detail (screen)")
            await last_page(manager, "conversation-review")

    shots = await Screenshot.select(Screenshot.finding).where(Screenshot.message.is_not_null())
    messages = (
        await FindingMessage.select(FindingMessage.body)
        .where(FindingMessage.finding == finding)
        .order_by(FindingMessage.id)
    )
    assert shots == [{"finding": finding}]
    assert [m["body"] for m in messages] == [QUESTION, ANSWER, "Thanks, we reproduced it."]
    assert "\n".join(problems) == ""
