"""The campaign report: friction by stage × locale, checked against numbers done by hand."""

from __future__ import annotations

import html
import random
import re
import statistics

import pytest
from httpx import AsyncClient

from backend.tables import Campaign, StepResult
from reports.completion import middle_positions
from tests.helpers import created_campaign, signed_up, signed_up_tester
from tests.seeding import seed_friction, two_stage_definition

pytestmark = pytest.mark.anyio


async def test_friction_index_matches_the_hand_computation(client: AsyncClient) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    campaign = await created_campaign(client, two_stage_definition())
    await seed_friction(campaign["id"])

    report = (await client.get(f"/api/v1/campaigns/{campaign['id']}/report")).json()

    cells = {(c["stage"], c["locale"]): c for c in report["friction"]["cells"]}
    # (4 major + 2 minor) / 2 testers; rejected, duplicate and new findings do not count.
    assert cells["awareness", "fr-FR"]["index"] == 3.0
    # (1 cosmetic + 8 × 1 blocked step) / 1 tester (only Ana reached purchase).
    assert cells["purchase", "fr-FR"]["index"] == 9.0
    # (8 critical + 8 × 1 blocked step) / 1 tester.
    assert cells["awareness", "en-GB"]["index"] == 16.0
    assert cells["purchase", "en-GB"]["index"] is None, "nobody reached it"
    assert cells["awareness", "fr-FR"]["findings"] == {
        "critical": 0,
        "major": 1,
        "minor": 1,
        "cosmetic": 0,
    }
    assert cells["awareness", "fr-FR"]["kinds"]["usability"] == 2
    # Blocked step results ÷ step results in the cell.
    assert cells["awareness", "fr-FR"]["blocked_rate"] == 0.0
    assert cells["awareness", "en-GB"]["blocked_rate"] == 1.0
    assert cells["purchase", "en-GB"]["blocked_rate"] is None
    assert report["friction"]["locales"] == ["en-GB", "fr-FR"]
    # Only the campaign's own stages, in journey order: no rows of "n/a" for the others.
    assert [c["stage"] for c in report["friction"]["cells"][::2]] == ["awareness", "purchase"]
    assert "÷ testers who reached the stage" in report["friction"]["formula"]


async def test_top_points_fold_duplicates_into_their_original(client: AsyncClient) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    campaign = await created_campaign(client, two_stage_definition())
    await seed_friction(campaign["id"])

    report = (await client.get(f"/api/v1/campaigns/{campaign['id']}/report")).json()

    points = [(p["title"], p["reports"], p["score"]) for p in report["top"]["points"]]
    # Ana's major has Ben's duplicate folded in: 4 × 2 reports ties Cleo's critical 8 × 1;
    # the earlier finding goes first. Rejected, duplicate and new findings are not listed.
    assert points == [
        ("major on awareness", 2, 8),
        ("critical on awareness", 1, 8),
        ("minor on awareness", 1, 2),
        ("cosmetic on purchase", 1, 1),
    ]
    assert report["top"]["points"][0]["screenshot_id"] is None
    assert "1 + duplicates" in report["top"]["formula"]


@pytest.mark.parametrize("what", ["report", "report.xlsx"])
async def test_report_is_private(
    client: AsyncClient, other_client: AsyncClient, browsers, what: str
) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    campaign = await created_campaign(client)
    await signed_up(other_client, "ceo@rival.test", role="client", organization="Rival")
    tester = browsers()
    await signed_up_tester(tester, "tess@example.org")
    url = f"/api/v1/campaigns/{campaign['id']}/{what}"

    assert (await other_client.get(url)).status_code == 404
    assert (await tester.get(url)).status_code == 403
    assert (await client.get(f"/api/v1/campaigns/999999/{what}")).status_code == 404


async def test_campaign_page_shows_the_heatmap_with_numbers(client: AsyncClient) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    campaign = await created_campaign(client, two_stage_definition())
    await Campaign.update({Campaign.status: "running"}).where(Campaign.id == campaign["id"])
    await seed_friction(campaign["id"])

    page = await client.get(f"/campaigns/{campaign['id']}")

    assert page.status_code == 200
    assert re.search(
        r'class="heat-4" data-stage="awareness" data-locale="en-GB"><a [^>]+>16.0</a></td>',
        page.text,
    )
    assert re.search(r'data-stage="awareness" data-locale="fr-FR"><a [^>]+>3.0</a></td>', page.text)
    assert 'class="heat-none" data-stage="purchase" data-locale="en-GB">n/a</td>' in page.text


async def test_completion_per_step_matches_the_hand_computation(client: AsyncClient) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    campaign = await created_campaign(client, two_stage_definition())
    await seed_friction(campaign["id"])
    await StepResult.update({StepResult.seconds_spent: 40}).where(StepResult.status == "completed")

    report = (await client.get(f"/api/v1/campaigns/{campaign['id']}/report")).json()

    open_step, pay_step = report["completion"]["steps"]
    # "open": Ana and Ben completed, Cleo blocked; only Ana went on to "pay".
    assert (open_step["step"], open_step["reached"], open_step["completed"]) == ("open", 3, 2)
    assert open_step["task_success"] == 0.667
    assert open_step["blocked_rate"] == 0.333
    assert open_step["drop_off"] == 0.667
    assert open_step["median_seconds"] == 40.0
    # "pay": Ana blocked; it is the use case's last step, so no drop-off to the next.
    assert (pay_step["reached"], pay_step["blocked"], pay_step["task_success"]) == (1, 1, 0.0)
    assert pay_step["drop_off"] is None
    assert pay_step["median_seconds"] is None
    assert "÷ testers who reached the step" in report["completion"]["formulas"]["task_success"]


async def test_median_time_per_step_counts_every_result_and_follows_the_locale(
    client: AsyncClient,
) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    campaign = await created_campaign(client, two_stage_definition())
    await seed_friction(campaign["id"])
    url = f"/api/v1/campaigns/{campaign['id']}/report"
    opened = await (
        StepResult.select(StepResult.id, StepResult.locale)
        .where((StepResult.campaign == campaign["id"]) & (StepResult.stage == "awareness"))
        .order_by(StepResult.id)
    )
    # Ana (fr-FR) 30 s, Ben (fr-FR) 10 s, Cleo (en-GB, blocked) 70 s.
    for row, seconds in zip(opened, (30, 10, 70), strict=True):
        await StepResult.update({StepResult.seconds_spent: seconds}).where(
            StepResult.id == row["id"]
        )

    everyone = (await client.get(url)).json()["completion"]["steps"][0]
    french = (await client.get(url, params={"locale": "fr-FR"})).json()["completion"]["steps"]
    await StepResult.update({StepResult.seconds_spent: None}).where(
        StepResult.id == opened[2]["id"]
    )
    two_left = (await client.get(url)).json()["completion"]["steps"][0]

    assert everyone["median_seconds"] == 30.0, "the middle of 10, 30, 70"
    assert french[0]["median_seconds"] == 20.0, "fr-FR alone: the mean of 10 and 30"
    assert two_left["median_seconds"] == 20.0, "a step without a time does not count"


@pytest.mark.parametrize("seed", range(20))
def test_the_middle_positions_hold_the_median(seed: int) -> None:
    generator = random.Random(seed)  # noqa: S311 - test data, not a secret
    values = sorted(generator.randint(1, 9) for _ in range(generator.randint(1, 12)))

    offset, count = middle_positions(len(values))

    assert statistics.fmean(values[offset : offset + count]) == statistics.median(values)


async def test_dashboard_shows_top_points_funnel_and_the_workbook_link(
    client: AsyncClient, browsers
) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    campaign = await created_campaign(client, two_stage_definition())
    await Campaign.update({Campaign.status: "running"}).where(Campaign.id == campaign["id"])
    await seed_friction(campaign["id"])
    tester = browsers()
    await signed_up_tester(tester, "tess@example.org")

    page = await client.get(f"/campaigns/{campaign['id']}/report")

    assert page.status_code == 200, page.text
    html = page.text
    assert html.index("major on awareness") < html.index("critical on awareness")
    assert "Reported by 2 testers · score 8" in html
    assert f"/api/v1/campaigns/{campaign['id']}/report.xlsx" in html
    assert 'aria-label="3 of 3 testers"' in html, "the first step's funnel bar"
    assert re.search(r'data-stage="awareness" data-locale="en-GB"><a [^>]+>16.0</a>', html)
    assert "÷ testers who reached the step" in html
    assert (await tester.get(f"/campaigns/{campaign['id']}/report")).status_code == 403


async def test_every_point_of_the_dashboard_leads_to_its_findings(client: AsyncClient) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    campaign = await created_campaign(client, two_stage_definition())
    await seed_friction(campaign["id"])

    page = (await client.get(f"/campaigns/{campaign['id']}/report")).text
    report = (await client.get(f"/api/v1/campaigns/{campaign['id']}/report")).json()
    cell = re.search(r'data-stage="awareness" data-locale="fr-FR"><a href="([^"]+)"', page)
    assert cell, "the fr-FR awareness cell is a link"
    listed = (await client.get(html.unescape(cell[1]))).text
    worst = re.findall(r'class="worst-link" href="([^"]+)"', page)

    # The cell's friction comes from its accepted major and minor: those two, nothing else.
    assert sorted(re.findall(r'class="row-title">#\d+ ([^<]+)<', listed)) == [
        "major on awareness",
        "minor on awareness",
    ]
    assert 'data-stage="purchase" data-locale="en-GB">n/a<' in page, "nobody reached it"
    assert [link.split("?")[1].split("#")[0] for link in worst] == [
        f"finding={point['finding_id']}" for point in report["top"]["points"][:3]
    ]
    assert [p["finding_id"] for p in report["headline"]["worst"]] == [
        p["finding_id"] for p in report["top"]["points"][:3]
    ]
    shown = (await client.get(worst[0])).text
    assert f'id="detail-title">#{report["top"]["points"][0]["finding_id"]} ' in shown


async def test_one_locale_at_a_time(client: AsyncClient) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    campaign = await created_campaign(client, two_stage_definition())
    await seed_friction(campaign["id"])
    url = f"/api/v1/campaigns/{campaign['id']}/report"

    french = (await client.get(url, params={"locale": "fr-FR"})).json()
    unknown = await client.get(url, params={"locale": "xx-XX"})
    page = (await client.get(f"/campaigns/{campaign['id']}/report?locale=fr-FR")).text

    assert french["locale"] == "fr-FR"
    assert french["friction"]["locales"] == ["fr-FR"]
    assert {cell["locale"] for cell in french["friction"]["cells"]} == {"fr-FR"}
    # en-GB's accepted critical is left out; fr-FR's major (with its duplicate) leads.
    assert [p["title"] for p in french["top"]["points"]] == [
        "major on awareness",
        "minor on awareness",
        "cosmetic on purchase",
    ]
    assert {gap["locale"] for gap in french["locales"]["gaps"]} == {"fr-FR"}
    assert french["locales"]["gaps"][0]["others_testers"] == 1, "still against en-GB"
    # Ana and Ben reached awareness in fr-FR: both step results count, Cleo's does not.
    assert french["completion"]["steps"][0]["reached"] == 2
    assert french["journey"]["locales"] == ["fr-FR"]
    assert unknown.status_code == 422
    assert "does not test in xx-XX" in unknown.text
    assert 'option value="fr-FR" selected' in page
    assert "reads French (France) only" in page
