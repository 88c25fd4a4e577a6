"""The signed-in user (GET /api/v1/me)."""

from __future__ import annotations

from litestar import Request, get

from backend.http.guards import signed_in_user
from backend.services.people import Me, load_me


@get("/api/v1/me", tags=["me"])
async def read_me(request: Request) -> Me:
    """The signed-in user."""
    return await load_me(signed_in_user(request).id)
