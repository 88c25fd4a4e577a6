"""A client's own organization and its members (GET /api/v1/organization)."""

from __future__ import annotations

import msgspec
from litestar import Request, get

from backend.auth.guards import role_in, signed_in_user
from backend.tables.accounts import Organization, Role, User


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


@get("/api/v1/organization", guards=[role_in(Role.client)], tags=["organization"])
async def read_organization(request: Request) -> OrganizationView:
    """The caller's organization; clients see only their own."""
    organization_id = signed_in_user(request).organization_id
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
