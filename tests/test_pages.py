"""The HTML pages: forms that work without JavaScript, CSRF, escaping, redirects."""

from __future__ import annotations

import pytest
from httpx import AsyncClient

from backend.tables import Organization, User
from tests.helpers import PASSWORD, form_token, signed_up, signup_token

pytestmark = pytest.mark.anyio


async def test_anonymous_home_redirects_to_sign_in(client: AsyncClient) -> None:
    response = await client.get("/", follow_redirects=False)

    assert response.status_code in (302, 303)
    assert response.headers["location"] == "/login?next=/"


async def test_client_signs_up_through_the_form(client: AsyncClient) -> None:
    token = await form_token(client, "/signup")

    response = await client.post(
        "/signup",
        data={
            "_csrf_token": token,
            "role": "client",
            "name": "Carla Client",
            "email": "carla@acme.test",
            "password": PASSWORD,
            "organization": "Acme Bank",
        },
    )
    waiting = await Organization.count()
    link = f"/signup/{await signup_token('carla@acme.test')}"
    finish_token = await form_token(client, link)
    wrong = await client.post(
        link, data={"_csrf_token": finish_token, "password": "not mine at all"}
    )
    finished = await client.post(
        link, data={"_csrf_token": finish_token, "password": PASSWORD}, follow_redirects=True
    )
    used = await client.get(link)

    assert response.status_code == 200
    assert "Check your e-mail" in response.text
    assert "carla@acme.test" in response.text
    assert "/signup/" not in response.text, "only a demo without e-mail shows the link"
    assert waiting == 0, "no organization before the address is confirmed"
    assert wrong.status_code == 403
    assert "not the password chosen when signing up" in wrong.text
    assert finished.status_code == 200
    assert "<h1>Acme Bank</h1>" in finished.text
    assert "your account is ready" in finished.text
    assert await Organization.count() == 1
    assert used.status_code == 404
    assert "sign up again" in used.text


async def test_signup_form_shows_the_problem_and_keeps_the_input(client: AsyncClient) -> None:
    token = await form_token(client, "/signup")

    response = await client.post(
        "/signup",
        data={
            "_csrf_token": token,
            "role": "tester",
            "name": "Tess",
            "email": "tess@example.org",
            "password": "short",
        },
    )

    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert "password: expected `str` of length &gt;= 10" in response.text
    assert 'value="tess@example.org"' in response.text
    assert 'value="short"' not in response.text
    assert await User.count() == 0


async def test_form_without_csrf_token_is_refused(client: AsyncClient) -> None:
    await client.get("/signup")

    response = await client.post(
        "/signup",
        data={"role": "tester", "name": "T", "email": "t@example.org", "password": PASSWORD},
    )

    assert response.status_code == 403
    assert await User.count() == 0


async def test_sign_in_form_goes_to_next_page_only_if_local(
    client: AsyncClient, other_client: AsyncClient
) -> None:
    await signed_up(other_client, "tess@example.org")
    token = await form_token(client, "/login?next=//evil.example/")

    response = await client.post(
        "/login",
        data={
            "_csrf_token": token,
            "email": "tess@example.org",
            "password": PASSWORD,
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )

    assert response.status_code in (302, 303)
    assert response.headers["location"] == "/"


async def test_wrong_password_on_the_form(client: AsyncClient) -> None:
    token = await form_token(client, "/login")

    response = await client.post(
        "/login", data={"_csrf_token": token, "email": "x@example.org", "password": "nope"}
    )

    assert response.status_code == 401
    assert "Wrong email or password" in response.text


async def test_user_text_is_escaped(client: AsyncClient) -> None:
    await signed_up(client, "tess@example.org", name="<script>alert(1)</script>")

    page = await client.get("/")

    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


@pytest.mark.parametrize(
    ("role", "organization", "heading"),
    [("tester", None, "Hello, Tess"), ("client", "Acme Bank", "Acme Bank")],
)
async def test_home_page_per_role(
    client: AsyncClient, role: str, organization: str | None, heading: str
) -> None:
    await signed_up(client, "tess@example.org", name="Tess", role=role, organization=organization)

    page = await client.get("/")

    assert page.status_code == 200
    assert f"<h1>{heading}</h1>" in page.text
    assert 'name="viewport"' in page.text


async def test_sign_out_button_ends_the_session(client: AsyncClient) -> None:
    await signed_up(client, "tess@example.org")
    token = await form_token(client, "/")

    response = await client.post("/logout", data={"_csrf_token": token}, follow_redirects=False)

    assert response.headers["location"] == "/login"
    assert (await client.get("/api/v1/me")).status_code == 401
