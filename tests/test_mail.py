"""E-mail through a real SMTP server in the test process (aiosmtpd): the outbox written with
the event, delivery with a fixed Message-ID, retries across an outage, the reader's language,
password resets, and the managers' outbox page."""

from __future__ import annotations

import email
import email.policy
import re
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import anyio
import httpx
import msgspec
import pytest
from aiosmtpd.controller import Controller
from httpx import AsyncClient

from backend.mail.sender import send_due
from backend.mail.smtp import SmtpUrlError, smtp_server
from backend.settings import load_settings
from backend.tables import Finding, OutboxMessage, User
from bench.load import free_port, running_server
from tests.helpers import (
    answer_invitation,
    csrf_headers,
    launched_campaign,
    login,
    only_invitation,
    signed_up,
    signed_up_manager,
    signed_up_tester,
    small_definition,
)
from tests.test_cli import _parcours

pytestmark = pytest.mark.anyio
NEW_PASSWORD = "violet kettle marches sideways"


class Inbox:
    """What the SMTP server received, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        """Keep the message; 250 tells the sender it is delivered."""
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(parsed)  # type: ignore[arg-type]
        return "250 Message accepted"


class Smtp:
    """A real SMTP server on a fixed port, which a test can stop and start again."""

    def __init__(self) -> None:
        self.inbox = Inbox()
        self.port = free_port()
        self.url = f"smtp://127.0.0.1:{self.port}"
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp() -> Iterator[Smtp]:
    """An SMTP server, running."""
    server = Smtp()
    server.start()
    yield server
    server.stop()


def _settings(retry: float = 0.0):
    return msgspec.structs.replace(load_settings(), mail_retry_seconds=retry)


def _link(message: EmailMessage) -> str:
    text = message.get_body(("plain",)).get_content()
    found = re.search(r"https?://\S+/password-reset/(\S+)", text)
    assert found, text
    return found[1]


async def _ask_reset(client: AsyncClient, address: str) -> httpx.Response:
    return await client.post(
        "/api/v1/auth/password-reset",
        json={"email": address},
        headers=await csrf_headers(client),
    )


async def test_a_reset_link_arrives_works_once_and_ends_every_session(
    client: AsyncClient, other_client: AsyncClient, smtp: Smtp
) -> None:
    await signed_up(client, "tess@example.org", name="Tess")
    known = await _ask_reset(other_client, "Tess@Example.org")
    unknown = await _ask_reset(other_client, "nobody@example.org")

    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json(), "the answer reveals no account"
    assert await OutboxMessage.count().where(OutboxMessage.kind == "password_reset") == 1
    stored = await OutboxMessage.select().where(OutboxMessage.kind == "password_reset").first()

    assert await send_due(smtp_server(smtp.url), _settings()) == 1
    [message] = smtp.inbox.messages
    assert message["To"] == "tess@example.org"
    assert message["Message-ID"] == stored["message_id"]
    assert message["Subject"] == "Choose a new password for Parcours"
    html = message.get_body(("html",)).get_content()
    token = _link(message)
    assert f"/password-reset/{token}" in html
    assert "Hello Tess" in html

    form = await other_client.get(f"/password-reset/{token}")
    assert form.status_code == 200
    assert 'name="password"' in form.text
    weak = await other_client.post(
        f"/api/v1/auth/password-reset/{token}",
        json={"password": "password12"},
        headers=await csrf_headers(other_client),
    )
    assert weak.status_code == 422, "too easy to guess; the link still works"
    done = await other_client.post(
        f"/api/v1/auth/password-reset/{token}",
        json={"password": NEW_PASSWORD},
        headers=await csrf_headers(other_client),
    )
    assert done.status_code == 204, done.text

    assert (await client.get("/api/v1/me")).status_code == 401, "the old session ended"
    assert (await login(other_client, "tess@example.org")).status_code == 401
    assert (await login(other_client, "tess@example.org", NEW_PASSWORD)).status_code == 200
    again = await other_client.post(
        f"/api/v1/auth/password-reset/{token}",
        json={"password": "another long phrase entirely"},
        headers=await csrf_headers(other_client),
    )
    assert again.status_code == 404
    assert "used already or expired" in again.json()["detail"]
    assert (await other_client.get(f"/password-reset/{token}")).status_code == 404
    assert await send_due(smtp_server(smtp.url), _settings()) == 0, "sent once"


async def test_the_reset_pages_work_without_javascript(client: AsyncClient, smtp: Smtp) -> None:
    await signed_up(client, "tess@example.org", name="Tess")
    browser = client
    await browser.post("/api/v1/auth/logout", headers=await csrf_headers(browser))
    token = await csrf_headers(browser)

    asked = await browser.post(
        "/password-reset", data={"email": "tess@example.org", "_csrf_token": token["x-csrftoken"]}
    )
    nonsense = await browser.post(
        "/password-reset", data={"email": "not an address", "_csrf_token": token["x-csrftoken"]}
    )
    await send_due(smtp_server(smtp.url), _settings())
    link = _link(smtp.inbox.messages[0])
    set_it = await browser.post(
        f"/password-reset/{link}",
        data={"password": NEW_PASSWORD, "_csrf_token": token["x-csrftoken"]},
    )
    sign_in = await browser.get("/login")

    assert asked.status_code == 200
    assert "If an account uses this address" in asked.text
    assert nonsense.status_code == 400
    assert 'value="not an address"' in nonsense.text, "what was typed stays"
    assert set_it.status_code in (302, 303)
    assert set_it.headers["location"] == "/login"
    assert "Your new password is set" in sign_in.text
    assert (await login(browser, "tess@example.org", NEW_PASSWORD)).status_code == 200


async def test_reset_links_are_limited_per_hour(client: AsyncClient) -> None:
    await signed_up(client, "tess@example.org")
    for _ in range(5):
        assert (await _ask_reset(client, "tess@example.org")).status_code == 202

    assert await OutboxMessage.count().where(OutboxMessage.kind == "password_reset") == 3


async def test_a_message_is_written_in_its_readers_language(
    client: AsyncClient, smtp: Smtp
) -> None:
    me = await signed_up(client, "tess@example.org", name="Tess")
    await User.update({User.language: "fr"}).where(User.id == me["id"])

    await _ask_reset(client, "tess@example.org")
    await send_due(smtp_server(smtp.url), _settings())

    [message] = smtp.inbox.messages
    assert message["Subject"] == "Choisir un nouveau mot de passe pour Parcours"
    html = message.get_body(("html",)).get_content()
    assert '<html lang="fr"' in html
    assert "Bonjour Tess" in message.get_body(("plain",)).get_content()


async def test_an_invitation_is_queued_with_the_recruitment_in_the_testers_language(
    client: AsyncClient, browsers, smtp: Smtp
) -> None:
    tester = browsers()
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    await signed_up_tester(tester, "tess@example.org")

    await launched_campaign(client)

    invitations = await OutboxMessage.select().where(OutboxMessage.kind == "invitation")
    assert [row["to_address"] for row in invitations] == ["tess@example.org"]
    await send_due(smtp_server(smtp.url), _settings())
    [message] = smtp.inbox.messages
    assert message["Subject"].startswith("Vous êtes invité·e à tester"), "fr-FR profile"
    assert "en français (france)" in message.get_body(("plain",)).get_content().lower()
    assert "http://127.0.0.1:8000/" in message.get_body(("plain",)).get_content()


async def test_nothing_is_lost_while_the_smtp_server_is_down(
    client: AsyncClient, browsers, smtp: Smtp
) -> None:
    for n in range(3):
        await signed_up(browsers(), f"t{n}@example.org")
        await _ask_reset(client, f"t{n}@example.org")
    smtp.stop()

    assert await send_due(smtp_server(smtp.url), _settings(retry=3600)) == 0
    waiting = await OutboxMessage.select(
        OutboxMessage.attempts, OutboxMessage.last_error, OutboxMessage.sent_at
    ).where(OutboxMessage.kind == "password_reset")
    assert [row["attempts"] for row in waiting] == [1, 1, 1]
    assert all(row["last_error"] and row["sent_at"] is None for row in waiting)
    assert await send_due(smtp_server(smtp.url), _settings()) == 0, "each waits its turn"

    smtp.start()
    await OutboxMessage.update({OutboxMessage.next_attempt_at: OutboxMessage.created_at}).where(
        OutboxMessage.sent_at.is_null()
    )
    assert await send_due(smtp_server(smtp.url), _settings()) == 3
    assert await send_due(smtp_server(smtp.url), _settings()) == 0
    assert sorted(m["To"] for m in smtp.inbox.messages) == [
        "t0@example.org",
        "t1@example.org",
        "t2@example.org",
    ]


async def test_managers_see_the_outbox_and_that_smtp_is_missing(
    client: AsyncClient, browsers
) -> None:
    await signed_up(client, "tess@example.org")
    await _ask_reset(client, "tess@example.org")
    manager = await signed_up_manager(browsers())

    page = await manager.get("/outbox")
    refused = await client.get("/outbox")

    assert page.status_code == 200
    assert "No SMTP server is configured" in page.text
    assert "tess@example.org" in page.text
    assert "1 message waiting" in page.text
    assert refused.status_code == 403


def test_smtp_urls_are_read_or_refused_with_a_reason() -> None:
    server = smtp_server("smtps://mailer%40acme.test:s3cret@mail.acme.test")
    plain = smtp_server("smtp://127.0.0.1:2525")

    assert (server.host, server.port, server.implicit_tls) == ("mail.acme.test", 465, True)
    assert (server.username, server.password) == ("mailer@acme.test", "s3cret")
    assert (plain.port, plain.implicit_tls, plain.username) == (2525, False, None)
    with pytest.raises(SmtpUrlError, match="smtp:// or smtps://"):
        smtp_server("http://mail.acme.test")
    with pytest.raises(SmtpUrlError, match="no host"):
        smtp_server("smtp://")


async def test_the_worker_needs_an_smtp_url(client: AsyncClient) -> None:
    result = await _parcours("worker", "--once")

    assert result.returncode == 1
    assert "PARCOURS_SMTP_URL is not set" in result.stderr.decode()


async def _arrived(smtp: Smtp, count: int, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if len(smtp.inbox.messages) >= count:
            return True
        await anyio.sleep(0.1)
    return False


async def _failed_once(address: str, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        row = await (
            OutboxMessage.select(OutboxMessage.last_error)
            .where((OutboxMessage.to_address == address) & (OutboxMessage.kind == "password_reset"))
            .first()
        )
        if row and row["last_error"]:
            return True
        await anyio.sleep(0.1)
    return False


async def test_the_server_sends_by_itself_and_catches_up_after_an_outage(
    client: AsyncClient, smtp: Smtp, tmp_path: Path
) -> None:
    for n in range(2):
        await signed_up(client, f"t{n}@example.org")
    env = {"PARCOURS_SMTP_URL": smtp.url, "PARCOURS_MAIL_RETRY_SECONDS": "0.2"}
    with running_server(tmp_path / "server.log", **env) as (_, base):
        async with httpx.AsyncClient(base_url=base) as http:
            await http.get("/login")
            headers = {"x-csrftoken": http.cookies["csrftoken"]}
            url = "/api/v1/auth/password-reset"
            await http.post(url, json={"email": "t0@example.org"}, headers=headers)
            assert await _arrived(smtp, 1), "the server's own sender delivered it"
            smtp.stop()
            await http.post(url, json={"email": "t1@example.org"}, headers=headers)
            assert await _failed_once("t1@example.org"), "tried while the SMTP server is down"
            assert len(smtp.inbox.messages) == 1, "the message waits"
            smtp.start()
            assert await _arrived(smtp, 2), "delivered once the SMTP server is back"
            await anyio.sleep(1)

    assert sorted(m["To"] for m in smtp.inbox.messages) == ["t0@example.org", "t1@example.org"]
    assert len({m["Message-ID"] for m in smtp.inbox.messages}) == 2
    unsent = await OutboxMessage.count().where(OutboxMessage.sent_at.is_null())
    assert unsent == 0
    retried = await OutboxMessage.select(OutboxMessage.attempts).where(
        (OutboxMessage.to_address == "t1@example.org") & (OutboxMessage.kind == "password_reset")
    )
    assert retried[0]["attempts"] >= 2, "failed, then sent"


async def test_testers_hear_of_questions_and_decisions_unless_they_opt_out(
    filed, smtp: Smtp
) -> None:
    _client, manager, _campaign, (major, minor) = filed
    tester_row = await Finding.select(Finding.participation.tester.as_alias("tester")).first()
    await OutboxMessage.delete().where(OutboxMessage.id > 0)

    asked = await manager.patch(
        f"/api/v1/findings/{major}",
        json={"review": "needs_info", "note": "Which phone were you on?"},
        headers=await csrf_headers(manager),
    )
    rejected = await manager.patch(
        f"/api/v1/findings/{minor}",
        json={"review": "rejected", "reason": "not_reproducible"},
        headers=await csrf_headers(manager),
    )
    assert (asked.status_code, rejected.status_code) == (200, 200)
    await send_due(smtp_server(smtp.url), _settings())

    question, decision = smtp.inbox.messages
    assert question["Subject"].startswith("Une question sur votre signalement"), "fr-FR tester"
    assert "Which phone were you on?" in question.get_body(("plain",)).get_content()
    assert "Motif : Non reproductible." in decision.get_body(("plain",)).get_content()

    await User.update({User.mail_updates: False}).where(User.id == tester_row["tester"])
    accepted = await manager.patch(
        f"/api/v1/findings/{major}",
        json={"review": "accepted"},
        headers=await csrf_headers(manager),
    )
    assert accepted.status_code == 200
    assert await OutboxMessage.count().where(OutboxMessage.sent_at.is_null()) == 0


async def test_a_tester_turns_finding_mail_off_and_on(client: AsyncClient, browsers) -> None:
    tester = await signed_up_tester(browsers(), "tess@example.org")
    token = await csrf_headers(tester)

    off = await tester.post("/profile/mail", data={"_csrf_token": token["x-csrftoken"]})
    page = await tester.get("/profile")
    stored_off = await User.select(User.mail_updates).where(User.email == "tess@example.org")
    on = await tester.put("/api/v1/me/mail", json={"updates": True}, headers=token)
    stored_on = await User.select(User.mail_updates).where(User.email == "tess@example.org")
    refused = await tester.put("/api/v1/me/mail", json={"updates": "maybe"}, headers=token)

    assert off.status_code in (302, 303)
    assert "No more e-mail about your findings" in page.text
    assert 'name="updates" value="yes" checked' not in page.text
    assert 'name="updates" value="yes" checked' in (await tester.get("/profile")).text
    assert stored_off[0]["mail_updates"] is False
    assert on.status_code == 204
    assert stored_on[0]["mail_updates"] is True
    assert refused.status_code == 400


async def test_the_client_hears_when_every_place_is_taken_and_when_the_report_is_final(
    client: AsyncClient, browsers, smtp: Smtp
) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme", name="Cleo")
    french = await signed_up_tester(browsers(), "fr@example.org")
    english = await signed_up_tester(browsers(), "en@example.org", locale="en-GB", country="GB")
    definition = small_definition()
    for target in definition["target"]["locales"]:
        target["quota"] = 1
    campaign = await launched_campaign(client, definition)

    first = await answer_invitation(french, await only_invitation(french), "accept")
    after_one = await OutboxMessage.count().where(OutboxMessage.kind == "recruited")
    second = await answer_invitation(english, await only_invitation(english), "accept")
    closed = await client.post(
        f"/api/v1/campaigns/{campaign}/close", headers=await csrf_headers(client)
    )
    await send_due(smtp_server(smtp.url), _settings())

    assert (first.status_code, second.status_code, closed.status_code) == (200, 200, 200)
    assert after_one == 0, "fr-FR is full, en-GB is not yet"
    to_client = [m for m in smtp.inbox.messages if m["To"] == "cfo@acme.test"]
    assert [m["Subject"] for m in to_client] == [
        "Pay by phone: every place is taken",
        "Pay by phone is closed: the report is ready",
    ]
    report_link = f"/campaigns/{campaign}/report"
    assert report_link in to_client[1].get_body(("plain",)).get_content()
