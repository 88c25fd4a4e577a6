"""Reports read as people read: steps by a short title in the campaign's words (their own
title, else their instruction's first words; never their key), yes/no answers as shares."""

from __future__ import annotations

import copy
import re

import pytest
import yaml
from httpx import AsyncClient

from backend.tables import Campaign
from tests.helpers import (
    accepted_journey,
    csrf_headers,
    launched_campaign,
    signed_up,
    small_definition,
)

pytestmark = pytest.mark.anyio


def _two_steps() -> dict:
    definition = small_definition()
    first = definition["use_cases"][0]["steps"][0]
    first["title"] = {"en-GB": "Open", "fr-FR": "Ouvrir"}
    second = copy.deepcopy(first)
    del second["title"]
    second["id"] = "find_the_bill"
    second["questions"][0]["id"] = "where_bill"
    second["instruction"] = {
        "en-GB": "Find this month's bill on the home screen and open it",
        "fr-FR": "Trouvez la facture du mois",
    }
    definition["use_cases"][0]["steps"].append(second)
    return definition


async def test_reports_name_steps_by_title_or_first_words(client: AsyncClient) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    campaign = await launched_campaign(client, _two_steps())

    page = (await client.get(f"/campaigns/{campaign}/report")).text
    report = (await client.get(f"/api/v1/campaigns/{campaign}/report")).json()
    exported = yaml.safe_load(
        (await client.get(f"/api/v1/campaigns/{campaign}/definition.yaml")).text
    )

    assert "Pay a bill / Open<" in page
    assert "Pay a bill / Find this month&#39;s bill on the…<" in page
    assert "find_the_bill" not in page
    steps = report["completion"]["steps"]
    assert [(s["step"], s["step_title"]) for s in steps] == [
        ("open", "Open"),
        ("find_the_bill", "Find this month's bill on the…"),
    ]
    assert exported["use_cases"][0]["steps"][0]["title"] == {"en-GB": "Open", "fr-FR": "Ouvrir"}


async def test_yes_no_answers_read_as_shares(client: AsyncClient, browsers) -> None:
    definition = small_definition()
    definition["questions"].append(
        {
            "id": "again",
            "kind": "yes_no",
            "required": False,
            "text": {"en-GB": "Would you pay this way again?", "fr-FR": "Le referiez-vous ?"},
        }
    )
    tester = browsers()
    journey = await accepted_journey(client, tester, definition)
    pid = journey["participation_id"]
    await tester.put(
        f"/api/v1/participations/{pid}/answers",
        json={"answers": {"again": True}},
        headers=await csrf_headers(tester),
    )
    campaign = (await Campaign.select(Campaign.id).first())["id"]

    page = (await client.get(f"/campaigns/{campaign}/report")).text
    section = page[page.index("Would you pay this way again?") :].split("</section>")[0]
    by_locale = (await client.get(f"/campaigns/{campaign}/report/questions/again")).text

    assert re.search(r'<th scope="row">Yes</th>.*?1 \(100%\)', section, re.S)
    assert "Mean" not in section
    assert "Share answering yes" in by_locale
    assert "Mean" not in by_locale
    assert "SD" not in by_locale
