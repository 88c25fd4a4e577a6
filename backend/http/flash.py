"""Messages after an action ("Profile saved", "Campaign launched"), carried to the next page in
a short-lived signed cookie: never in the URL, where anyone could forge one in a link.

The cookie holds the English template and its parameters; the page renders it in the
reader's language, as it renders domain errors.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence

import msgspec
from litestar import Request
from litestar.datastructures import Cookie
from litestar.response import Redirect

from backend.errors import DomainError
from backend.http.errors import translated
from backend.http.sessions import cookies_secure, settings_of
from campaigns.messages import Message

FLASH_COOKIE = "parcours_flash"


class Flash(msgspec.Struct, frozen=True):
    """A message for the next page: `notice` for what went well, `error` for what did not."""

    template: str
    params: dict[str, str | int] = {}
    kind: str = "notice"

    def text(self) -> str:
        """The message in the reader's language."""
        return translated(Message(self.template, **self.params))


def _signature(secret: str, payload: bytes) -> str:
    digest = hmac.new(secret.encode(), b"flash:" + payload, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def redirect_with(
    request: Request, path: str, message: Flash, cookies: Sequence[Cookie] = ()
) -> Redirect:
    """Go to `path`, where `message` is shown once, setting any other `cookies` too."""
    payload = base64.urlsafe_b64encode(msgspec.json.encode(message)).decode().rstrip("=")
    cookie = Cookie(
        key=FLASH_COOKIE,
        value=f"{payload}.{_signature(settings_of(request).secret_key, payload.encode())}",
        max_age=120,
        path="/",
        httponly=True,
        samesite="lax",
        secure=cookies_secure(request),
    )
    return Redirect(path, cookies=[*cookies, cookie])


def notice(template: str, **params: str | int) -> Flash:
    """A message that an action went well."""
    return Flash(template, params)


def refusal(error: DomainError) -> Flash:
    """A refused action's message, for the page the reader is sent back to."""
    params = {
        name: value if isinstance(value, int) else str(value)
        for name, value in error.params.items()
    }
    return Flash(error.template, params, kind="error")


def read_flash(request: Request) -> Flash | None:
    """The message waiting for this page, if its signature holds."""
    value = request.cookies.get(FLASH_COOKIE, "")
    payload, _, signature = value.partition(".")
    expected = _signature(settings_of(request).secret_key, payload.encode())
    if not payload or not hmac.compare_digest(signature, expected):
        return None
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        return msgspec.json.decode(raw, type=Flash)
    except (ValueError, msgspec.DecodeError):
        return None


# Set on a page that showed the message, so it shows once.
SHOWN = Cookie(key=FLASH_COOKIE, value="", max_age=0, path="/", httponly=True)


def shown_cookies(request: Request) -> list[Cookie]:
    """The cookie that clears a message once its page is drawn (none when there was none)."""
    return [SHOWN] if FLASH_COOKIE in request.cookies else []
