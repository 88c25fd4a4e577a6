"""The signed-in user (GET /api/v1/me)."""

from __future__ import annotations

import msgspec
from litestar import Request, get

from backend.auth.guards import signed_in_user
from backend.tables.accounts import User


class OrganizationRef(msgspec.Struct):
    """An organization by id and name."""

    id: int
    name: str


class Me(msgspec.Struct):
    """Who the caller is."""

    id: int
    email: str
    name: str
    role: str
    organization: OrganizationRef | None


async def load_me(user_id: int) -> Me:
    """The user with its organization, as the API shows it."""
    row = (
        await User.select(
            User.id,
            User.email,
            User.name,
            User.role,
            User.organization.id,
            User.organization.name,
        )
        .where(User.id == user_id)
        .first()
    )
    if row is None:
        raise LookupError(f"user {user_id} vanished")
    organization = (
        OrganizationRef(id=row["organization.id"], name=row["organization.name"])
        if row["organization.id"] is not None
        else None
    )
    return Me(
        id=row["id"],
        email=row["email"],
        name=row["name"],
        role=row["role"],
        organization=organization,
    )


@get("/api/v1/me", tags=["me"])
async def read_me(request: Request) -> Me:
    """The signed-in user."""
    return await load_me(signed_in_user(request).id)
