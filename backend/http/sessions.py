"""Browser sessions: opening one sets an HttpOnly, SameSite cookie; closing revokes it."""

from __future__ import annotations

from datetime import timedelta

from litestar import Request
from litestar.datastructures import Cookie

from backend.http.middleware import SESSION_COOKIE
from backend.services.tokens import issue_token, revoke_token
from backend.settings import Settings
from campaigns.vocabulary import TokenKind


async def open_session(user_id: int, settings: Settings) -> Cookie:
    """A new session for the user, as the cookie that carries it."""
    lifetime = timedelta(days=settings.session_days)
    token = await issue_token(user_id, TokenKind.session, lifetime)
    return Cookie(
        key=SESSION_COOKIE,
        value=token,
        max_age=int(lifetime.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )


async def close_session(request: Request) -> Cookie:
    """Revoke the request's session and return a cookie that erases it in the browser."""
    if token := request.cookies.get(SESSION_COOKIE):
        await revoke_token(token)
    return Cookie(key=SESSION_COOKIE, value="", max_age=0, path="/", httponly=True)


def settings_of(request: Request) -> Settings:
    """The settings the app was built with."""
    return request.app.state.settings
