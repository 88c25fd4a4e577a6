"""GDPR: everything held about a person, and erasing it while keeping anonymous aggregates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import anyio.to_thread
import msgspec

from backend.clock import now
from backend.db.engine import flush_deleted, writing_transaction
from backend.screenshots.store import FileStore
from backend.services.profiles import StoredProfile, load_profile
from backend.tables import (
    Answer,
    AuthToken,
    Finding,
    OutboxMessage,
    Participation,
    PendingSignup,
    Screenshot,
    StepResult,
    User,
)


class PersonalExport(msgspec.Struct):
    """Everything Parcours holds about one person (GDPR access and portability)."""

    exported_at: dt.datetime
    account: dict[str, Any]
    profile: StoredProfile | None
    sign_ins: list[dict[str, Any]]
    participations: list[dict[str, Any]]
    step_results: list[dict[str, Any]]
    answers: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    screenshots: list[dict[str, Any]]


async def export_person(user_id: int) -> PersonalExport:
    """Gather the person's account, profile, participations, answers, findings, screenshots."""
    account = (
        await User.select(
            User.id, User.email, User.name, User.role, User.organization.name, User.created_at
        )
        .where(User.id == user_id)
        .first()
    )
    mine = Participation.select(Participation.id).where(Participation.tester == user_id)
    participations = await Participation.select(
        Participation.id,
        Participation.campaign.name.as_alias("campaign"),
        Participation.pseudonym,
        Participation.locale,
        Participation.country,
        Participation.device_kind,
        Participation.device_os,
        Participation.state,
        Participation.invited_at,
        Participation.accepted_at,
        Participation.submitted_at,
    ).where(Participation.tester == user_id)
    step_results = await StepResult.select(
        StepResult.participation,
        StepResult.step.key.as_alias("step"),
        StepResult.status,
        StepResult.seconds_spent,
        StepResult.note,
        StepResult.updated_at,
    ).where(StepResult.participation.is_in(mine))
    answers = await (
        Answer.select(
            Answer.participation,
            Answer.question.key.as_alias("question"),
            Answer.question.text.as_alias("question_text"),
            Answer.number,
            Answer.text,
            Answer.choices,
            Answer.updated_at,
        )
        .where(Answer.participation.is_in(mine))
        .output(load_json=True)
    )
    findings = await Finding.select(
        Finding.id,
        Finding.participation,
        Finding.title,
        Finding.description,
        Finding.steps_to_reproduce,
        Finding.expected_result,
        Finding.actual_result,
        Finding.kind,
        Finding.severity,
        Finding.emotion,
        Finding.review,
        Finding.created_at,
    ).where(Finding.participation.is_in(mine))
    screenshots = [
        {**row, "url": f"/api/v1/screenshots/{row['id']}"}
        for row in await Screenshot.select(
            Screenshot.id, Screenshot.finding, Screenshot.media_type, Screenshot.created_at
        ).where(Screenshot.uploaded_by == user_id)
    ]
    sign_ins = await AuthToken.select(
        AuthToken.kind, AuthToken.label, AuthToken.created_at, AuthToken.expires_at
    ).where(AuthToken.user == user_id)
    return PersonalExport(
        exported_at=now(),
        account=account,
        profile=await load_profile(user_id),
        sign_ins=sign_ins,
        participations=participations,
        step_results=step_results,
        answers=answers,
        findings=findings,
        screenshots=screenshots,
    )


async def erase_person(user_id: int, store: FileStore) -> None:
    """Delete the account, profile, devices, sign-ins and screenshots.

    Participations, step results, answers and findings stay, no longer linked to anyone
    (the participation's tester becomes null), so campaign aggregates keep their counts.
    A screenshot file goes once no remaining row points at its content.
    """
    async with writing_transaction():
        shots = await Screenshot.select(Screenshot.sha256, Screenshot.thumbnail_sha256).where(
            Screenshot.uploaded_by == user_id
        )
        await Screenshot.delete().where(Screenshot.uploaded_by == user_id)
        await Participation.update({Participation.device: None}).where(
            Participation.tester == user_id
        )
        # E-mail sent before the account existed (the sign-up link) names the person too.
        email = (await User.select(User.email).where(User.id == user_id).first())["email"]
        await OutboxMessage.delete().where(OutboxMessage.to_address == email)
        await PendingSignup.delete().where(PendingSignup.email == email)
        await User.delete().where(User.id == user_id)
    await flush_deleted()
    digests = {d for shot in shots for d in (shot["sha256"], shot["thumbnail_sha256"])}
    still_used = {
        d
        for row in await Screenshot.select(Screenshot.sha256, Screenshot.thumbnail_sha256).where(
            Screenshot.sha256.is_in(list(digests) or [""])
            | Screenshot.thumbnail_sha256.is_in(list(digests) or [""])
        )
        for d in (row["sha256"], row["thumbnail_sha256"])
    }
    for digest in digests - still_used:
        await anyio.to_thread.run_sync(store.delete, digest)
