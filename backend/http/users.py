"""Accounts for managers to staff campaigns (GET /api/v1/users)."""

from __future__ import annotations

from typing import Annotated

from litestar import get
from litestar.params import FromQuery, QueryParameter

from backend.http.guards import role_in
from backend.services.people import UserSummary, active_users
from campaigns.ids import MAX_ID
from campaigns.vocabulary import Role


@get("/api/v1/users", guards=[role_in(Role.manager)], tags=["users"])
async def list_users(
    role: FromQuery[Role | None] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=500)] = 100,
    offset: Annotated[int, QueryParameter(ge=0, le=MAX_ID)] = 0,
) -> list[UserSummary]:
    """Active accounts, newest first, optionally of one role."""
    return await active_users(role, limit, offset)
