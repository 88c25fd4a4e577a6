"""The tester pool as managers see it: who can test where, on what, and how it went so far."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import msgspec
from piccolo.query.functions.aggregate import Count

from backend.services.track_records import TrackRecord, tester_records
from backend.tables import Participation, TesterDevice, TesterProfile
from campaigns.lifecycle import FILLING_STATES
from campaigns.vocabulary import ParticipationState, Role


class Activity(StrEnum):
    """Where a tester stands with campaigns."""

    walking = "walking"
    taken_part = "taken_part"
    never = "never"


# Walking a journey now; having said yes to a campaign at least once.
_WALKING = (ParticipationState.accepted, ParticipationState.in_progress)


class PoolFilters(msgspec.Struct, kw_only=True):
    """Which testers to list; each filter is optional."""

    country: str | None = None
    locale: str | None = None
    device: str | None = None
    activity: Activity | None = None
    # Keyset paging by tester: only those after this user id.
    after: int | None = None


class PoolTester(msgspec.Struct):
    """One tester of the pool, with what their campaigns and findings came to."""

    id: int
    name: str
    email: str
    active: bool
    country: str
    locale: str
    devices: list[str]
    campaigns: int
    walking: int
    record: TrackRecord


class PoolFacets(msgspec.Struct):
    """The countries, locales and device kinds the pool's profiles name, for the filters."""

    countries: list[str]
    locales: list[str]
    devices: list[str]


async def pool_facets() -> PoolFacets:
    """What the filters offer: every value some tester's profile has."""
    countries = await TesterProfile.select(TesterProfile.country).distinct()
    locales = await TesterProfile.select(TesterProfile.locale).distinct()
    devices = await TesterDevice.select(TesterDevice.kind).distinct()
    return PoolFacets(
        countries=sorted(row["country"] for row in countries),
        locales=sorted(row["locale"] for row in locales),
        devices=sorted(row["kind"] for row in devices),
    )


def _in_states(states: tuple[ParticipationState, ...]) -> Any:
    return Participation.select(Participation.tester).where(
        Participation.state.is_in(list(states)) & Participation.tester.is_not_null()
    )


async def tester_pool(filters: PoolFilters, limit: int) -> tuple[list[PoolTester], int]:
    """The testers with a profile matching the filters, in sign-up order, at most `limit`
    after `filters.after`; and how many match in all."""
    query = TesterProfile.select(
        TesterProfile.user.id.as_alias("id"),
        TesterProfile.user.name.as_alias("name"),
        TesterProfile.user.email.as_alias("email"),
        TesterProfile.user.is_active.as_alias("active"),
        TesterProfile.id.as_alias("profile"),
        TesterProfile.country,
        TesterProfile.locale,
    )
    count = TesterProfile.count()
    conditions = [TesterProfile.user.role == Role.tester]
    if filters.country:
        conditions.append(TesterProfile.country == filters.country)
    if filters.locale:
        conditions.append(TesterProfile.locale == filters.locale)
    if filters.device:
        conditions.append(
            TesterProfile.id.is_in(
                TesterDevice.select(TesterDevice.profile).where(TesterDevice.kind == filters.device)
            )
        )
    if filters.activity is Activity.walking:
        conditions.append(TesterProfile.user.is_in(_in_states(_WALKING)))
    elif filters.activity is Activity.taken_part:
        conditions.append(TesterProfile.user.is_in(_in_states(FILLING_STATES)))
    elif filters.activity is Activity.never:
        conditions.append(TesterProfile.user.not_in(_in_states(FILLING_STATES)))
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    if filters.after is not None:
        query = query.where(TesterProfile.user > filters.after)
    rows = await query.order_by(TesterProfile.user).limit(limit)
    return await _with_records(rows), await count


async def _with_records(rows: list[dict[str, Any]]) -> list[PoolTester]:
    """The rows with each tester's devices, campaigns and findings' decisions."""
    users = [row["id"] for row in rows]
    devices: dict[int, list[str]] = {}
    for device in await TesterDevice.select(
        TesterDevice.profile, TesterDevice.kind, TesterDevice.os
    ).where(TesterDevice.profile.is_in([row["profile"] for row in rows] or [-1])):
        devices.setdefault(device["profile"], []).append(f"{device['kind']} {device['os']}")
    taking_part = await (
        Participation.select(Participation.tester, Participation.state, Count(alias="n"))
        .where(Participation.tester.is_in([*users, -1]))
        .group_by(Participation.tester, Participation.state)
    )
    records = await tester_records(users)
    pool = {
        row["id"]: PoolTester(
            id=row["id"],
            name=row["name"],
            email=row["email"],
            active=row["active"],
            country=row["country"],
            locale=row["locale"],
            devices=devices.get(row["profile"], []),
            campaigns=0,
            walking=0,
            record=records[row["id"]],
        )
        for row in rows
    }
    for row in taking_part:
        tester = pool[row["tester"]]
        if row["state"] in FILLING_STATES:
            tester.campaigns += row["n"]
        if row["state"] in _WALKING:
            tester.walking += row["n"]
    return list(pool.values())
