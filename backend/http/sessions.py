"""Browser sessions: opening one sets an HttpOnly, SameSite cookie; closing revokes it."""

from __future__ import annotations

from datetime import timedelta

from litestar import Request
from litestar.datastructures import Cookie

from backend.http.middleware import SESSION_COOKIE
from backend.services.tokens import issue_token, revoke_token
from backend.settings import Settings
from campaigns.vocabulary import TokenKind


def cookies_secure(request: Request) -> bool:
    """Whether cookies must travel over HTTPS only: when the site is public over HTTPS, when
    this request came over it (through a proxy that says so), or when configured."""
    settings = settings_of(request)
    public = (settings.public_url or "").startswith("https://")
    return settings.secure_cookies or public or request.url.scheme == "https"


async def open_session(user_id: int, request: Request) -> Cookie:
    """A new session for the user, as the cookie that carries it."""
    settings = settings_of(request)
    lifetime = timedelta(days=settings.session_days)
    token = await issue_token(user_id, TokenKind.session, lifetime)
    return Cookie(
        key=SESSION_COOKIE,
        value=token,
        max_age=int(lifetime.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=cookies_secure(request),
    )


# Set on the way out: it erases the session cookie in the browser.
ERASED_SESSION = Cookie(key=SESSION_COOKIE, value="", max_age=0, path="/", httponly=True)


async def close_session(request: Request) -> Cookie:
    """Revoke the request's session and return the cookie that erases it in the browser."""
    if token := request.cookies.get(SESSION_COOKIE):
        await revoke_token(token)
    return ERASED_SESSION


def client_address(request: Request) -> str:
    """Where the request came from (the proxy's X-Forwarded-For where uvicorn trusts it)."""
    return request.client.host if request.client else "unknown"


def settings_of(request: Request) -> Settings:
    """The settings the app was built with."""
    return request.app.state.settings
