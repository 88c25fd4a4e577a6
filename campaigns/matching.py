"""Recruitment: which testers fit a campaign's target, and how many to invite per locale."""

from __future__ import annotations

import math
from collections.abc import Iterable
from enum import StrEnum

import msgspec

from campaigns.schema import DeviceTarget, Target

# Not everyone invited accepts: invite half as many again as the quota, at least one more.
OVER_INVITE = 0.5


class CandidateDevice(msgspec.Struct, frozen=True):
    """One device of a candidate tester."""

    id: int
    kind: str
    os: str


class Candidate(msgspec.Struct, frozen=True):
    """A tester who could be invited, as matching sees it."""

    user_id: int
    locale: str
    country: str
    consented: bool
    devices: tuple[CandidateDevice, ...]


class Invitation(msgspec.Struct, frozen=True):
    """A tester to invite, with the locale and device it will test in."""

    user_id: int
    locale: str
    country: str
    device: CandidateDevice


def invitation_limit(quota: int) -> int:
    """How many open or filled places a locale may have: the quota plus the margin."""
    return quota + max(1, math.ceil(quota * OVER_INVITE))


def matching_device(
    devices: Iterable[CandidateDevice], wanted: list[DeviceTarget]
) -> CandidateDevice | None:
    """The first device that fits the target (any device when the target names none)."""
    for device in devices:
        if not wanted:
            return device
        for target in wanted:
            systems = {os.lower() for os in target.os}
            if device.kind == target.kind and (not systems or device.os.lower() in systems):
                return device
    return None


class Unfit(StrEnum):
    """Why a tester cannot be invited to a campaign now."""

    not_consented = "not_consented"
    locale = "locale"
    country = "country"
    device = "device"
    full = "full"


def room_left(target: Target, places_taken: dict[str, int]) -> dict[str, int]:
    """How many more invitations each target locale may send."""
    return {
        locale.locale: invitation_limit(locale.quota) - places_taken.get(locale.locale, 0)
        for locale in target.locales
    }


def unfit(target: Target, candidate: Candidate, room: dict[str, int]) -> Unfit | None:
    """Why the candidate cannot be invited with this much room per locale; None if they can."""
    if not candidate.consented:
        return Unfit.not_consented
    if candidate.locale not in room:
        return Unfit.locale
    if target.countries and candidate.country not in target.countries:
        return Unfit.country
    if matching_device(candidate.devices, target.devices) is None:
        return Unfit.device
    if room[candidate.locale] <= 0:
        return Unfit.full
    return None


def choose_invitations(
    target: Target, candidates: Iterable[Candidate], places_taken: dict[str, int]
) -> list[Invitation]:
    """Invite, in the candidates' order, those who fit, until each locale reaches its limit.

    `places_taken` counts each locale's participations that still hold a place (invited,
    accepted, in progress, submitted, approved); candidates already in the campaign are
    expected to be left out by the caller.
    """
    room = room_left(target, places_taken)
    chosen = []
    for candidate in candidates:
        device = matching_device(candidate.devices, target.devices)
        if device is None or unfit(target, candidate, room) is not None:
            continue
        chosen.append(Invitation(candidate.user_id, candidate.locale, candidate.country, device))
        room[candidate.locale] -= 1
    return chosen
