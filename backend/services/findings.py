"""Filing findings with screenshots, and who may see a screenshot."""

from __future__ import annotations

import datetime as dt
from typing import Any

import anyio.to_thread
import msgspec
from litestar.exceptions import NotFoundException

from backend.auth.identity import CurrentUser
from backend.db.engine import writing_transaction
from backend.screenshots.images import CleanImage, Rectangle, clean_image
from backend.screenshots.store import FileStore
from backend.services.participations import locked_participation
from backend.tables import Finding, Screenshot, Step
from backend.tables.accounts import Role
from campaigns.findings import FindingInput

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
    store: FileStore,
) -> FindingView:
    """File the finding with its screenshots: rows and files together, or neither."""
    written: list[str] = []
    try:
        async with writing_transaction():
            p = await locked_participation(user, participation_id)
            step = (
                await Step.select(Step.id, Step.use_case, Step.stage)
                .where((Step.id == step_id) & (Step.campaign == p["campaign"]))
                .first()
            )
            if step is None:
                raise NotFoundException(f"No step {step_id} in this journey")
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
                        **msgspec.structs.asdict(finding),
                    )
                )
            )[0]["id"]
            if images:
                await Screenshot.insert(
                    *(
                        Screenshot(
                            finding=finding_id,
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
            # Files last, inside the transaction: if writing fails, the rows roll back too.
            for image in images:
                for digest, data in (
                    (image.sha256, image.data),
                    (image.thumbnail_sha256, image.thumbnail),
                ):
                    if await anyio.to_thread.run_sync(store.put, digest, data):
                        written.append(digest)
    except BaseException:
        for digest in written:
            store.delete(digest)
        raise
    return await finding_view(finding_id)


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
        device=" ".join(part for part in (row["device_kind"], row["device_os"]) if part),
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
        raise NotFoundException(f"No screenshot {screenshot_id}")
    return row
