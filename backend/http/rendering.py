"""Rendering a signed-in page: the template with who is reading and any notice."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.response import Template

from backend.http.guards import signed_in_user
from backend.services.people import load_me


async def page(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> Template:
    """The template for the signed-in reader, with `me` and the query's `notice`."""
    me = await load_me(signed_in_user(request).id)
    notice = request.query_params.get("notice")
    return Template(
        template, context={"me": me, "notice": notice, **context}, status_code=status_code
    )
