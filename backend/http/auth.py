"""Sign-up, sign-in, sign-out, API tokens and password changes (/api/v1/auth/..., /me/password)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, delete, get, post, put
from litestar.exceptions import NotAuthorizedException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody

from backend.http.guards import signed_in, signed_in_user
from backend.http.labels import N_
from backend.http.middleware import SESSION_COOKIE, bearer_token
from backend.http.sessions import ERASED_SESSION, client_address, close_session, open_session
from backend.language import current_language, gettext
from backend.services.accounts import (
    Email,
    LoginRequest,
    Password,
    SignupRequest,
    change_password,
    sign_in,
)
from backend.services.password_reset import request_reset, reset_password
from backend.services.people import Me, load_me
from backend.services.signups import finish_signup, request_signup
from backend.services.tokens import (
    DEFAULT_API_TOKEN_DAYS,
    MAX_API_TOKEN_DAYS,
    TokenView,
    api_tokens_of,
    issue_token,
    revoke_api_token,
    revoke_token,
)
from campaigns.vocabulary import Role, TokenKind

WRONG_CREDENTIALS = N_("Wrong email or password")


class ErrorBody(msgspec.Struct):
    """Every error: its status, what to do about it, and details where there are any."""

    status_code: int
    detail: str
    extra: Any = None


THROTTLED = {
    429: ResponseSpec(
        data_container=ErrorBody,
        description="Too many failed sign-ins for this account or address; the Retry-After "
        "header says how many seconds to wait",
    )
}


class TokenRequest(msgspec.Struct, forbid_unknown_fields=True):
    """Credentials, a label to recognise the token by, and how long it should work."""

    email: Annotated[str, msgspec.Meta(max_length=320)]
    password: Annotated[str, msgspec.Meta(max_length=1024)]
    label: Annotated[str, msgspec.Meta(max_length=100)] = ""
    days: Annotated[int, msgspec.Meta(ge=1, le=MAX_API_TOKEN_DAYS)] = DEFAULT_API_TOKEN_DAYS


class TokenResponse(msgspec.Struct):
    """The bearer token; it is shown once and cannot be recovered."""

    token: str
    label: str
    expires_at: dt.datetime


class PasswordChange(msgspec.Struct, forbid_unknown_fields=True):
    """The current password, and the new one."""

    current_password: Annotated[str, msgspec.Meta(max_length=1024)]
    new_password: Password


class ResetRequest(msgspec.Struct, forbid_unknown_fields=True):
    """The address of the account whose password was forgotten."""

    email: Email


class NewPassword(msgspec.Struct, forbid_unknown_fields=True):
    """The password chosen through a reset link, or typed again to finish signing up."""

    password: Password


class Accepted(msgspec.Struct):
    """What happens next, the same whatever the outcome."""

    detail: str


SIGNUP_SENT = N_(
    "Check your e-mail: a link to finish signing up is on its way to this address; it works "
    "for 48 hours. If the address already has an account, the e-mail says so instead"
)
RESET_SENT = N_(
    "If an account uses this address, an e-mail with a link to choose a new password is on "
    "its way; the link works once, for two hours"
)


async def _signed_in(request: Request, email: str, password: str) -> int:
    user_id = await sign_in(email, password, client_address(request))
    if user_id is None:
        raise NotAuthorizedException(gettext(WRONG_CREDENTIALS))
    return user_id


class AuthController(Controller):
    """Cookie sessions for browsers, bearer tokens for scripts."""

    path = "/api/v1/auth"
    tags = ("auth",)

    @post("/signup", status_code=202)
    async def signup(self, data: JSONBody[SignupRequest]) -> Accepted:
        """Ask for a client (with a new organization) or a tester account: the address gets a
        link to finish, or the news that it has an account; the answer is the same."""
        await request_signup(
            data.email,
            data.password,
            data.name,
            Role(data.role),
            data.organization,
            current_language(),
        )
        return Accepted(detail=gettext(SIGNUP_SENT))

    @post("/signup/{token:str}", status_code=201)
    async def finish_signup(
        self, request: Request, token: FromPath[str], data: JSONBody[NewPassword]
    ) -> Response[Me]:
        """Create the account with the e-mailed link and the password chosen at sign-up, and
        sign it in."""
        user_id = await finish_signup(token, data.password)
        cookie = await open_session(user_id, request)
        return Response(await load_me(user_id), status_code=201, cookies=[cookie])

    @post("/password-reset", status_code=202)
    async def ask_reset(self, data: JSONBody[ResetRequest]) -> Accepted:
        """E-mail a single-use link to choose a new password; the answer is the same whether
        or not the address has an account."""
        await request_reset(data.email)
        return Accepted(detail=gettext(RESET_SENT))

    @post("/password-reset/{token:str}", status_code=204)
    async def reset(self, token: FromPath[str], data: JSONBody[NewPassword]) -> None:
        """Choose the new password; the link, every session and every API token end."""
        await reset_password(token, data.password)

    @post("/login", status_code=200, responses=THROTTLED)
    async def login(self, request: Request, data: JSONBody[LoginRequest]) -> Response[Me]:
        """Check the credentials and set a session cookie."""
        user_id = await _signed_in(request, data.email, data.password)
        cookie = await open_session(user_id, request)
        return Response(await load_me(user_id), cookies=[cookie])

    @post("/logout", status_code=204, guards=[signed_in], response_cookies=[ERASED_SESSION])
    async def logout(self, request: Request) -> None:
        """End this browser session, or revoke the bearer token the request carries."""
        if token := bearer_token(request):
            await revoke_token(token)
        else:
            await close_session(request)

    @post("/tokens", status_code=201, opt={"exclude_from_csrf": True}, responses=THROTTLED)
    async def create_token(self, request: Request, data: JSONBody[TokenRequest]) -> TokenResponse:
        """A bearer token for scripts, in exchange for credentials; it expires after `days`.

        Exempt from CSRF: it neither reads nor sets cookies, and its answer is not readable
        cross-site.
        """
        user_id = await _signed_in(request, data.email, data.password)
        lifetime = dt.timedelta(days=data.days)
        token = await issue_token(user_id, TokenKind.api, lifetime=lifetime, label=data.label)
        expires_at = dt.datetime.now(dt.UTC) + lifetime
        return TokenResponse(token=token, label=data.label, expires_at=expires_at)

    @get("/tokens", guards=[signed_in])
    async def list_tokens(self, request: Request) -> list[TokenView]:
        """The caller's API tokens that still work, without their secrets."""
        return await api_tokens_of(signed_in_user(request).id)

    @delete("/tokens/{token_id:int}", guards=[signed_in], status_code=204)
    async def revoke(self, request: Request, token_id: FromPath[int]) -> None:
        """Revoke one of the caller's API tokens; it stops working at once."""
        await revoke_api_token(signed_in_user(request).id, token_id)


@put("/api/v1/me/password", guards=[signed_in], tags=["me"], status_code=204)
async def update_password(request: Request, data: JSONBody[PasswordChange]) -> None:
    """Change the password; every other session and API token of the account ends."""
    user = signed_in_user(request)
    keep = bearer_token(request) or request.cookies.get(SESSION_COOKIE)
    await change_password(user.id, data.current_password, data.new_password, keep)
