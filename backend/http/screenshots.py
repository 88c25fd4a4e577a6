"""Screenshots, served only to those who may see them (never as public static files)."""

from __future__ import annotations

import anyio.to_thread
from litestar import Controller, Request, Response, get
from litestar.params import FromPath

from backend.http.guards import signed_in, signed_in_user
from backend.services.findings import visible_screenshot

PRIVATE = {
    "cache-control": "private, max-age=3600",
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'",
}


class ScreenshotController(Controller):
    """The tester who sent it, the campaign's client and managers; 404 for everyone else."""

    path = "/api/v1/screenshots/{screenshot_id:int}"
    tags = ("screenshots",)
    guards = (signed_in,)

    @get("/", media_type="image/png")
    async def image(self, request: Request, screenshot_id: FromPath[int]) -> Response[bytes]:
        """The screenshot as stored: metadata stripped, blurred areas already blurred."""
        row = await visible_screenshot(signed_in_user(request), screenshot_id)
        data = await anyio.to_thread.run_sync(request.app.state.screenshots.read, row["sha256"])
        return Response(data, media_type=row["media_type"], headers=PRIVATE)

    @get("/thumbnail", media_type="image/jpeg")
    async def thumbnail(self, request: Request, screenshot_id: FromPath[int]) -> Response[bytes]:
        """A small JPEG of the screenshot."""
        row = await visible_screenshot(signed_in_user(request), screenshot_id)
        store = request.app.state.screenshots
        data = await anyio.to_thread.run_sync(store.read, row["thumbnail_sha256"])
        return Response(data, media_type="image/jpeg", headers=PRIVATE)
