"""Argon2id password hashing; verification costs the same whether or not the user exists."""

from __future__ import annotations

import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Verified against when the email is unknown, so timing does not reveal which emails exist.
_UNKNOWN_USER_HASH = _hasher.hash("parcours-unknown-user")


async def hash_password(password: str) -> str:
    """An argon2id hash, computed off the event loop (it takes tens of milliseconds)."""
    return await anyio.to_thread.run_sync(_hasher.hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether the password matches; None stands for an unknown user and never matches."""

    def verify() -> bool:
        try:
            return _hasher.verify(password_hash or _UNKNOWN_USER_HASH, password)
        except (VerificationError, InvalidHashError):
            return False

    matched = await anyio.to_thread.run_sync(verify)
    return matched and password_hash is not None
