"""Rendering a signed-in page: the template with who is reading and any message waiting."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.response import Template

from backend.http.flash import read_flash, shown_cookies
from backend.http.guards import signed_in_user
from backend.services.people import load_me


async def page(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> Template:
    """The template for the signed-in reader, with `me` and the message an action left for
    this page (shown once)."""
    me = await load_me(signed_in_user(request).id)
    return Template(
        template,
        context={"me": me, "flash": read_flash(request), **context},
        status_code=status_code,
        cookies=shown_cookies(request),
    )
