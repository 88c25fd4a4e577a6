"""Security headers on every response: no inline code runs, no page is framed, no type is
sniffed, no signed-in page is kept in a shared cache."""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_ALWAYS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}
# The interactive API docs load their own scripts and styles; the policy would blank them.
_DOCS = "/schema"


class SecurityHeadersMiddleware:
    """Adds the headers as the response starts, once the caller is known."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; stamp the headers on its response."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                for name, value in _ALWAYS.items():
                    headers.setdefault(name, value)
                path = scope["path"]
                if not path.startswith(_DOCS):
                    headers.setdefault("content-security-policy", CONTENT_SECURITY_POLICY)
                if scope.get("user") is not None and not path.startswith("/static/"):
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)
