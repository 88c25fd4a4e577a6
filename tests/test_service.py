"""Health, the OpenAPI document, static files, and errors on unknown paths."""

from __future__ import annotations

import os

import pytest
from httpx import AsyncClient

pytestmark = pytest.mark.anyio


async def test_health_checks_the_database(client: AsyncClient) -> None:
    response = await client.get("/health")

    expected = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": expected}


async def test_openapi_documents_the_api(client: AsyncClient) -> None:
    response = await client.get("/schema/openapi.json")

    paths = response.json()["paths"]
    assert "/api/v1/auth/signup" in paths
    assert "/api/v1/me" in paths
    assert "/login" not in paths, "pages are not part of the API"


async def test_stylesheet_is_served(client: AsyncClient) -> None:
    response = await client.get("/static/app.css")

    assert response.status_code == 200
    assert "text/css" in response.headers["content-type"]


async def test_unknown_api_path_is_a_json_404(client: AsyncClient) -> None:
    response = await client.get("/api/v1/nothing-here")

    assert response.status_code == 404
    assert response.json()["status_code"] == 404


async def test_unknown_page_is_an_html_404(client: AsyncClient) -> None:
    response = await client.get("/nothing-here")

    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
