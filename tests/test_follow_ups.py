"""A manager asks for more information; the tester edits the finding and sends it again."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from backend.tables import Finding, Screenshot
from tests.helpers import (
    ASKED,
    csrf_headers,
    form_token,
    signed_up_tester,
)

pytestmark = pytest.mark.anyio

QUESTION = ASKED


def _edit(**changes: Any) -> dict[str, Any]:
    return {
        "title": "Payment failed after the bank app opened",
        "kind": "payment",
        "severity": "critical",
        "description": "Visa debit; the bank app opened, then the shop said 'error 42'.",
        **changes,
    }


async def test_tester_sees_the_question_edits_and_resends(asked) -> None:
    tester, manager = asked["tester"], asked["manager"]

    waiting = (await tester.get("/api/v1/me/follow-ups")).json()
    sent = await tester.put(
        f"/api/v1/me/findings/{asked['id']}", json=_edit(), headers=await csrf_headers(tester)
    )

    assert [(w["id"], w["question"]) for w in waiting] == [(asked["id"], QUESTION)]
    assert sent.status_code == 200, sent.text
    assert sent.json()["review"] == "new"
    row = (await manager.get(f"/api/v1/campaigns/{await _campaign()}/findings")).json()[0]
    assert row["title"] == "Payment failed after the bank app opened"
    assert (row["review"], row["severity"], row["reported_severity"]) == (
        "new",
        "critical",
        "critical",
    )
    trail = (await manager.get(f"/api/v1/findings/{asked['id']}/reviews")).json()
    assert [(t["action"], t["to_review"]) for t in trail] == [
        ("needs_info", "needs_info"),
        ("resent", "new"),
    ]
    assert trail[0]["reason"] == QUESTION
    assert (await tester.get("/api/v1/me/follow-ups")).json() == []


async def test_a_severity_the_manager_changed_stays(asked) -> None:
    tester, manager = asked["tester"], asked["manager"]
    await manager.patch(
        f"/api/v1/findings/{asked['id']}",
        json={"severity": "minor"},
        headers=await csrf_headers(manager),
    )

    await tester.put(
        f"/api/v1/me/findings/{asked['id']}", json=_edit(), headers=await csrf_headers(tester)
    )

    stored = await Finding.select(Finding.severity, Finding.reported_severity).first()
    assert (stored["severity"], stored["reported_severity"]) == ("minor", "critical")


async def test_only_its_tester_edits_and_only_when_asked(asked, browsers) -> None:
    tester, manager, client = asked["tester"], asked["manager"], asked["client"]
    url = f"/api/v1/me/findings/{asked['id']}"
    stranger = browsers()
    await signed_up_tester(stranger, "other@example.org")

    by_stranger = await stranger.put(url, json=_edit(), headers=await csrf_headers(stranger))
    by_client = await client.put(url, json=_edit(), headers=await csrf_headers(client))
    blank = await tester.put(url, json=_edit(title=" "), headers=await csrf_headers(tester))
    wrong_kind = await tester.put(url, json=_edit(kind="vibes"), headers=await csrf_headers(tester))

    assert by_stranger.status_code == 404
    assert by_client.status_code == 403
    assert blank.status_code == 400
    assert "title" in str(blank.json()["extra"])
    assert wrong_kind.status_code == 400
    assert (await Finding.select(Finding.title).first())["title"] == "Payment failed"

    accepted = await manager.patch(
        f"/api/v1/findings/{asked['id']}",
        json={"review": "accepted"},
        headers=await csrf_headers(manager),
    )
    assert accepted.status_code == 200, accepted.text
    late = await tester.put(url, json=_edit(), headers=await csrf_headers(tester))
    assert late.status_code == 409
    assert "only when a manager asks you for more information" in late.json()["detail"]


async def test_the_pages_work_without_javascript(asked) -> None:
    tester = asked["tester"]
    home = await tester.get("/")
    assert QUESTION in home.text
    assert f'href="/findings/{asked["id"]}/edit"' in home.text
    token = await form_token(tester, f"/findings/{asked['id']}/edit")

    refused = await tester.post(
        f"/findings/{asked['id']}/edit",
        data={**_edit(emotion="7"), "_csrf_token": token},
    )
    sent = await tester.post(
        f"/findings/{asked['id']}/edit", data={**_edit(), "_csrf_token": token}
    )

    assert refused.status_code == 400
    assert "emotion" in refused.text
    assert 'value="Payment failed after the bank app opened"' in refused.text, "input kept"
    assert sent.status_code in (302, 303)
    assert (await Finding.select(Finding.review).first())["review"] == "new"


def _png(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 200), colour).save(out, "PNG")
    return out.getvalue()


async def test_a_reply_adds_screenshots_up_to_the_limit(asked) -> None:
    tester, manager = asked["tester"], asked["manager"]
    token = await form_token(tester, f"/findings/{asked['id']}/edit")
    six = [("screenshots", (f"{i}.png", _png("red"), "image/png")) for i in range(6)]

    too_many = await tester.post(
        f"/findings/{asked['id']}/edit", data={**_edit(), "_csrf_token": token}, files=six
    )
    not_an_image = await tester.post(
        f"/findings/{asked['id']}/edit",
        data={**_edit(), "_csrf_token": token},
        files=[("screenshots", ("card.png", b"not a picture", "image/png"))],
    )
    stored_after_refusals = await Screenshot.count()
    sent = await tester.post(
        f"/findings/{asked['id']}/edit",
        data={**_edit(), "_csrf_token": token},
        files=[("screenshots", ("card.png", _png("blue"), "image/png"))],
    )

    assert too_many.status_code == 400
    assert not_an_image.status_code in (415, 422)
    assert 'value="Payment failed after the bank app opened"' in not_an_image.text, "input kept"
    assert stored_after_refusals == 0
    assert (await Finding.select(Finding.review).first())["review"] == "new"
    assert sent.status_code in (302, 303), sent.text
    row = (await manager.get(f"/api/v1/campaigns/{await _campaign()}/findings")).json()[0]
    assert row["screenshots"] == 1
    image = await manager.get(f"/api/v1/screenshots/{row['screenshot_ids'][0]}")
    assert Image.open(io.BytesIO(image.content)).getpixel((5, 5))[:3] == (0, 0, 255)


async def test_a_reply_cannot_pass_five_screenshots_in_all(asked, browsers) -> None:
    tester, manager = asked["tester"], asked["manager"]
    four = [("screenshots", (f"{i}.png", _png("red"), "image/png")) for i in range(4)]
    token = await form_token(tester, f"/findings/{asked['id']}/edit")
    await tester.post(
        f"/findings/{asked['id']}/edit", data={**_edit(), "_csrf_token": token}, files=four
    )
    await manager.patch(
        f"/api/v1/findings/{asked['id']}",
        json={"review": "needs_info", "note": "And the bank screen?"},
        headers=await csrf_headers(manager),
    )

    refused = await tester.post(
        f"/findings/{asked['id']}/edit",
        data={**_edit(title="Second try"), "_csrf_token": token},
        files=four[:2],
    )

    assert refused.status_code == 422
    assert "add at most 1 more" in refused.text
    assert await Screenshot.count() == 4
    assert (await Finding.select(Finding.title).first())["title"] != "Second try"


async def _campaign() -> int:
    return (await Finding.select(Finding.campaign).first())["campaign"]


async def test_the_client_sees_the_resending_tester_only_by_pseudonym(asked) -> None:
    tester, manager, client = asked["tester"], asked["manager"], asked["client"]
    await tester.put(
        f"/api/v1/me/findings/{asked['id']}", json=_edit(), headers=await csrf_headers(tester)
    )

    seen_by_client = (await client.get(f"/api/v1/findings/{asked['id']}/reviews")).json()
    seen_by_manager = (await manager.get(f"/api/v1/findings/{asked['id']}/reviews")).json()

    resent = seen_by_client[-1]
    assert resent["action"] == "resent"
    assert resent["actor"].startswith("T-"), resent
    assert "Test Person" not in str(seen_by_client)
    assert seen_by_manager[-1]["actor"] == "Test Person"
