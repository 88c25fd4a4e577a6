"""Session and API tokens: random secrets handed out once, stored only as sha256 digests."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from backend.auth.identity import CurrentUser
from backend.tables.accounts import AuthToken
from campaigns.vocabulary import Role, TokenKind


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def issue_token(
    user_id: int, kind: TokenKind, lifetime: timedelta | None, label: str = ""
) -> str:
    """Create a token for the user and return its secret; only the digest is kept."""
    token = secrets.token_urlsafe(32)
    expires_at = datetime.now(UTC) + lifetime if lifetime else None
    await AuthToken.insert(
        AuthToken(
            user=user_id,
            kind=kind,
            token_hash=_digest(token),
            label=label,
            expires_at=expires_at,
        )
    )
    return token


async def resolve_token(token: str, kind: TokenKind) -> CurrentUser | None:
    """The active user the token belongs to, or None if it is unknown, expired or revoked."""
    row = (
        await AuthToken.select(
            AuthToken.expires_at,
            AuthToken.user.id,
            AuthToken.user.email,
            AuthToken.user.name,
            AuthToken.user.role,
            AuthToken.user.organization,
            AuthToken.user.is_active,
        )
        .where((AuthToken.token_hash == _digest(token)) & (AuthToken.kind == kind))
        .first()
    )
    if row is None or not row["user.is_active"]:
        return None
    expires_at = row["expires_at"]
    if expires_at is not None and expires_at <= datetime.now(UTC):
        return None
    return CurrentUser(
        id=row["user.id"],
        email=row["user.email"],
        name=row["user.name"],
        role=Role(row["user.role"]),
        organization_id=row["user.organization"],
        via=kind,
    )


async def revoke_token(token: str) -> None:
    """Forget the token, so it no longer signs anyone in."""
    await AuthToken.delete().where(AuthToken.token_hash == _digest(token))
