"""Locales compared: each stage × locale against the other locales pooled, stated only where
the gap is large and both sides have enough testers."""

from __future__ import annotations

import pytest
from httpx import AsyncClient

from reports.friction import FrictionCell
from reports.locales import compare_locales
from tests.helpers import created_campaign, signed_up
from tests.seeding import seed_friction, two_stage_definition


def _cell(stage: str, locale: str, weighted: int, blocked: int, testers: int) -> FrictionCell:
    index = round((weighted + 8 * blocked) / testers, 2) if testers else None
    return FrictionCell(stage, locale, index, weighted, {}, {}, blocked, None, testers)


def test_ratios_against_the_other_locales_pooled_by_hand() -> None:
    cells = [
        # Purchase: de-DE 40 / 12 = 3.33; fr-FR (10 + 8 × 1) / 18 = 1.0; en-GB 6 / 18 = 0.33.
        _cell("purchase", "de-DE", 40, 0, 12),
        _cell("purchase", "fr-FR", 10, 1, 18),
        _cell("purchase", "en-GB", 6, 0, 18),
        # Awareness: a big gap, but de-DE has only 4 testers.
        _cell("awareness", "de-DE", 40, 0, 4),
        _cell("awareness", "fr-FR", 2, 0, 10),
        _cell("awareness", "en-GB", 0, 0, 0),
    ]

    gaps = {(g.stage, g.locale): g for g in compare_locales(cells)}

    # de-DE against (18 + 6) / 36 = 0.67: 3.33 / 0.667 = 5.0.
    assert (gaps["purchase", "de-DE"].others_index, gaps["purchase", "de-DE"].ratio) == (0.67, 5.0)
    assert gaps["purchase", "de-DE"].others_testers == 36
    assert gaps["purchase", "de-DE"].notable
    # en-GB against (40 + 18) / 30 = 1.93: 0.33 / 1.933 = 0.17, at most half: stated too.
    assert gaps["purchase", "en-GB"].ratio == 0.17
    assert gaps["purchase", "en-GB"].notable
    # fr-FR against (40 + 6) / 30 = 1.53: 0.65, within the band.
    assert gaps["purchase", "fr-FR"].ratio == 0.65
    assert not gaps["purchase", "fr-FR"].notable
    assert gaps["awareness", "de-DE"].ratio == 50.0
    assert not gaps["awareness", "de-DE"].notable, "4 testers: too few to state"
    assert gaps["awareness", "en-GB"].ratio is None, "nobody reached it"


@pytest.mark.anyio
async def test_the_report_compares_every_cell(client: AsyncClient) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    campaign = await created_campaign(client, two_stage_definition())
    await seed_friction(campaign["id"])

    report = (await client.get(f"/api/v1/campaigns/{campaign['id']}/report")).json()
    page = (await client.get(f"/campaigns/{campaign['id']}/report")).text

    gaps = {(g["stage"], g["locale"]): g for g in report["locales"]["gaps"]}
    # Awareness: en-GB 16.0 (1 tester) against fr-FR's 6 over 2 testers = 3.0: 5.33×,
    # but one and two testers are far too few to state it.
    assert gaps["awareness", "en-GB"]["ratio"] == 5.33
    assert gaps["awareness", "en-GB"]["notable"] is False
    assert len(gaps) == len(report["friction"]["cells"])
    assert report["locales"]["screenshots"] == {}
    assert "No locale stands apart" in page
    assert "5.3×" in page, "the whole comparison, in the table"
