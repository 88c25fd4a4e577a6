"""Tester profiles and their devices."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from backend import clock
from backend.db.engine import writing_transaction
from backend.errors import Invalid
from backend.services.campaigns import follow_the_calendar
from backend.services.recruitment import recruit_everywhere
from backend.tables import TesterDevice, TesterProfile, User
from campaigns.profiles import ProfileInput, profile_problems


class StoredProfile(msgspec.Struct):
    """A profile as stored, with when consent was given."""

    country: str
    locale: str
    languages: list[str]
    devices: list[dict[str, Any]]
    age_band: str | None
    consent_version: str | None
    consented_at: datetime | None


async def save_profile(
    user_id: int, profile: ProfileInput, interface_language: str | None = None
) -> None:
    """Create or replace the tester's profile, or refuse it listing every problem; consent
    keeps its first time per version. `interface_language`, the profile locale's language
    where the interface speaks it, becomes the person's language unless they chose one."""
    if problems := list(profile_problems(profile)):
        described = "; ".join(f"{p.path}: {p.message}" for p in problems)
        raise Invalid(
            "profile.problems",
            described,
            extra=[{"path": p.path, "message": p.message} for p in problems],
        )
    now = clock.now()
    async with writing_transaction():
        existing = (
            await TesterProfile.select(
                TesterProfile.id, TesterProfile.consent_version, TesterProfile.consented_at
            )
            .where(TesterProfile.user == user_id)
            .first()
        )
        consented_at = None
        if profile.consent_version is not None:
            same = existing and existing["consent_version"] == profile.consent_version
            consented_at = existing["consented_at"] if same else now
        values = {
            TesterProfile.country: profile.country,
            TesterProfile.locale: profile.locale,
            TesterProfile.languages: msgspec.json.encode(profile.languages).decode(),
            TesterProfile.age_band: profile.age_band,
            TesterProfile.consent_version: profile.consent_version,
            TesterProfile.consented_at: consented_at,
            TesterProfile.updated_at: now,
        }
        if existing:
            profile_id = existing["id"]
            await TesterProfile.update(values).where(TesterProfile.id == profile_id)
            await TesterDevice.delete().where(TesterDevice.profile == profile_id)
        else:
            row = TesterProfile(
                user=user_id, **{column._meta.name: v for column, v in values.items()}
            )
            profile_id = (await TesterProfile.insert(row))[0]["id"]
        await TesterDevice.insert(
            *(
                TesterDevice(
                    profile=profile_id,
                    kind=device.kind,
                    os=device.os,
                    os_version=device.os_version,
                    browser=device.browser,
                )
                for device in profile.devices
            )
        )
        if interface_language is not None:
            await User.update({User.language: interface_language}).where(
                (User.id == user_id) & User.language.is_null()
            )


async def save_profile_and_recruit(
    user_id: int, profile: ProfileInput, interface_language: str | None = None
) -> None:
    """Save the profile, then invite the tester wherever a campaign that fits has room."""
    await save_profile(user_id, profile, interface_language)
    await follow_the_calendar()
    await recruit_everywhere()


async def load_profile(user_id: int) -> StoredProfile | None:
    """The tester's profile, or None before it has one."""
    row = (
        await TesterProfile.select()
        .where(TesterProfile.user == user_id)
        .output(load_json=True)
        .first()
    )
    if row is None:
        return None
    devices = (
        await TesterDevice.select(
            TesterDevice.kind, TesterDevice.os, TesterDevice.os_version, TesterDevice.browser
        )
        .where(TesterDevice.profile == row["id"])
        .order_by(TesterDevice.id)
    )
    return StoredProfile(
        country=row["country"],
        locale=row["locale"],
        languages=row["languages"],
        devices=devices,
        age_band=row["age_band"],
        consent_version=row["consent_version"],
        consented_at=row["consented_at"],
    )
