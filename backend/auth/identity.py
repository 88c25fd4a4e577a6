"""The signed-in user as the HTTP layer sees it."""

from __future__ import annotations

import msgspec

from campaigns.vocabulary import Role, TokenKind


class CurrentUser(msgspec.Struct, frozen=True):
    """A user resolved from a session cookie or a bearer token."""

    id: int
    email: str
    name: str
    role: Role
    organization_id: int | None
    via: TokenKind
    language: str | None = None
