"""Accounts for managers to staff campaigns (GET /api/v1/users)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from litestar import get
from litestar.params import FromQuery, QueryParameter

from backend.auth.guards import role_in
from backend.tables.accounts import Role, User


class UserSummary(msgspec.Struct):
    """One account as a manager sees it."""

    id: int
    email: str
    name: str
    role: str
    organization_id: int | None
    created_at: datetime


@get("/api/v1/users", guards=[role_in(Role.manager)], tags=["users"])
async def list_users(
    role: FromQuery[Role | None] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=500)] = 100,
    offset: Annotated[int, QueryParameter(ge=0)] = 0,
) -> list[UserSummary]:
    """Active accounts, newest first, optionally of one role."""
    query = User.select(
        User.id,
        User.email,
        User.name,
        User.role,
        User.organization.as_alias("organization_id"),
        User.created_at,
    ).where(User.is_active == True)  # noqa: E712
    if role is not None:
        query = query.where(User.role == role)
    rows = await query.order_by(User.id, ascending=False).limit(limit).offset(offset)
    return [UserSummary(**row) for row in rows]
