"""Sign-up, sign-in, sign-out and API tokens (POST /api/v1/auth/...)."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Request, Response, post
from litestar.exceptions import NotAuthorizedException
from litestar.params import JSONBody

from backend.http.guards import signed_in
from backend.http.sessions import close_session, open_session, settings_of
from backend.services.accounts import LoginRequest, SignupRequest, check_credentials, create_account
from backend.services.people import Me, load_me
from backend.services.tokens import issue_token
from campaigns.vocabulary import Role, TokenKind

WRONG_CREDENTIALS = "Wrong email or password"


class TokenRequest(msgspec.Struct, forbid_unknown_fields=True):
    """Credentials and a label to recognise the token by."""

    email: Annotated[str, msgspec.Meta(max_length=320)]
    password: Annotated[str, msgspec.Meta(max_length=1024)]
    label: Annotated[str, msgspec.Meta(max_length=100)] = ""


class TokenResponse(msgspec.Struct):
    """The bearer token; it is shown once and cannot be recovered."""

    token: str
    label: str


class AuthController(Controller):
    """Cookie sessions for browsers, bearer tokens for scripts."""

    path = "/api/v1/auth"
    tags = ("auth",)

    @post("/signup", status_code=201)
    async def signup(self, request: Request, data: JSONBody[SignupRequest]) -> Response[Me]:
        """Create a client (with a new organization) or a tester account and sign it in."""
        user_id = await create_account(
            data.email, data.password, data.name, Role(data.role), data.organization
        )
        cookie = await open_session(user_id, settings_of(request))
        return Response(await load_me(user_id), status_code=201, cookies=[cookie])

    @post("/login", status_code=200)
    async def login(self, request: Request, data: JSONBody[LoginRequest]) -> Response[Me]:
        """Check the credentials and set a session cookie."""
        user_id = await check_credentials(data.email, data.password)
        if user_id is None:
            raise NotAuthorizedException(WRONG_CREDENTIALS)
        cookie = await open_session(user_id, settings_of(request))
        return Response(await load_me(user_id), cookies=[cookie])

    @post("/logout", status_code=204, guards=[signed_in])
    async def logout(self, request: Request) -> Response[None]:
        """End this browser session."""
        return Response(None, status_code=204, cookies=[await close_session(request)])

    @post("/tokens", status_code=201, opt={"exclude_from_csrf": True})
    async def create_token(self, data: JSONBody[TokenRequest]) -> TokenResponse:
        """A bearer token for scripts, in exchange for credentials.

        Exempt from CSRF: it neither reads nor sets cookies, and its answer is not readable
        cross-site.
        """
        user_id = await check_credentials(data.email, data.password)
        if user_id is None:
            raise NotAuthorizedException(WRONG_CREDENTIALS)
        token = await issue_token(user_id, TokenKind.api, lifetime=None, label=data.label)
        return TokenResponse(token=token, label=data.label)
