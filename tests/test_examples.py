"""The ready campaign definitions in campaigns/examples/ validate, import and round-trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from httpx import AsyncClient

from backend.tables import UseCase
from campaigns.loading import load_definition, load_file, warnings_for
from campaigns.schema import question_mix
from tests.helpers import csrf_headers, signed_up

pytestmark = pytest.mark.anyio

EXAMPLES = sorted((Path(__file__).parent.parent / "campaigns" / "examples").glob("*.yaml"))
TEXTS = {path.stem: path.read_text(encoding="utf-8") for path in EXAMPLES}


def test_there_are_the_three_examples() -> None:
    assert {path.stem for path in EXAMPLES} >= {"payments", "retail", "telecom"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_example_is_valid_and_fully_translated(path: Path) -> None:
    definition = load_file(path)

    assert warnings_for(definition, path.read_text(), "yaml") == []


def test_payments_example_matches_the_real_study() -> None:
    definition = load_file(Path(__file__).parent.parent / "campaigns/examples/payments.yaml")

    assert len(definition.use_cases) == 10
    assert question_mix(definition) == (8, 15)
    assert {t.locale for t in definition.target.locales} == {
        "fr-FR",
        "de-DE",
        "en-GB",
        "es-ES",
        "it-IT",
    }


def test_retail_example_covers_all_six_stages() -> None:
    definition = load_file(Path(__file__).parent.parent / "campaigns/examples/retail.yaml")

    stages = {step.stage for use_case in definition.use_cases for step in use_case.steps}
    assert len(stages) == 6


@pytest.mark.parametrize("name", sorted(TEXTS))
async def test_example_imports_and_exports_back_identically(client: AsyncClient, name: str) -> None:
    original = load_definition(TEXTS[name], "yaml")
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    headers = {**await csrf_headers(client), "content-type": "application/yaml"}

    imported = await client.post(
        "/api/v1/campaigns/import", content=TEXTS[name].encode(), headers=headers
    )
    exported = await client.get(f"/api/v1/campaigns/{imported.json()['id']}/definition.yaml")
    again = await client.post("/api/v1/campaigns/import", content=exported.content, headers=headers)

    assert imported.status_code == 201, imported.text
    assert again.json()["definition"] == imported.json()["definition"]
    assert load_definition(exported.text, "yaml") == original
    assert await UseCase.count() == 2 * len(original.use_cases)
