"""Session and API tokens: random secrets handed out once, stored only as sha256 digests."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import msgspec

from backend.auth.identity import CurrentUser
from backend.clock import now
from backend.errors import NotFound
from backend.tables.accounts import AuthToken
from campaigns.vocabulary import Role, TokenKind

# API tokens expire unless renewed: a token forgotten in a script should not live forever.
DEFAULT_API_TOKEN_DAYS = 90
MAX_API_TOKEN_DAYS = 365


class TokenView(msgspec.Struct):
    """An API token as its owner sees it: never the secret, which is shown once."""

    id: int
    label: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None


def token_digest(token: str) -> str:
    """The sha256 a secret link or token is stored as."""
    return hashlib.sha256(token.encode()).hexdigest()


async def issue_token(
    user_id: int, kind: TokenKind, lifetime: timedelta | None, label: str = ""
) -> str:
    """Create a token for the user and return its secret; only the digest is kept."""
    token = secrets.token_urlsafe(32)
    expires_at = now() + lifetime if lifetime else None
    await AuthToken.insert(
        AuthToken(
            user=user_id,
            kind=kind,
            token_hash=token_digest(token),
            label=label,
            expires_at=expires_at,
        )
    )
    return token


_RESOLVE = (
    'SELECT t.expires_at, u.id AS "user.id", u.email AS "user.email", u.name AS "user.name",'
    ' u.role AS "user.role", u.organization AS "user.organization",'
    ' u.is_active AS "user.is_active", u.language AS "user.language"'
    ' FROM auth_token t JOIN parcours_user u ON u.id = t."user"'
    " WHERE t.token_hash = {} AND t.kind = {}"
)


async def resolve_token(token: str, kind: TokenKind) -> CurrentUser | None:
    """The active user the token belongs to, or None if it is unknown, expired or revoked.

    Every request signed in by token runs it, so it is one raw query, read afresh each time:
    a revoked token or an erased account loses access at once.
    """
    rows = await AuthToken.raw(_RESOLVE, token_digest(token), kind.value)
    row = rows[0] if rows else None
    if row is None or not row["user.is_active"]:
        return None
    expires_at = row["expires_at"]
    if expires_at is not None and expires_at <= now():
        return None
    return CurrentUser(
        id=row["user.id"],
        email=row["user.email"],
        name=row["user.name"],
        role=Role(row["user.role"]),
        organization_id=row["user.organization"],
        via=kind,
        language=row["user.language"],
    )


async def revoke_token(token: str) -> None:
    """Forget the token, so it no longer signs anyone in."""
    await AuthToken.delete().where(AuthToken.token_hash == token_digest(token))


async def api_tokens_of(user_id: int) -> list[TokenView]:
    """The user's API tokens that still work, newest first."""
    rows = (
        await AuthToken.select(
            AuthToken.id,
            AuthToken.label,
            AuthToken.created_at,
            AuthToken.expires_at,
            AuthToken.last_used_at,
        )
        .where(
            (AuthToken.user == user_id)
            & (AuthToken.kind == TokenKind.api)
            & (AuthToken.expires_at.is_null() | (AuthToken.expires_at > now()))
        )
        .order_by(AuthToken.id, ascending=False)
    )
    return [TokenView(**row) for row in rows]


async def revoke_api_token(user_id: int, token_id: int) -> None:
    """Revoke one of the user's API tokens; NotFound if it is not theirs."""
    deleted = (
        await AuthToken.delete()
        .where(
            (AuthToken.id == token_id)
            & (AuthToken.user == user_id)
            & (AuthToken.kind == TokenKind.api)
        )
        .returning(AuthToken.id)
    )
    if not deleted:
        raise NotFound("token.not_found", "No API token {token_id} of yours", token_id=token_id)


async def revoke_all_but(user_id: int, keep: str | None) -> None:
    """End every session and API token of the user except the one `keep` names."""
    query = AuthToken.delete().where(AuthToken.user == user_id)
    if keep is not None:
        query = query.where(AuthToken.token_hash != token_digest(keep))
    await query


async def consume_token(token: str, kind: TokenKind) -> bool:
    """Use a single-use token up: True if it existed unexpired and is now gone. Of two
    requests racing with the same token, only one gets True."""
    moment = now()
    used = (
        await AuthToken.delete()
        .where(
            (AuthToken.token_hash == token_digest(token))
            & (AuthToken.kind == kind)
            & (AuthToken.expires_at.is_null() | (AuthToken.expires_at > moment))
        )
        .returning(AuthToken.id)
    )
    return bool(used)
