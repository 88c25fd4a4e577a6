"""Open answers: the report keeps the latest few per question × locale with the true count,
and every answer is a keyset page away, by API and on a page."""

from __future__ import annotations

from pathlib import Path

import pytest
from httpx import AsyncClient

from backend.tables import Answer, Participation, Question, User
from tests.helpers import csrf_headers, signed_up

pytestmark = pytest.mark.anyio

RETAIL = (Path(__file__).parent.parent / "campaigns/examples/retail.yaml").read_bytes()


async def _campaign_with_feelings(client: AsyncClient, per_locale: dict[str, int]) -> int:
    """The retail example with `per_locale[locale]` testers each writing "<locale> feeling <n>"."""
    await signed_up(client, "cfo@northwind.test", role="client", organization="Northwind")
    headers = {**await csrf_headers(client), "content-type": "application/yaml"}
    campaign = (
        await client.post("/api/v1/campaigns/import", content=RETAIL, headers=headers)
    ).json()["id"]
    question = (
        await Question.select(Question.id)
        .where((Question.campaign == campaign) & (Question.key == "return_feeling"))
        .first()
    )["id"]
    for locale, count in per_locale.items():
        for n in range(count):
            user = await User.insert(
                User(email=f"{locale}-{n}@e.test", name="T", password_hash="x", role="tester")
            )
            participation = await Participation.insert(
                Participation(
                    campaign=campaign,
                    tester=user[0]["id"],
                    pseudonym=f"T-{locale}-{n}",
                    locale=locale,
                    country=locale[-2:],
                    state="submitted",
                )
            )
            await Answer.insert(
                Answer(
                    participation=participation[0]["id"],
                    question=question,
                    campaign=campaign,
                    locale=locale,
                    text=f"{locale} feeling {n}",
                )
            )
    return campaign


async def test_the_report_keeps_the_latest_ten_and_counts_them_all(client: AsyncClient) -> None:
    campaign = await _campaign_with_feelings(client, {"en-GB": 23, "de-DE": 2})

    report = (await client.get(f"/api/v1/campaigns/{campaign}/report")).json()

    texts = {(t["question"], t["locale"]): t for t in report["questions"]["texts"]}
    english = texts["return_feeling", "en-GB"]
    assert english["n"] == 23
    assert english["answers"] == [f"en-GB feeling {n}" for n in range(22, 12, -1)]
    assert texts["return_feeling", "de-DE"]["answers"] == ["de-DE feeling 1", "de-DE feeling 0"]
    assert texts["return_feeling", "fr-FR"] == {
        "question": "return_feeling",
        "locale": "fr-FR",
        "n": 0,
        "answers": [],
    }


async def test_pages_walk_every_answer_once_newest_first(client: AsyncClient) -> None:
    campaign = await _campaign_with_feelings(client, {"en-GB": 23, "de-DE": 2})
    url = f"/api/v1/campaigns/{campaign}/answers"

    seen, before, pages = [], None, 0
    while True:
        params = {"question": "return_feeling", "locale": "en-GB", "limit": 10}
        if before is not None:
            params["before"] = before
        page = (await client.get(url, params=params)).json()
        assert page["total"] == 23
        seen += [answer["text"] for answer in page["answers"]]
        pages += 1
        before = page["next_before"]
        if before is None:
            break

    assert pages == 3
    assert seen == [f"en-GB feeling {n}" for n in range(22, -1, -1)]
    everyone = (await client.get(url, params={"question": "return_feeling"})).json()
    assert everyone["total"] == 25
    assert {answer["locale"] for answer in everyone["answers"]} == {"en-GB", "de-DE"}
    assert "tester" not in everyone["answers"][0], "words, not who wrote them"


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"question": "recommend"}, 404, "No open question recommend"),
        ({"question": "nothing"}, 404, "No open question nothing"),
        ({"question": "return_feeling", "limit": 0}, 422, "1 to 200 answers"),
        ({"question": "return_feeling", "limit": 5000}, 422, "1 to 200 answers"),
        ({"question": "return_feeling", "before": "soon"}, 400, "before"),
        ({}, 400, "question"),
    ],
)
async def test_bad_page_requests_are_refused_with_a_reason(
    client: AsyncClient, params: dict, status: int, words: str
) -> None:
    campaign = await _campaign_with_feelings(client, {"en-GB": 1})

    response = await client.get(f"/api/v1/campaigns/{campaign}/answers", params=params)

    assert response.status_code == status, response.text
    assert words in response.text


async def test_other_organizations_and_testers_read_no_answers(
    client: AsyncClient, other_client: AsyncClient
) -> None:
    campaign = await _campaign_with_feelings(client, {"en-GB": 1})
    await signed_up(other_client, "ceo@rival.test", role="client", organization="Rival")

    api = await other_client.get(
        f"/api/v1/campaigns/{campaign}/answers", params={"question": "return_feeling"}
    )
    page = await other_client.get(f"/campaigns/{campaign}/answers/return_feeling")

    assert api.status_code == 404
    assert page.status_code == 404
    assert "en-GB feeling 0" not in api.text + page.text


async def test_the_dashboard_links_to_every_answer_page_by_page(client: AsyncClient) -> None:
    campaign = await _campaign_with_feelings(client, {"en-GB": 60})

    dashboard = await client.get(f"/campaigns/{campaign}/report")
    first = await client.get(
        f"/campaigns/{campaign}/answers/return_feeling", params={"locale": "en-GB"}
    )

    assert f'href="/campaigns/{campaign}/answers/return_feeling?locale=en-GB"' in dashboard.text
    assert first.status_code == 200
    assert "60 answers, newest first" in first.text
    assert "en-GB feeling 59" in first.text
    assert "en-GB feeling 9<" not in first.text, "the second page"
    older = first.text.split('href="?before=')[1].split('"')[0].replace("&amp;", "&")
    second = await client.get(f"/campaigns/{campaign}/answers/return_feeling?before={older}")
    assert "en-GB feeling 9<" in second.text
    assert "en-GB feeling 59" not in second.text
    assert "Newest answers" in second.text
