"""The review pages: managers filter and decide with plain forms; clients only read."""

from __future__ import annotations

import html
import re

import pytest
from httpx import AsyncClient

from backend.tables import Finding, ReviewEvent
from tests.helpers import (
    accepted_journey,
    csrf_headers,
    form_token,
    signed_up,
    signed_up_manager,
)

pytestmark = pytest.mark.anyio


async def test_manager_filters_and_accepts_with_a_form(filed) -> None:
    _, manager, campaign, (_, minor) = filed
    url = f"/campaigns/{campaign}/findings"

    page = await manager.get(url, params={"severity": "minor"})
    token = await form_token(manager, url)
    accepted = await manager.post(
        f"{url}/{minor}/review",
        data={"review": "accepted", "next": f"{url}?severity=minor", "_csrf_token": token},
    )

    assert page.status_code == 200
    assert "Typo in footer" in page.text
    assert "Menu &lt;b&gt;hidden&lt;/b&gt;" not in page.text, "filtered out (and escaped)"
    assert "1 shown of 1 matching, 2 in all" in page.text
    assert accepted.status_code in (302, 303)
    back = f"{url}?severity=minor&finding={minor}"
    assert accepted.headers["location"] == f"{back}#finding-{minor}", "the same finding, shown"
    landed = await manager.get(back)
    detail = landed.text[landed.text.index('id="detail"') :]
    assert f'id="detail-title">#{minor} Typo in footer' in detail
    assert f"Decision saved on finding #{minor}" in detail, "told in place, on the finding"
    assert re.search(r"<li><span[^>]*>[^<]*· Pat Manager</span> · Accepted</li>", detail), detail
    stored = await Finding.select(Finding.review).where(Finding.id == minor).first()
    assert stored["review"] == "accepted"
    assert await ReviewEvent.count() == 1


async def test_a_refused_decision_shows_why_and_changes_nothing(filed) -> None:
    _, manager, campaign, (major, _) = filed
    url = f"/campaigns/{campaign}/findings"
    token = await form_token(manager, url)

    self_duplicate = await manager.post(
        f"{url}/{major}/review",
        data={"review": "duplicate", "duplicate_of": str(major), "_csrf_token": token},
    )
    no_note = await manager.post(
        f"{url}/{major}/review", data={"review": "needs_info", "_csrf_token": token}
    )
    not_a_number = await manager.post(
        f"{url}/{major}/review",
        data={"review": "duplicate", "duplicate_of": "first", "_csrf_token": token},
    )

    assert self_duplicate.status_code == 409
    assert re.search(rf'id="finding-{major}-error">[^<]*itself', self_duplicate.text), (
        "the error sits on the finding it is about"
    )
    assert f'id="detail-title">#{major} ' in self_duplicate.text, "shown in full, forms at hand"
    assert no_note.status_code == 422
    assert "what information is missing" in no_note.text
    assert not_a_number.status_code == 422
    assert "duplicate_of" in not_a_number.text
    assert await ReviewEvent.count() == 0
    assert (await Finding.select(Finding.review).where(Finding.id == major).first())[
        "review"
    ] == "new"


async def test_clients_read_without_forms_and_strangers_get_404(
    filed, other_client: AsyncClient
) -> None:
    client, _, campaign, (major, _) = filed
    url = f"/campaigns/{campaign}/findings"
    await signed_up(other_client, "ceo@rival.test", role="client", organization="Rival")

    page = await client.get(url)
    token = await form_token(client, url)
    attempt = await client.post(
        f"{url}/{major}/review", data={"review": "accepted", "_csrf_token": token}
    )

    assert page.status_code == 200
    assert "Typo in footer" in page.text
    detail = await client.get(url, params={"finding": major})
    assert detail.status_code == 200
    assert "Menu &lt;b&gt;hidden&lt;/b&gt;" in detail.text
    assert '/review"' not in page.text + detail.text, "no decision forms for clients"
    assert attempt.status_code == 403
    assert (await other_client.get(url)).status_code == 404
    assert (await client.get(url, params={"finding": 999999})).status_code == 404


async def test_a_decision_after_a_refused_one_returns_to_the_list_not_a_405(filed) -> None:
    _, manager, campaign, (major, minor) = filed
    url = f"/campaigns/{campaign}/findings"
    token = await form_token(manager, url)

    refused = await manager.post(
        f"{url}/{minor}/review",
        data={"review": "duplicate", "duplicate_of": "9999", "next": f"{url}?severity=minor"},
        headers={"x-csrftoken": manager.cookies["csrftoken"]},
    )
    # The refused page's forms send the next decision back to where the list was.
    next_field = refused.text.split('name="next" value="')[1].split('"')[0]
    decided = await manager.post(
        f"{url}/{major}/review",
        data={"review": "accepted", "next": next_field.replace("&amp;", "&"), "_csrf_token": token},
        follow_redirects=True,
    )

    assert refused.status_code == 422
    assert next_field == f"{url}?severity=minor"
    assert decided.status_code == 200, decided.text[:300]
    assert decided.url.path == url
    assert decided.url.params["finding"] == str(major)
    assert (await Finding.select(Finding.review).where(Finding.id == major).first())[
        "review"
    ] == "accepted"


async def test_findings_come_in_pages_that_keep_the_filters(client: AsyncClient, browsers) -> None:
    tester = browsers()
    journey = await accepted_journey(client, tester)
    step = journey["use_cases"][0]["steps"][0]["id"]
    for n in range(40):
        await tester.post(
            f"/api/v1/participations/{journey['participation_id']}/steps/{step}/findings",
            data={
                "title": f"Problem {n:02d}",
                "kind": "usability",
                "severity": "major" if n % 5 == 0 else "minor",
            },
            headers=await csrf_headers(tester),
        )
    manager = await signed_up_manager(browsers())
    campaign = (await Finding.select(Finding.campaign).first())["campaign"]
    url = f"/campaigns/{campaign}/findings"

    first = await manager.get(url, params={"severity": "minor"})
    older = re.search(r'href="([^"]*)">Next page', first.text)
    assert older, "a link to the next page"
    second = await manager.get(html.unescape(older[1]))

    assert "severity=minor" in older[1], "the filter travels with the page"
    assert "25 shown of 32 matching, 40 in all" in first.text
    assert "7 shown of 32 matching, 40 in all" in second.text
    assert "Next page" not in second.text
    assert "First page" in second.text
    minors = [n for n in range(40) if n % 5]
    shown = re.findall(r"Problem (\d\d)", first.text) + re.findall(r"Problem (\d\d)", second.text)
    assert sorted(int(n) for n in shown) == minors, "every minor finding once, none twice"


async def test_the_api_pages_with_limit_and_before(filed) -> None:
    _, manager, campaign, (major, minor) = filed
    url = f"/api/v1/campaigns/{campaign}/findings"

    first = await manager.get(url, params={"limit": 1})
    second = await manager.get(url, params={"limit": 1, "before": first.json()[0]["id"]})
    too_many = await manager.get(url, params={"limit": 10_000})

    assert [f["id"] for f in first.json()] == [minor]
    assert [f["id"] for f in second.json()] == [major]
    assert too_many.status_code == 400


async def test_bulk_decisions_apply_to_all_selected_or_to_none(filed) -> None:
    _, manager, campaign, (major, minor) = filed
    url = f"/campaigns/{campaign}/findings"
    token = await form_token(manager, url)

    no_reason = await manager.post(
        f"{url}/bulk",
        data={"finding": [str(major), str(minor)], "review": "rejected", "_csrf_token": token},
    )
    unknown = await manager.post(
        f"{url}/bulk",
        data={"finding": [str(major), "999999"], "review": "accepted", "_csrf_token": token},
    )
    nothing = await manager.post(f"{url}/bulk", data={"review": "accepted", "_csrf_token": token})
    unchanged = await Finding.count().where(Finding.review != "new")

    accepted = await manager.post(
        f"{url}/bulk",
        data={
            "finding": [str(major), str(minor)],
            "review": "accepted",
            # Left chosen in the shared reason list: "Accept" ignores it.
            "reason": "not_reproducible",
            "next": f"{url}?severity=minor",
            "_csrf_token": token,
        },
    )

    assert no_reason.status_code == 422
    assert "A rejection needs a reason" in no_reason.text
    assert unknown.status_code == 404
    assert "Nothing was changed: no finding #999999 in this campaign" in unknown.text
    assert nothing.status_code == 422
    assert "Select the findings" in nothing.text
    assert unchanged == 0, "refused batches change nothing"
    assert accepted.status_code in (302, 303)
    assert accepted.headers["location"] == f"{url}?severity=minor"
    landed = await manager.get(f"{url}?severity=minor")
    assert "Decision saved for every selected finding (2)" in landed.text
    reviews = {row["id"]: row["review"] for row in await Finding.select(Finding.id, Finding.review)}
    assert reviews == {major: "accepted", minor: "accepted"}
    assert await ReviewEvent.count() == 2


async def test_managers_see_the_testers_record_and_clients_do_not(filed) -> None:
    client, manager, campaign, (major, minor) = filed
    url = f"/campaigns/{campaign}/findings"
    token = await form_token(manager, url)
    await manager.post(
        f"{url}/{major}/review",
        data={"review": "rejected", "reason": "not_reproducible", "_csrf_token": token},
    )
    await manager.post(f"{url}/{minor}/review", data={"review": "accepted", "_csrf_token": token})

    seen_by_client = await client.get(url)

    record = "Tester's record across campaigns: 1 accepted, 1 rejected, 0 duplicates"
    shown_to_manager = await manager.get(url, params={"finding": major})
    shown_to_client = await client.get(url, params={"finding": major})
    assert record in shown_to_manager.text, "beside the finding shown"
    assert "record" not in (seen_by_client.text + shown_to_client.text).lower()
    assert 'form="bulk"' not in seen_by_client.text
