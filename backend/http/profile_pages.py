"""The tester's profile form, with consent; the same checks as PUT /api/v1/me/profile."""

from __future__ import annotations

from typing import Any, get_args

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from backend.errors import DomainError
from backend.http.errors import status_of, translated
from backend.http.forms import describe_validation_error, profile_from_form
from backend.http.guards import role_in, signed_in_user
from backend.http.i18n import supported
from backend.http.labels import N_
from backend.http.rendering import page
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
            message = describe_validation_error(error)
            return await _profile_page(request, form, message, HTTP_400_BAD_REQUEST)
        try:
            await save_profile_and_recruit(
                signed_in_user(request).id, profile, supported(profile.locale)
            )
        except DomainError as error:
            return await _profile_page(request, form, translated(error), status_of(error))
        return Redirect("/?notice=" + N_("Profile saved"))


async def _profile_page(
    request: Request, form: dict[str, Any], error: str | None, status_code: int
) -> Template:
    context = {
        "form": form,
        "error": error,
        "device_kinds": list(DeviceKind),
        "age_bands": get_args(AgeBand),
        "consent_version": CONSENT_VERSION,
    }
    return await page(request, "profile.html", context, status_code)
