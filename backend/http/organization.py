"""A client's own organization and its members (GET /api/v1/organization)."""

from __future__ import annotations

from litestar import Request, get

from backend.http.guards import role_in, signed_in_user
from backend.services.people import OrganizationView, organization_view
from campaigns.vocabulary import Role


@get("/api/v1/organization", guards=[role_in(Role.client)], tags=["organization"])
async def read_organization(request: Request) -> OrganizationView:
    """The caller's organization; clients see only their own."""
    return await organization_view(signed_in_user(request).organization_id)
