"""What tests do over and over: fetch a CSRF token, sign up, sign in."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient, Response

PASSWORD = "a long enough password"


async def csrf_headers(client: AsyncClient) -> dict[str, str]:
    """The header that proves a cookie request comes from our own pages."""
    if "csrftoken" not in client.cookies:
        await client.get("/login")
    return {"x-csrftoken": client.cookies["csrftoken"]}


async def signup(
    client: AsyncClient,
    email: str,
    role: str = "tester",
    organization: str | None = None,
    name: str = "Test Person",
    password: str = PASSWORD,
) -> Response:
    """POST /api/v1/auth/signup as a browser would; the client keeps the session cookie."""
    body: dict[str, Any] = {"email": email, "password": password, "name": name, "role": role}
    if organization is not None:
        body["organization"] = organization
    return await client.post("/api/v1/auth/signup", json=body, headers=await csrf_headers(client))


async def signed_up(client: AsyncClient, email: str, **kwargs: Any) -> dict[str, Any]:
    """Sign up and return the new user, failing loudly if that did not work."""
    response = await signup(client, email, **kwargs)
    assert response.status_code == 201, response.text
    return response.json()


async def login(client: AsyncClient, email: str, password: str = PASSWORD) -> Response:
    """POST /api/v1/auth/login as a browser would."""
    return await client.post(
        "/api/v1/auth/login",
        json={"email": email, "password": password},
        headers=await csrf_headers(client),
    )


def small_definition() -> dict[str, Any]:
    """A valid two-locale campaign with one use case, one step and two questions."""
    return {
        "name": "Pay by phone",
        "default_locale": "en-GB",
        "target": {
            "countries": ["GB", "FR"],
            "locales": [{"locale": "en-GB", "quota": 2}, {"locale": "fr-FR", "quota": 2}],
            "devices": [{"kind": "phone", "os": ["iOS", "Android"]}],
        },
        "questions": [
            {
                "id": "ease",
                "kind": "rating",
                "scale": 5,
                "text": {"en-GB": "How easy was it?", "fr-FR": "Était-ce facile ?"},
            }
        ],
        "use_cases": [
            {
                "id": "pay",
                "title": {"en-GB": "Pay a bill", "fr-FR": "Payer une facture"},
                "steps": [
                    {
                        "id": "open",
                        "stage": "awareness",
                        "touchpoint": "mobile_app",
                        "instruction": {"en-GB": "Open the app", "fr-FR": "Ouvrez l'app"},
                        "questions": [
                            {
                                "id": "found",
                                "kind": "single_choice",
                                "text": {"en-GB": "Where?", "fr-FR": "Où ?"},
                                "options": [
                                    {"id": "home", "label": {"en-GB": "Home", "fr-FR": "Accueil"}},
                                    {"id": "menu", "label": {"en-GB": "Menu", "fr-FR": "Menu"}},
                                ],
                            }
                        ],
                    }
                ],
            }
        ],
    }


async def created_campaign(client: AsyncClient, definition: dict[str, Any] | None = None) -> dict:
    """POST a definition as the signed-in client and return the stored campaign."""
    response = await client.post(
        "/api/v1/campaigns",
        json=definition or small_definition(),
        headers=await csrf_headers(client),
    )
    assert response.status_code == 201, response.text
    return response.json()
