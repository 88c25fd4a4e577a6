"""`/favicon.ico`, which browsers ask for on every site whatever the page links: the SVG mark."""

from __future__ import annotations

from litestar import get
from litestar.response import Redirect


@get("/favicon.ico", include_in_schema=False, opt={"exclude_from_auth": True})
async def favicon() -> Redirect:
    """A lasting redirect to the SVG icon, so browsers ask once."""
    return Redirect("/static/favicon.svg", status_code=301)
