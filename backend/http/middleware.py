"""Authentication from a bearer token or a session cookie, and CSRF for cookie requests only."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.middleware.csrf import CSRFMiddleware
from litestar.types import Receive, Scope, Send

from backend.services.tokens import resolve_token
from campaigns.vocabulary import TokenKind

SESSION_COOKIE = "parcours_session"


def bearer_token(connection: ASGIConnection) -> str | None:
    """The token of an `Authorization: Bearer` header, or None."""
    scheme, _, token = connection.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def _has_authorization_header(scope: Scope) -> bool:
    return any(name == b"authorization" for name, _ in scope.get("headers", ()))


class TokenAuthenticationMiddleware(AbstractAuthenticationMiddleware):
    """Sets `request.user` to a CurrentUser, or None for an anonymous request.

    A request that sends an Authorization header is judged by that header alone, never by a
    cookie: that is what lets the CSRF middleware skip such requests safely.
    """

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        """Resolve the caller; a malformed or unknown bearer token is a 401, not anonymity."""
        header = connection.headers.get("authorization")
        if header is not None:
            token = bearer_token(connection)
            if token is None:
                raise NotAuthorizedException("The Authorization header must be 'Bearer <token>'")
            user = await resolve_token(token, TokenKind.api)
            if user is None:
                raise NotAuthorizedException("This API token is unknown or has been revoked")
            return AuthenticationResult(user=user, auth=TokenKind.api)
        cookie = connection.cookies.get(SESSION_COOKIE)
        if cookie:
            user = await resolve_token(cookie, TokenKind.session)
            if user is not None:
                return AuthenticationResult(user=user, auth=TokenKind.session)
        return AuthenticationResult(user=None, auth=None)


class CookieCSRFMiddleware(CSRFMiddleware):
    """Litestar's double-submit CSRF check, skipped for bearer-token requests.

    Browsers never attach an Authorization header on their own, so a request carrying one
    cannot be forged cross-site; and such requests are never authenticated by cookie.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass bearer requests through; check everything else."""
        if scope["type"] == "http" and _has_authorization_header(scope):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
