"""Sign-up, sign-in and the stored account, over HTTP through the real app."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from httpx import AsyncClient

from backend.tables import AuthToken, Organization, User
from tests.helpers import PASSWORD, csrf_headers, login, signed_up, signup

pytestmark = pytest.mark.anyio


async def test_tester_signs_up_and_is_signed_in(client: AsyncClient) -> None:
    response = await signup(client, "Ana@Example.org", name="Ana Lopez")

    assert response.status_code == 201
    assert response.json() == {
        "id": response.json()["id"],
        "email": "ana@example.org",
        "name": "Ana Lopez",
        "role": "tester",
        "organization": None,
    }
    me = await client.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["email"] == "ana@example.org"


async def test_session_cookie_is_httponly_and_samesite(client: AsyncClient) -> None:
    response = await signup(client, "ana@example.org")

    cookie = next(h for h in response.headers.get_list("set-cookie") if "parcours_session" in h)
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie


async def test_client_signup_founds_its_organization(client: AsyncClient) -> None:
    me = await signed_up(client, "cfo@acme.test", role="client", organization="Acme Bank")

    assert me["role"] == "client"
    assert me["organization"]["name"] == "Acme Bank"
    assert await Organization.count() == 1


async def test_password_is_stored_as_an_argon2_hash(client: AsyncClient) -> None:
    await signed_up(client, "ana@example.org")

    stored = await User.select(User.password_hash).first()
    assert stored["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in stored["password_hash"]
    assert PasswordHasher().verify(stored["password_hash"], PASSWORD)


async def test_sign_in_after_sign_out(client: AsyncClient) -> None:
    await signed_up(client, "ana@example.org")
    out = await client.post("/api/v1/auth/logout", headers=await csrf_headers(client))
    assert out.status_code == 204
    assert (await client.get("/api/v1/me")).status_code == 401

    response = await login(client, " ANA@example.org ")

    assert response.status_code == 200
    assert (await client.get("/api/v1/me")).json()["email"] == "ana@example.org"


@pytest.mark.parametrize(
    ("email", "password"),
    [("ana@example.org", "not the password"), ("nobody@example.org", PASSWORD)],
    ids=["wrong-password", "unknown-user"],
)
async def test_bad_credentials_are_refused_alike(
    client: AsyncClient, other_client: AsyncClient, email: str, password: str
) -> None:
    await signed_up(other_client, "ana@example.org")
    sessions_before = await AuthToken.count()

    response = await login(client, email, password)

    assert response.status_code == 401
    assert response.json()["detail"] == "Wrong email or password"
    assert "parcours_session" not in response.cookies
    assert await AuthToken.count() == sessions_before


async def test_a_taken_address_is_answered_like_a_new_one(client: AsyncClient) -> None:
    await signed_up(client, "ana@example.org")

    taken = await signup(client, "ANA@example.org", name="Someone Else")
    new = await client.post(
        "/api/v1/auth/signup",
        json={"email": "bea@example.org", "password": PASSWORD, "name": "Bea", "role": "tester"},
        headers=await csrf_headers(client),
    )

    assert (taken.status_code, taken.json()) == (new.status_code, new.json())
    assert taken.status_code == 202
    assert await User.count() == 1


async def test_taken_organization_name_is_a_conflict(client: AsyncClient) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme Bank")

    response = await signup(client, "intruder@evil.test", role="client", organization="Acme Bank")

    assert response.status_code == 409
    assert "Acme Bank" in response.json()["detail"]
    assert await User.count() == 1


async def test_malformed_json_is_refused(client: AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/signup",
        content=b'{"email": "ana@example.org", "password": ',
        headers={**await csrf_headers(client), "content-type": "application/json"},
    )

    assert response.status_code == 400
    assert "JSON" in str(response.json())
    assert await User.count() == 0


@pytest.mark.parametrize(
    ("body", "mentions"),
    [
        ({"email": "ana@example.org", "name": "Ana", "role": "tester"}, "password"),
        ({"email": "ana@example.org", "password": PASSWORD, "role": "tester"}, "name"),
        ({"email": "not-an-email", "password": PASSWORD, "name": "A", "role": "tester"}, "email"),
        ({"email": "a@b.test", "password": "short", "name": "A", "role": "tester"}, "password"),
        ({"email": "a@b.test", "password": 1234567890123, "name": "A", "role": "tester"}, "str"),
        ({"email": "a@b.test", "password": PASSWORD, "name": "A", "role": "manager"}, "role"),
        ({"email": "a@b.test", "password": PASSWORD, "name": "   ", "role": "tester"}, "name"),
    ],
    ids=["no-password", "no-name", "bad-email", "short-password", "wrong-type", "role", "blank"],
)
async def test_invalid_signup_says_which_field(
    client: AsyncClient, body: dict, mentions: str
) -> None:
    response = await client.post(
        "/api/v1/auth/signup", json=body, headers=await csrf_headers(client)
    )

    assert response.status_code == 400
    assert mentions in str(response.json()["extra"])
    assert await User.count() == 0


@pytest.mark.parametrize(
    ("role", "organization", "detail"),
    [
        ("client", None, "A client account needs an organization name"),
        ("tester", "Acme", "A tester account does not belong to an organization"),
    ],
)
async def test_organization_must_fit_the_role(
    client: AsyncClient, role: str, organization: str | None, detail: str
) -> None:
    response = await signup(client, "a@b.test", role=role, organization=organization)

    assert response.status_code == 400
    assert response.json()["detail"] == detail
    assert await User.count() == 0
    assert await Organization.count() == 0
