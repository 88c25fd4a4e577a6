"""Filing findings with screenshots, and who may see a screenshot."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
import msgspec
from piccolo.query.functions.aggregate import Count

from backend.auth.identity import CurrentUser
from backend.db.engine import writing_transaction
from backend.errors import Invalid, NotFound
from backend.screenshots.images import CleanImage, Rectangle, clean_image
from backend.screenshots.store import FileStore
from backend.services.journeys import participation_of, readable_participation
from backend.services.participations import locked_participation
from backend.tables import Finding, Screenshot, Step
from campaigns.findings import FindingInput, most_similar
from campaigns.vocabulary import ReviewState, Role

MAX_SCREENSHOTS = 5


class ScreenshotView(msgspec.Struct):
    """A stored screenshot and where to fetch it."""

    id: int
    url: str
    thumbnail_url: str
    width: int
    height: int


class FindingView(msgspec.Struct):
    """A filed finding as its tester sees it."""

    id: int
    title: str
    kind: str
    severity: str
    emotion: int
    stage: str
    locale: str
    device: str
    review: str
    screenshots: list[ScreenshotView]
    created_at: dt.datetime


async def clean_all(
    uploads: list[bytes], blur: dict[int, list[Rectangle]], max_bytes: int
) -> list[CleanImage]:
    """Check and clean every upload off the event loop; the first bad one refuses them all."""
    return [
        await anyio.to_thread.run_sync(clean_image, data, max_bytes, blur.get(index, []))
        for index, data in enumerate(uploads)
    ]


async def report_finding(
    user: CurrentUser,
    participation_id: int,
    step_id: int,
    finding: FindingInput,
    images: list[CleanImage],
    store: FileStore | None,
    duplicate_of: int | None = None,
) -> FindingView:
    """File the finding with its screenshots: rows and files together, or neither.

    With `duplicate_of`, the finding is the tester's "me too" on an earlier one.
    """
    async with transaction_with_files(store) as written:
        p = await locked_participation(user, participation_id)
        step = (
            await Step.select(Step.id, Step.use_case, Step.stage)
            .where((Step.id == step_id) & (Step.campaign == p["campaign"]))
            .first()
        )
        if step is None:
            raise NotFound("step.not_found", "No step {step_id} in this journey", step_id=step_id)
        finding_id = (
            await Finding.insert(
                Finding(
                    campaign=p["campaign"],
                    participation=participation_id,
                    use_case=step["use_case"],
                    step=step_id,
                    stage=step["stage"],
                    locale=p["locale"],
                    country=p["country"],
                    device_kind=p["device_kind"],
                    device_os=p["device_os"],
                    reported_severity=finding.severity,
                    duplicate_of=duplicate_of,
                    review=ReviewState.duplicate if duplicate_of else ReviewState.new,
                    **msgspec.structs.asdict(finding),
                )
            )
        )[0]["id"]
        await attach_screenshots(finding_id, user, images, store, written)
    return await finding_view(finding_id)


async def attach_screenshots(
    finding_id: int,
    user: CurrentUser,
    images: Sequence[CleanImage],
    store: FileStore | None,
    written: list[str],
    message: int | None = None,
) -> None:
    """Store the screenshots' rows, then their files, inside the caller's transaction; a
    report holds at most MAX_SCREENSHOTS in all, whatever added them.

    Files come last: if writing one fails, the rows roll back with the transaction, and
    `transaction_with_files` removes the files named in `written`.
    """
    if not images:
        return
    kept = await Screenshot.count().where(Screenshot.finding == finding_id)
    if kept + len(images) > MAX_SCREENSHOTS:
        raise Invalid(
            "finding.too_many_screenshots_in_all",
            "This report has {kept} screenshots; add at most {room} more",
            kept=kept,
            room=MAX_SCREENSHOTS - kept,
        )
    await Screenshot.insert(
        *(
            Screenshot(
                finding=finding_id,
                message=message,
                uploaded_by=user.id,
                sha256=image.sha256,
                thumbnail_sha256=image.thumbnail_sha256,
                media_type=image.media_type,
                width=image.width,
                height=image.height,
                size_bytes=len(image.data),
            )
            for image in images
        )
    )
    for image in images if store else []:
        for digest, data in ((image.sha256, image.data), (image.thumbnail_sha256, image.thumbnail)):
            if await anyio.to_thread.run_sync(store.put, digest, data):
                written.append(digest)


@asynccontextmanager
async def transaction_with_files(store: FileStore | None) -> AsyncIterator[list[str]]:
    """A writing transaction for rows and screenshot files together: if it fails, the files
    it wrote (the digests added to the list it yields) are removed again."""
    written: list[str] = []
    try:
        async with writing_transaction():
            yield written
    except BaseException:
        for digest in written if store else []:
            store.delete(digest)
        raise


async def sweep_screenshots(store: FileStore, grace_seconds: float) -> int:
    """Remove stored files that no screenshot row refers to; returns how many went."""
    referenced = set()
    for row in await Screenshot.select(Screenshot.sha256, Screenshot.thumbnail_sha256):
        referenced.update((row["sha256"], row["thumbnail_sha256"]))
    removed = await anyio.to_thread.run_sync(store.sweep, referenced, grace_seconds)
    return len(removed)


async def screenshots_by_finding(ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each finding's screenshots (id, thumbnail digest), oldest first."""
    shots: dict[int, list[dict[str, Any]]] = {}
    for row in await (
        Screenshot.select(Screenshot.id, Screenshot.finding, Screenshot.thumbnail_sha256)
        .where(Screenshot.finding.is_in([*ids, -1]))
        .order_by(Screenshot.id)
    ):
        shots.setdefault(row["finding"], []).append(row)
    return shots


async def duplicate_counts(ids: list[int]) -> dict[int, int]:
    """How many duplicates point at each of the findings."""
    return {
        row["duplicate_of"]: row["n"]
        for row in await Finding.select(Finding.duplicate_of, Count(alias="n"))
        .where(Finding.duplicate_of.is_in([*ids, -1]))
        .group_by(Finding.duplicate_of)
    }


def device_label(row: dict[str, Any]) -> str:
    """`phone Android` from a finding row's device kind and operating system."""
    return " ".join(part for part in (row["device_kind"], row["device_os"]) if part)


async def finding_view(finding_id: int) -> FindingView:
    """The finding with links to its screenshots."""
    row = await Finding.select().where(Finding.id == finding_id).first()
    shots = (
        await Screenshot.select(Screenshot.id, Screenshot.width, Screenshot.height)
        .where(Screenshot.finding == finding_id)
        .order_by(Screenshot.id)
    )
    return FindingView(
        id=row["id"],
        title=row["title"],
        kind=row["kind"],
        severity=row["severity"],
        emotion=row["emotion"],
        stage=row["stage"],
        locale=row["locale"],
        device=device_label(row),
        review=row["review"],
        screenshots=[
            ScreenshotView(
                id=shot["id"],
                url=f"/api/v1/screenshots/{shot['id']}",
                thumbnail_url=f"/api/v1/screenshots/{shot['id']}/thumbnail",
                width=shot["width"],
                height=shot["height"],
            )
            for shot in shots
        ],
        created_at=row["created_at"],
    )


async def visible_screenshot(user: CurrentUser, screenshot_id: int) -> dict[str, Any]:
    """The screenshot row if the user may see it: its tester, the campaign's client, a
    manager. Anyone else gets the same 404 as for a missing one."""
    row = (
        await Screenshot.select(
            Screenshot.sha256,
            Screenshot.thumbnail_sha256,
            Screenshot.media_type,
            Screenshot.uploaded_by,
            Screenshot.finding.campaign.organization.as_alias("organization"),
        )
        .where(Screenshot.id == screenshot_id)
        .first()
    )
    allowed = row is not None and (
        user.role is Role.manager
        or (user.role is Role.tester and row["uploaded_by"] == user.id)
        or (user.role is Role.client and row["organization"] == user.organization_id)
    )
    if not allowed:
        raise NotFound(
            "screenshot.not_found", "No screenshot {screenshot_id}", screenshot_id=screenshot_id
        )
    return row


class SimilarFinding(msgspec.Struct):
    """A finding already reported on the same step that may be the same problem."""

    id: int
    title: str
    kind: str
    severity: str
    confirmations: int
    similarity: float


async def similar_findings(
    user: CurrentUser, participation_id: int, step_id: int, title: str
) -> list[SimilarFinding]:
    """Other testers' findings on this step whose title looks like `title`, best first."""
    p = await readable_participation(user, participation_id)
    rows = await Finding.select(
        Finding.id,
        Finding.participation,
        Finding.title,
        Finding.kind,
        Finding.severity,
        Finding.duplicate_of,
    ).where(
        (Finding.campaign == p["campaign"])
        & (Finding.step == step_id)
        & (Finding.review != ReviewState.rejected)
    )
    confirmations = Counter(row["duplicate_of"] for row in rows if row["duplicate_of"])
    originals = [
        row
        for row in rows
        if row["duplicate_of"] is None and row["participation"] != participation_id
    ]
    return [
        SimilarFinding(
            id=row["id"],
            title=row["title"],
            kind=row["kind"],
            severity=row["severity"],
            confirmations=confirmations[row["id"]],
            similarity=round(score, 2),
        )
        for score, row in most_similar(title, ((row["title"], row) for row in originals), 5)
    ]


class KnownIssue(msgspec.Struct):
    """An accepted problem of the step a tester is on: its title and stage only, nothing
    about who reported it."""

    id: int
    title: str
    stage: str
    confirmations: int


async def known_issues(
    user: CurrentUser, participation_id: int, step_id: int, limit: int = 10
) -> list[KnownIssue]:
    """The step's accepted problems that other testers of the same locale reported (so the
    titles are in a language the tester reads), most confirmed first, so a tester says "me
    too" instead of filing one again."""
    p = await participation_of(user, participation_id)
    rows = await Finding.select(Finding.id, Finding.title, Finding.stage).where(
        (Finding.campaign == p["campaign"])
        & (Finding.step == step_id)
        & (Finding.locale == p["locale"])
        & (Finding.review == ReviewState.accepted)
        & Finding.duplicate_of.is_null()
        & (Finding.participation != participation_id)
    )
    counts = await duplicate_counts([row["id"] for row in rows])
    issues = [KnownIssue(**row, confirmations=counts.get(row["id"], 0)) for row in rows]
    return sorted(issues, key=lambda issue: (-issue.confirmations, issue.id))[:limit]


async def confirm_finding(
    user: CurrentUser, participation_id: int, step_id: int, original_id: int
) -> FindingView:
    """ "Me too": file the tester's own finding as a duplicate of one already reported."""
    p = await participation_of(user, participation_id)
    original = (
        await Finding.select()
        .where(
            (Finding.id == original_id)
            & (Finding.campaign == p["campaign"])
            & (Finding.step == step_id)
            & Finding.duplicate_of.is_null()
        )
        .first()
    )
    if original is None:
        raise NotFound(
            "finding.not_on_step",
            "No finding {finding_id} on this step to confirm",
            finding_id=original_id,
        )
    copy = FindingInput(
        title=original["title"],
        kind=original["kind"],
        severity=original["reported_severity"],
        description=f"Confirmed: the same problem as finding {original_id}",
    )
    return await report_finding(
        user, participation_id, step_id, copy, [], None, duplicate_of=original_id
    )
