"""Recruitment: invitations on launch, accepting and declining, quotas per locale."""

from __future__ import annotations

import datetime as dt
import secrets
from collections import Counter
from typing import Any

import msgspec
from piccolo.query.functions.aggregate import Count

from backend.auth.identity import CurrentUser
from backend.clock import now
from backend.db.engine import locked, writing_transaction
from backend.errors import Conflict, NotFound
from backend.services.campaign_store import stored_definition
from backend.services.journeys import participation_of
from backend.services.outbox import queue_mail, recipients, site_link, tell_the_client
from backend.tables import (
    Campaign,
    CampaignLocale,
    Participation,
    TesterDevice,
    TesterProfile,
    User,
)
from campaigns.lifecycle import FILLING_STATES, HOLDING_STATES, OPEN_STATUSES
from campaigns.matching import (
    Candidate,
    CandidateDevice,
    Invitation,
    Unfit,
    choose_invitations,
    unfit,
)
from campaigns.vocabulary import ParticipationState, Role


class InvitationView(msgspec.Struct):
    """An invitation as its tester sees it."""

    id: int
    campaign_id: int
    campaign: str
    product: str
    incentive: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    locale: str
    state: str
    invited_at: dt.datetime


async def _candidates(campaign_id: int, only: int | None = None) -> list[Candidate]:
    """Active, consenting testers with a profile who are not in the campaign yet (of them,
    only the tester `only` when given)."""
    already = Participation.select(Participation.tester).where(
        (Participation.campaign == campaign_id) & Participation.tester.is_not_null()
    )
    query = TesterProfile.select(
        TesterProfile.id, TesterProfile.user, TesterProfile.locale, TesterProfile.country
    ).where(
        (TesterProfile.user.role == Role.tester)
        & (TesterProfile.user.is_active == True)  # noqa: E712
        & TesterProfile.consented_at.is_not_null()
        & TesterProfile.user.not_in(already)
    )
    if only is not None:
        query = query.where(TesterProfile.user == only)
    profiles = await query.order_by(TesterProfile.id)
    devices = await TesterDevice.select(
        TesterDevice.id, TesterDevice.profile, TesterDevice.kind, TesterDevice.os
    ).where(TesterDevice.profile.is_in([p["id"] for p in profiles] or [-1]))
    by_profile: dict[int, list[CandidateDevice]] = {}
    for device in devices:
        by_profile.setdefault(device["profile"], []).append(
            CandidateDevice(id=device["id"], kind=device["kind"], os=device["os"])
        )
    return [
        Candidate(
            user_id=profile["user"],
            locale=profile["locale"],
            country=profile["country"],
            consented=True,
            devices=tuple(by_profile.get(profile["id"], ())),
        )
        for profile in profiles
    ]


async def _places_taken(campaign_id: int, states: tuple[ParticipationState, ...]) -> dict[str, int]:
    rows = (
        await Participation.select(Participation.locale, Count(alias="n"))
        .where((Participation.campaign == campaign_id) & Participation.state.is_in(list(states)))
        .group_by(Participation.locale)
    )
    return {row["locale"]: row["n"] for row in rows}


async def recruit(campaign_id: int) -> int:
    """Invite matching testers into every locale with room; return how many were invited.

    Locales whose quota is already filled invite nobody.
    """
    async with writing_transaction():
        # One recruitment per campaign at a time, or two could invite the same tester.
        await locked(Campaign.select(Campaign.id).where(Campaign.id == campaign_id)).first()
        definition = await stored_definition(campaign_id)
        filled = await _places_taken(campaign_id, FILLING_STATES)
        full = {t.locale for t in definition.target.locales if filled.get(t.locale, 0) >= t.quota}
        target = msgspec.structs.replace(
            definition.target,
            locales=[t for t in definition.target.locales if t.locale not in full],
        )
        chosen = choose_invitations(
            target, await _candidates(campaign_id), await _places_taken(campaign_id, HOLDING_STATES)
        )
        await _invite(campaign_id, chosen)
    return len(chosen)


async def _invite(campaign_id: int, chosen: list[Invitation]) -> None:
    """Store the invitations, each under a pseudonym of its own, and queue an e-mail to
    each tester in the same transaction."""
    if not chosen:
        return
    campaign = await Campaign.select(Campaign.name).where(Campaign.id == campaign_id).first()
    people = await recipients([invitation.user_id for invitation in chosen])
    for invitation in chosen:
        if person := people.get(invitation.user_id):
            await queue_mail(
                person,
                "invitation",
                campaign=campaign["name"],
                locale=invitation.locale,
                link=site_link("/"),
            )
    await Participation.insert(
        *(
            Participation(
                campaign=campaign_id,
                tester=invitation.user_id,
                device=invitation.device.id,
                device_kind=invitation.device.kind,
                device_os=invitation.device.os,
                pseudonym=f"T-{secrets.token_hex(6)}",
                locale=invitation.locale,
                country=invitation.country,
                state=ParticipationState.invited,
            )
            for invitation in chosen
        )
    )


class OpenCampaign(msgspec.Struct):
    """A campaign testers can be invited to now."""

    id: int
    name: str


async def open_campaigns() -> list[OpenCampaign]:
    """The recruiting and running campaigns, newest first, for inviting by hand."""
    rows = await (
        Campaign.select(Campaign.id, Campaign.name)
        .where(Campaign.status.is_in(list(OPEN_STATUSES)))
        .order_by(Campaign.id, ascending=False)
    )
    return [OpenCampaign(**row) for row in rows]


async def invite_tester(campaign_id: int, tester_id: int) -> str:
    """Invite one chosen tester by hand, by the rules recruitment follows (an open campaign,
    a profile that fits, a locale whose quota is not filled yet); the campaign's name."""
    async with writing_transaction():
        campaign = await locked(
            Campaign.select(Campaign.id, Campaign.name, Campaign.status).where(
                Campaign.id == campaign_id
            )
        ).first()
        if campaign is None:
            raise NotFound(
                "campaign.not_found", "No campaign {campaign_id}", campaign_id=campaign_id
            )
        if campaign["status"] not in OPEN_STATUSES:
            raise Conflict(
                "invite.not_open",
                "{campaign} is not recruiting: testers join only while it recruits or runs",
                campaign=campaign["name"],
            )
        tester = (
            await User.select(User.name)
            .where((User.id == tester_id) & (User.role == Role.tester))
            .first()
        )
        if tester is None:
            raise NotFound("tester.not_found", "No tester {tester_id}", tester_id=tester_id)
        if await Participation.exists().where(
            (Participation.campaign == campaign_id) & (Participation.tester == tester_id)
        ):
            raise Conflict(
                "invite.already",
                "{tester} is already in {campaign}",
                tester=tester["name"],
                campaign=campaign["name"],
            )
        candidates = await _candidates(campaign_id, only=tester_id)
        if not candidates:
            raise Conflict(
                "invite.no_consent",
                "{tester} cannot be invited: no profile with consent, or the account is closed",
                tester=tester["name"],
            )
        definition = await stored_definition(campaign_id)
        # A deliberate choice may go past recruitment's margin of open invitations, never
        # past the quota of testers who said yes.
        filled = await _places_taken(campaign_id, FILLING_STATES)
        room = {t.locale: t.quota - filled.get(t.locale, 0) for t in definition.target.locales}
        _refuse_unfit(unfit(definition.target, candidates[0], room), tester["name"], campaign)
        await _invite(campaign_id, choose_invitations(definition.target, candidates, {}))
    return campaign["name"]


def _refuse_unfit(reason: Unfit | None, tester: str, campaign: dict[str, Any]) -> None:
    """Say, in words the catalogs translate, why the tester does not fit."""
    names = {"tester": tester, "campaign": campaign["name"]}
    if reason is Unfit.locale:
        raise Conflict("invite.locale", "{campaign} does not test in {tester}'s locale", **names)
    if reason is Unfit.country:
        raise Conflict("invite.country", "{campaign} does not test in {tester}'s country", **names)
    if reason is Unfit.device:
        raise Conflict(
            "invite.device", "None of {tester}'s devices is one {campaign} tests on", **names
        )
    if reason is Unfit.full:
        raise Conflict("invite.full", "{tester}'s locale in {campaign} has no place left", **names)
    if reason is Unfit.not_consented:
        raise Conflict(
            "invite.no_consent",
            "{tester} cannot be invited: no profile with consent, or the account is closed",
            tester=tester,
        )


class LocaleOutlook(msgspec.Struct):
    """One locale's recruitment: places held against the quota, and how many more testers
    who fit would be invited now."""

    locale: str
    quota: int
    holding: int
    invitable: int

    @property
    def short(self) -> bool:
        """Whether the testers who fit cannot fill the quota, even if all accept."""
        return self.holding + self.invitable < self.quota


async def recruitment_outlook(campaign_id: int) -> list[LocaleOutlook]:
    """Per locale, the places held and the testers a recruitment would invite now; reads
    only, for the launch confirmation and the campaign page's warnings."""
    definition = await stored_definition(campaign_id)
    holding = await _places_taken(campaign_id, HOLDING_STATES)
    chosen = choose_invitations(definition.target, await _candidates(campaign_id), holding)
    invitable = Counter(invitation.locale for invitation in chosen)
    return [
        LocaleOutlook(
            locale=target.locale,
            quota=target.quota,
            holding=holding.get(target.locale, 0),
            invitable=invitable[target.locale],
        )
        for target in definition.target.locales
    ]


async def recruit_everywhere() -> None:
    """Invite wherever a recruiting or running campaign has room: a tester whose profile
    comes to fit after the launch is invited as well."""
    for row in await Campaign.select(Campaign.id).where(Campaign.status.is_in(list(OPEN_STATUSES))):
        await recruit(row["id"])


async def invitations_of(user: CurrentUser) -> list[InvitationView]:
    """The tester's invitations and participations, newest first."""
    rows = (
        await Participation.select(
            Participation.id,
            Participation.campaign.id.as_alias("campaign_id"),
            Participation.campaign.name.as_alias("campaign"),
            Participation.campaign.product.as_alias("product"),
            Participation.campaign.incentive.as_alias("incentive"),
            Participation.campaign.starts_on.as_alias("starts_on"),
            Participation.campaign.ends_on.as_alias("ends_on"),
            Participation.locale,
            Participation.state,
            Participation.invited_at,
        )
        .where(Participation.tester == user.id)
        .order_by(Participation.id, ascending=False)
    )
    return [InvitationView(**row) for row in rows]


async def _locked_invitation(
    user: CurrentUser, participation_id: int
) -> tuple[dict[str, Any], int]:
    """The invitation and its locale's quota, with that quota row locked.

    Every change to a locale's invitations takes this lock first, so they happen one at a
    time and in one lock order (two accepts that each locked their own invitation first
    deadlocked when one expired the other's). The invitation is read again once the lock is
    held, to see what the previous holder committed.
    """
    found = await participation_of(user, participation_id)
    quota = await locked(
        CampaignLocale.select(CampaignLocale.quota).where(
            (CampaignLocale.campaign == found["campaign"])
            & (CampaignLocale.locale == found["locale"])
        )
    ).first()
    return await participation_of(user, participation_id), quota["quota"]


async def accept(user: CurrentUser, participation_id: int) -> None:
    """Take a place in the campaign, or 409 if the campaign, the quota or the invitation
    says no. Filling the last place closes the locale's other open invitations, so a late
    accept hears that the places are taken."""
    async with writing_transaction():
        invitation, quota = await _locked_invitation(user, participation_id)
        campaign_id, locale = invitation["campaign"], invitation["locale"]
        filled = (await _places_taken(campaign_id, FILLING_STATES)).get(locale, 0)
        late = invitation["state"] in (ParticipationState.invited, ParticipationState.expired)
        if late and filled >= quota:
            raise Conflict(
                "invitation.quota_full",
                "All {quota} places for {locale} in this campaign are taken; "
                "thank you, we will invite you to the next one",
                quota=quota,
                locale=locale,
            )
        _still_open(invitation)
        await Participation.update(
            {
                Participation.state: ParticipationState.accepted,
                Participation.accepted_at: now(),
            }
        ).where(Participation.id == participation_id)
        if filled + 1 >= quota:
            await _expire_open_invitations(campaign_id, locale)
        if filled + 1 == quota and await _every_place_taken(campaign_id):
            await tell_the_client(campaign_id, "recruited", f"/campaigns/{campaign_id}")


async def _every_place_taken(campaign_id: int) -> bool:
    """Whether testers who said yes fill every locale's quota."""
    taken = await _places_taken(campaign_id, FILLING_STATES)
    quotas = await CampaignLocale.select(CampaignLocale.locale, CampaignLocale.quota).where(
        CampaignLocale.campaign == campaign_id
    )
    return all(taken.get(row["locale"], 0) >= row["quota"] for row in quotas)


async def decline(user: CurrentUser, participation_id: int) -> None:
    """Turn an invitation down; its place goes to the next matching tester."""
    async with writing_transaction():
        invitation, _ = await _locked_invitation(user, participation_id)
        _still_open(invitation)
        await Participation.update({Participation.state: ParticipationState.declined}).where(
            Participation.id == participation_id
        )
        await recruit(invitation["campaign"])


def _still_open(invitation: dict[str, Any]) -> None:
    if invitation["state"] != ParticipationState.invited:
        raise Conflict(
            "invitation.answered",
            "This invitation is already {state}",
            state=invitation["state"],
        )
    if invitation["campaign_status"] not in OPEN_STATUSES:
        raise Conflict(
            "campaign.not_open", "This campaign is {status}", status=invitation["campaign_status"]
        )


async def _expire_open_invitations(campaign_id: int, locale: str) -> None:
    await Participation.update({Participation.state: ParticipationState.expired}).where(
        (Participation.campaign == campaign_id)
        & (Participation.locale == locale)
        & (Participation.state == ParticipationState.invited)
    )
