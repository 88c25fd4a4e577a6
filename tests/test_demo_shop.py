"""The demo's ad link opens a shop page that the demo itself serves, in the tester's language."""

from __future__ import annotations

import pytest
from httpx import AsyncClient
from litestar import Litestar

from backend.app import create_app
from tests.helpers import login
from tests.test_cli import _parcours

pytestmark = pytest.mark.anyio


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> Litestar:
    """The app as `parcours demo` serves it."""
    monkeypatch.setenv("PARCOURS_DEMO", "1")
    return create_app()


async def test_the_ad_link_opens_the_demo_shop_in_the_testers_language(
    client: AsyncClient,
) -> None:
    seeded = await _parcours("demo", "--seed-only", "--host", "0.0.0.0", "--port", "8123")  # noqa: S104 - seeds only
    assert seeded.returncode == 0, seeded.stderr
    await login(client, "client@demo.parcours.test", "parcours-demo")
    campaigns = (await client.get("/api/v1/campaigns")).json()
    retail = next(c for c in campaigns if c["status"] == "running")
    definition = (await client.get(f"/api/v1/campaigns/{retail['id']}")).json()["definition"]
    links = [s["link"] for u in definition["use_cases"] for s in u["steps"] if s.get("link")]

    assert links, "the retail example has an ad link"
    french = links[0]["url"]["fr-FR"]
    assert french == "http://localhost:8123/demo-shop/fr-FR/trail-runner"
    page = await client.get(french.removeprefix("http://localhost:8123"))
    assert page.status_code == 200
    assert '<html lang="fr-FR">' in page.text
    assert "Ajouter au panier" in page.text
    assert (await client.get("/demo-shop/xx-XX/trail-runner")).status_code == 404
