"""The tester's own profile (GET and PUT /api/v1/me/profile) and e-mail choice (PUT
/api/v1/me/mail)."""

from __future__ import annotations

import msgspec
from litestar import Request, get, put
from litestar.params import JSONBody

from backend.errors import NotFound
from backend.http.guards import role_in, signed_in_user
from backend.services.outbox import set_mail_updates
from backend.services.profiles import StoredProfile, load_profile, save_profile_and_recruit
from campaigns.profiles import CONSENT_VERSION, ProfileInput
from campaigns.vocabulary import Role

TESTERS = [role_in(Role.tester)]


@get("/api/v1/me/profile", guards=TESTERS, tags=["me"])
async def read_profile(request: Request) -> StoredProfile:
    """The tester's profile, as matching sees it."""
    profile = await load_profile(signed_in_user(request).id)
    if profile is None:
        raise NotFound(
            "profile.missing",
            "No profile yet: PUT one with your country, locale, devices and consent "
            "(consent_version {version})",
            version=CONSENT_VERSION,
        )
    return profile


@put("/api/v1/me/profile", guards=TESTERS, tags=["me"])
async def write_profile(request: Request, data: JSONBody[ProfileInput]) -> StoredProfile:
    """Replace the profile. Invitations need consent: `consent_version` set to the current
    terms; leaving it out withdraws consent."""
    user = signed_in_user(request)
    await save_profile_and_recruit(user.id, data)
    return await load_profile(user.id)


class MailChoice(msgspec.Struct, forbid_unknown_fields=True):
    """Whether to get e-mail about one's findings (questions and decisions)."""

    updates: bool


@put("/api/v1/me/mail", guards=TESTERS, tags=["me"], status_code=204)
async def write_mail_choice(request: Request, data: JSONBody[MailChoice]) -> None:
    """Turn e-mail about one's findings on or off; invitations always come by e-mail."""
    await set_mail_updates(signed_in_user(request).id, data.updates)
