"""Security headers: what a browser is told on public, signed-in and static responses."""

from __future__ import annotations

import pytest
from httpx import AsyncClient

from backend.http.headers import CONTENT_SECURITY_POLICY
from tests.helpers import signed_up

pytestmark = pytest.mark.anyio


async def test_every_page_forbids_inline_code_framing_and_sniffing(client: AsyncClient) -> None:
    for path in ("/login", "/signup", "/health", "/static/app.css", "/api/v1/me"):
        response = await client.get(path)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["referrer-policy"] == "same-origin", path
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


async def test_signed_in_pages_are_never_cached(client: AsyncClient) -> None:
    anonymous = await client.get("/login")
    await signed_up(client, "tess@example.org")

    home = await client.get("/")
    api = await client.get("/api/v1/me")
    static = await client.get("/static/app.css")

    assert anonymous.headers.get("cache-control") != "no-store"
    assert home.headers["cache-control"] == "no-store"
    assert api.headers["cache-control"] == "no-store"
    assert static.headers.get("cache-control") != "no-store"


async def test_no_template_carries_inline_script_or_style(client: AsyncClient) -> None:
    await signed_up(client, "tess@example.org")

    for path in ("/", "/profile", "/login"):
        text = (await client.get(path)).text
        assert "style=" not in text, path
        assert "<style" not in text, path
        assert "<script>" not in text, path
        assert " on" + "click=" not in text, path
