"""What tests do over and over: sign up, sign in, create campaigns, recruit testers."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from httpx import AsyncClient, Response

from backend.tables import OutboxMessage, User
from campaigns.identity import fold_email
from campaigns.profiles import CONSENT_VERSION

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
    """Sign up as a browser would, then follow the link the e-mail brings with the same
    password, as its reader would (so the message counts as delivered); the client keeps the
    session cookie. The answer of the last request: a refusal of the details, the 202 of an
    address that has an account (no link comes), or the finished sign-up's 201."""
    body: dict[str, Any] = {"email": email, "password": password, "name": name, "role": role}
    if organization is not None:
        body["organization"] = organization
    before = await _last_mail_id()
    asked = await client.post("/api/v1/auth/signup", json=body, headers=await csrf_headers(client))
    if asked.status_code != 202 or (token := await signup_token(email, before)) is None:
        return asked
    return await client.post(
        f"/api/v1/auth/signup/{token}",
        json={"password": password},
        headers=await csrf_headers(client),
    )


async def _last_mail_id() -> int:
    newest = (
        await OutboxMessage.select(OutboxMessage.id)
        .order_by(OutboxMessage.id, ascending=False)
        .first()
    )
    return newest["id"] if newest else 0


async def signup_token(email: str, after: int = 0) -> str | None:
    """The token of the newest sign-up link e-mailed to the address (after the outbox's
    message `after`), read from the outbox."""
    mail = await (
        OutboxMessage.select(OutboxMessage.id, OutboxMessage.text_body)
        .where(
            (OutboxMessage.to_address == fold_email(email))
            & (OutboxMessage.kind == "signup")
            & (OutboxMessage.id > after)
        )
        .order_by(OutboxMessage.id, ascending=False)
        .first()
    )
    found = re.search(r"/signup/([\w-]+)", mail["text_body"]) if mail else None
    if not found:
        return None
    await OutboxMessage.update({OutboxMessage.sent_at: dt.datetime.now(dt.UTC)}).where(
        OutboxMessage.id == mail["id"]
    )
    return found.group(1)


async def signed_up(client: AsyncClient, email: str, **kwargs: Any) -> dict[str, Any]:
    """Sign up and return the new user, failing loudly if that did not work."""
    response = await signup(client, email, **kwargs)
    assert response.status_code == 201, response.text
    return response.json()


async def signed_up_manager(browser: AsyncClient) -> AsyncClient:
    """The browser signed in as a project manager (managers are made by an operator)."""
    me = await signed_up(browser, "pm@parcours.test", name="Pat Manager")
    await User.update({User.role: "manager"}).where(User.id == me["id"])
    return browser


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


PHONE = {"kind": "phone", "os": "Android", "os_version": "15", "browser": "Chrome"}


def profile(**changes: Any) -> dict[str, Any]:
    """A French tester's profile with an Android phone and consent, with `changes`."""
    fields = {
        "country": "FR",
        "locale": "fr-FR",
        "languages": ["fr", "en"],
        "devices": [PHONE],
        "age_band": "25-34",
        "consent_version": CONSENT_VERSION,
    }
    return {**fields, **changes}


async def put_profile(client: AsyncClient, fields: dict[str, Any]) -> Response:
    """PUT /api/v1/me/profile."""
    return await client.put("/api/v1/me/profile", json=fields, headers=await csrf_headers(client))


async def signed_up_tester(app_client: AsyncClient, email: str, **changes: Any) -> AsyncClient:
    """Sign up a tester in a fresh browser of the same app and give it a profile."""
    await signed_up(app_client, email)
    response = await put_profile(app_client, profile(**changes))
    assert response.status_code == 200, response.text
    return app_client


async def launched_campaign(client: AsyncClient, definition: dict[str, Any] | None = None) -> int:
    """Create and launch a campaign as the signed-in client; return its id."""
    campaign = await created_campaign(client, definition)
    response = await client.post(
        f"/api/v1/campaigns/{campaign['id']}/launch", headers=await csrf_headers(client)
    )
    assert response.status_code == 200, response.text
    return campaign["id"]


async def only_invitation(client: AsyncClient) -> dict[str, Any]:
    """The signed-in tester's one invitation."""
    invitations = (await client.get("/api/v1/me/invitations")).json()
    assert len(invitations) == 1, invitations
    return invitations[0]


async def answer_invitation(client: AsyncClient, invitation: dict[str, Any], verb: str) -> Response:
    """Accept or decline an invitation."""
    return await client.post(
        f"/api/v1/invitations/{invitation['id']}/{verb}", headers=await csrf_headers(client)
    )


async def accepted_journey(
    client: AsyncClient, tester: AsyncClient, definition: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A launched campaign with the tester accepted into it; returns its journey."""
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    await signed_up_tester(tester, "tess@example.org")
    await launched_campaign(client, definition)
    invitation = await only_invitation(tester)
    assert (await answer_invitation(tester, invitation, "accept")).status_code == 200
    response = await tester.get(f"/api/v1/participations/{invitation['id']}")
    assert response.status_code == 200, response.text
    return response.json()


async def form_token(browser: AsyncClient, path: str) -> str:
    """Open a page and return the CSRF token its forms carry."""
    page = await browser.get(path)
    assert page.status_code == 200, page.text
    match = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert match, f"{path} has no form with a CSRF token"
    return match.group(1)


ASKED = "Which card did you use, and did the bank app open?"


async def finding_asked_about(
    client: AsyncClient, tester: AsyncClient, manager: AsyncClient, question: str
) -> int:
    """A finding the tester filed on an accepted journey, sent back by a manager (signed up
    here) with a question; its id."""
    journey = await accepted_journey(client, tester)
    step = journey["use_cases"][0]["steps"][0]["id"]
    filed = await tester.post(
        f"/api/v1/participations/{journey['participation_id']}/steps/{step}/findings",
        data={"title": "Payment failed", "kind": "payment", "severity": "major"},
        headers=await csrf_headers(tester),
    )
    await signed_up_manager(manager)
    decided = await manager.patch(
        f"/api/v1/findings/{filed.json()['id']}",
        json={"review": "needs_info", "note": question},
        headers=await csrf_headers(manager),
    )
    assert decided.status_code == 200, decided.text
    return filed.json()["id"]
