"""The tester's profile form, with consent; the same checks as PUT /api/v1/me/profile."""

from __future__ import annotations

from typing import Any, get_args

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.response import Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from backend.errors import DomainError
from backend.http.choices import country_choices, locale_choices
from backend.http.errors import status_of, translated
from backend.http.flash import notice, redirect_with
from backend.http.forms import describe_validation_error, error_field, profile_from_form
from backend.http.guards import role_in, signed_in_user
from backend.http.labels import N_
from backend.http.rendering import page
from backend.language import gettext, supported
from backend.services.outbox import mail_updates, set_mail_updates
from backend.services.profiles import load_profile, save_profile_and_recruit
from campaigns.profiles import CONSENT_VERSION, AgeBand
from campaigns.vocabulary import DeviceKind, Role


class ProfilePages(Controller):
    """The form shows what is stored; a refused form comes back as it was typed."""

    path = "/profile"
    include_in_schema = False
    guards = (role_in(Role.tester),)

    @get("/")
    async def profile_form(self, request: Request) -> Template:
        """The profile form, filled with what is stored."""
        stored = await load_profile(signed_in_user(request).id)
        form: dict[str, Any] = {}
        if stored:
            device = stored.devices[0] if stored.devices else {}
            form = {
                "country": stored.country,
                "locale": stored.locale,
                "languages": ", ".join(stored.languages),
                "age_band": stored.age_band or "",
                "consent": stored.consent_version == CONSENT_VERSION,
                **{f"device_{key}": value for key, value in device.items()},
            }
        return await _profile_page(request, form, None, 200)

    @post("/")
    async def save_profile_form(self, request: Request) -> Response:
        """Store the profile, or show the form again with what is wrong."""
        form = dict((await request.form()).items())
        try:
            profile = profile_from_form(form)
        except msgspec.ValidationError as error:
            field, message = _human(error)
            # A message about one field stands next to it, not also at the top.
            return await _profile_page(
                request,
                form,
                None if field else message,
                HTTP_400_BAD_REQUEST,
                {field: message} if field else None,
            )
        try:
            await save_profile_and_recruit(
                signed_in_user(request).id, profile, supported(profile.locale)
            )
        except DomainError as error:
            return await _profile_page(request, form, translated(error), status_of(error))
        return redirect_with(request, "/", notice(N_("Profile saved")))

    @post("/mail")
    async def save_mail_choice(self, request: Request) -> Response:
        """Turn e-mail about one's findings on or off."""
        wanted = (await request.form()).get("updates") == "yes"
        await set_mail_updates(signed_in_user(request).id, wanted)
        message = (
            N_("You will get e-mail about your findings")
            if wanted
            else N_("No more e-mail about your findings; invitations still come")
        )
        return redirect_with(request, "/profile", notice(message))


# What to do about a field the form could not read, in words rather than patterns.
_FIELD_HELP = {
    "country": N_("Choose your country from the list"),
    "locale": N_("Choose your language and country from the list"),
    "devices[0].os": N_("Name your device's operating system, such as iOS or Android"),
    "devices[0].kind": N_("Choose the kind of device you test on"),
    "languages": N_("Write the other languages as two-letter codes, such as en, es"),
}


def _human(error: msgspec.ValidationError) -> tuple[str | None, str]:
    """The field a validation error is about, and what to do about it."""
    field = error_field(error) or ""
    for name, help_text in _FIELD_HELP.items():
        if field == name or field.startswith(f"{name}["):
            return name, gettext(help_text)
    return None, describe_validation_error(error)


async def _profile_page(
    request: Request,
    form: dict[str, Any],
    error: str | None,
    status_code: int,
    field_errors: dict[str, str] | None = None,
) -> Template:
    context = {
        "form": form,
        "error": error,
        "field_errors": field_errors or {},
        "locales": locale_choices(),
        "countries": country_choices(),
        "device_kinds": list(DeviceKind),
        "age_bands": get_args(AgeBand),
        "consent_version": CONSENT_VERSION,
        "mail_updates": await mail_updates(signed_in_user(request).id),
    }
    return await page(request, "profile.html", context, status_code)
