"""Sign-in, sign-up and sign-out pages: plain forms, no JavaScript needed."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_404_NOT_FOUND,
)

from backend.errors import DomainError, NotFound, Throttled
from backend.http.auth import (
    RESET_SENT,
    WRONG_CREDENTIALS,
    NewPassword,
    ResetRequest,
)
from backend.http.errors import status_of, translated
from backend.http.flash import notice, read_flash, redirect_with, shown_cookies
from backend.http.forms import describe_validation_error, local_path, read_form
from backend.http.labels import N_
from backend.http.sessions import client_address, close_session, open_session, settings_of
from backend.language import current_language, gettext
from backend.services.accounts import LoginRequest, SignupRequest, sign_in
from backend.services.password_reset import (
    request_reset,
    reset_link_works,
    reset_password,
    unknown_link,
)
from backend.services.signups import finish_signup, pending_address, request_signup
from backend.services.signups import unknown_link as unknown_signup_link
from campaigns.vocabulary import Role

Form = URLEncodedBody[dict[str, Any]]


class AuthPages(Controller):
    """The forms beside POST /api/v1/auth/...; a refused form keeps what was typed."""

    include_in_schema = False

    @get("/login")
    async def login_page(self, request: Request, next: FromQuery[str | None] = None) -> Template:
        """The sign-in form, with the message an action left for it (a new password set)."""
        return Template(
            "login.html",
            context={"next": local_path(next), "form": {}, "flash": read_flash(request)},
            cookies=shown_cookies(request),
        )

    @get("/password-reset")
    async def reset_page(self) -> Template:
        """The form to ask for a link to choose a new password."""
        return Template("password_reset.html", context={"form": {}})

    @post("/password-reset")
    async def ask_reset(self, data: Form) -> Template:
        """Send the link if the address has an account; say the same either way."""
        try:
            fields = read_form(data, ResetRequest)
        except msgspec.ValidationError:
            return _form_again(
                "password_reset.html",
                data,
                gettext(N_("Type the e-mail address you sign in with, as in name@example.org")),
                HTTP_400_BAD_REQUEST,
            )
        await request_reset(fields.email)
        return Template("password_reset.html", context={"form": {}, "sent": gettext(RESET_SENT)})

    @get("/password-reset/{token:str}")
    async def new_password_page(self, token: FromPath[str]) -> Template:
        """The form to choose the new password, or why the link no longer works."""
        if await reset_link_works(token):
            return Template("new_password.html", context={"token": token})
        return Template(
            "new_password.html",
            context={"token": None, "error": translated(unknown_link())},
            status_code=HTTP_404_NOT_FOUND,
        )

    @post("/password-reset/{token:str}")
    async def reset(self, request: Request, token: FromPath[str], data: Form) -> Response:
        """Set the new password and go to sign-in with it, or show why not."""
        try:
            fields = read_form(data, NewPassword)
            await reset_password(token, fields.password)
        except msgspec.ValidationError as error:
            return Template(
                "new_password.html",
                context={"token": token, "error": describe_validation_error(error)},
                status_code=HTTP_400_BAD_REQUEST,
            )
        except DomainError as error:
            link_gone = isinstance(error, NotFound)
            return Template(
                "new_password.html",
                context={"token": None if link_gone else token, "error": translated(error)},
                status_code=status_of(error),
            )
        message = N_("Your new password is set and every other session has ended; sign in")
        return redirect_with(request, "/login", notice(message))

    @post("/login")
    async def login(self, request: Request, data: Form) -> Response:
        """Sign in and go where the user was heading, or show the form again with why."""
        target = local_path(data.get("next"))
        try:
            credentials = read_form(data, LoginRequest)
        except msgspec.ValidationError:
            credentials = None
        try:
            user_id = credentials and await sign_in(
                credentials.email, credentials.password, client_address(request)
            )
        except Throttled as error:
            refused = _login_refused(target, data, translated(error), status_of(error))
            refused.headers["retry-after"] = str(error.retry_after)
            return refused
        if not user_id:
            return _login_refused(target, data, gettext(WRONG_CREDENTIALS), HTTP_401_UNAUTHORIZED)
        cookie = await open_session(user_id, request)
        return Redirect(target, cookies=[cookie])

    @get("/signup")
    async def signup_page(self) -> Template:
        """The sign-up form."""
        return Template("signup.html", context={"form": {"role": "tester"}})

    @post("/signup")
    async def signup(self, request: Request, data: Form) -> Template:
        """Send the link to finish signing up (or the news of an existing account) and say
        so, or show the form again with the problem."""
        try:
            fields = read_form(data, SignupRequest)
            link = await request_signup(
                fields.email,
                fields.password,
                fields.name,
                Role(fields.role),
                fields.organization,
                current_language(),
            )
        except msgspec.ValidationError as error:
            return _signup_error(data, describe_validation_error(error), HTTP_400_BAD_REQUEST)
        except DomainError as error:
            return _signup_error(data, translated(error), status_of(error))
        settings = settings_of(request)
        # A demo without e-mail cannot deliver the link; it shows it instead.
        shown = link if settings.demo and not settings.smtp_url else None
        context = {"form": {}, "sent": True, "email": fields.email, "link": shown}
        return Template("signup.html", context=context)

    @get("/signup/{token:str}")
    async def finish_page(self, token: FromPath[str]) -> Template:
        """The form to finish signing up with the password chosen, or why the link fails."""
        if email := await pending_address(token):
            return Template("finish_signup.html", context={"token": token, "email": email})
        return Template(
            "finish_signup.html",
            context={"token": None, "error": translated(unknown_signup_link())},
            status_code=HTTP_404_NOT_FOUND,
        )

    @post("/signup/{token:str}")
    async def finish(self, request: Request, token: FromPath[str], data: Form) -> Response:
        """Create the account, sign in and go home, or show why not."""
        try:
            fields = read_form(data, NewPassword)
            user_id = await finish_signup(token, fields.password)
        except msgspec.ValidationError as error:
            context = {"token": token, "email": await pending_address(token)}
            return Template(
                "finish_signup.html",
                context={**context, "error": describe_validation_error(error)},
                status_code=HTTP_400_BAD_REQUEST,
            )
        except DomainError as error:
            link_gone = isinstance(error, NotFound)
            context = {
                "token": None if link_gone else token,
                "email": await pending_address(token),
                "error": translated(error),
            }
            return Template("finish_signup.html", context=context, status_code=status_of(error))
        cookie = await open_session(user_id, request)
        return redirect_with(
            request, "/", notice(N_("Welcome to Parcours: your account is ready")), [cookie]
        )

    @post("/logout")
    async def logout(self, request: Request) -> Response:
        """Sign out and return to the sign-in page."""
        return Redirect("/login", cookies=[await close_session(request)])


def _form_again(
    template: str, form: dict[str, Any], error: str, status_code: int, **context: Any
) -> Template:
    """The form once more, with what was typed except the password, and why it was refused."""
    safe_form = {key: value for key, value in form.items() if key != "password"}
    return Template(
        template, context={**context, "form": safe_form, "error": error}, status_code=status_code
    )


def _login_refused(target: str, form: dict[str, Any], error: str, status_code: int) -> Template:
    return _form_again("login.html", form, error, status_code, next=target)


def _signup_error(form: dict[str, Any], error: str, status_code: int) -> Template:
    return _form_again("signup.html", form, error, status_code)
