"""Signing up by e-mail: the same answer whether or not the address has an account, the
account made only by the link with the password chosen at sign-up, links that expire and
work once, and no flood of e-mail from the form."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from httpx import AsyncClient

from backend.tables import OutboxMessage, PendingSignup, User
from tests.helpers import PASSWORD, csrf_headers, signed_up, signup_token

pytestmark = pytest.mark.anyio


async def _ask(client: AsyncClient, email: str, password: str = PASSWORD, **extra: Any) -> Any:
    body = {"email": email, "password": password, "name": "Tess", "role": "tester", **extra}
    return await client.post("/api/v1/auth/signup", json=body, headers=await csrf_headers(client))


async def _finish(client: AsyncClient, token: str, password: str = PASSWORD) -> Any:
    return await client.post(
        f"/api/v1/auth/signup/{token}",
        json={"password": password},
        headers=await csrf_headers(client),
    )


async def _mail(kind: str) -> list[dict[str, Any]]:
    return await OutboxMessage.select(OutboxMessage.to_address, OutboxMessage.text_body).where(
        OutboxMessage.kind == kind
    )


async def test_a_taken_address_gets_the_answer_a_new_one_gets_and_an_email_saying_so(
    client: AsyncClient, browsers
) -> None:
    await signed_up(browsers(), "tess@example.org")

    taken = await _ask(client, "Tess@Example.org")
    new = await _ask(client, "nina@example.org")

    assert taken.status_code == new.status_code == 202
    assert taken.json() == new.json()
    assert "Check your e-mail" in new.json()["detail"]
    assert "parcours_session" not in taken.cookies
    [exists] = await _mail("account_exists")
    assert exists["to_address"] == "tess@example.org"
    assert "already has an account" in exists["text_body"]
    assert "/password-reset" in exists["text_body"]
    assert [m["to_address"] for m in await _mail("signup") if "nina" in m["to_address"]] == [
        "nina@example.org"
    ]
    assert await User.count() == 1, "no account before the link is followed"


async def test_the_link_takes_the_password_chosen_and_works_once(client: AsyncClient) -> None:
    await _ask(client, "nina@example.org")
    token = await signup_token("nina@example.org")
    assert token

    wrong = await _finish(client, token, "someone else's password")
    finished = await _finish(client, token)
    again = await _finish(client, token)
    me = await client.get("/api/v1/me")

    assert wrong.status_code == 403
    assert "not the password chosen when signing up" in wrong.json()["detail"]
    assert finished.status_code == 201
    assert finished.json()["email"] == "nina@example.org"
    assert me.json()["role"] == "tester"
    assert again.status_code == 404
    assert "unknown, used already or expired" in again.json()["detail"]
    assert await User.count() == 1


async def test_someone_else_s_sign_up_on_your_address_is_no_use_to_them(browsers) -> None:
    intruder, owner = browsers(), browsers()
    await _ask(intruder, "nina@example.org", "the intruder's own long phrase")
    intruders_link = await signup_token("nina@example.org")
    await _ask(owner, "nina@example.org")
    owners_link = await signup_token("nina@example.org")
    assert intruders_link
    assert owners_link not in (None, intruders_link)

    # The owner follows the first e-mail (the intruder's) with her own password: refused.
    confused = await _finish(owner, intruders_link)
    mine = await _finish(owner, owners_link)
    late = await _finish(intruder, intruders_link, "the intruder's own long phrase")

    assert confused.status_code == 403
    assert mine.status_code == 201
    assert late.status_code == 404, "every other pending sign-up of the address ends"
    assert await PendingSignup.count() == 0
    signed_in = await intruder.post(
        "/api/v1/auth/login",
        json={"email": "nina@example.org", "password": "the intruder's own long phrase"},
        headers=await csrf_headers(intruder),
    )
    assert signed_in.status_code == 401


async def test_an_expired_link_makes_nothing(client: AsyncClient) -> None:
    await _ask(client, "nina@example.org")
    token = await signup_token("nina@example.org")
    assert token
    await PendingSignup.update(
        {PendingSignup.expires_at: dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)},
        force=True,
    )

    expired = await _finish(client, token)
    page = await client.get(f"/signup/{token}")

    assert expired.status_code == 404
    assert page.status_code == 404
    assert "Sign up again" in page.text
    assert await User.count() == 0


async def test_bad_details_are_refused_before_any_email(client: AsyncClient) -> None:
    weak = await _ask(client, "nina@example.org", "password123")
    no_company = await _ask(client, "cfo@acme.test", role="client")
    not_an_address = await _ask(client, "nina at example")
    unknown_link = await _finish(client, "no-such-link")
    malformed = await client.post(
        "/api/v1/auth/signup/whatever", json={"pass": 1}, headers=await csrf_headers(client)
    )

    assert weak.status_code == 422
    assert "too easy to guess" in weak.json()["detail"]
    assert no_company.status_code == 400
    assert not_an_address.status_code == 400
    assert unknown_link.status_code == 404
    assert malformed.status_code == 400
    assert await OutboxMessage.count() == 0
    assert await PendingSignup.count() == 0


async def test_the_form_sends_at_most_three_emails_an_hour_to_one_address(
    client: AsyncClient, browsers
) -> None:
    await signed_up(browsers(), "tess@example.org")

    for _ in range(5):
        assert (await _ask(client, "nina@example.org")).status_code == 202
        assert (await _ask(client, "tess@example.org")).status_code == 202

    assert len([m for m in await _mail("signup") if m["to_address"] == "nina@example.org"]) == 3
    assert len(await _mail("account_exists")) == 3
