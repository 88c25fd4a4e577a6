"""Delivery over SMTP: `smtp://` (STARTTLS whenever the server offers it) or `smtps://`
(TLS from the first byte), with credentials in the URL when the server wants them."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import unquote, urlsplit

import msgspec


class SmtpServer(msgspec.Struct, frozen=True):
    """Where and how to hand messages over."""

    host: str
    port: int
    implicit_tls: bool
    username: str | None = None
    password: str | None = None


class SmtpUrlError(ValueError):
    """PARCOURS_SMTP_URL cannot be used; the message says why."""


def smtp_server(url: str) -> SmtpServer:
    """The server an `smtp://user:password@host:port` or `smtps://…` URL names."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise SmtpUrlError(f"PARCOURS_SMTP_URL must start with smtp:// or smtps://, not {url!r}")
    if not parts.hostname:
        raise SmtpUrlError("PARCOURS_SMTP_URL names no host, as in smtp://mail.example.org:587")
    implicit = parts.scheme == "smtps"
    return SmtpServer(
        host=parts.hostname,
        port=parts.port or (465 if implicit else 25),
        implicit_tls=implicit,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def message(
    sender: str, to: str, subject: str, text: str, html: str, message_id: str
) -> EmailMessage:
    """A text and HTML message with its fixed Message-ID."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = to
    email["Subject"] = subject
    email["Date"] = formatdate(localtime=False, usegmt=True)
    email["Message-ID"] = message_id
    email.set_content(text)
    email.add_alternative(html, subtype="html")
    return email


def deliver(server: SmtpServer, email: EmailMessage, timeout: float = 30) -> None:
    """Hand one message to the server; raises OSError or smtplib's errors when it cannot."""
    context = ssl.create_default_context()
    if server.implicit_tls:
        connection: smtplib.SMTP = smtplib.SMTP_SSL(
            server.host, server.port, timeout=timeout, context=context
        )
    else:
        connection = smtplib.SMTP(server.host, server.port, timeout=timeout)
    with connection:
        connection.ehlo()
        if not server.implicit_tls and connection.has_extn("starttls"):
            connection.starttls(context=context)
            connection.ehlo()
        if server.username:
            connection.login(server.username, server.password or "")
        connection.send_message(email)
