"""Who may call what: roles, anonymous callers, CSRF on cookie sessions, bearer tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from httpx import AsyncClient

from backend.tables import AuthToken, User
from campaigns.vocabulary import TokenKind
from tests.helpers import PASSWORD, csrf_headers, login, signed_up, signup

pytestmark = pytest.mark.anyio

CLIENT_ONLY = "/api/v1/organization"
MANAGER_ONLY = "/api/v1/users"


async def _manager(client: AsyncClient) -> None:
    """Managers are not self-service: promote a fresh account the way an operator would."""
    me = await signed_up(client, "pm@parcours.test")
    await User.update({User.role: "manager"}).where(User.id == me["id"])


async def _token(client: AsyncClient, email: str) -> str:
    response = await client.post(
        "/api/v1/auth/tokens", json={"email": email, "password": PASSWORD, "label": "script"}
    )
    assert response.status_code == 201, response.text
    return response.json()["token"]


@pytest.mark.parametrize("path", [CLIENT_ONLY, MANAGER_ONLY, "/api/v1/me"])
async def test_anonymous_gets_401(client: AsyncClient, path: str) -> None:
    response = await client.get(path)

    assert response.status_code == 401
    assert "Sign in" in response.json()["detail"]


@pytest.mark.parametrize("path", [CLIENT_ONLY, MANAGER_ONLY])
async def test_tester_gets_403_on_other_roles_endpoints(client: AsyncClient, path: str) -> None:
    await signed_up(client, "tess@example.org")

    response = await client.get(path)

    assert response.status_code == 403
    assert "you are a tester" in response.json()["detail"]


async def test_client_sees_its_own_organization_only(
    client: AsyncClient, other_client: AsyncClient
) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme Bank")
    await signed_up(other_client, "ceo@rival.test", role="client", organization="Rival Ltd")

    mine = (await client.get(CLIENT_ONLY)).json()
    theirs = (await other_client.get(CLIENT_ONLY)).json()

    assert mine["name"] == "Acme Bank"
    assert [member["email"] for member in mine["members"]] == ["cfo@acme.test"]
    assert theirs["name"] == "Rival Ltd"
    assert (await client.get(MANAGER_ONLY)).status_code == 403


async def test_manager_lists_users_by_role(client: AsyncClient, other_client: AsyncClient) -> None:
    await signed_up(other_client, "tess@example.org")
    await _manager(client)

    testers = await client.get(MANAGER_ONLY, params={"role": "tester"})
    wrong = await client.get(MANAGER_ONLY, params={"role": "admin"})

    assert testers.status_code == 200
    assert [user["email"] for user in testers.json()] == ["tess@example.org"]
    assert wrong.status_code == 400
    assert (await client.get(CLIENT_ONLY)).status_code == 403


async def test_cookie_request_without_csrf_token_is_refused(client: AsyncClient) -> None:
    await signed_up(client, "tess@example.org")

    response = await client.post("/api/v1/auth/logout")
    forged = await client.post("/api/v1/auth/logout", headers={"x-csrftoken": "guessed"})

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert forged.status_code == 403
    assert (await client.get("/api/v1/me")).status_code == 200, "the session must survive"


async def test_signup_without_csrf_token_stores_nothing(client: AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/signup",
        json={"email": "a@b.test", "password": PASSWORD, "name": "A", "role": "tester"},
    )

    assert response.status_code == 403
    assert await User.count() == 0


async def test_bearer_token_works_without_cookie_or_csrf(
    client: AsyncClient, other_client: AsyncClient
) -> None:
    await signed_up(client, "tess@example.org")
    token = await _token(other_client, "tess@example.org")
    bearer = {"authorization": f"Bearer {token}"}

    me = await other_client.get("/api/v1/me", headers=bearer)
    unsafe = await other_client.post("/api/v1/auth/logout", headers=bearer)

    assert me.status_code == 200
    assert me.json()["email"] == "tess@example.org"
    assert unsafe.status_code == 204
    stored = await AuthToken.select(AuthToken.token_hash).where(AuthToken.kind == TokenKind.api)
    assert token not in str(stored), "only a digest of the token is stored"


@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-real-token", "Basic dGVzczpwYXNz", "Bearer "],
    ids=["unknown", "wrong-scheme", "empty"],
)
async def test_bad_authorization_header_is_401_even_with_a_session(
    client: AsyncClient, header: str
) -> None:
    await signed_up(client, "tess@example.org")

    response = await client.get("/api/v1/me", headers={"authorization": header})

    assert response.status_code == 401


async def test_token_needs_right_credentials(client: AsyncClient) -> None:
    await signed_up(client, "tess@example.org")

    response = await client.post(
        "/api/v1/auth/tokens", json={"email": "tess@example.org", "password": "wrong one!"}
    )

    assert response.status_code == 401
    assert await AuthToken.count().where(AuthToken.kind == TokenKind.api) == 0


async def test_signed_out_session_cannot_be_replayed(client: AsyncClient) -> None:
    await signed_up(client, "tess@example.org")
    stolen = client.cookies["parcours_session"]
    await client.post("/api/v1/auth/logout", headers=await csrf_headers(client))

    client.cookies.set("parcours_session", stolen)
    response = await client.get("/api/v1/me")

    assert response.status_code == 401


async def test_expired_session_is_refused(client: AsyncClient) -> None:
    await signed_up(client, "tess@example.org")
    await AuthToken.update({AuthToken.expires_at: datetime.now(UTC) - timedelta(minutes=1)}).where(
        AuthToken.kind == TokenKind.session
    )

    assert (await client.get("/api/v1/me")).status_code == 401


async def test_deactivated_user_is_signed_out(client: AsyncClient) -> None:
    me = await signed_up(client, "tess@example.org")
    await User.update({User.is_active: False}).where(User.id == me["id"])

    assert (await client.get("/api/v1/me")).status_code == 401
    assert (await login(client, "tess@example.org")).status_code == 401


async def test_signup_cannot_create_a_manager(client: AsyncClient) -> None:
    response = await signup(client, "sneaky@example.org", role="manager")

    assert response.status_code == 400
    assert await User.count() == 0
