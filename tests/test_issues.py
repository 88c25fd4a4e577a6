"""Issues across locales: a manager groups accepted findings of different locales that
describe the same problem; each keeps counting in its own locale, the top list ranks issues."""

from __future__ import annotations

import pytest
from httpx import AsyncClient

from backend.tables import Finding, ReviewEvent
from campaigns.review import IssueProblem, IssueSide, issue_problem
from tests.helpers import created_campaign, csrf_headers, form_token, signed_up, signed_up_manager
from tests.seeding import seed_friction, two_stage_definition


def _side(id_: int, locale: str, review: str = "accepted", under: int | None = None) -> IssueSide:
    return IssueSide(id=id_, locale=locale, review=review, grouped_under=under, leads_others=False)


def test_who_may_join_an_issue() -> None:
    lead = _side(1, "fr-FR")
    assert issue_problem(_side(2, "de-DE"), lead) is None
    assert issue_problem(lead, lead) is IssueProblem.itself
    assert issue_problem(_side(2, "de-DE", "new"), lead) is IssueProblem.not_accepted
    assert issue_problem(_side(2, "fr-FR"), lead) is IssueProblem.same_locale
    assert issue_problem(_side(2, "de-DE"), _side(1, "fr-FR", under=3)) is IssueProblem.lead_grouped
    leading = IssueSide(
        id=2, locale="de-DE", review="accepted", grouped_under=None, leads_others=True
    )
    assert issue_problem(leading, lead) is IssueProblem.leads_others


@pytest.fixture
async def seeded(client: AsyncClient, browsers):
    """The seeded two-stage campaign; (client, manager, campaign id, {title+locale: id})."""
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    campaign = await created_campaign(client, two_stage_definition())
    await seed_friction(campaign["id"])
    ids = {
        f"{row['title']} {row['locale']} {row['review']}": row["id"]
        for row in await Finding.select(Finding.id, Finding.title, Finding.locale, Finding.review)
    }
    return client, await signed_up_manager(browsers()), campaign["id"], ids


async def _group(manager: AsyncClient, campaign: int, finding: int, data: dict) -> object:
    url = f"/campaigns/{campaign}/findings"
    token = await form_token(manager, f"{url}?finding={finding}")
    return await manager.post(f"{url}/{finding}/issue", data={**data, "_csrf_token": token})


@pytest.mark.anyio
async def test_grouped_findings_rank_as_one_issue_and_keep_their_locale(seeded) -> None:
    client, manager, campaign, ids = seeded
    lead = ids["major on awareness fr-FR accepted"]
    critical = ids["critical on awareness en-GB accepted"]

    grouped = await _group(manager, campaign, critical, {"issue_of": str(lead)})
    report = (await client.get(f"/api/v1/campaigns/{campaign}/report")).json()
    page = (await manager.get(f"/campaigns/{campaign}/findings", params={"finding": lead})).text

    assert grouped.status_code in (302, 303)
    top = report["top"]["points"]
    # fr-FR major: 4 × (1 + Ben's duplicate) = 8; en-GB critical: 8 × 1 = 8. One issue: 16.
    assert (top[0]["finding_id"], top[0]["reports"], top[0]["score"]) == (lead, 3, 16)
    assert top[0]["locales"] == ["en-GB", "fr-FR"]
    assert top[0]["grouped"] == [critical]
    assert critical not in [point["finding_id"] for point in top]
    cells = {(c["stage"], c["locale"]): c["index"] for c in report["friction"]["cells"]}
    assert cells["awareness", "en-GB"] == 16.0, "still counted in its own locale"
    assert cells["awareness", "fr-FR"] == 3.0
    assert "Same problem in other locales" in page
    assert f"#{critical} critical on awareness" in page
    assert await ReviewEvent.count().where(ReviewEvent.action == "issue") == 1

    left = await _group(manager, campaign, critical, {"leave": "1"})
    again = (await client.get(f"/api/v1/campaigns/{campaign}/report")).json()["top"]["points"]
    assert left.status_code in (302, 303)
    assert [(p["finding_id"], p["score"]) for p in again[:2]] == [(lead, 8), (critical, 8)]


@pytest.mark.anyio
async def test_a_refused_grouping_says_why_and_changes_nothing(seeded) -> None:
    _, manager, campaign, ids = seeded
    lead = ids["major on awareness fr-FR accepted"]
    minor = ids["minor on awareness fr-FR accepted"]
    rejected = ids["critical on awareness fr-FR rejected"]
    critical = ids["critical on awareness en-GB accepted"]

    same_locale = await _group(manager, campaign, minor, {"issue_of": str(lead)})
    not_accepted = await _group(manager, campaign, critical, {"issue_of": str(rejected)})
    nothing = await _group(manager, campaign, critical, {})
    stranger = await _group(manager, campaign, critical, {"issue_of": "999999"})

    assert same_locale.status_code == 409
    assert "in the same locale: mark one a duplicate" in same_locale.text
    assert not_accepted.status_code == 409
    assert "Only accepted findings" in not_accepted.text
    assert nothing.status_code == 422
    assert "Choose the finding of the other locale" in nothing.text
    assert stranger.status_code == 404
    assert await Finding.count().where(Finding.issue_of.is_not_null()) == 0


@pytest.mark.anyio
async def test_the_api_groups_and_ungroups(seeded) -> None:
    client, manager, _, ids = seeded
    lead = ids["major on awareness fr-FR accepted"]
    critical = ids["critical on awareness en-GB accepted"]
    minor = ids["minor on awareness fr-FR accepted"]
    url = f"/api/v1/findings/{critical}/issue"

    grouped = await manager.put(url, json={"issue_of": lead}, headers=await csrf_headers(manager))
    refused = await manager.put(
        f"/api/v1/findings/{minor}/issue",
        json={"issue_of": lead},
        headers=await csrf_headers(manager),
    )
    as_client = await client.put(url, json={"issue_of": None}, headers=await csrf_headers(client))
    wrong = await manager.put(url, json={"issue_of": "x"}, headers=await csrf_headers(manager))
    left = await manager.put(url, json={"issue_of": None}, headers=await csrf_headers(manager))

    assert grouped.status_code == 200, grouped.text
    assert [m["id"] for m in grouped.json()["members"]] == [lead, critical]
    assert refused.status_code == 409
    assert as_client.status_code == 403
    assert wrong.status_code == 400
    assert left.status_code == 200
    assert left.json() is None
    assert await Finding.count().where(Finding.issue_of.is_not_null()) == 0
