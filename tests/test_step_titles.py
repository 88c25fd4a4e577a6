"""Steps read by a short title in reports, in the campaign's words: their own title, else their
instruction's first words; never their key."""

from __future__ import annotations

import copy

import pytest
import yaml
from httpx import AsyncClient

from tests.helpers import launched_campaign, signed_up, small_definition

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
