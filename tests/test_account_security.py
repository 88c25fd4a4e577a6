"""Accounts worth protecting: strong passwords, throttled guessing, tokens that can be seen
and revoked, password changes that end other sessions, secure cookies, no look-alikes."""

from __future__ import annotations

import importlib

import pytest
from httpx import ASGITransport, AsyncClient
from litestar import Litestar

from backend.tables import AuthToken, Organization, OutboxMessage, User
from tests.helpers import PASSWORD, csrf_headers, login, signed_up, signup

pytestmark = pytest.mark.anyio


async def _token(client: AsyncClient, email: str, password: str = PASSWORD, **extra) -> dict:
    response = await client.post(
        "/api/v1/auth/tokens", json={"email": email, "password": password, **extra}
    )
    assert response.status_code == 201, response.text
    return response.json()


@pytest.mark.parametrize(
    "password",
    ["          ", "1234567890", "tess@example.org", "password123", "Tess Tester1"],
    ids=["spaces", "digits", "the e-mail", "common", "the name"],
)
async def test_trivial_passwords_are_refused(client: AsyncClient, password: str) -> None:
    response = await signup(client, "tess@example.org", name="Tess Tester", password=password)

    assert response.status_code == 422, response.text
    assert "too easy to guess" in response.json()["detail"]
    assert await User.count() == 0


async def test_repeated_failures_are_throttled_with_retry_after(
    client: AsyncClient, other_client: AsyncClient
) -> None:
    await signed_up(client, "tess@example.org")
    await signed_up(other_client, "olga@example.org")

    failures = [
        (await login(client, "tess@example.org", "wrong guess")).status_code for _ in range(5)
    ]
    throttled = await login(client, "TESS@example.org", "another guess")
    right_password = await login(client, "tess@example.org")
    token = await client.post(
        "/api/v1/auth/tokens", json={"email": "tess@example.org", "password": PASSWORD}
    )
    someone_else = await login(other_client, "olga@example.org")

    assert failures == [401] * 5
    assert throttled.status_code == 429
    assert 0 < int(throttled.headers["retry-after"]) <= 15 * 60
    assert "Too many failed sign-ins" in throttled.json()["detail"]
    assert right_password.status_code == 429, "the right password does not bypass the lock"
    assert token.status_code == 429
    assert someone_else.status_code == 200


async def test_successful_sign_ins_are_never_throttled(client: AsyncClient) -> None:
    await signed_up(client, "tess@example.org")

    answers = {(await login(client, "tess@example.org")).status_code for _ in range(20)}

    assert answers == {200}


async def test_the_sign_in_page_says_when_to_try_again(client: AsyncClient) -> None:
    await signed_up(client, "tess@example.org")
    for _ in range(5):
        await login(client, "tess@example.org", "wrong guess")
    token = client.cookies["csrftoken"]

    page = await client.post(
        "/login",
        data={"_csrf_token": token, "email": "tess@example.org", "password": "wrong again"},
    )

    assert page.status_code == 429
    assert "Too many failed sign-ins" in page.text
    assert page.headers["retry-after"]


async def test_api_tokens_expire_can_be_listed_and_revoked(
    client: AsyncClient, other_client: AsyncClient
) -> None:
    await signed_up(client, "tess@example.org")
    await signed_up(other_client, "olga@example.org")
    issued = await _token(client, "tess@example.org", label="nightly export", days=30)
    bearer = {"authorization": f"Bearer {issued['token']}"}

    listed = (await client.get("/api/v1/auth/tokens")).json()
    someone_elses = await other_client.delete(
        f"/api/v1/auth/tokens/{listed[0]['id']}", headers=await csrf_headers(other_client)
    )
    revoked = await client.delete(
        f"/api/v1/auth/tokens/{listed[0]['id']}", headers=await csrf_headers(client)
    )
    after = await client.get("/api/v1/me", headers=bearer)

    assert [(t["label"], t["expires_at"] is not None) for t in listed] == [("nightly export", True)]
    assert "token" not in listed[0], "the secret is shown once, at creation"
    assert someone_elses.status_code == 404
    assert revoked.status_code == 204
    assert after.status_code == 401


async def test_bearer_logout_revokes_the_token(app: Litestar, running_app: Litestar) -> None:
    async with AsyncClient(
        transport=ASGITransport(app=running_app), base_url="http://testserver.local"
    ) as browser:
        await signed_up(browser, "tess@example.org")
        issued = await _token(browser, "tess@example.org")
    async with AsyncClient(
        transport=ASGITransport(app=running_app), base_url="http://testserver.local"
    ) as script:
        bearer = {"authorization": f"Bearer {issued['token']}"}
        out = await script.post("/api/v1/auth/logout", headers=bearer)
        after = await script.get("/api/v1/me", headers=bearer)

    assert out.status_code == 204
    assert after.status_code == 401


async def test_a_password_change_ends_every_other_session_and_token(
    client: AsyncClient, other_client: AsyncClient
) -> None:
    await signed_up(client, "tess@example.org")
    assert (await login(other_client, "tess@example.org")).status_code == 200
    issued = await _token(client, "tess@example.org")
    new = "an entirely different phrase"

    wrong = await client.put(
        "/api/v1/me/password",
        json={"current_password": "not it at all", "new_password": new},
        headers=await csrf_headers(client),
    )
    weak = await client.put(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": "1234567890"},
        headers=await csrf_headers(client),
    )
    changed = await client.put(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": new},
        headers=await csrf_headers(client),
    )

    assert (wrong.status_code, weak.status_code, changed.status_code) == (403, 422, 204)
    assert (await client.get("/api/v1/me")).status_code == 200, "this session stays"
    assert (await other_client.get("/api/v1/me")).status_code == 401
    bearer = {"authorization": f"Bearer {issued['token']}"}
    assert (await client.get("/api/v1/me", headers=bearer)).status_code == 401
    assert (await login(other_client, "tess@example.org", new)).status_code == 200
    assert await AuthToken.count() == 2


async def test_cookies_are_secure_over_https(running_app: Litestar) -> None:
    async with AsyncClient(
        transport=ASGITransport(app=running_app), base_url="https://parcours.example"
    ) as browser:
        response = await signup(browser, "tess@example.org")

    assert response.status_code == 201
    assert "secure" in response.headers["set-cookie"].lower()


@pytest.mark.parametrize(
    "email",
    ["te\u200bss@example.org", "tess\u202e@example.org", "t\u0435ss@example.org"],
    ids=["zero-width space", "right-to-left override", "cyrillic a"],
)
async def test_look_alike_addresses_are_refused(client: AsyncClient, email: str) -> None:
    response = await signup(client, email)

    assert response.status_code == 422, response.text
    assert "e-mail address" in response.json()["detail"]


async def test_folded_addresses_and_names_meet_the_account_they_imitate(
    browsers,
) -> None:
    await signed_up(browsers(), "tess@example.org")
    await signed_up(browsers(), "cfo@acme.test", role="client", organization="Acme Retail")

    full_width = await signup(browsers(), "\uff54\uff45\uff53\uff53@example.org")
    upper = await signup(browsers(), "TESS@EXAMPLE.ORG")
    same_org = await signup(
        browsers(), "cto@acme.test", role="client", organization="ACME  \uff32etail"
    )
    signed_in = await login(browsers(), "\uff34ess@Example.org")

    # The addresses' owner is told by e-mail; the organization's name is no secret.
    assert full_width.status_code == upper.status_code == 202
    assert await OutboxMessage.count().where(OutboxMessage.kind == "account_exists") == 2
    assert await User.count() == 2
    assert same_org.status_code == 409
    assert signed_in.status_code == 200
    assert await Organization.count() == 1


async def test_the_folding_migration_reports_collisions_and_loses_no_account(
    client: AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    folding = importlib.import_module("backend.db.migrations.parcours_2026_11_23t18_03_12_000000")
    await User.insert(
        User(email="Mia@Example.org", name="Mia", password_hash="x", role="tester"),
        User(email="mia@example.org", name="Mia too", password_hash="x", role="tester"),
        User(email="BEN@example.org", name="Ben", password_hash="x", role="tester"),
    )
    await Organization.insert(Organization(name="Zeta"), Organization(name="ZETA"))

    await (await folding.forwards()).run()

    emails = sorted(row["email"] for row in await User.select(User.email))
    keys = sorted(row["name_key"] for row in await Organization.select(Organization.name_key))
    assert emails == ["Mia@Example.org", "ben@example.org", "mia@example.org"]
    assert keys[0] == "zeta"
    assert keys[1].startswith("zeta#")
    assert "folds onto another account" in caplog.text
    assert "folds onto an earlier one" in caplog.text


async def test_the_schema_declares_the_429(client: AsyncClient) -> None:
    schema = (await client.get("/schema/openapi.json")).json()

    assert "429" in schema["paths"]["/api/v1/auth/login"]["post"]["responses"]
    assert "429" in schema["paths"]["/api/v1/auth/tokens"]["post"]["responses"]
