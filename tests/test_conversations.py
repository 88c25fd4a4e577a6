"""The conversation about a finding: a manager's question opens it, both sides write, replies
carry screenshots, the client reads with testers under their pseudonym, each message is
e-mailed, and questions from before the conversation existed are moved into it."""

from __future__ import annotations

import importlib
import io
from typing import Any

import pytest
from httpx import AsyncClient
from PIL import Image

from backend.tables import Finding, FindingMessage, OutboxMessage, ReviewEvent, Screenshot, User
from tests.helpers import (
    ASKED,
    csrf_headers,
    form_token,
    signed_up,
    signed_up_tester,
)

pytestmark = pytest.mark.anyio

QUESTION = ASKED


async def _write(browser: AsyncClient, url: str, body: Any) -> Any:
    return await browser.post(url, json={"body": body}, headers=await csrf_headers(browser))


async def _mail(kind: str) -> list[dict[str, Any]]:
    return await OutboxMessage.select(
        OutboxMessage.to_address, OutboxMessage.subject, OutboxMessage.text_body
    ).where(OutboxMessage.kind == kind)


async def test_the_question_opens_the_thread_and_both_sides_write(asked) -> None:
    tester, manager, url = asked["tester"], asked["manager"], asked["url"]

    opened = (await tester.get(url)).json()
    from_manager = await _write(manager, url, "Thanks. Was it a debit or a credit card?")
    from_tester = await _write(tester, url, "Debit, and the bank app never opened.")
    thread = (await tester.get(url)).json()

    assert [(m["body"], m["asks"], m["from_manager"]) for m in opened] == [(QUESTION, True, True)]
    assert (from_manager.status_code, from_tester.status_code) == (201, 201), from_tester.text
    assert [(m["body"], m["from_manager"], m["mine"]) for m in thread] == [
        (QUESTION, True, False),
        ("Thanks. Was it a debit or a credit card?", True, False),
        ("Debit, and the bank app never opened.", False, True),
    ]
    assert thread[0]["author"] == "Pat Manager"
    to_tester = await _mail("message")
    assert [m["to_address"] for m in to_tester] == ["tess@example.org"]
    assert "Was it a debit or a credit card?" in to_tester[0]["text_body"]
    assert f"/me/findings/{asked['id']}" in to_tester[0]["text_body"]
    to_manager = await _mail("reply")
    assert [m["to_address"] for m in to_manager] == ["pm@parcours.test"]
    assert "the bank app never opened" in to_manager[0]["text_body"]
    assert f"/findings?finding={asked['id']}" in to_manager[0]["text_body"]


async def test_the_client_reads_and_sees_the_tester_only_by_pseudonym(asked) -> None:
    tester, manager, client, url = asked["tester"], asked["manager"], asked["client"], asked["url"]
    await _write(tester, url, "Debit card.")

    read_by_client = await client.get(url)
    written_by_client = await _write(client, url, "Can we see the bank screen?")
    read_by_manager = (await manager.get(url)).json()

    assert read_by_client.status_code == 200
    assert read_by_client.json()[-1]["author"].startswith("T-")
    assert "Test Person" not in read_by_client.text
    assert read_by_manager[-1]["author"] == "Test Person"
    assert written_by_client.status_code == 403
    assert "only the project managers and the tester write" in written_by_client.json()["detail"]
    assert await FindingMessage.count() == 2


async def test_nobody_else_reads_or_writes_and_bad_messages_change_nothing(asked, browsers) -> None:
    tester, url = asked["tester"], asked["url"]
    stranger = browsers()
    await signed_up_tester(stranger, "other@example.org")
    rival = browsers()
    await signed_up(rival, "cfo@rival.test", role="client", organization="Rival")

    answers = {
        "stranger reads": (await stranger.get(url)).status_code,
        "stranger writes": (await _write(stranger, url, "Me too")).status_code,
        "rival reads": (await rival.get(url)).status_code,
        "unknown finding": (await tester.get("/api/v1/findings/999999/messages")).status_code,
    }
    empty = await _write(tester, url, "   ")
    too_long = await _write(tester, url, "x" * 5001)
    wrong_type = await _write(tester, url, 42)
    unknown_field = await tester.post(
        url, json={"body": "Hi", "author": 1}, headers=await csrf_headers(tester)
    )

    assert answers == dict.fromkeys(answers, 404)
    assert empty.status_code == 422
    assert "Write a message or add a screenshot" in empty.json()["detail"]
    assert too_long.status_code == 422
    assert "at most 5000 characters; this one has 5001" in too_long.json()["detail"]
    assert (wrong_type.status_code, unknown_field.status_code) == (400, 400)
    assert await FindingMessage.count() == 1, "only the question"


def _png(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 200), colour).save(out, "PNG")
    return out.getvalue()


async def test_the_tester_replies_on_their_page_with_a_screenshot(asked) -> None:
    tester, manager = asked["tester"], asked["manager"]
    page_url = f"/me/findings/{asked['id']}"
    page = await tester.get(page_url)
    token = await form_token(tester, page_url)

    not_an_image = await tester.post(
        f"{page_url}/messages",
        data={"body": "Here is the bank screen.", "_csrf_token": token},
        files=[("screenshots", ("bank.png", b"not a picture", "image/png"))],
    )
    sent = await tester.post(
        f"{page_url}/messages",
        data={"body": "Here is the bank screen.", "_csrf_token": token},
        files=[("screenshots", ("bank.png", _png("blue"), "image/png"))],
    )
    thread = (await manager.get(asked["url"])).json()

    assert page.status_code == 200
    assert QUESTION in page.text
    assert f'href="/findings/{asked["id"]}/edit"' in page.text, "the question links to the edit"
    assert not_an_image.status_code in (415, 422)
    assert "Here is the bank screen." in not_an_image.text, "the text typed is kept"
    assert sent.status_code in (302, 303), sent.text
    assert sent.headers["location"].startswith(page_url)
    assert thread[-1]["body"] == "Here is the bank screen."
    [shot] = thread[-1]["screenshot_ids"]
    image = await manager.get(f"/api/v1/screenshots/{shot}")
    assert Image.open(io.BytesIO(image.content)).getpixel((5, 5))[:3] == (0, 0, 255)
    assert (await Screenshot.select(Screenshot.finding).first())["finding"] == asked["id"]
    assert await FindingMessage.count() == 2


async def test_a_resend_and_its_note_join_the_thread(asked) -> None:
    tester, manager = asked["tester"], asked["manager"]
    token = await form_token(tester, f"/findings/{asked['id']}/edit")

    sent = await tester.post(
        f"/findings/{asked['id']}/edit",
        data={
            "title": "Payment failed after 3-D Secure",
            "kind": "payment",
            "severity": "major",
            "note": "I added the card type to the title.",
            "_csrf_token": token,
        },
    )
    thread = (await manager.get(asked["url"])).json()

    assert sent.status_code in (302, 303), sent.text
    assert sent.headers["location"].startswith(f"/me/findings/{asked['id']}")
    assert [(m["asks"], m["resent"], m["body"]) for m in thread] == [
        (True, False, QUESTION),
        (False, True, "I added the card type to the title."),
    ]
    [mail] = await _mail("reply")
    assert "sent it again" in mail["text_body"]
    assert "I added the card type to the title." in mail["text_body"]


async def test_the_manager_writes_from_the_review_page_and_keeps_a_refused_text(asked) -> None:
    manager, tester = asked["manager"], asked["tester"]
    campaign = (await Finding.select(Finding.campaign).first())["campaign"]
    listing = f"/campaigns/{campaign}/findings?finding={asked['id']}"
    token = await form_token(manager, listing)
    action = f"/campaigns/{campaign}/findings/{asked['id']}/messages"

    too_long = await manager.post(
        action, data={"body": "Long " * 1001, "next": listing, "_csrf_token": token}
    )
    sent = await manager.post(
        action, data={"body": "We reproduced it, thanks!", "next": listing, "_csrf_token": token}
    )
    page = await manager.get(listing)
    home = await tester.get("/")

    assert too_long.status_code == 422
    assert "Long Long" in too_long.text, "the text typed is kept"
    assert sent.status_code in (302, 303)
    assert "We reproduced it, thanks!" in page.text
    assert QUESTION in page.text
    # The question holds the finding, so it is a follow-up, not an unanswered message.
    assert "We reproduced it, thanks!" not in home.text
    await manager.patch(
        f"/api/v1/findings/{asked['id']}",
        json={"review": "accepted"},
        headers=await csrf_headers(manager),
    )
    await _write(manager, asked["url"], "Accepted; the shop fixes it next week.")
    assert "Accepted; the shop fixes it next week." in (await tester.get("/")).text


async def test_a_tester_who_turned_mail_off_gets_messages_on_the_site_only(asked) -> None:
    await User.update({User.mail_updates: False}).where(User.email == "tess@example.org")

    sent = await _write(asked["manager"], asked["url"], "Could you try again today?")

    assert sent.status_code == 201
    assert await _mail("message") == []
    assert "Could you try again today?" in (await asked["tester"].get(asked["url"])).text


async def test_questions_and_resends_from_before_move_into_the_thread(asked) -> None:
    """The data migration, run on review events written the way they were before."""
    await asked["tester"].put(
        f"/api/v1/me/findings/{asked['id']}",
        json={"title": "Payment failed", "kind": "payment", "severity": "major"},
        headers=await csrf_headers(asked["tester"]),
    )
    events = await ReviewEvent.select(ReviewEvent.action, ReviewEvent.reason).order_by(
        ReviewEvent.id
    )
    await FindingMessage.delete(force=True)
    migration = importlib.import_module("backend.db.migrations.parcours_2026_12_06t03_12_00_000000")

    manager = await migration.forwards()
    for step in manager.raw:
        await step()
    thread = (await asked["manager"].get(asked["url"])).json()

    assert [(e["action"], e["reason"]) for e in events] == [
        ("needs_info", QUESTION),
        ("resent", ""),
    ]
    assert [(m["from_manager"], m["asks"], m["resent"], m["body"]) for m in thread] == [
        (True, True, False, QUESTION),
        (False, False, True, ""),
    ]
    assert [m["author"] for m in thread] == ["Pat Manager", "Test Person"]
