"""Tester profiles: who a tester is for matching, and the consent that allows invitations."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

import msgspec

from campaigns.geography import is_country, is_language, locale_problem
from campaigns.problems import Problem
from campaigns.schema import Country, Locale
from campaigns.vocabulary import DeviceKind

CONSENT_VERSION = "2026-11"
AgeBand = Literal["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
Short = Annotated[str, msgspec.Meta(max_length=40)]


class Device(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A device the tester can test on."""

    kind: DeviceKind
    os: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    os_version: Short = ""
    browser: Short = ""


class ProfileInput(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """What a tester tells us about itself; `consent` must name the current version."""

    country: Country
    locale: Locale
    languages: list[Annotated[str, msgspec.Meta(min_length=2, max_length=3)]] = []
    devices: list[Device]
    age_band: AgeBand | None = None
    consent_version: Short | None = None


def profile_problems(profile: ProfileInput) -> Iterator[Problem]:
    """What keeps a well-typed profile from being stored."""
    if not is_country(profile.country):
        yield Problem("country", f"{profile.country!r} is not an ISO 3166 country code")
    if problem := locale_problem(profile.locale):
        yield Problem("locale", problem)
    for i, language in enumerate(profile.languages):
        if not is_language(language):
            yield Problem(f"languages[{i}]", f"{language!r} is not a known language code")
    if not profile.devices:
        yield Problem("devices", "add at least one device you can test on")
    if profile.consent_version is not None and profile.consent_version != CONSENT_VERSION:
        yield Problem(
            "consent_version",
            f"consent must be given to the current terms, version {CONSENT_VERSION}",
        )
