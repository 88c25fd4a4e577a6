"""The reader's language per request: the signed-in person's own setting wins; else the
language the browser asks for (Accept-Language, or the switcher's cookie for someone not
signed in); else English. `backend.language` holds what is read in that language."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.types import ASGIApp, Receive, Scope, Send

from backend.language import SOURCE_LANGUAGE, from_accept_language, speaking, supported

LANGUAGE_COOKIE = "parcours_language"


def negotiate(scope: Scope) -> str:
    """The reader's language for this request."""
    connection = ASGIConnection(scope)
    user = scope.get("user")
    return (
        supported(getattr(user, "language", None))
        or (None if user else supported(connection.cookies.get(LANGUAGE_COOKIE)))
        or from_accept_language(connection.headers.get("accept-language", ""))
        or SOURCE_LANGUAGE
    )


class LanguageMiddleware:
    """Sets the reader's language for everything the request renders; runs after sign-in, so
    a person's own setting is known."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request in the negotiated language."""
        with speaking(negotiate(scope) if scope["type"] == "http" else SOURCE_LANGUAGE):
            await self.app(scope, receive, send)
