"""Who is who: the signed-in user, a client's organization, accounts for managers."""

from __future__ import annotations

from datetime import datetime

import msgspec

from backend.tables.accounts import Organization, User
from campaigns.vocabulary import Role


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


class Member(msgspec.Struct):
    """A person of the organization."""

    id: int
    name: str
    email: str


class OrganizationView(msgspec.Struct):
    """The organization with its members."""

    id: int
    name: str
    members: list[Member]


class UserSummary(msgspec.Struct):
    """One account as a manager sees it."""

    id: int
    email: str
    name: str
    role: str
    organization_id: int | None
    created_at: datetime


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


async def organization_view(organization_id: int) -> OrganizationView:
    """The organization and its members, by name."""
    organization = (
        await Organization.select(Organization.id, Organization.name)
        .where(Organization.id == organization_id)
        .first()
    )
    members = (
        await User.select(User.id, User.name, User.email)
        .where(User.organization == organization_id)
        .order_by(User.name)
    )
    return OrganizationView(
        id=organization["id"],
        name=organization["name"],
        members=[Member(**member) for member in members],
    )


async def active_users(role: Role | None, limit: int, offset: int) -> list[UserSummary]:
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
